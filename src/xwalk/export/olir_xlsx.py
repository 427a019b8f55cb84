"""The NIST IR 8278A Rev. 1 OLIR workbook (set theory relationship mapping), in and out.

Out: a "General Information" sheet (the IR's Table 1 fields we know, plus the focal document
and its URL, which a reader uses to name the frameworks) and a "Relationships" sheet with the
Table 2 set theory fields under a styled, frozen, filtered header, dropdowns for Rationale and
Relationship and the strength as a number. In: the first sheet with a header row naming both
Focal Document Element and Reference Document Element (at most 20 rows down, so a title block
above it is fine), read by olir.read_table; every problem is named by sheet!cell.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from xwalk import vocab
from xwalk.errors import Problem
from xwalk.export.base import Imported, ImportOptions, Written, split_whole
from xwalk.export.matrix_formats import stable_xlsx
from xwalk.export.olir import COLUMNS, LOSSES, RATIONALE, RELATIONSHIP, TO_OLIR, Table, header_key, olir_row, read_table
from xwalk.export.spreadsheet import FIXED_TIME
from xwalk.model.catalog import Catalogs
from xwalk.model.mapping import RATIONALES, MappingSet

RELATIONSHIPS = "Relationships"
GENERAL = "General Information"
HEADER_SEARCH = 20
WIDTHS = (16, 45, 12, 16, 16, 45, 50, 12)


def _framework_name(catalogs: Catalogs, framework: str) -> str:
    fw = catalogs.frameworks.get(framework)
    return fw.title if fw is not None else framework


def write_olir_xlsx(ms: MappingSet, catalogs: Catalogs) -> Written:
    wb = Workbook()
    general = wb.active
    assert general is not None
    general.title = GENERAL
    general.append(["Field Name", "Value"])
    for key, value in (
        ("Focal Document", _framework_name(catalogs, ms.subject_framework)),
        ("Focal Document URL", vocab.framework_iri(ms.subject_framework)),
        ("Reference Document", _framework_name(catalogs, ms.object_framework)),
        ("Reference Document URL", vocab.framework_iri(ms.object_framework)),
        ("Reference Document Date", ms.mapping_date.strftime("%m/%d/%Y") if ms.mapping_date else ""),
        ("Informative Reference Name", ms.title),
        ("Informative Reference Developer", ", ".join(ms.creators)),
        ("Comprehensive", "No"),  # a curated set maps the provisions it cites, never claims all
        ("Summary (optional)", ms.description or ""),
        ("Comments (optional)", f"Mapping set {vocab.mapping_set_iri(ms.id)}; licence {ms.licence or 'not given'}."),
    ):
        general.append([key, value])
    general.column_dimensions["A"].width, general.column_dimensions["B"].width = 34, 90
    general["A1"].font = general["B1"].font = Font(bold=True)
    sheet = wb.create_sheet(RELATIONSHIPS)
    sheet.append(list(COLUMNS))
    rows, whole = split_whole(ms, "the OLIR workbook")
    for m in rows:
        sheet.append(olir_row(m, catalogs))
    _dress(sheet, len(rows))
    wb.active = wb.sheetnames.index(RELATIONSHIPS)
    wb.properties.title = ms.title
    wb.properties.created = wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return Written(stable_xlsx(buf.getvalue()), (*LOSSES, *whole))


def _dress(sheet: Any, rows: int) -> None:
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="305496")
    for i, width in enumerate(WIDTHS, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font, cell.fill, cell.alignment = bold, fill, Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(rows + 1, 2)}"
    bottom = max(rows + 200, 1000)
    for column, values in ((RATIONALE, [r.capitalize() for r in RATIONALES]), (RELATIONSHIP, list(TO_OLIR.values()))):
        letter = get_column_letter(COLUMNS.index(column) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        dv.error, dv.errorTitle = f"Use one of: {', '.join(values)}", column
        dv.add(f"{letter}2:{letter}{bottom}")
        sheet.add_data_validation(dv)
    letter = get_column_letter(len(COLUMNS))
    dv = DataValidation(type="whole", operator="between", formula1="0", formula2="10", allow_blank=True)
    dv.error, dv.errorTitle = "an integer from 0 to 10 (or type N/A)", "Strength of Relationship"
    dv.showErrorMessage = False  # N/A is allowed by the IR: the import checks the value
    dv.add(f"{letter}2:{letter}{bottom}")
    sheet.add_data_validation(dv)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_olir_xlsx(path: Path, catalogs: Catalogs, options: ImportOptions) -> Imported:
    name = str(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not a workbook
        return Imported(None, [Problem(name, 1, "xlsx-shape", f"not an XLSX workbook: {exc}.", "")])
    found: tuple[str, int, list[list[str]]] | None = None
    for title in sorted(wb.sheetnames, key=lambda t: t != RELATIONSHIPS):
        grid = [[_text(v) for v in values] for values in wb[title].iter_rows(values_only=True)]
        for i, cells in enumerate(grid[:HEADER_SEARCH]):
            keys = {header_key(c) for c in cells}
            if {"Focal Document Element", "Reference Document Element"} <= keys:
                found = (title, i, grid)
                break
        if found:
            break
    if found is None:
        fix = "keep the OLIR template's Focal Document Element and Reference Document Element header row."
        return Imported(None, [Problem(name, 1, "olir-columns", "no sheet has an OLIR header row.", fix)])
    title, at, grid = found
    header = grid[at]
    meta: dict[str, str] = {}
    if GENERAL in wb.sheetnames:
        for values in wb[GENERAL].iter_rows(values_only=True):
            cells = [_text(v) for v in (*values, None, None)[:2]]
            if cells[0]:
                meta[" ".join(cells[0].replace("(optional)", "").split())] = cells[1]

    def place(number: int, column: str) -> tuple[int, str]:
        keys = [header_key(h) for h in header]
        key = header_key(column)
        if key in keys:
            return number, f"{title}!{get_column_letter(keys.index(key) + 1)}{number}"
        return number, f"{title}!{number}:{number}"

    rows = [(number, cells) for number, cells in enumerate(grid[at + 1 :], start=at + 2)]
    return read_table(Table(name, at + 1, header, rows, place, meta), catalogs, options)

"""Mapping sets as spreadsheets (XLSX and CSV) for consultants, and back, without loss.

The sheet has the SSSOM columns plus `subject_title` and `object_title` beside the identifiers:
the catalog's titles, for reading only (an import ignores them; `subject_label` and
`object_label` are the cited titles and are kept). The SSSOM header travels in a `metadata`
sheet (XLSX: one row per header key, the value as YAML) or as the `#` lines on top (CSV, the
same header as the SSSOM file). An import rebuilds the SSSOM TSV and reads it with the same
reader as `xwalk build`, so every problem is reported with its sheet row.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from xwalk.build.sssom import COLUMNS, read_mapping_text
from xwalk.build.sssom_rows import Baseline
from xwalk.build.sssom_write import baseline_of, header_meta, mapping_row
from xwalk.errors import Problem
from xwalk.export.base import Imported, ImportOptions, Written, title_of
from xwalk.export.workbook import dress, typed
from xwalk.model.catalog import Catalogs
from xwalk.model.mapping import MappingSet

EXPORTED = "exported"  # hidden sheet: each row's relation and predicate as exported
TITLE_AFTER = {"subject_id": "subject_title", "object_id": "object_title"}
SHEET_COLUMNS = tuple(c for col in COLUMNS for c in ((col, TITLE_AFTER[col]) if col in TITLE_AFTER else (col,)))
FIXED_TIME = dt.datetime(2000, 1, 1)


def _rows(ms: MappingSet, catalogs: Catalogs) -> list[list[str]]:
    out = []
    for m in ms.mappings:
        cells = dict(zip(COLUMNS, mapping_row(m), strict=True))
        cells["subject_title"] = title_of(catalogs, m.subject)
        cells["object_title"] = title_of(catalogs, m.object)
        out.append([cells[c] for c in SHEET_COLUMNS])
    return out


def _header_lines(ms: MappingSet) -> list[str]:
    text = yaml.safe_dump(header_meta(ms), sort_keys=False, allow_unicode=True, width=1000)
    return [f"#{line}" for line in text.splitlines()]


def write_csv(ms: MappingSet, catalogs: Catalogs) -> Written:
    out = io.StringIO()
    for line in _header_lines(ms):
        out.write(line + "\n")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(SHEET_COLUMNS)
    w.writerows(_rows(ms, catalogs))
    return Written(out.getvalue().encode())


def _stable_zip(data: bytes) -> bytes:
    """openpyxl stamps the time into the zip entries; rewrite them so the same set gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(
                zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)),
                _fixed_time(info.filename, src.read(info.filename)),
                zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


def _fixed_time(name: str, data: bytes) -> bytes:
    """openpyxl's save stamps docProps/core.xml with the current time (whatever the workbook says)."""
    if name != "docProps/core.xml":
        return data
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)


def write_xlsx(ms: MappingSet, catalogs: Catalogs) -> Written:
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "mappings"
    sheet.append(list(SHEET_COLUMNS))
    for row in _rows(ms, catalogs):
        sheet.append([typed(name, value) for name, value in zip(SHEET_COLUMNS, row, strict=True)])
    exported = wb.create_sheet(EXPORTED)  # the baseline of an edit: see build/sssom_rows.py
    exported.append(["subject_id", "object_id", "relation", "predicate_id", "predicate_modifier"])
    for (subject, obj), values in sorted(baseline_of(ms).items()):
        exported.append([subject, obj, *values])
    exported.sheet_state = "hidden"
    meta = wb.create_sheet("metadata")
    meta.append(["key", "value (YAML)"])
    for key, value in header_meta(ms).items():
        meta.append([key, _yaml_cell(value)])
    dress(wb, SHEET_COLUMNS, len(ms.mappings))
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return Written(_stable_zip(buf.getvalue()))


def _yaml_cell(value: Any) -> str:
    """A header value as YAML that reads back the same, plain where that is safe."""
    if isinstance(value, dict | list):
        return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=1000).strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    try:
        plain = yaml.safe_load(text) == text
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def _to_tsv(header: list[str], table: list[list[str]]) -> str:
    out = io.StringIO()
    for line in header:
        out.write(line + "\n")
    names = table[0] if table else []
    keep = [i for i, n in enumerate(names) if n not in TITLE_AFTER.values()]
    w = csv.writer(out, delimiter="\t", lineterminator="\n")
    for row in table:
        w.writerow([row[i] if i < len(row) else "" for i in keep])
    return out.getvalue()


def read_tsv_text(
    text: str,
    path: Path,
    catalogs: Catalogs,
    options: ImportOptions,
    where: Callable[[int, str], tuple[int, str]] = lambda line, column: (line, ""),
) -> Imported:
    """SSSOM TSV text read by the build's reader as an import does (defaults, baseline, vocabulary
    in any case); `where(tsv_line, column)` gives each problem's place in the input."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    notes: list[str] = []
    ms = read_mapping_text(
        text,
        path.name,
        str(path),
        catalogs,
        problems,
        warnings,
        defaults=options.row_defaults(),
        baseline=options.baseline,
        notes=notes,
    )

    def move(p: Problem) -> Problem:
        line, at = where(p.line, p.column)
        return Problem(str(path), line, p.rule, p.message, p.fix, p.column, at)

    return Imported(ms, [move(p) for p in problems], [_renumber(n, where) for n in notes], [move(p) for p in warnings])


def _finish(
    path: Path,
    header: list[str],
    table: list[list[str]],
    catalogs: Catalogs,
    options: ImportOptions,
    where: Callable[[int, str], tuple[int, str]],
) -> Imported:
    return read_tsv_text(_to_tsv(header, table), path, catalogs, options, where)


def _renumber(note: str, where: Callable[[int, str], tuple[int, str]]) -> str:
    head, sep, rest = note.partition(": ")
    if sep and head.startswith("line ") and head[5:].isdigit():
        line, at = where(int(head[5:]), "")
        return f"{at or f'line {line}'}: {rest}"
    return note


def read_csv(path: Path, catalogs: Catalogs, options: ImportOptions) -> Imported:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    # a spreadsheet program re-saving the CSV quotes or pads the # lines: '"#key: value",,,'
    header = []
    for line in lines:
        if line.startswith("#"):
            header.append(line.rstrip(","))
        elif line.startswith('"#'):
            header.append(next(csv.reader([line]))[0])
        else:
            break
    table = [[c.strip() for c in row] for row in csv.reader(lines[len(header) :])]
    return _finish(path, header, table, catalogs, options, lambda line, column: (line, ""))


def read_xlsx(path: Path, catalogs: Catalogs, options: ImportOptions) -> Imported:
    wb = load_workbook(path, read_only=True, data_only=True)
    if "mappings" not in wb.sheetnames:
        return Imported(
            None,
            [Problem(str(path), 1, "xlsx-shape", "no sheet named 'mappings'.", "keep the sheet names of the export.")],
        )
    table, rows = [], []  # rows: the sheet row of each table row, blank rows skipped
    for number, values in enumerate(wb["mappings"].iter_rows(values_only=True), start=1):
        cells = [_cell(v).strip() for v in values]
        if any(cells):
            table.append(cells)
            rows.append(number)
    meta: dict[str, Any] = {}
    if "metadata" in wb.sheetnames:
        for key, value in list(wb["metadata"].iter_rows(values_only=True))[1:]:
            if key:
                meta[str(key)] = yaml.safe_load(_cell(value)) if value is not None else None
    text = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    header = [f"#{line}" for line in text.splitlines()] if meta else []
    if EXPORTED in wb.sheetnames:  # the workbook's own record beats any file's
        kept: Baseline = {}
        for values in list(wb[EXPORTED].iter_rows(values_only=True))[1:]:
            s, o, rel, pred, mod = (_cell(v) for v in (*values, "", "", "", "", "")[:5])
            kept[(s, o)] = (rel, pred, mod)
        options = dataclasses.replace(options, baseline=kept)
    names = table[0] if table else []

    def where(line: int, column: str) -> tuple[int, str]:
        if line <= len(header):
            return line, "metadata"
        row = rows[line - len(header) - 1] if 0 < line - len(header) <= len(rows) else 1
        if column in names:
            return row, f"mappings!{get_column_letter(names.index(column) + 1)}{row}"
        return row, f"mappings!{row}:{row}"

    return _finish(path, header, table, catalogs, options, where)

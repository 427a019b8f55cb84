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
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook

from xwalk.build.sssom import COLUMNS, read_mapping_text
from xwalk.build.sssom_write import header_meta, mapping_row
from xwalk.errors import Problem
from xwalk.export.base import Imported, ImportOptions, Written, title_of
from xwalk.model.catalog import Catalogs
from xwalk.model.mapping import MappingSet

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
                src.read(info.filename),
                zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


def write_xlsx(ms: MappingSet, catalogs: Catalogs) -> Written:
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "mappings"
    sheet.append(list(SHEET_COLUMNS))
    for row in _rows(ms, catalogs):
        sheet.append(row)
    sheet.freeze_panes = "A2"
    meta = wb.create_sheet("metadata")
    meta.append(["key", "value (YAML)"])
    for key, value in header_meta(ms).items():
        meta.append([key, _yaml_cell(value)])
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


def _finish(path: Path, header: list[str], table: list[list[str]], catalogs: Catalogs, row_of: int) -> Imported:
    """Read the rebuilt TSV with the build's reader; problems point at sheet rows (`row_of` = TSV line - sheet row)."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    text = _to_tsv(header, table)
    ms = read_mapping_text(text, path.name, str(path), catalogs, problems, warnings)
    moved = [Problem(p.file, max(1, p.line - row_of), p.rule, p.message, p.fix, p.column) for p in problems + warnings]
    return Imported(ms, moved)


def read_csv(path: Path, catalogs: Catalogs, options: ImportOptions) -> Imported:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = [line for line in lines if line.startswith("#")]
    table = [[c.strip() for c in row] for row in csv.reader(lines[len(header) :])]
    return _finish(path, header, table, catalogs, 0)


def read_xlsx(path: Path, catalogs: Catalogs, options: ImportOptions) -> Imported:
    wb = load_workbook(path, read_only=True, data_only=True)
    if "mappings" not in wb.sheetnames:
        return Imported(
            None,
            [Problem(str(path), 1, "xlsx-shape", "no sheet named 'mappings'.", "keep the sheet names of the export.")],
        )
    table = [[_cell(v).strip() for v in row] for row in wb["mappings"].iter_rows(values_only=True)]
    table = [row for row in table if any(row)]
    meta: dict[str, Any] = {}
    if "metadata" in wb.sheetnames:
        for key, value in list(wb["metadata"].iter_rows(values_only=True))[1:]:
            if key:
                meta[str(key)] = yaml.safe_load(_cell(value)) if value is not None else None
    text = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    header = [f"#{line}" for line in text.splitlines()] if meta else []
    # TSV line n is sheet row n - len(header)
    return _finish(path, header, table, catalogs, len(header))

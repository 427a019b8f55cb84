"""The look of the consultant's workbook: a styled, frozen, filtered header, column widths,
dropdowns (data validation) for the vocabulary columns, numbers stored as numbers, and a README
sheet saying what each column means. Only presentation: the import reads values, not styles."""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from xwalk.model.mapping import RATIONALES, STATUSES
from xwalk.model.relation import Relation

JUSTIFICATIONS = (
    "semapv:ManualMappingCuration",
    "semapv:MappingReview",
    "semapv:LexicalMatching",
    "semapv:LogicalReasoning",
    "semapv:MappingChaining",
    "semapv:CompositeMatching",
    "semapv:UnspecifiedMatching",
)
CHOICES: dict[str, tuple[str, ...]] = {
    "relation": tuple(r.value for r in Relation),
    "status": STATUSES,
    "rationale": RATIONALES,
    "mapping_justification": JUSTIFICATIONS,
}
NUMERIC = {"strength": int, "confidence": float}
WIDTHS = {"_title": 45, "_label": 35, "comment": 60, "source": 28, "_id": 22}
# What each column means, in the project's words (README sheet).
MEANINGS = {
    "subject_id": "Provision of the subject framework, as prefix:local-id (e.g. iso27001:5.1).",
    "subject_title": "The catalog's title of the subject, for reading only: an import ignores it.",
    "subject_label": "The subject's title as the cited source prints it (optional; must agree with the catalog).",
    "predicate_id": "SSSOM predicate: follows the relation column when you edit only the relation.",
    "predicate_modifier": "Not on a no-relationship row, else empty.",
    "object_id": "Provision of the object framework, as prefix:local-id.",
    "object_title": "The catalog's title of the object, for reading only.",
    "object_label": "The object's title as the cited source prints it (optional).",
    "mapping_justification": "How the mapping was made (a semapv term; dropdown).",
    "confidence": "0 to 1: how sure the author is that the row is right.",
    "relation": "equal, subset-of, superset-of, intersects-with or no-relationship (dropdown).",
    "strength": "0 to 10, NIST OLIR strength of relationship; 0 on no-relationship.",
    "rationale": "syntactic, semantic or functional (NIST OLIR; dropdown).",
    "status": "draft, reviewed, approved, disputed or deprecated (dropdown).",
    "author_id": "Who made the mapping (a CURIE such as xwalk:team or orcid:0000-...).",
    "reviewer_id": "Who reviewed it (a CURIE).",
    "review_date": "When it was reviewed, YYYY-MM-DD.",
    "source": "Id of the supporting document in crosswalks/sources.yaml: a mapping without a source is not data.",
    "comment": "Why, in your own words.",
}


def _width(name: str) -> int:
    for end, width in WIDTHS.items():
        if name.endswith(end):
            return width
    return max(12, len(name) + 2)


def typed(name: str, value: str) -> Any:
    """A cell value as a number where the column is numeric (empty stays empty)."""
    kind = NUMERIC.get(name)
    if kind is None or value == "":
        return value
    try:
        return kind(value)
    except ValueError:
        return value


def dress(wb: Workbook, columns: tuple[str, ...], rows: int) -> None:
    sheet = wb["mappings"]
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="305496")
    for i, name in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center")
        sheet.column_dimensions[get_column_letter(i)].width = _width(name)
    last = get_column_letter(len(columns))
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{last}{max(rows + 1, 2)}"
    bottom = max(rows + 200, 1000)  # room for added rows
    for name, values in CHOICES.items():
        if name not in columns:
            continue
        letter = get_column_letter(columns.index(name) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=False)
        dv.error, dv.errorTitle = f"Use one of: {', '.join(values)}", f"{name}"
        dv.add(f"{letter}2:{letter}{bottom}")
        sheet.add_data_validation(dv)
    for name, (low, high, kind) in {"strength": (0, 10, "whole"), "confidence": (0, 1, "decimal")}.items():
        if name in columns:
            letter = get_column_letter(columns.index(name) + 1)
            dv = DataValidation(type=kind, operator="between", formula1=str(low), formula2=str(high), allow_blank=True)
            dv.error, dv.errorTitle = f"{name} is from {low} to {high}", name
            dv.add(f"{letter}2:{letter}{bottom}")
            sheet.add_data_validation(dv)
    readme = wb.create_sheet("README", 0)
    readme.append(["column", "meaning"])
    readme["A1"].font = readme["B1"].font = Font(bold=True)
    for name in columns:
        readme.append([name, MEANINGS.get(name, "")])
    readme.append([])
    readme.append(
        [
            "sheets",
            "mappings: one row per mapping; metadata: the SSSOM header (YAML values); "
            "exported (hidden): each row as exported, so an import knows what you edited.",
        ]
    )
    readme.append(
        [
            "import",
            "xwalk import-set FILE.xlsx -o SET.sssom.tsv: all or nothing, each problem named by "
            "sheet!cell; vocabulary in any case (Approved = approved).",
        ]
    )
    readme.column_dimensions["A"].width = 24
    readme.column_dimensions["B"].width = 110
    wb.active = wb.sheetnames.index("mappings")

"""NIST OLIR set theory relationship mappings (NIST IR 8278A Rev. 1, Table 2), the rows shared by
the workbook (olir_xlsx.py) and the CSV form, and the CSV form itself.

Direction. IR 8278A Rev. 1 defines Relationship as the comparison "for the Reference Document
Element compared to the Focal Document Element": a row (focal F, relationship R, reference E)
reads "E is R F". The focal element is our subject and the reference element our object, so the
mapping is "F inverse(R) E": `subset of` in the file (the reference element is a subset of the
focal one) is our `superset-of`. Writing inverts again, so a round trip keeps every relation.

Rows as the IR allows them (§3.2): a focal element with no other cell filled has no relationship
with the reference document (skipped, counted in a note); a row whose focal cell is blank
continues the focal element above it; "N/A" strength marks documents that are not lateral
(§3.2.12): `equal` is 10 and `not related to` 0 by the IR's own criteria, any other relationship
needs a strength from the user (--na-strength), never a guess. Headers match without case, line
breaks or an "(optional)" / "(Y/N)" suffix. Identifiers are translated as for OSCAL (idforms.py).
Columns of the original IR 8278A (2020) templates: Fulfilled By is not kept (a note says so);
a Group Identifier is refused, since xwalk records one relationship per pair of elements.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xwalk.errors import Problem
from xwalk.export.base import SEMAPV_MANUAL, Imported, ImportOptions, Written, framework_from, split_whole, title_of
from xwalk.export.idforms import known_forms, resolve_in_catalog
from xwalk.model.catalog import Catalogs
from xwalk.model.ids import ProvisionId
from xwalk.model.mapping import RATIONALES, Mapping, MappingSet
from xwalk.model.relation import Relation

FOCAL = "Focal Document Element"
FOCAL_TEXT = "Focal Document Element Description"
RATIONALE = "Rationale"
RELATIONSHIP = "Relationship"
REFERENCE = "Reference Document Element"
REFERENCE_TEXT = "Reference Document Element Description"
COMMENTS = "Comments"
STRENGTH = "Strength of Relationship"
BASELINE = "Security Control Baseline"
FULFILLED = "Fulfilled By"
GROUP = "Group Identifier"
SUPPORTIVE = ("Relationship Type", "Relationship Explanation", "Relationship Property")
KNOWN = (FOCAL, FOCAL_TEXT, RATIONALE, RELATIONSHIP, REFERENCE, REFERENCE_TEXT, COMMENTS, STRENGTH, BASELINE)
# the headers we write: Table 2's order of the set theory fields, optional ones marked as the template does
COLUMNS = (
    FOCAL,
    FOCAL_TEXT,
    RATIONALE,
    RELATIONSHIP,
    REFERENCE,
    f"{REFERENCE_TEXT} (optional)",
    f"{COMMENTS} (optional)",
    f"{STRENGTH} (optional)",
)
TO_OLIR = {
    Relation.EQUAL: "equal",
    Relation.SUBSET_OF: "subset of",
    Relation.SUPERSET_OF: "superset of",
    Relation.INTERSECTS_WITH: "intersects with",
    Relation.NO_RELATIONSHIP: "not related to",
}
FROM_OLIR = {v: k for k, v in TO_OLIR.items()} | {
    "equal to": Relation.EQUAL,
    "subset": Relation.SUBSET_OF,
    "superset": Relation.SUPERSET_OF,
    "intersects": Relation.INTERSECTS_WITH,
    "intersect": Relation.INTERSECTS_WITH,
    "not related": Relation.NO_RELATIONSHIP,
    "no relationship": Relation.NO_RELATIONSHIP,
}
NOT_APPLICABLE = {"n/a", "na", "not applicable"}
# where a re-check's problem (named by its SSSOM column) sits in an OLIR row
SSSOM_COLUMN = {
    "subject_id": FOCAL,
    "subject_label": FOCAL,
    "object_id": REFERENCE,
    "object_label": REFERENCE,
    "predicate_id": RELATIONSHIP,
    "predicate_modifier": RELATIONSHIP,
    "relation": RELATIONSHIP,
    "strength": STRENGTH,
    "rationale": RATIONALE,
    "comment": COMMENTS,
}
LOSSES = (
    "OLIR has no place for review status, source document, confidence, author, reviewer, review date, "
    "mapping justification or cited titles (the description columns hold the catalog titles).",
    "nor for the set's licence and creators: give them on import (--licence, --creator, --source).",
)


def header_key(text: object) -> str:
    """A header cell as the IR names the field: no case, line breaks, '(optional)' or '(Y/N)'."""
    words = " ".join(str(text or "").split())
    words = re.sub(r"\s*\((?:optional|y\s*/\s*n)\)\s*", " ", words, flags=re.I).strip().lower()
    for name in (*KNOWN, FULFILLED, GROUP, *SUPPORTIVE):
        if words == name.lower():
            return name
    return words


@dataclass
class Table:
    """The relationship rows of an OLIR file: the header row and each row with its number in the file.
    `place(number, column)` says where a cell is (line, and a sheet cell for a workbook)."""

    name: str
    header_line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]
    place: Callable[[int, str], tuple[int, str]]
    meta: dict[str, str] = field(default_factory=dict)  # General Information, field -> value


def olir_row(m: Mapping, catalogs: Catalogs) -> list[str | int]:
    """One mapping as a row under COLUMNS (the relationship column states reference vs focal)."""
    return [
        m.subject.local,
        title_of(catalogs, m.subject),
        m.rationale.capitalize(),
        TO_OLIR[m.relation.inverse],
        m.object.local,
        title_of(catalogs, m.object),
        m.comment or "",
        m.strength,
    ]


def write_olir(ms: MappingSet, catalogs: Catalogs) -> Written:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    rows, whole = split_whole(ms, "OLIR CSV")
    w.writerows(olir_row(m, catalogs) for m in rows)
    csv_losses = ("the CSV form has no General Information: give --set-id, --title and the frameworks on import.",)
    return Written(out.getvalue().encode(), (*LOSSES, *csv_losses, *whole))


def read_olir(path: Path, catalogs: Catalogs, options: ImportOptions) -> Imported:
    lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    start = next((i for i, row in enumerate(lines) if _is_header(row)), 0)
    header = lines[start] if lines else []
    rows = [(number, row) for number, row in enumerate(lines[start + 1 :], start=start + 2)]
    table = Table(str(path), start + 1, header, rows, lambda number, column: (number, ""))
    return read_table(table, catalogs, options)


def _is_header(cells: list[str]) -> bool:
    keys = {header_key(c) for c in cells}
    return FOCAL in keys and REFERENCE in keys


def _relation(text: str) -> Relation | None:
    key = " ".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    return FROM_OLIR.get(key)


def _frameworks(table: Table, options: ImportOptions) -> tuple[str | None, str | None]:
    focal = options.subject_framework or framework_from(table.meta.get("Focal Document URL"))
    reference = options.object_framework or framework_from(table.meta.get("Reference Document URL"))
    return focal, reference


@dataclass
class _Reading:
    table: Table
    catalogs: Catalogs
    options: ImportOptions
    problems: list[Problem] = field(default_factory=list)
    cells: dict[str, int] = field(default_factory=dict)

    def problem(self, number: int, column: str, rule: str, message: str, fix: str) -> None:
        line, at = self.table.place(number, column)
        self.problems.append(Problem(self.table.name, line, rule, message, fix, SSSOM_NAME.get(column, ""), at))

    def cell(self, row: list[str], column: str) -> str:
        i = self.cells.get(column)
        return row[i].strip() if i is not None and i < len(row) else ""


SSSOM_NAME = {FOCAL: "subject_id", REFERENCE: "object_id", RELATIONSHIP: "relation", STRENGTH: "strength"}


def read_table(table: Table, catalogs: Catalogs, options: ImportOptions) -> Imported:
    name = table.name
    r = _Reading(table, catalogs, options)
    for i, text in enumerate(table.header):
        key = header_key(text)
        if key and key not in r.cells:
            r.cells[key] = i
    if not {FOCAL, REFERENCE} <= set(r.cells):
        fix = f"the relationship sheet's header row names {FOCAL!r} and {REFERENCE!r} (IR 8278A Rev. 1, Table 2)."
        return Imported(None, [Problem(name, 1, "olir-columns", "no OLIR header row found.", fix)])
    supportive = [c for c in SUPPORTIVE if c in r.cells]
    if supportive or RELATIONSHIP not in r.cells:
        kind = "a supportive relationship mapping" if supportive else "a concept crosswalk (no Relationship column)"
        message = f"this OLIR is {kind}: xwalk reads set theory relationship mappings only."
        fix = "relations cannot be derived from it; map the pairs by hand with a set theory relationship."
        return Imported(None, [Problem(name, 1, "olir-style", message, fix)])
    focal_fw, reference_fw = _frameworks(table, options)
    if not (focal_fw and reference_fw):
        fix = "give --subject-framework (the focal document) and --object-framework (the reference document)."
        return Imported(
            None, [Problem(name, 1, "olir-frameworks", "the file does not say which frameworks it maps.", fix)]
        )
    notes: list[str] = []
    warnings: list[Problem] = []
    unknown = [h for h, k in ((h, header_key(h)) for h in table.header) if h and k not in (*KNOWN, FULFILLED, GROUP)]
    for h in unknown:
        line, at = table.place(table.header_line, h)
        warnings.append(
            Problem(name, line, "olir-unknown-column", f"column {h!r} is not an OLIR field: not read.", "", at=at)
        )
    mappings: list[Mapping] = []
    places: list[int] = []
    set_id = options.set_id or Path(name).name.split(".")[0]
    focal_text = ""
    unrelated = defaulted = fulfilled = 0
    for number, row in table.rows:
        if not any(c.strip() for c in row):
            continue
        focal = r.cell(row, FOCAL) or focal_text  # a blank focal cell continues the element above
        reference, relationship = r.cell(row, REFERENCE), r.cell(row, RELATIONSHIP)
        if r.cell(row, FOCAL):
            focal_text = r.cell(row, FOCAL)
        if not focal:
            r.problem(number, FOCAL, "olir-focal", "no focal document element here or above.", "fill the cell.")
            continue
        if not reference and (not relationship or _relation(relationship) is Relation.NO_RELATIONSHIP):
            unrelated += 1  # IR §3.2 guideline 3: only the focal element: no relationship with this document
            continue
        if r.cell(row, FULFILLED):
            fulfilled += 1
        if r.cell(row, GROUP):
            r.problem(
                number,
                GROUP,
                "olir-group",
                f"group {r.cell(row, GROUP)!r}: a group's relationship is not each member's.",
                "give each member row its own relationship and clear the Group Identifier, or leave the row out.",
            )
            continue
        mapping = _mapping(r, number, row, focal, reference, relationship, (focal_fw, reference_fw), set_id)
        if mapping is None:
            continue
        if not r.cell(row, STRENGTH) and mapping.relation is not Relation.NO_RELATIONSHIP:
            defaulted += 1
        mappings.append(mapping)
        places.append(number)
    if unrelated:
        notes.append(f"{unrelated} focal element row(s) have no relationship with the reference document: no mapping.")
    if defaulted:
        notes.append(f"{defaulted} row(s) had no Strength of Relationship: wrote {options.default_strength}.")
    if fulfilled:
        notes.append(f"{fulfilled} row(s) fill Fulfilled By (IR 8278A, 2020): not kept.")
    description = table.meta.get("Summary")
    ms = MappingSet(
        id=set_id,
        title=options.title or table.meta.get("Informative Reference Name") or set_id,
        licence=options.licence,
        creators=options.creators,
        subject_framework=focal_fw,
        object_framework=reference_fw,
        file=name,
        description=description or None,
        mappings=tuple(mappings),
    )
    return Imported(
        ms, r.problems, notes, warnings, locate=lambda k, column: table.place(places[k], SSSOM_COLUMN.get(column, ""))
    )


def _mapping(
    r: _Reading,
    number: int,
    row: list[str],
    focal: str,
    reference: str,
    relationship: str,
    frameworks: tuple[str, str],
    set_id: str,
) -> Mapping | None:
    stated = _relation(relationship)
    if stated is None:
        r.problem(
            number,
            RELATIONSHIP,
            "olir-relationship",
            f"relationship {relationship!r} is not one of the IR's.",
            f"use one of: {', '.join(TO_OLIR.values())}.",
        )
    if not reference:
        r.problem(number, REFERENCE, "olir-reference", "no reference document element.", "fill the cell.")
    rationale = r.cell(row, RATIONALE).lower()
    if rationale not in RATIONALES:
        r.problem(
            number,
            RATIONALE,
            "olir-rationale",
            f"rationale {r.cell(row, RATIONALE)!r}: a set theory relationship mapping needs one.",
            f"use one of: {', '.join(RATIONALES)}.",
        )
    s = _element(r, number, FOCAL, focal, frameworks[0])
    o = _element(r, number, REFERENCE, reference, frameworks[1]) if reference else None
    if stated is None or s is None or o is None or rationale not in RATIONALES:
        return None
    relation = stated.inverse  # the file says "reference R focal"; ours is "focal R' reference"
    strength = _strength(r, number, r.cell(row, STRENGTH), relation)
    if strength is None:
        return None
    return Mapping(
        set_id=set_id,
        subject=s,
        object=o,
        relation=relation,
        strength=strength,
        rationale=rationale,
        status=r.options.status,
        source=r.options.source or "",
        justification=SEMAPV_MANUAL,
        line=number,
        comment=r.cell(row, COMMENTS) or None,
    )


def _element(r: _Reading, number: int, column: str, raw: str, framework: str) -> ProvisionId | None:
    pid = resolve_in_catalog(raw, framework, r.catalogs)
    if pid is None:
        r.problem(
            number,
            column,
            "olir-element",
            f"{raw!r} is no provision of {framework} in a form xwalk knows ({known_forms(framework)}).",
            "use the catalog's identifier, or map it by hand.",
        )
    return pid


def _strength(r: _Reading, number: int, text: str, relation: Relation) -> int | None:
    if not text:
        return 0 if relation is Relation.NO_RELATIONSHIP else r.options.default_strength
    if text.lower() in NOT_APPLICABLE:
        fixed = {Relation.EQUAL: 10, Relation.NO_RELATIONSHIP: 0}  # IR §3.2.12's criteria
        given = fixed.get(relation, r.options.na_strength)
        if given is None:
            r.problem(
                number,
                STRENGTH,
                "olir-strength-na",
                "strength N/A (the documents are not lateral, IR 8278A Rev. 1 §3.2.12) on a relationship "
                "whose strength xwalk needs.",
                "write a strength 1-9 in the cell, or give --na-strength N for every N/A row.",
            )
        return given
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value.is_integer() or not 0 <= value <= 10:
        r.problem(
            number, STRENGTH, "olir-strength", f"strength {text!r} is not an integer from 0 to 10.", "use 0-10 or N/A."
        )
        return None
    return int(value)

"""NIST OLIR-style CSV (set theory relationship mapping, NIST IR 8278A / IR 8477), in and out.

Columns: Focal Document Element, Focal Document Element Description, Rationale, Relationship,
Reference Document Element, Reference Document Element Description, Strength of Relationship,
Comments. The subject is the focal element and the object the reference element; the
relationship reads "focal <relationship> reference". Elements are the frameworks' own
identifiers (our local ids, e.g. GV.OC-01, A.5.19); descriptions are the catalog titles.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from xwalk.errors import Problem
from xwalk.export.base import SEMAPV_MANUAL, Imported, ImportOptions, Written, resolve_id, split_whole, title_of
from xwalk.model.catalog import Catalogs
from xwalk.model.mapping import RATIONALES, Mapping, MappingSet
from xwalk.model.relation import Relation

COLUMNS = (
    "Focal Document Element",
    "Focal Document Element Description",
    "Rationale",
    "Relationship",
    "Reference Document Element",
    "Reference Document Element Description",
    "Strength of Relationship",
    "Comments",
)
TO_OLIR = {
    Relation.EQUAL: "equal",
    Relation.SUBSET_OF: "subset of",
    Relation.SUPERSET_OF: "superset of",
    Relation.INTERSECTS_WITH: "intersects with",
    Relation.NO_RELATIONSHIP: "not related to",
}
FROM_OLIR = {v: k for k, v in TO_OLIR.items()} | {
    "equivalent": Relation.EQUAL,
    "equal to": Relation.EQUAL,
    "subset": Relation.SUBSET_OF,
    "superset": Relation.SUPERSET_OF,
    "intersect": Relation.INTERSECTS_WITH,
    "intersects": Relation.INTERSECTS_WITH,
    "not related": Relation.NO_RELATIONSHIP,
    "no relationship": Relation.NO_RELATIONSHIP,
}
LOSSES = (
    "OLIR CSV has no place for review status, source document, confidence, author, reviewer, review date, "
    "mapping justification or cited titles (the description columns hold the catalog titles).",
    "nor for the set's metadata (id, title, licence, creators, date, frameworks): give them on import "
    "(--set-id, --licence, --creator, --source, --subject-framework, --object-framework).",
)


def write_olir(ms: MappingSet, catalogs: Catalogs) -> Written:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    rows, whole = split_whole(ms, "OLIR CSV")
    for m in rows:
        w.writerow(
            [
                m.subject.local,
                title_of(catalogs, m.subject),
                m.rationale.capitalize(),
                TO_OLIR[m.relation],
                m.object.local,
                title_of(catalogs, m.object),
                str(m.strength),
                m.comment or "",
            ]
        )
    return Written(out.getvalue().encode(), (*LOSSES, *whole))


def _relation(text: str) -> Relation | None:
    key = " ".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    return FROM_OLIR.get(key)


def read_olir(path: Path, catalogs: Catalogs, options: ImportOptions) -> Imported:
    name = str(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    if not rows or not {"Focal Document Element", "Relationship", "Reference Document Element"} <= set(rows[0]):
        return Imported(
            None,
            [Problem(name, 1, "olir-columns", "the header lacks the OLIR columns.", f"use: {', '.join(COLUMNS)}.")],
        )
    if not (options.subject_framework and options.object_framework):
        return Imported(
            None,
            [
                Problem(
                    name,
                    1,
                    "olir-frameworks",
                    "OLIR CSV does not say which frameworks it maps.",
                    "give --subject-framework and --object-framework.",
                )
            ],
        )
    problems: list[Problem] = []
    mappings: list[Mapping] = []
    set_id = options.set_id or path.name.split(".")[0]
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cell = dict(zip(rows[0], row, strict=False))
        relation = _relation(cell.get("Relationship", ""))
        s = resolve_id(cell.get("Focal Document Element", ""), options.subject_framework)
        o = resolve_id(cell.get("Reference Document Element", ""), options.object_framework)
        if relation is None or s is None or o is None:
            problems.append(
                Problem(
                    name,
                    line,
                    "olir-row",
                    f"relationship {cell.get('Relationship')!r} or an element is not readable.",
                    f"use one of: {', '.join(TO_OLIR.values())}.",
                )
            )
            continue
        strength = (cell.get("Strength of Relationship") or "").strip()
        rationale = (cell.get("Rationale") or "").strip().lower()
        mappings.append(
            Mapping(
                set_id=set_id,
                subject=s,
                object=o,
                relation=relation,
                strength=int(strength)
                if strength.isdigit()
                else (0 if relation is Relation.NO_RELATIONSHIP else options.default_strength),
                rationale=rationale if rationale in RATIONALES else "semantic",
                status=options.status,
                source=options.source or "",
                justification=SEMAPV_MANUAL,
                line=line,
                comment=(cell.get("Comments") or "").strip() or None,
            )
        )
    ms = MappingSet(
        id=set_id,
        title=options.title or set_id,
        licence=options.licence,
        creators=options.creators,
        subject_framework=options.subject_framework,
        object_framework=options.object_framework,
        file=name,
        mappings=tuple(mappings),
    )
    return Imported(ms, problems)

"""The relation algebra of docs/architecture.md §6: RCC5 relations, composition and coverage.

A mapping S -r-> O reads S and O as sets of requirements. The five relations are RCC5's
(equal, proper part, proper part inverse, partial overlap, disjoint). A chain of mappings
composes by the RCC5 composition table into a SET of possible relations; coverage of a
requirement by a control is judged from that set.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Relation(StrEnum):
    EQUAL = "equal"
    SUBSET_OF = "subset-of"
    SUPERSET_OF = "superset-of"
    INTERSECTS_WITH = "intersects-with"
    NO_RELATIONSHIP = "no-relationship"

    @property
    def inverse(self) -> Relation:
        return _INVERSE.get(self, self)

    @property
    def skos_predicate(self) -> str:
        return _SKOS[self]


class Verdict(StrEnum):
    """What the crosswalk knows about requirement R against control C (or an implemented set): the same
    five words in every answer (coverage, matrix, gap report)."""

    COVERED = "covered"
    PARTIAL = "partial"
    NOT_COVERED = "not-covered"
    UNDETERMINED = "undetermined"
    UNMAPPED = "unmapped"


# What each verdict means for the reader, printed with every report and table.
MEANING: dict[Verdict, str] = {
    Verdict.COVERED: "proved: every possible relation is equal or subset-of (or every part is covered); "
    "confirm the control as implemented meets it",
    Verdict.PARTIAL: "overlap proved, coverage not: the control meets part of it; cover the rest",
    Verdict.NOT_COVERED: "proved disjoint by a curated no-relationship: nothing here meets it",
    Verdict.UNDETERMINED: "chains reach it but leave disjointness open or say nothing: the crosswalk makes no "
    "claim; assess by hand",
    Verdict.UNMAPPED: "no curated mapping reaches it: the crosswalk makes no claim; assess by hand",
}
VERDICTS: tuple[str, ...] = tuple(v.value for v in Verdict)


EQ, PP, PPI, PO, DR = (
    Relation.EQUAL,
    Relation.SUBSET_OF,
    Relation.SUPERSET_OF,
    Relation.INTERSECTS_WITH,
    Relation.NO_RELATIONSHIP,
)
ALL: frozenset[Relation] = frozenset(Relation)

_INVERSE = {PP: PPI, PPI: PP}
_SKOS = {
    EQ: "http://www.w3.org/2004/02/skos/core#exactMatch",
    PP: "http://www.w3.org/2004/02/skos/core#broadMatch",
    PPI: "http://www.w3.org/2004/02/skos/core#narrowMatch",
    PO: "http://www.w3.org/2004/02/skos/core#relatedMatch",
    DR: "http://www.w3.org/2004/02/skos/core#relatedMatch",
}

# rel(a, b) then rel(b, c) -> possible rel(a, c). Proven by brute force in tests.
_TABLE: dict[tuple[Relation, Relation], frozenset[Relation]] = {
    (PP, PP): frozenset({PP}),
    (PP, PPI): ALL,
    (PP, PO): frozenset({PP, PO, DR}),
    (PP, DR): frozenset({DR}),
    (PPI, PP): frozenset({EQ, PP, PPI, PO}),
    (PPI, PPI): frozenset({PPI}),
    (PPI, PO): frozenset({PPI, PO}),
    (PPI, DR): frozenset({PPI, PO, DR}),
    (PO, PP): frozenset({PP, PO}),
    (PO, PPI): frozenset({PPI, PO, DR}),
    (PO, PO): ALL,
    (PO, DR): frozenset({PPI, PO, DR}),
    (DR, PP): frozenset({PP, PO, DR}),
    (DR, PPI): frozenset({DR}),
    (DR, PO): frozenset({PP, PO, DR}),
    (DR, DR): ALL,
}


def compose_one(first: Relation, second: Relation) -> frozenset[Relation]:
    if first is EQ:
        return frozenset({second})
    if second is EQ:
        return frozenset({first})
    return _TABLE[(first, second)]


def compose(first: Iterable[Relation], second: Iterable[Relation]) -> frozenset[Relation]:
    """Compose two sets of possible relations: the union over every pair."""
    second = tuple(second)
    out: set[Relation] = set()
    for a in first:
        for b in second:
            out |= compose_one(a, b)
    return frozenset(out)


def inverse(relations: Iterable[Relation]) -> frozenset[Relation]:
    return frozenset(r.inverse for r in relations)


def judge(relations: Iterable[Relation]) -> Verdict:
    """The verdict on requirement R against control C from rel(R, C), the intersection of what every chain
    between them allows. An empty set is a contradiction in the data: nothing can be concluded from it, so
    it judges undetermined (answers flag it; `xwalk check` reports it with its chains)."""
    rels = frozenset(relations)
    if not rels:
        return Verdict.UNDETERMINED
    if rels <= {EQ, PP}:
        return Verdict.COVERED
    if DR not in rels:
        return Verdict.PARTIAL
    if rels == {DR}:
        return Verdict.NOT_COVERED
    return Verdict.UNDETERMINED


def is_informative(relations: Iterable[Relation]) -> bool:
    return frozenset(relations) != ALL


def part_of(proper: bool) -> frozenset[Relation]:
    """rel(part, whole) from the catalog: a proper part when the whole has other parts too; a sole part may
    be the whole (an article whose only paragraph is all of it)."""
    return frozenset({PP}) if proper else frozenset({EQ, PP})


def compatible(a: Relation, b: Relation) -> bool:
    """Two curated claims about the same ordered pair agree only if they are the same relation."""
    return a is b


# Best first in answers: what is proved, then what is open.
RANK = {
    Verdict.COVERED: 4,
    Verdict.PARTIAL: 3,
    Verdict.NOT_COVERED: 2,
    Verdict.UNDETERMINED: 1,
    Verdict.UNMAPPED: 0,
}


def sort_key(relations: Iterable[Relation]) -> str:
    return "|".join(sorted(r.value for r in relations))

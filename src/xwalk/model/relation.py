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


class Coverage(StrEnum):
    COVERED = "covered"
    PARTIAL = "partial"
    UNKNOWN = "unknown"
    NOT_COVERED = "not-covered"


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


def judge(relations: Iterable[Relation]) -> Coverage:
    """Coverage of requirement R by control C, from the possible set rel(R, C)."""
    rels = frozenset(relations)
    if not rels:
        raise ValueError("an empty relation set is inconsistent, not a coverage claim")
    if rels <= {EQ, PP}:
        return Coverage.COVERED
    if DR not in rels:
        return Coverage.PARTIAL
    if rels == {DR}:
        return Coverage.NOT_COVERED
    return Coverage.UNKNOWN


def is_informative(relations: Iterable[Relation]) -> bool:
    return frozenset(relations) != ALL


def compatible(a: Relation, b: Relation) -> bool:
    """Two curated claims about the same ordered pair agree only if they are the same relation."""
    return a is b


COVERAGE_RANK = {
    Coverage.COVERED: 3,
    Coverage.PARTIAL: 2,
    Coverage.UNKNOWN: 1,
    Coverage.NOT_COVERED: 0,
}


def sort_key(relations: Iterable[Relation]) -> str:
    return "|".join(sorted(r.value for r in relations))

"""The RCC5 composition table, proven sound and complete by brute force (docs/architecture.md §6)."""

from __future__ import annotations

from itertools import combinations, product

import pytest

from xwalk.model.relation import (
    ALL,
    Coverage,
    Relation,
    compose,
    compose_one,
    inverse,
    judge,
)

UNIVERSE = range(4)
SETS = [frozenset(c) for n in range(1, 5) for c in combinations(UNIVERSE, n)]


def rel(a: frozenset[int], b: frozenset[int]) -> Relation:
    if a == b:
        return Relation.EQUAL
    if a < b:
        return Relation.SUBSET_OF
    if a > b:
        return Relation.SUPERSET_OF
    if a & b:
        return Relation.INTERSECTS_WITH
    return Relation.NO_RELATIONSHIP


def observed() -> dict[tuple[Relation, Relation], set[Relation]]:
    seen: dict[tuple[Relation, Relation], set[Relation]] = {}
    for a, b, c in product(SETS, repeat=3):
        seen.setdefault((rel(a, b), rel(b, c)), set()).add(rel(a, c))
    return seen


def test_table_is_sound_and_complete_over_all_subsets_of_four() -> None:
    seen = observed()
    assert len(seen) == 25, "every pair of relations occurs in a 4-element universe"
    for (r1, r2), outcomes in seen.items():
        assert compose_one(r1, r2) == frozenset(outcomes), (r1, r2)


def test_inverse_is_an_involution_and_reads_the_pair_backwards() -> None:
    for a, b in product(SETS, repeat=2):
        assert rel(b, a) == rel(a, b).inverse
    assert inverse(ALL) == ALL


def test_set_composition_is_the_union_of_pairs() -> None:
    got = compose({Relation.SUBSET_OF, Relation.EQUAL}, {Relation.SUBSET_OF})
    assert got == {Relation.SUBSET_OF}
    assert compose({Relation.INTERSECTS_WITH}, {Relation.INTERSECTS_WITH}) == ALL


@pytest.mark.parametrize(
    ("relations", "expected"),
    [
        ({Relation.EQUAL}, Coverage.COVERED),
        ({Relation.SUBSET_OF}, Coverage.COVERED),
        ({Relation.EQUAL, Relation.SUBSET_OF}, Coverage.COVERED),
        ({Relation.SUPERSET_OF}, Coverage.PARTIAL),
        ({Relation.INTERSECTS_WITH, Relation.SUBSET_OF}, Coverage.PARTIAL),
        ({Relation.NO_RELATIONSHIP, Relation.SUBSET_OF}, Coverage.UNKNOWN),
        ({Relation.NO_RELATIONSHIP}, Coverage.NOT_COVERED),
    ],
)
def test_judgement(relations: set[Relation], expected: Coverage) -> None:
    assert judge(relations) is expected


def test_judgement_agrees_with_sets_for_every_possible_outcome() -> None:
    """'covered' must mean: in every world the relation set allows, R is inside C."""
    for (r1, r2), _ in observed().items():
        possible = compose_one(r1, r2)
        verdict = judge(possible)
        if verdict is Coverage.COVERED:
            assert possible <= {Relation.EQUAL, Relation.SUBSET_OF}
        if verdict is Coverage.NOT_COVERED:
            assert possible == {Relation.NO_RELATIONSHIP}

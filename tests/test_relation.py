"""The RCC5 composition table, proven sound and complete by brute force (docs/architecture.md §6)."""

from __future__ import annotations

from itertools import combinations, product

import pytest

from xwalk.model.relation import (
    ALL,
    Relation,
    Verdict,
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
        ({Relation.EQUAL}, Verdict.COVERED),
        ({Relation.SUBSET_OF}, Verdict.COVERED),
        ({Relation.EQUAL, Relation.SUBSET_OF}, Verdict.COVERED),
        ({Relation.SUPERSET_OF}, Verdict.PARTIAL),
        ({Relation.INTERSECTS_WITH, Relation.SUBSET_OF}, Verdict.PARTIAL),
        ({Relation.NO_RELATIONSHIP, Relation.SUBSET_OF}, Verdict.UNDETERMINED),
        ({Relation.NO_RELATIONSHIP}, Verdict.NOT_COVERED),
        (set(ALL), Verdict.UNDETERMINED),
        (set(), Verdict.UNDETERMINED),  # a contradiction proves nothing
    ],
)
def test_judgement(relations: set[Relation], expected: Verdict) -> None:
    assert judge(relations) is expected


def test_judgement_agrees_with_sets_for_every_possible_outcome() -> None:
    """'covered' must mean: in every world the relation set allows, R is inside C."""
    for (r1, r2), _ in observed().items():
        possible = compose_one(r1, r2)
        verdict = judge(possible)
        if verdict is Verdict.COVERED:
            assert possible <= {Relation.EQUAL, Relation.SUBSET_OF}
        if verdict is Verdict.NOT_COVERED:
            assert possible == {Relation.NO_RELATIONSHIP}


SUBSETS = [frozenset(c) for n in range(1, 6) for c in combinations(list(Relation), n)]


def test_set_composition_is_associative() -> None:
    """The combining groups chains per pair of anchors (engine.combine): both directions agree only if
    (a.b).c = a.(b.c) for every three relation sets."""
    for a, b, c in product(SUBSETS, repeat=3):
        assert compose(compose(a, b), c) == compose(a, compose(b, c)), (a, b, c)


def test_inverse_reverses_composition_and_all_absorbs() -> None:
    for a, b in product(SUBSETS, repeat=2):
        assert inverse(compose(a, b)) == compose(inverse(b), inverse(a))
    for r in Relation:
        assert compose(ALL, {r}) == ALL == compose({r}, ALL), "a chain that says nothing cannot recover"


def test_every_verdict_has_its_plain_words() -> None:
    from xwalk.model.relation import MEANING, VERDICTS

    assert VERDICTS == ("covered", "partial", "not-covered", "undetermined", "unmapped")
    assert set(MEANING) == set(Verdict)
    assert "assess by hand" in MEANING[Verdict.UNDETERMINED] and "assess by hand" in MEANING[Verdict.UNMAPPED]

"""Chain walks over small hand-built graphs whose right answers are obvious."""

from __future__ import annotations

from xwalk.model.chains import Edge, index, walk
from xwalk.model.relation import ALL, Relation

EQ, PP, PPI, PO, DR = (
    Relation.EQUAL,
    Relation.SUBSET_OF,
    Relation.SUPERSET_OF,
    Relation.INTERSECTS_WITH,
    Relation.NO_RELATIONSHIP,
)


def edge(s: str, o: str, r: Relation, strength: int = 8, source: str = "src", status: str = "approved") -> Edge:
    return Edge(f"m:{s}-{o}", s, o, r, strength, f"{source}-{s}{o}", "set", status)


def test_one_hop_both_directions() -> None:
    adj = index([edge("a", "b", PP)])
    [ab] = walk(adj, "a", 1)
    assert (ab.end, ab.relations, ab.hops[0].forward) == ("b", frozenset({PP}), True)
    [ba] = walk(adj, "b", 1)
    # read backwards: b is a superset of a
    assert (ba.end, ba.relations, ba.hops[0].forward) == ("a", frozenset({PPI}), False)


def test_equal_is_identity_along_a_chain() -> None:
    adj = index([edge("a", "b", EQ), edge("b", "c", PP)])
    by_end = {p.end: p for p in walk(adj, "a", 2)}
    assert by_end["c"].relations == {PP}
    assert by_end["c"].nodes == ("a", "b", "c")


def test_subset_chain_is_transitive() -> None:
    adj = index([edge("a", "b", PP), edge("b", "c", PP), edge("c", "d", PP)])
    assert {p.end: p.relations for p in walk(adj, "a", 3)} == {"b": {PP}, "c": {PP}, "d": {PP}}


def test_depth_limits_the_walk() -> None:
    adj = index([edge("a", "b", PP), edge("b", "c", PP), edge("c", "d", PP)])
    assert [p.end for p in walk(adj, "a", 2)] == ["b", "c"]
    assert walk(adj, "a", 0) == []


def test_uninformative_path_is_dropped_and_not_extended() -> None:
    # overlap then overlap says nothing: a..c is dropped, and so is everything beyond c
    adj = index([edge("a", "b", PO), edge("b", "c", PO), edge("c", "d", EQ)])
    assert [p.end for p in walk(adj, "a", 3)] == ["b"]


def test_no_cycles_through_the_same_provision() -> None:
    adj = index([edge("a", "b", EQ), edge("b", "c", EQ), edge("c", "a", EQ)])
    paths = walk(adj, "a", 5)
    assert all(len(set(p.nodes)) == len(p.nodes) for p in paths)
    assert "a" not in {p.end for p in paths}
    # a-b, a-c, then a-b-c and a-c-b
    assert [p.nodes for p in paths] == [("a", "b"), ("a", "c"), ("a", "b", "c"), ("a", "c", "b")]


def test_witness_strength_and_sources() -> None:
    adj = index([edge("a", "b", EQ, strength=9), edge("b", "c", PP, strength=5)])
    [p] = [p for p in walk(adj, "a", 2) if p.end == "c"]
    assert p.strength == 5
    assert p.sources == ("src-ab", "src-bc")
    assert [e.id for e in p.edges] == ["m:a-b", "m:b-c"]


def test_backward_reading_composes_with_the_inverse() -> None:
    # c is part of b (c subset-of b, stated from c); a equals b. rel(a, c) = superset-of.
    adj = index([edge("a", "b", EQ), edge("c", "b", PP)])
    [p] = [p for p in walk(adj, "a", 2) if p.end == "c"]
    assert p.relations == {PPI}
    assert [h.forward for h in p.hops] == [True, False]


def test_composition_gives_a_set() -> None:
    # a inside b, b overlaps c: a is inside c, overlaps it, or is disjoint from it
    adj = index([edge("a", "b", PP), edge("b", "c", PO)])
    [p] = [p for p in walk(adj, "a", 2) if p.end == "c"]
    assert p.relations == {PP, PO, DR}
    assert p.relations != ALL


def test_keep_filters_edges() -> None:
    adj = index([edge("a", "b", EQ, strength=3), edge("a", "c", EQ, strength=9, status="draft")])
    assert [p.end for p in walk(adj, "a", 1, keep=lambda e: e.strength >= 5)] == ["c"]
    assert [p.end for p in walk(adj, "a", 1, keep=lambda e: e.status == "approved")] == ["b"]


def test_parallel_edges_give_separate_paths_in_fixed_order() -> None:
    e1 = Edge("m:2", "a", "b", PO, 5, "s2", "set2", "approved")
    e2 = Edge("m:1", "b", "a", PP, 7, "s1", "set1", "approved")
    paths = walk(index([e1, e2]), "a", 1)
    assert [(p.edges[0].id, p.relations) for p in paths] == [("m:1", {PPI}), ("m:2", {PO})]
    assert walk(index([e2, e1]), "a", 1) == paths


def test_self_mapping_and_unknown_start() -> None:
    adj = index([edge("a", "a", EQ)])
    assert walk(adj, "a", 2) == []
    assert walk(adj, "zzz", 2) == []


def test_order_is_by_length_then_hop_by_hop() -> None:
    adj = index([edge("a", "z", EQ), edge("a", "m", EQ), edge("m", "y", PP), edge("m", "b", PP), edge("z", "c", PP)])
    assert [p.nodes for p in walk(adj, "a", 2)] == [
        ("a", "m"),
        ("a", "z"),
        ("a", "m", "b"),
        ("a", "m", "y"),
        ("a", "z", "c"),
    ]

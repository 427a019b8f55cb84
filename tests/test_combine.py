"""Combining every chain (engine.combine) and the set verdict (engine.judge), checked against the truth.

Hypothesis draws small graphs of RCC5 regions: every provision is a non-empty subset of a six-element
universe, a part is a subset of its whole (a proper one when the whole has several parts), and every
curated mapping states the true relation of its two regions. The truth of any pair is then known by
brute force, so: the intersection never loses the true relation, a covered answer is never wrong, a
not-covered answer is never wrong, and the two directions agree exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from xwalk.engine.combine import Combined, Ends, combine, keep_filter, pair_sets, path_rank
from xwalk.engine.judge import judge_set
from xwalk.engine.mapgraph import MappingGraph, ProvisionInfo
from xwalk.model.chains import Edge, walk
from xwalk.model.relation import ALL, Relation, Verdict, inverse

UNIVERSE = 6


def truth(a: frozenset[int], b: frozenset[int]) -> Relation:
    if a == b:
        return Relation.EQUAL
    if a < b:
        return Relation.SUBSET_OF
    if a > b:
        return Relation.SUPERSET_OF
    return Relation.INTERSECTS_WITH if a & b else Relation.NO_RELATIONSHIP


@dataclass
class World:
    mg: MappingGraph
    regions: dict[str, frozenset[int]]


regions_ = st.frozensets(st.integers(0, UNIVERSE - 1), min_size=1)


@st.composite
def worlds(draw: st.DrawFn) -> World:
    provisions: dict[str, ProvisionInfo] = {}
    regions: dict[str, frozenset[int]] = {}
    order = 0
    for fw in ("fa", "fb", "fc"):
        for t in range(draw(st.integers(1, 3))):
            top = f"{fw}:{t}"
            whole = draw(regions_)
            regions[top] = whole
            provisions[top] = ProvisionInfo(top, top, fw, "Clause", str(t), top, None, order)
            order += 1
            n = draw(st.integers(0, 3))
            parts = [draw(st.frozensets(st.sampled_from(sorted(whole)), min_size=1)) for _ in range(n)]
            if n > 1:  # several parts: each a proper part of the whole
                parts = [p if p != whole else frozenset(sorted(whole)[:1]) for p in parts]
                if any(p == whole for p in parts):
                    parts = []
            # an exhaustive whole is the union of its parts (a sole part is then the whole itself)
            union = frozenset().union(*parts)
            if parts and (len(parts) == 1 or union not in parts) and draw(st.booleans()):
                whole = union
                regions[top] = whole
                provisions[top] = ProvisionInfo(top, top, fw, "Clause", str(t), top, None, order - 1, True)
            for k, part in enumerate(parts):
                child = f"{top}.{k}"
                regions[child] = part
                provisions[child] = ProvisionInfo(child, child, fw, "Control", f"{t}.{k}", child, top, order)
                order += 1
    nodes = sorted(provisions)
    pairs = [(a, b) for a in nodes for b in nodes if provisions[a].framework < provisions[b].framework]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=12, unique=True)) if pairs else []
    edges = tuple(
        sorted(
            Edge(
                f"m{n}",
                a,
                b,
                (r := truth(regions[a], regions[b])),
                0 if r is Relation.NO_RELATIONSHIP else draw(st.integers(1, 10)),
                f"src-{n}",
                "set",
                "approved",
            )
            for n, (a, b) in enumerate(chosen)
        )
    )
    return World(MappingGraph("sha256:test", provisions, edges, (), {}), regions)


@settings(max_examples=150, deadline=None)
@given(worlds(), st.integers(1, 3))
def test_the_intersection_never_loses_the_true_relation_and_reads_the_same_both_ways(w: World, depth: int) -> None:
    keep = keep_filter(w.mg)
    for start in w.mg.provisions:
        found = combine(w.mg, start, depth, keep)
        for end, c in found.items():
            true = truth(w.regions[start], w.regions[end])
            assert true in c.relations, (start, end, c.relations, true)
            verdict = c.verdict
            if verdict is Verdict.COVERED:
                assert w.regions[start] <= w.regions[end]
            if verdict is Verdict.NOT_COVERED:
                assert not w.regions[start] & w.regions[end]
            if verdict is Verdict.PARTIAL:
                assert w.regions[start] & w.regions[end]
            back = combine(w.mg, end, depth, keep)[start]
            assert back.relations == inverse(c.relations), (start, end)


@settings(max_examples=100, deadline=None)
@given(worlds(), st.data())
def test_set_verdicts_are_sound(w: World, data: st.DataObject) -> None:
    keep = keep_filter(w.mg)
    nodes = sorted(w.mg.provisions)
    chosen = set(data.draw(st.lists(st.sampled_from(nodes), max_size=4)))
    implemented = chosen | {d for n in chosen for d in w.mg.descendants(n)}  # a whole counts for its parts
    maximal = sorted(i for i in implemented if w.mg.provisions[i].parent not in implemented)
    union: frozenset[int] = frozenset().union(*(w.regions[i] for i in implemented))
    for start in nodes:
        if start in implemented:
            continue
        judged = judge_set(w.mg, start, 3, keep, implemented.__contains__, maximal)
        region = w.regions[start]
        if judged.verdict is Verdict.COVERED:
            assert region <= union
            if not judged.joint:
                assert judged.best is not None and region <= w.regions[judged.best.end]
        if judged.verdict is Verdict.PARTIAL:
            assert region & union
        if judged.verdict is Verdict.NOT_COVERED:
            assert not region & union
        if judged.verdict is Verdict.UNMAPPED:
            assert judged.best is None and not judged.reached


@settings(max_examples=150, deadline=None)
@given(worlds(), st.integers(1, 4))
def test_a_pair_keeps_the_chains_that_narrowed_it_in_path_rank_order(w: World, depth: int) -> None:
    """Grouping a walk's chains sorts them on set size, length and strength only, trusting the walk's own
    order for the hop keys: the same chains, in the same order, as a full path_rank sort."""
    keep = keep_filter(w.mg)
    adjacency = w.mg.adjacency_for(keep)
    for start in sorted(w.mg.provisions):
        every = walk(adjacency, start, depth)
        for end, pair in pair_sets(w.mg, start, depth, keep).items():
            same = sorted((p for p in every if p.end == end), key=path_rank)
            acc, kept = ALL, []
            for path in same:
                if acc & path.relations != acc:
                    kept.append(path)
                    acc &= path.relations
            assert (pair.relations, pair.paths, pair.count) == (acc, tuple(kept), len(same))
            assert all(p.strength == min(h.edge.strength for h in p.hops) for p in pair.paths)


def test_of_two_chains_alike_but_for_strength_the_stronger_is_kept() -> None:
    """a -> b -> d and a -> c -> d both say subset-of; the walk finds the one through b first, but the one
    through c is stronger, so it is the chain shown."""
    provisions = {
        n: ProvisionInfo(n, n, fw, "Control", n, n, None, k)
        for k, (n, fw) in enumerate([("fa:a", "fa"), ("fb:b", "fb"), ("fb:c", "fb"), ("fc:d", "fc")])
    }
    sub = Relation.SUBSET_OF
    edges = (
        Edge("m1", "fa:a", "fb:b", sub, 3, "s1", "set", "approved"),
        Edge("m2", "fb:b", "fc:d", sub, 9, "s2", "set", "approved"),
        Edge("m3", "fa:a", "fb:c", sub, 8, "s3", "set", "approved"),
        Edge("m4", "fb:c", "fc:d", sub, 8, "s4", "set", "approved"),
    )
    mg = MappingGraph("sha256:test", provisions, edges, (), {})
    pair = pair_sets(mg, "fa:a", 2, keep_filter(mg))["fc:d"]
    assert pair.count == 2
    assert [p.nodes for p in pair.paths] == [("fa:a", "fb:c", "fc:d")]
    assert pair.paths[0].strength == 8


def _shape(found: dict[str, Combined]) -> dict[str, object]:
    """Everything an answer reads from combine: relations, chain count, and each part in order."""
    return {
        end: (
            c.relations,
            c.count,
            [(p.lead.node, p.lead.relations, p.via, p.trail.node, p.relations, p.pair.paths) for p in c.parts],
        )
        for end, c in found.items()
    }


@settings(max_examples=150, deadline=None)
@given(worlds(), st.data(), st.integers(1, 4), st.booleans())
def test_walks_directed_at_the_wanted_ends_find_exactly_the_chains_of_the_full_walk(
    w: World, data: st.DataObject, depth: int, structure: bool
) -> None:
    """A walk directed at a set of ends (the last hop indexed from the members' side, dead paths pruned)
    gives the same chains, parts and order as the full walk filtered to those ends, whether the ends are
    listed (members) or only tested (a callable)."""
    keep = keep_filter(w.mg)
    nodes = sorted(w.mg.provisions)
    wanted = set(data.draw(st.lists(st.sampled_from(nodes), max_size=6))) if nodes else set()
    adjacency = w.mg.adjacency_for(keep)
    listed = Ends(w.mg, wanted.__contains__, structure, members=sorted(wanted))
    tested = Ends(w.mg, wanted.__contains__, structure)
    for start in nodes:
        full = combine(w.mg, start, depth, keep, structure=structure)
        expected = _shape({e: c for e, c in full.items() if e in wanted})
        assert _shape(combine(w.mg, start, depth, keep, listed, structure)) == expected
        assert _shape(combine(w.mg, start, depth, keep, tested, structure)) == expected
        into = listed.into
        every = [p for p in walk(adjacency, start, depth) if into(p.end)]
        assert walk(adjacency, start, depth, into=into, into_hops=listed.hops_into(keep)) == every
        near = listed.near(keep)
        assert walk(adjacency, start, depth, into=into, into_hops=listed.hops_into(keep), near=near) == every
    # wanted as whole frameworks (what coverage asks): the framework of a node decides
    names = sorted(w.mg.by_framework)
    frameworks = frozenset(data.draw(st.lists(st.sampled_from(names), max_size=2))) if names else frozenset()
    of = {n for f in frameworks for n in w.mg.by_framework[f]}
    by_framework = Ends(w.mg, of.__contains__, structure, frameworks=frameworks)
    for start in nodes:
        full = combine(w.mg, start, depth, keep, structure=structure)
        expected = _shape({e: c for e, c in full.items() if e in of})
        assert _shape(combine(w.mg, start, depth, keep, by_framework, structure)) == expected


@settings(max_examples=100, deadline=None)
@given(worlds(), st.data())
def test_set_verdicts_with_listed_members_are_the_same(w: World, data: st.DataObject) -> None:
    keep = keep_filter(w.mg)
    nodes = sorted(w.mg.provisions)
    implemented = set(data.draw(st.lists(st.sampled_from(nodes), max_size=5))) if nodes else set()
    maximal = sorted(i for i in implemented if w.mg.provisions[i].parent not in implemented)
    listed = Ends(w.mg, implemented.__contains__, members=implemented)
    for start in nodes:
        a = judge_set(w.mg, start, 3, keep, implemented.__contains__, maximal)
        b = judge_set(w.mg, start, 3, keep, listed, maximal)
        assert (a.verdict, a.reached, a.missing, a.open) == (b.verdict, b.reached, b.missing, b.open)
        assert (a.best and (a.best.end, a.best.relations)) == (b.best and (b.best.end, b.best.relations))

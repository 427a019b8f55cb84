"""Routes from one provision to others: chains of curated mappings, widened by the catalog's structure.

A requirement stated on a paragraph is part of its article, and an article holds its paragraphs, so
before walking the mapping graph (model.chains) we also start from every ancestor (the provision is
`subset-of` it) and every descendant (the provision is `superset-of` it). Those part-of steps come
from the catalog, not from a mapping set, and do not count against the depth. Every route keeps its
witness: the hops, each with its mapping, set, status, strength and source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xwalk.engine.mapgraph import Filter, MappingGraph
from xwalk.errors import InputError
from xwalk.model.chains import Adjacency, Edge, Hop, Path, walk
from xwalk.model.ids import iri_to_curie
from xwalk.model.mapping import STATUS_RANK
from xwalk.model.relation import ALL, COVERAGE_RANK, Coverage, Relation, compose, inverse, judge

PART_OF = "xw:partOf"  # the `source` of a structural step
STATUS_FLOORS = ("draft", "reviewed", "approved")
MAX_DEPTH = 5


# A route is a chain's Path whose first hop may be a part-of step; its relations are rel(start, end).
Route = Path


def curated(route: Route) -> int:
    """How many hops are curated mappings (a part-of step can only come first)."""
    return len(route.hops) - (route.hops[0].edge.source == PART_OF)


def route_key(route: Route) -> tuple[tuple[str, str, bool], ...]:
    return tuple(h.key for h in route.hops)


@dataclass(frozen=True)
class Step:
    """One hop of a witness chain, as stated in its source (subject relation object)."""

    subject: str
    relation: str
    object: str
    read_as: str
    mapping: str | None
    mapping_set: str | None
    status: str
    strength: int
    source: str


def keep_filter(min_strength: int = 0, min_status: str = "draft") -> Filter:
    if min_status not in STATUS_FLOORS:
        raise InputError(f"min_status {min_status!r} is not one of {', '.join(STATUS_FLOORS)}.")
    if not 0 <= min_strength <= 10:
        raise InputError(f"min_strength {min_strength} is not an integer from 0 to 10.")
    return Filter(min_strength, STATUS_RANK[min_status])


def check_depth(depth: int) -> None:
    if not 1 <= depth <= MAX_DEPTH:
        raise InputError(f"depth {depth} is not from 1 to {MAX_DEPTH}.")


def _part_of(child: str, parent: str, forward: bool) -> Hop:
    return Hop(
        Edge(f"{child} {PART_OF} {parent}", child, parent, Relation.SUBSET_OF, 10, PART_OF, "", "approved"), forward
    )


def _anchors(mg: MappingGraph, start: str, structure: bool) -> list[tuple[str, Hop | None]]:
    anchors: list[tuple[str, Hop | None]] = [(start, None)]
    if structure:
        anchors += [(a, _part_of(start, a, True)) for a in mg.ancestors(start)]
        anchors += [(d, _part_of(d, start, False)) for d in mg.descendants(start)]
    return anchors


_COMPOSED: dict[tuple[frozenset[Relation], Relation | frozenset[Relation]], frozenset[Relation]] = {}


def _then(first: frozenset[Relation], second: Relation | frozenset[Relation]) -> frozenset[Relation]:
    """compose(first, second), memoised (31 sets by 5 relations or 31 sets)."""
    key = (first, second)
    out = _COMPOSED.get(key)
    if out is None:
        out = _COMPOSED[key] = compose(first, (second,) if isinstance(second, Relation) else second)
    return out


def routes(mg: MappingGraph, start: str, depth: int, keep: Filter, structure: bool = True) -> list[Route]:
    """Every informative route from `start`: chains of up to `depth` mappings, from the provision itself
    and (with `structure`) from its ancestors and descendants."""
    adjacency = mg.adjacency_for(keep)
    out: list[Route] = []
    for node, lead in _anchors(mg, start, structure):
        if lead is None:
            out.extend(walk(adjacency, node, depth))
            continue
        for path in walk(adjacency, node, depth, avoid=(start,)):  # not back through the start
            rels = _then(frozenset((lead.relation,)), path.relations)
            if rels != ALL:
                out.append(Path(start, (lead, *path.hops), rels))
    return out


Entries = dict[str, tuple[Hop, ...]]


def entries(mg: MappingGraph, keep: Filter, ends: set[str]) -> Entries:
    """For every node one mapping away from `ends`, the hops that lead from it into them."""
    into: dict[str, list[Hop]] = {}
    for end in sorted(ends):
        for h in mg.adjacency_for(keep).get(end, ()):
            into.setdefault(h.end, []).append(Hop(h.edge, not h.forward))
    return {node: tuple(hops) for node, hops in into.items()}


def routes_into(
    mg: MappingGraph,
    start: str,
    depth: int,
    keep: Filter,
    into: Entries,
    structure: bool = True,
    walked: dict[tuple[str, int], list[Path]] | None = None,
) -> list[Route]:
    """The routes of `routes` that end in one of the ends `into` was made for. Found by walking one hop
    less and joining the last hop from `into`: on a dense graph a tenth of the paths of a full walk.
    `walked` keeps walks between calls with the same filter: requirements share ancestors (a clause's
    controls all start from the clause too)."""
    adjacency = mg.adjacency_for(keep)
    walked = {} if walked is None else walked
    out: list[Route] = []
    identity = frozenset((Relation.EQUAL,))
    for node, lead in _anchors(mg, start, structure):
        paths = walked.get((node, depth - 1))
        if paths is None:
            paths = walked[(node, depth - 1)] = walk(adjacency, node, depth - 1)
        prefixes: list[tuple[tuple[Hop, ...], frozenset[Relation]]] = [((), identity)]
        for p in paths:
            if lead is None or not any(h.end == start for h in p.hops):  # not back through the start
                prefixes.append((p.hops, p.relations))
        for hops, rels in prefixes:
            for hop in into.get(hops[-1].end if hops else node, ()):
                end = hop.end
                if end in (start, node) or any(h.end == end for h in hops):
                    continue  # a simple path only
                joined = _then(rels, hop.relation)
                if lead is not None and joined != ALL:
                    joined = _then(frozenset((lead.relation,)), joined)
                if joined != ALL:
                    out.append(Path(start, (lead, *hops, hop) if lead is not None else (*hops, hop), joined))
    return out


Joined = tuple[tuple[Hop, ...], frozenset[Relation], tuple[str, ...]]  # hops, rel(first, last), nodes
_SINGLE = {r: frozenset((r,)) for r in Relation}


def _joins(adjacency: Adjacency, into: Entries, node: str, depth: int) -> list[Joined]:
    """Every informative chain of up to `depth` mappings from `node` whose last hop comes from `into`."""
    out: list[Joined] = []
    identity = _SINGLE[Relation.EQUAL]

    def extend(hops: tuple[Hop, ...], seen: tuple[str, ...], rels: frozenset[Relation], left: int) -> None:
        here = seen[-1]
        for hop in into.get(here, ()):
            if hop.end not in seen:
                joined = _then(rels, hop.relation)
                if joined != ALL:
                    out.append(((*hops, hop), joined, (*seen, hop.end)))
        if left > 1:
            for hop in adjacency.get(here, ()):
                if hop.end not in seen:
                    composed = _then(rels, hop.relation)
                    if composed != ALL:
                        extend((*hops, hop), (*seen, hop.end), composed, left - 1)

    extend((), (node,), identity, depth)
    return out


def best_into(
    mg: MappingGraph,
    start: str,
    depth: int,
    keep: Filter,
    into: Entries,
    cover: Callable[[str, frozenset[Relation]], Coverage],
    other: Callable[[str], bool],
    shared: dict[str, list[Joined]] | None = None,
) -> tuple[tuple[Route, Coverage] | None, tuple[Route, Coverage] | None]:
    """The best of `routes_into` by `cover(end, rel(start, end))` then `rank`: over all ends, and over the
    ends `other` accepts. The same answer as ranking every route, without building the losers: the gap
    analysis asks this for every requirement, and most routes lose on coverage before the finer ranks.
    `shared` keeps the routes found from ancestors and descendants between calls: the controls of a
    clause all start from the clause too."""
    adjacency = mg.adjacency_for(keep)
    best: list[tuple[int, tuple[object, ...], str, Route, Coverage] | None] = [None, None]
    identity = frozenset((Relation.EQUAL,))

    def offer(hops: tuple[Hop, ...], rels: frozenset[Relation]) -> None:
        end = hops[-1].end
        cov = cover(end, rels)
        score = -COVERAGE_RANK[cov]
        for slot in (0, 1) if other(end) else (0,):
            held = best[slot]
            if held is not None and score > held[0]:
                continue
            route = Path(start, hops, rels)
            candidate = (score, rank(route, True), end, route, cov)
            if held is None or candidate[:3] < held[:3]:
                best[slot] = candidate

    def extend(
        node: str, lead: Hop | None, hops: tuple[Hop, ...], seen: tuple[str, ...], rels: frozenset[Relation], left: int
    ) -> None:
        here = hops[-1].end if hops else node
        for hop in into.get(here, ()):
            if hop.end in seen:
                continue
            joined = _then(rels, hop.relation)
            if lead is not None and joined != ALL:
                joined = _then(_SINGLE[lead.relation], joined)
            if joined != ALL:
                offer((lead, *hops, hop) if lead is not None else (*hops, hop), joined)
        if left > 1:
            for hop in adjacency.get(here, ()):
                if hop.end in seen:
                    continue
                composed = _then(rels, hop.relation)
                if composed == ALL:
                    continue
                lifted = composed if lead is None else _then(_SINGLE[lead.relation], composed)
                if not beaten(lifted):
                    extend(node, lead, (*hops, hop), (*seen, hop.end), composed, left - 1)

    def beaten(rels: frozenset[Relation]) -> bool:
        """Whether both bests already have better coverage than anything a route going on from a prefix
        with these relations can reach: composing never removes disjointness, and only a prefix inside
        {equal, subset-of} can still end covered (proved in tests/test_engine_coverage.py)."""
        bound = -COVERAGE_RANK[_REACHABLE.get(rels) or _reachable(rels)]
        return all(b is not None and b[0] < bound for b in best)

    for node, lead in _anchors(mg, start, True):
        if lead is None or shared is None:
            extend(node, lead, (), (start, node), identity, depth)
            continue
        found = shared.get(node)
        if found is None:
            found = shared[node] = _joins(adjacency, into, node, depth)
        single = _SINGLE[lead.relation]
        for hops, rels, nodes in found:
            if start not in nodes:  # never back through the start
                lifted = _then(single, rels)
                if lifted != ALL:
                    offer((lead, *hops), lifted)
    first, second = ((b[3], b[4]) if b is not None else None for b in best)
    return first, second


_REACHABLE: dict[frozenset[Relation], Coverage] = {}


def _reachable(relations: frozenset[Relation]) -> Coverage:
    """The best coverage judged on any composition of `relations` with more relations."""
    if relations <= {Relation.EQUAL, Relation.SUBSET_OF}:
        best = Coverage.COVERED
    elif Relation.NO_RELATIONSHIP not in relations:
        best = Coverage.PARTIAL
    else:
        best = Coverage.UNKNOWN  # disjointness stays, but an overlap may join it
    _REACHABLE[relations] = best
    return best


_INVERSES: dict[frozenset[Relation], frozenset[Relation]] = {}
_JUDGED: dict[frozenset[Relation], Coverage] = {}


def requirement_relations(route: Route, start_is_requirement: bool) -> frozenset[Relation]:
    """rel(requirement, control): the route read from the requirement's side."""
    rels = route.relations
    if start_is_requirement:
        return rels
    out = _INVERSES.get(rels)
    if out is None:
        out = _INVERSES[rels] = inverse(rels)
    return out


def judged(relations: frozenset[Relation]) -> Coverage:
    """model.relation.judge, memoised: 31 possible sets."""
    out = _JUDGED.get(relations)
    if out is None:
        out = _JUDGED[relations] = judge(relations)
    return out


def rank(route: Route, start_is_requirement: bool) -> tuple[object, ...]:
    """Best first: coverage, then fewer curated hops, fewer steps, a narrower set, more strength."""
    rels = requirement_relations(route, start_is_requirement)
    return (-COVERAGE_RANK[judged(rels)], curated(route), len(route.hops), len(rels), -route.strength, route_key(route))


def best_by_end(routes_: list[Route], start_is_requirement: bool) -> dict[str, tuple[Route, int]]:
    """The best route to each end, with how many routes reached it."""
    grouped: dict[str, list[Route]] = {}
    for r in routes_:
        grouped.setdefault(r.end, []).append(r)
    return {
        end: (rs[0] if len(rs) == 1 else min(rs, key=lambda r: rank(r, start_is_requirement)), len(rs))
        for end, rs in grouped.items()
    }


def coverage_of(route: Route, start_is_requirement: bool) -> Coverage:
    return judged(requirement_relations(route, start_is_requirement))


def _curie(mg: MappingGraph, iri: str) -> str:
    p = mg.provisions.get(iri)
    return p.id if p is not None else iri_to_curie(iri)


_STEPS: dict[tuple[str, bool], Step] = {}  # a step depends on its hop alone; answers share them


def _step(mg: MappingGraph, h: Hop) -> Step:
    e = h.edge
    return Step(
        subject=_curie(mg, e.subject),
        relation=e.relation.value,
        object=_curie(mg, e.object),
        read_as=h.relation.value,
        mapping=e.id if e.source != PART_OF else None,
        mapping_set=e.mapping_set or None,
        status=e.status,
        strength=e.strength,
        source=e.source,
    )


def steps(mg: MappingGraph, route: Route) -> list[Step]:
    out = []
    for h in route.hops:
        key = (h.edge.id, h.forward)
        step = _STEPS.get(key)
        if step is None:
            if len(_STEPS) > 500_000:
                _STEPS.clear()
            step = _STEPS[key] = _step(mg, h)
        out.append(step)
    return out


_ORDER = {r: n for n, r in enumerate(Relation)}


_SORTED: dict[frozenset[Relation], tuple[str, ...]] = {}


def sorted_relations(relations: frozenset[Relation]) -> list[str]:
    names = _SORTED.get(relations)
    if names is None:
        names = _SORTED[relations] = tuple(r.value for r in sorted(relations, key=_ORDER.__getitem__))
    return list(names)

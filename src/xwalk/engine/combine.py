"""rel(R, C) from every chain between R and C, found from both ends (docs/architecture.md §6).

Each chain of curated mappings composes, by the RCC5 table, into a set of relations that holds the truth,
so the truth lies in the intersection of every chain's set: adding consistent data can only narrow an
answer, and an empty intersection is a contradiction in the data.

Chains run between an *anchor* of R and an anchor of C. The anchors of a provision are itself, its
ancestors (it is part of them) and its descendants (they are part of it): part-of steps come from the
catalog, not from a mapping set, and do not count against the depth. For a pair of anchors (A of R, X of
C) the chains of 1..depth mappings between them are intersected first, then composed with the two
part-of steps; the results of every pair are intersected. The rule reads the same from either end, so
rel(C, R) is exactly the inverse of rel(R, C): `coverage R` and `coverage C --covers` agree.

A chain is simple (no provision twice); a chain whose set has become all five relations says nothing,
and composing more onto it cannot change that, so it is dropped. Whether any chain at all joins two
provisions (what separates `undetermined` from `unmapped`) is a breadth-first reach, also cached.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from xwalk.engine.mapgraph import Filter, MappingGraph
from xwalk.errors import InputError
from xwalk.model.chains import Edge, Hop, Path, walk
from xwalk.model.mapping import STATUS_RANK
from xwalk.model.relation import ALL, RANK, Relation, Verdict, compose, inverse, judge, part_of

PART_OF = "xw:partOf"  # the `source` of a structural step
STATUS_FLOORS = ("draft", "reviewed", "approved")
MAX_DEPTH = 5
_CACHED_NODES = 4000  # per (filter, depth): a few hundred paths each; 20,000 nodes would not fit


def check_depth(depth: int) -> None:
    if not 1 <= depth <= MAX_DEPTH:
        raise InputError(f"depth {depth} is not from 1 to {MAX_DEPTH}.")


def keep_filter(
    mg: MappingGraph,
    min_strength: int = 0,
    min_status: str = "draft",
    *,
    include_as_published: bool = False,
    sets: list[str] | None = None,
    exclude_sets: list[str] | None = None,
) -> Filter:
    """The mappings an answer may use. As-published sets (a document's claims as cited) are evidence of what
    was said, not of what holds: left out unless `include_as_published` or named in `sets`."""
    if min_status not in STATUS_FLOORS:
        raise InputError(f"min_status {min_status!r} is not one of {', '.join(STATUS_FLOORS)}.")
    if not 0 <= min_strength <= 10:
        raise InputError(f"min_strength {min_strength} is not an integer from 0 to 10.")
    known = set(mg.sets)
    for name, given in (("sets", sets), ("exclude_sets", exclude_sets)):
        unknown = sorted(set(given or ()) - known)
        if unknown:
            raise InputError(
                f"{name}: no mapping set {', '.join(unknown)}; the sets are: {', '.join(mg.sets)}.",
                extra={"parameter": name},
            )
    only = frozenset(sets) if sets else None
    drop = set(exclude_sets or ())
    if not include_as_published:
        drop |= {s for s in mg.as_published if only is None or s not in only}
    return Filter(min_strength, STATUS_RANK[min_status], frozenset(drop), only)


def used_sets(mg: MappingGraph, keep: Filter) -> list[str]:
    """The mapping sets an answer drew on: those with a mapping the filter lets through. Read from one
    summary per (set, status) (is there a no-relationship; the strongest other mapping), not from every
    mapping: a filter's verdict on a mapping depends on nothing else."""
    table: dict[tuple[str, str], tuple[bool, int]] | None = mg.structure.get("set-statuses")  # type: ignore[assignment]
    if table is None:
        table = _set_statuses(mg)
    out = set()
    for (name, status), (negative, strongest) in table.items():
        if name in out:
            continue
        probe = Edge("", "", "", Relation.NO_RELATIONSHIP if negative else Relation.EQUAL, 0, "", name, status)
        if keep(probe) or (strongest >= 0 and keep(replace(probe, relation=Relation.EQUAL, strength=strongest))):
            out.add(name)
    return sorted(out)


def _set_statuses(mg: MappingGraph) -> dict[tuple[str, str], tuple[bool, int]]:
    """Per (mapping set, status): whether it holds a no-relationship, and its strongest other mapping (-1:
    none). Kept with the graph (prepare)."""
    table: dict[tuple[str, str], tuple[bool, int]] = {}
    for e in mg.edges:
        negative, strongest = table.get((e.mapping_set, e.status), (False, -1))
        if e.relation is Relation.NO_RELATIONSHIP:
            negative = True
        else:
            strongest = max(strongest, e.strength)
        table[(e.mapping_set, e.status)] = (negative, strongest)
    mg.structure["set-statuses"] = table
    return table


_SETS: dict[tuple[frozenset[Relation], frozenset[Relation]], frozenset[Relation]] = {}


def then(first: frozenset[Relation], second: frozenset[Relation]) -> frozenset[Relation]:
    """compose(first, second), memoised (31 by 31 sets), returning the one ALL object for all five."""
    key = (first, second)
    out = _SETS.get(key)
    if out is None:
        out = compose(first, second)
        out = _SETS[key] = ALL if out == ALL else out
    return out


@dataclass(frozen=True)
class Anchor:
    """`node` with rel(provision, node) from the catalog, and the part-of step that says so (None for the
    provision itself)."""

    node: str
    relations: frozenset[Relation]
    link: tuple[str, str, bool] | None  # (part, whole, whether the step reads from part to whole)

    @property
    def hop(self) -> Hop | None:
        # kept on the anchor (anchors live with the graph): witnesses read it for every chain they show
        known: Hop | None = self.__dict__.get("_hop")
        if known is None and self.link is not None:
            known = _part_of_hop(*self.link)
            object.__setattr__(self, "_hop", known)
        return known


_IDENTITY = frozenset({Relation.EQUAL})


@functools.lru_cache(maxsize=65536)
def _part_of_hop(child: str, parent: str, forward: bool) -> Hop:
    return Hop(
        Edge(f"{child} {PART_OF} {parent}", child, parent, Relation.SUBSET_OF, 10, PART_OF, "", "approved"), forward
    )


def anchors(mg: MappingGraph, iri: str, structure: bool = True) -> tuple[Anchor, ...]:
    """The provision, then its ancestors (nearest first), its whole framework when rows name it, then its
    descendants (document order). A whole framework's anchors are itself and every provision of it.
    Without `structure` (a provision's own mappings) only the whole framework is added: a row against the
    whole standard is the provision's own claim about each of its parts."""
    # catalog structure alone: kept for the graph's life (prepare() fills it when the graph is read)
    table: dict[tuple[str, bool], tuple[Anchor, ...]] = mg.structure.setdefault("anchors", {})  # type: ignore[assignment]
    known = table.get((iri, structure))
    if known is not None:
        return known
    out = [Anchor(iri, _IDENTITY, None)]
    if iri in mg.wholes:
        for d in mg.by_framework.get(mg.wholes[iri], ()):
            out.append(Anchor(d, inverse(part_of(_proper_in(mg, d))), (d, iri, False)))
        result = table[(iri, structure)] = tuple(out)
        return result
    proper = False
    for a in mg.ancestors(iri) if structure else ():
        proper = proper or len(mg.children.get(a, ())) > 1
        out.append(Anchor(a, part_of(proper), (iri, a, True)))
    whole = mg.whole_of(iri)
    if whole is not None:
        out.append(Anchor(whole, part_of(_proper_in(mg, iri)), (iri, whole, True)))
    for d in mg.descendants(iri) if structure else ():
        out.append(Anchor(d, inverse(part_of(_proper(mg, d, iri))), (d, iri, False)))
    result = table[(iri, structure)] = tuple(out)
    return result


def provision_anchors(mg: MappingGraph, iri: str, structure: bool = True) -> tuple[Anchor, ...]:
    """The anchors that are provisions (a whole framework is a way through, never an end)."""
    table: dict[tuple[str, bool], tuple[Anchor, ...]] = mg.structure.setdefault("provision-anchors", {})  # type: ignore[assignment]
    known = table.get((iri, structure))
    if known is None:
        known = table[(iri, structure)] = tuple(a for a in anchors(mg, iri, structure) if a.node in mg.provisions)
    return known


def prepare(mg: MappingGraph) -> None:
    """The anchors of every provision and whole framework, computed with the graph (they depend on the
    catalog only), so that no answer pays for them."""
    for iri in (*mg.provisions, *mg.wholes):
        anchors(mg, iri)
        anchors(mg, iri, structure=False)
    _set_statuses(mg)


def _proper(mg: MappingGraph, part: str, whole: str) -> bool:
    """Whether `part` is a proper part of its ancestor `whole`: some whole on the way has other parts."""
    node: str | None = part
    while node is not None and node != whole:
        parent = mg.provisions[node].parent
        if parent is None:
            return True
        if len(mg.children.get(parent, ())) > 1:
            return True
        node = parent
    return False


def _proper_in(mg: MappingGraph, iri: str) -> bool:
    """Whether the provision is a proper part of its whole framework: the framework has more than one top
    level (every real one has), or a whole on the way down has other parts."""
    if len(mg.roots.get(mg.provisions[iri].framework, ())) > 1:
        return True
    top = mg.top_level(iri)
    return iri != top and _proper(mg, iri, top)


@dataclass(frozen=True)
class PairSet:
    """The chains between two anchors, intersected: `relations`, the chains that narrowed it (best first),
    and how many informative chains there were."""

    relations: frozenset[Relation]
    paths: tuple[Path, ...]
    count: int


def path_rank(p: Path) -> tuple[object, ...]:
    return (len(p.relations), len(p.hops), -p.strength, tuple(h.key for h in p.hops))


def _walk_rank(p: Path) -> tuple[int, int, int]:
    return (len(p.relations), len(p.hops), -p.strength)


def _narrowing(paths: list[Path]) -> tuple[frozenset[Relation], tuple[Path, ...]]:
    """The intersection of the paths' sets and, in rank order, the paths that narrowed it. The paths come
    as one walk found them, by length and then hop keys (model.chains.walk): a stable sort on the rest of
    path_rank puts them in path_rank order without building the hop-key tuples."""
    if len(paths) == 1:
        return paths[0].relations, (paths[0],)
    paths.sort(key=_walk_rank)
    acc: frozenset[Relation] = ALL
    kept: list[Path] = []
    for p in paths:
        narrowed = acc & p.relations
        if narrowed != acc:
            kept.append(p)
            acc = narrowed
    return acc, tuple(kept)


def _memo(mg: MappingGraph, kind: str, keep: Filter, depth: int) -> dict[str, object]:
    key = (kind, keep, depth)
    table = mg.memo.get(key)
    if table is None:
        table = mg.memo[key] = {}
    return table  # type: ignore[return-value]


def pair_sets(mg: MappingGraph, node: str, depth: int, keep: Filter) -> dict[str, PairSet]:
    """For every provision an informative chain of 1..depth mappings joins to `node`: their intersection."""
    table = _memo(mg, "pairs", keep, depth)
    known = table.get(node)
    if known is not None:
        return known  # type: ignore[return-value]
    out = _group(walk(mg.adjacency_for(keep), node, depth))
    if len(table) >= _CACHED_NODES:
        table.pop(next(iter(table)))
    table[node] = out
    return out


def _group(paths: list[Path]) -> dict[str, PairSet]:
    """The paths of one walk per end (in the order the ends first come), intersected."""
    grouped: dict[str, list[Path]] = {}
    for p in paths:
        grouped.setdefault(p.hops[-1].end, []).append(p)
    out: dict[str, PairSet] = {}
    for end, same in grouped.items():
        rels, kept = _narrowing(same)
        pair = object.__new__(PairSet)  # PairSet(rels, kept, n) without a frozen init's setattr calls
        pair.__dict__.update(relations=rels, paths=kept, count=len(same))
        out[end] = pair
    return out


def reach(mg: MappingGraph, node: str, depth: int, keep: Filter) -> dict[str, tuple[Hop, ...]]:
    """Every provision within `depth` mappings of `node`, with a shortest chain to it (breadth first). A whole
    framework is not passed through: two rows against one standard say nothing of each other."""
    table = _memo(mg, "reach", keep, depth)
    known = table.get(node)
    if known is not None:
        return known  # type: ignore[return-value]
    adjacency = mg.adjacency_for(keep)
    out: dict[str, tuple[Hop, ...]] = {node: ()}
    queue = deque([node])
    while queue:
        here = queue.popleft()
        hops = out[here]
        if len(hops) >= depth or here in mg.wholes:
            continue
        for hop in adjacency.get(here, ()):
            if hop.end not in out:
                out[hop.end] = (*hops, hop)
                queue.append(hop.end)
    del out[node]
    if len(table) >= _CACHED_NODES:
        table.pop(next(iter(table)))
    table[node] = out
    return out


@dataclass(slots=True)  # not frozen: a frozen init costs a call per field, and an answer makes thousands
class Part:
    """One pair of anchors' contribution to rel(start, end): start -lead- anchor ~chains~ via -trail- end."""

    lead: Anchor
    via: str
    pair: PairSet
    trail: Anchor
    relations: frozenset[Relation]


_VERDICTS: dict[frozenset[Relation], tuple[Verdict, int]] = {}


def verdict_of(relations: frozenset[Relation]) -> Verdict:
    """judge(relations), memoised: there are 32 sets."""
    return ranked(relations)[0]


def ranked(relations: frozenset[Relation]) -> tuple[Verdict, int]:
    """judge(relations) and its RANK, memoised (a Verdict hashes in Python code: a dict keyed by one is slow)."""
    known = _VERDICTS.get(relations)
    if known is None:
        v = judge(relations)
        known = _VERDICTS[relations] = (v, RANK[v])
    return known


@dataclass(slots=True)
class Combined:
    """rel(start, end): the intersection of every part, and the parts."""

    end: str
    relations: frozenset[Relation]
    parts: list[Part]
    _best: Part | None = field(default=None, compare=False, repr=False)

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.relations)

    @property
    def contradiction(self) -> bool:
        return not self.relations

    @property
    def count(self) -> int:
        parts = self.parts
        return parts[0].pair.count if len(parts) == 1 else sum(p.pair.count for p in parts)

    @property
    def best(self) -> Part:
        """The part the answer shows first (read once the parts are all in; kept: ranks read it often, and
        functools.cached_property takes a lock on every read)."""
        known = self._best
        if known is None:
            parts = self.parts
            known = self._best = parts[0] if len(parts) == 1 else min(parts, key=part_rank)
        return known


def part_rank(p: Part) -> tuple[object, ...]:
    best = p.pair.paths[0]
    return (len(p.relations), len(best.hops), -best.strength, p.via, p.lead.node, p.trail.node)


class Ends:
    """The far ends an answer wants, with the part-of steps from each provision a chain ends at to them:
    built once per question, because thousands of chains end at the same few hundred provisions.

    With `wanted`, walks are directed at them (model.chains.walk `into`): a chain is worth finding only when
    it ends at a provision with a wanted anchor (`into`), so the last hop of a walk tries only the hops of
    its node that end at one (`into_hops`, found once per node). The chains between two anchors are kept
    per Ends (for all the requirements one gap analysis judges against one set) or, with `key` (what
    `wanted` accepts, as a value), per graph and key, for every question that names the same targets."""

    def __init__(
        self,
        mg: MappingGraph,
        wanted: Callable[[str], bool] | None,
        structure: bool = True,
        key: object = None,
        members: Iterable[str] | None = None,
        frameworks: frozenset[str] | None = None,
    ) -> None:
        self.mg, self.wanted, self.structure, self.key = mg, wanted, structure, key
        # `wanted` is "a provision of these frameworks": an anchor is in the framework of its provision (or is
        # the framework's node), so a node has a wanted anchor exactly when its own framework is one of them
        self._frameworks = frameworks
        self._trails: dict[str, tuple[Anchor, ...]] = {}
        self._members = members
        self._pool = None if members is None else frozenset(m for m in members if m in mg.provisions)
        self._into: frozenset[str] | None = None
        self._hops: dict[Filter, dict[str, tuple[Hop, ...]]] = {}
        self._near: dict[Filter, frozenset[str]] = {}
        self._pairs: dict[tuple[Filter, int], dict[str, dict[str, PairSet]]] = {}
        self._spread: dict[tuple[object, ...], list[tuple[str, str, PairSet, Anchor, frozenset[Relation]]]] = {}
        self._reached: dict[tuple[str, int, Filter], frozenset[str]] = {}
        self.tables: dict[object, dict[Any, Any]] = {}  # per-set tables of other modules (engine.tally)
        self._ends_of: dict[str, frozenset[str]] = {}
        self._in_frameworks: frozenset[str] | None = None

    def trails(self, via: str) -> tuple[Anchor, ...]:
        known = self._trails.get(via)
        if known is None and self._frameworks is not None:  # all of its provision anchors, or none
            known = self._trails[via] = provision_anchors(self.mg, via, self.structure) if self.into(via) else ()
        if known is None:
            every = anchors(self.mg, via, self.structure)
            wanted = self.wanted
            # an answer is about provisions: a whole framework is a way through, never an end
            pool = self.mg.provisions if self._pool is None else self._pool  # the members: a set look-up first
            known = self._trails[via] = tuple(t for t in every if t.node in pool and (wanted is None or wanted(t.node)))
        return known

    @property
    def listed(self) -> bool:
        return self._members is not None

    def into(self, via: str) -> bool:
        """Whether a chain ending at `via` can be part of an answer: `via` has a wanted anchor."""
        if self._members is not None:
            return via in self.vias()
        if self._frameworks is not None:
            p = self.mg.provisions.get(via)
            return (p.framework if p is not None else self.mg.wholes.get(via)) in self._frameworks
        known = self._trails.get(via)
        return bool(known if known is not None else self.trails(via))

    def vias(self) -> frozenset[str]:
        """Every node with a wanted anchor, from the wanted provisions listed (`members`): the anchors of a
        provision and the nodes it is an anchor of are the same (its ancestors and descendants, its whole
        framework), so these are the anchors of the members."""
        if self._into is None:
            if self._members is None:
                raise ValueError("vias() needs the members listed")
            wanted, structure, mg = self.wanted, self.structure, self.mg
            self._into = frozenset(
                a.node for m in self._pool or () if wanted is None or wanted(m) for a in anchors(mg, m, structure)
            )
        return self._into

    def spread(
        self, node: str, lead: frozenset[Relation], keep: Filter, depth: int
    ) -> list[tuple[str, str, PairSet, Anchor, frozenset[Relation]]]:
        """What the chains from anchor `node` say of each wanted end, given rel(start, node) = `lead`:
        (end, via, chains node..via, part-of step via..end, rel(start, end) by this way), in the order the
        walk finds them. The same for every start with that anchor and step (a paragraph and its siblings
        share their article), so kept per Ends."""
        key = (node, lead, keep, depth)
        known = self._spread.get(key)
        if known is not None:
            return known
        # every provision wanted: the undirected walks, shared by every question on the graph (xwalk check)
        found = (
            pair_sets(self.mg, node, depth, keep)
            if self.wanted is None
            else directed_pairs(self.mg, node, depth, keep, self)
        )
        out: list[tuple[str, str, PairSet, Anchor, frozenset[Relation]]] = []
        add = out.append
        for via, pair in found.items():
            base = then(lead, pair.relations)
            if base is ALL:
                continue
            for trail in self.trails(via):
                rels = then(base, trail.relations)
                if rels is not ALL:
                    add((trail.node, via, pair, trail, rels))
        if len(self._spread) >= _CACHED_NODES:
            self._spread.pop(next(iter(self._spread)))
        self._spread[key] = out
        return out

    def reached_from(self, node: str, depth: int, keep: Filter) -> frozenset[str]:
        """The wanted provisions some chain of 1..depth mappings from anchor `node` ends at an anchor of
        (informative or not; a whole framework is not passed through): kept per Ends, as the spreads."""
        key = (node, depth, keep)
        known = self._reached.get(key)
        if known is None:
            vias = reach_nodes(self.mg, node, depth, keep)
            # first the nodes that can have a wanted anchor at all (one set intersection), then their anchors
            if self._members is not None:
                vias &= self.vias()
            elif self._frameworks is not None:
                vias &= self._framework_nodes()
            vias -= self.mg.wholes.keys()
            known = frozenset().union(*map(self.ends_at, vias))
            if len(self._reached) >= _CACHED_NODES:
                self._reached.pop(next(iter(self._reached)))
            self._reached[key] = known
        return known

    def ends_at(self, via: str) -> frozenset[str]:
        """The nodes of `trails(via)`."""
        known = self._ends_of.get(via)
        if known is None:
            if self._frameworks is not None:  # a via of these frameworks: all its provision anchors, per graph
                table: dict[tuple[str, bool], frozenset[str]] = self.mg.structure.setdefault("anchor-nodes", {})  # type: ignore[assignment]
                known = table.get((via, self.structure))
                if known is None:
                    known = table[(via, self.structure)] = frozenset(t.node for t in self.trails(via))
            else:
                known = frozenset(t.node for t in self.trails(via))
            self._ends_of[via] = known
        return known

    def _framework_nodes(self) -> frozenset[str]:
        """The provisions of the wanted frameworks (kept per graph and choice of frameworks)."""
        if self._in_frameworks is None:
            fws = self._frameworks or frozenset()
            table: dict[frozenset[str], frozenset[str]] = self.mg.structure.setdefault("framework-nodes", {})  # type: ignore[assignment]
            known = table.get(fws)
            if known is None:
                while len(table) >= 16:
                    table.pop(next(iter(table)))
                known = table[fws] = frozenset(p for fw in sorted(fws) for p in self.mg.by_framework.get(fw, ()))
            self._in_frameworks = known
        return self._in_frameworks

    def pairs(self, keep: Filter, depth: int) -> dict[str, dict[str, PairSet]]:
        """Per anchor, the chains from it to every provision it can reach that has a wanted anchor."""
        table = self._pairs.get((keep, depth))
        if table is None:
            if self.key is None:
                table = {}
            else:
                shared: dict[object, dict[str, dict[str, PairSet]]] = self.mg.memo.setdefault("pairs-to", {})  # type: ignore[assignment]
                name = (keep, depth, self.structure, self.key)
                table = shared.get(name)
                if table is None:
                    while len(shared) >= 4:  # a few target choices at once: each holds chains of thousands of nodes
                        shared.pop(next(iter(shared)))
                    table = shared[name] = {}
            self._pairs[(keep, depth)] = table
        return table

    def hops_into(self, keep: Filter) -> Callable[[str], tuple[Hop, ...]]:
        """node -> its hops that end at a node of `vias` (in adjacency order), read backwards from them: the
        few hundred wanted nodes' own hops, not every hop of every node a walk passes."""
        table = self._hops.get(keep)
        if table is None:
            adjacency, into = self.mg.adjacency_for(keep), self.into
            if self._members is None:
                lazy: dict[str, tuple[Hop, ...]] = {}

                def of(node: str) -> tuple[Hop, ...]:
                    known = lazy.get(node)
                    if known is None:
                        known = lazy[node] = tuple(h for h in adjacency.get(node, ()) if into(h.end))
                    return known

                return of
            back: dict[str, list[Hop]] = {}
            for v in self.vias():
                for h in adjacency.get(v, ()):
                    back.setdefault(h.end, []).append(Hop(h.edge, not h.forward))
            table = self._hops[keep] = _Into((n, tuple(sorted(hs, key=_hop_key))) for n, hs in back.items())
        return table.__getitem__  # a C call per look-up: the walk makes one per path one hop short

    def near(self, keep: Filter) -> Callable[[str], bool] | None:
        """With members listed: whether a node is in `vias` or has a hop into it (a path one hop short of
        the last layer that ends elsewhere is dead), as one set look-up."""
        if self._members is None:
            return None
        known = self._near.get(keep)
        if known is None:
            self.hops_into(keep)
            known = self._near[keep] = self.vias() | frozenset(self._hops[keep])
        return known.__contains__


class _Into(dict[str, tuple[Hop, ...]]):
    """node -> its hops into the wanted set; none for a node not listed."""

    def __missing__(self, node: str) -> tuple[Hop, ...]:
        return ()


def _hop_key(h: Hop) -> tuple[str, str, bool]:
    return h.key


def directed_pairs(mg: MappingGraph, node: str, depth: int, keep: Filter, ends: Ends) -> dict[str, PairSet]:
    """pair_sets(node) restricted to the provisions `ends` wants an anchor of, found by a directed walk."""
    table = ends.pairs(keep, depth)
    known = table.get(node)
    if known is not None:
        return known
    # listed members: every test a set look-up (C calls), not a method of Ends
    into = ends.vias().__contains__ if ends.listed else ends.into
    paths = walk(mg.adjacency_for(keep), node, depth, into=into, into_hops=ends.hops_into(keep), near=ends.near(keep))
    out = _group(paths)
    if len(table) >= _CACHED_NODES:
        table.pop(next(iter(table)))
    table[node] = out
    return out


def combine(
    mg: MappingGraph,
    start: str,
    depth: int,
    keep: Filter,
    wanted: Callable[[str], bool] | Ends | None = None,
    structure: bool = True,
) -> dict[str, Combined]:
    """rel(start, C) for every C an informative chain joins to it (and `wanted` accepts)."""
    ends = wanted if isinstance(wanted, Ends) else Ends(mg, wanted, structure)
    out: dict[str, Combined] = {}
    get = out.get
    for lead in anchors(mg, start, structure):
        for end, via, pair, trail, rels in ends.spread(lead.node, lead.relations, keep, depth):
            if end == start:
                continue
            part = Part(lead, via, pair, trail, rels)
            c = get(end)
            if c is None:
                out[end] = Combined(end, rels, [part])
            else:
                c.relations &= rels
                c.parts.append(part)
    return out


def reached_ends(
    mg: MappingGraph,
    start: str,
    depth: int,
    keep: Filter,
    wanted: Callable[[str], bool] | Ends | None = None,
    structure: bool = True,
) -> set[str]:
    """The C of `reached`, without a chain for each: what counts need."""
    ends = wanted if isinstance(wanted, Ends) else Ends(mg, wanted, structure)
    wholes = mg.wholes
    out: set[str] = set()
    for lead in anchors(mg, start, structure):
        if lead.node not in wholes:
            out |= ends.reached_from(lead.node, depth, keep)
    out.discard(start)
    return out


def reach_nodes(mg: MappingGraph, node: str, depth: int, keep: Filter) -> set[str]:
    """The provisions and wholes of `reach(node)`, without a chain to each: one set union per node of each
    layer, over the neighbours of every node (kept per filter with the graph, like its adjacency)."""
    wholes = mg.wholes
    near = neighbours(mg, keep)
    seen = {node}
    frontier: Iterable[str] = (node,)
    for _ in range(depth):
        nxt: set[str] = set()
        for here in frontier:
            if here not in wholes:
                nxt |= near.get(here, frozenset())
        nxt -= seen
        if not nxt:
            break
        seen |= nxt
        frontier = nxt
    seen.discard(node)
    return seen


def neighbours(mg: MappingGraph, keep: Filter) -> dict[str, frozenset[str]]:
    """Per node, the nodes one mapping `keep` accepts joins it to."""
    table: dict[Filter, dict[str, frozenset[str]]] = mg.structure.setdefault("neighbours", {})  # type: ignore[assignment]
    known = table.get(keep)
    if known is None:
        while len(table) >= 8:
            table.pop(next(iter(table)))
        known = table[keep] = {n: frozenset(h.end for h in hops) for n, hops in mg.adjacency_for(keep).items()}
    return known


def reached(
    mg: MappingGraph,
    start: str,
    depth: int,
    keep: Filter,
    wanted: Callable[[str], bool] | Ends | None = None,
    structure: bool = True,
) -> dict[str, tuple[Anchor, tuple[Hop, ...], Anchor]]:
    """Every C some chain joins to `start` (informative or not), with one shortest such chain. A row against a
    whole framework reaches its provisions only where it decides something (then `combine` has them): a
    blanket negative on a part of `start` makes no claim about each provision of the framework."""
    ends = wanted if isinstance(wanted, Ends) else Ends(mg, wanted, structure)
    out: dict[str, tuple[Anchor, tuple[Hop, ...], Anchor]] = {}
    wholes = mg.wholes
    for lead in anchors(mg, start, structure):
        if lead.node in wholes:
            continue
        for via, hops in reach(mg, lead.node, depth, keep).items():
            if via in wholes:
                continue
            for trail in ends.trails(via):
                end = trail.node
                if end != start and end not in out:
                    out[end] = (lead, hops, trail)
    return out

"""Chains of mappings (docs/architecture.md §6): every path from one provision, with its composed relation set.

Pure Python (layer 0). The build-time derivation and the coverage engine both use it.

API
---
``Edge(id, subject, object, relation, strength, source, mapping_set, status)``
    One curated mapping ``subject -relation-> object``. Nodes are opaque strings (IRIs or CURIEs).
``index(edges) -> Adjacency``
    Build once: for every node, the hops leaving it, reading each edge forwards (subject to object)
    and backwards (object to subject, relation inverted). Sorted, so walks are deterministic.
``walk(adjacency, start, depth, keep=None, avoid=(), into=None, into_hops=None) -> list[Path]``
    Every simple path (no provision visited twice) of 1..depth hops from ``start``, with
    ``Path.relations`` the possible set of rel(start, end) composed by the RCC5 table. A path whose
    set has become all five relations says nothing and is neither returned nor extended.
    ``keep(edge)`` filters edges (strength, status, ...); no path enters a node of ``avoid``. Order: by
    length, then by the hops' keys in turn (a hop's key is its end node, its mapping id, then forwards
    before backwards). With ``into`` (and ``into_hops``), only the paths that end where ``into``
    accepts, found without building the others (a walk directed at the members of an answer).

``Path`` keeps its witness: ``hops`` (each an edge and whether it was read forwards),
``strength`` (the weakest on the path), ``sources`` (the source of every hop, in order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from xwalk.model.relation import ALL, Relation, compose

__all__ = ["Adjacency", "Edge", "Hop", "Path", "index", "walk"]


@dataclass(frozen=True, order=True)
class Edge:
    id: str
    subject: str
    object: str
    relation: Relation
    strength: int
    source: str
    mapping_set: str
    status: str


@dataclass(frozen=True, order=True)
class Hop:
    """An edge read from `start` to `end`; backwards reads invert the relation."""

    edge: Edge
    forward: bool
    # Derived once here, not on every read: walks touch each hop thousands of times.
    start: str = field(init=False, compare=False, repr=False)
    end: str = field(init=False, compare=False, repr=False)
    relation: Relation = field(init=False, compare=False, repr=False)
    key: tuple[str, str, bool] = field(init=False, compare=False, repr=False)
    index: int = field(init=False, compare=False, repr=False)  # the relation's place in Relation, for _STEPS

    def __post_init__(self) -> None:
        e, fwd = self.edge, self.forward
        end = e.object if fwd else e.subject
        relation = e.relation if fwd else e.relation.inverse
        object.__setattr__(self, "start", e.subject if fwd else e.object)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "relation", relation)
        object.__setattr__(self, "key", (end, e.id, not fwd))
        object.__setattr__(self, "index", _INDEX[relation])


@dataclass(frozen=True)
class Path:
    start: str
    hops: tuple[Hop, ...]
    relations: frozenset[Relation]
    # the weakest hop's: a plain attribute, because ranks read it many times per answer (a walk knows it as
    # it goes; a path made by hand works it out)
    strength: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "strength", min(h.edge.strength for h in self.hops))

    @property
    def end(self) -> str:
        return self.hops[-1].end

    @property
    def nodes(self) -> tuple[str, ...]:
        return (self.start, *(h.end for h in self.hops))

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(h.edge.source for h in self.hops)

    @property
    def edges(self) -> tuple[Edge, ...]:
        return tuple(h.edge for h in self.hops)


Adjacency = Mapping[str, tuple[Hop, ...]]

_IDENTITY = frozenset({Relation.EQUAL})
_INDEX = {r: n for n, r in enumerate(Relation)}
# The walk composes relation sets as 5-bit masks (bit n: the n-th Relation): _STEPS[mask][n] is the mask of
# compose(set, {n-th relation}), and _SETS turns a mask back into its set (31 is the one ALL object).
_SETS: list[frozenset[Relation]] = [
    ALL if m == 31 else frozenset(r for r, n in _INDEX.items() if m >> n & 1) for m in range(32)
]
_MASK = {s: m for m, s in enumerate(_SETS)}
_STEPS = [[_MASK[compose(s, (r,))] for r in Relation] for s in _SETS]
_EQUAL = _MASK[_IDENTITY]
_STRONGEST = 1 << 30  # above any strength: the weakest of no hops yet
def _path(start: str, hops: tuple[Hop, ...], relations: frozenset[Relation], strength: int) -> Path:
    """Path(start, hops, relations) without the frozen dataclass's object.__setattr__ calls: a walk makes
    thousands."""
    p = object.__new__(Path)
    p.__dict__.update(start=start, hops=hops, relations=relations, strength=strength)
    return p


def index(edges: Iterable[Edge]) -> dict[str, tuple[Hop, ...]]:
    """Hops out of every node, both reading directions, in a fixed order."""
    out: dict[str, list[Hop]] = {}
    for e in edges:
        if e.subject == e.object:
            continue  # a self-mapping adds nothing to a chain
        out.setdefault(e.subject, []).append(Hop(e, True))
        out.setdefault(e.object, []).append(Hop(e, False))
    return {node: tuple(sorted(hops, key=lambda h: h.key)) for node, hops in out.items()}


def walk(
    adjacency: Adjacency,
    start: str,
    depth: int,
    keep: Callable[[Edge], bool] | None = None,
    avoid: tuple[str, ...] = (),
    into: Callable[[str], bool] | None = None,
    into_hops: Callable[[str], Sequence[Hop]] | None = None,
    near: Callable[[str], bool] | None = None,
) -> list[Path]:
    """Every informative simple path of 1..depth hops from `start` (see the module docstring), entering
    none of the nodes in `avoid`.

    Directed at a set of ends: with `into`, only paths ending at a node it accepts are returned, and
    `into_hops(node)` (the hops of `node` that end at such a node) is all the last layer tries. The
    paths returned are exactly those of the undirected walk that end in the set, in the same order;
    the walk never builds the many that end elsewhere. A path one hop short of the last layer is
    extended only when it can still end in the set (`near(node)`, when given, says so at once: the node is
    in the set or has a hop into it)."""
    if depth < 1:
        return []
    found: list[Path] = []
    # Breadth first, one layer per length. Parents in order and each node's hops sorted by key make every
    # layer come out sorted by its hop keys already: no sort needed. A path starts as `start` equal to itself.
    # Each entry: hops, mask of the composed set, nodes seen, weakest strength so far.
    layer: list[tuple[tuple[Hop, ...], int, tuple[str, ...], int]] = [((), _EQUAL, (*avoid, start), _STRONGEST)]
    steps, sets = _STEPS, _SETS
    directed = into is not None and into_hops is not None
    for level in range(depth - 1):
        # one short of the last layer: a path that neither ends in the set nor has a hop into it is dead
        prune = directed and level == depth - 2
        nxt: list[tuple[tuple[Hop, ...], int, tuple[str, ...], int]] = []
        add = nxt.append
        for hops, rels, seen, weakest in layer:
            row = steps[rels]
            for hop in adjacency.get(seen[-1], ()):
                end = hop.end
                if end in seen or (keep is not None and not keep(hop.edge)):
                    continue
                composed = row[hop.index]
                if composed == 31:  # an all-five set is uninformative: dropped
                    continue
                if prune and not (near(end) if near is not None else (into(end) or into_hops(end))):  # type: ignore[misc]
                    continue
                strength = hop.edge.strength
                add(((*hops, hop), composed, (*seen, end), strength if strength < weakest else weakest))
        if into is None:
            found += [_path(start, hops, sets[rels], s) for hops, rels, _, s in nxt]
        else:
            found += [_path(start, hops, sets[rels], s) for hops, rels, seen, s in nxt if into(seen[-1])]
        layer = nxt
    # the last layer makes paths straight away: nothing extends them, so no entry (or nodes seen) is needed
    new, path = object.__new__, Path
    for hops, rels, seen, weakest in layer:
        row = steps[rels]
        for hop in into_hops(seen[-1]) if directed else adjacency.get(seen[-1], ()):  # type: ignore[misc]
            end = hop.end
            if end in seen or (keep is not None and not keep(hop.edge)):
                continue
            composed = row[hop.index]
            if composed == 31 or (into is not None and not directed and not into(end)):
                continue
            strength = hop.edge.strength
            made = new(path)
            weakest_here = strength if strength < weakest else weakest
            made.__dict__.update(start=start, hops=(*hops, hop), relations=sets[composed], strength=weakest_here)
            found.append(made)
    return found

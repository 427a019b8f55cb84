"""Witnesses: the chains that narrowed rel(R, C), every hop as a Step with its set, status, strength and
source (docs/architecture.md §6), and the ranks that order answers of one verdict."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from xwalk.engine.combine import PART_OF, Anchor, Combined, Part, part_rank, then
from xwalk.engine.mapgraph import MappingGraph
from xwalk.model.chains import Hop
from xwalk.model.ids import iri_to_curie
from xwalk.model.relation import ALL, Relation, inverse
from xwalk.model.results import Step, Witness


def _read(relations: frozenset[Relation], as_requirement: bool) -> frozenset[Relation]:
    return relations if as_requirement else inverse(relations)


def witnesses(mg: MappingGraph, c: Combined, as_requirement: bool = True) -> list[Witness]:
    """The chains that narrowed rel(start, end) to what it is, best first, each read from the requirement's
    side (`as_requirement` False: the start is the control)."""
    out: list[Witness] = []
    for part in _narrowing(c):
        for path in part.pair.paths:
            rels = then(then(part.lead.relations, path.relations), part.trail.relations)
            out.append(chain_witness(mg, part.lead, path.hops, part.trail, rels, as_requirement))
    return out


def add_sources(c: Combined, out: set[str]) -> None:
    """Add to `out` the sources the steps of `witnesses(mg, c)` cite, without building them."""
    parts = c.parts
    for part in parts if len(parts) == 1 else _narrowing(c):  # one part narrowed ALL to its set
        lead, trail = part.lead.hop, part.trail.hop
        if lead is not None:
            out.add(lead.edge.source)
        if trail is not None:
            out.add(trail.edge.source)
        for path in part.pair.paths:
            for h in path.hops:
                out.add(h.edge.source)


def _narrowing(c: Combined) -> Iterator[Part]:
    """The parts of `c` that narrowed its set, best first: those whose chains are its witnesses."""
    acc: frozenset[Relation] = ALL
    for part in c.parts if len(c.parts) == 1 else sorted(c.parts, key=part_rank):
        narrowed = acc & part.relations
        if narrowed != acc:
            acc = narrowed
            yield part


def chain_witness(
    mg: MappingGraph,
    lead: Anchor,
    hops: tuple[Hop, ...],
    trail: Anchor,
    relations: frozenset[Relation],
    as_requirement: bool = True,
) -> Witness:
    # both part-of hops are stored reading away from their own provision: the lead from the start, the trail
    # from `via`, which is the direction the chain reads them
    first, last = lead.hop, trail.hop
    every = (*((first,) if first else ()), *hops, *((last,) if last else ()))
    tables = _tables(mg)
    return Witness(
        relations=sorted_relations(_read(relations, as_requirement)),
        strength=min((h.edge.strength for h in hops), default=10),
        steps=[tables[h.forward].get(h.edge.id) or step(mg, h) for h in every],
    )


def rank(c: Combined) -> tuple[int, int, int]:
    """Among answers of one verdict: the narrowest set, then the fewest steps (a mapping straight to the
    provision before one through its whole or its part), then the strongest."""
    best = c.best
    path = best.pair.paths[0]
    steps = len(path.hops) + (best.lead.link is not None) + (best.trail.link is not None)
    return (len(c.relations), steps, -path.strength)


def best_strength(c: Combined) -> int:
    """The weakest mapping strength on the best witness (the first of `witnesses`)."""
    return c.best.pair.paths[0].strength


def _curie(mg: MappingGraph, iri: str) -> str:
    p = mg.provisions.get(iri)
    return p.id if p is not None else _short(iri)


@functools.lru_cache(maxsize=256)
def _short(iri: str) -> str:
    """A whole framework's CURIE: a hop to one is read for each of its provisions."""
    return iri_to_curie(iri)


def _tables(mg: MappingGraph) -> tuple[dict[str, Step], dict[str, Step]]:
    """The steps made so far on this graph, by mapping id: read backwards, read forwards."""
    tables: tuple[dict[str, Step], dict[str, Step]] | None = mg.memo.get("steps")  # type: ignore[assignment]
    if tables is None:
        tables = ({}, {})
        mg.memo["steps"] = tables
    return tables


def step(mg: MappingGraph, h: Hop) -> Step:
    # a step depends on its hop and its graph alone; answers on one graph share them (kept per graph: two
    # graphs may give one mapping id to different mappings), one table per reading direction
    steps = _tables(mg)[h.forward]
    e = h.edge
    known = steps.get(e.id)
    if known is not None:
        return known
    made = Step(
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
    if len(steps) > 250_000:
        steps.clear()
    steps[e.id] = made
    return made


_ORDER = {r: n for n, r in enumerate(Relation)}
_SORTED: dict[frozenset[Relation], tuple[str, ...]] = {}


def sorted_relations(relations: frozenset[Relation]) -> list[str]:
    names = _SORTED.get(relations)
    if names is None:
        names = _SORTED[relations] = tuple(r.value for r in sorted(relations, key=_ORDER.__getitem__))
    return list(names)

"""Derived mappings (docs/architecture.md §6): chains of curated mappings composed by the RCC5 table.

For every pair of provisions in different frameworks that a chain of 2 to 3 curated mappings
joins, and that no curated mapping joins already, the build writes one `xw:DerivedMapping`
into the named graph `vocab.DERIVED_GRAPH`. Of all the chains between the pair it keeps one
witness: the most informative (fewest possible relations), then the shortest, then the
strongest, then the first by mapping IRIs, so rebuilds give the same graph. The walk itself
is model/chains.py, shared with the engine; a chain whose set has grown to all five relations
says nothing and is dropped there.

Curated sets that transcribe a document as published, and deprecated or disputed mappings,
are not claims, so they are not links of any chain. A no-relationship against a whole framework
(`fw:ID`) joins a provision to no provision, so it is no link either: the engine applies it to
every provision of the framework when it answers (engine/combine.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from xwalk import vocab
from xwalk.model.chains import Edge, Path, index, walk
from xwalk.model.ids import parse_curie
from xwalk.model.mapping import MappingSet

DEPTH = 3
# Upper bound on derived mappings written, so a large curated graph cannot swamp a release.
# The manifest records how many pairs were found and whether the cap cut them.
MAX_DERIVED = 20_000
INACTIVE = frozenset({"deprecated", "disputed"})
XSD_INT = NamedNode(vocab.XSD + "integer")


@dataclass(frozen=True)
class Derived:
    subject: str
    object: str
    path: Path

    @property
    def iri(self) -> str:
        return derived_iri(self.subject, self.object)


@dataclass(frozen=True)
class DeriveResult:
    derived: tuple[Derived, ...]
    pairs_found: int
    capped: bool


def derived_iri(subject: str, obj: str) -> str:
    return f"{vocab.MAPPINGS}derived/{hashlib.sha256(f'{subject} {obj}'.encode()).hexdigest()[:16]}"


def curated_edges(sets: Iterable[MappingSet]) -> list[Edge]:
    edges: list[Edge] = []
    for ms in sets:
        if ms.citation_as_published:
            continue
        for m in ms.mappings:
            if m.status in INACTIVE or m.subject.whole or m.object.whole:
                continue
            edges.append(
                Edge(
                    f"{vocab.mapping_set_iri(ms.id)}/{m.key}",
                    m.subject.iri,
                    m.object.iri,
                    m.relation,
                    m.strength,
                    m.source,
                    ms.id,
                    m.status,
                )
            )
    return sorted(edges)


def _framework(iri: str) -> str:
    pid = parse_curie(iri)
    return pid.framework if pid is not None else iri


def _rank(path: Path) -> tuple[int, int, int, tuple[str, ...]]:
    return (len(path.relations), len(path.hops), -path.strength, tuple(e.id for e in path.edges))


def derive(sets: Iterable[MappingSet], depth: int = DEPTH, cap: int = MAX_DERIVED) -> DeriveResult:
    edges = curated_edges(sets)
    curated = {(e.subject, e.object) for e in edges} | {(e.object, e.subject) for e in edges}
    adjacency = index(edges)
    best: dict[tuple[str, str], Path] = {}
    for start in sorted(adjacency):
        start_fw = _framework(start)
        for path in walk(adjacency, start, depth):
            end = path.end
            # one direction per pair (the reverse is the inverse), never within one framework
            if len(path.hops) < 2 or end <= start or (start, end) in curated or _framework(end) == start_fw:
                continue
            known = best.get((start, end))
            if known is None or _rank(path) < _rank(known):
                best[(start, end)] = path
    pairs = sorted(best)
    kept = pairs[:cap]
    return DeriveResult(tuple(Derived(s, o, best[(s, o)]) for s, o in kept), len(pairs), len(pairs) > cap)


def derived_quads(result: DeriveResult) -> list[Quad]:
    graph = NamedNode(vocab.DERIVED_GRAPH)
    xw = vocab.XW
    out: list[Quad] = []
    for d in result.derived:
        node = NamedNode(d.iri)

        def add(p: str, o: NamedNode | Literal, node: NamedNode = node) -> None:
            out.append(Quad(node, NamedNode(p), o, graph))

        add(vocab.RDF_TYPE, NamedNode(xw + "DerivedMapping"))
        add(xw + "subject", NamedNode(d.subject))
        add(xw + "object", NamedNode(d.object))
        for r in sorted(d.path.relations):
            add(xw + "possibleRelation", NamedNode(vocab.RELATION + r.value))
        if len(d.path.relations) == 1:
            (only,) = d.path.relations
            add(xw + "relation", NamedNode(vocab.RELATION + only.value))
        add(xw + "strength", Literal(str(d.path.strength), datatype=XSD_INT))
        add(xw + "hopCount", Literal(str(len(d.path.hops)), datatype=XSD_INT))
        for e in d.path.edges:
            add(vocab.PROV + "wasDerivedFrom", NamedNode(e.id))
        for source in sorted(set(d.path.sources)):
            add(xw + "mappingSource", NamedNode(vocab.source_iri(source)))
    return out

"""The in-memory mapping graph: provisions, curated mappings and obligations, read ONCE from the store.

Traversal (coverage, matrix, gaps) runs here, not as SPARQL: docs/architecture.md §3 measured a 3-hop
closure at 0.09 s in memory against 0.85 s as a property path. The graph is read with four named
queries (queries/engine/) and cached by the store's content hash, so every request after the first
answers from memory; a new build (new hash) reads it again.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from xwalk import vocab
from xwalk.engine.context import Graph
from xwalk.model.chains import Adjacency, Edge, index
from xwalk.model.ids import iri_to_curie
from xwalk.model.mapping import STATUS_RANK
from xwalk.model.relation import Relation
from xwalk.store.base import Row


@dataclass(frozen=True)
class ProvisionInfo:
    iri: str
    id: str
    framework: str
    kind: str
    notation: str
    title: str
    parent: str | None
    order: int
    exhaustive: bool = False  # the union of its parts (catalog data, model.catalog.exhaustive)


@dataclass(frozen=True)
class ObligationInfo:
    iri: str
    id: str
    provision: str
    role: str
    risk_class: str | None
    applies_from: str
    summary: str
    condition: str | None
    date_rule: str
    date_source: str | None


@dataclass(frozen=True)
class Filter:
    """Which mappings a walk may use: at least this review status (model.mapping.STATUS_RANK), at least this
    strength, none of the sets in `drop_sets` and, when `only_sets` is given, only those. Strength measures
    overlap, so a no-relationship (strength 0 by rule) is never left out for its strength."""

    min_strength: int = 0
    min_rank: int = 0
    drop_sets: frozenset[str] = frozenset()
    only_sets: frozenset[str] | None = None

    def __hash__(self) -> int:
        # a filter keys every cached walk and tally: hashed thousands of times per answer, computed once
        known: int | None = self.__dict__.get("_hash")
        if known is None:
            known = hash((self.min_strength, self.min_rank, self.drop_sets, self.only_sets))
            object.__setattr__(self, "_hash", known)
        return known

    def __call__(self, e: Edge) -> bool:
        if e.mapping_set in self.drop_sets or (self.only_sets is not None and e.mapping_set not in self.only_sets):
            return False
        if STATUS_RANK.get(e.status, -9) < self.min_rank:
            return False
        return e.relation is Relation.NO_RELATIONSHIP or e.strength >= self.min_strength


@dataclass
class MappingGraph:
    content_hash: str
    provisions: dict[str, ProvisionInfo]
    edges: tuple[Edge, ...]
    obligations: tuple[ObligationInfo, ...]
    risk_broader: dict[str, frozenset[str]]
    as_published: frozenset[str] = frozenset()  # mapping sets that transcribe a document's claims as cited
    adjacency: Adjacency = field(init=False)
    children: dict[str, tuple[str, ...]] = field(init=False)
    by_framework: dict[str, tuple[str, ...]] = field(init=False)
    by_curie: dict[str, str] = field(init=False)
    position: dict[str, int] = field(init=False)  # place in (framework, document) order, for sorting
    sets: tuple[str, ...] = field(init=False)  # every mapping set with a mapping in the graph
    roots: dict[str, tuple[str, ...]] = field(init=False)  # per framework: its top-level provisions
    # framework nodes that mappings name (a no-relationship against a whole standard): IRI -> framework id
    wholes: dict[str, str] = field(init=False)
    _filtered: dict[Filter, Adjacency] = field(init=False, repr=False)
    memo: dict[object, object] = field(init=False, repr=False)  # per-graph caches of the engine modules
    structure: dict[object, object] = field(init=False, repr=False)  # tables kept for the graph's life (anchors)

    def __post_init__(self) -> None:
        self.adjacency = index(self.edges)
        kids: dict[str, list[str]] = {}
        fws: dict[str, list[str]] = {}
        for p in self.provisions.values():
            if p.parent is not None:
                kids.setdefault(p.parent, []).append(p.iri)
            fws.setdefault(p.framework, []).append(p.iri)
        order = self.order_key
        self.children = {k: tuple(sorted(v, key=order)) for k, v in kids.items()}
        self.by_framework = {k: tuple(sorted(v, key=order)) for k, v in sorted(fws.items())}
        self.by_curie = {p.id: p.iri for p in self.provisions.values()}
        self.position = {iri: n for n, iri in enumerate(i for fw in self.by_framework.values() for i in fw)}
        self.sets = tuple(sorted({e.mapping_set for e in self.edges}))
        top = self.provisions
        self.roots = {fw: tuple(i for i in ps if top[i].parent is None) for fw, ps in self.by_framework.items()}
        ends = {n for e in self.edges for n in (e.subject, e.object) if n not in self.provisions}
        self.wholes = {n: n.removeprefix(vocab.FW) for n in sorted(ends) if n.removeprefix(vocab.FW) in fws}
        self._filtered = {}
        self.memo = {}
        self.structure = {}

    def adjacency_for(self, keep: Filter) -> Adjacency:
        """The adjacency with only the mappings `keep` accepts, built once per filter: filtering while
        walking cost a call per hop, thousands per request on a large graph."""
        adj = self._filtered.get(keep)
        if adj is None:
            adj = index(e for e in self.edges if keep(e)) if any(not keep(e) for e in self.edges) else self.adjacency
            while len(self._filtered) >= 8:
                self._filtered.pop(next(iter(self._filtered)))
            self._filtered[keep] = adj
        return adj

    def order_key(self, iri: str) -> tuple[str, int, str]:
        p = self.provisions.get(iri)
        return (p.framework, p.order, iri) if p else ("", 0, iri)

    def ancestors(self, iri: str) -> list[str]:
        """Nearest first."""
        out: list[str] = []
        p = self.provisions.get(iri)
        while p is not None and p.parent is not None and p.parent not in out:
            out.append(p.parent)
            p = self.provisions.get(p.parent)
        return out

    def descendants(self, iri: str) -> list[str]:
        """Document order, depth first."""
        out: list[str] = []
        stack = list(reversed(self.children.get(iri, ())))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(self.children.get(node, ())))
        return out

    def whole_of(self, iri: str) -> str | None:
        """The node of the provision's framework, when some mapping names the framework as a whole."""
        p = self.provisions.get(iri)
        node = vocab.FW + p.framework if p is not None else ""
        return node if node in self.wholes else None

    def node(self, iri: str) -> ProvisionInfo:
        """A provision, or a whole framework that mappings name (kind `Framework`, before its provisions)."""
        p = self.provisions.get(iri)
        if p is not None:
            return p
        fw = self.wholes[iri]
        return ProvisionInfo(iri, f"fw:{fw}", fw, "Framework", fw, fw, None, -1)

    def is_leaf(self, iri: str) -> bool:
        return iri not in self.children

    def top_level(self, iri: str) -> str:
        chain = self.ancestors(iri)
        return chain[-1] if chain else iri

    def risk_matches(self, system_class: str, obligation_class: str | None) -> bool:
        """An obligation for a class applies to a system of that class or of any narrower one."""
        if obligation_class is None:
            return True
        return obligation_class == system_class or obligation_class in self.risk_broader.get(system_class, frozenset())

    def edges_of(self, iri: str) -> Iterator[Edge]:
        for hop in self.adjacency.get(iri, ()):
            yield hop.edge


_CACHE: dict[str, MappingGraph] = {}
_LOCK = threading.Lock()
_KEEP = 4  # builds kept in memory at once (a server usually has one; tests and benchmarks a few)


def mapping_graph(graph: Graph) -> MappingGraph:
    """The mapping graph of this store, built once per content hash. A store an update has changed is
    read afresh each time, under the key "unbuilt", so that nothing read or answered for its build (the
    answers keyed by mg.content_hash downstream) is served for it: its content hash no longer says what
    it holds."""
    key = "unbuilt" if graph.modified else graph.content_hash
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is None:
            cached = read(graph, key)
            from xwalk.engine.combine import prepare  # combine reads this module: imported when used

            prepare(cached)
            if key != "unbuilt":  # a store without a build stamp may change under us: never cache it
                # The graph lives as long as the process: keep the collector from re-scanning its hundreds
                # of thousands of objects (full collections paused requests for ~0.8 s on 100,000 mappings).
                gc.freeze()
                while len(_CACHE) >= _KEEP:
                    _CACHE.pop(next(iter(_CACHE)))
                _CACHE[key] = cached
        return cached


def _opt(row: Row, name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None


def read(graph: Graph, key: str) -> MappingGraph:
    provisions = {}
    for r in graph.select("engine/provisions"):
        iri = r["id"].value
        provisions[iri] = ProvisionInfo(
            iri=iri,
            id=iri_to_curie(iri),
            framework=r["fw"].value.removeprefix(vocab.FW),
            kind=r["kind"].value.removeprefix(vocab.XW),
            notation=r["notation"].value,
            title=r["title"].value,
            parent=_opt(r, "parent"),
            order=int(r["order"].value),
            exhaustive=_opt(r, "exhaustive") == "true",
        )
    rows = graph.select("engine/mappings")
    edges = tuple(
        sorted(
            Edge(
                id=r["mapping"].value,
                subject=r["subject"].value,
                object=r["object"].value,
                relation=Relation(r["relation"].value.removeprefix(vocab.RELATION)),
                strength=int(r["strength"].value),
                source=r["source"].value.removeprefix(vocab.SOURCE),
                mapping_set=r["set"].value.removeprefix(vocab.MAPPINGS),
                status=r["status"].value.removeprefix(vocab.STATUS),
            )
            for r in rows
        )
    )
    obligations = tuple(
        sorted(
            (
                ObligationInfo(
                    iri=r["obligation"].value,
                    id=iri_to_curie(r["obligation"].value),
                    provision=r["provision"].value,
                    role=r["role"].value.removeprefix(vocab.ROLE),
                    risk_class=v.removeprefix(vocab.RISK) if (v := _opt(r, "riskClass")) else None,
                    applies_from=r["appliesFrom"].value,
                    summary=r["summary"].value,
                    condition=_opt(r, "condition"),
                    date_rule=r["dateRule"].value.rsplit("/", 1)[-1],
                    date_source=_opt(r, "dateSource"),
                )
                for r in graph.select("engine/obligations")
            ),
            key=lambda o: (provisions[o.provision].order if o.provision in provisions else 0, o.iri),
        )
    )
    as_published = frozenset(
        r["set"].value.removeprefix(vocab.MAPPINGS) for r in rows if _opt(r, "asPublished") == "true"
    )
    broader: dict[str, set[str]] = {}
    for r in graph.select("engine/risk-classes"):
        name = r["risk"].value.removeprefix(vocab.RISK)
        entry = broader.setdefault(name, set())
        if (b := _opt(r, "broader")) is not None:
            entry.add(b.removeprefix(vocab.RISK))
    return MappingGraph(
        key, provisions, edges, obligations, {k: frozenset(v) for k, v in broader.items()}, as_published
    )

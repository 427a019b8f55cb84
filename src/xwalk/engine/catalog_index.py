"""The catalog in memory, for the provision detail: every provision and every mapping read ONCE per build.

A detail used to take five queries per request (exists?, the provision, its mappings, ancestors,
children; ~350 req/s). The catalog does not change between builds, so it is read with two named
queries (queries/engine/provision-details.rq, detail-mappings.rq) into dictionaries keyed by IRI and
cached by the store's content hash, like the engine's mapping graph (engine/mapgraph.py); a request is
then a few dictionary look-ups, and each detail is built once and kept with the index. Orders are those
of the queries they replace: ancestors and children by xw:order, mappings by set, subject, object (then
mapping IRI, so ties are deterministic too). `per_build` keeps any other per-build value (frameworks).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from xwalk import vocab
from xwalk.engine.context import Graph
from xwalk.store.base import Row

T = TypeVar("T")


@dataclass(frozen=True)
class Entry:
    iri: str
    framework: str
    kind: str
    notation: str
    title: str
    parent: str | None
    url: str | None
    summary: str | None
    order: int


@dataclass(frozen=True)
class MappingRow:
    mapping: str
    mapping_set: str  # IRI
    subject: str
    object: str
    relation: str
    strength: int
    status: str
    source: str


@dataclass
class CatalogIndex:
    provisions: dict[str, Entry]
    mappings: tuple[MappingRow, ...]
    children: dict[str, tuple[str, ...]] = field(init=False)
    touching: dict[str, tuple[tuple[MappingRow, str], ...]] = field(init=False)  # iri -> (mapping, other end)
    details: dict[str, Any] = field(init=False)  # iri -> the ProvisionDetail built on first request (engine/catalog.py)

    def __post_init__(self) -> None:
        kids: dict[str, list[str]] = {}
        for p in self.provisions.values():
            if p.parent is not None:
                kids.setdefault(p.parent, []).append(p.iri)
        self.children = {k: tuple(sorted(v, key=self._order)) for k, v in kids.items()}
        touch: dict[str, list[tuple[MappingRow, str]]] = {}
        for m in sorted(self.mappings, key=lambda m: (m.mapping_set, m.subject, m.object, m.mapping)):
            touch.setdefault(m.subject, []).append((m, m.object))
            touch.setdefault(m.object, []).append((m, m.subject))  # a self-mapping is listed twice, as UNION did
        self.touching = {k: tuple(v) for k, v in touch.items()}
        self.details = {}

    def _order(self, iri: str) -> tuple[int, str]:
        p = self.provisions.get(iri)
        return (p.order if p else 0, iri)

    def ancestors(self, iri: str) -> list[str]:
        """Outermost first (by xw:order, as the ancestors query sorted them)."""
        out: list[str] = []
        p = self.provisions.get(iri)
        while p is not None and p.parent is not None and p.parent not in out:
            out.append(p.parent)
            p = self.provisions.get(p.parent)
        return sorted((a for a in out if a in self.provisions), key=self._order)


def _opt(row: Row, name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None


def read(graph: Graph) -> CatalogIndex:
    provisions: dict[str, Entry] = {}
    for r in graph.select("engine/provision-details"):
        iri = r["id"].value
        provisions.setdefault(
            iri,
            Entry(
                iri=iri,
                framework=r["fw"].value.removeprefix(vocab.FW),
                kind=r["kind"].value.removeprefix(vocab.XW),
                notation=r["notation"].value,
                title=r["title"].value,
                parent=_opt(r, "parent"),
                url=_opt(r, "url"),
                summary=_opt(r, "summary"),
                order=int(r["order"].value),
            ),
        )
    mappings = tuple(
        MappingRow(
            mapping=r["mapping"].value,
            mapping_set=r["set"].value,
            subject=r["subject"].value,
            object=r["object"].value,
            relation=r["relation"].value.removeprefix(vocab.RELATION),
            strength=int(r["strength"].value),
            status=r["status"].value.removeprefix(vocab.STATUS),
            source=r["source"].value.removeprefix(vocab.SOURCE),
        )
        for r in graph.select("engine/detail-mappings")
    )
    return CatalogIndex(provisions, mappings)


_BUILDS: dict[str, dict[str, Any]] = {}  # content hash -> name -> value, oldest build first
_LOCK = threading.RLock()  # re-entrant: a value may be made from another per_build value
_KEEP = 4  # builds kept at once (a server has one; tests a few)


def per_build(graph: Graph, name: str, make: Callable[[], T]) -> T:
    """`make()` once per content hash and name: what the catalog says cannot change within a build.
    A store without a build stamp ("unbuilt"), or one changed by an update since, is read afresh each time."""
    key = graph.content_hash
    if key == "unbuilt" or graph.modified:
        return make()
    hit = _BUILDS.get(key, {}).get(name)
    if hit is not None:
        return cast(T, hit)
    with _LOCK:
        hit = _BUILDS.get(key, {}).get(name)
        if hit is not None:
            return cast(T, hit)
        value = make()
        if key not in _BUILDS:
            while len(_BUILDS) >= _KEEP:
                _BUILDS.pop(next(iter(_BUILDS)))
            _BUILDS[key] = {}
        _BUILDS[key][name] = value
        return value


def catalog_index(graph: Graph) -> CatalogIndex:
    """The catalog of this store, read once per content hash."""
    return per_build(graph, "catalog", lambda: read(graph))

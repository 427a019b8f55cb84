"""Browsing the catalogs from the in-memory graph: a framework, its provision tree, search, obligations."""

from __future__ import annotations

from dataclasses import dataclass, field

from xwalk.engine.catalog import FrameworkInfo, frameworks
from xwalk.engine.context import Graph
from xwalk.engine.coverage import resolve_framework, resolve_in
from xwalk.engine.mapgraph import MappingGraph, ObligationInfo, mapping_graph
from xwalk.engine.obligations import ObligationItem, routes_of
from xwalk.errors import InputError
from xwalk.model.catalog import KINDS


@dataclass(frozen=True)
class Node:
    id: str
    notation: str
    title: str
    kind: str
    children: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class FrameworkDetail:
    framework: FrameworkInfo
    kinds: dict[str, int]
    top: list[Node]


def framework(graph: Graph, text: str) -> FrameworkDetail:
    fw = resolve_framework(text)
    info = next(f for f in frameworks(graph) if f.id == fw)
    mg = mapping_graph(graph)
    kinds: dict[str, int] = {}
    for iri in mg.by_framework.get(fw, ()):
        kind = mg.provisions[iri].kind
        kinds[kind] = kinds.get(kind, 0) + 1
    top = [_node(mg, iri, []) for iri in mg.by_framework.get(fw, ()) if mg.provisions[iri].parent is None]
    return FrameworkDetail(info, dict(sorted(kinds.items())), top)


def _node(mg: MappingGraph, iri: str, children: list[Node]) -> Node:
    p = mg.provisions[iri]
    return Node(p.id, p.notation, p.title, p.kind, children)


def tree(graph: Graph, text: str, kind: str | None = None, q: str | None = None) -> tuple[str, list[Node], int]:
    """The provision tree of a framework; with filters, the matching provisions and their ancestors only.
    Returns the framework id, the roots and the number of provisions that match."""
    fw = resolve_framework(text)
    if kind is not None:
        wanted = {k.lower(): k for k in KINDS}
        if kind.lower() not in wanted:
            raise InputError(f"kind {kind!r} is not one of {', '.join(KINDS)}.")
        kind = wanted[kind.lower()]
    needle = q.strip().lower() if q else None
    mg = mapping_graph(graph)

    def match(iri: str) -> bool:
        p = mg.provisions[iri]
        if kind is not None and p.kind != kind:
            return False
        return needle is None or any(needle in s.lower() for s in (p.id, p.notation, p.title))

    matched = 0

    def build(iri: str) -> Node | None:
        nonlocal matched
        kids = [n for n in (build(c) for c in mg.children.get(iri, ())) if n is not None]
        hit = match(iri)
        matched += hit
        return _node(mg, iri, kids) if hit or kids else None

    roots = [build(iri) for iri in mg.by_framework.get(fw, ()) if mg.provisions[iri].parent is None]
    return fw, [r for r in roots if r is not None], matched


@dataclass(frozen=True)
class Hit:
    id: str
    framework: str
    kind: str
    notation: str
    title: str
    score: int


def search(graph: Graph, q: str, framework_: str | None = None, limit: int = 20) -> list[Hit]:
    """Provisions by notation and title, best first: exact id or notation, notation prefix, a title word
    starting with the text, the text anywhere, then every word of it anywhere; ties in framework and document order."""
    needle = q.strip().lower()
    if not needle:
        raise InputError("q is empty: give a notation (A.8.25, art-15) or words of a title.")
    if not 1 <= limit <= 100:
        raise InputError(f"limit {limit} is not from 1 to 100.")
    fw = resolve_framework(framework_) if framework_ else None
    mg = mapping_graph(graph)
    hits: list[tuple[int, tuple[str, int, str], Hit]] = []
    for iri, p in mg.provisions.items():
        if fw is not None and p.framework != fw:
            continue
        local = p.id.split(":", 1)[1].lower()
        notation, title = p.notation.lower(), p.title.lower()
        if needle in (p.id.lower(), local, notation):
            score = 0
        elif notation.startswith(needle) or local.startswith(needle):
            score = 1
        elif any(w.startswith(needle) for w in title.split()) or title.startswith(needle):
            score = 2
        elif needle in title or needle in notation:
            score = 3
        elif all(word in title for word in needle.split()):
            score = 4
        else:
            continue
        hits.append((score, mg.order_key(iri), Hit(p.id, p.framework, p.kind, p.notation, p.title, score)))
    hits.sort(key=lambda h: (h[0], h[1]))
    return [h[2] for h in hits[:limit]]


def provision_obligations(graph: Graph, text: str) -> tuple[str, list[ObligationItem]]:
    """Obligations imposed by a provision or by any of its parts, in document order."""
    mg = mapping_graph(graph)
    p = resolve_in(graph, mg, text)
    scope = {p.iri, *mg.descendants(p.iri)}
    return p.id, [_obligation(mg, o) for o in mg.obligations if o.provision in scope]


def _obligation(mg: MappingGraph, o: ObligationInfo) -> ObligationItem:
    p = mg.provisions[o.provision]
    return ObligationItem(
        id=o.id,
        provision=p.id,
        notation=p.notation,
        role=o.role,
        risk_class=o.risk_class,
        routes=routes_of(mg.risk_broader, [o.risk_class]) if o.risk_class else [],
        applies_from=o.applies_from,
        summary=o.summary,
        condition=o.condition,
        date_rule=o.date_rule,
        date_source=o.date_source or "",
    )

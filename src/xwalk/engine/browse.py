"""Browsing the catalogs from the in-memory graph: a framework, its provision tree, search, obligations."""

from __future__ import annotations

from dataclasses import dataclass, field

from xwalk import vocab
from xwalk.engine import notation
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
    number = notation.number(q) if q else None  # "Art 15" finds Article 15 and its parts, as search does
    mg = mapping_graph(graph)

    def match(iri: str) -> bool:
        p = mg.provisions[iri]
        if kind is not None and p.kind != kind:
            return False
        if needle is None or any(needle in s.lower() for s in (p.id, p.notation, p.title)):
            return True
        return number is not None and any(
            k == number or (k.startswith(number) and k[len(number)] in "-.(")
            for k in (notation.key(p.id.split(":", 1)[1]), notation.key(p.notation))
        )

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


# The longest query read; a longer one is an error, not a silently cut search.
MAX_QUERY = 200


def search(graph: Graph, q: str, framework_: str | None = None, limit: int = 20) -> list[Hit]:
    """Provisions by number and title, best first. Scores: 0 the id or notation written any usual way
    ("Art. 15", "art 15", "Article 15", "A.8.25", "GV-1.1": engine.notation.key); 1 the same number in
    Annex A ("8.25" for A.8.25); 2 a part of a provision scored 0 or 1; 3 an id or notation that starts
    with the number (at a boundary: "art-1" is not the start of "art-10"); 4 a title word starting with
    the text; 5 the text anywhere in a title or notation; 6 every word of it in a title (4 to 6 only
    when the text is not a number).
    Ties in framework and document order, so the same query always gives the same list."""
    text = q.strip()
    if not text:
        raise InputError("q is empty: give a notation (A.8.25, Art. 15) or words of a title.")
    if len(text) > MAX_QUERY:
        raise InputError(f"q has {len(text)} characters; at most {MAX_QUERY}.")
    if not 1 <= limit <= 100:
        raise InputError(f"limit {limit} is not from 1 to 100.")
    fw = resolve_framework(framework_) if framework_ else None
    prefix, _, local = text.partition(":")
    if local and prefix.strip().lower() in vocab.PREFIX_FRAMEWORKS:
        # a CURIE (euaia:art-15, iso27001:A.8.25): that framework only, the rest is the number
        named = vocab.PREFIX_FRAMEWORKS[prefix.strip().lower()]
        if fw is not None and fw != named:
            return []
        fw, text = named, local
    needle, wanted, as_number = text.lower(), notation.key(text), notation.number(text)
    # a clause number may be an Annex A control's; words in titles are searched only for words, so
    # "Art. 15" and "art 15" give the same list (not every title that happens to hold "art" and "15")
    in_annex = "a." + as_number if as_number and as_number[0].isdigit() else None
    words = as_number is None
    mg = mapping_graph(graph)
    scores: dict[str, int] = {}
    for iri, p in mg.provisions.items():
        if fw is not None and p.framework != fw:
            continue
        keys = (notation.key(p.id.split(":", 1)[1]), notation.key(p.notation))
        title = p.title.lower()
        if wanted in keys:
            scores[iri] = 0
        elif in_annex in keys:
            scores[iri] = 1
        elif any(k.startswith(wanted) and k[len(wanted)] in "-.(" for k in keys if len(k) > len(wanted)):
            scores[iri] = 3
        elif not words:
            continue
        elif any(w.startswith(needle) for w in title.split()) or title.startswith(needle):
            scores[iri] = 4
        elif needle in title or needle in p.notation.lower():
            scores[iri] = 5
        elif all(word in title for word in needle.split()):
            scores[iri] = 6
    for iri in [i for i, s in scores.items() if s <= 1]:
        for part in mg.descendants(iri):
            if scores.get(part, 9) > 2:
                scores[part] = 2
    ranked = sorted(scores, key=lambda i: (scores[i], mg.order_key(i)))
    return [_hit(mg, iri, scores[iri]) for iri in ranked[:limit]]


def _hit(mg: MappingGraph, iri: str, score: int) -> Hit:
    p = mg.provisions[iri]
    return Hit(p.id, p.framework, p.kind, p.notation, p.title, score)


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

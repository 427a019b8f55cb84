"""Mapping sets and mappings: list, one set as JSON or SSSOM TSV, and mappings filtered by end or relation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xwalk import vocab
from xwalk.build.sssom import write_mapping_set
from xwalk.engine.context import Graph
from xwalk.engine.coverage import resolve_in
from xwalk.engine.mapgraph import mapping_graph
from xwalk.errors import InputError, NotFound
from xwalk.model.ids import ProvisionId, iri_to_curie, parse_curie
from xwalk.model.mapping import Mapping, MappingSet
from xwalk.model.relation import Relation
from xwalk.store.base import Row, Term


@dataclass(frozen=True)
class SetInfo:
    id: str
    iri: str
    title: str
    licence: str
    source_framework: str
    target_framework: str
    issued: str | None
    description: str | None
    creators: list[str]
    mappings: int


@dataclass(frozen=True)
class MappingItem:
    id: str
    mapping_set: str
    subject: str
    relation: str
    object: str
    strength: int
    status: str
    source: str
    rationale: str | None = None
    justification: str | None = None
    confidence: float | None = None
    comment: str | None = None


@dataclass(frozen=True)
class SetDetail:
    mapping_set: SetInfo
    count: int
    data: list[MappingItem] = field(default_factory=list)


def _opt(row: Row, name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None


def mapping_sets(graph: Graph) -> list[SetInfo]:
    return [
        SetInfo(
            id=r["set"].value.removeprefix(vocab.MAPPINGS),
            iri=r["set"].value,
            title=r["title"].value,
            licence=r["licence"].value,
            source_framework=r["from"].value.removeprefix(vocab.FW),
            target_framework=r["to"].value.removeprefix(vocab.FW),
            issued=_opt(r, "issued"),
            description=_opt(r, "description"),
            creators=sorted((_opt(r, "creators") or "").split()),
            mappings=int(r["mappings"].value),
        )
        for r in graph.select("engine/mapping-sets")
    ]


def _set(graph: Graph, text: str) -> SetInfo:
    wanted = text.strip().removeprefix(vocab.MAPPINGS)
    sets = mapping_sets(graph)
    for s in sets:
        if s.id == wanted:
            return s
    import difflib

    near = difflib.get_close_matches(wanted, [s.id for s in sets], n=3, cutoff=0.3)
    raise NotFound(f"mapping set {text!r} does not exist.", suggestions=near)


def _rows(graph: Graph, info: SetInfo) -> list[Row]:
    return graph.select("engine/mapping-set", {"set": Term.iri(info.iri)})


def mapping_set(graph: Graph, text: str) -> SetDetail:
    info = _set(graph, text)
    items = [
        MappingItem(
            id=r["mapping"].value,
            mapping_set=info.id,
            subject=iri_to_curie(r["subject"].value),
            relation=r["relation"].value.removeprefix(vocab.RELATION),
            object=iri_to_curie(r["object"].value),
            strength=int(r["strength"].value),
            status=r["status"].value.removeprefix(vocab.STATUS),
            source=r["source"].value.removeprefix(vocab.SOURCE),
            rationale=r["rationale"].value.removeprefix(vocab.RATIONALE),
            justification=iri_to_curie(r["justification"].value),
            confidence=float(c) if (c := _opt(r, "confidence")) is not None else None,
            comment=_opt(r, "comment"),
        )
        for r in _rows(graph, info)
    ]
    return SetDetail(info, len(items), items)


def _pid(iri: str) -> ProvisionId:
    pid = parse_curie(iri)
    if pid is None:
        raise InputError(f"{iri!r} in the graph is not a provision IRI.")
    return pid


def sssom_tsv(graph: Graph, text: str) -> str:
    """The set as SSSOM TSV, written by the same writer as the sources (build.sssom)."""
    info = _set(graph, text)
    mappings = tuple(
        Mapping(
            set_id=info.id,
            subject=_pid(r["subject"].value),
            object=_pid(r["object"].value),
            relation=Relation(r["relation"].value.removeprefix(vocab.RELATION)),
            strength=int(r["strength"].value),
            rationale=r["rationale"].value.removeprefix(vocab.RATIONALE),
            status=r["status"].value.removeprefix(vocab.STATUS),
            source=r["source"].value.removeprefix(vocab.SOURCE),
            justification=iri_to_curie(r["justification"].value),
            line=0,
            confidence=float(c) if (c := _opt(r, "confidence")) is not None else None,
            subject_label=_opt(r, "subjectLabel"),
            object_label=_opt(r, "objectLabel"),
            author=_opt(r, "author"),
            reviewer=_opt(r, "reviewer"),
            review_date=dt.date.fromisoformat(d) if (d := _opt(r, "reviewDate")) else None,
            comment=_opt(r, "comment"),
        )
        for r in _rows(graph, info)
    )
    ms = MappingSet(
        id=info.id,
        title=info.title,
        licence=info.licence,
        creators=tuple(info.creators),
        subject_framework=info.source_framework,
        object_framework=info.target_framework,
        file="",
        mapping_date=dt.date.fromisoformat(info.issued) if info.issued else None,
        description=info.description,
        mappings=mappings,
    )
    return write_mapping_set(ms)


def mappings(
    graph: Graph,
    subject: str | None = None,
    object_: str | None = None,
    relation: str | None = None,
    *,
    limit: int = 1000,
    offset: int = 0,
) -> tuple[int, list[MappingItem]]:
    """Curated mappings filtered by subject, object (CURIE or IRI) and relation; (total, one page)."""
    if relation is not None and relation not in {r.value for r in Relation}:
        raise InputError(f"relation {relation!r} is not one of {', '.join(r.value for r in Relation)}.")
    mg = mapping_graph(graph)
    s = resolve_in(graph, mg, subject).iri if subject else None
    o = resolve_in(graph, mg, object_).iri if object_ else None
    edges = mg.edges if s is None else tuple(h.edge for h in mg.adjacency.get(s, ()) if h.forward)
    found = [e for e in edges if (o is None or e.object == o) and (relation is None or e.relation.value == relation)]
    found.sort(key=lambda e: (e.mapping_set, e.subject, e.object, e.relation.value))
    items = [
        MappingItem(
            id=e.id,
            mapping_set=e.mapping_set,
            subject=iri_to_curie(e.subject),
            relation=e.relation.value,
            object=iri_to_curie(e.object),
            strength=e.strength,
            status=e.status,
            source=e.source,
        )
        for e in found[offset : offset + limit]
    ]
    return len(found), items

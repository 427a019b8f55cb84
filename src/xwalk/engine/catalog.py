"""Frameworks and provisions: look-ups, trees, and identifiers resolved with suggestions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from xwalk import vocab
from xwalk.engine.catalog_index import catalog_index, per_build
from xwalk.engine.context import Graph
from xwalk.errors import InputError, NotFound
from xwalk.model.ids import ProvisionId, iri_to_curie, parse_curie
from xwalk.store.base import Term


@dataclass(frozen=True)
class Ref:
    id: str
    notation: str
    title: str


@dataclass(frozen=True)
class MappingRef:
    mapping: str
    mapping_set: str
    subject: str
    object: str
    relation: str
    strength: int
    status: str
    source: str
    other: str
    other_title: str | None


@dataclass(frozen=True)
class ProvisionDetail:
    id: str
    iri: str
    framework: str
    kind: str
    notation: str
    title: str
    url: str | None
    summary: str | None
    ancestors: list[Ref] = field(default_factory=list)
    children: list[Ref] = field(default_factory=list)
    mappings: list[MappingRef] = field(default_factory=list)


def parse_id(text: str) -> ProvisionId:
    """A CURIE or IRI in a known framework's namespace; InputError naming the accepted prefixes otherwise."""
    pid = parse_curie(text)
    if pid is None:
        raise InputError(
            f"{text!r} is not a provision id: write a CURIE such as euaia:art-15 or iso42001:A.6.2.8, "
            f"with a prefix among {', '.join(sorted(vocab.PREFIX_FRAMEWORKS))}, or a full IRI."
        )
    return pid


def resolve(graph: Graph, text: str) -> ProvisionId:
    """A CURIE or IRI of an existing provision; NotFound with the closest real ids otherwise."""
    pid = parse_id(text)
    if not graph.store.ask("ASK { ?id a xw:Provision }", {"id": Term.iri(pid.iri)}):
        raise NotFound(f"provision {pid.curie} does not exist.", suggestions=suggest(graph, pid))
    return pid


def suggest(graph: Graph, pid: ProvisionId, limit: int = 5) -> list[str]:
    rows = graph.select("api/provision-ids")
    same = [iri_to_curie(r["id"].value) for r in rows if r["id"].value.startswith(f"{vocab.ID}{pid.framework}/")]
    pool = same or [iri_to_curie(r["id"].value) for r in rows]
    return difflib.get_close_matches(pid.curie, pool, n=limit, cutoff=0.6)


def provision(graph: Graph, text: str) -> ProvisionDetail:
    """From the catalog read once per build (engine/catalog_index.py): no query per request."""
    pid = parse_id(text)
    index = catalog_index(graph)
    known: ProvisionDetail | None = index.details.get(pid.iri)
    if known is not None:
        return known
    entry = index.provisions.get(pid.iri)
    if entry is None:
        pool = [iri_to_curie(i) for i in index.provisions]
        same = [c for c, i in zip(pool, index.provisions, strict=True) if i.startswith(f"{vocab.ID}{pid.framework}/")]
        suggestions = difflib.get_close_matches(pid.curie, same or pool, n=5, cutoff=0.6)
        raise NotFound(f"provision {pid.curie} does not exist.", suggestions=suggestions)

    def ref(iri: str) -> Ref:
        p = index.provisions[iri]
        return Ref(iri_to_curie(iri), p.notation, p.title)

    mappings = []
    for m, other in index.touching.get(pid.iri, ()):
        end = index.provisions.get(other)
        mappings.append(
            MappingRef(
                mapping=m.mapping,
                mapping_set=m.mapping_set.removeprefix(vocab.MAPPINGS),
                subject=iri_to_curie(m.subject),
                object=iri_to_curie(m.object),
                relation=m.relation,
                strength=m.strength,
                status=m.status,
                source=m.source,
                other=iri_to_curie(other),
                other_title=end.title if end else None,
            )
        )
    detail = index.details[pid.iri] = ProvisionDetail(
        id=pid.curie,
        iri=pid.iri,
        framework=entry.framework,
        kind=entry.kind,
        notation=entry.notation,
        title=entry.title,
        url=entry.url,
        summary=entry.summary,
        ancestors=[ref(a) for a in index.ancestors(pid.iri)],
        children=[ref(c) for c in index.children.get(pid.iri, ())],
        mappings=mappings,
    )
    return detail


@dataclass(frozen=True)
class FrameworkInfo:
    id: str
    title: str
    short_title: str
    issuer: str
    version: str
    issued: str
    url: str
    licence: str
    provisions: int


def frameworks(graph: Graph) -> list[FrameworkInfo]:
    """Read once per build: /health asks on every probe, and the count over every provision is not free."""
    return list(per_build(graph, "frameworks", lambda: tuple(_frameworks(graph))))


def _frameworks(graph: Graph) -> list[FrameworkInfo]:
    return [
        FrameworkInfo(
            id=r["fw"].value.removeprefix(vocab.FW),
            title=r["title"].value,
            short_title=r["label"].value,
            issuer=r["issuer"].value,
            version=r["version"].value,
            issued=r["issued"].value,
            url=r["url"].value,
            licence=r["licence"].value,
            provisions=int(r["provisions"].value),
        )
        for r in graph.select("api/frameworks")
    ]

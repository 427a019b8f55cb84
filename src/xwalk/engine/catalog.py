"""Frameworks and provisions: look-ups, trees, and identifiers resolved with suggestions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from xwalk import vocab
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


def resolve(graph: Graph, text: str) -> ProvisionId:
    """A CURIE or IRI of an existing provision; NotFound with the closest real ids otherwise."""
    pid = parse_curie(text)
    if pid is None:
        raise InputError(
            f"{text!r} is not a provision id: write a CURIE such as euaia:art-15 or iso42001:A.6.2.8, "
            f"with a prefix among {', '.join(sorted(vocab.PREFIX_FRAMEWORKS))}, or a full IRI."
        )
    if not graph.store.ask("ASK { ?id a xw:Provision }", {"id": Term.iri(pid.iri)}):
        raise NotFound(f"provision {pid.curie} does not exist.", suggestions=suggest(graph, pid))
    return pid


def suggest(graph: Graph, pid: ProvisionId, limit: int = 5) -> list[str]:
    rows = graph.select("api/provision-ids")
    same = [iri_to_curie(r["id"].value) for r in rows if r["id"].value.startswith(f"{vocab.ID}{pid.framework}/")]
    pool = same or [iri_to_curie(r["id"].value) for r in rows]
    return difflib.get_close_matches(pid.curie, pool, n=limit, cutoff=0.6)


def _refs(rows: list[dict[str, Term]], key: str) -> list[Ref]:
    return [Ref(iri_to_curie(r[key].value), r["notation"].value, r["title"].value) for r in rows]


def provision(graph: Graph, text: str) -> ProvisionDetail:
    pid = resolve(graph, text)
    b = {"id": Term.iri(pid.iri)}
    rows = graph.select("api/provision", b)
    row = rows[0]
    kind = row["kind"].value.removeprefix(vocab.XW)
    mappings = [
        MappingRef(
            mapping=r["mapping"].value,
            mapping_set=r["set"].value.removeprefix(vocab.MAPPINGS),
            subject=iri_to_curie(r["subject"].value),
            object=iri_to_curie(r["object"].value),
            relation=r["relation"].value.removeprefix(vocab.RELATION),
            strength=int(r["strength"].value),
            status=r["status"].value.removeprefix(vocab.STATUS),
            source=r["source"].value.removeprefix(vocab.SOURCE),
            other=iri_to_curie(r["other"].value),
            other_title=r["otherTitle"].value if "otherTitle" in r else None,
        )
        for r in graph.select("api/provision-mappings", b)
    ]
    return ProvisionDetail(
        id=pid.curie,
        iri=pid.iri,
        framework=row["fw"].value.removeprefix(vocab.FW),
        kind=kind,
        notation=row["notation"].value,
        title=row["title"].value,
        url=row["url"].value if "url" in row else None,
        summary=row["summary"].value if "summary" in row else None,
        ancestors=_refs(graph.select("api/ancestors", b), "ancestor"),
        children=_refs(graph.select("api/children", b), "child"),
        mappings=mappings,
    )


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

"""Read an organisation profile from JSON, Turtle or JSON-LD (docs/profile.md).

RDF profiles use the ontology's organisation terms (xw:Organisation, xw:AISystem, xw:Implementation,
xw:Evidence, xw:ApplicabilityStatement); the two facts the ontology has no term for are read from
Dublin Core: the as-of date is the organisation's `dcterms:date`, each target framework a
`dcterms:conformsTo`. The RDF is turned into the JSON form and checked by the one model, so errors
name the same JSON pointers whichever syntax came in.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from xwalk import vocab
from xwalk.errors import InvalidProfile, UnsupportedMediaType
from xwalk.model.ids import iri_to_curie
from xwalk.model.org import ORGANISATION_FACTS, SYSTEM_FACTS, Fact
from xwalk.model.profile import Profile, parse_profile

MEDIA_TYPES = {
    "application/json": "json",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "jsonld",
}
_RDF = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}
BASE = "https://w3id.org/xwalk/profile/"

XW, DC, RDFS, SKOS, FOAF = vocab.XW, vocab.DCTERMS, vocab.RDFS, vocab.SKOS, vocab.FOAF


def syntax_of(media_type: str | None) -> str:
    kind = (media_type or "application/json").split(";")[0].strip().lower()
    if kind not in MEDIA_TYPES:
        raise UnsupportedMediaType(
            f"a profile is sent as {', '.join(sorted(MEDIA_TYPES))}; got {kind!r}.",
            extra={"accepted": sorted(MEDIA_TYPES)},
        )
    return MEDIA_TYPES[kind]


def read_profile(data: bytes, syntax: str = "json", *, strict: bool = True) -> Profile:
    """A checked profile from bytes in `syntax` (json, turtle, jsonld); `strict` as in `parse_profile`."""
    if syntax == "json":
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidProfile([("", f"not JSON: {exc}")]) from None
        return parse_profile(raw, strict=strict)
    return parse_profile(profile_from_rdf(data, syntax), strict=strict)


class _Graph:
    def __init__(self, triples: list[ox.Triple]) -> None:
        self.out: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for t in triples:
            self.out[_key(t.subject)][t.predicate.value].append(t.object)

    def all(self, node: str, prop: str) -> list[Any]:
        return sorted(self.out.get(node, {}).get(prop, []), key=str)

    def one(self, node: str, *props: str) -> str | None:
        for prop in props:
            values = self.all(node, prop)
            if values:
                return str(values[0].value)
        return None

    def typed(self, cls: str) -> list[str]:
        return sorted(s for s, po in self.out.items() if any(o.value == cls for o in po.get(vocab.RDF_TYPE, [])))


def _key(term: Any) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(term.value)


def _local(node: str) -> str:
    return node.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1].removeprefix("_:")


def _facts(g: _Graph, node: str, facts: tuple[Fact, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in facts:
        value = g.one(node, XW + f.term)
        if value is None:
            continue
        if f.kind == "boolean":
            out[f.key] = {"true": True, "1": True, "false": False, "0": False}.get(value, value)
        elif f.kind == "decimal":
            try:
                out[f.key] = float(value)
            except ValueError:
                out[f.key] = value  # the model reports it, by pointer
        else:
            out[f.key] = value
    return out


def _points(g: _Graph, node: str) -> dict[str, Any]:
    points = sorted(iri_to_curie(str(p.value)) for p in g.all(node, XW + "annexIIIPoint"))
    if g.one(node, XW + "noAnnexIIIUse") in ("true", "1"):
        return {"annex_iii_points": points}  # [] unless it also names points: the model then sees both
    if len(points) == 1:
        return {"annex_iii_point": points[0]}
    return {"annex_iii_points": points} if points else {}


def profile_from_rdf(data: bytes, syntax: str) -> dict[str, Any]:
    """The JSON form of a profile stated in RDF; the model then checks it."""
    try:
        triples = [q.triple for q in ox.parse(data, format=_RDF[syntax], base_iri=BASE)]
    except SyntaxError as exc:
        raise InvalidProfile([("", f"not valid {syntax}: {exc}")]) from None
    g = _Graph(triples)
    orgs = g.typed(XW + "Organisation")
    if len(orgs) != 1:
        raise InvalidProfile([("/organisation", f"the profile must describe one xw:Organisation, found {len(orgs)}")])
    org = orgs[0]
    name = g.one(org, RDFS + "label", FOAF + "name", SKOS + "prefLabel", DC + "title")
    out: dict[str, Any] = {
        "organisation": {
            "name": name,
            **({} if org.startswith("_:") else {"id": org}),
            **_facts(g, org, ORGANISATION_FACTS),
        },
        "as_of": g.one(org, DC + "date"),
        "targets": [str(t.value).removeprefix(vocab.FW) for t in g.all(org, DC + "conformsTo")],
    }
    systems = []
    for s in sorted(_key(o) for o in g.all(org, XW + "hasSystem")):
        entry = {
            "id": g.one(s, DC + "identifier") or _local(s),
            "name": g.one(s, RDFS + "label", SKOS + "prefLabel", DC + "title"),
            "purpose": g.one(s, DC + "description"),
            "role": (g.one(s, XW + "organisationRole") or "").removeprefix(vocab.ROLE),
            "risk_classes": [str(r.value).removeprefix(vocab.RISK) for r in g.all(s, XW + "systemRiskClass")],
            **_points(g, s),
            **_facts(g, s, SYSTEM_FACTS),
        }
        systems.append({k: v for k, v in entry.items() if v is not None})
    ids = {s: e["id"] for s, e in zip(sorted(_key(o) for o in g.all(org, XW + "hasSystem")), systems, strict=True)}
    out["ai_systems"] = systems
    evidence: dict[str, dict[str, Any]] = {}

    def read_evidence(key: str) -> str:
        eid = g.one(key, DC + "identifier") or _local(key)
        item = {
            "id": eid,
            "type": (g.one(key, DC + "type") or "").rsplit("/", 1)[-1],
            "title": g.one(key, RDFS + "label", DC + "title"),
            "ref": g.one(key, RDFS + "seeAlso", DC + "source"),
        }
        evidence[eid] = {k: v for k, v in item.items() if v is not None}
        return eid

    typed_evidence = set(g.typed(XW + "Evidence"))
    for node in sorted(typed_evidence):
        read_evidence(node)
    implementations = []
    for node in g.typed(XW + "Implementation"):
        refs = []
        for e in g.all(node, XW + "evidence"):
            key = _key(e)
            # a cited node that is not typed xw:Evidence is a citation of evidence that does not exist
            refs.append(read_evidence(key) if key in typed_evidence else g.one(key, DC + "identifier") or _local(key))
        implementations.append(
            {
                "provision": iri_to_curie(g.one(node, XW + "implements") or ""),
                "status": g.one(node, XW + "implementationStatus"),
                "evidence": refs,
                **({"note": n} if (n := g.one(node, vocab.RDFS + "comment")) else {}),
            }
        )
    out["evidence"] = [evidence[k] for k in sorted(evidence)]
    out["implementations"] = implementations
    out["exclusions"] = [
        {
            k: v
            for k, v in {
                "provision": iri_to_curie(g.one(node, XW + "aboutProvision") or ""),
                "justification": g.one(node, XW + "justification"),
            }.items()
            if v is not None
        }
        for node in g.typed(XW + "ApplicabilityStatement")
        if g.one(node, XW + "included") in ("false", "0")
    ]
    scopes = [
        {
            "framework": (g.one(node, XW + "scopeFramework") or "").removeprefix(vocab.FW),
            "statement": g.one(node, RDFS + "comment", DC + "description"),
            "ai_systems": sorted(ids.get(_key(s), _local(_key(s))) for s in g.all(node, XW + "coversSystem")),
        }
        for node in g.typed(XW + "ManagementSystemScope")
    ]
    if scopes:
        out["scopes"] = scopes
    return out

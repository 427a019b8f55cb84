"""An organisation profile as RDF (N-Triples), with the JSON pointer of every node.

The classification rules (queries/rules/) and the conformance shapes (ontology/shapes/org/) read
this graph. Terms are those of the JSON-LD @context (`context()`, served at
/api/v1/schemas/profile.jsonld), so the JSON of a profile read with that context states the same
facts. Node IRIs are minted under `BASE` from the profile's own ids; `pointers` maps each back to
where it is in the profile as sent, so a finding can say where to fix it.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from xwalk import vocab
from xwalk.model.ids import expand
from xwalk.model.org import ORGANISATION_FACTS, SYSTEM_FACTS, Fact
from xwalk.model.profile import Profile

BASE = "https://w3id.org/xwalk/profile/"
EVTYPE = "https://w3id.org/xwalk/vocab/evidence-type/"
XW, RDF_TYPE, RDFS, DC = vocab.XW, vocab.RDF_TYPE, vocab.RDFS, vocab.DCTERMS
_XSD = {"boolean": "boolean", "decimal": "double", "date": "date", "text": "string"}


@functools.lru_cache(maxsize=8192)  # the same ids are minted several times per request
def system_iri(sid: str) -> str:
    return f"{BASE}system/{quote(sid, safe='')}"


@functools.lru_cache(maxsize=8192)
def evidence_iri(eid: str) -> str:
    return f"{BASE}evidence/{quote(eid, safe='')}"


_BOOLEAN = {True: f'"true"^^<{vocab.XSD}boolean>', False: f'"false"^^<{vocab.XSD}boolean>'}


def _lit(value: object, kind: str) -> str:
    if kind == "boolean":
        return _BOOLEAN[bool(value)]
    text = repr(float(value)) if kind == "decimal" else str(value)  # type: ignore[arg-type]
    return json.dumps(text, ensure_ascii=False) + f"^^<{vocab.XSD}{_XSD[kind]}>"


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass
class OrgGraph:
    """N-Triples lines (sorted on output) and, per node IRI, its JSON pointer and its own id.
    `facts` is the part about the organisation and its AI systems, the only part the classification
    rules read (queries/rules/); the records (evidence, implementations, exclusions, scopes) are the rest."""

    lines: set[str] = field(default_factory=set)
    facts: str = ""  # N-Triples of the organisation and its systems, sorted
    pointers: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    duties: dict[str, str] = field(default_factory=dict)  # duty node -> its provision (engine/conformance.py)
    organisation: str = ""

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.add(f"<{s}> <{p}> {o} .\n")

    def iri(self, s: str, p: str, o: str) -> None:
        self.add(s, p, f"<{o}>")

    def ntriples(self) -> str:
        return "".join(sorted(self.lines))


def _facts(g: OrgGraph, node: str, obj: Any, facts: tuple[Fact, ...]) -> None:
    for f in facts:
        value = getattr(obj, f.key)
        if value is not None:
            g.add(node, XW + f.term, _lit(value.isoformat() if f.kind == "date" else value, f.kind))


def org_graph(profile: Profile, *, records: bool = True) -> OrgGraph:
    """The profile's facts as triples, and its records unless `records` is false (classification
    reads only the facts). Provisions are referred to by IRI only: whether they exist is for the
    conformance shapes to say, against the catalogs."""
    g = OrgGraph()
    org = (
        profile.organisation.id
        if profile.organisation.id and "://" in profile.organisation.id
        else BASE + "organisation"
    )
    g.organisation = org
    g.pointers[org], g.labels[org] = "/organisation", profile.organisation.name
    g.iri(org, RDF_TYPE, XW + "Organisation")
    g.add(org, RDFS + "label", _text(profile.organisation.name))
    _facts(g, org, profile.organisation, ORGANISATION_FACTS)
    for fw in profile.targets:
        g.iri(org, DC + "conformsTo", vocab.FW + fw)
    for i, s in enumerate(profile.ai_systems):
        node = system_iri(s.id)
        g.pointers[node], g.labels[node] = f"/ai_systems/{i}", s.id
        g.iri(org, XW + "hasSystem", node)
        # A general-purpose AI model is not an AI system until it is built into one: the system rules
        # (Art 5, 6, 50) and the facts shapes do not read it.
        g.iri(node, RDF_TYPE, XW + ("GPAIModel" if s.gpai_model else "AISystem"))
        g.add(node, DC + "identifier", _text(s.id))
        g.iri(node, XW + "organisationRole", vocab.ROLE + s.role)
        for rc in s.risk_classes:
            g.iri(node, XW + "systemRiskClass", vocab.RISK + rc)
        points = s.points()
        for point in points or []:
            g.iri(node, XW + "annexIIIPoint", expand(point) or point)
        if points == []:
            g.add(node, XW + "noAnnexIIIUse", _lit(True, "boolean"))
        _facts(g, node, s, SYSTEM_FACTS)
    g.facts = g.ntriples()
    if records:
        _records(g, profile, org)
    return g


def _records(g: OrgGraph, profile: Profile, org: str) -> None:
    for i, e in enumerate(profile.evidence):
        node = evidence_iri(e.id)
        g.pointers[node], g.labels[node] = f"/evidence/{i}", e.id
        g.iri(org, XW + "hasEvidence", node)
        g.iri(node, RDF_TYPE, XW + "Evidence")
        g.add(node, DC + "identifier", _text(e.id))
        g.iri(node, XW + "evidenceType", EVTYPE + e.type)
    for i, m in enumerate(profile.implementations):
        node = f"{BASE}implementation/{i}"
        g.pointers[node], g.labels[node] = f"/implementations/{i}", m.provision
        g.iri(node, RDF_TYPE, XW + "Implementation")
        g.iri(node, XW + "implementedBy", org)
        target = expand(m.provision) or m.provision
        g.iri(node, XW + "implements", target)
        g.pointers.setdefault(target, f"/implementations/{i}/provision")
        g.labels.setdefault(target, m.provision)
        g.add(node, XW + "implementationStatus", _text(m.status))
        for j, ref in enumerate(m.evidence):
            cited = evidence_iri(ref)
            g.iri(node, XW + "evidence", cited)
            g.pointers.setdefault(cited, f"/implementations/{i}/evidence/{j}")
            g.labels.setdefault(cited, ref)
    for i, x in enumerate(profile.exclusions):
        node = f"{BASE}exclusion/{i}"
        g.pointers[node], g.labels[node] = f"/exclusions/{i}", x.provision
        g.iri(node, RDF_TYPE, XW + "ApplicabilityStatement")
        target = expand(x.provision) or x.provision
        g.iri(node, XW + "aboutProvision", target)
        g.pointers.setdefault(target, f"/exclusions/{i}/provision")
        g.labels.setdefault(target, x.provision)
        g.add(node, XW + "included", _lit(False, "boolean"))
        if x.justification:
            g.add(node, XW + "justification", _text(x.justification))
    for i, sc in enumerate(profile.scopes):
        node = f"{BASE}scope/{i}"
        g.pointers[node], g.labels[node] = f"/scopes/{i}", sc.framework
        g.iri(node, RDF_TYPE, XW + "ManagementSystemScope")
        g.iri(node, XW + "scopeFramework", vocab.FW + sc.framework)
        g.add(node, RDFS + "comment", _text(sc.statement))
        for ref in sc.ai_systems:
            g.iri(node, XW + "coversSystem", system_iri(ref))


def context() -> dict[str, Any]:
    """The JSON-LD @context that reads a profile's JSON as RDF in the terms of this graph."""
    terms: dict[str, Any] = {
        "xw": XW,
        "xsd": vocab.XSD,
        "dcterms": DC,
        "rdfs": RDFS,
        "fw": vocab.FW,
        "evtype": EVTYPE,
        **{p: b for p, b in sorted(vocab.PREFIXES.items()) if p in vocab.PREFIX_FRAMEWORKS},
        # The profile object is the organisation: its own fields nest in `organisation`.
        "organisation": "@nest",
        "id": "@id",
        "name": "rdfs:label",
        "as_of": {"@id": "dcterms:date", "@type": "xsd:date"},
        "targets": {"@id": "dcterms:conformsTo", "@type": "@vocab", "@context": {"@vocab": vocab.FW}},
        "ai_systems": {"@id": "xw:hasSystem", "@container": "@set"},
        "purpose": "dcterms:description",
        "role": {"@id": "xw:organisationRole", "@type": "@vocab", "@context": {"@vocab": vocab.ROLE}},
        "risk_classes": {"@id": "xw:systemRiskClass", "@type": "@vocab", "@context": {"@vocab": vocab.RISK}},
        "annex_iii_point": {"@id": "xw:annexIIIPoint", "@type": "@id"},
        "annex_iii_points": {"@id": "xw:annexIIIPoint", "@type": "@id", "@container": "@set"},
        "flags": "rdfs:comment",
        "evidence": {"@id": "xw:hasEvidence", "@container": "@set"},
        "type": {"@id": "xw:evidenceType", "@type": "@vocab", "@context": {"@vocab": EVTYPE}},
        "title": "rdfs:label",
        "ref": "dcterms:source",
        "implementations": {
            "@reverse": "xw:implementedBy",
            "@container": "@set",
            "@context": {
                "provision": {"@id": "xw:implements", "@type": "@id"},
                "evidence": {"@id": "xw:evidence", "@type": "@id"},
            },
        },
        "status": "xw:implementationStatus",
        "note": "rdfs:comment",
        "exclusions": {
            "@id": "xw:hasApplicabilityStatement",
            "@container": "@set",
            "@context": {"provision": {"@id": "xw:aboutProvision", "@type": "@id"}},
        },
        "justification": "xw:justification",
        "scopes": {
            "@id": "xw:hasScope",
            "@container": "@set",
            "@context": {"ai_systems": {"@id": "xw:coversSystem", "@type": "@id"}},
        },
        "framework": {"@id": "xw:scopeFramework", "@type": "@vocab", "@context": {"@vocab": vocab.FW}},
        "statement": "rdfs:comment",
    }
    for f in (*SYSTEM_FACTS, *ORGANISATION_FACTS):
        terms[f.key] = {"@id": f"xw:{f.term}", "@type": f"xsd:{_XSD[f.kind]}"}
    return {"@context": terms}

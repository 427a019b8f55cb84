"""The model as RDF quads: one named graph per framework, per mapping set, plus sources."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Quad

from xwalk import vocab
from xwalk.model.catalog import Catalogs, Framework, ObligationCatalog, SourceDocument, exhaustive
from xwalk.model.mapping import MappingSet

XSD_DATE = NamedNode(vocab.XSD + "date")
XSD_INT = NamedNode(vocab.XSD + "integer")
XSD_DECIMAL = NamedNode(vocab.XSD + "decimal")
XSD_BOOL = NamedNode(vocab.XSD + "boolean")
SOURCES_GRAPH = vocab.GRAPH + "sources"


def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


def xw(term: str) -> NamedNode:
    return NamedNode(vocab.XW + term)


TYPE = _n(vocab.RDF_TYPE)
LABEL = _n(vocab.SKOS + "prefLabel")
NOTATION = _n(vocab.SKOS + "notation")
TITLE = _n(vocab.DCTERMS + "title")
DESCRIPTION = _n(vocab.DCTERMS + "description")
LICENSE = _n(vocab.DCTERMS + "license")
SOURCE = _n(vocab.DCTERMS + "source")
SEE_ALSO = _n(vocab.RDFS + "seeAlso")
RDFS_LABEL = _n(vocab.RDFS + "label")


class _Quads:
    def __init__(self, graph: str) -> None:
        self.graph = _n(graph)
        self.quads: list[Quad] = []

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.quads.append(Quad(s, p, o, self.graph))

    def text(self, s: NamedNode, p: NamedNode, value: str | None, lang: str | None = None) -> None:
        if value is not None:
            self.add(s, p, Literal(value, language=lang) if lang else Literal(value))


def framework_quads(fw: Framework, obligations: ObligationCatalog | None) -> list[Quad]:
    q = _Quads(vocab.framework_graph(fw.id))
    node = _n(vocab.framework_iri(fw.id))
    q.add(node, TYPE, xw("Framework"))
    q.text(node, TITLE, fw.title, "en")
    q.text(node, RDFS_LABEL, fw.short_title, "en")
    q.text(node, _n(vocab.DCTERMS + "publisher"), fw.issuer)
    q.text(node, _n(vocab.OWL + "versionInfo"), fw.version)
    q.add(node, _n(vocab.DCTERMS + "issued"), Literal(fw.issued.isoformat(), datatype=XSD_DATE))
    q.add(node, SEE_ALSO, _n(fw.url))
    q.add(node, LICENSE, _n(fw.licence))
    q.text(node, xw("prefix"), fw.prefix)
    q.text(node, _n(vocab.DCTERMS + "rights"), fw.rights, "en")
    q.text(node, xw("textVersion"), fw.text_version, "en")
    if fw.supersedes:
        q.add(node, xw("supersedes"), _n(vocab.framework_iri(fw.supersedes)))
    part_kinds: dict[str, list[str]] = {}
    for p in fw.provisions:
        if p.parent is not None:
            part_kinds.setdefault(p.parent, []).append(p.kind)
    for p in fw.provisions:
        pn = _n(vocab.provision_iri(fw.id, p.local_id))
        q.add(pn, TYPE, xw("Provision"))
        q.add(pn, TYPE, xw(p.kind))
        q.add(pn, xw("inFramework"), node)
        q.text(pn, NOTATION, p.notation)
        q.text(pn, LABEL, p.title, "en")
        q.add(pn, xw("order"), Literal(str(p.order), datatype=XSD_INT))
        q.text(pn, DESCRIPTION, p.summary, "en")
        if p.url:
            q.add(pn, SEE_ALSO, _n(p.url))
        if p.parent is not None:
            q.add(pn, xw("partOf"), _n(vocab.provision_iri(fw.id, p.parent)))
        for flag in p.flags:
            q.text(pn, xw("flag"), flag)
        if "new-in-2022" in p.flags:
            q.add(pn, xw("newIn2022"), Literal("true", datatype=XSD_BOOL))
        if p.local_id in part_kinds:  # the effective value, so SPARQL users and the engine read one rule
            whole = exhaustive(p.exhaustive, p.kind, part_kinds[p.local_id])
            q.add(pn, xw("exhaustive"), Literal("true" if whole else "false", datatype=XSD_BOOL))
    if obligations is not None:
        _obligation_quads(q, obligations)
    return q.quads


def _obligation_quads(q: _Quads, oc: ObligationCatalog) -> None:
    fw_node = _n(vocab.framework_iri(oc.framework))
    q.text(fw_node, xw("obligationsTextVersion"), oc.text_version, "en")
    for d in oc.dates:
        dn = _n(f"{vocab.ID}{oc.framework}/date/{d.id}")
        q.add(dn, TYPE, xw("ApplicationDate"))
        q.add(dn, xw("date"), Literal(d.date.isoformat(), datatype=XSD_DATE))
        q.text(dn, RDFS_LABEL, d.label, "en")
        q.add(dn, SOURCE, _n(d.source))
        q.text(dn, _n(vocab.RDFS + "comment"), d.note, "en")
    for ob in oc.obligations:
        on = _n(f"{vocab.ID}{oc.framework}/{ob.local_id}")
        q.add(on, TYPE, xw("Obligation"))
        q.add(on, xw("imposedBy"), _n(vocab.provision_iri(oc.framework, ob.provision)))
        q.add(on, xw("role"), _n(vocab.ROLE + ob.role))
        if ob.risk_class:
            q.add(on, xw("riskClass"), _n(vocab.RISK + ob.risk_class))
        q.add(on, xw("appliesFrom"), Literal(ob.applies_from.isoformat(), datatype=XSD_DATE))
        q.add(on, xw("dateRule"), _n(f"{vocab.ID}{oc.framework}/date/{ob.date_rule}"))
        q.text(on, DESCRIPTION, ob.summary, "en")
        q.text(on, xw("condition"), ob.condition, "en")
        q.text(on, xw("dateBasis"), ob.date_basis, "en")


def mapping_set_quads(ms: MappingSet) -> list[Quad]:
    q = _Quads(vocab.mapping_set_graph(ms.id))
    node = _n(vocab.mapping_set_iri(ms.id))
    q.add(node, TYPE, xw("MappingSet"))
    q.text(node, TITLE, ms.title, "en")
    q.add(node, LICENSE, _n(ms.licence))
    for c in ms.creators:
        q.add(node, _n(vocab.DCTERMS + "creator"), _n(c) if c.startswith("http") else Literal(c))
    q.add(node, xw("sourceFramework"), _n(vocab.framework_iri(ms.subject_framework)))
    q.add(node, xw("targetFramework"), _n(vocab.framework_iri(ms.object_framework)))
    if ms.mapping_date:
        q.add(node, _n(vocab.DCTERMS + "issued"), Literal(ms.mapping_date.isoformat(), datatype=XSD_DATE))
    q.text(node, DESCRIPTION, ms.description, "en")
    if ms.citation_as_published:
        q.add(node, xw("citationAsPublished"), Literal("true", datatype=XSD_BOOL))
    for m in ms.mappings:
        mn = _n(f"{vocab.mapping_set_iri(ms.id)}/{m.key}")
        q.add(mn, TYPE, xw("Mapping"))
        q.add(mn, xw("inMappingSet"), node)
        q.add(mn, xw("subject"), _n(m.subject.iri))
        q.add(mn, xw("object"), _n(m.object.iri))
        q.add(mn, xw("relation"), _n(vocab.RELATION + m.relation.value))
        q.add(mn, _n(vocab.SSSOM + "predicate_id"), _n(m.relation.skos_predicate))
        q.add(mn, xw("strength"), Literal(str(m.strength), datatype=XSD_INT))
        q.add(mn, xw("rationale"), _n(vocab.RATIONALE + m.rationale))
        q.add(mn, xw("status"), _n(vocab.STATUS + m.status))
        q.add(mn, xw("mappingSource"), _n(vocab.source_iri(m.source)))
        q.add(mn, _n(vocab.SSSOM + "mapping_justification"), _n(vocab.SEMAPV + m.justification.split(":", 1)[-1]))
        if m.confidence is not None:
            q.add(mn, _n(vocab.SSSOM + "confidence"), Literal(f"{m.confidence:g}", datatype=XSD_DECIMAL))
        if m.author:
            q.add(mn, _n(vocab.DCTERMS + "creator"), _n(m.author) if m.author.startswith("http") else Literal(m.author))
        q.text(mn, xw("reviewer"), m.reviewer)
        if m.review_date:
            q.add(mn, xw("reviewDate"), Literal(m.review_date.isoformat(), datatype=XSD_DATE))
        q.text(mn, _n(vocab.RDFS + "comment"), m.comment, "en")
    return q.quads


def source_quads(sources: Iterable[SourceDocument]) -> Iterator[Quad]:
    q = _Quads(SOURCES_GRAPH)
    for s in sources:
        node = _n(vocab.source_iri(s.id))
        q.add(node, TYPE, xw("SourceDocument"))
        q.text(node, TITLE, s.title, "en")
        q.text(node, _n(vocab.DCTERMS + "publisher"), s.publisher)
        if s.url:
            q.add(node, SEE_ALSO, _n(s.url))
        if s.licence:
            q.add(node, LICENSE, _n(s.licence) if s.licence.startswith("http") else Literal(s.licence))
        q.text(node, _n(vocab.RDFS + "comment"), s.note, "en")
        q.text(node, _n(vocab.DCTERMS + "issued"), s.issued)
    return iter(q.quads)


def catalog_quads(catalogs: Catalogs) -> list[Quad]:
    quads: list[Quad] = []
    for fw in sorted(catalogs.frameworks.values(), key=lambda f: f.id):
        quads.extend(framework_quads(fw, catalogs.obligations.get(fw.id)))
    quads.extend(source_quads(sorted(catalogs.sources.values(), key=lambda s: s.id)))
    return quads

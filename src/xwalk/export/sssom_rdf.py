"""SSSOM/RDF (Turtle), in and out, after the SSSOM RDF serialisation rules: the set is a named
sssom:MappingSet, each mapping an owl:Axiom named by its record_id (our mapping IRI) with
owl:annotatedSource / annotatedProperty / annotatedTarget, negation as
sssom:predicate_modifier sssom:NegatedPredicate, and the project's extra columns as declared
extension slots. Nothing is lost; the row order of the TSV is (RDF has none: rows come back
sorted by subject, object and relation)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from xwalk import vocab
from xwalk.build.sssom import EXTENSIONS, LINKML, SET_EXTENSIONS
from xwalk.errors import Problem
from xwalk.export.base import Imported, ImportOptions, Written, date_of, framework_from, mapping_iri
from xwalk.model.catalog import Catalogs
from xwalk.model.ids import parse_mapping_end
from xwalk.model.mapping import Mapping, MappingSet
from xwalk.model.relation import Relation

OWL = vocab.OWL
SSSOM = vocab.SSSOM
DCT = vocab.DCTERMS
PAV = "http://purl.org/pav/"
XSD = vocab.XSD
TYPES = {
    "linkml:string": XSD + "string",
    "linkml:integer": XSD + "integer",
    "linkml:date": XSD + "date",
    "linkml:boolean": XSD + "boolean",
}
PREDICATE_RELATION = {
    vocab.SKOS + "exactMatch": Relation.EQUAL,
    vocab.SKOS + "broadMatch": Relation.SUBSET_OF,
    vocab.SKOS + "narrowMatch": Relation.SUPERSET_OF,
    vocab.SKOS + "relatedMatch": Relation.INTERSECTS_WITH,
    vocab.SKOS + "closeMatch": Relation.INTERSECTS_WITH,
}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _curie(text: str) -> str:
    prefix, _, local = text.partition(":")
    base = {"xw": vocab.XW, "linkml": LINKML}.get(prefix, "")
    return base + local


def _lit(value: str, hint: str) -> ox.Literal:
    return ox.Literal(value, datatype=_n(TYPES[hint]))


def write_sssom_rdf(ms: MappingSet, catalogs: Catalogs) -> Written:
    triples: list[ox.Triple] = []
    s = _n(vocab.mapping_set_iri(ms.id))

    def add(subject: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode) -> None:
        triples.append(ox.Triple(subject, _n(p), o))

    add(s, vocab.RDF_TYPE, _n(SSSOM + "MappingSet"))
    add(s, DCT + "title", ox.Literal(ms.title))
    if ms.description:
        add(s, DCT + "description", ox.Literal(ms.description))
    if ms.licence:
        add(s, DCT + "license", _n(ms.licence))
    for c in ms.creators:
        add(s, DCT + "creator", _n(c) if c.startswith("http") else ox.Literal(c))
    add(s, SSSOM + "subject_source", _n(vocab.framework_iri(ms.subject_framework)))
    add(s, SSSOM + "object_source", _n(vocab.framework_iri(ms.object_framework)))
    if ms.mapping_date:
        add(s, DCT + "created", _lit(ms.mapping_date.isoformat(), "linkml:date"))
    if ms.mirror_of:
        add(s, _curie("xw:mirrorOf"), _lit(ms.mirror_of, "linkml:string"))
    if ms.citation_as_published:
        add(s, _curie("xw:citationAsPublished"), _lit("true", "linkml:boolean"))
    for name, (prop, hint) in {**EXTENSIONS, **SET_EXTENSIONS}.items():
        b = ox.BlankNode(f"ext_{name}")  # fixed labels keep the output stable
        add(s, SSSOM + "extension_definitions", b)
        add(b, SSSOM + "slot_name", ox.Literal(name))
        add(b, SSSOM + "property", _n(_curie(prop)))
        add(b, SSSOM + "type_hint", _n(_curie(hint)))
    for m in ms.mappings:
        node = _n(mapping_iri(ms, m))
        add(s, SSSOM + "mappings", node)
        add(node, vocab.RDF_TYPE, _n(OWL + "Axiom"))
        add(node, OWL + "annotatedSource", _n(m.subject.iri))
        add(node, OWL + "annotatedProperty", _n(m.relation.skos_predicate))
        add(node, OWL + "annotatedTarget", _n(m.object.iri))
        if m.relation is Relation.NO_RELATIONSHIP:
            add(node, SSSOM + "predicate_modifier", _n(SSSOM + "NegatedPredicate"))
        add(node, SSSOM + "mapping_justification", _n(vocab.SEMAPV + m.justification.split(":", 1)[-1]))
        for slot, value in (("subject_label", m.subject_label), ("object_label", m.object_label)):
            if value:
                add(node, SSSOM + slot, ox.Literal(value))
        if m.confidence is not None:
            add(node, SSSOM + "confidence", ox.Literal(repr(float(m.confidence)), datatype=_n(XSD + "double")))
        if m.author:
            add(node, PAV + "authoredBy", _n(m.author) if m.author.startswith("http") else ox.Literal(m.author))
        if m.reviewer:
            add(
                node, SSSOM + "reviewer_id", _n(m.reviewer) if m.reviewer.startswith("http") else ox.Literal(m.reviewer)
            )
        if m.review_date:  # a standard slot since SSSOM 1.1
            add(node, SSSOM + "review_date", _lit(m.review_date.isoformat(), "linkml:date"))
        if m.comment:
            add(node, vocab.RDFS + "comment", ox.Literal(m.comment))
        values = {
            "relation": m.relation.value,
            "strength": str(m.strength),
            "rationale": m.rationale,
            "status": m.status,
            "source": m.source,
        }
        for name, (prop, hint) in EXTENSIONS.items():
            if values[name]:
                add(node, _curie(prop), _lit(values[name], hint))
    prefixes = {p: vocab.PREFIXES[p] for p in ("dcterms", "owl", "rdfs", "semapv", "skos", "sssom", "xsd", "xw")}
    prefixes |= {
        vocab.FRAMEWORK_PREFIXES[f]: vocab.PREFIXES[vocab.FRAMEWORK_PREFIXES[f]]
        for f in (ms.subject_framework, ms.object_framework)
    }
    prefixes |= {"pav": PAV, "linkml": LINKML, "xwset": vocab.mapping_set_iri(ms.id) + "/"}
    data = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE, prefixes=dict(sorted(prefixes.items())))
    assert data is not None
    return Written(data)


def read_sssom_rdf(path: Path, catalogs: Catalogs, options: ImportOptions) -> Imported:
    name = str(path)
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as exc:
        return Imported(None, [Problem(name, 1, "rdf-syntax", f"not valid Turtle: {exc}.", "fix the Turtle.")])
    props: dict[str, dict[str, list[ox.NamedNode | ox.Literal | ox.BlankNode]]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        props[str(t.subject)][t.predicate.value].append(t.object)
    sets = [s for s, p in props.items() if any(o.value == SSSOM + "MappingSet" for o in p[vocab.RDF_TYPE])]
    if len(sets) != 1:
        return Imported(
            None,
            [
                Problem(
                    name,
                    1,
                    "sssom-rdf",
                    f"found {len(sets)} sssom:MappingSet nodes, not one.",
                    "export one set per file.",
                )
            ],
        )
    sp = props[sets[0]]

    def one(p: dict[str, list[ox.NamedNode | ox.Literal | ox.BlankNode]], key: str) -> str | None:
        values = p.get(key) or []
        return values[0].value if values else None

    set_iri = sets[0].strip("<>")
    problems: list[Problem] = []
    mappings: list[Mapping] = []
    set_id = set_iri[len(vocab.MAPPINGS) :] if set_iri.startswith(vocab.MAPPINGS) else (options.set_id or path.stem)
    subj_fw = framework_from(one(sp, SSSOM + "subject_source")) or options.subject_framework
    obj_fw = framework_from(one(sp, SSSOM + "object_source")) or options.object_framework
    for node in sp.get(SSSOM + "mappings", []):
        mp = props[str(node)]
        s, o = parse_mapping_end(one(mp, OWL + "annotatedSource") or ""), parse_mapping_end(
            one(mp, OWL + "annotatedTarget") or ""
        )
        rel_text = one(mp, vocab.XW + "relation")
        pred = one(mp, OWL + "annotatedProperty") or ""
        negated = bool(mp.get(SSSOM + "predicate_modifier"))
        relation = (
            Relation(rel_text)
            if rel_text in {r.value for r in Relation}
            else (Relation.NO_RELATIONSHIP if negated else PREDICATE_RELATION.get(pred))
        )
        if s is None or o is None or relation is None:
            problems.append(
                Problem(
                    name,
                    1,
                    "sssom-rdf",
                    f"mapping {node} lacks a project subject, object or relation.",
                    "fix or drop it.",
                )
            )
            continue
        conf = one(mp, SSSOM + "confidence")
        strength = one(mp, vocab.XW + "strength")
        mappings.append(
            Mapping(
                set_id=set_id,
                subject=s,
                object=o,
                relation=relation,
                strength=int(strength) if strength is not None else options.default_strength,
                rationale=one(mp, vocab.XW + "rationale") or "semantic",
                status=one(mp, vocab.XW + "status") or options.status,
                source=one(mp, vocab.XW + "mappingSource") or options.source or "",
                justification="semapv:"
                + (one(mp, SSSOM + "mapping_justification") or "ManualMappingCuration").rsplit("/", 1)[-1],
                line=0,
                confidence=float(conf) if conf is not None else None,
                subject_label=one(mp, SSSOM + "subject_label"),
                object_label=one(mp, SSSOM + "object_label"),
                author=one(mp, PAV + "authoredBy"),
                reviewer=one(mp, SSSOM + "reviewer_id"),
                review_date=date_of(one(mp, SSSOM + "review_date") or one(mp, vocab.XW + "reviewDate")),
                comment=one(mp, vocab.RDFS + "comment"),
            )
        )
    if subj_fw is None or obj_fw is None:
        return Imported(
            None,
            [
                Problem(
                    name,
                    1,
                    "sssom-rdf",
                    "the set names no subject_source or object_source of the project.",
                    "give --subject-framework and --object-framework.",
                )
            ],
        )
    mappings.sort(key=lambda m: (m.subject, m.object, m.relation.value))
    ms = MappingSet(
        id=set_id,
        title=one(sp, DCT + "title") or options.title or set_id,
        licence=one(sp, DCT + "license") or options.licence,
        creators=tuple(sorted(c.value for c in sp.get(DCT + "creator", []))) or options.creators,
        subject_framework=subj_fw,
        object_framework=obj_fw,
        file=name,
        mapping_date=date_of(one(sp, DCT + "created")),
        description=one(sp, DCT + "description"),
        mirror_of=one(sp, vocab.XW + "mirrorOf"),
        mappings=tuple(mappings),
        citation_as_published=one(sp, vocab.XW + "citationAsPublished") == "true",
    )
    return Imported(ms, problems)

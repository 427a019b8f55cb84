"""A scope's graph as RDF in the project's own ontology (the terms `xwalk build` writes), as Turtle or JSON-LD.

Provisions carry their type, framework, notation, title and part-of link; each mapping is the reified
xw:Mapping with subject, object, relation, strength, status, mapping set and source. rdflib serialises;
JSON-LD is re-sorted (rdflib keeps no order there) so the same graph gives the same bytes.
"""

from __future__ import annotations

import json

import networkx as nx
from rdflib import RDF, SKOS, XSD, Graph, Literal, Namespace, URIRef

from xwalk import vocab

XW = Namespace(vocab.XW)


def to_rdf(g: nx.MultiDiGraph) -> Graph:
    out = Graph()
    for prefix, ns in sorted(vocab.PREFIXES.items()):
        out.bind(prefix, Namespace(ns), override=True, replace=True)
    iri = {n: URIRef(a["iri"]) for n, a in g.nodes(data=True)}
    for n, a in g.nodes(data=True):
        node = iri[n]
        out.add((node, RDF.type, XW[a["kind"]]))
        out.add((node, XW.inFramework, URIRef(vocab.framework_iri(a["framework"]))))
        out.add((node, SKOS.notation, Literal(a["notation"])))
        out.add((node, SKOS.prefLabel, Literal(a["title"])))
    for u, v, a in g.edges(data=True):
        if a["kind"] == "part-of":
            out.add((iri[u], XW.partOf, iri[v]))
            continue
        m = URIRef(a["identifier"])
        out.add((m, RDF.type, XW.Mapping))
        out.add((m, XW.subject, iri[u]))
        out.add((m, XW.object, iri[v]))
        out.add((m, XW.relation, URIRef(vocab.RELATION + a["relation"])))
        out.add((m, XW.strength, Literal(a["strength"], datatype=XSD.integer)))
        out.add((m, XW.status, URIRef(vocab.STATUS + a["status"])))
        out.add((m, XW.inMappingSet, URIRef(vocab.mapping_set_iri(a["mapping_set"]))))
        out.add((m, XW.mappingSource, URIRef(vocab.source_iri(a["source"]))))
    return out


def write_turtle(g: nx.MultiDiGraph) -> bytes:
    data: bytes = to_rdf(g).serialize(format="turtle", encoding="utf-8")
    return data


def write_jsonld(g: nx.MultiDiGraph) -> bytes:
    rdf = to_rdf(g)
    context = {p: ns for p, ns in sorted(vocab.PREFIXES.items())}
    doc = json.loads(rdf.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = doc.get("@graph", [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda x: json.dumps(x, sort_keys=True))
    doc["@graph"] = sorted(nodes, key=lambda x: str(x.get("@id", "")))
    return (json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()

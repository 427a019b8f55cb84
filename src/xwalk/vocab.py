"""Namespaces and IRIs, as plain strings so every layer can use them."""

from __future__ import annotations

BASE = "https://w3id.org/xwalk/"
XW = BASE + "ontology#"
FW = BASE + "fw/"
ID = BASE + "id/"
MAPPINGS = BASE + "mappings/"
SOURCE = BASE + "source/"
GRAPH = BASE + "graph/"
VOCAB = BASE + "vocab/"
RELATION = VOCAB + "relation/"
ROLE = VOCAB + "role/"
RISK = VOCAB + "risk/"
STATUS = VOCAB + "status/"
RATIONALE = VOCAB + "rationale/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SSSOM = "https://w3id.org/sssom/"
SEMAPV = "https://w3id.org/semapv/vocab/"
SH = "http://www.w3.org/ns/shacl#"
FOAF = "http://xmlns.com/foaf/0.1/"
DPV_AIACT = "https://w3id.org/dpv/legal/eu/aiact#"
ELI_AI_ACT = "http://data.europa.eu/eli/reg/2024/1689/oj"
ELI_GDPR = "http://data.europa.eu/eli/reg/2016/679/oj"

RDF_TYPE = RDF + "type"

# Framework ids and their fixed CURIE prefixes (docs/architecture.md §4).
FRAMEWORK_PREFIXES: dict[str, str] = {
    "eu-ai-act": "euaia",
    "iso-iec-42001-2023": "iso42001",
    "iso-iec-27001-2022": "iso27001",
    "iso-iec-27001-2013": "iso27001-2013",
    "gdpr": "gdpr",
    "nist-ai-rmf-1.0": "airmf",
    "nist-csf-2.0": "csf2",
}
PREFIX_FRAMEWORKS: dict[str, str] = {p: f for f, p in FRAMEWORK_PREFIXES.items()}

# Every prefix the project writes or accepts, for queries, pages and exports.
PREFIXES: dict[str, str] = {
    "xw": XW,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "sssom": SSSOM,
    "semapv": SEMAPV,
    "fw": FW,
    "rel": RELATION,
    "role": ROLE,
    "risk": RISK,
    "status": STATUS,
    "rationale": RATIONALE,
    **{prefix: f"{ID}{fw}/" for fw, prefix in FRAMEWORK_PREFIXES.items()},
}


def framework_iri(framework_id: str) -> str:
    return FW + framework_id


def provision_iri(framework_id: str, local_id: str) -> str:
    return f"{ID}{framework_id}/{local_id}"


def framework_graph(framework_id: str) -> str:
    return f"{GRAPH}fw/{framework_id}"


def mapping_set_iri(set_id: str) -> str:
    return MAPPINGS + set_id


def mapping_set_graph(set_id: str) -> str:
    return f"{GRAPH}mappings/{set_id}"


def source_iri(source_id: str) -> str:
    return SOURCE + source_id


ONTOLOGY_GRAPH = GRAPH + "ontology"
DERIVED_GRAPH = GRAPH + "derived"
ORG_GRAPH_BASE = GRAPH + "org/"

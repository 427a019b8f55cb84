"""The ontology (ontology/xwalk.ttl) and the SKOS vocabularies (ontology/vocab/*.ttl).

- a reasoner finds them consistent, with no unsatisfiable class (HermiT always; Pellet when
  a Java that runs owlready2's bundled Pellet is found), and the test would notice if not;
- they stay in the OWL 2 DL profile (the OWL API's profile checker, shipped in HermiT.jar);
- every xw: term has an rdfs:label and a skos:definition, and every xw: IRI used in the
  ontology, vocabularies, shapes and fixtures is declared;
- the names, axioms and vocabulary members the rest of the code relies on are there;
- the graph the build actually writes is consistent with the ontology.

owlready2 cannot read Turtle, so the graphs are converted to N-Triples in tmp_path first.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import owlready2
import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "xwalk.ttl"
VOCAB_DIR = ROOT / "ontology" / "vocab"
SHAPES_DIR = ROOT / "ontology" / "shapes"
SHAPE_DATA = Path(__file__).resolve().parent / "data" / "shapes"
DPV_AIACT = ROOT.parent / "shared" / "reference" / "dpv" / "eu-aiact.ttl"

XW = Namespace("https://w3id.org/xwalk/ontology#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SSSOM = Namespace("https://w3id.org/sssom/")
VOCAB = "https://w3id.org/xwalk/vocab/"
ONTOLOGY_IRI = URIRef("https://w3id.org/xwalk/ontology")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")

PROVISION_KINDS = [
    "Chapter", "Section", "Article", "Paragraph", "Point", "Annex", "AnnexPoint", "Clause",
    "Control", "ControlObjective", "ControlTheme", "Function", "Category", "Subcategory",
]  # fmt: skip
CLASSES = [
    "Framework", "MappingSet", "SourceDocument", "Provision", *PROVISION_KINDS, "Obligation",
    "ApplicationDate", "Mapping", "DerivedMapping", "Role", "RiskClass", "Relation",
    "MappingStatus", "MappingRationale", "Organisation", "AISystem", "Implementation",
    "Evidence", "ApplicabilityStatement",
]  # fmt: skip
OBJECT_PROPERTIES = [
    "inFramework", "partOf", "hasPart", "supersedes", "imposedBy", "role", "riskClass",
    "dateRule", "subject", "object", "relation", "rationale", "status", "inMappingSet",
    "sourceFramework", "targetFramework", "mappingSource", "inverseRelation", "possibleRelation",
    "hasSystem", "organisationRole", "systemRiskClass", "implements", "evidence", "implementedBy",
    "annexIIIPoint",
]  # fmt: skip
DATATYPE_PROPERTIES = [
    "order", "strength", "appliesFrom", "date", "prefix", "textVersion", "newIn2022", "reviewer",
    "reviewDate", "qualifier", "hopCount", "implementationStatus", "justification", "included",
    "contentHash",
]  # fmt: skip

# docs/formats.md fixes these; risk:high-risk is the added parent of the two high-risk routes.
SCHEMES = {
    "relation": ("Relation", ["equal", "subset-of", "superset-of", "intersects-with", "no-relationship"]),
    "role": ("Role", ["provider", "deployer", "authorised-representative", "importer", "distributor",
                      "product-manufacturer", "operator", "gpai-model-provider"]),
    "risk": ("RiskClass", ["prohibited", "high-risk", "high-risk-annex-i", "high-risk-annex-iii",
                           "transparency", "gpai-model", "gpai-model-systemic-risk", "minimal"]),
    "status": ("MappingStatus", ["draft", "reviewed", "approved", "disputed", "deprecated"]),
    "rationale": ("MappingRationale", ["syntactic", "semantic", "functional"]),
}  # fmt: skip


def concept(scheme: str, local: str) -> URIRef:
    return URIRef(f"{VOCAB}{scheme}/{local}")


@cache
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


@cache
def vocab() -> Graph:
    g = Graph()
    for path in sorted(VOCAB_DIR.glob("*.ttl")):
        g.parse(path)
    return g


@cache
def merged() -> Graph:
    g = Graph()
    g += ontology()
    g += vocab()
    return g


# ---------------------------------------------------------------------------------------
# Reasoning
# ---------------------------------------------------------------------------------------


def java() -> str:
    exe = shutil.which("java")
    if exe is None:
        pytest.skip("no `java` on PATH: the reasoners need Java")
    return exe


def java_candidates() -> Iterator[str]:
    """`java` on PATH first, then other installed JVMs (owlready2's Pellet needs a newer one)."""
    seen: set[str] = set()
    for exe in (os.environ.get("XWALK_JAVA"), shutil.which("java"), *sorted(glob.glob("/usr/lib/jvm/*/bin/java"))):
        if exe and os.path.realpath(exe) not in seen:
            seen.add(os.path.realpath(exe))
            yield exe


def load(graph: Graph, tmp_path: Path) -> owlready2.World:
    """A fresh owlready2 world holding `graph` (written as N-Triples, which owlready2 reads)."""
    path = tmp_path / "xwalk.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    return world


def hermit(world: owlready2.World, exe: str) -> None:
    owlready2.JAVA_EXE = exe
    # xsd:date is not in the OWL 2 datatype map, which is all HermiT supports; the dates are
    # declared as a datatype (so the ontology is DL) and HermiT treats them as opaque.
    owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)


_PELLET_JAVA: list[str] = []  # the first JVM that ran Pellet, so later tests go straight to it


def pellet(world: owlready2.World) -> None:
    tried = []
    for exe in [*_PELLET_JAVA, *java_candidates()]:
        owlready2.JAVA_EXE = exe
        try:
            owlready2.sync_reasoner_pellet(world, debug=0)
        except owlready2.OwlReadyJavaError as e:
            if "UnsupportedClassVersionError" not in str(e):
                raise
            tried.append(exe)
            continue
        _PELLET_JAVA[:] = [exe]
        return
    pytest.skip(f"owlready2's Pellet needs a newer Java than {tried} (set XWALK_JAVA)")


@pytest.fixture(autouse=True)
def _restore_java() -> Iterator[None]:
    before = owlready2.JAVA_EXE
    yield
    owlready2.JAVA_EXE = before


REASONERS = ["hermit", "pellet"]


def reason(world: owlready2.World, which: str) -> None:
    if which == "hermit":
        hermit(world, java())
    else:
        java()
        pellet(world)


@pytest.mark.parametrize("which", REASONERS)
def test_consistent_and_every_class_satisfiable(which: str, tmp_path: Path) -> None:
    world = load(merged(), tmp_path)
    try:
        reason(world, which)
    except owlready2.OwlReadyInconsistentOntologyError as e:  # pragma: no cover - the failure
        pytest.fail(f"{which}: the ontology and vocabularies are inconsistent: {e}")
    assert list(world.inconsistent_classes()) == []


@pytest.mark.parametrize("which", REASONERS)
def test_reasoner_would_notice_an_unsatisfiable_class(which: str, tmp_path: Path) -> None:
    """Guard against a vacuous pass: a class under two disjoint kinds must be reported."""
    g = Graph()
    g += merged()
    bad = XW.ArticleAndClause
    g.add((bad, RDF.type, OWL.Class))
    g.add((bad, RDFS.subClassOf, XW.Article))
    g.add((bad, RDFS.subClassOf, XW.Clause))
    world = load(g, tmp_path)
    reason(world, which)
    assert {c.iri for c in world.inconsistent_classes()} - {str(OWL.Nothing)} == {str(bad)}


@pytest.mark.parametrize("which", REASONERS)
def test_reasoner_would_notice_inconsistent_data(which: str, tmp_path: Path) -> None:
    """Two inverses for one relation break the functional, distinct relation vocabulary."""
    g = Graph()
    g += merged()
    g.add((concept("relation", "equal"), XW.inverseRelation, concept("relation", "subset-of")))
    world = load(g, tmp_path)
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(world, which)


DL_CHECK = """
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class DlCheck {
    public static void main(String[] args) throws Exception {
        OWLOntology o = OWLManager.createOWLOntologyManager()
            .loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(o);
        for (OWLProfileViolation v : report.getViolations()) System.out.println(v);
        System.exit(report.isInProfile() ? 0 : 3);
    }
}
"""


def test_in_the_owl2_dl_profile(tmp_path: Path) -> None:
    exe = java()
    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    if not jar.exists():
        pytest.skip("owlready2 ships no HermiT.jar here")
    source = tmp_path / "DlCheck.java"
    source.write_text(DL_CHECK, encoding="utf-8")
    owl = tmp_path / "xwalk.owl"
    merged().serialize(owl, format="xml", encoding="utf-8")
    done = subprocess.run([exe, "-cp", str(jar), str(source), str(owl)], capture_output=True, text=True, timeout=300)
    if done.returncode not in (0, 3):
        pytest.skip(f"cannot run the OWL API profile check (needs a JDK): {done.stderr[:300]}")
    assert done.returncode == 0, f"not OWL 2 DL:\n{done.stdout}"


# ---------------------------------------------------------------------------------------
# Documentation and declarations
# ---------------------------------------------------------------------------------------

KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def declared_xw_terms() -> set[URIRef]:
    g = ontology()
    return {s for k in KINDS for s in g.subjects(RDF.type, k) if isinstance(s, URIRef) and s in XW}


def test_ontology_header() -> None:
    g = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert (ONTOLOGY_IRI, OWL.versionInfo, Literal("0.1.0")) in g
    assert (ONTOLOGY_IRI, DCTERMS.license, CC_BY) in g
    assert g.value(ONTOLOGY_IRI, DCTERMS.title) is not None


def test_every_term_has_an_english_label_and_definition() -> None:
    g = ontology()
    terms = declared_xw_terms()
    assert len(terms) > 60
    for term in sorted(terms):
        for prop in (RDFS.label, SKOS.definition):
            values = list(g.objects(term, prop))
            assert values, f"{term} has no {prop}"
            assert all(isinstance(v, Literal) and v.language == "en" and str(v).strip() for v in values), (
                f"{term}: {prop} must be non-empty English text"
            )


def xw_iris_in(g: Graph) -> set[URIRef]:
    return {t for triple in g for t in triple if isinstance(t, URIRef) and t in XW}


@pytest.mark.parametrize(
    "where",
    ["ontology/vocab", "ontology/shapes", "tests/data/shapes"],
)
def test_every_xw_iri_used_is_declared(where: str) -> None:
    used: set[URIRef] = set()
    for path in sorted((ROOT / where).glob("*.ttl")):
        used |= xw_iris_in(Graph().parse(path))
    undeclared = used - declared_xw_terms()
    # A bad fixture may misspell on purpose; none does today, so any hit is a typo.
    assert not undeclared, f"{where} uses xw: terms the ontology does not declare: {sorted(undeclared)}"


def test_the_names_the_code_relies_on() -> None:
    g = ontology()
    for name in CLASSES:
        assert (XW[name], RDF.type, OWL.Class) in g, name
    for name in OBJECT_PROPERTIES:
        assert (XW[name], RDF.type, OWL.ObjectProperty) in g, name
    for name in DATATYPE_PROPERTIES:
        assert (XW[name], RDF.type, OWL.DatatypeProperty) in g, name
    assert (XW.skosPredicate, RDF.type, OWL.AnnotationProperty) in g


def test_reused_terms_are_declared_not_redefined() -> None:
    g = ontology()
    for term in (SKOS.notation, SKOS.prefLabel, DCTERMS.title, DCTERMS.license, SSSOM.confidence,
                 SSSOM.mapping_justification, SSSOM.predicate_id):  # fmt: skip
        assert any((term, RDF.type, k) in g for k in KINDS), f"{term} is not declared"
        assert (term, RDFS.label, None) not in g and (term, SKOS.definition, None) not in g, (
            f"{term} belongs to its own vocabulary: declare it, do not redefine it"
        )


def test_key_axioms() -> None:
    g = ontology()
    assert (XW.inFramework, RDF.type, OWL.FunctionalProperty) in g
    assert (XW.partOf, RDF.type, OWL.TransitiveProperty) in g
    assert (XW.hasPart, OWL.inverseOf, XW.partOf) in g
    assert (XW.inverseRelation, RDF.type, OWL.SymmetricProperty) in g
    assert (XW.DerivedMapping, RDFS.subClassOf, XW.Mapping) in g
    for name in PROVISION_KINDS:
        assert (XW[name], RDFS.subClassOf, XW.Provision) in g, name
    for name in ("Role", "RiskClass", "Relation", "MappingStatus", "MappingRationale"):
        assert (XW[name], RDFS.subClassOf, SKOS.Concept) in g, name
    disjoint_sets = [set(Collection(g, m)) for d in g.subjects(RDF.type, OWL.AllDisjointClasses)
                     for m in g.objects(d, OWL.members)]  # fmt: skip
    assert {XW[k] for k in PROVISION_KINDS} in disjoint_sets, "the provision kinds must be pairwise disjoint"


# ---------------------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_scheme_members_and_their_description(scheme: str) -> None:
    g = vocab()
    cls, members = SCHEMES[scheme]
    scheme_iri = URIRef(f"{VOCAB}{scheme}")
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in g
    assert (scheme_iri, DCTERMS.license, CC_BY) in g
    in_scheme = set(g.subjects(SKOS.inScheme, scheme_iri))
    assert in_scheme == {concept(scheme, m) for m in members}
    for local in members:
        c = concept(scheme, local)
        assert (c, RDF.type, XW[cls]) in g and (c, RDF.type, SKOS.Concept) in g, c
        assert g.value(c, SKOS.notation) == Literal(local), f"{c}: skos:notation must be its id"
        for prop in (SKOS.prefLabel, SKOS.definition):
            value = g.value(c, prop)
            assert isinstance(value, Literal) and value.language == "en" and str(value).strip(), f"{c}: {prop}"
        # A concept is a top concept exactly when it has no broader concept in the scheme.
        is_top = (c, SKOS.topConceptOf, scheme_iri) in g
        assert is_top == ((c, SKOS.broader, None) not in g), f"{c}: topConceptOf vs broader"
        assert is_top == ((scheme_iri, SKOS.hasTopConcept, c) in g), f"{c}: hasTopConcept"


def test_relation_inverses_and_skos_readings() -> None:
    g = vocab()
    rel = lambda local: concept("relation", local)  # noqa: E731
    inverses = {"equal": "equal", "subset-of": "superset-of", "superset-of": "subset-of",
                "intersects-with": "intersects-with", "no-relationship": "no-relationship"}  # fmt: skip
    for r, inv in inverses.items():
        assert set(g.objects(rel(r), XW.inverseRelation)) == {rel(inv)}, r
    readings = {"equal": SKOS.exactMatch, "subset-of": SKOS.broadMatch, "superset-of": SKOS.narrowMatch,
                "intersects-with": SKOS.relatedMatch, "no-relationship": SKOS.relatedMatch}  # fmt: skip
    for r, predicate in readings.items():
        assert set(g.objects(rel(r), XW.skosPredicate)) == {predicate}, r
    assert g.value(rel("no-relationship"), SSSOM.predicate_modifier) == Literal("Not")


def test_role_and_risk_hierarchies() -> None:
    g = vocab()
    for r in ("provider", "deployer", "authorised-representative", "importer", "distributor",
              "product-manufacturer"):  # fmt: skip
        assert set(g.objects(concept("role", r), SKOS.broader)) == {concept("role", "operator")}, r
    assert set(g.objects(concept("role", "gpai-model-provider"), SKOS.broader)) == {concept("role", "provider")}
    for r in ("high-risk-annex-i", "high-risk-annex-iii"):
        assert set(g.objects(concept("risk", r), SKOS.broader)) == {concept("risk", "high-risk")}, r
    assert set(g.objects(concept("risk", "gpai-model-systemic-risk"), SKOS.broader)) == {concept("risk", "gpai-model")}


def test_role_and_risk_link_to_real_dpv_terms() -> None:
    """Each role and risk class links to DPV; the linked IRIs exist in DPV's AI Act extension."""
    g = vocab()
    links = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
    dpv = "https://w3id.org/dpv/legal/eu/aiact#"
    targets = set()
    for scheme in ("role", "risk"):
        for local in SCHEMES[scheme][1]:
            found = [o for p in links for o in g.objects(concept(scheme, local), p) if str(o).startswith(dpv)]
            assert found, f"{scheme}:{local} has no link to DPV"
            targets.update(found)
    if not DPV_AIACT.exists():
        pytest.skip("the DPV reference file is not here (it is not part of the project)")
    defined = set(Graph().parse(DPV_AIACT).subjects(RDF.type, SKOS.Concept))
    assert targets <= defined, f"not in DPV: {sorted(targets - defined)}"


# ---------------------------------------------------------------------------------------
# The graph the build writes fits the model
# ---------------------------------------------------------------------------------------


def built_union(built: tuple[object, Path]) -> Graph:
    """dist/xwalk.trig as one graph: the union of its named graphs, as SHACL and the API see it."""
    _result, dist = built
    quads = ox.parse(path=str(dist / "xwalk.trig"), format=ox.RdfFormat.TRIG)
    ntriples = "".join(sorted({f"{q.subject} {q.predicate} {q.object} .\n" for q in quads}))
    return Graph().parse(data=ntriples, format="nt")


def test_built_graph_uses_only_declared_terms(built: tuple[object, Path]) -> None:
    union = built_union(built)
    undeclared = xw_iris_in(union) - declared_xw_terms()
    assert not undeclared, f"the build writes xw: terms the ontology does not declare: {sorted(undeclared)}"


def test_built_graph_is_consistent_with_the_ontology(built: tuple[object, Path], tmp_path: Path) -> None:
    union = built_union(built)
    union += merged()
    world = load(union, tmp_path)
    try:
        hermit(world, java())
    except owlready2.OwlReadyInconsistentOntologyError as e:  # pragma: no cover - the failure
        pytest.fail(f"the built graph contradicts the ontology (domain, range or disjointness): {e}")
    assert list(world.inconsistent_classes()) == []

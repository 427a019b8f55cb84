"""The SHACL shapes in ontology/shapes/, tested with one small data file per rule.

Data-driven, in the manner of pySHACL's test_dash_validate: each bad file in
tests/data/shapes/ names what it expects in comment lines at its top,

    # expect: exactly one skos:prefLabel

(one line per expected message, matched as a substring of sh:resultMessage). A bad file must
not conform, every expected message must appear, and no other rule may fire, so each file
pins down one rule. good.ttl must conform. Every rule must be exercised by some bad file.

Each case runs twice: on the data plus the SKOS vocabularies, and again with the ontology
mixed in, so the shapes neither depend on the ontology's subclass axioms nor double-report
with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[1]
SHAPES_DIR = ROOT / "ontology" / "shapes"
VOCAB_DIR = ROOT / "ontology" / "vocab"
ONTOLOGY = ROOT / "ontology" / "xwalk.ttl"
DATA = Path(__file__).resolve().parent / "data" / "shapes"

SH = Namespace("http://www.w3.org/ns/shacl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
XWSH = Namespace("https://w3id.org/xwalk/shapes#")
VOCAB = "https://w3id.org/xwalk/vocab/"

GOOD = DATA / "good.ttl"
BAD = sorted(p for p in DATA.glob("*.ttl") if p != GOOD)
EXPECT = "# expect:"


@cache
def shapes_graph() -> Graph:
    g = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        g.parse(path)
    return g


@cache
def vocab_graph() -> Graph:
    g = Graph()
    for path in sorted(VOCAB_DIR.glob("*.ttl")):
        g.parse(path)
    return g


@cache
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY)


def expectations(path: Path) -> list[str]:
    """The `# expect: ...` lines at the top of a data file, before the first non-comment."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if line.startswith(EXPECT):
            found.append(line[len(EXPECT) :].strip())
    return found


class Result:
    def __init__(self, report: Graph, node: Node) -> None:
        self.message = " ".join(str(m) for m in report.objects(node, SH.resultMessage))
        self.shape = report.value(node, SH.sourceShape)
        self.constraint = report.value(node, SH.sourceConstraint)
        self.focus = report.value(node, SH.focusNode)
        self.path = report.value(node, SH.resultPath)

    def __repr__(self) -> str:
        return f"<{self.focus} {self.path} {self.shape}: {self.message}>"


def run(path: Path, *, with_ontology: bool) -> tuple[bool, list[Result]]:
    data = Graph()
    data += vocab_graph()
    data.parse(path)
    conforms, report, _text = validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph() if with_ontology else None,
        inference="none",
        allow_warnings=False,
    )
    # Top-level results only: pySHACL also types the nested details of sh:node as results.
    results = [
        Result(report, n)
        for top in report.subjects(RDF.type, SH.ValidationReport)
        for n in report.objects(top, SH.result)
    ]
    return bool(conforms), results


ONTOLOGY_MODES = [pytest.param(False, id="vocab"), pytest.param(True, id="vocab+ontology")]


@pytest.mark.parametrize("with_ontology", ONTOLOGY_MODES)
def test_good_conforms(with_ontology: bool) -> None:
    conforms, results = run(GOOD, with_ontology=with_ontology)
    assert conforms, results


@pytest.mark.parametrize("with_ontology", ONTOLOGY_MODES)
@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_file_breaks_its_rule(path: Path, with_ontology: bool) -> None:
    expected = expectations(path)
    assert expected, f"{path.name}: add a '{EXPECT} <part of the sh:message>' line at the top"
    conforms, results = run(path, with_ontology=with_ontology)
    assert not conforms, f"{path.name} should not conform"
    for text in expected:
        assert any(text in r.message for r in results), f"{path.name}: no result says {text!r}: {results}"
    strays = [r for r in results if not any(text in r.message for text in expected)]
    assert not strays, f"{path.name}: rules other than the expected one fired: {strays}"


# ---------------------------------------------------------------------------------------
# The shapes themselves
# ---------------------------------------------------------------------------------------


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def reportable_rules(g: Graph) -> Iterator[Node]:
    """Every rule that can appear in a report as sh:sourceShape or sh:sourceConstraint."""
    for shape in {s for t in TARGETS for s in g.subjects(t, None)}:
        yield from g.objects(shape, SH.property)
        yield from g.objects(shape, SH.sparql)
        if (shape, SH.message, None) in g:
            yield shape


def test_every_rule_has_a_message() -> None:
    g = shapes_graph()
    rules = set(g.subjects(RDF.type, SH.PropertyShape)) | set(g.subjects(SH.path, None))
    rules |= set(g.objects(None, SH.sparql)) | set(reportable_rules(g))
    for rule in rules:
        messages = list(g.objects(rule, SH.message))
        assert messages, f"{rule} has no sh:message"
        for m in messages:
            assert isinstance(m, Literal) and len(str(m)) > 40, f"{rule}: say what is wrong and how to fix it"


def test_every_rule_is_named() -> None:
    """Named rules make reports traceable and let the coverage test below find them."""
    g = shapes_graph()
    for rule in reportable_rules(g):
        assert isinstance(rule, URIRef) and rule.startswith(str(XWSH)), rule


def test_shape_references_resolve() -> None:
    g = shapes_graph()
    for ref in set(g.objects(None, SH.node)) | set(g.objects(None, SH.property)):
        if isinstance(ref, URIRef):
            assert (ref, RDF.type, None) in g, f"{ref} is referenced but not defined in ontology/shapes/"


def test_every_rule_has_a_bad_file() -> None:
    hit: set[Node] = set()
    for path in BAD:
        _conforms, results = run(path, with_ontology=False)
        for r in results:
            hit |= {r.shape, r.constraint}
    missing = set(reportable_rules(shapes_graph())) - hit
    assert not missing, f"no bad file in tests/data/shapes/ breaks: {sorted(map(str, missing))}"


@pytest.mark.parametrize("scheme", ["relation", "role", "risk", "status", "rationale"])
def test_sh_in_lists_match_the_vocabularies(scheme: str) -> None:
    """An sh:in list over a scheme's namespace lists exactly that scheme's concepts."""
    g = shapes_graph()
    base = f"{VOCAB}{scheme}/"
    members = set(vocab_graph().subjects(SKOS.inScheme, URIRef(f"{VOCAB}{scheme}")))
    assert members
    lists = [set(Collection(g, head)) for head in g.objects(None, SH["in"])]
    for_scheme = [items for items in lists if any(str(i).startswith(base) for i in items)]
    assert for_scheme, f"no sh:in list for the {scheme} scheme"
    for items in for_scheme:
        assert items == members, f"sh:in for {scheme} differs from ontology/vocab/{scheme}.ttl"

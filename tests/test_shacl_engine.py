"""rudof (build/shacl.py, what the build and `xwalk validate` run) reports exactly what pySHACL, the
reference implementation, reports: the same focus, shape, path, severity and message on every
test file of the catalog shapes, and the same focus, shape, path and severity on the organisation
data of every example profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, BNode, Graph
from rdflib.namespace import SH

from xwalk.build.pipeline import BuildResult
from xwalk.build.profile import read_profile
from xwalk.build.shacl import Shapes
from xwalk.engine.conformance import _shapes_dir, data_graph, shapes
from xwalk.engine.context import Graph as Context
from xwalk.store.dist import load_dist
from xwalk.store.oxigraph import OxigraphStore

from .servers import ROOT

DATA = ROOT / "tests" / "data" / "shapes"
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
Key = tuple[str, str, str | None, str, str]


def _catalog_shapes() -> Graph:
    g = Graph()
    for path in sorted((ROOT / "ontology" / "shapes").glob("*.ttl")):
        g.parse(path)
    return g


def _reference(data: Graph, shapes_graph: Graph, owner: dict[str, str]) -> set[Key]:
    """pySHACL's top-level results, blank property shapes named by the shape that holds them."""
    _conforms, report, _text = validate(data, shacl_graph=shapes_graph, inference="none", allow_warnings=True)
    out = set()
    for top in report.subjects(RDF.type, SH.ValidationReport):
        for n in report.objects(top, SH.result):
            shape = report.value(n, SH.sourceShape)
            path = report.value(n, SH.resultPath)
            out.add(
                (
                    str(report.value(n, SH.focusNode)),
                    owner.get(str(shape), str(shape)),
                    None if path is None or isinstance(path, BNode) else str(path),
                    str(report.value(n, SH.resultSeverity)),
                    str(report.value(n, SH.resultMessage)),
                )
            )
    return out


def _owners(shapes_graph: Graph) -> dict[str, str]:
    return {str(p): str(s) for s, p in shapes_graph.subject_objects(SH.property)}


def _ours(runner: Shapes, ntriples: str) -> set[Key]:
    return {(r.focus, r.owner, r.path, r.severity, r.message) for r in runner.validate(ntriples)}


@pytest.mark.parametrize("path", sorted(DATA.glob("*.ttl")), ids=lambda p: p.stem)
def test_catalog_shapes_report_what_pyshacl_reports(path: Path) -> None:
    shapes_graph = _catalog_shapes()
    data = Graph()
    for vocab in sorted((ROOT / "ontology" / "vocab").glob("*.ttl")):
        data.parse(vocab)
    data.parse(path)
    expected = _reference(data, shapes_graph, _owners(shapes_graph))
    assert _ours(Shapes(shapes_graph), data.serialize(format="nt")) == expected
    assert path.stem == "good" or expected, f"{path.name} breaks no rule: it tests nothing"


@pytest.fixture(scope="module")
def context(built: tuple[BuildResult, Path]) -> Context:
    store = OxigraphStore()
    load_dist(store, built[1])
    return Context(store, ROOT / "queries", scratch=OxigraphStore)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_organisation_shapes_report_what_pyshacl_reports(context: Context, path: Path) -> None:
    profile = read_profile(path.read_bytes(), "json", strict=False)
    g, extra, _ = data_graph(context, profile)
    ntriples = g.ntriples() + extra
    runner = shapes(_shapes_dir(context)).runner
    data = Graph().parse(data=ntriples, format="nt")
    expected = _reference(data, runner.graph, _owners(runner.graph))
    # the org shapes keep their message on the named shape (conformance reads it there), so each
    # engine words the failed property shape's result its own way: compare all but the words
    assert {k[:4] for k in _ours(runner, ntriples)} == {k[:4] for k in expected}


def test_a_second_validation_forgets_the_first_data(context: Context) -> None:
    """rudof keeps the data it read unless told to drop it: each validation must see only its own."""
    runner = shapes(_shapes_dir(context)).runner
    big, small = (read_profile(p.read_bytes(), "json", strict=False) for p in EXAMPLES[:2])
    g1, e1, _ = data_graph(context, big)
    g2, e2, _ = data_graph(context, small)
    alone = _ours(runner, g2.ntriples() + e2)
    _ours(runner, g1.ntriples() + e1)
    assert _ours(runner, g2.ntriples() + e2) == alone


_PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def test_triples_no_shape_reads_are_left_out_and_class_hierarchies_kept() -> None:
    """The runner validates only triples whose predicate the shapes name (plus rdf:type and
    rdfs:subClassOf, which sh:class reads): an instance of a subclass still satisfies sh:class."""
    runner = Shapes.from_turtle(_PREFIXES + "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:link ;"
                                " sh:property [ sh:path ex:link ; sh:class ex:Super ] .")  # fmt: skip
    assert runner.reads is not None
    assert "<https://example.org/link>" in runner.reads and "<https://example.org/other>" not in runner.reads
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    base = ("<https://example.org/a> <https://example.org/link> <https://example.org/b> .\n"
            "<https://example.org/a> <https://example.org/other> \"ignored\" .\n"
            f"<https://example.org/b> {rdf_type} <https://example.org/Sub> .\n")  # fmt: skip
    sub = "<https://example.org/Sub> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <https://example.org/Super> .\n"
    assert runner.validate(base + sub) == []
    [result] = runner.validate(base)
    assert result.focus == "https://example.org/a" and result.value == "https://example.org/b"


def test_a_closed_shape_reads_every_triple() -> None:
    """sh:closed reads predicates no shape names: with it, nothing is left out."""
    runner = Shapes.from_turtle(_PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:closed true ;"
                                " sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) ;"
                                " sh:property [ sh:path ex:p ] .")  # fmt: skip
    assert runner.reads is None
    data = ("<https://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/T> .\n"
            "<https://example.org/a> <https://example.org/p> \"1\" .\n")  # fmt: skip
    assert runner.validate(data) == []
    [result] = runner.validate(data + "<https://example.org/a> <https://example.org/q> \"2\" .\n")
    assert result.focus == "https://example.org/a" and result.path == "https://example.org/q"

"""The build: real sources in, a deterministic, validated graph out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from xwalk.build.pipeline import BuildResult, build, write_dist
from xwalk.engine.context import Graph
from xwalk.store.base import Term
from xwalk.store.dist import content_hash
from xwalk.store.oxigraph import OxigraphStore

from .conftest import DATA, ROOT


def test_rebuild_is_byte_identical(built: tuple[BuildResult, Path], tmp_path: Path) -> None:
    _, dist = built
    again = build(ROOT)
    write_dist(again, tmp_path)
    assert (tmp_path / "xwalk.trig").read_bytes() == (dist / "xwalk.trig").read_bytes()
    assert (tmp_path / "manifest.json").read_bytes() == (dist / "manifest.json").read_bytes()


def test_manifest_hashes_the_graph(built: tuple[BuildResult, Path]) -> None:
    import hashlib

    _, dist = built
    manifest = json.loads((dist / "manifest.json").read_text())
    digest = hashlib.sha256((dist / "xwalk.trig").read_bytes()).hexdigest()
    assert manifest["content_hash"] == f"sha256:{digest}"
    assert manifest["files"]["xwalk.trig"]["sha256"] == digest
    assert "crosswalks/sources.yaml" in manifest["sources"]


def test_one_named_graph_per_framework_and_mapping_set(graph: Graph) -> None:
    graphs = set(graph.store.graphs())
    for fw in ("iso-iec-42001-2023", "iso-iec-27001-2022"):
        assert f"https://w3id.org/xwalk/graph/fw/{fw}" in graphs
    assert "https://w3id.org/xwalk/graph/mappings/iso-iec-27001-2022--iso-iec-42001-2023-hs" in graphs
    assert "https://w3id.org/xwalk/graph/ontology" in graphs


def test_store_carries_the_content_hash(graph: Graph, built: tuple[BuildResult, Path]) -> None:
    assert content_hash(graph.store) == built[0].content_hash


def test_iso42001_has_38_annex_a_controls_via_named_query(graph: Graph) -> None:
    rows = graph.select("examples/annex-a-controls")
    assert len(rows) == 38
    notations = [r["notation"].value for r in rows]
    assert notations[0] == "A.2.2" and notations[-1] == "A.10.4"


def test_named_query_parameter_switches_framework(graph: Graph) -> None:
    q = graph.query("examples/annex-a-controls")
    rows = graph.store.select(q.text, q.bindings({"framework": "fw:iso-iec-27001-2022"}))
    assert len(rows) == 93


def test_hs_mappings_carry_a_source_and_explicit_negatives(graph: Graph) -> None:
    rows = graph.store.select(
        "SELECT ?m ?src WHERE { ?m a xw:Mapping ; xw:object ?o ; xw:relation ?r ; xw:mappingSource ?src }",
    )
    assert rows and all("src" in r for r in rows)
    negative = graph.store.ask(
        "ASK { ?m xw:object ?o ; xw:relation rel:no-relationship }",
        {"o": Term.iri("https://w3id.org/xwalk/id/iso-iec-42001-2023/6.1.4")},
    )
    assert negative


@pytest.fixture(scope="module")
def approved_release(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    """The sources plus a set in every review state, built with --min-status approved (one build, two tests)."""
    project = tmp_path_factory.mktemp("approved")
    for sub in ("ontology", "queries", "crosswalks"):
        shutil.copytree(ROOT / sub, project / sub)
    shutil.copy(DATA / "review" / "review-states.sssom.tsv", project / "crosswalks" / "mappings")
    result = build(project, min_status="approved")
    write_dist(result, project / "dist")
    return result, project / "dist"


def test_min_status_keeps_only_approved(
    approved_release: tuple[BuildResult, Path], built: tuple[BuildResult, Path]
) -> None:
    result, _ = approved_release
    for ms in result.mapping_sets:
        assert all(m.status == "approved" for m in ms.mappings)
    kept = sum(len(m.mappings) for m in result.mapping_sets)
    assert sum(len(m.mappings) for m in built[0].mapping_sets) > kept


def test_min_status_release_holds_only_approved_mappings_by_sparql(approved_release: tuple[BuildResult, Path]) -> None:
    """A release built with --min-status approved, loaded into a store: SPARQL finds only approved mappings."""
    result, dist = approved_release
    store = OxigraphStore()
    store.load((dist / "xwalk.trig").read_bytes(), "trig")
    rows = store.select(
        "SELECT ?status (COUNT(?m) AS ?n) WHERE { ?m a xw:Mapping ; xw:status ?status } GROUP BY ?status"
    )
    counts = {r["status"].value.rsplit("/", 1)[-1]: int(r["n"].value) for r in rows}
    approved = sum(m.status == "approved" for ms in result.mapping_sets for m in ms.mappings)
    assert counts == {"approved": approved} and approved >= 2
    kept = store.select(
        "SELECT ?s WHERE { ?m xw:inMappingSet <https://w3id.org/xwalk/mappings/review-states> ; xw:subject ?s }"
    )
    assert sorted(r["s"].value.rsplit("/", 1)[-1] for r in kept) == ["A.5.19", "A.5.21"]

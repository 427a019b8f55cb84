"""Issue 10's finding on the real data: every point of Art 17(1) made subset-of an implemented control, and
Art 17(1) was still "partial ... cover the rest". Its points now count together exactly when the catalog
says they are all of it: Art 17(1) has text of its own beyond the lead-in (the system must ensure
compliance and be documented), so by default its points do not exhaust it; declared exhaustive, they do."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from xwalk.build.pipeline import build, write_dist
from xwalk.engine.context import Graph
from xwalk.engine.gaps import gap_analysis
from xwalk.model.profile import parse_profile
from xwalk.store.dist import load_dist
from xwalk.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
SET = "crosswalks/mappings/eu-ai-act--iso-iec-42001-2023.sssom.tsv"
POINT = "euaia:art-17-1-"


def _points_made_subset_of(project: Path) -> list[str]:
    """Rewrite the curated rows of Art 17(1)'s points as subset-of; the controls they name."""
    path = project / SET
    lines, controls = [], []
    for line in path.read_text().splitlines():
        cells = line.split("\t")
        if cells[0].startswith(POINT):
            cells[2], cells[8] = "skos:broadMatch", "subset-of"
            controls.append(cells[4])
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n")
    return sorted(set(controls))


def _graph(project: Path) -> Graph:
    write_dist(build(project), project / "dist")
    store = OxigraphStore()
    load_dist(store, project / "dist")
    return Graph(store, project / "queries", scratch=OxigraphStore)


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("as shipped", "declared exhaustive"):
        project = tmp_path_factory.mktemp(name.replace(" ", "-"))
        for sub in ("ontology", "queries", "crosswalks"):
            shutil.copytree(ROOT / sub, project / sub)
        controls = _points_made_subset_of(project)
        if name == "declared exhaustive":
            catalog = project / "crosswalks/frameworks/eu-ai-act.yaml"
            text = catalog.read_text()
            old = '              - id: "art-17-1"\n                kind: Paragraph\n'
            assert text.count(old) == 1
            catalog.write_text(text.replace(old, old + "                exhaustive: true\n"))
        out[name] = (_graph(project), controls)
    return out


def _art_17_1(graph: Graph, controls: list[str]) -> Any:
    profile = parse_profile(
        {
            "organisation": {"name": "QMS Co"},
            "as_of": "2027-12-02",
            "targets": ["eu-ai-act"],
            "ai_systems": [{"id": "s1", "name": "S1", "role": "provider", "risk_classes": ["high-risk-annex-iii"]}],
            "implementations": [{"provision": c, "status": "implemented"} for c in controls],
        }
    )
    report = gap_analysis(graph, profile)
    return next(i for i in report.items if i.provision == "euaia:art-17-1")


def test_art_17_1_points_each_covered_leave_the_paragraph_partial_as_it_says_more(variants: dict[str, Any]) -> None:
    graph, controls = variants["as shipped"]
    assert len(controls) >= 13
    item = _art_17_1(graph, controls)
    assert item.status == "partial", "Art 17(1) asks more than its points: they cannot cover it together"
    assert item.basis.kind != "parts"
    assert all(part.verdict == "covered" for part in item.basis.parts)
    assert "every part of euaia:art-17-1 is covered, but euaia:art-17-1 asks more than its parts" in item.remains


def test_art_17_1_declared_exhaustive_is_covered_by_its_points_together(variants: dict[str, Any]) -> None:
    graph, controls = variants["declared exhaustive"]
    item = _art_17_1(graph, controls)
    assert (item.status, item.basis.kind) == ("covered", "parts")
    parts = {p.provision: p for p in item.basis.parts}
    assert sorted(parts) == [f"{POINT}{x}" for x in "abcdefghijklm"]
    assert all(p.verdict == "covered" and p.by in controls for p in parts.values())
    # one point's cover left out: partial, and the report names that point
    without = [c for c in controls if c != "iso42001:6.2"]
    item = _art_17_1(graph, without)
    assert item.status == "partial" and item.basis.missing == [f"{POINT}a"]
    assert "Art. 17(1)(a) has no cover" in item.remains

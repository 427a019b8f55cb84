"""Joint coverage: a requirement divided exhaustively into parts is covered when every part is, each by
whatever covers it; the report says which part has no cover."""

from __future__ import annotations

from typing import Any

import pytest

from xwalk.engine.context import Graph
from xwalk.engine.coverage import matrix
from xwalk.engine.gaps import gap_analysis
from xwalk.engine.report import render
from xwalk.model.profile import parse_profile

from .engine_graphs import Small

# Article 9 is the union of its three paragraphs (declared exhaustive); each is inside a different control.
# Article 10 has the same shape but is not declared exhaustive: covering its parts covers it only in part.
JOINT = Small(
    provisions=[
        ("euaia:art-9", "Article", None),
        ("euaia:art-9-1", "Paragraph", "euaia:art-9"),
        ("euaia:art-9-2", "Paragraph", "euaia:art-9"),
        ("euaia:art-9-3", "Paragraph", "euaia:art-9"),
        ("euaia:art-10", "Article", None),
        ("euaia:art-10-1", "Paragraph", "euaia:art-10"),
        ("euaia:art-10-2", "Paragraph", "euaia:art-10"),
        ("iso42001:A", "Annex", None),
        ("iso42001:A.1", "ControlObjective", "iso42001:A"),
        ("iso42001:A.1.1", "Control", "iso42001:A.1"),
        ("iso42001:A.1.2", "Control", "iso42001:A.1"),
        ("iso42001:A.1.3", "Control", "iso42001:A.1"),
    ],
    mappings=[
        ("euaia:art-9-1", "subset-of", "iso42001:A.1.1", 7, "reviewed"),
        ("euaia:art-9-2", "equal", "iso42001:A.1.2", 6, "reviewed"),
        ("euaia:art-9-3", "subset-of", "iso42001:A.1.3", 5, "reviewed"),
        ("euaia:art-10-1", "subset-of", "iso42001:A.1.1", 7, "reviewed"),
        ("euaia:art-10-2", "subset-of", "iso42001:A.1.2", 7, "reviewed"),
    ],
    obligations=[
        ("euaia:art-9", "provider", "high-risk-annex-iii", "2026-08-02"),
        ("euaia:art-10", "provider", "high-risk-annex-iii", "2026-08-02"),
    ],
    exhaustive=["euaia:art-9"],
)


@pytest.fixture(scope="module")
def joint() -> Graph:
    return JOINT.graph()


def profile(*controls: str) -> Any:
    return parse_profile(
        {
            "organisation": {"name": "Joint Co"},
            "as_of": "2027-01-01",
            "targets": ["eu-ai-act"],
            "ai_systems": [{"id": "s1", "name": "S1", "role": "provider", "risk_classes": ["high-risk-annex-iii"]}],
            "implementations": [{"provision": c, "status": "implemented"} for c in controls],
        }
    )


def item(report: Any, provision: str) -> Any:
    return next(i for i in report.items if i.provision == provision)


def test_three_paragraphs_each_covered_by_a_different_control_cover_the_article(joint: Graph) -> None:
    report = gap_analysis(joint, profile("iso42001:A.1.1", "iso42001:A.1.2", "iso42001:A.1.3"))
    art9 = item(report, "euaia:art-9")
    assert (art9.status, art9.basis.kind) == ("covered", "parts")
    assert [(p.provision, p.verdict, p.by) for p in art9.basis.parts] == [
        ("euaia:art-9-1", "covered", "iso42001:A.1.1"),
        ("euaia:art-9-2", "covered", "iso42001:A.1.2"),
        ("euaia:art-9-3", "covered", "iso42001:A.1.3"),
    ]
    assert "Every part of euaia:art-9 is covered" in art9.remains
    # not declared exhaustive: Article 10 may say more than its paragraphs
    art10 = item(report, "euaia:art-10")
    assert art10.status == "partial"
    assert "every part of euaia:art-10 is covered, but euaia:art-10 asks more than its parts" in art10.remains
    [rolled] = [u for u in report.rollup if u.provision == "euaia:art-9"]
    assert (rolled.verdict, rolled.missing) == ("covered", [])


def test_drop_one_control_and_the_article_is_partial_naming_the_missing_paragraph(joint: Graph) -> None:
    report = gap_analysis(joint, profile("iso42001:A.1.1", "iso42001:A.1.2"))
    art9 = item(report, "euaia:art-9")
    assert art9.status == "partial"
    assert art9.basis.missing == ["euaia:art-9-3"]
    assert "art-9-3 has no cover" in art9.remains
    [rolled] = [u for u in report.rollup if u.provision == "euaia:art-9"]
    assert (rolled.verdict, rolled.missing, rolled.note) == ("partial", ["euaia:art-9-3"], "art-9-3 has no cover")
    md = render(report, "md")
    assert "| euaia:art-9 | Title of art-9 | 1 | partial | art-9-3 has no cover |" in md


def test_the_matrix_judges_jointly_too(joint: Graph) -> None:
    rows = {r.provision: r for r in matrix(joint, "euaia", "iso42001").data}
    assert rows["euaia:art-9"].verdict == "covered" and rows["euaia:art-9"].by is None
    assert rows["euaia:art-10"].verdict == "partial"


def test_the_catalog_states_which_decompositions_are_exhaustive(graph: Graph) -> None:
    """The default: an article of numbered paragraphs is the union of them; lettered points are not,
    unless declared."""
    from xwalk.engine.mapgraph import mapping_graph

    mg = mapping_graph(graph)
    by_id = {p.id: p for p in mg.provisions.values()}
    assert by_id["euaia:art-15"].exhaustive, "Article 15 is its five paragraphs"
    assert not by_id["euaia:art-15-1"].exhaustive, "a paragraph without parts is a leaf"
    pointed = [p for p in mg.provisions.values() if p.kind == "Paragraph" and mg.children.get(p.iri)]
    assert pointed and not any(p.exhaustive for p in pointed), "points are exhaustive only when declared"


def test_exhaustive_must_be_true_or_false(project: Any) -> None:
    from xwalk.build.catalogs import read_framework

    path = project / "crosswalks" / "frameworks" / "iso-iec-42001-2023.yaml"
    text = path.read_text().replace("    kind: Clause\n", "    kind: Clause\n    exhaustive: perhaps\n", 1)
    path.write_text(text)
    problems: list[Any] = []
    read_framework(path, project, problems)
    [problem] = [p for p in problems if p.rule == "exhaustive-shape"]
    assert "not true or false" in problem.message and problem.line > 1

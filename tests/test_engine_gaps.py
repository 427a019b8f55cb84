"""Gap analysis: a hand-built organisation and graph whose answers are obvious, then the shop example."""

from __future__ import annotations

import json
from typing import Any

import pytest

from xwalk.engine.context import Graph
from xwalk.engine.gaps import GapReport, gap_analysis
from xwalk.engine.report import render
from xwalk.errors import InvalidProfile
from xwalk.model.profile import parse_profile

from .conftest import ROOT
from .engine_graphs import Small

SMALL = Small(
    provisions=[
        ("iso27001:4", "Clause", None),
        ("iso27001:4.1", "Clause", "iso27001:4"),
        ("iso27001:4.2", "Clause", "iso27001:4"),
        ("iso27001:A", "Annex", None),
        ("iso27001:A.5", "ControlTheme", "iso27001:A"),
        ("iso27001:A.5.1", "Control", "iso27001:A.5"),
        ("iso27001:A.5.2", "Control", "iso27001:A.5"),
        ("iso42001:4", "Clause", None),
        ("iso42001:4.1", "Clause", "iso42001:4"),
        ("iso42001:4.2", "Clause", "iso42001:4"),
        ("iso42001:4.3", "Clause", "iso42001:4"),
        ("iso42001:4.4", "Clause", "iso42001:4"),
        ("iso42001:A", "Annex", None),
        ("iso42001:A.1", "ControlObjective", "iso42001:A"),
        ("iso42001:A.1.1", "Control", "iso42001:A.1"),
        ("iso42001:A.1.2", "Control", "iso42001:A.1"),
        ("euaia:art-1", "Article", None),
        ("euaia:art-1-1", "Paragraph", "euaia:art-1"),
        ("euaia:art-2", "Article", None),
        ("euaia:art-3", "Article", None),
    ],
    mappings=[
        ("iso27001:4.1", "equal", "iso42001:4.1", 10, "approved"),
        ("iso27001:4.2", "intersects-with", "iso42001:4.2", 6, "approved"),
        ("iso27001:A.5.1", "superset-of", "iso42001:A.1.1", 7, "reviewed"),
        ("iso27001:A.5.2", "no-relationship", "iso42001:A.1.2", 0, "approved"),
        ("euaia:art-1-1", "equal", "iso42001:A.1.1", 8, "reviewed"),
        ("euaia:art-3", "subset-of", "iso27001:A.5.2", 5, "reviewed"),
    ],
    obligations=[
        ("euaia:art-1-1", "provider", "high-risk-annex-iii", "2026-08-02"),
        ("euaia:art-1-1", "deployer", "high-risk-annex-iii", "2026-08-02"),
        ("euaia:art-2", "operator", None, "2025-02-02"),
        ("euaia:art-2", "provider", "prohibited", "2025-02-02"),
        ("euaia:art-3", "provider", "high-risk", "2028-08-02"),
    ],
)

PROFILE: dict[str, Any] = {
    "organisation": {"name": "Small Co"},
    "as_of": "2027-01-01",
    "targets": ["iso-iec-42001-2023", "eu-ai-act"],
    "ai_systems": [{"id": "s1", "name": "S1", "role": "provider", "risk_classes": ["high-risk-annex-iii"]}],
    "evidence": [{"id": "cert", "type": "certificate", "title": "Certificate"}],
    "implementations": [
        {"provision": "iso27001:4", "status": "implemented", "evidence": ["cert"]},
        {"provision": "iso27001:A.5.1", "status": "implemented", "evidence": ["cert"]},
        {"provision": "iso27001:A.5.2", "status": "partial"},
        {"provision": "iso42001:4.3", "status": "implemented"},
        {"provision": "iso42001:4.4", "status": "planned"},
    ],
    "exclusions": [{"provision": "iso42001:A.1.2", "justification": "Not relevant here."}],
}


@pytest.fixture(scope="module")
def small() -> Graph:
    return SMALL.graph()


def analyse(graph: Graph, **changes: Any) -> GapReport:
    return gap_analysis(graph, parse_profile({**PROFILE, **changes}))


def statuses(report: GapReport, framework: str) -> dict[str, str]:
    return {i.requirement: i.status for i in report.items if i.framework == framework}


def test_iso_statuses(small: Graph) -> None:
    report = analyse(small)
    assert statuses(report, "iso-iec-42001-2023") == {
        "iso42001:4.1": "covered",  # 27001 clause 4 implemented as a whole, 4.1 equal
        "iso42001:4.2": "partial",  # overlap only
        "iso42001:4.3": "met",  # implemented directly
        "iso42001:4.4": "unmapped",  # only planned, and no mapping reaches it from what is implemented
        "iso42001:A.1.1": "covered",  # inside 27001 A.5.1
        "iso42001:A.1.2": "excluded",
    }
    items = {i.requirement: i for i in report.items}
    covered = items["iso42001:4.1"].basis
    assert (covered.kind, covered.provision, covered.relations) == ("mapping", "iso27001:4.1", ["equal"])
    assert items["iso42001:4.1"].verdict == "covered" and items["iso42001:4.3"].verdict is None
    assert [e.id for e in covered.evidence] == ["cert"], "evidence of the implementation it rests on"
    assert items["iso42001:4.3"].basis.kind == "implementation"
    assert "assess by hand, or implement iso42001:4.4 (planned)" in items["iso42001:4.4"].remains
    assert items["iso42001:4.4"].basis.kind == "none" and items["iso42001:4.4"].verdict == "unmapped"
    assert items["iso42001:A.1.2"].basis.justification == "Not relevant here."


def test_ai_act_obligations_by_role_risk_and_date(small: Graph) -> None:
    report = analyse(small)
    assert statuses(report, "eu-ai-act") == {
        # provider duty, high-risk-annex-iii, in force: art-1-1 = 42001 A.1.1, inside implemented 27001 A.5.1
        "euaia:obligation/art-1-1/provider/high-risk-annex-iii": "covered",
        "euaia:obligation/art-2/operator/any": "unmapped",  # every operator's duty, whatever the class
        # a duty for the broader class high-risk, applying in 2028; A.5.2 is only partly implemented
        "euaia:obligation/art-3/provider/high-risk": "not-yet-applicable",
    }
    items = {i.requirement: i for i in report.items}
    [witness] = items["euaia:obligation/art-1-1/provider/high-risk-annex-iii"].basis.witnesses
    assert [(s.subject, s.object) for s in witness.steps] == [
        ("euaia:art-1-1", "iso42001:A.1.1"),
        ("iso27001:A.5.1", "iso42001:A.1.1"),
    ]
    later = items["euaia:obligation/art-3/provider/high-risk"]
    assert later.remains.startswith("Applies from 2028-08-02 (on 2027-01-01 it would be: partial)")
    assert later.system == "s1"


def test_dates_and_roles_move_the_answer(small: Graph) -> None:
    before = analyse(small, as_of="2026-01-01")
    assert statuses(before, "eu-ai-act")["euaia:obligation/art-1-1/provider/high-risk-annex-iii"] == (
        "not-yet-applicable"
    )
    deployer = analyse(small, ai_systems=[{**PROFILE["ai_systems"][0], "role": "deployer"}])
    assert set(statuses(deployer, "eu-ai-act")) == {
        "euaia:obligation/art-1-1/deployer/high-risk-annex-iii",
        "euaia:obligation/art-2/operator/any",
    }


def test_summary_and_reuse(small: Graph) -> None:
    [ai_act, iso] = sorted(analyse(small).summary, key=lambda s: s.framework)
    assert iso.counts == {
        "met": 1,
        "covered": 2,
        "partial": 1,
        "not-covered": 0,
        "undetermined": 0,
        "unmapped": 1,
        "excluded": 1,
        "not-yet-applicable": 0,
    }
    assert (iso.total, iso.applicable, iso.met, iso.met_percent) == (6, 5, 1, 20.0), "done is met, not covered"
    assert (iso.evidence_ready, iso.evidence_ready_percent) == (2, 40.0)
    # reuse counts only what 27001 brings: 4.1 and A.1.1 covered, 4.2 partly; 4.3 is met by 42001 itself
    assert (iso.reuse.covered, iso.reuse.partial, iso.reuse.total) == (2, 1, 5)
    assert (iso.reuse.covered_percent, iso.reuse.partial_percent) == (40.0, 20.0)
    assert iso.reuse.implemented == ["iso-iec-27001-2022"]
    assert ai_act.reuse.implemented == ["iso-iec-27001-2022", "iso-iec-42001-2023"]
    assert "OTHER frameworks" in iso.reuse.definition


def test_not_covered_needs_disjointness_from_everything_implemented(small: Graph) -> None:
    """A.1.2 shares nothing with 27001 A.5.2. With A.5.2 the only thing implemented, that proves it not
    covered; once 27001 A.5.1 is implemented too (which no chain joins to A.1.2) it is proved disjoint from
    A.5.2 only: undetermined, never a finding."""
    alone = analyse(small, implementations=[{"provision": "iso27001:A.5.2", "status": "implemented"}], exclusions=[])
    item = next(i for i in alone.items if i.requirement == "iso42001:A.1.2")
    assert (item.status, item.basis.provision, item.basis.relations) == (
        "not-covered",
        "iso27001:A.5.2",
        ["no-relationship"],
    )
    more = analyse(
        small,
        implementations=[
            {"provision": "iso27001:A.5.2", "status": "implemented"},
            {"provision": "iso27001:A.5.1", "status": "implemented"},
        ],
        exclusions=[],
    )
    item = next(i for i in more.items if i.requirement == "iso42001:A.1.2")
    assert item.status == "undetermined", "nothing is claimed of A.5.1 and A.1.2: disjointness is open"
    assert item.basis.reached == ["iso27001:A.5.2"]
    # the answer names what leaves it open (A.5.1), not the pair that is proved disjoint (A.5.2)
    assert item.basis.provision is None and item.basis.relations == []
    assert "proved disjoint from 1 of the 2 implemented provisions" in item.remains
    assert "against iso27001:A.5.1;" in item.remains and "iso27001:A.5.2" not in item.remains


def test_unknown_provisions_in_a_profile_are_named_by_pointer(small: Graph) -> None:
    bad = {
        **PROFILE,
        "implementations": [*PROFILE["implementations"], {"provision": "iso27001:A.5.9", "status": "partial"}],
    }
    with pytest.raises(InvalidProfile) as err:
        gap_analysis(small, parse_profile(bad))
    [e] = err.value.errors
    assert e["pointer"] == "/implementations/5/provision"
    assert "iso27001:A.5.9 does not exist" in str(e["message"])


# --- the shop example on the real data --------------------------------------------------------------


def shop() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "examples" / "iso27001-shop.json").read_text())
    return data


def test_shop_example_structure(graph: Graph) -> None:
    report = gap_analysis(graph, parse_profile(shop()))
    assert report.targets == ["eu-ai-act", "iso-iec-42001-2023"]
    by_fw = {s.framework: s for s in report.summary}
    iso = by_fw["iso-iec-42001-2023"]
    assert iso.total == 70 and iso.counts["excluded"] == 1 and iso.counts["met"] == 0
    assert iso.reuse.implemented == ["iso-iec-27001-2022"]
    assert iso.reuse.covered == 0, "an ISMS clause never covers the AIMS clause of the same number"
    items = {i.requirement: i for i in report.items}
    assert items["iso42001:7.5.1"].status == "partial"
    assert items["iso42001:A.10.3"].status == "excluded"
    assert items["iso42001:6.1.4"].status != "covered", "AI system impact assessment is new in 42001"
    ai_act = [i for i in report.items if i.framework == "eu-ai-act"]
    assert ai_act and all(i.system == "hire-rank" for i in ai_act)
    assert all(i.role in ("provider", "operator") for i in ai_act)
    assert all(i.risk_class in (None, "high-risk-annex-iii", "high-risk") for i in ai_act)
    assert "euaia:obligation/art-15-1/provider/high-risk-annex-iii" in items
    assert "euaia:obligation/art-26-1/deployer/high-risk-annex-iii" not in items
    assert by_fw["eu-ai-act"].counts["not-yet-applicable"] == 0, "Annex III duties apply from 2027-12-02"


def test_reports_are_deterministic_and_carry_both_hashes(graph: Graph) -> None:
    profile = parse_profile(shop())
    first = gap_analysis(graph, profile)
    again = gap_analysis(graph, parse_profile(shop()))
    for fmt in ("json", "md", "csv"):
        assert render(first, fmt) == render(again, fmt)
        assert first.content_hash in render(first, fmt)
        assert first.profile_hash in render(first, fmt)
    reordered = shop()
    reordered["implementations"].reverse()
    assert gap_analysis(graph, parse_profile(reordered)).profile_hash == first.profile_hash
    md = render(first, "md")
    assert md.startswith("# Gap analysis: Example Shop Ltd\n")
    assert "| iso-iec-42001-2023 | 70 |" in md
    csv_lines = render(first, "csv").splitlines()
    assert len(csv_lines) == len(first.items) + 1


def test_shop_example_on_the_curated_sets(graph: Graph) -> None:
    report = gap_analysis(graph, parse_profile(shop()))
    items = {i.requirement: i for i in report.items}
    for gap in ("iso42001:6.1.4", "iso42001:8.4", "iso42001:A.5.2", "iso42001:A.7.4"):
        # impact assessment and data quality are new in 42001: nothing proves an ISMS meets them, and the
        # crosswalk does not claim an ISMS is disjoint from them either
        assert items[gap].status in ("undetermined", "unmapped", "not-covered"), gap
        assert items[gap].status != "covered" and items[gap].status != "partial"
    logging = items["euaia:obligation/art-12-1/provider/high-risk-annex-iii"]
    assert logging.status == "partial" and logging.basis.provision == "iso27001:A.8.15"
    assert [e.id for e in logging.basis.evidence] == ["soa", "technical-baselines"]
    ai_act = next(s for s in report.summary if s.framework == "eu-ai-act")
    assert ai_act.reuse.partial > 0 and ai_act.counts["met"] == 0
    for s in report.summary:
        assert sum(s.counts.values()) == s.total
        assert list(s.counts) == [
            "met",
            "covered",
            "partial",
            "not-covered",
            "undetermined",
            "unmapped",
            "excluded",
            "not-yet-applicable",
        ]


def test_a_control_that_would_cover_but_is_only_partly_implemented_says_so(small: Graph) -> None:
    """27001 4.1 equals 42001 4.1: implemented, it covers; only partly implemented, 4.1 is partial, and the
    report says the control would cover it (so finishing that control is the fix), not that it overlaps."""
    done = analyse(small, implementations=[{"provision": "iso27001:4.1", "status": "implemented"}], exclusions=[])
    assert next(i for i in done.items if i.requirement == "iso42001:4.1").status == "covered"
    half = analyse(small, implementations=[{"provision": "iso27001:4.1", "status": "partial"}], exclusions=[])
    item = next(i for i in half.items if i.requirement == "iso42001:4.1")
    assert (item.status, item.basis.provision) == ("partial", "iso27001:4.1")
    assert "iso27001:4.1 would cover iso42001:4.1 but is only partly implemented" in item.remains

"""Gap analysis on the four example organisations: systems classified from their facts when they state
no class, a stated class that disagrees reported (and both used), each evidence artefact counted once
with every requirement it serves, and the artefact types ranked by the open requirements they close.

The reasoning in the comments is from Regulation (EU) 2024/1689 (http://data.europa.eu/eli/reg/2024/1689/oj);
the organisations are fictitious (examples/).
"""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult
from xwalk.cli import main
from xwalk.config import Settings
from xwalk.engine.context import Graph
from xwalk.engine.gaps import gap_analysis
from xwalk.engine.report import render
from xwalk.errors import InvalidProfile
from xwalk.model.gaps import GapReport
from xwalk.model.profile import parse_profile
from xwalk.store.oxigraph import OxigraphStore

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
API = "/api/v1"

# What a careful reader derives from each example's facts (see tests/test_org_examples.py for why).
DERIVED = {
    "cv-screening-vendor": {"sift-rank": ["high-risk-annex-iii"]},  # Annex III 4(a), profiles: no Art 6(3)
    "bank-credit-scoring": {"credit-score": ["high-risk-annex-iii"], "service-chat": ["transparency"]},
    "public-agency-benefits": {"benefit-check": ["high-risk-annex-iii"]},  # Annex III 5(a)
    "gpai-provider": {"aurora-2": ["gpai-model", "gpai-model-systemic-risk"]},  # 3.8e25 FLOP > 1e25 (Art 51(2))
}


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text())
    return data


def unstated(name: str) -> dict[str, Any]:
    data = copy.deepcopy(example(name))
    for s in data["ai_systems"]:
        s.pop("risk_classes", None)
    return data


def report(graph: Graph, data: dict[str, Any]) -> GapReport:
    return gap_analysis(graph, parse_profile(data))


def ai_act(r: GapReport) -> set[tuple[str, str | None]]:
    return {(i.requirement, i.system) for i in r.items if i.framework == "eu-ai-act"}


@pytest.mark.parametrize("name", sorted(DERIVED))
def test_classes_derived_when_none_is_stated(graph: Graph, name: str) -> None:
    r = report(graph, unstated(name))
    systems = {s.system: s for s in r.systems}
    assert {k: s.derived for k, s in systems.items()} == DERIVED[name]
    assert all(s.stated == [] and s.used == s.derived and s.agreement == "not-stated" for s in systems.values())
    assert all(
        s.basis and all(b.rule and b.provision.startswith("euaia:art-") for b in s.basis) for s in systems.values()
    )
    # the derived classes draw exactly the AI Act requirements the correctly stated ones draw
    stated = copy.deepcopy(example(name))
    for s in stated["ai_systems"]:
        s["risk_classes"] = DERIVED[name][s["id"]]
    assert ai_act(r) == ai_act(report(graph, stated)) and ai_act(r)


def test_derived_class_carries_its_rule_and_facts(graph: Graph) -> None:
    # Annex III point 4(a) (recruitment, filtering applications) makes the CV ranker high-risk under
    # Art 6(2); ranking applicants is profiling, so the Art 6(3) derogation cannot take it back.
    [s] = report(graph, unstated("cv-screening-vendor")).systems
    [b] = s.basis
    assert (b.risk_class, b.rule, b.provision, b.point) == (
        "high-risk-annex-iii",
        "art-6-2",
        "euaia:art-6-2",
        "euaia:annex-iii-4-a",
    )
    assert b.facts["profiling"] is True and b.facts["annex_iii_points"] == ["euaia:annex-iii-4-a"]
    assert s.pointer == "/ai_systems/0" and not s.undetermined and not s.derogations


def test_stated_minimal_for_a_high_risk_system_is_reported_and_high_risk_used(graph: Graph) -> None:
    # A vendor calling its CV ranker minimal risk is wrong under Art 6(2) + Annex III 4(a): the report
    # says so and draws the provider's high-risk duties (Art 9 risk management, Art 43 conformity
    # assessment) all the same; "minimal" means no other class, so it is not kept beside one.
    data = example("cv-screening-vendor")
    data["ai_systems"][0]["risk_classes"] = ["minimal"]
    r = report(graph, data)
    [s] = r.systems
    assert s.agreement == "differs" and s.stated == ["minimal"] and s.derived == ["high-risk-annex-iii"]
    assert s.used == ["high-risk-annex-iii"]
    assert s.disagreement["derived_not_stated"] == ["high-risk-annex-iii"]
    provisions = {i.provision for i in r.items if i.framework == "eu-ai-act"}
    assert {"euaia:art-9-1", "euaia:art-43-2"} <= provisions
    md = render(r, "md")
    assert (
        "| sift-rank | provider | minimal | high-risk-annex-iii | high-risk-annex-iii | differs: stated minimal" in md
    )


def test_stated_systemic_risk_under_the_threshold_is_kept_with_the_disagreement(graph: Graph) -> None:
    # Trained with 8 x 10^24 FLOP, below the 10^25 presumption of Art 51(2), no high-impact
    # capabilities found and no Commission designation: the rules derive a plain GPAI model. The
    # provider still says systemic risk: the safe answer keeps both, so the Art 55 duties (evaluation,
    # adversarial testing, incident reporting) stay in the report, and the disagreement is shown.
    data = example("gpai-provider")
    data["ai_systems"][0] |= {"training_compute_flop": 8e24, "high_impact_capabilities": False}
    r = report(graph, data)
    [s] = r.systems
    assert s.agreement == "differs" and s.derived == ["gpai-model"]
    assert s.used == ["gpai-model", "gpai-model-systemic-risk"]
    assert s.disagreement["stated_not_derived"] == ["gpai-model-systemic-risk"]
    assert any(i.provision.startswith("euaia:art-55-") for i in r.items)
    unstated_under = copy.deepcopy(data)
    del unstated_under["ai_systems"][0]["risk_classes"]
    # without the statement only Art 53 is drawn: Art 55 is for models with systemic risk
    assert not any(i.provision.startswith("euaia:art-55-") for i in report(graph, unstated_under).items)


def test_no_class_and_no_deciding_facts_is_refused_with_the_missing_facts(graph: Graph) -> None:
    data = unstated("cv-screening-vendor")
    system = data["ai_systems"][0]
    data["ai_systems"][0] = {k: system[k] for k in ("id", "name", "purpose", "role")}
    with pytest.raises(InvalidProfile) as exc:
        report(graph, data)
    [e] = exc.value.errors
    assert e["pointer"] == "/ai_systems/0/risk_classes"
    assert "annex_iii_points" in e["message"] and "profiling" not in e["message"].split("missing:")[0]


def test_undecided_rules_are_reported_not_guessed(graph: Graph) -> None:
    # Without the Art 50 facts the CV ranker is still high-risk (Annex III 4(a)), but whether it also
    # carries transparency duties is open: the report says which facts would decide it.
    data = unstated("cv-screening-vendor")
    for fact in ("interacts_with_persons", "generates_synthetic_content"):
        del data["ai_systems"][0][fact]
    [s] = report(graph, data).systems
    assert s.derived == ["high-risk-annex-iii"] and s.used == ["high-risk-annex-iii"]
    missing = {m for u in s.undetermined for m in u.missing}
    assert {"interacts_with_persons", "generates_synthetic_content"} <= missing
    assert {u.provision for u in s.undetermined} >= {"euaia:art-50-1", "euaia:art-50-2"}
    assert "still undetermined, for want of: " in s.note


def test_each_artefact_counted_once_with_every_requirement_it_serves(graph: Graph) -> None:
    data = example("cv-screening-vendor")
    r = report(graph, data)
    assert [e.id for e in r.evidence] == sorted(e["id"] for e in data["evidence"])  # once each, all of them
    uses = {e.id: e for e in r.evidence}
    # The Annex IV pack serves Art 11 and Art 18(1) (kept ten years) of the AI Act and ISO 42001's
    # technical-documentation controls: one artefact, requirements in two frameworks.
    tech = uses["tech-doc"]
    assert tech.cited_by == ["euaia:art-11"] and tech.requirements == len(tech.serves)
    served = {(x.framework, x.provision) for x in tech.serves}
    assert {("eu-ai-act", "euaia:art-11-1"), ("iso-iec-42001-2023", "iso42001:A.6.2.7")} <= served
    assert ["cited", "type"] in [x.through for x in tech.serves]  # Art 11(1): cited and of the right type
    # The ISO 27001 certificate is cited by every clause 4-10 implementation: listed once, with all seven.
    assert uses["certificate"].cited_by == [f"iso27001:{n}" for n in (10, 4, 5, 6, 7, 8, 9)]
    keys = [(x.framework, x.requirement, x.system) for x in uses["certificate"].serves]
    assert len(keys) == len(set(keys))  # a requirement is served once, however many implementations cite it
    assert all(x.through == ["cited"] for x in uses["certificate"].serves)


def test_artefact_ranking_for_the_cv_vendor(graph: Graph) -> None:
    # What the vendor lacks (tests/test_org_examples.py): oversight design (Art 14), testing (15), a QMS
    # (17), conformity assessment (43), declaration (47), CE marking (48), registration (49), post-market
    # monitoring (72). Each of those artefact types must be ranked with those articles. First comes the
    # data governance record: Art 10 has five paragraphs and ISO 42001 five data controls (A.7.2-A.7.6),
    # all open because no implementation cites the data sheet the vendor holds: citing it is the cheapest
    # large step. Next the QMS manual it lacks: Art 17(1)-(2) and ISO 42001's AI management system
    # (4.4), AI policy (5.2) and documented information (7.5), which its ISMS does not give (auditing an
    # ISMS does not audit an AI management system). Ties are broken by type id, so the order is stable.
    r = report(graph, example("cv-screening-vendor"))
    ranks = r.best_artefacts
    assert [a.rank for a in ranks] == list(range(1, len(ranks) + 1))
    assert [(-a.closes, a.type) for a in ranks] == sorted((-a.closes, a.type) for a in ranks)
    first = ranks[0]
    assert (first.type, first.held) == ("data-governance-record", ["data-sheet"])
    assert (ranks[1].type, ranks[1].held) == ("qms-manual", [])
    assert {"euaia:art-17-1", "euaia:art-17-2", "iso42001:4.4", "iso42001:5.2"} <= {
        x.provision for x in ranks[1].requirements
    }
    assert {x.provision for x in first.requirements} == {
        *(f"euaia:art-10-{n}" for n in range(1, 6)),
        *(f"iso42001:A.7.{n}" for n in range(2, 7)),
    }
    by_type = {a.type: {x.provision.rsplit("-", 1)[0] for x in a.requirements} for a in ranks}
    expected = {
        "human-oversight-procedure": "euaia:art-14",
        "test-report": "euaia:art-15",
        "qms-manual": "euaia:art-17",
        "conformity-assessment-record": "euaia:art-43",
        "eu-declaration-of-conformity": "euaia:art-47",
        "ce-marking-record": "euaia:art-48",
        "registration-record": "euaia:art-49",
        "post-market-monitoring-plan": "euaia:art-72",
    }
    for etype, article in expected.items():
        assert article in by_type[etype], etype
    # nothing ranked is met or excluded: only open requirements count
    status = {(i.framework, i.requirement, i.system): i.status for i in r.items}
    assert all(
        status[(x.framework, x.requirement, x.system)] not in ("met", "covered", "excluded")
        for a in ranks
        for x in a.requirements
    )


def test_every_format_shows_classes_and_evidence(graph: Graph) -> None:
    r = report(graph, unstated("bank-credit-scoring"))
    data = json.loads(render(r, "json"))
    assert [s["system"] for s in data["systems"]] == ["credit-score", "service-chat"]
    assert data["evidence"] and data["best_artefacts"][0]["rank"] == 1 and data["classes_used"]
    md = render(r, "md")
    assert "## AI systems: risk classes" in md and "## Evidence, each artefact once" in md
    assert "| 1 | " + data["best_artefacts"][0]["type"] + " | " in md
    rows = list(csv.DictReader(io.StringIO(render(r, "csv"))))
    credit = [row for row in rows if row["system"] == "credit-score"]
    assert credit and all(row["system_classes"].startswith("used high-risk-annex-iii; not-stated") for row in credit)
    fria = next(row for row in rows if row["requirement"] == "euaia:obligation/art-27-1/deployer/high-risk-annex-iii")
    assert "fria (#" in fria["closing_artefact_types"]  # the bank has no FRIA: Art 27(1) is open
    html = render(r, "html")
    assert 'id="systems"' in html and 'data-agreement="not-stated"' in html and 'id="best-artefacts"' in html
    assert html.count('data-evidence="') == len(data["evidence"])


@pytest.fixture
def client(settings: Settings, store: OxigraphStore) -> TestClient:
    return TestClient(create_app(settings, store), raise_server_exceptions=False)


def test_api_gap_analysis_classifies_and_refuses_with_pointers(client: TestClient) -> None:
    post = lambda data: client.post(f"{API}/gap-analysis", json=data)  # noqa: E731
    r = post(unstated("public-agency-benefits"))
    assert r.status_code == 200, r.text
    [s] = r.json()["systems"]
    assert (s["derived"], s["used"], s["agreement"]) == (["high-risk-annex-iii"], ["high-risk-annex-iii"], "not-stated")
    bare = unstated("public-agency-benefits")
    bare["ai_systems"][0] = {"id": "benefit-check", "name": "Benefit check", "role": "deployer"}
    r = post(bare)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    [e] = r.json()["errors"]
    assert e["pointer"] == "/ai_systems/0/risk_classes" and "missing: " in e["message"]
    bad = unstated("public-agency-benefits")
    bad["ai_systems"][0]["annex_iii_points"] = ["euaia:annex-iii-5-z"]
    r = post(bad)
    assert r.status_code == 422 and r.json()["errors"][0]["pointer"].startswith("/ai_systems/0/annex_iii_point")


def test_cli_gaps_on_a_profile_without_classes(
    built: tuple[BuildResult, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "agency.json"
    path.write_text(json.dumps(unstated("public-agency-benefits")))
    cli = ["--root", str(ROOT), "--dist", str(built[1]), "gaps"]
    assert main([*cli, str(path), "--format", "md"]) == 0
    row = "| benefit-check | deployer | - | high-risk-annex-iii | high-risk-annex-iii | not-stated"
    assert row in capsys.readouterr().out
    bare = unstated("public-agency-benefits")
    bare["ai_systems"][0] = {"id": "benefit-check", "name": "Benefit check", "role": "deployer"}
    path.write_text(json.dumps(bare))
    assert main([*cli, str(path)]) == 2
    assert (
        f"{path} is not a valid profile:\n  /ai_systems/0/risk_classes: no risk class stated" in capsys.readouterr().err
    )


def test_artefact_ranking_for_the_bank(graph: Graph) -> None:
    # Nordbank deploys a point 5(b) credit scorer: Art 27(1) names such deployers, so it owes a
    # fundamental rights impact assessment before first use (27(1)), notifies the authority of its
    # results (27(3)) and may reuse earlier ones (27(2)); it has none. That is the artefact a reader
    # names first. (The catalog's registration duties of Arts 26(8) and 49(3) carry the condition
    # "public-authority deployers", which gap analysis does not evaluate: they follow, and a
    # bank does not owe them; not asserted here.) Its chatbot triggers Art 50(1)-(2) only (it interacts
    # and generates text), both the provider's duties: the bank owes nothing under Art 50(3)-(5) for it,
    # so no transparency notice is asked for the chatbot.
    r = report(graph, unstated("bank-credit-scoring"))
    first = r.best_artefacts[0]
    assert (first.type, first.closes, first.held) == ("fria", 3, [])
    assert {x.provision for x in first.requirements} == {"euaia:art-27-1", "euaia:art-27-2", "euaia:art-27-3"}
    chat = [i for i in r.items if i.system == "service-chat"]
    assert not [i for i in chat if i.provision.startswith("euaia:art-50")]
    # the DPIA the bank holds is listed once and serves the Art 26(9) input as well as GDPR Art 35
    dpia = next(e for e in r.evidence if e.id == "dpia-credit")
    assert {x.framework for x in dpia.serves} == {"eu-ai-act", "gdpr"}
    assert "euaia:art-26-9" in {x.provision for x in dpia.serves}


def test_a_conditional_duty_says_its_condition(graph: Graph) -> None:
    """Art 26(8) binds public-authority deployers only; the bank's profile decides no such fact, so the
    report must not present it as a plain duty: it carries the condition, in the item and in its words.
    Art 26(1) (use the system by its instructions) binds every deployer and carries none."""
    r = report(graph, example("bank-credit-scoring"))
    by_provision = {i.provision: i for i in r.items if i.system == "credit-score"}
    public = by_provision["euaia:art-26-8"]
    assert public.condition and "Public-authority deployers" in public.condition
    assert public.remains.startswith(f"Only if: {public.condition}")
    assert by_provision["euaia:art-26-1"].condition is None
    assert "Only if" not in by_provision["euaia:art-26-1"].remains
    assert "Only if: Public-authority deployers" in render(r, "md")


def test_art_50_5_binds_whoever_owes_50_1_to_4(graph: Graph) -> None:
    """Art 50(5) says how the information of 50(1)-(4) is given (clearly, at first interaction at the
    latest), so it binds whoever owes one of them. The bank's chatbot as its PROVIDER owes 50(1) (it talks
    with people) and 50(2) (it generates text), hence 50(5); as its DEPLOYER it owes none of 50(1)-(4)
    (those are the provider's; it does no emotion recognition and publishes no deep fake), hence no 50(5)."""
    from xwalk.engine.classify import classify

    def art50(data: dict[str, Any]) -> tuple[set[str], set[str]]:
        r = report(graph, data)
        gaps = {i.provision for i in r.items if i.system == "service-chat" and i.provision.startswith("euaia:art-50")}
        c = {s.id: s for s in classify(graph, parse_profile(data, strict=False)).systems}["service-chat"]
        return gaps, {o.provision for o in (*c.in_force, *c.later) if o.provision.startswith("euaia:art-50")}

    provider = example("bank-credit-scoring")
    for s in provider["ai_systems"]:
        if s["id"] == "service-chat":
            s["role"] = "provider"
    expected = {"euaia:art-50-1", "euaia:art-50-2", "euaia:art-50-5"}
    assert art50(provider) == (expected, expected)
    assert art50(example("bank-credit-scoring")) == (set(), set())

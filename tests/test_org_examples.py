"""The four example organisations of examples/: what a careful reader of the AI Act concludes, and
what classify, validate and gap analysis say. The organisations are fictitious; the reasoning in the
comments is from Regulation (EU) 2024/1689 (http://data.europa.eu/eli/reg/2024/1689/oj).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from xwalk.build.pipeline import BuildResult
from xwalk.engine.classify import Classification, classify
from xwalk.engine.conformance import ConformanceReport, conformance
from xwalk.engine.context import Graph
from xwalk.engine.gaps import gap_analysis
from xwalk.model.profile import parse_profile
from xwalk.store.dist import load_dist
from xwalk.store.oxigraph import OxigraphStore

from .conftest import ROOT

EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def org(built: tuple[BuildResult, Path]) -> Graph:
    store = OxigraphStore()
    load_dist(store, built[1])
    return Graph(store, ROOT / "queries", scratch=OxigraphStore)


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text())
    return data


def run(org: Graph, name: str) -> tuple[Classification, ConformanceReport]:
    p = parse_profile(example(name), strict=False)
    return classify(org, p), conformance(org, p)


def findings(report: ConformanceReport) -> set[tuple[str, str, str]]:
    return {(f.severity, f.pointer, f.basis or "") for f in report.findings}


def test_cv_screening_vendor(org: Graph) -> None:
    # TalentSift sells CV ranking to employers: systems meant for recruiting or selecting people, such
    # as sifting and filtering applications, are Annex III point 4(a), so Art 6(2) makes it high-risk. Ranking applicants evaluates personal aspects (profiling  # noqa: E501
    # under GDPR Art 4(4)), and the last subparagraph of Art 6(3) says an Annex III system that profiles is
    # always high-risk: no derogation. Its Annex III obligations apply from 2 December 2027 (the amended
    # date the catalog carries), the day looked at. As provider it owes Arts 9-15, 16-22, 43, 47-49, 72-73.
    # It holds a risk management file (Art 9), data governance records (Art 10), the Annex IV pack
    # (Art 11), logs (Art 12) and instructions for use (Art 13), but nothing for human oversight design
    # (14), accuracy/robustness testing (15), a QMS (17), conformity assessment (43), declaration (47),
    # CE marking (48), EU database registration (49) or post-market monitoring (72). Its ISO 27001
    # certificate does not evidence any of these.
    c, v = run(org, "cv-screening-vendor")
    [s] = c.systems
    assert s.classes == ["high-risk-annex-iii"] and s.agreement == "agrees" and not s.undetermined
    assert {"profiling", "annex_iii_points"} <= set(s.matches[0].facts)
    assert not s.later and {"euaia:art-9-1", "euaia:art-17-1", "euaia:art-72-1"} <= {o.provision for o in s.in_force}
    missing = {f.basis for f in v.findings if f.severity == "violation"}
    assert missing == {f"euaia:art-{n}" for n in (14, 15, 17, 43, 47, 48, 49, 72)}
    # two artefacts are listed but no implementation cites them: warned, not counted as missing
    assert {(f.severity, f.pointer) for f in v.findings if f.severity == "warning"} == {
        ("warning", "/evidence/15"),
        ("warning", "/evidence/16"),
    }


def test_bank_deploying_credit_scoring(org: Graph) -> None:
    # Nordbank uses a bought credit-scoring system on consumers: Annex III point 5(b) (creditworthiness,
    # other than fraud detection), high-risk under Art 6(2); scoring people is profiling, so Art 6(3)
    # cannot apply. As deployer it owes Art 26 (use per instructions, oversight, monitoring, logs, DPIA
    # input under 26(9)), and Art 27(1) names deployers of point 5(b) systems explicitly: a fundamental
    # rights impact assessment before first use, whether or not the bank is a public body. It has a
    # DPIA but no FRIA. Its customer-service chatbot interacts with people and generates text:
    # Art 50(1)-(2) attach, but those are the provider's duties; the bank as deployer owes none under
    # Art 50 for it (no emotion recognition, no deep fakes).
    c, v = run(org, "bank-credit-scoring")
    credit, chat = c.systems
    assert credit.id == "credit-score" and credit.classes == ["high-risk-annex-iii"]
    assert chat.classes == ["transparency"] and {m.rule for m in chat.matches} == {"art-50-1", "art-50-2"}
    assert not [o for o in chat.in_force if o.provision.startswith("euaia:art-50")]
    assert {"euaia:art-26-1", "euaia:art-27-1"} <= {o.provision for o in credit.in_force}
    assert findings(v) == {("violation", "/ai_systems/0", "euaia:art-27")}
    # the same profile through gap analysis: Art 27(1) stands open, Art 26(2) (oversight) is met
    gaps = gap_analysis(org, parse_profile(example("bank-credit-scoring")))
    status = {i.requirement.split("/")[1]: i.status for i in gaps.items if i.framework == "eu-ai-act"}
    assert status["art-26-2"] == "met"
    assert status["art-27-1"] in ("not-covered", "partial")


def test_public_agency_benefits(org: Graph) -> None:
    # A regional social-security office pre-checks housing-benefit applications: a public authority
    # using AI to judge whether people are entitled to essential public assistance is Annex III point
    # 5(a): high-risk, and profiling rules out Art 6(3). The profile states no class: classify derives it. A public authority deployer owes Art 26,  # noqa: E501
    # the FRIA of Art 27 (a body governed by public law) and the registration of its use under Art 49(3)
    # (Art 26(8)). It holds a FRIA, a DPIA, the registration and an oversight procedure, and its ISO 42001
    # scope names the system: nothing to report.
    c, v = run(org, "public-agency-benefits")
    [s] = c.systems
    assert s.classes == ["high-risk-annex-iii"] and s.agreement == "not-stated" and s.stated == []
    assert {"euaia:art-26-1", "euaia:art-27-1"} <= {o.provision for o in s.in_force}
    assert v.conforms and v.findings == []
    no_fria = example("public-agency-benefits")
    no_fria["evidence"] = [e for e in no_fria["evidence"] if e["type"] != "fria"]
    no_fria["implementations"] = [m for m in no_fria["implementations"] if m["provision"] != "euaia:art-27-1"]
    report = conformance(org, parse_profile(no_fria, strict=False))
    assert findings(report) == {("violation", "/ai_systems/0", "euaia:art-27")}


def test_gpai_provider_over_the_threshold(org: Graph) -> None:
    # Aurora-2 is a general-purpose AI model (Art 3(63)) trained with 3.8 x 10^25 FLOP: above the 10^25
    # of Art 51(2), so it is presumed to have high-impact capabilities and is a model with systemic risk
    # (Art 51(1)(a)); the provider also states its evaluation found them. Chapter V applies from
    # 2 August 2025: Art 53 (documentation, downstream information, copyright policy, training summary)
    # and Art 55 (evaluation, adversarial testing, incident reporting, cybersecurity). A model is not an
    # AI system: the Art 5, 6 and 50 rules do not ask about it.
    c, v = run(org, "gpai-provider")
    [s] = c.systems
    assert s.classes == ["gpai-model", "gpai-model-systemic-risk"] and s.agreement == "agrees"
    assert not s.undetermined
    assert {m.rule for m in s.matches} == {"art-51", "art-53"}
    assert "training_compute_flop" in next(m for m in s.matches if m.rule == "art-51").facts
    assert {"euaia:art-53-1-a", "euaia:art-55-1-a"} <= {o.provision for o in s.in_force}
    assert v.conforms and v.findings == []
    under = example("gpai-provider")
    under["ai_systems"][0] |= {"training_compute_flop": 8e24, "high_impact_capabilities": False}
    [s] = classify(org, parse_profile(under, strict=False)).systems
    assert s.classes == ["gpai-model"] and s.agreement == "differs"

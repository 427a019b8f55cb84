"""Write the data-driven cases of tests/data/org/ (pySHACL's test layout: one file per case + expected).

Every classification rule (queries/rules/) and every conformance shape (ontology/shapes/org/) gets a
positive case and a negative twin that differs from it in one fact. The expected answers below are
written by hand from the Act, not recorded from a run: tests/test_org_cases.py compares them.

    .venv/bin/python scripts/org_cases.py      # rewrites tests/data/org/{classify,validate}/
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "org"

ART5 = [
    "manipulative_techniques",
    "exploits_vulnerabilities",
    "social_scoring",
    "predicts_crime_by_profiling",
    "scrapes_facial_images",
    "emotion_recognition_at_work_or_school",
    "biometric_categorisation_sensitive",
    "realtime_biometric_id_law_enforcement",
]
ART50 = ["interacts_with_persons", "generates_synthetic_content", "emotion_recognition", "biometric_categorisation",
         "deep_fake"]  # fmt: skip
DEROGATION = ["narrow_procedural_task", "improves_human_activity", "detects_decision_patterns", "preparatory_task"]


def decided_system(**changes: Any) -> dict[str, Any]:
    """A system for which every rule is decided and none applies: minimal risk."""
    s: dict[str, Any] = {"id": "sys", "name": "Case system", "role": "provider"}
    s |= {k: False for k in ART5 + ART50}
    s |= {"annex_i_product": False, "safety_component": False, "annex_iii_points": []}
    for k, v in changes.items():
        if v is None:
            s.pop(k, None)
        else:
            s[k] = v
    return s


def profile(system: dict[str, Any], **top: Any) -> dict[str, Any]:
    p: dict[str, Any] = {
        "organisation": {"name": "Case Org"},
        "as_of": "2028-09-01",
        "targets": ["eu-ai-act"],
        "ai_systems": [system],
    }
    p.update(top)
    return p


HIGH_RISK_III = {"annex_iii_points": ["euaia:annex-iii-4-a"], "profiling": True}
DEROGATES = {"annex_iii_points": ["euaia:annex-iii-4-a"], "profiling": False, "art_6_4_assessment_documented": True,
             "narrow_procedural_task": True, "improves_human_activity": False, "detects_decision_patterns": False,
             "preparatory_task": False}  # fmt: skip
GPAI = {"role": "gpai-model-provider", "gpai_model": True, "training_compute_flop": 1e24,
        "high_impact_capabilities": False, "designated_systemic_risk": False}  # fmt: skip

# name -> (system changes, expected classes, expected undetermined [(rule, missing...)], expected derogations)
CLASSIFY: dict[str, tuple[dict[str, Any], list[str], list[list[str]], list[str]]] = {
    "minimal": ({}, ["minimal"], [], []),
    "no-facts": (
        {k: None for k in (*ART5, *ART50, "annex_i_product", "safety_component", "annex_iii_points")},
        [],
        [
            ["art-5-1-a", "manipulative_techniques"],
            ["art-5-1-b", "exploits_vulnerabilities"],
            ["art-5-1-c", "social_scoring"],
            ["art-5-1-d", "predicts_crime_by_profiling"],
            ["art-5-1-e", "scrapes_facial_images"],
            ["art-5-1-f", "emotion_recognition_at_work_or_school"],
            ["art-5-1-g", "biometric_categorisation_sensitive"],
            ["art-5-1-h", "realtime_biometric_id_law_enforcement"],
            ["art-50-1", "interacts_with_persons"],
            ["art-50-2", "generates_synthetic_content"],
            ["art-50-3", "emotion_recognition", "biometric_categorisation"],
            ["art-50-4", "deep_fake"],
            ["art-6-1", "annex_i_product", "safety_component", "third_party_conformity_assessment"],
            ["art-6-2", "annex_iii_points"],
        ],
        [],
    ),
    # Art 5(1)(h): prohibited unless the exception of points (i)-(iii) holds
    "art-5-1-h-applies": ({"realtime_biometric_id_law_enforcement": True, "law_enforcement_exception": False},
                          ["prohibited"], [], []),
    "art-5-1-h-exception": ({"realtime_biometric_id_law_enforcement": True, "law_enforcement_exception": True},
                            ["minimal"], [], []),
    "art-5-1-h-undetermined": ({"realtime_biometric_id_law_enforcement": True}, [],
                               [["art-5-1-h", "law_enforcement_exception"]], []),
    # Art 6(1): Annex I product (or safety component) needing third-party conformity assessment
    "art-6-1-product": ({"annex_i_product": True, "third_party_conformity_assessment": True},
                        ["high-risk-annex-i"], [], []),
    "art-6-1-safety-component": ({"safety_component": True, "third_party_conformity_assessment": True},
                                 ["high-risk-annex-i"], [], []),
    "art-6-1-safety-component-no-third-party": ({"safety_component": True, "third_party_conformity_assessment": False},
                                                ["minimal"], [], []),
    "art-6-1-no-third-party": ({"annex_i_product": True, "third_party_conformity_assessment": False},
                               ["minimal"], [], []),
    "art-6-1-undetermined": ({"annex_i_product": True}, [], [["art-6-1", "third_party_conformity_assessment"]], []),
    # Art 6(2) and the Art 6(3) derogation
    "art-6-2-applies": (HIGH_RISK_III, ["high-risk-annex-iii"], [], []),
    "art-6-2-undetermined": ({"annex_iii_points": None}, [], [["art-6-2", "annex_iii_points"]], []),
    "art-6-2-two-purposes": ({**HIGH_RISK_III, "annex_iii_points": ["euaia:annex-iii-4-a", "euaia:annex-iii-4-b"]},
                             ["high-risk-annex-iii"], [], []),
    "art-6-3-derogation": (DEROGATES, ["minimal"], [], ["euaia:annex-iii-4-a"]),
    "art-6-3-profiling": ({**DEROGATES, "profiling": True}, ["high-risk-annex-iii"], [], []),
    "art-6-3-undocumented": ({**DEROGATES, "art_6_4_assessment_documented": False}, ["high-risk-annex-iii"], [], []),
    "art-6-3-no-condition": ({**DEROGATES, "narrow_procedural_task": False}, ["high-risk-annex-iii"], [], []),
    "art-6-3-undetermined": ({**DEROGATES, "profiling": None}, [], [["art-6-3", "profiling"]], []),
    # Art 50(3): either system kind
    "art-50-3-undetermined": ({"emotion_recognition": None}, [], [["art-50-3", "emotion_recognition"]], []),
    # GPAI models, Art 51 and 53
    "art-53-applies": (GPAI, ["gpai-model"], [], []),
    "art-53-not-a-model": ({**GPAI, "gpai_model": False}, ["minimal"], [], []),
    "art-53-undetermined": ({**GPAI, "gpai_model": None}, [], [["art-51", "gpai_model"], ["art-53", "gpai_model"]], []),
    "art-51-over-threshold": ({**GPAI, "training_compute_flop": 3e25}, ["gpai-model", "gpai-model-systemic-risk"],
                              [], []),
    "art-51-designated": ({**GPAI, "designated_systemic_risk": True}, ["gpai-model", "gpai-model-systemic-risk"],
                          [], []),
    "art-51-undetermined": ({**GPAI, "high_impact_capabilities": None}, ["gpai-model"],
                            [["art-51", "high_impact_capabilities"]], []),
    # extra facts never block a match: each class that applies is reported
    "prohibited-and-transparency": ({"social_scoring": True, "interacts_with_persons": True},
                                    ["prohibited", "transparency"], [], []),
}  # fmt: skip
for fact, rule, cls in [*((f, f"art-5-1-{c}", "prohibited") for f, c in zip(ART5[:7], "abcdefg", strict=True)),
                        ("interacts_with_persons", "art-50-1", "transparency"),
                        ("generates_synthetic_content", "art-50-2", "transparency"),
                        ("emotion_recognition", "art-50-3", "transparency"),
                        ("biometric_categorisation", "art-50-3", "transparency"),
                        ("deep_fake", "art-50-4", "transparency")]:  # fmt: skip
    CLASSIFY[f"{rule}-{fact.replace('_', '-')}"] = ({fact: True}, [cls], [], [])
    # the negative twin of each is "minimal": the same system with the fact false

# ---------------------------------------------------------------------------------------------
# Conformance: an organisation whose records are complete, then one change per case
# ---------------------------------------------------------------------------------------------
PROVIDER_EVIDENCE = {
    "risk-management-file": "art-9", "data-governance-record": "art-10", "technical-documentation": "art-11",
    "logs": "art-12", "instructions-for-use": "art-13", "human-oversight-procedure": "art-14",
    "test-report": "art-15", "qms-manual": "art-17", "conformity-assessment-record": "art-43",
    "eu-declaration-of-conformity": "art-47", "ce-marking-record": "art-48", "registration-record": "art-49",
    "post-market-monitoring-plan": "art-72",
}  # fmt: skip


def records(types: list[str]) -> dict[str, Any]:
    evidence = [{"id": t, "type": t, "title": t.replace("-", " ")} for t in types]
    return {
        "evidence": evidence,
        "implementations": [{"provision": "iso42001:7.5", "status": "implemented", "evidence": types}] if types else [],
    }


def provider_profile(drop: str | None = None) -> dict[str, Any]:
    types = [t for t in PROVIDER_EVIDENCE if t != drop]
    return profile(decided_system(**HIGH_RISK_III), **records(types))


def deployer_profile(point: str, types: list[str], **org: Any) -> dict[str, Any]:
    s = decided_system(**{**HIGH_RISK_III, "role": "deployer", "annex_iii_points": [point]})
    return profile(s, organisation={"name": "Case Org", **org}, **records(types))


# name -> (profile, expected [(shape, pointer)])
VALIDATE: dict[str, tuple[dict[str, Any], list[list[str]]]] = {
    "provider-complete": (provider_profile(), []),
}
for etype, art in PROVIDER_EVIDENCE.items():
    VALIDATE[f"provider-without-{etype}"] = (provider_profile(etype), [[f"EvidenceForDuty:euaia:{art}", "/ai_systems/0"]])  # noqa: E501
VALIDATE |= {
    # Art 27: a bank deploying credit scoring (Annex III 5(b)) owes a FRIA; a private employer screening CVs does not
    "deployer-credit-without-fria": (deployer_profile("euaia:annex-iii-5-b", ["dpia"], public_body=False,
                                                      public_services=False), [["Fria", "/ai_systems/0"]]),
    "deployer-credit-with-fria": (deployer_profile("euaia:annex-iii-5-b", ["dpia", "fria"], public_body=False,
                                                   public_services=False), []),
    "deployer-recruiting-without-fria": (deployer_profile("euaia:annex-iii-4-a", ["dpia"], public_body=False,
                                                          public_services=False), []),
    "deployer-public-body-without-fria": (deployer_profile("euaia:annex-iii-4-a", ["dpia"], public_body=True,
                                                           public_services=False), [["Fria", "/ai_systems/0"]]),
    # Art 26(9): a high-risk deployer without a DPIA is warned
    "deployer-without-dpia": (deployer_profile("euaia:annex-iii-4-a", [], public_body=False,
                                               public_services=False), [["Dpia", "/ai_systems/0"]]),
}  # fmt: skip


def _minimal_org(**changes: Any) -> dict[str, Any]:
    p = profile(decided_system(), **records(["policy"]))
    p.update(changes)
    return p


VALIDATE |= {
    "records-complete": (_minimal_org(), []),
    "cited-evidence-missing": (
        _minimal_org(implementations=[{"provision": "iso42001:7.5", "status": "implemented",
                                       "evidence": ["policy", "ghost"]}]),
        [["CitedEvidenceExists", "/implementations/0/evidence/1"]],
    ),
    "evidence-uncited": (
        _minimal_org(implementations=[{"provision": "iso42001:7.5", "status": "implemented", "evidence": []}]),
        [["EvidenceCited", "/evidence/0"]],
    ),
    "implemented-provision-unknown": (
        _minimal_org(implementations=[{"provision": "iso42001:8.6", "status": "implemented", "evidence": ["policy"]}]),
        [["ImplementedProvisionExists", "/implementations/0/provision"]],
    ),
    "excluded-provision-unknown": (
        _minimal_org(exclusions=[{"provision": "iso42001:A.10.9", "justification": "No suppliers."}]),
        [["ExcludedProvisionExists", "/exclusions/0/provision"]],
    ),
    "excluded-provision-known": (
        _minimal_org(exclusions=[{"provision": "iso42001:A.10.3", "justification": "No suppliers."}]), [],
    ),
    "exclusion-unjustified": (
        _minimal_org(exclusions=[{"provision": "iso42001:A.10.3"}]), [["ExclusionJustified", "/exclusions/0"]],
    ),
    "aims-scope-no-system": (
        _minimal_org(scopes=[{"framework": "iso-iec-42001-2023", "statement": "All AI work", "ai_systems": []}]),
        [["AimsScopeNamesSystems", "/scopes/0"]],
    ),
    "aims-scope-with-system": (
        _minimal_org(scopes=[{"framework": "iso-iec-42001-2023", "statement": "All AI work", "ai_systems": ["sys"]}]),
        [],
    ),
}  # fmt: skip

# One fact left out: the facts shape that asks for it warns (twin: records-complete)
FACT_SHAPES = {
    **{f: f"Fact-{f.replace('_', '-')}" for f in [*ART5, "interacts_with_persons", "generates_synthetic_content",
                                                  "deep_fake"]},
    "emotion_recognition": "Fact-art-50-3",
    "annex_iii_points": "Fact-annex-iii-points",
    "annex_i_product": "Fact-art-6-1",
}  # fmt: skip
for fact, shape in FACT_SHAPES.items():
    VALIDATE[f"fact-missing-{fact.replace('_', '-')}"] = (
        profile(decided_system(**{fact: None}), **records(["policy"])),
        [[shape, "/ai_systems/0"]],
    )
VALIDATE |= {
    "fact-missing-law-enforcement-exception": (
        profile(decided_system(realtime_biometric_id_law_enforcement=True), **records(["policy"])),
        [["Fact-law-enforcement-exception", "/ai_systems/0"]],
    ),
    "fact-missing-third-party": (
        profile(decided_system(annex_i_product=True), **records(["policy"])), [["Fact-art-6-1", "/ai_systems/0"]],
    ),
    "fact-missing-profiling": (
        profile(decided_system(**{**DEROGATES, "profiling": None}), **records(["policy"])),
        [["Fact-art-6-3", "/ai_systems/0"]],
    ),
    # a provider relying on the Art 6(3) derogation still registers the system (Art 49(2))
    "fact-derogation-decided": (
        profile(decided_system(**DEROGATES), **records(["policy"])), [["EvidenceForDuty:euaia:art-49", "/ai_systems/0"]],  # noqa: E501
    ),
    "fact-missing-gpai-model": (
        profile(decided_system(**{**GPAI, "gpai_model": None}), **records(["policy"])),
        [["Fact-gpai-model", "/ai_systems/0"]],
    ),
    "fact-gpai-decided": (profile(decided_system(**GPAI), **records(["policy"])), []),
    "fact-missing-high-impact": (
        profile(decided_system(**{**GPAI, "high_impact_capabilities": None}), **records(["policy"])),
        [["Fact-art-51", "/ai_systems/0"]],
    ),
    "fact-over-threshold-decided": (
        profile(decided_system(**{**GPAI, "high_impact_capabilities": None, "training_compute_flop": 3e25}),
                **records(["policy"])),
        [],
    ),
}  # fmt: skip


def main() -> None:
    for kind in ("classify", "validate"):
        shutil.rmtree(OUT / kind, ignore_errors=True)
        (OUT / kind).mkdir(parents=True)
    expected: dict[str, Any] = {}
    for name, (changes, classes, undetermined, derogations) in sorted(CLASSIFY.items()):
        data = profile(decided_system(**copy.deepcopy(changes)))
        (OUT / "classify" / f"{name}.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        expected[name] = {"classes": classes, "undetermined": undetermined, "derogations": derogations}
    (OUT / "classify" / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    expected = {}
    for name, (data, findings) in sorted(VALIDATE.items()):
        (OUT / "validate" / f"{name}.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        expected[name] = sorted(findings)
    (OUT / "validate" / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"{len(CLASSIFY)} classification cases, {len(VALIDATE)} conformance cases in {OUT}")


if __name__ == "__main__":
    main()

"""The organisation model: the facts about an AI system that the AI Act's classification turns on.

Each fact is optional and three-valued: `true`, `false`, or absent (not stated). Classification
(engine/classify.py, rules in queries/rules/) treats an absent fact as unknown: a rule that needs it
answers `undetermined` and names it, never a guess. `FACTS` is the one table that ties each JSON key
to its ontology term (ontology/xwalk.ttl, section "Organisation facts"), the RDF reader
(build/profile.py), the organisation graph (engine/orggraph.py) and the JSON-LD @context; a test
checks that the ontology declares every term it names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True)
class Fact:
    key: str  # the JSON key on an AI system (or on the organisation)
    term: str  # the ontology term's local name (xw:<term>)
    kind: Literal["boolean", "decimal", "date", "text"]
    basis: str  # the provision the fact serves, as a CURIE


# The order here is the order of the JSON Schema and of every report.
SYSTEM_FACTS: tuple[Fact, ...] = (
    # Art 5(1)(a)-(h): prohibited practices
    Fact("manipulative_techniques", "manipulativeTechniques", "boolean", "euaia:art-5-1-a"),
    Fact("exploits_vulnerabilities", "exploitsVulnerabilities", "boolean", "euaia:art-5-1-b"),
    Fact("social_scoring", "socialScoring", "boolean", "euaia:art-5-1-c"),
    Fact("predicts_crime_by_profiling", "predictsCrimeByProfiling", "boolean", "euaia:art-5-1-d"),
    Fact("scrapes_facial_images", "scrapesFacialImages", "boolean", "euaia:art-5-1-e"),
    Fact("emotion_recognition_at_work_or_school", "emotionRecognitionAtWorkOrSchool", "boolean", "euaia:art-5-1-f"),
    Fact("biometric_categorisation_sensitive", "biometricCategorisationSensitive", "boolean", "euaia:art-5-1-g"),
    Fact("realtime_biometric_id_law_enforcement", "realtimeBiometricIdLawEnforcement", "boolean", "euaia:art-5-1-h"),
    Fact("law_enforcement_exception", "lawEnforcementException", "boolean", "euaia:art-5-1-h"),
    # Art 6(1): Annex I products
    Fact("annex_i_product", "annexIProduct", "boolean", "euaia:art-6-1-a"),
    Fact("safety_component", "safetyComponent", "boolean", "euaia:art-6-1-a"),
    Fact("third_party_conformity_assessment", "thirdPartyConformityAssessment", "boolean", "euaia:art-6-1-b"),
    Fact("annex_i_legislation", "annexILegislation", "text", "euaia:annex-i"),
    # Art 6(3) and 6(4): the derogation for Annex III systems
    Fact("narrow_procedural_task", "narrowProceduralTask", "boolean", "euaia:art-6-3-a"),
    Fact("improves_human_activity", "improvesHumanActivity", "boolean", "euaia:art-6-3-b"),
    Fact("detects_decision_patterns", "detectsDecisionPatterns", "boolean", "euaia:art-6-3-c"),
    Fact("preparatory_task", "preparatoryTask", "boolean", "euaia:art-6-3-d"),
    Fact("profiling", "profiling", "boolean", "euaia:art-6-3"),
    Fact("art_6_4_assessment_documented", "art64AssessmentDocumented", "boolean", "euaia:art-6-4"),
    # Art 50(1)-(4): transparency
    Fact("interacts_with_persons", "interactsWithPersons", "boolean", "euaia:art-50-1"),
    Fact("generates_synthetic_content", "generatesSyntheticContent", "boolean", "euaia:art-50-2"),
    Fact("emotion_recognition", "emotionRecognition", "boolean", "euaia:art-50-3"),
    Fact("biometric_categorisation", "biometricCategorisation", "boolean", "euaia:art-50-3"),
    Fact("deep_fake", "deepFake", "boolean", "euaia:art-50-4"),
    # Art 51: general-purpose AI models and systemic risk
    Fact("gpai_model", "gpaiModel", "boolean", "euaia:art-51"),
    Fact("training_compute_flop", "trainingComputeFlop", "decimal", "euaia:art-51"),
    Fact("high_impact_capabilities", "highImpactCapabilities", "boolean", "euaia:art-51"),
    Fact("designated_systemic_risk", "designatedSystemicRisk", "boolean", "euaia:art-51"),
    # Art 27(1): credit scoring and life or health insurance pricing are Annex III 5(b) and 5(c);
    # whether the deployer is a public body or delivers a public service is a fact of the organisation.
    # Dates and modification (Art 111 transitional rules, Art 25(1)(b)): recorded and reported.
    Fact("placed_on_market", "placedOnMarket", "date", "euaia:art-3"),
    Fact("put_into_service", "putIntoService", "date", "euaia:art-3"),
    Fact("substantial_modification", "substantialModification", "boolean", "euaia:art-25-1"),
)
ORGANISATION_FACTS: tuple[Fact, ...] = (
    Fact("public_body", "publicBody", "boolean", "euaia:art-27-1"),
    Fact("public_services", "publicServices", "boolean", "euaia:art-27-1"),
)
FACT_KEYS = {f.key for f in SYSTEM_FACTS}

# The evidence-type scheme (ontology/vocab/evidence-types.ttl; a test checks that they agree).
EvidenceType = Literal[
    "risk-management-file",
    "technical-documentation",
    "data-governance-record",
    "logs",
    "monitoring-records",
    "instructions-for-use",
    "human-oversight-procedure",
    "test-report",
    "qms-manual",
    "conformity-assessment-record",
    "eu-declaration-of-conformity",
    "ce-marking-record",
    "registration-record",
    "post-market-monitoring-plan",
    "incident-report",
    "fria",
    "dpia",
    "ai-system-impact-assessment",
    "supplier-assessment",
    "statement-of-applicability",
    "transparency-notice",
    "gpai-model-documentation",
    "copyright-policy",
    "training-content-summary",
    "model-evaluation-report",
    "certificate",
    "policy",
    "procedure",
    "record",
    "audit-report",
]
EVIDENCE_TYPES: tuple[str, ...] = get_args(EvidenceType)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _fact(basis: str, text: str) -> Any:
    return Field(default=None, description=f"{text} (basis {basis}; absent = not stated)")


class SystemFacts(_Strict):
    """The classification facts of one AI system (docs/profile.md, docs/classification.md)."""

    manipulative_techniques: bool | None = _fact(
        "Art 5(1)(a)", "Uses subliminal, manipulative or deceptive techniques that distort behaviour and cause harm"
    )
    exploits_vulnerabilities: bool | None = _fact(
        "Art 5(1)(b)", "Exploits vulnerabilities due to age, disability or social or economic situation, causing harm"
    )
    social_scoring: bool | None = _fact(
        "Art 5(1)(c)", "Scores people on social behaviour or traits, leading to unjustified or unrelated detriment"
    )
    predicts_crime_by_profiling: bool | None = _fact(
        "Art 5(1)(d)", "Predicts a person's risk of offending based solely on profiling or personality traits"
    )
    scrapes_facial_images: bool | None = _fact(
        "Art 5(1)(e)", "Builds facial recognition databases by untargeted scraping of images from the internet or CCTV"
    )
    emotion_recognition_at_work_or_school: bool | None = _fact(
        "Art 5(1)(f)", "Infers emotions at the workplace or in education, other than for medical or safety reasons"
    )
    biometric_categorisation_sensitive: bool | None = _fact(
        "Art 5(1)(g)", "Categorises people by biometric data to infer race, opinions, beliefs, sex life or orientation"
    )
    realtime_biometric_id_law_enforcement: bool | None = _fact(
        "Art 5(1)(h)", "Real-time remote biometric identification in publicly accessible spaces for law enforcement"
    )
    law_enforcement_exception: bool | None = _fact(
        "Art 5(1)(h)(i)-(iii), 5(2)-(3)", "That use is strictly necessary for one of the listed objectives, authorised"
    )
    annex_i_product: bool | None = _fact(
        "Art 6(1)(a)", "The system is itself a product covered by Union harmonisation legislation in Annex I"
    )
    safety_component: bool | None = _fact(
        "Art 6(1)(a)", "The system is a safety component of a product covered by Annex I legislation"
    )
    third_party_conformity_assessment: bool | None = _fact(
        "Art 6(1)(b)", "That product must undergo a third-party conformity assessment under the Annex I legislation"
    )
    annex_i_legislation: str | None = _fact("Annex I", "Which Annex I act covers the product, in words")
    narrow_procedural_task: bool | None = _fact("Art 6(3)(a)", "Meant to perform a narrow procedural task")
    improves_human_activity: bool | None = _fact(
        "Art 6(3)(b)", "Meant to improve the result of a previously completed human activity"
    )
    detects_decision_patterns: bool | None = _fact(
        "Art 6(3)(c)", "Meant to detect decision patterns or deviations, not to replace or sway the human assessment"
    )
    preparatory_task: bool | None = _fact(
        "Art 6(3)(d)", "Meant to perform a preparatory task to an assessment relevant to an Annex III use"
    )
    profiling: bool | None = _fact(
        "Art 6(3), last subparagraph",
        "Profiles natural persons (GDPR Art 4(4)); an Annex III system that does is always high-risk",
    )
    art_6_4_assessment_documented: bool | None = _fact(
        "Art 6(4)", "The provider documented, before release, its assessment that the system is not high-risk"
    )
    interacts_with_persons: bool | None = _fact("Art 50(1)", "Meant to interact directly with natural persons")
    generates_synthetic_content: bool | None = _fact(
        "Art 50(2)", "Generates synthetic audio, image, video or text content"
    )
    emotion_recognition: bool | None = _fact("Art 50(3)", "Is an emotion recognition system")
    biometric_categorisation: bool | None = _fact("Art 50(3)", "Is a biometric categorisation system")
    deep_fake: bool | None = _fact("Art 50(4)", "Generates or manipulates image, audio or video that is a deep fake")
    gpai_model: bool | None = _fact("Art 3(63), Art 51", "The entry is a general-purpose AI model")
    training_compute_flop: float | None = Field(
        default=None, ge=0, description="Cumulative training compute in FLOP (basis Art 51(2); absent = not stated)"
    )
    high_impact_capabilities: bool | None = _fact("Art 51(1)(a)", "Evaluated as having high-impact capabilities")
    designated_systemic_risk: bool | None = _fact(
        "Art 51(1)(b)", "Designated by a Commission decision as a model with systemic risk"
    )
    placed_on_market: dt.date | None = _fact("Art 3(9)", "The day the system was first placed on the EU market")
    put_into_service: dt.date | None = _fact("Art 3(11)", "The day the system was first put into service")
    substantial_modification: bool | None = _fact(
        "Art 3(23), Art 25(1)(b)", "The system has been substantially modified since it was placed on the market"
    )


class OrganisationFacts(_Strict):
    public_body: bool | None = _fact("Art 27(1)", "The organisation is a body governed by public law")
    public_services: bool | None = _fact("Art 27(1)", "A private entity providing public services")


class Scope(_Strict):
    """The scope of a management system (e.g. ISO/IEC 42001 clause 4.3): which AI systems it covers."""

    framework: Literal["iso-iec-42001-2023", "iso-iec-27001-2022", "iso-iec-27001-2013"]
    statement: str = Field(min_length=1, description="The scope statement, in the organisation's words.")
    ai_systems: list[str] = Field(default_factory=list, description="Ids of entries of `ai_systems` in scope.")

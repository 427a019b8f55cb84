#!/usr/bin/env python3
"""Write crosswalks/frameworks/eu-ai-act.yaml from the shared EU AI Act reference data.

A maintainer tool, not part of the package: the project never reads the reference folder at
run time. Running it again overwrites the catalog, so lasting edits belong in this script.

    python scripts/import_eu_ai_act.py [--reference DIR] [--out FILE] [--check]

DIR is the reference folder (default ../shared/reference) or its eu-ai-act/ subfolder.
--check compares instead of writing and exits 1 when the catalog is out of date.

What is carried over: numbering, structure, official article/annex titles, ELI links. The
text of the Regulation is not. Paragraphs and points the project has described get its own short
labels (LABELS below); every other paragraph and point is titled by its citation ("Article 26(8)").
The script fails if a label names a paragraph or point the reference does not have, so the two
cannot drift apart. Reference defects are corrected in TITLE_FIXES; each fix asserts the defect.

Modelling (every article, every annex):
- Chapters hold their sections (Chapter III, V, VII, IX) or their articles directly.
- Every numbered paragraph (art-15-1) from the reference's paragraph numbering; every lettered point
  (art-5-1-a) from "(a)", "(b)" ... on their own line, with its roman sub-points (art-5-1-h-iii);
  see scripts/eu_points.py. A second lettered list in the same paragraph (Art. 43(1), second
  subparagraph) is art-43-1-sub2-a. Points of an article without paragraphs hang off the article
  (art-16-a).
- Article 3: all 68 definitions as points art-3-1 ... art-3-68 flagged `definition`, titled by the
  term; the role definitions (3)-(8) also flagged `role-definition`, with our own summary.
- Annex III: areas are AnnexPoints annex-iii-N flagged `annex-iii-area`; lettered entries are
  AnnexPoints annex-iii-N-x flagged `annex-iii-entry`. Area 2 has no letters and is itself an
  entry, so it carries both flags: counting `annex-iii-entry` gives the 25 entries.
- The other annexes to the level they are numbered (sections, points, sub-points such as Annex VII
  point 3.1, lettered points): see scripts/eu_annexes.py. Annex II is an unnumbered list.

Output is deterministic: key order as in docs/formats.md, no timestamps.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml
from eu_annexes import Unit, annex_units
from eu_points import point_notation, points

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference"
DEFAULT_OUT = REPO / "crosswalks" / "frameworks" / "eu-ai-act.yaml"
ELI = "http://data.europa.eu/eli/reg/2024/1689/oj"

Node = dict[str, Any]

HEADER = (
    "# Generated from the EU AI Act reference data "
    "(eu-ai-act-articles, -chapters-sections, -annexes, -annex-iii, -art3-definitions)\n"
    "# by scripts/import_eu_ai_act.py; edit the script, not this file (re-running it overwrites this file).\n"
)

META: dict[str, Any] = {
    "id": "eu-ai-act",
    "prefix": "euaia",
    "title": "Regulation (EU) 2024/1689 (Artificial Intelligence Act)",
    "short_title": "EU AI Act",
    "issuer": "European Parliament and Council of the European Union",
    "version": "OJ L, 2024/1689, 12.7.2024",
    "issued": dt.date(2024, 6, 13),
    "url": ELI,
    "licence": "https://eur-lex.europa.eu/eli/dec/2011/833/oj",
    "rights": (
        "Structure, numbers, titles and links reused from EUR-Lex (© European Union, "
        "https://eur-lex.europa.eu) under Commission Decision 2011/833/EU, with attribution; article, "
        "chapter, section and annex titles are the official short titles; labels and summaries of "
        "paragraphs, points and Annex III entries are the project's own words, not the text of the "
        "Regulation."
    ),
    "text_version": (
        "Official Journal text of 12 July 2024 (CELEX 32024R1689); the 2026 amendments are not reflected in "
        "the provision tree, only in the application dates"
    ),
}

# --------------------------------------------------------------------------- reference defects
# article number -> (title in the reference, corrected title)
TITLE_FIXES: dict[int, tuple[str, str]] = {
    1: ("Subject matter`", "Subject matter"),  # stray backtick
}
# Not a defect of the reference: Article 111's title reads "... already placed on the marked" in
# the Official Journal itself; the catalog keeps the official title.

# Chapter titles are upper case in the reference; these words keep their capitals in sentence case.
KEEP_UPPER = {"AI", "EU"}

# Article 3: the role definitions, with our own one-line summaries.
ROLE_DEFINITIONS: dict[int, tuple[str, str, str]] = {
    # number: (term in the reference, title, summary)
    3: (
        "provider",
        "Definition of provider",
        "A person or body that develops an AI system or general-purpose AI model, or commissions one, and "
        "supplies it on the EU market or puts it into service under its own name or brand, paid or free.",
    ),
    4: (
        "deployer",
        "Definition of deployer",
        "Anyone - a person, company or public body - that uses an AI system under its control, "
        "other than for purely private, non-work purposes.",
    ),
    5: (
        "authorised representative",
        "Definition of authorised representative",
        "An EU-based person or body holding a written mandate from the provider of an AI system or GPAI "
        "model to perform the provider's duties and procedures under the Act for it.",
    ),
    6: (
        "importer",
        "Definition of importer",
        "A person or body in the EU that places on the EU market an AI system carrying the name or brand of "
        "someone established outside the EU.",
    ),
    7: (
        "distributor",
        "Definition of distributor",
        "Any party in the supply chain, apart from the provider or importer, that supplies an AI system "
        "on the EU market.",
    ),
    8: (
        "operator",
        "Definition of operator",
        "Collective term for the value-chain roles: any provider, deployer, importer, distributor, "
        "authorised representative or product manufacturer.",
    ),
}

# Annex III: short titles in our own words.
ANNEX_III_AREAS: dict[int, str] = {
    1: "Biometrics",
    2: "Critical infrastructure",
    3: "Education and vocational training",
    4: "Employment, workers' management and access to self-employment",
    5: "Essential private and public services and benefits",
    6: "Law enforcement",
    7: "Migration, asylum and border control",
    8: "Administration of justice and democratic processes",
}
ANNEX_III_ENTRIES: dict[str, str] = {
    "1-a": "Remote biometric identification",
    "1-b": "Biometric categorisation by sensitive attributes",
    "1-c": "Emotion recognition",
    "3-a": "Admission and assignment to education and training",
    "3-b": "Evaluation of learning outcomes",
    "3-c": "Assessing the level of education a person can access",
    "3-d": "Detecting prohibited behaviour of students in tests",
    "4-a": "Recruitment and selection of candidates",
    "4-b": "Decisions on work relationships, task allocation and worker monitoring",
    "5-a": "Eligibility for public assistance benefits and services",
    "5-b": "Creditworthiness and credit scoring",
    "5-c": "Risk assessment and pricing in life and health insurance",
    "5-d": "Emergency call evaluation, dispatch and patient triage",
    "6-a": "Assessing the risk of a person becoming a crime victim",
    "6-b": "Polygraphs and similar tools in law enforcement",
    "6-c": "Reliability of evidence in criminal investigations",
    "6-d": "Assessing the risk of offending or re-offending",
    "6-e": "Profiling in criminal investigations",
    "7-a": "Polygraphs and similar tools in migration and border control",
    "7-b": "Risk assessment of people entering or staying in the territory",
    "7-c": "Examination of asylum, visa and residence applications",
    "7-d": "Detection and identification of people in migration contexts",
    "8-a": "Assisting judicial authorities with facts and law",
    "8-b": "Influencing elections, referendums or voting behaviour",
}

# --------------------------------------------------------------------------- labels
# Short labels (<= 80 characters) for paragraphs and points, in the project's own words.
LABELS: dict[str, str] = {
    # Art 5
    "art-5-1": "Prohibited AI practices",
    "art-5-1-a": "Manipulative or subliminal techniques causing significant harm",
    "art-5-1-b": "Exploiting vulnerabilities linked to age, disability or social situation",
    "art-5-1-c": "Social scoring leading to unjustified or unrelated detrimental treatment",
    "art-5-1-d": "Predicting criminal offending from profiling or personality alone",
    "art-5-1-e": "Untargeted scraping of facial images to build recognition databases",
    "art-5-1-f": "Emotion recognition at work or in education, save medical or safety use",
    "art-5-1-g": "Biometric categorisation to infer sensitive characteristics",
    "art-5-1-h": "Real-time remote biometric identification in public for law enforcement",
    "art-5-2": "Limits and safeguards for permitted real-time biometric identification",
    "art-5-2-a": "Seriousness and scale of the harm if the system is not used",
    "art-5-2-b": "Consequences for the rights and freedoms of the people concerned",
    "art-5-3": "Prior judicial or independent authorisation for each use",
    "art-5-4": "Every use notified to surveillance and data protection authorities",
    "art-5-5": "National rules allowing real-time biometric identification",
    "art-5-6": "Annual national reports on real-time biometric identification",
    "art-5-7": "Commission annual report on real-time biometric identification",
    "art-5-8": "Prohibitions under other Union law unaffected",
    # Art 6
    "art-6-1": "High-risk as a safety component or product under Annex I legislation",
    "art-6-1-a": "Safety component of, or itself, a product under Annex I legislation",
    "art-6-1-b": "Product needs third-party conformity assessment",
    "art-6-2": "Systems listed in Annex III are high-risk",
    "art-6-3": "Annex III systems without significant risk are not high-risk",
    "art-6-3-a": "Narrow procedural task",
    "art-6-3-b": "Improving the result of a completed human activity",
    "art-6-3-c": "Detecting decision patterns without replacing human assessment",
    "art-6-3-d": "Preparatory task for an Annex III assessment",
    "art-6-4": "Provider documents why an Annex III system is not high-risk",
    "art-6-5": "Commission guidelines and examples on classification",
    "art-6-6": "Delegated acts adding or changing the exemption conditions",
    "art-6-7": "Delegated acts deleting exemption conditions",
    "art-6-8": "Amendments may not lower the level of protection",
    # Art 8
    "art-8-1": "High-risk systems meet the Section 2 requirements",
    "art-8-2": "Full compliance of products also under Annex I Section A law",
    # Art 9
    "art-9-1": "Risk management system established and maintained",
    "art-9-2": "Continuous, iterative risk management over the lifecycle",
    "art-9-2-a": "Identify and analyse foreseeable risks",
    "art-9-2-b": "Estimate and evaluate risks, including under foreseeable misuse",
    "art-9-2-c": "Evaluate further risks from post-market monitoring data",
    "art-9-2-d": "Adopt targeted risk management measures",
    "art-9-3": "Risks in scope: those addressable by design or information",
    "art-9-4": "Measures consider the combined effect of the requirements",
    "art-9-5": "Residual risk judged acceptable",
    "art-9-5-a": "Eliminate or reduce risks through design",
    "art-9-5-b": "Mitigation and control of risks that remain",
    "art-9-5-c": "Information and, where suitable, training for deployers",
    "art-9-6": "Testing to find suitable risk measures",
    "art-9-7": "Real-world testing may be used",
    "art-9-8": "Testing during development and before release, against set metrics",
    "art-9-9": "Consider impact on minors and other vulnerable groups",
    "art-9-10": "May be combined with risk management under other Union law",
    # Art 10
    "art-10-1": "Training, validation and test data meet quality criteria",
    "art-10-2": "Data governance and management practices",
    "art-10-2-a": "Relevant design choices",
    "art-10-2-b": "Data collection and origin",
    "art-10-2-c": "Data preparation operations",
    "art-10-2-d": "Assumptions about what the data represent",
    "art-10-2-e": "Availability, quantity and suitability of data",
    "art-10-2-f": "Examination for possible biases",
    "art-10-2-g": "Measures against identified biases",
    "art-10-2-h": "Data gaps and how to address them",
    "art-10-3": "Data relevant, representative, error-free and complete",
    "art-10-4": "Data reflect the specific setting of use",
    "art-10-5": "Exceptional use of special-category data for bias correction",
    "art-10-5-a": "No effective alternative data for bias detection",
    "art-10-5-b": "Re-use limits and privacy-preserving measures",
    "art-10-5-c": "Access controls and security for the data",
    "art-10-5-d": "No transfer to or access by other parties",
    "art-10-5-e": "Deletion after correction or at end of retention",
    "art-10-5-f": "Records explain why the processing was needed",
    "art-10-6": "Systems without model training: rules apply to test data only",
    # Art 11
    "art-11-1": "Technical documentation drawn up before release and kept current",
    "art-11-2": "Single technical documentation for Annex I products",
    "art-11-3": "Delegated acts amending Annex IV",
    # Art 12
    "art-12-1": "Automatic event logging over the system lifetime",
    "art-12-2": "Logging supports traceability",
    "art-12-2-a": "Identify risk situations or substantial modifications",
    "art-12-2-b": "Support post-market monitoring",
    "art-12-2-c": "Support monitoring of operation by deployers",
    "art-12-3": "Minimum logs for remote biometric identification systems",
    "art-12-3-a": "Period of each use",
    "art-12-3-b": "Reference database checked",
    "art-12-3-c": "Input data that produced a match",
    "art-12-3-d": "People who verified the results",
    # Art 13
    "art-13-1": "Transparent operation so deployers can interpret outputs",
    "art-13-2": "Instructions for use accompany the system",
    "art-13-3": "Minimum content of the instructions for use",
    "art-13-3-a": "Provider identity and contact details",
    "art-13-3-b": "Characteristics, capabilities and performance limits",
    "art-13-3-c": "Pre-determined changes",
    "art-13-3-d": "Human oversight measures",
    "art-13-3-e": "Resources, expected lifetime and maintenance",
    "art-13-3-f": "Mechanisms for collecting and interpreting logs",
    # Art 14
    "art-14-1": "Designed for effective human oversight",
    "art-14-2": "Purpose of human oversight: prevent or minimise risks",
    "art-14-3": "Oversight measures proportionate to risk and autonomy",
    "art-14-3-a": "Measures built into the system by the provider",
    "art-14-3-b": "Measures identified for the deployer to implement",
    "art-14-4": "Overseers enabled to understand and control the system",
    "art-14-4-a": "Understand capacities and limits; monitor operation",
    "art-14-4-b": "Stay aware of automation bias",
    "art-14-4-c": "Interpret outputs correctly",
    "art-14-4-d": "Decide not to use or to override the output",
    "art-14-4-e": "Intervene or stop the system safely",
    "art-14-5": "Two-person verification of remote biometric identification results",
    # Art 15
    "art-15-1": "Appropriate accuracy, robustness and cybersecurity over the lifecycle",
    "art-15-2": "Benchmarks and measurement methods encouraged",
    "art-15-3": "Accuracy levels and metrics declared in the instructions",
    "art-15-4": "Resilience to errors, faults and feedback loops",
    "art-15-5": "Resilience against attacks exploiting vulnerabilities",
    # Art 16 (points directly in the article)
    "art-16-a": "Meet the Section 2 requirements",
    "art-16-b": "Show provider name and contact address",
    "art-16-c": "Have a quality management system",
    "art-16-d": "Keep the documentation",
    "art-16-e": "Keep the automatically generated logs",
    "art-16-f": "Undergo conformity assessment before release",
    "art-16-g": "Draw up an EU declaration of conformity",
    "art-16-h": "Affix the CE marking",
    "art-16-i": "Register the system",
    "art-16-j": "Take corrective action and inform",
    "art-16-k": "Demonstrate conformity on request",
    "art-16-l": "Meet accessibility requirements",
    # Art 17
    "art-17-1": "Documented quality management system",
    "art-17-1-a": "Regulatory compliance strategy",
    "art-17-1-b": "Design, design control and verification",
    "art-17-1-c": "Development, quality control and assurance",
    "art-17-1-d": "Examination, test and validation procedures",
    "art-17-1-e": "Technical specifications and standards applied",
    "art-17-1-f": "Data management systems and procedures",
    "art-17-1-g": "Risk management system",
    "art-17-1-h": "Post-market monitoring system",
    "art-17-1-i": "Serious incident reporting procedures",
    "art-17-1-j": "Communication with authorities and other parties",
    "art-17-1-k": "Record-keeping systems",
    "art-17-1-l": "Resource management, including security of supply",
    "art-17-1-m": "Accountability framework",
    "art-17-2": "Proportionate to organisation size, without lowering rigour",
    "art-17-3": "May be part of sectoral quality management systems",
    "art-17-4": "Financial institutions: internal governance rules largely suffice",
    # Art 18
    "art-18-1": "Documentation kept for authorities for ten years",
    "art-18-1-a": "Technical documentation",
    "art-18-1-b": "Quality management system documentation",
    "art-18-1-c": "Changes approved by notified bodies",
    "art-18-1-d": "Notified body decisions and documents",
    "art-18-1-e": "EU declaration of conformity",
    "art-18-2": "National rules if the provider ceases activity",
    "art-18-3": "Financial institutions keep documentation under financial law",
    # Art 19
    "art-19-1": "Logs kept for at least six months",
    "art-19-2": "Financial institutions keep logs under financial services law",
    # Art 20
    "art-20-1": "Corrective action for non-conforming systems; inform the supply chain",
    "art-20-2": "Investigate risks and inform authorities",
    # Art 21
    "art-21-1": "Provide information showing conformity on request",
    "art-21-2": "Give authorities access to logs on request",
    "art-21-3": "Confidentiality of information obtained",
    # Art 22
    "art-22-1": "Non-EU providers appoint an EU authorised representative",
    "art-22-2": "Provider enables the representative to perform its tasks",
    "art-22-3": "Representative performs the mandated tasks",
    "art-22-3-a": "Verify declaration, documentation and conformity assessment",
    "art-22-3-b": "Keep documents available for ten years",
    "art-22-3-c": "Provide information and documentation on request",
    "art-22-3-d": "Cooperate with competent authorities",
    "art-22-3-e": "Handle or check the registration",
    "art-22-4": "Terminate the mandate if the provider breaches its obligations",
    # Art 23
    "art-23-1": "Verify conformity before placing on the market",
    "art-23-1-a": "Conformity assessment carried out",
    "art-23-1-b": "Technical documentation drawn up",
    "art-23-1-c": "CE marking, declaration and instructions present",
    "art-23-1-d": "Authorised representative appointed",
    "art-23-2": "Hold back non-conforming systems; report risks",
    "art-23-3": "Importer name and contact address on the system",
    "art-23-4": "Storage and transport preserve compliance",
    "art-23-5": "Keep certificate, instructions and declaration for ten years",
    "art-23-6": "Provide information and documentation on request",
    "art-23-7": "Cooperate with competent authorities",
    # Art 24
    "art-24-1": "Verify CE marking, declaration and instructions before supply",
    "art-24-2": "Hold back non-conforming systems; report risks",
    "art-24-3": "Storage and transport preserve compliance",
    "art-24-4": "Corrective action for non-conforming systems already supplied",
    "art-24-5": "Provide information on request",
    "art-24-6": "Cooperate with competent authorities",
    # Art 25
    "art-25-1": "When another party becomes the provider of a high-risk system",
    "art-25-1-a": "Own name or trademark put on the system",
    "art-25-1-b": "Substantial modification of a high-risk system",
    "art-25-1-c": "Intended purpose changed so the system becomes high-risk",
    "art-25-2": "Initial provider cooperates with the new provider",
    "art-25-3": "Product manufacturer as provider of a safety component",
    "art-25-3-a": "Placed on the market with the product under its name",
    "art-25-3-b": "Put into service under its name after the product",
    "art-25-4": "Written agreement with suppliers of components and tools",
    "art-25-5": "Intellectual property and trade secrets protected",
    # Art 26
    "art-26-1": "Use according to the instructions for use",
    "art-26-2": "Assign competent human oversight",
    "art-26-3": "Other obligations and organisational freedom unaffected",
    "art-26-4": "Relevant and representative input data",
    "art-26-5": "Monitor operation; report risks and serious incidents",
    "art-26-6": "Keep logs for at least six months",
    "art-26-7": "Inform workers before workplace use",
    "art-26-8": "Public-sector deployers register and use only registered systems",
    "art-26-9": "Use provider information for the data protection impact assessment",
    "art-26-10": "Authorisation and limits for post-remote biometric identification",
    "art-26-11": "Inform people subject to decisions involving the system",
    "art-26-12": "Cooperate with competent authorities",
    # Art 27
    "art-27-1": "Fundamental rights impact assessment before first use",
    "art-27-1-a": "Deployer processes using the system",
    "art-27-1-b": "Period and frequency of use",
    "art-27-1-c": "Categories of affected people",
    "art-27-1-d": "Specific risks of harm",
    "art-27-1-e": "Human oversight measures",
    "art-27-1-f": "Measures if risks materialise",
    "art-27-2": "Applies to first use; keep the assessment up to date",
    "art-27-3": "Notify results to the market surveillance authority",
    "art-27-4": "Complements the data protection impact assessment",
    "art-27-5": "AI Office questionnaire template",
    # Art 43
    "art-43-1": "Procedure choice for biometric systems (Annex III point 1)",
    "art-43-1-a": "Internal control (Annex VI)",
    "art-43-1-b": "Notified-body assessment (Annex VII)",
    "art-43-2": "Internal control for Annex III points 2 to 8",
    "art-43-3": "Sectoral procedure for Annex I Section A products",
    "art-43-4": "New assessment after a substantial modification",
    "art-43-5": "Delegated acts updating Annexes VI and VII",
    "art-43-6": "Delegated acts extending third-party assessment",
    # Art 47
    "art-47-1": "Draw up the declaration and keep it for ten years",
    "art-47-2": "Content and translation of the declaration",
    "art-47-3": "Single declaration covering all applicable Union law",
    "art-47-4": "Provider takes responsibility and keeps it up to date",
    "art-47-5": "Delegated acts updating Annex V",
    # Art 48
    "art-48-1": "General principles of CE marking apply",
    "art-48-2": "Digital CE marking for digitally provided systems",
    "art-48-3": "CE marking affixed visibly, legibly and indelibly",
    "art-48-4": "Notified body identification number with the marking",
    "art-48-5": "Marking also covers other applicable Union law",
    # Art 49
    "art-49-1": "Register Annex III systems in the EU database",
    "art-49-2": "Register systems assessed as not high-risk",
    "art-49-3": "Public-sector deployers register their use",
    "art-49-4": "Secure non-public registration for sensitive areas",
    "art-49-4-a": "Annex VIII Section A items",
    "art-49-4-b": "Annex VIII Section B items",
    "art-49-4-c": "Annex VIII Section C items",
    "art-49-4-d": "Annex IX items",
    "art-49-5": "National registration for critical infrastructure systems",
    # Art 50
    "art-50-1": "Tell people they are interacting with an AI system",
    "art-50-2": "Mark synthetic content as machine-detectable",
    "art-50-3": "Inform people exposed to emotion recognition or biometric categorisation",
    "art-50-4": "Disclose deep fakes and AI-generated public-interest text",
    "art-50-5": "Information clear, accessible and given at first exposure",
    "art-50-6": "Other obligations unaffected",
    "art-50-7": "Codes of practice on labelling generated content",
    # Art 52
    "art-52-1": "Notify the Commission when the systemic-risk threshold is met",
    "art-52-2": "Provider may argue the model has no systemic risk",
    "art-52-3": "Commission rejects unsubstantiated arguments",
    "art-52-4": "Designation by the Commission",
    "art-52-5": "Request for reassessment of a designation",
    "art-52-6": "Published list of systemic-risk models",
    # Art 53
    "art-53-1": "Duties of general-purpose AI model providers",
    "art-53-1-a": "Technical documentation of the model",
    "art-53-1-b": "Information for downstream AI system providers",
    "art-53-1-c": "Copyright compliance policy",
    "art-53-1-d": "Public summary of training content",
    "art-53-2": "Open-source exemption from points (a) and (b)",
    "art-53-3": "Cooperate with the Commission and authorities",
    "art-53-4": "Codes of practice and standards to show compliance",
    "art-53-5": "Delegated acts on measurement methods",
    "art-53-6": "Delegated acts amending Annexes XI and XII",
    "art-53-7": "Confidentiality of information obtained",
    # Art 54
    "art-54-1": "Non-EU model providers appoint an EU authorised representative",
    "art-54-2": "Provider enables the representative to perform its tasks",
    "art-54-3": "Representative performs the mandated tasks",
    "art-54-3-a": "Verify documentation and fulfilment of obligations",
    "art-54-3-b": "Keep documentation available for ten years",
    "art-54-3-c": "Provide information to the AI Office on request",
    "art-54-3-d": "Cooperate with the AI Office and authorities",
    "art-54-4": "Representative may be addressed by authorities",
    "art-54-5": "Terminate the mandate if the provider breaches its obligations",
    "art-54-6": "Open-source exemption unless systemic risk",
    # Art 55
    "art-55-1": "Additional duties for models with systemic risk",
    "art-55-1-a": "Model evaluation including adversarial testing",
    "art-55-1-b": "Assess and mitigate systemic risks",
    "art-55-1-c": "Track and report serious incidents",
    "art-55-1-d": "Cybersecurity of the model and its infrastructure",
    "art-55-2": "Codes of practice and standards to show compliance",
    "art-55-3": "Confidentiality of information obtained",
    # Art 72
    "art-72-1": "Establish and document post-market monitoring",
    "art-72-2": "Collect and analyse performance data over the lifetime",
    "art-72-3": "Post-market monitoring plan in the technical documentation",
    "art-72-4": "May integrate with existing sectoral monitoring",
    # Art 73
    "art-73-1": "Report serious incidents to market surveillance authorities",
    "art-73-2": "Report promptly, at the latest within 15 days",
    "art-73-3": "Two-day limit for widespread infringements or infrastructure disruption",
    "art-73-4": "Ten-day limit in case of death",
    "art-73-5": "Initial incomplete report allowed",
    "art-73-6": "Investigate the incident and cooperate with authorities",
    "art-73-7": "Informing fundamental rights bodies; Commission guidance",
    "art-73-8": "Market surveillance measures within seven days",
    "art-73-9": "Limited reporting where equivalent sectoral rules apply",
    "art-73-10": "Limited reporting for medical devices",
    "art-73-11": "National authorities notify the Commission",
    # Art 79
    "art-79-1": "Meaning of an AI system presenting a risk",
    "art-79-2": "Evaluation by market surveillance; operators cooperate and correct",
    "art-79-3": "Informing the Commission and other Member States",
    "art-79-4": "Operator takes corrective action across the Union market",
    "art-79-5": "Provisional measures if corrective action is lacking",
    "art-79-6": "Content of the notification",
    "art-79-6-a": "Prohibited practice",
    "art-79-6-b": "High-risk requirements not met",
    "art-79-6-c": "Shortcomings in standards or specifications",
    "art-79-6-d": "Transparency obligations not met",
    "art-79-7": "Other authorities report measures and objections",
    "art-79-8": "Measures deemed justified without objection",
    "art-79-9": "Restrictive measures taken without delay",
    # Art 80
    "art-80-1": "Evaluation of systems classified as not high-risk",
    "art-80-2": "Provider required to bring the system into compliance",
    "art-80-3": "Informing the Commission and other Member States",
    "art-80-4": "Provider brings a misclassified system into compliance",
    "art-80-5": "Provider takes corrective action across the Union market",
    "art-80-6": "Escalation if corrective action is inadequate",
    "art-80-7": "Fines for deliberate misclassification",
    "art-80-8": "Checks using the EU database",
    # Art 82
    "art-82-1": "Measures for compliant high-risk systems that still pose a risk",
    "art-82-2": "Corrective action within the prescribed timeline",
    "art-82-3": "Member States inform the Commission and each other",
    "art-82-4": "Commission consults and evaluates national measures",
    "art-82-5": "Commission communicates its decision",
    # Art 86
    "art-86-1": "Right to an explanation of decisions based on Annex III systems",
    "art-86-2": "Exceptions under Union or national law",
    "art-86-3": "Applies only where Union law gives no such right",
    # Art 91
    "art-91-1": "Commission may request documentation and information",
    "art-91-2": "Structured dialogue before a request",
    "art-91-3": "Requests on behalf of the scientific panel",
    "art-91-4": "Content of a request for information",
    "art-91-5": "Provider supplies the requested information",
    # Art 92
    "art-92-1": "AI Office evaluations of models",
    "art-92-1-a": "Assess compliance where information is insufficient",
    "art-92-1-b": "Investigate systemic risks",
    "art-92-2": "Independent experts for evaluations",
    "art-92-3": "Access to the model through APIs or source code",
    "art-92-4": "Content of a request for access",
    "art-92-5": "Provider grants the requested access and information",
    "art-92-6": "Implementing acts on evaluation arrangements",
    "art-92-7": "Structured dialogue before requesting access",
    # Art 99
    "art-99-1": "Member States set effective penalty rules",
    "art-99-2": "Penalty rules notified to the Commission",
    "art-99-3": "Fines for prohibited practices: up to EUR 35 million or 7%",
    "art-99-4": "Fines for other operator obligations: up to EUR 15 million or 3%",
    "art-99-4-a": "Provider obligations (Art. 16)",
    "art-99-4-b": "Authorised representative obligations (Art. 22)",
    "art-99-4-c": "Importer obligations (Art. 23)",
    "art-99-4-d": "Distributor obligations (Art. 24)",
    "art-99-4-e": "Deployer obligations (Art. 26)",
    "art-99-4-f": "Notified body requirements",
    "art-99-4-g": "Transparency obligations (Art. 50)",
    "art-99-5": "Fines for misleading information: up to EUR 7.5 million or 1%",
    "art-99-6": "Lower cap for SMEs and start-ups",
    "art-99-7": "Factors in setting a fine",
    "art-99-7-a": "Nature, gravity and duration",
    "art-99-7-b": "Fines already imposed by other surveillance authorities",
    "art-99-7-c": "Fines under other law for the same conduct",
    "art-99-7-d": "Size, turnover and market share",
    "art-99-7-e": "Other aggravating or mitigating factors",
    "art-99-7-f": "Cooperation with authorities",
    "art-99-7-g": "Degree of responsibility",
    "art-99-7-h": "How the infringement became known",
    "art-99-7-i": "Intent or negligence",
    "art-99-7-j": "Action to mitigate harm",
    "art-99-8": "Fines on public authorities",
    "art-99-9": "Fines imposed by courts or other bodies",
    "art-99-10": "Procedural safeguards",
    "art-99-11": "Annual reporting of fines",
    # Annex IV: what the technical documentation holds (the auditor's checklist)
    "annex-iv-1": "General description of the AI system",
    "annex-iv-1-a": "Intended purpose, provider and version",
    "annex-iv-1-b": "Interaction with other hardware, software or AI systems",
    "annex-iv-1-c": "Software and firmware versions and update requirements",
    "annex-iv-1-d": "Forms in which the system is supplied",
    "annex-iv-1-e": "Hardware the system is meant to run on",
    "annex-iv-1-f": "Pictures of the products it is a component of",
    "annex-iv-1-g": "The user interface offered to the deployer",
    "annex-iv-1-h": "Instructions for use",
    "annex-iv-2": "Elements of the system and how it was developed",
    "annex-iv-2-a": "Development methods and steps, third-party tools and models",
    "annex-iv-2-b": "Design specifications, logic, key choices and trade-offs",
    "annex-iv-2-c": "System architecture and computing resources",
    "annex-iv-2-d": "Data requirements, data sets and their preparation",
    "annex-iv-2-e": "Human oversight measures and how outputs can be interpreted",
    "annex-iv-2-f": "Pre-determined changes and how compliance is kept",
    "annex-iv-2-g": "Validation and testing: data, metrics, logs and signed reports",
    "annex-iv-2-h": "Cybersecurity measures",
    "annex-iv-3": "Monitoring, functioning and control: capabilities and limits",
    "annex-iv-4": "Why the performance metrics are appropriate",
    "annex-iv-5": "The risk management system",
    "annex-iv-6": "Changes made over the lifecycle",
    "annex-iv-7": "Harmonised standards applied, or the other solutions used",
    "annex-iv-8": "Copy of the EU declaration of conformity",
    "annex-iv-9": "How performance is evaluated after release, with the monitoring plan",
}


# --------------------------------------------------------------------------- yaml output
class Quoted(str):
    """A string always written double-quoted (ids, notations, versions)."""


class Flow(list[str]):
    """A short list written in flow style (`flags: [annex-iii-entry]`)."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # indent list items under their key, as in docs/formats.md
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", list(v), flow_style=True)
)
_Dumper.add_representer(Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


def prov(
    pid: str,
    kind: str,
    title: str,
    notation: str,
    *,
    url: str | None = None,
    flags: list[str] | None = None,
    summary: str | None = None,
) -> Node:
    """A provision with keys in the order of docs/formats.md."""
    node: Node = {"id": Quoted(pid), "kind": kind, "title": title, "notation": Quoted(notation)}
    if url:
        node["url"] = url
    if flags:
        node["flags"] = Flow(flags)
    if summary:
        node["summary"] = summary
    return node


def dump(data: dict[str, Any]) -> str:
    body = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False
    )
    return HEADER + body


# --------------------------------------------------------------------------- reading
def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def reference_dir(arg: Path) -> Path:
    sub = arg / "eu-ai-act"
    folder = sub if sub.is_dir() else arg
    if not (folder / "eu-ai-act-articles.csv").is_file():
        raise SystemExit(
            f"no eu-ai-act-articles.csv in {folder}: pass --reference DIR (the reference folder)"
        )
    return folder


def sentence_case(title: str) -> str:
    """Sentence case for upper-case titles: "HIGH-RISK AI SYSTEMS" -> "High-risk AI systems"."""
    words = []
    for i, word in enumerate(title.split(" ")):
        if word.strip(",") in KEEP_UPPER:
            words.append(word)
        else:
            low = word.lower()
            words.append(low[:1].upper() + low[1:] if i == 0 else low)
    return " ".join(words)


def label(pid: str, notation: str, used: set[str]) -> str:
    """The project's short label from LABELS, else the citation itself ("Article 15(1)")."""
    if pid not in LABELS:
        return notation.replace("Art. ", "Article ", 1)
    text = LABELS[pid]
    if len(text) > 80:
        raise SystemExit(f"label of {pid} is longer than 80 characters")
    used.add(pid)
    return text


def point_nodes(parent_id: str, parent_notation: str, text: str, used: set[str]) -> list[Node]:
    """The lettered points of a paragraph (or article), each with its roman sub-points."""
    nodes = []
    for p in points(parent_id, text):
        pid, notation = f"{parent_id}-{p.key()}", point_notation(parent_notation, p)
        node = prov(pid, "Point", label(pid, notation, used), notation)
        subs = [
            prov(f"{pid}-{r}", "Point", label(f"{pid}-{r}", f"{notation}({r})", used), f"{notation}({r})")
            for r in p.romans
        ]
        if subs:
            node["children"] = subs
        nodes.append(node)
    return nodes


def article_node(
    art: dict[str, Any], row: dict[str, str], used: set[str], fixes: list[str], terms: dict[int, str]
) -> Node:
    num = int(row["article"])
    title = row["title"]
    if num in TITLE_FIXES:
        wrong, right = TITLE_FIXES[num]
        if title != wrong:
            raise SystemExit(f"TITLE_FIXES[{num}] expects {wrong!r} but the reference has {title!r}")
        fixes.append(f"Article {num} title: {wrong!r} -> {right!r}")
        title = right
    if art["title"] != row["title"]:
        raise SystemExit(f"Article {num}: title differs between the CSV and the JSON")
    node = prov(f"art-{num}", "Article", title, f"Article {num}", url=row["eli"])
    children: list[Node] = []
    paragraphs = art["paragraphs"]
    if num == 3:
        if paragraphs:
            raise SystemExit("Article 3 has numbered paragraphs in the reference; expected definitions only")
        children = definition_nodes(art, terms, used)
    elif not paragraphs:
        children = point_nodes(f"art-{num}", f"Art. {num}", art["text"], used)
    else:
        numbers = [p["paragraph"] for p in paragraphs]
        if numbers != list(range(1, len(numbers) + 1)):
            raise SystemExit(f"Article {num}: paragraphs are not numbered 1..n: {numbers}")
        for p in paragraphs:
            pid, notation = f"art-{num}-{p['paragraph']}", f"Art. {num}({p['paragraph']})"
            pnode = prov(pid, "Paragraph", label(pid, notation, used), notation)
            pts = point_nodes(pid, notation, p["text"], used)
            if pts:
                pnode["children"] = pts
            children.append(pnode)
    if children:
        node["children"] = children
    return node


def definition_nodes(art: dict[str, Any], terms: dict[int, str], used: set[str]) -> list[Node]:
    """Article 3's 68 definitions as points art-3-1 ... art-3-68, titled by the defined term.

    `terms` are those of eu-ai-act-art3-definitions.json (number -> term); the article text is
    split at "(N)" lines to find lettered points inside a definition (e.g. Art. 3(49)(a)).
    """
    parts = re.split(r"(?m)^\((\d+)\)\n(?=‘)", art["text"])
    bodies = {int(n): body for n, body in zip(parts[1::2], parts[2::2], strict=True)}
    if list(bodies) != list(terms):
        raise SystemExit(f"Article 3: the text numbers {len(bodies)} definitions, the definitions file {len(terms)}")
    nodes = []
    for number, body in bodies.items():
        term = terms[number]
        if not body.startswith(f"‘{term}’"):
            raise SystemExit(f"Article 3({number}) is not the definition of {term!r} in the reference")
        pid, notation = f"art-3-{number}", f"Art. 3({number})"
        if number in ROLE_DEFINITIONS:
            role_term, title, summary = ROLE_DEFINITIONS[number]
            if role_term != term:
                raise SystemExit(f"ROLE_DEFINITIONS[{number}] names {role_term!r}, the reference {term!r}")
            node = prov(pid, "Point", title, notation, flags=["definition", "role-definition"], summary=summary)
        else:
            node = prov(pid, "Point", f"Definition of {term}", notation, flags=["definition"])
        pts = point_nodes(pid, notation, body, used)
        if pts:
            node["children"] = pts
        nodes.append(node)
    return nodes


def annex_iii_nodes(ref: Path) -> list[Node]:
    areas = json.loads((ref / "eu-ai-act-annex-iii.json").read_text(encoding="utf-8"))
    rows = read_csv(ref / "eu-ai-act-annex-iii.csv")
    if len(rows) != sum(len(a["points"]) for a in areas):
        raise SystemExit("eu-ai-act-annex-iii.csv and .json disagree on the number of entries")
    if sorted(a["area"] for a in areas) != sorted(ANNEX_III_AREAS):
        raise SystemExit("Annex III areas differ from ANNEX_III_AREAS")
    nodes: list[Node] = []
    seen_entries: set[str] = set()
    for area in areas:
        n = area["area"]
        letters = [p["point"] for p in area["points"]]
        whole = letters == [""]  # an area without lettered points is itself one entry
        flags = ["annex-iii-area", "annex-iii-entry"] if whole else ["annex-iii-area"]
        node = prov(f"annex-iii-{n}", "AnnexPoint", ANNEX_III_AREAS[n], f"Annex III, point {n}", flags=flags)
        if not whole:
            children = []
            for x in letters:
                key = f"{n}-{x}"
                if key not in ANNEX_III_ENTRIES:
                    raise SystemExit(f"no title for Annex III entry {key}: add it to ANNEX_III_ENTRIES")
                seen_entries.add(key)
                children.append(
                    prov(
                        f"annex-iii-{key}",
                        "AnnexPoint",
                        ANNEX_III_ENTRIES[key],
                        f"Annex III, point {n}({x})",
                        flags=["annex-iii-entry"],
                    )
                )
            node["children"] = children
        nodes.append(node)
    if seen_entries != set(ANNEX_III_ENTRIES):
        raise SystemExit(
            f"ANNEX_III_ENTRIES not in the reference: {sorted(set(ANNEX_III_ENTRIES) - seen_entries)}"
        )
    return nodes


def annex_node(unit: Unit, used: set[str]) -> Node:
    """An annex section or point as an AnnexPoint; labelled by LABELS or by its notation."""
    node = prov(unit.id, "AnnexPoint", label(unit.id, unit.notation, used), unit.notation, flags=unit.flags)
    if unit.children:
        node["children"] = [annex_node(c, used) for c in unit.children]
    return node


def build(ref: Path) -> tuple[dict[str, Any], list[str]]:
    articles = {
        a["article"]: a for a in json.loads((ref / "eu-ai-act-articles.json").read_text(encoding="utf-8"))
    }
    rows = read_csv(ref / "eu-ai-act-articles.csv")
    definitions = json.loads((ref / "eu-ai-act-art3-definitions.json").read_text(encoding="utf-8"))
    terms = {d["number"]: d["term"] for d in sorted(definitions, key=lambda d: d["number"])}
    structure = read_csv(ref / "eu-ai-act-chapters-sections.csv")
    annexes = read_csv(ref / "eu-ai-act-annexes.csv")
    used: set[str] = set()
    fixes: list[str] = []

    chapters: dict[str, Node] = {}
    sections: dict[tuple[str, str], Node] = {}
    for s in structure:
        ch, sec = s["chapter"], s["section"]
        if not sec:
            chapters[ch] = prov(f"chapter-{ch}", "Chapter", sentence_case(s["title"]), f"Chapter {ch}")
        else:
            node = prov(f"chapter-{ch}-section-{sec}", "Section", s["title"], f"Chapter {ch}, Section {sec}")
            chapters[ch].setdefault("children", []).append(node)
            sections[(ch, sec)] = node
    for row in rows:
        num = int(row["article"])
        parent = sections[(row["chapter"], row["section"])] if row["section"] else chapters[row["chapter"]]
        if row["section"] and "children" not in chapters[row["chapter"]]:
            raise SystemExit(
                f"Article {num}: section {row['section']} is not listed for chapter {row['chapter']}"
            )
        if not row["section"] and any(c["kind"] == "Section" for c in parent.get("children", [])):
            raise SystemExit(f"Article {num} has no section in a chapter that has sections")
        parent.setdefault("children", []).append(article_node(articles[num], row, used, fixes, terms))

    annex_texts = {
        a["annex"]: a["text"] for a in json.loads((ref / "eu-ai-act-annexes.json").read_text(encoding="utf-8"))
    }
    annex_nodes: list[Node] = []
    for a in annexes:
        node = prov(f"annex-{a['annex'].lower()}", "Annex", a["title"], f"Annex {a['annex']}", url=a["eli"])
        if a["annex"] == "III":
            node["children"] = annex_iii_nodes(ref)
        else:
            units = annex_units(a["annex"], annex_texts[a["annex"]])
            if units:
                node["children"] = [annex_node(u, used) for u in units]
        annex_nodes.append(node)

    unused = sorted(set(LABELS) - used)
    if unused:
        raise SystemExit(f"LABELS for provisions the reference does not have: {unused}")

    data = dict(META)
    data["version"] = Quoted(data["version"])
    data["provisions"] = list(chapters.values()) + annex_nodes
    return data, fixes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="the reference folder")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the catalog file to write")
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the file is out of date")
    args = ap.parse_args(argv)
    data, fixes = build(reference_dir(args.reference))
    text = dump(data)
    for fix in fixes:
        print(f"fixed: {fix}", file=sys.stderr)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run scripts/import_eu_ai_act.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Write the framework catalogs in crosswalks/frameworks/ from the shared reference data.

A maintainer tool, not part of the package: the project never reads the reference folder at
run time. The catalogs it writes are committed as sources and may be edited by hand; running
this script again overwrites them, so carry lasting edits into the script.

    python scripts/import_reference.py [--reference DIR] [--out DIR] [--only FRAMEWORK-ID ...]

What is carried over (see the reference README): identifiers, numbering, structure, short
titles, dates. Never the text of EU law or of ISO standards. NIST text is US public domain and
goes into `summary`. Known defects of the reference data are corrected in FIXES below; each fix
asserts the defect it corrects, so a corrected reference makes the script fail loudly instead of
silently "fixing" good data.

Output is deterministic: key order as in docs/formats.md, ids quoted, no timestamps.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from eu_points import numbered_paragraphs, point_notation, points

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO / ".." / "shared" / "reference"
DEFAULT_OUT = REPO / "crosswalks" / "frameworks"

Node = dict[str, Any]

ISO_RIGHTS = "Identifiers and short titles only; the text of the standard is not included."
EU_LICENCE = "https://eur-lex.europa.eu/eli/dec/2011/833/oj"
NIST_LICENCE = "https://www.nist.gov/open/license"
NIST_RIGHTS = (
    "NIST text is a work of the US Government and is in the public domain in the United States; "
    "summaries quote it, titles shorten it."
)

# --------------------------------------------------------------------------- data fixes
# (framework id, provision id, field) -> (text in the reference, corrected text)
FIXES: dict[tuple[str, str, str], tuple[str, str]] = {
    # stray capital letter
    ("iso-iec-27001-2022", "A.7.6", "title"): ("Working In secure areas", "Working in secure areas"),
    # misspelling
    ("iso-iec-27001-2013", "A.12.6.1", "title"): (
        "Management of technial vulnerabilities",
        "Management of technical vulnerabilities",
    ),
    # the 2013 title is spelled "re-use", as in its 2022 successor A.7.14
    ("iso-iec-27001-2013", "A.11.2.7", "title"): (
        "Secure disposal or reuse of equipment",
        "Secure disposal or re-use of equipment",
    ),
}
# hyphens lost at PDF line breaks in NIST's text: (framework, id) -> [(wrong, right)]
TEXT_FIXES: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("nist-ai-rmf-1.0", "MAP-1.1"): [("contextspecific", "context-specific")],
    ("nist-ai-rmf-1.0", "MEASURE-4.3"): [("contextrelevant", "context-relevant")],
}
applied_fixes: list[str] = []


def fixed(fw: str, pid: str, field: str, value: str) -> str:
    """Return `value` cleaned of whitespace defects and corrected by FIXES."""
    clean = re.sub(r"\s+", " ", value.replace("\u00a0", " ")).strip()
    if clean != value:
        applied_fixes.append(f"{fw} {pid} {field}: whitespace {value!r} -> {clean!r}")
    key = (fw, pid, field)
    if key in FIXES:
        wrong, right = FIXES[key]
        if clean != wrong:
            raise SystemExit(f"FIXES entry {key} expects {wrong!r} but the reference has {clean!r}")
        applied_fixes.append(f"{fw} {pid} {field}: {wrong!r} -> {right!r}")
        return right
    for wrong, right in TEXT_FIXES.get((fw, pid), []) if field == "summary" else []:
        if wrong not in clean:
            raise SystemExit(f"TEXT_FIXES entry {(fw, pid)} expects {wrong!r} in {clean!r}")
        clean = clean.replace(wrong, right)
        applied_fixes.append(f"{fw} {pid} {field}: {wrong!r} -> {right!r}")
    return clean


# --------------------------------------------------------------------------- helpers
def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


class Quoted(str):
    """A string always written double-quoted (ids, notations, versions)."""


class Flow(list[str]):
    """A short list written in flow style (`flags: [new-in-2022]`)."""


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
    notation: str | None = None,
    *,
    url: str | None = None,
    flags: list[str] | None = None,
    summary: str | None = None,
) -> Node:
    """A provision with keys in the order of docs/formats.md."""
    node: Node = {"id": Quoted(pid), "kind": kind, "title": title, "notation": Quoted(notation or pid)}
    if url:
        node["url"] = url
    if flags:
        node["flags"] = Flow(flags)
    if summary:
        node["summary"] = summary
    return node


def add_child(parent: Node, child: Node) -> None:
    parent.setdefault("children", []).append(child)


def nest_by_number(nodes: Iterable[Node], roots: dict[str, Node] | None = None) -> list[Node]:
    """Nest dotted ids under their longest existing prefix (6.1.2 under 6.1, A.6.1.2 under A.6.1).

    `roots` maps ids that are already placed (e.g. the Annex "A") to their nodes.
    Returns the nodes that found no parent, in order.
    """
    index: dict[str, Node] = dict(roots or {})
    top: list[Node] = []
    for node in nodes:
        pid = str(node["id"])
        parent_id = pid
        while "." in parent_id:
            parent_id = parent_id.rsplit(".", 1)[0]
            if parent_id in index:
                add_child(index[parent_id], node)
                break
        else:
            top.append(node)
        index[pid] = node
    return top


def num_key(pid: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", pid))


def framework(meta: dict[str, Any], provisions: list[Node]) -> dict[str, Any]:
    order = [
        "id", "prefix", "title", "short_title", "issuer", "version", "issued", "url",
        "licence", "rights", "text_version", "supersedes",
    ]  # fmt: skip
    out: dict[str, Any] = {k: meta[k] for k in order if k in meta}
    out["version"] = Quoted(out["version"])
    out["provisions"] = provisions
    return out


def short_title(text: str, limit: int = 80) -> str:
    """First sentence of a NIST outcome, shortened to at most `limit` chars (ending in "…" if cut).

    Cuts at the last clause boundary in the second half of the limit, else at a word boundary;
    drops an unclosed parenthesis and trailing function words.
    """
    first = re.split(r"(?<=[a-z)])\. (?=[A-Z])", text.strip(), maxsplit=1)[0].rstrip(".")
    if len(first) <= limit:
        return first
    room = limit - 1  # for the ellipsis
    cuts = [m.start() for m in re.finditer(r", |; | [–—-] ", first) if limit // 2 <= m.start() <= room]
    cut = first[: max(cuts)] if cuts else first[: first.rfind(" ", 0, room + 1)]
    if cut.count("(") > cut.count(")"):
        cut = cut[: cut.rfind("(")]
    stop = r"and|or|the|of|to|a|an|in|for|with|as|are|is|be|by|from|into|on|that|so|its|their|when|which"
    while True:
        shorter = re.sub(rf"[\s,;–—-]+(?:(?:{stop})\b)?$", "", cut)
        shorter = re.sub(rf"\s+(?:{stop})$", "", shorter)
        if shorter == cut:
            return cut + "…"
        cut = shorter


# --------------------------------------------------------------------------- ISO/IEC 42001
def iso42001(ref: Path) -> dict[str, Any]:
    fw = "iso-iec-42001-2023"
    rows = read_csv(ref / "iso42001" / "iso42001-2023-structure.csv")
    kinds = {
        ("clause", "clause"): "Clause",
        ("clause", "subclause"): "Clause",
        ("annexA", "control_objective_group"): "ControlObjective",
        ("annexA", "control"): "Control",
    }
    clauses: list[Node] = []
    annex_items: list[Node] = []
    for r in rows:
        pid = r["ref_id"].strip()
        kind = kinds[(r["part"], r["level"])]
        node = prov(pid, kind, fixed(fw, pid, "title", r["title"]))
        (clauses if r["part"] == "clause" else annex_items).append(node)
    annex = prov("A", "Annex", "Reference control objectives and controls", "Annex A")
    # A.6 holds the sub-objectives A.6.1 and A.6.2 (with controls A.6.1.x, A.6.2.x): nesting
    # by number keeps them as ControlObjective children of A.6.
    nest_by_number(annex_items, {"A": annex})
    meta = {
        "id": fw,
        "prefix": "iso42001",
        "title": "ISO/IEC 42001:2023 Information technology - Artificial intelligence - Management system",
        "short_title": "ISO/IEC 42001:2023",
        "issuer": "ISO/IEC",
        "version": "2023",
        "issued": dt.date(2023, 12, 18),
        "url": "https://www.iso.org/standard/81230.html",
        "licence": "https://creativecommons.org/licenses/by/4.0/",
        "rights": ISO_RIGHTS,
    }
    return framework(meta, [*nest_by_number(clauses), annex])


# --------------------------------------------------------------------------- ISO/IEC 27001:2022
ISO27001_2022_THEMES = {
    "A.5": ("Organizational", "Organizational controls"),
    "A.6": ("People", "People controls"),
    "A.7": ("Physical", "Physical controls"),
    "A.8": ("Technological", "Technological controls"),
}


def iso27001_2022(ref: Path) -> dict[str, Any]:
    fw = "iso-iec-27001-2022"
    clauses = [
        prov(r["ref_id"].strip(), "Clause", fixed(fw, r["ref_id"].strip(), "title", r["title"]))
        for r in read_csv(ref / "iso27001" / "iso27001-2022-clauses.csv")
    ]
    annex = prov("A", "Annex", "Information security controls reference", "Annex A")
    themes = {tid: prov(tid, "ControlTheme", title) for tid, (_, title) in ISO27001_2022_THEMES.items()}
    for theme in themes.values():
        add_child(annex, theme)
    for r in read_csv(ref / "iso27001" / "iso27001-2022-annexA-controls.csv"):
        pid = r["control_2022"].strip()
        theme_id = pid.rsplit(".", 1)[0]
        if ISO27001_2022_THEMES[theme_id][0] != r["theme"]:
            raise SystemExit(f"{pid}: theme {r['theme']!r} does not match its number")
        flags = ["new-in-2022"] if r["new_in_2022"] == "yes" else None
        add_child(themes[theme_id], prov(pid, "Control", fixed(fw, pid, "title", r["title"]), flags=flags))
    meta = {
        "id": fw,
        "prefix": "iso27001",
        "title": (
            "ISO/IEC 27001:2022 Information security, cybersecurity and privacy protection - "
            "Information security management systems - Requirements"
        ),
        "short_title": "ISO/IEC 27001:2022",
        "issuer": "ISO/IEC",
        "version": "2022",
        "issued": dt.date(2022, 10, 25),
        "url": "https://www.iso.org/standard/27001",
        "licence": "https://creativecommons.org/licenses/by/4.0/",
        "rights": ISO_RIGHTS,
        "supersedes": "iso-iec-27001-2013",
    }
    return framework(meta, [*nest_by_number(clauses), annex])


# --------------------------------------------------------------------------- ISO/IEC 27001:2013
# Annex A clause (control category) and control objective short titles of ISO/IEC 27001:2013.
# They are not in the reference data: identifiers and official short titles, as facts.
ISO27001_2013_THEMES = {
    "A.5": "Information security policies",
    "A.6": "Organization of information security",
    "A.7": "Human resource security",
    "A.8": "Asset management",
    "A.9": "Access control",
    "A.10": "Cryptography",
    "A.11": "Physical and environmental security",
    "A.12": "Operations security",
    "A.13": "Communications security",
    "A.14": "System acquisition, development and maintenance",
    "A.15": "Supplier relationships",
    "A.16": "Information security incident management",
    "A.17": "Information security aspects of business continuity management",
    "A.18": "Compliance",
}
ISO27001_2013_OBJECTIVES = {
    "A.5.1": "Management direction for information security",
    "A.6.1": "Internal organization",
    "A.6.2": "Mobile devices and teleworking",
    "A.7.1": "Prior to employment",
    "A.7.2": "During employment",
    "A.7.3": "Termination and change of employment",
    "A.8.1": "Responsibility for assets",
    "A.8.2": "Information classification",
    "A.8.3": "Media handling",
    "A.9.1": "Business requirements of access control",
    "A.9.2": "User access management",
    "A.9.3": "User responsibilities",
    "A.9.4": "System and application access control",
    "A.10.1": "Cryptographic controls",
    "A.11.1": "Secure areas",
    "A.11.2": "Equipment",
    "A.12.1": "Operational procedures and responsibilities",
    "A.12.2": "Protection from malware",
    "A.12.3": "Backup",
    "A.12.4": "Logging and monitoring",
    "A.12.5": "Control of operational software",
    "A.12.6": "Technical vulnerability management",
    "A.12.7": "Information systems audit considerations",
    "A.13.1": "Network security management",
    "A.13.2": "Information transfer",
    "A.14.1": "Security requirements of information systems",
    "A.14.2": "Security in development and support processes",
    "A.14.3": "Test data",
    "A.15.1": "Information security in supplier relationships",
    "A.15.2": "Supplier service delivery management",
    "A.16.1": "Management of information security incidents and improvements",
    "A.17.1": "Information security continuity",
    "A.17.2": "Redundancies",
    "A.18.1": "Compliance with legal and contractual requirements",
    "A.18.2": "Information security reviews",
}


def iso27001_2013(ref: Path) -> dict[str, Any]:
    fw = "iso-iec-27001-2013"
    controls: dict[str, str] = {}
    for r in read_csv(ref / "iso27001" / "iso27001-annexA-2013-to-2022.csv"):
        pid, title = r["control_2013"].strip(), r["title_2013"]
        if pid in controls:  # A.18.2.3 maps to two 2022 controls
            if fixed(fw, pid, "title", title) != controls[pid]:
                raise SystemExit(f"{pid}: two different titles in the correspondence table")
            continue
        controls[pid] = fixed(fw, pid, "title", title)
    annex = prov("A", "Annex", "Reference control objectives and controls", "Annex A")
    index: dict[str, Node] = {}
    for tid, title in ISO27001_2013_THEMES.items():
        index[tid] = prov(tid, "ControlTheme", title)
        add_child(annex, index[tid])
    for oid, title in ISO27001_2013_OBJECTIVES.items():
        index[oid] = prov(oid, "ControlObjective", title)
        add_child(index[oid.rsplit(".", 1)[0]], index[oid])
    for pid in sorted(controls, key=num_key):
        add_child(index[pid.rsplit(".", 1)[0]], prov(pid, "Control", controls[pid]))
    meta = {
        "id": fw,
        "prefix": "iso27001-2013",
        "title": (
            "ISO/IEC 27001:2013 Information technology - Security techniques - "
            "Information security management systems - Requirements"
        ),
        "short_title": "ISO/IEC 27001:2013",
        "issuer": "ISO/IEC",
        "version": "2013",
        "issued": dt.date(2013, 10, 1),
        "url": "https://www.iso.org/standard/54534.html",
        "licence": "https://creativecommons.org/licenses/by/4.0/",
        "rights": ISO_RIGHTS,
        "text_version": "Annex A only (controls, control objectives and their clauses); withdrawn in 2022",
    }
    return framework(meta, [annex])


# --------------------------------------------------------------------------- GDPR
GDPR_ELI = "http://data.europa.eu/eli/reg/2016/679/oj"
# Paragraph labels, in the project's own words (never the text of the Regulation).
GDPR_PARAGRAPHS: dict[int, list[str]] = {
    5: ["Principles relating to processing", "Accountability of the controller"],
    6: [
        "Lawful bases for processing",
        "More specific national provisions",
        "Basis in Union or Member State law",
        "Compatibility of further processing",
    ],
    9: [
        "Prohibition on processing special categories",
        "Exceptions to the prohibition",
        "Processing by professionals under secrecy",
        "National conditions for genetic, biometric or health data",
    ],
    13: [
        "Information to give at collection",
        "Further information for fair and transparent processing",
        "Information before processing for a new purpose",
        "Exemption where the data subject already has the information",
    ],
    14: [
        "Information to give when data come from elsewhere",
        "Further information for fair and transparent processing",
        "Time limits for giving the information",
        "Information before processing for a new purpose",
        "Exemptions from the duty to inform",
    ],
    15: [
        "Confirmation of processing and access",
        "Safeguards for transfers to third countries",
        "Copy of the personal data",
        "Rights and freedoms of others",
    ],
    22: [
        "No decision based solely on automated processing",
        "Exceptions for contract, law or explicit consent",
        "Safeguards including human intervention",
        "Special categories in automated decisions",
    ],
    24: [
        "Measures to ensure and demonstrate compliance",
        "Data protection policies",
        "Codes of conduct and certification as evidence",
    ],
    25: ["Data protection by design", "Data protection by default", "Certification as evidence"],
    28: [
        "Only processors with sufficient guarantees",
        "Authorisation to engage another processor",
        "Contract or legal act binding the processor",
        "Same obligations for sub-processors",
        "Codes of conduct and certification as evidence",
        "Use of standard contractual clauses",
        "Standard contractual clauses laid down by the Commission",
        "Standard contractual clauses adopted by a supervisory authority",
        "Contract in writing, including electronic form",
        "Processor deciding purposes and means is a controller",
    ],
    30: [
        "Records kept by the controller",
        "Records kept by the processor",
        "Records in writing, including electronic form",
        "Records available to the supervisory authority",
        "Exemption for organisations under 250 employees",
    ],
    32: [
        "Appropriate technical and organisational security measures",
        "Assessing the appropriate level of security",
        "Codes of conduct and certification as evidence",
        "Staff process data only on instructions",
    ],
    33: [
        "Notifying the supervisory authority within 72 hours",
        "Processor informs the controller",
        "Content of the notification",
        "Information provided in phases",
        "Documenting personal data breaches",
    ],
    34: [
        "Communicating a high-risk breach to data subjects",
        "Content of the communication",
        "When the communication is not required",
        "Supervisory authority may require communication",
    ],
    35: [
        "Impact assessment for likely high-risk processing",
        "Advice of the data protection officer",
        "Cases that require an assessment",
        "List of operations that require an assessment",
        "List of operations that do not require one",
        "Consistency mechanism for the lists",
        "Minimum content of the assessment",
        "Approved codes of conduct taken into account",
        "Views of data subjects",
        "Exemption where a legislative assessment was made",
        "Review of the assessment",
    ],
    36: [
        "Consulting the supervisory authority before processing",
        "Written advice of the supervisory authority",
        "Information to give the supervisory authority",
        "Consultation on legislative measures",
        "National law requiring consultation or authorisation",
    ],
    37: [
        "When a data protection officer must be designated",
        "One officer for a group of undertakings",
        "One officer for several public bodies",
        "Designation in other cases",
        "Qualities of the data protection officer",
        "Staff member or service contract",
        "Publishing and communicating contact details",
    ],
}
# Point labels, in the project's own words: (article, paragraph) -> labels for (a), (b), ...
GDPR_POINTS: dict[tuple[int, int], list[str]] = {
    (5, 1): [
        "Lawfulness, fairness and transparency",
        "Purpose limitation",
        "Data minimisation",
        "Accuracy",
        "Storage limitation",
        "Integrity and confidentiality",
    ],
    (6, 1): [
        "Consent",
        "Performance of a contract",
        "Legal obligation",
        "Vital interests",
        "Public interest or official authority",
        "Legitimate interests",
    ],
    (9, 2): [
        "Explicit consent",
        "Employment and social security law",
        "Vital interests where consent is impossible",
        "Not-for-profit bodies",
        "Data manifestly made public by the data subject",
        "Legal claims and courts",
        "Substantial public interest",
        "Health and social care",
        "Public health",
        "Archiving, research and statistics",
    ],
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]


def gdpr_points(parent: Node, pid: str, notation: str, text: str, labels: list[str] | None) -> None:
    """Add the lettered points (and roman sub-points) of `text` under `parent`."""
    found = points(pid, text)
    if labels is not None and [p.key() for p in found] != [chr(ord("a") + i) for i in range(len(labels))]:
        raise SystemExit(f"{pid}: points {[p.key() for p in found]} do not match the labels")
    for i, p in enumerate(found):
        ppid, pnotation = f"{pid}-{p.key()}", point_notation(notation, p)
        title = labels[i] if labels is not None else citation(pnotation)
        point = prov(ppid, "Point", title, pnotation)
        for r in p.romans:
            add_child(point, prov(f"{ppid}-{r}", "Point", citation(f"{pnotation}({r})"), f"{pnotation}({r})"))
        add_child(parent, point)


def citation(notation: str) -> str:
    """The label of a paragraph or point without a label of its own: "Art. 5(1)" -> "Article 5(1)"."""
    return notation.replace("Art. ", "Article ", 1)


def gdpr_definitions(art: Node, text: str, terms: dict[int, str]) -> None:
    """Article 4's definitions as points art-4-1 ... art-4-26, titled by the defined term."""
    parts = re.split(r"(?m)^\((\d+)\)\n(?=‘)", text)
    bodies = {int(n): body for n, body in zip(parts[1::2], parts[2::2], strict=True)}
    if list(bodies) != list(terms):
        raise SystemExit(f"GDPR Article 4: {len(bodies)} definitions in the text, {len(terms)} in the definitions file")
    for number, body in bodies.items():
        if not body.startswith(f"‘{terms[number]}’"):
            raise SystemExit(f"GDPR Article 4({number}) is not the definition of {terms[number]!r}")
        pid, notation = f"art-4-{number}", f"Art. 4({number})"
        node = prov(pid, "Point", f"Definition of {terms[number]}", notation, flags=["definition"])
        gdpr_points(node, pid, notation, body, None)
        add_child(art, node)


def gdpr(ref: Path) -> dict[str, Any]:
    fw = "gdpr"
    chapters: dict[str, Node] = {}
    sections: dict[tuple[str, str], Node] = {}
    for r in read_csv(ref / "gdpr" / "gdpr-chapters-sections.csv"):
        ch, sec = r["chapter"].strip(), r["section"].strip()
        if not sec:
            cid = f"chapter-{ch}"
            chapters[ch] = prov(cid, "Chapter", fixed(fw, cid, "title", r["title"]), f"Chapter {ch}")
        else:
            sid = f"chapter-{ch}-section-{sec}"
            sections[(ch, sec)] = node = prov(
                sid, "Section", fixed(fw, sid, "title", r["title"]), f"Chapter {ch}, Section {sec}"
            )
            add_child(chapters[ch], node)
    articles = json.loads((ref / "gdpr" / "gdpr-articles.json").read_text("utf-8"))
    texts = {int(a["article"]): a for a in articles}
    terms = {int(r["number"]): r["term"] for r in read_csv(ref / "gdpr" / "gdpr-art4-definitions.csv")}
    for r in read_csv(ref / "gdpr" / "gdpr-articles.csv"):
        n, ch, sec = int(r["article"]), r["chapter"].strip(), r["section"].strip()
        aid = f"art-{n}"
        if r["eli"].strip() != f"{GDPR_ELI}#art_{n}":
            raise SystemExit(f"{aid}: unexpected ELI {r['eli']!r}")
        art = prov(aid, "Article", fixed(fw, aid, "title", r["title"]), f"Article {n}", url=r["eli"].strip())
        add_child(sections[(ch, sec)] if sec else chapters[ch], art)
        text = texts[n]["text"]
        if n == 4:
            gdpr_definitions(art, text, terms)
            continue
        paras = numbered_paragraphs(aid, text)
        if not paras:
            gdpr_points(art, aid, f"Art. {n}", text, None)
            continue
        labels = GDPR_PARAGRAPHS.get(n)
        if labels is not None and len(paras) != len(labels):
            raise SystemExit(f"{aid}: {len(paras)} paragraphs in the text, {len(labels)} labels")
        for p, body in paras.items():
            notation = f"Art. {n}({p})"
            para = prov(f"{aid}-{p}", "Paragraph", labels[p - 1] if labels else citation(notation), notation)
            add_child(art, para)
            gdpr_points(para, f"{aid}-{p}", notation, body, GDPR_POINTS.get((n, p)))
    meta = {
        "id": fw,
        "prefix": "gdpr",
        "title": (
            "Regulation (EU) 2016/679 on the protection of natural persons with regard to the processing "
            "of personal data and on the free movement of such data (General Data Protection Regulation)"
        ),
        "short_title": "GDPR",
        "issuer": "European Parliament and Council of the European Union",
        "version": "OJ L 119, 4.5.2016",
        "issued": dt.date(2016, 4, 27),
        "url": GDPR_ELI,
        "licence": EU_LICENCE,
        "rights": (
            "Structure, numbers, titles and links reused from EUR-Lex (© European Union, "
            "https://eur-lex.europa.eu) under Commission Decision 2011/833/EU, with attribution; "
            "paragraph and point labels are the project's own words, not the text of the Regulation."
        ),
        "text_version": "Official Journal L 119, 4.5.2016 (corrigenda not applied)",
    }
    return framework(meta, [chapters[c] for c in ROMAN if c in chapters])


# --------------------------------------------------------------------------- NIST AI RMF 1.0
def nist_ai_rmf(ref: Path) -> dict[str, Any]:
    fw = "nist-ai-rmf-1.0"
    index: dict[str, Node] = {}
    top: list[Node] = []
    for r in read_csv(ref / "nist-ai-rmf" / "nist-ai-rmf-1.0-core.csv"):
        notation, level = r["id"].strip(), r["level"]
        pid = notation.replace(" ", "-")
        text = fixed(fw, pid, "summary", r["text"])
        if level == "function":
            node = prov(pid, "Function", pid.title(), notation, summary=text)
            top.append(node)
        else:
            kind = {"category": "Category", "subcategory": "Subcategory"}[level]
            node = prov(pid, kind, short_title(text), notation, summary=text)
            add_child(index[r["parent"].strip().replace(" ", "-")], node)
        index[pid] = node
    meta = {
        "id": fw,
        "prefix": "airmf",
        "title": "Artificial Intelligence Risk Management Framework (AI RMF 1.0)",
        "short_title": "NIST AI RMF 1.0",
        "issuer": "National Institute of Standards and Technology (NIST)",
        "version": "1.0",
        "issued": dt.date(2023, 1, 26),
        "url": "https://doi.org/10.6028/NIST.AI.100-1",
        "licence": NIST_LICENCE,
        "rights": NIST_RIGHTS,
        "text_version": "NIST AI 100-1, AI RMF Core (Tables 1-4)",
    }
    return framework(meta, top)


# --------------------------------------------------------------------------- NIST CSF 2.0
def nist_csf(ref: Path) -> dict[str, Any]:
    fw = "nist-csf-2.0"
    index: dict[str, Node] = {}
    top: list[Node] = []
    for r in read_csv(ref / "nist-csf-2.0" / "nist-csf-2.0-core.csv"):
        if r["status"] != "active":  # withdrawn CSF 1.1 elements are not provisions of 2.0
            continue
        pid, level = r["id"].strip(), r["level"]
        text = fixed(fw, pid, "summary", r["text"])
        if level == "function":
            node = prov(pid, "Function", fixed(fw, pid, "title", r["title"]).title(), summary=text)
            top.append(node)
        elif level == "category":
            node = prov(pid, "Category", fixed(fw, pid, "title", r["title"]), summary=text)
            add_child(index[r["parent"].strip()], node)
        else:
            node = prov(pid, "Subcategory", short_title(text), summary=text)
            add_child(index[r["parent"].strip()], node)
        index[pid] = node
    meta = {
        "id": fw,
        "prefix": "csf2",
        "title": "The NIST Cybersecurity Framework (CSF) 2.0",
        "short_title": "NIST CSF 2.0",
        "issuer": "National Institute of Standards and Technology (NIST)",
        "version": "2.0",
        "issued": dt.date(2024, 2, 26),
        "url": "https://doi.org/10.6028/NIST.CSWP.29",
        "licence": NIST_LICENCE,
        "rights": NIST_RIGHTS,
        "text_version": "NIST CSWP 29, CSF 2.0 Core (active elements; withdrawn CSF 1.1 elements left out)",
    }
    return framework(meta, top)


# --------------------------------------------------------------------------- registry and output
BUILDERS: dict[str, tuple[Callable[[Path], dict[str, Any]], list[str]]] = {
    "iso-iec-42001-2023": (iso42001, ["iso42001/iso42001-2023-structure.csv"]),
    "iso-iec-27001-2022": (
        iso27001_2022,
        ["iso27001/iso27001-2022-clauses.csv", "iso27001/iso27001-2022-annexA-controls.csv"],
    ),
    "iso-iec-27001-2013": (iso27001_2013, ["iso27001/iso27001-annexA-2013-to-2022.csv"]),
    "gdpr": (
        gdpr,
        [
            "gdpr/gdpr-chapters-sections.csv",
            "gdpr/gdpr-articles.csv",
            "gdpr/gdpr-articles.json",
            "gdpr/gdpr-art4-definitions.csv",
        ],
    ),
    "nist-ai-rmf-1.0": (nist_ai_rmf, ["nist-ai-rmf/nist-ai-rmf-1.0-core.csv"]),
    "nist-csf-2.0": (nist_csf, ["nist-csf-2.0/nist-csf-2.0-core.csv"]),
}


def render(data: dict[str, Any], sources: list[str]) -> str:
    header = (
        f"# Generated from the reference data ({', '.join(sources)}) by scripts/import_reference.py;\n"
        "# edit here or in the script (re-running the script overwrites this file).\n"
    )
    body = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False
    )
    return header + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="reference data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="catalog folder to write")
    parser.add_argument("--only", nargs="*", choices=sorted(BUILDERS), help="framework ids to write")
    args = parser.parse_args(argv)
    if not (args.reference / "README.md").is_file():
        parser.error(f"no reference data at {args.reference}")
    args.out.mkdir(parents=True, exist_ok=True)
    for fw_id in args.only or BUILDERS:
        build, sources = BUILDERS[fw_id]
        path = args.out / f"{fw_id}.yaml"
        path.write_text(render(build(args.reference), sources), encoding="utf-8", newline="\n")
        print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
    for fix in applied_fixes:
        print(f"fixed {fix}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

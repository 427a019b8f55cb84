#!/usr/bin/env python3
"""Write the published crosswalks in crosswalks/mappings/ from the shared reference data.

A maintainer tool, not part of the package: the project never reads the reference folder at
run time. It writes three mapping sets, each a faithful transcription of a published
correspondence (which-maps-to-which pairs are facts; no text is carried over):

  iso-iec-27001-2013--iso-iec-27001-2022   ISO/IEC 27002:2022 Annex B (115 pairs)
  nist-csf-2.0--iso-iec-27001-2022         NIST's CSF 2.0 informative references (331 pairs)
  nist-ai-rmf-1.0--iso-iec-42001-2023      the NIST-hosted AI RMF to ISO/IEC (FDIS) 42001 crosswalk

    python scripts/import_crosswalks.py [--reference DIR] [--out DIR] [--check]

`--check` writes nothing and exits 1 if a file on disk differs from what the script would
write. Labels come from the project's own catalogs (crosswalks/frameworks/*.yaml), so they
always agree with them. Known defects of the reference data are repaired in REPAIRS below; each
repair asserts the defect, so a corrected reference makes the script fail loudly.

Judgement rules (also in docs/crosswalk-content.md):
- 27001 2013 -> 2022: relation from CISO Assistant's typing of the Annex B pairs where it is
  consistent with the structure of Annex B; `equal` for a 2022 control with several 2013
  predecessors becomes `subset-of` (a merged control is larger than each part); a 2013 control
  that Annex B splits is `intersects-with` each part; untyped pairs are typed here by the same
  rules. Strength: equal 10, subset-of/superset-of 8, intersects-with 6 (5 for a split).
- NIST pairs assert a relationship without a type: `intersects-with`. Strength by fan-out, how
  many references NIST gives the subject: 1 -> 7, 2-3 -> 5, 4 or more -> 3 (a reference that is
  one of many carries less of the subject).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from xwalk.build.sssom_write import canonical_text

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO / ".." / "shared" / "reference"
DEFAULT_OUT = REPO / "crosswalks" / "mappings"
FRAMEWORKS = REPO / "crosswalks" / "frameworks"

MAPPING_DATE = "2026-11-28"
TEAM = "https://w3id.org/xwalk/team"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
BASE = "https://w3id.org/xwalk/"
PREFIX = {
    "iso-iec-27001-2013": "iso27001-2013",
    "iso-iec-27001-2022": "iso27001",
    "iso-iec-42001-2023": "iso42001",
    "nist-csf-2.0": "csf2",
    "nist-ai-rmf-1.0": "airmf",
}
COLUMNS = [
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "relation",
    "strength",
    "rationale",
    "status",
    "author_id",
    "reviewer_id",
    "review_date",
    "source",
    "comment",
]
SKOS = {
    "equal": "skos:exactMatch",
    "subset-of": "skos:broadMatch",
    "superset-of": "skos:narrowMatch",
    "intersects-with": "skos:relatedMatch",
}

# NIST's malformed ISO/IEC 27001:2022 identifiers: (subcategory, raw id) -> repaired id.
REPAIRS: dict[tuple[str, str], str] = {
    ("GV.RM-07", "6.11"): "6.1.1",
    ("ID.RA-06", "6.13"): "6.1.3",
}


@dataclass(frozen=True)
class Row:
    subject: str  # local id
    object: str
    relation: str
    strength: int
    rationale: str
    confidence: float
    source: str
    comment: str


@dataclass(frozen=True)
class SetSpec:
    set_id: str
    title: str
    description: str
    subject_fw: str
    object_fw: str


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def titles(framework_id: str) -> dict[str, str]:
    """Local id -> short title, from the project's catalog."""
    data = yaml.safe_load((FRAMEWORKS / f"{framework_id}.yaml").read_text(encoding="utf-8"))
    out: dict[str, str] = {}

    def walk(nodes: Iterable[dict[str, Any]]) -> None:
        for node in nodes:
            out[str(node["id"])] = str(node["title"])
            walk(node.get("children") or [])

    walk(data["provisions"])
    return out


def fan_out_strength(n: int) -> int:
    return 7 if n == 1 else 5 if n <= 3 else 3


# --------------------------------------------------------------------------- ISO/IEC 27001:2013 -> 2022
def iso27001_2013_2022(reference: Path) -> tuple[SetSpec, list[Row]]:
    data = read_csv(reference / "iso27001" / "iso27001-annexA-2013-to-2022.csv")
    merged = Counter(r["control_2022"] for r in data)
    split = Counter(r["control_2013"] for r in data)
    parts: dict[str, list[str]] = {}
    for r in data:
        parts.setdefault(r["control_2022"], []).append(r["control_2013"])
    rows: list[Row] = []
    for r in data:
        old, new, ciso = r["control_2013"], r["control_2022"], r["ciso_assistant_relationship"]
        others = [p for p in parts[new] if p != old]
        typed = f"CISO Assistant types the pair '{ciso}'" if ciso else "untyped in CISO Assistant's mapping"
        if split[old] > 1:
            relation, strength, confidence = "intersects-with", 5, 0.85
            targets = sorted({x["control_2022"] for x in data if x["control_2013"] == old})
            why = f"Annex B splits this 2013 control over {' and '.join(targets)}: it overlaps each, is part of neither"
        elif merged[new] > 1:
            relation, strength, confidence = "subset-of", 8, 0.9
            why = f"one of {merged[new]} controls of 2013 merged into {new} (with {', '.join(others)})"
        elif ciso == "equal" or not ciso:
            relation, strength, confidence = "equal", 10, 0.9
            why = "carried over one-to-one"
        elif ciso == "subset":
            relation, strength, confidence = "subset-of", 8, 0.85
            why = "carried over one-to-one into a broader 2022 control"
        elif ciso == "superset":
            relation, strength, confidence = "superset-of", 8, 0.8
            why = "carried over one-to-one into a narrower 2022 control"
        elif ciso == "intersect":
            relation, strength, confidence = "intersects-with", 6, 0.8
            why = "carried over one-to-one with a changed scope"
        else:
            raise SystemExit(f"unexpected relationship {ciso!r} for {old} -> {new}")
        expected = {"equal": "equal", "subset": "subset-of", "superset": "superset-of", "intersect": "intersects-with"}
        if ciso and expected[ciso] != relation:
            typed += f"; typed {relation} here because Annex B {'splits' if split[old] > 1 else 'merges'} it"
        rationale = "syntactic" if relation == "equal" else "semantic"
        comment = f"ISO/IEC 27002:2022 Annex B: {why}. {typed[0].upper()}{typed[1:]}."
        rows.append(Row(old, new, relation, strength, rationale, confidence, "iso-iec-27002-2022-annex-b", comment))
    spec = SetSpec(
        "iso-iec-27001-2013--iso-iec-27001-2022",
        "ISO/IEC 27001:2013 Annex A to ISO/IEC 27001:2022 Annex A",
        "Every pair of the correspondence between the 2013 and 2022 Annex A controls that ISO/IEC 27002:2022 "
        "publishes in its Annex B (identifiers only; 115 pairs: all 114 old controls, 82 new ones; A.18.2.3 splits "
        "in two). Relation types follow CISO Assistant's mapping where it agrees with the structure of Annex B: a "
        "2022 control merged from several 2013 controls is larger than each (subset-of), a split control overlaps "
        "each part (intersects-with), untyped one-to-one pairs are equal. Generated by "
        "scripts/import_crosswalks.py.",
        "iso-iec-27001-2013",
        "iso-iec-27001-2022",
    )
    if len(rows) != 115:
        raise SystemExit(f"expected 115 Annex B pairs, found {len(rows)}")
    return spec, rows


# --------------------------------------------------------------------------- NIST CSF 2.0 -> ISO/IEC 27001:2022
def csf_iso27001(reference: Path) -> tuple[SetSpec, list[Row]]:
    data = read_csv(reference / "crosswalks" / "nist-csf-2.0_to_iso27001-2022_informative-references.csv")
    pairs: dict[tuple[str, str], list[str]] = {}
    subitems: dict[tuple[str, str], list[str]] = {}
    for r in data:
        sub, ref = r["csf_subcategory"], r["iso_ref"]
        notes = pairs.setdefault((sub, REPAIRS.get((sub, ref), ref)), [])
        if (sub, ref) in REPAIRS:
            if r["iso_ref_is_valid_27001_2022_id"] != "NO":
                raise SystemExit(f"REPAIRS entry {(sub, ref)} no longer matches a malformed reference")
            notes.append(
                f"NIST's data gives '{ref}', which is no ISO/IEC 27001:2022 clause; repaired to {REPAIRS[(sub, ref)]}"
            )
        elif r["iso_ref_is_valid_27001_2022_id"] != "yes":
            raise SystemExit(f"unrepaired malformed reference {ref!r} for {sub}")
        if r["iso_subitem"]:
            subitems.setdefault((sub, ref), []).append(ref + r["iso_subitem"])
    unused = set(REPAIRS) - {(r["csf_subcategory"], r["iso_ref"]) for r in data}
    if unused:
        raise SystemExit(f"REPAIRS entries not found in the reference: {sorted(unused)}")
    fan = Counter(sub for sub, _ in pairs)
    rows = []
    for (sub, ref), notes in pairs.items():
        comment = "NIST CSF 2.0 informative reference to ISO/IEC 27001:2022"
        if (sub, ref) in subitems:
            notes = [*notes, "NIST cites " + " and ".join(subitems[(sub, ref)])]
        if notes:
            comment += "; " + "; ".join(sorted(set(notes), key=notes.index))
        comment += f". Strength from fan-out ({fan[sub]} reference{'s' if fan[sub] > 1 else ''} for {sub})."
        rows.append(
            Row(
                sub,
                ref,
                "intersects-with",
                fan_out_strength(fan[sub]),
                "semantic",
                0.9,
                "nist-csf-2.0-informative-references",
                comment,
            )
        )
    spec = SetSpec(
        "nist-csf-2.0--iso-iec-27001-2022",
        "NIST CSF 2.0 to ISO/IEC 27001:2022 (NIST informative references)",
        "NIST's informative references from the CSF 2.0 subcategories to ISO/IEC 27001:2022 clauses and Annex A "
        "controls, transcribed pair by pair (331 distinct pairs; sub-items such as 4.2(a) and 4.2(b) fold into "
        "their clause and are named in the comment). NIST asserts a relationship without a type, so every pair is "
        "intersects-with; strength is the project's, from fan-out: 7 when NIST gives the subcategory one reference, "
        "5 for two or three, 3 for four or more. Two malformed identifiers in NIST's data were repaired: '6.11' "
        "(GV.RM-07) to 6.1.1 and '6.13' (ID.RA-06) to 6.1.3; the affected rows say so. Generated by "
        "scripts/import_crosswalks.py.",
        "nist-csf-2.0",
        "iso-iec-27001-2022",
    )
    return spec, rows


# --------------------------------------------------------------------------- NIST AI RMF 1.0 -> ISO/IEC 42001:2023
def ai_rmf_iso42001(reference: Path, iso_titles: dict[str, str]) -> tuple[SetSpec, list[Row]]:
    data = read_csv(reference / "crosswalks" / "nist-ai-rmf_to_iso42001-fdis_pairs.csv")
    pairs: dict[tuple[str, str], list[str]] = {}
    for r in data:
        sub = r["ai_rmf_subcategory"].replace(" ", "-")
        cited = r["iso42001_fdis_ref"]
        target = r["annexA_equivalent_by_renumbering"] or cited
        if r["iso_part"] == "AnnexB":
            if target != "A" + cited[1:]:
                raise SystemExit(f"{cited} does not renumber to {target}")
            note = f"cites Annex B {cited}, the implementation guidance for control {target}"
        else:
            note = f"cites clause {cited}"
        printed = r["iso42001_title_as_printed_by_nist"]
        if printed.casefold().replace(",", "") != iso_titles[target].casefold().replace(",", ""):
            note += f" (printed title '{printed}')"
        notes = pairs.setdefault((sub, target), [])
        notes.append(note)
    fan = Counter(sub for sub, _ in pairs)
    rows = []
    for (sub, target), notes in pairs.items():
        unique = sorted(set(notes), key=notes.index)
        comment = "NIST-hosted AI RMF to ISO/IEC 42001 (FDIS) crosswalk " + "; ".join(unique)
        if len(notes) > 1:
            comment += f"; the pair appears {len(notes)} times in the crosswalk and is kept once"
        comment += f". Strength from fan-out ({fan[sub]} reference{'s' if fan[sub] > 1 else ''} for {sub})."
        rows.append(
            Row(
                sub,
                target,
                "intersects-with",
                fan_out_strength(fan[sub]),
                "semantic",
                0.85,
                "nist-airc-ai-rmf-iso42001-crosswalk",
                comment,
            )
        )
    spec = SetSpec(
        "nist-ai-rmf-1.0--iso-iec-42001-2023",
        "NIST AI RMF 1.0 to ISO/IEC 42001:2023 (NIST-hosted crosswalk)",
        "The crosswalk from NIST AI RMF 1.0 subcategories to ISO/IEC 42001 that NIST's AI Resource Center hosts, "
        "transcribed pair by pair. It was made against the FDIS text and cites clauses and Annex B (implementation "
        "guidance); each Annex B target B.x.y is recorded as the Annex A control A.x.y it gives guidance for, and "
        "the comment keeps the citation. Pairs that then coincide are kept once (281 published rows, 280 pairs). "
        "The crosswalk gives no relation type: every pair is intersects-with, strength from fan-out (7 for one "
        "reference, 5 for two or three, 3 for four or more). Generated by scripts/import_crosswalks.py.",
        "nist-ai-rmf-1.0",
        "iso-iec-42001-2023",
    )
    return spec, rows


# --------------------------------------------------------------------------- writing
def scalar(text: str) -> str:
    """A YAML scalar for the # header: plain when that reads back unchanged, else double-quoted."""
    try:
        plain = yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def render(spec: SetSpec, rows: list[Row]) -> str:
    subj_titles, obj_titles = titles(spec.subject_fw), titles(spec.object_fw)
    sp, op = PREFIX[spec.subject_fw], PREFIX[spec.object_fw]
    head = [
        f"mapping_set_id: {BASE}mappings/{spec.set_id}",
        f"mapping_set_title: {scalar(spec.title)}",
        f"mapping_set_description: {scalar(spec.description)}",
        f"license: {CC_BY}",
        "creator_id:",
        f"  - {TEAM}",
        f"subject_source: {BASE}fw/{spec.subject_fw}",
        f"object_source: {BASE}fw/{spec.object_fw}",
        f"mapping_date: {MAPPING_DATE}",
        "curie_map:",
        *(f"  {p}: {BASE}id/{fw}/" for fw, p in ((spec.subject_fw, sp), (spec.object_fw, op))),
        "  skos: http://www.w3.org/2004/02/skos/core#",
        "  semapv: https://w3id.org/semapv/vocab/",
    ]
    lines = [f"#{h}" for h in head]
    lines.append("\t".join(COLUMNS))
    seen: set[tuple[str, str]] = set()
    for r in rows:
        if (r.subject, r.object) in seen:
            raise SystemExit(f"{spec.set_id}: duplicate pair {r.subject} -> {r.object}")
        seen.add((r.subject, r.object))
        for fw_titles, local, fw in ((subj_titles, r.subject, spec.subject_fw), (obj_titles, r.object, spec.object_fw)):
            if local not in fw_titles:
                raise SystemExit(f"{spec.set_id}: {local} is not in the {fw} catalog")
        cells = [
            f"{sp}:{r.subject}",
            subj_titles[r.subject],
            SKOS[r.relation],
            "",
            f"{op}:{r.object}",
            obj_titles[r.object],
            "semapv:ManualMappingCuration",
            f"{r.confidence:g}",
            r.relation,
            str(r.strength),
            r.rationale,
            "approved",
            TEAM,
            "",
            "",
            r.source,
            r.comment,
        ]
        if any("\t" in c or "\n" in c for c in cells):
            raise SystemExit(f"{spec.set_id}: a cell holds a tab or newline: {cells}")
        lines.append("\t".join(cells))
    # the build's writer gives the header its SSSOM form (CURIEs, extension slots): scripts/sssom_headers.py
    return canonical_text("\n".join(lines) + "\n", f"{spec.set_id}.sssom.tsv")


def build_all(reference: Path) -> dict[str, str]:
    iso42001 = titles("iso-iec-42001-2023")
    out: dict[str, str] = {}
    for spec, rows in (
        iso27001_2013_2022(reference),
        csf_iso27001(reference),
        ai_rmf_iso42001(reference, iso42001),
    ):
        out[f"{spec.set_id}.sssom.tsv"] = render(spec, rows)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="reference data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="mapping set folder to write")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    args = parser.parse_args(argv)
    files = build_all(args.reference.resolve())
    stale = []
    for name, text in sorted(files.items()):
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        path.write_text(text, encoding="utf-8")
        rows = sum(1 for line in text.splitlines() if not line.startswith("#")) - 1
        print(f"wrote {path}: {rows} mappings")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

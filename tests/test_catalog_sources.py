"""The committed framework catalogs (crosswalks/frameworks/*.yaml) have the expected shape.

Read with pyyaml directly, independent of the project's loader. When the shared reference
data sits next to the repository (../shared/reference), identifiers and titles are also checked
against it, and no long string may be copied from the texts of EU law or ISO standards.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "crosswalks" / "frameworks"
REFERENCE = Path(__file__).parents[1] / ".." / "shared" / "reference"

KINDS = {
    "Chapter", "Section", "Article", "Paragraph", "Point", "Annex", "AnnexPoint", "Clause",
    "Control", "ControlObjective", "ControlTheme", "Function", "Category", "Subcategory",
}  # fmt: skip
PREFIXES = {
    "iso-iec-42001-2023": "iso42001",
    "iso-iec-27001-2022": "iso27001",
    "iso-iec-27001-2013": "iso27001-2013",
    "gdpr": "gdpr",
    "nist-ai-rmf-1.0": "airmf",
    "nist-csf-2.0": "csf2",
}
FRAMEWORKS = sorted(PREFIXES)
PUBLIC_DOMAIN = {"nist-ai-rmf-1.0", "nist-csf-2.0"}

# Defects of the reference data that the catalogs correct: (framework, id, field) -> catalog value.
KNOWN_FIXES = {
    ("iso-iec-27001-2022", "A.7.6", "title"): "Working in secure areas",
    ("iso-iec-27001-2013", "A.12.6.1", "title"): "Management of technical vulnerabilities",
    ("iso-iec-27001-2013", "A.11.2.7", "title"): "Secure disposal or re-use of equipment",
}
KNOWN_TEXT_FIXES = {
    ("nist-ai-rmf-1.0", "MAP-1.1"): [("contextspecific", "context-specific")],
    ("nist-ai-rmf-1.0", "MEASURE-4.3"): [("contextrelevant", "context-relevant")],
}

Node = dict[str, Any]


# --------------------------------------------------------------------------- helpers
@cache
def load(fw: str) -> dict[str, Any]:
    with (CATALOGS / f"{fw}.yaml").open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    assert isinstance(data, dict)
    return data


def walk(nodes: list[Node], parent: Node | None = None) -> Iterator[tuple[Node, Node | None]]:
    for node in nodes:
        yield node, parent
        yield from walk(node.get("children", []), node)


def provisions(fw: str) -> dict[str, Node]:
    return {n["id"]: n for n, _ in walk(load(fw)["provisions"])}


def parents(fw: str) -> dict[str, str | None]:
    return {n["id"]: (p["id"] if p else None) for n, p in walk(load(fw)["provisions"])}


def kinds(fw: str) -> Counter[str]:
    return Counter(n["kind"] for n, _ in walk(load(fw)["provisions"]))


def ids_of(fw: str, kind: str) -> list[str]:
    return [n["id"] for n, _ in walk(load(fw)["provisions"]) if n["kind"] == kind]


def descendants(node: Node, kind: str) -> list[str]:
    return [n["id"] for n, _ in walk(node.get("children", [])) if n["kind"] == kind]


def reference() -> Path:
    if not (REFERENCE / "README.md").is_file():
        pytest.skip("shared reference data not present next to the repository")
    return REFERENCE


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def expected(fw: str, pid: str, field: str, value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip()
    if (fw, pid, field) in KNOWN_FIXES:
        return KNOWN_FIXES[(fw, pid, field)]
    for wrong, right in KNOWN_TEXT_FIXES.get((fw, pid), []) if field == "summary" else []:
        value = value.replace(wrong, right)
    return value


# --------------------------------------------------------------------------- shape, no reference
@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_metadata(fw: str) -> None:
    data = load(fw)
    assert data["id"] == fw
    assert data["prefix"] == PREFIXES[fw]
    for key in ("title", "short_title", "issuer", "version", "url", "licence", "rights"):
        assert isinstance(data[key], str) and data[key], key
    assert hasattr(data["issued"], "isoformat"), "issued must be a YAML date"
    assert list(data)[-1] == "provisions"


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_provisions_well_formed(fw: str) -> None:
    seen: Counter[str] = Counter()
    for node, _ in walk(load(fw)["provisions"]):
        seen[node["id"]] += 1
        assert isinstance(node["id"], str) and node["id"], node
        assert node["kind"] in KINDS, node["id"]
        assert isinstance(node["title"], str) and node["title"].strip() == node["title"] != "", node["id"]
        assert isinstance(node["notation"], str) and node["notation"], node["id"]
        assert list(node)[:4] == ["id", "kind", "title", "notation"], node["id"]
        if "flags" in node:
            assert node["flags"] and all(isinstance(f, str) for f in node["flags"]), node["id"]
    assert [i for i, n in seen.items() if n > 1] == []


def test_ids_are_quoted_in_the_files() -> None:
    for fw in FRAMEWORKS:
        text = (CATALOGS / f"{fw}.yaml").read_text(encoding="utf-8")
        assert text.startswith("# Generated from"), fw
        unquoted = re.findall(r"(?m)^\s+- id: [^\"].*$", text)
        assert unquoted == [], (fw, unquoted[:3])


@pytest.mark.parametrize("fw", ["iso-iec-42001-2023", "iso-iec-27001-2022", "iso-iec-27001-2013"])
def test_iso_nesting_follows_numbering(fw: str) -> None:
    for node, parent in walk(load(fw)["provisions"]):
        if parent is None or parent["id"] == "A":
            continue
        assert node["id"].startswith(parent["id"] + "."), (node["id"], parent["id"])


def test_iso42001_counts() -> None:
    fw = "iso-iec-42001-2023"
    top = load(fw)["provisions"]
    clauses = [n for n in top if n["kind"] == "Clause"]
    assert [n["id"] for n in clauses] == [str(i) for i in range(4, 11)]
    assert sum(len(descendants(c, "Clause")) for c in clauses) == 36
    assert [d["id"] for d in provisions(fw)["6.1"]["children"]] == ["6.1.1", "6.1.2", "6.1.3", "6.1.4"]
    assert "8.5" not in provisions(fw) and "8.6" not in provisions(fw)
    (annex,) = [n for n in top if n["kind"] == "Annex"]
    assert annex["id"] == "A"
    assert annex["title"] == "Reference control objectives and controls"
    objectives = annex["children"]
    # 9 control objectives = the top level of Annex A; A.6.1 and A.6.2 are sub-objectives of A.6
    assert [o["id"] for o in objectives] == [f"A.{i}" for i in range(2, 11)]
    assert {o["kind"] for o in objectives} == {"ControlObjective"}
    per_objective = {o["id"]: len(descendants(o, "Control")) for o in objectives}
    assert per_objective == {
        "A.2": 3, "A.3": 2, "A.4": 5, "A.5": 4, "A.6": 9, "A.7": 5, "A.8": 4, "A.9": 3, "A.10": 3,
    }  # fmt: skip
    assert kinds(fw)["Control"] == 38
    assert descendants(provisions(fw)["A.6"], "ControlObjective") == ["A.6.1", "A.6.2"]
    assert kinds(fw) == Counter(Clause=43, Annex=1, ControlObjective=11, Control=38)


def test_iso27001_2022_counts() -> None:
    fw = "iso-iec-27001-2022"
    top = load(fw)["provisions"]
    clauses = [n for n in top if n["kind"] == "Clause"]
    assert [n["id"] for n in clauses] == [str(i) for i in range(4, 11)]
    assert sum(len(descendants(c, "Clause")) for c in clauses) == 34
    (annex,) = [n for n in top if n["kind"] == "Annex"]
    themes = annex["children"]
    assert [(t["id"], t["kind"], t["title"]) for t in themes] == [
        ("A.5", "ControlTheme", "Organizational controls"),
        ("A.6", "ControlTheme", "People controls"),
        ("A.7", "ControlTheme", "Physical controls"),
        ("A.8", "ControlTheme", "Technological controls"),
    ]
    assert [len(descendants(t, "Control")) for t in themes] == [37, 8, 14, 34]
    for t in themes:
        n = len(t["children"])
        assert [c["id"] for c in t["children"]] == [f"{t['id']}.{i}" for i in range(1, n + 1)]
    flagged = sorted(n["id"] for n, _ in walk(top) if "new-in-2022" in n.get("flags", []))
    assert len(flagged) == 11
    assert load(fw)["supersedes"] == "iso-iec-27001-2013"
    assert kinds(fw) == Counter(Clause=41, Annex=1, ControlTheme=4, Control=93)


def test_iso27001_2013_counts() -> None:
    fw = "iso-iec-27001-2013"
    (annex,) = load(fw)["provisions"]
    assert annex["id"] == "A" and annex["kind"] == "Annex"
    assert [t["id"] for t in annex["children"]] == [f"A.{i}" for i in range(5, 19)]
    assert provisions(fw)["A.5"]["title"] == "Information security policies"
    assert provisions(fw)["A.18"]["title"] == "Compliance"
    assert kinds(fw) == Counter(Annex=1, ControlTheme=14, ControlObjective=35, Control=114)
    expected_parent = {
        "ControlTheme": None,
        "ControlObjective": "ControlTheme",
        "Control": "ControlObjective",
    }
    for node, parent in walk(annex["children"]):
        assert (parent["kind"] if parent else None) == expected_parent[node["kind"]], node["id"]


# Paragraph counts of some GDPR articles (all 99 are checked against the reference when present).
GDPR_PARAGRAPHS = {
    5: 2, 6: 4, 9: 4, 13: 4, 14: 5, 15: 4, 22: 4, 24: 3, 25: 3, 28: 10, 30: 5, 32: 4, 33: 5, 34: 4,
    35: 11, 36: 5, 37: 7, 4: 0, 10: 0, 50: 0, 83: 9, 99: 2,
}  # fmt: skip


def test_gdpr_counts() -> None:
    fw = "gdpr"
    top = load(fw)["provisions"]
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]
    assert [(c["id"], c["kind"], c["notation"]) for c in top] == [
        (f"chapter-{r}", "Chapter", f"Chapter {r}") for r in roman
    ]
    sections = ids_of(fw, "Section")
    assert len(sections) == 15
    assert all(re.fullmatch(r"chapter-[IVX]+-section-\d", s) for s in sections)
    articles = ids_of(fw, "Article")
    assert articles == [f"art-{i}" for i in range(1, 100)]
    by_id = provisions(fw)
    for i in range(1, 100):
        art = by_id[f"art-{i}"]
        assert art["notation"] == f"Article {i}"
        assert art["url"] == f"http://data.europa.eu/eli/reg/2016/679/oj#art_{i}"
        paras = [c for c in art.get("children", []) if c["kind"] == "Paragraph"]
        if i in GDPR_PARAGRAPHS:
            assert len(paras) == GDPR_PARAGRAPHS[i], art["id"]
        for p, para in enumerate(paras, 1):
            assert (para["id"], para["notation"]) == (f"art-{i}-{p}", f"Art. {i}({p})")
    # an article sits in its section when it has one: Art. 32 in Chapter IV, Section 2
    assert parents(fw)["art-32"] == "chapter-IV-section-2"
    assert parents(fw)["art-5"] == "chapter-II"
    points = {pid: descendants(by_id[pid], "Point") for pid in ("art-5-1", "art-6-1", "art-9-2")}
    assert points == {
        "art-5-1": [f"art-5-1-{c}" for c in "abcdef"],
        "art-6-1": [f"art-6-1-{c}" for c in "abcdef"],
        "art-9-2": [f"art-9-2-{c}" for c in "abcdefghij"],
    }
    assert by_id["art-5-1-a"]["notation"] == "Art. 5(1)(a)"
    assert descendants(by_id["art-50"], "Point") == [f"art-50-{c}" for c in "abcd"]
    definitions = [n["id"] for n in by_id["art-4"]["children"] if "definition" in n.get("flags", [])]
    assert definitions == [f"art-4-{i}" for i in range(1, 27)]
    assert by_id["art-4-4"]["title"] == "Definition of profiling"
    # every numbered paragraph and lettered point; 26 of the points are Art. 4's definitions
    assert kinds(fw) == Counter(Chapter=11, Section=15, Article=99, Paragraph=372, Point=385)


def test_gdpr_labels_are_short() -> None:
    for node, _ in walk(load("gdpr")["provisions"]):
        if node["kind"] in {"Paragraph", "Point"}:
            assert len(node["title"]) <= 80, node["id"]


def test_nist_ai_rmf_counts() -> None:
    fw = "nist-ai-rmf-1.0"
    top = load(fw)["provisions"]
    assert [(f["id"], f["kind"], f["title"]) for f in top] == [
        ("GOVERN", "Function", "Govern"),
        ("MAP", "Function", "Map"),
        ("MEASURE", "Function", "Measure"),
        ("MANAGE", "Function", "Manage"),
    ]
    assert kinds(fw) == Counter(Function=4, Category=19, Subcategory=72)
    by_id = provisions(fw)
    assert by_id["GOVERN-1"]["notation"] == "GOVERN 1"
    assert by_id["GOVERN-1.1"]["notation"] == "GOVERN 1.1"
    for node, parent in walk(top):
        if node["kind"] != "Function":
            assert parent is not None and node["id"].startswith(parent["id"].split(".")[0])
            assert node["notation"] == node["id"].replace("-", " ")
            assert len(node["title"]) <= 80 and node["summary"], node["id"]


def test_nist_csf_counts() -> None:
    fw = "nist-csf-2.0"
    top = load(fw)["provisions"]
    assert [(f["id"], f["title"]) for f in top] == [
        ("GV", "Govern"), ("ID", "Identify"), ("PR", "Protect"),
        ("DE", "Detect"), ("RS", "Respond"), ("RC", "Recover"),
    ]  # fmt: skip
    assert kinds(fw) == Counter(Function=6, Category=22, Subcategory=106)
    for node, parent in walk(top):
        if node["kind"] == "Category":
            assert re.fullmatch(r"[A-Z]{2}\.[A-Z]{2}", node["id"]) and parent
            assert node["id"][:2] == parent["id"]
        if node["kind"] == "Subcategory":
            assert re.fullmatch(r"[A-Z]{2}\.[A-Z]{2}-\d\d", node["id"]) and parent
            assert node["id"].split("-")[0] == parent["id"]
            assert len(node["title"]) <= 80 and node["summary"], node["id"]
    withdrawn = {"ID.BE-01", "ID.GV-01", "PR.AC-01", "PR.DS-03", "DE.AE-01", "RS.AN-01"}
    assert withdrawn.isdisjoint(provisions(fw))


# --------------------------------------------------------------------------- against the reference
def test_iso42001_matches_reference() -> None:
    fw = "iso-iec-42001-2023"
    rows = read_csv(reference() / "iso42001" / "iso42001-2023-structure.csv")
    by_id = provisions(fw)
    assert [r["ref_id"] for r in rows] == [i for i in by_id if i != "A"]
    level_kind = {"clause": "Clause", "subclause": "Clause", "control_objective_group": "ControlObjective"}
    for r in rows:
        node = by_id[r["ref_id"]]
        assert node["title"] == expected(fw, r["ref_id"], "title", r["title"]), r["ref_id"]
        assert node["kind"] == level_kind.get(r["level"], "Control"), r["ref_id"]


def test_iso27001_2022_matches_reference() -> None:
    fw = "iso-iec-27001-2022"
    ref = reference() / "iso27001"
    by_id = provisions(fw)
    clauses = read_csv(ref / "iso27001-2022-clauses.csv")
    controls = read_csv(ref / "iso27001-2022-annexA-controls.csv")
    assert [r["ref_id"] for r in clauses] == ids_of(fw, "Clause")
    assert [r["control_2022"] for r in controls] == ids_of(fw, "Control")
    for r in clauses:
        assert by_id[r["ref_id"]]["title"] == expected(fw, r["ref_id"], "title", r["title"])
    theme_titles = {"Organizational", "People", "Physical", "Technological"}
    for r in controls:
        node = by_id[r["control_2022"]]
        assert node["title"] == expected(fw, r["control_2022"], "title", r["title"])
        assert ("new-in-2022" in node.get("flags", [])) == (r["new_in_2022"] == "yes")
        theme = by_id[parents(fw)[node["id"]] or ""]
        assert r["theme"] in theme_titles and theme["title"] == f"{r['theme']} controls"


def test_iso27001_2013_matches_reference() -> None:
    fw = "iso-iec-27001-2013"
    rows = read_csv(reference() / "iso27001" / "iso27001-annexA-2013-to-2022.csv")
    titles = {r["control_2013"]: r["title_2013"] for r in rows}
    assert len(rows) == 115 and len(titles) == 114
    by_id = provisions(fw)
    assert set(ids_of(fw, "Control")) == set(titles)
    for pid, title in titles.items():
        assert by_id[pid]["title"] == expected(fw, pid, "title", title), pid


def test_gdpr_matches_reference() -> None:
    fw = "gdpr"
    ref = reference() / "gdpr"
    by_id, up = provisions(fw), parents(fw)
    for r in read_csv(ref / "gdpr-chapters-sections.csv"):
        pid = f"chapter-{r['chapter']}" + (f"-section-{r['section']}" if r["section"] else "")
        assert by_id[pid]["title"] == expected(fw, pid, "title", r["title"]), pid
        first, last = int(r["first_article"]), int(r["last_article"])
        inside = {a for a in range(1, 100) if _ancestor(up, f"art-{a}", pid)}
        assert inside == set(range(first, last + 1)), pid
    for r in read_csv(ref / "gdpr-articles.csv"):
        aid = f"art-{r['article']}"
        assert by_id[aid]["title"] == expected(fw, aid, "title", r["title"])
        assert by_id[aid]["url"] == r["eli"]
        home = f"chapter-{r['chapter']}" + (f"-section-{r['section']}" if r["section"] else "")
        assert up[aid] == home, aid
    texts = {a["article"]: a["text"] for a in json.loads((ref / "gdpr-articles.json").read_text("utf-8"))}
    for n, text in texts.items():
        paras = [c for c in by_id[f"art-{n}"].get("children", []) if c["kind"] == "Paragraph"]
        assert len(paras) == len(re.findall(r"(?m)^\d+\.\s", text)), n


def _ancestor(up: dict[str, str | None], pid: str, ancestor: str) -> bool:
    cur: str | None = pid
    while cur is not None:
        if cur == ancestor:
            return True
        cur = up[cur]
    return False


def test_nist_ai_rmf_matches_reference() -> None:
    fw = "nist-ai-rmf-1.0"
    rows = read_csv(reference() / "nist-ai-rmf" / "nist-ai-rmf-1.0-core.csv")
    by_id, up = provisions(fw), parents(fw)
    assert [r["id"].replace(" ", "-") for r in rows] == list(by_id)
    for r in rows:
        pid = r["id"].replace(" ", "-")
        assert by_id[pid]["notation"] == r["id"]
        assert by_id[pid]["summary"] == expected(fw, pid, "summary", r["text"]), pid
        assert up[pid] == (r["parent"].replace(" ", "-") or None), pid


def test_nist_csf_matches_reference() -> None:
    fw = "nist-csf-2.0"
    rows = read_csv(reference() / "nist-csf-2.0" / "nist-csf-2.0-core.csv")
    rows = [r for r in rows if r["status"] == "active"]
    by_id, up = provisions(fw), parents(fw)
    assert [r["id"] for r in rows] == list(by_id)
    for r in rows:
        node = by_id[r["id"]]
        assert node["summary"] == expected(fw, r["id"], "summary", r["text"]), r["id"]
        assert up[r["id"]] == (r["parent"] or None), r["id"]
        if r["level"] == "category":
            assert node["title"] == r["title"]
        if r["level"] == "function":
            assert node["title"] == r["title"].title()


# --------------------------------------------------------------------------- no copied text
WINDOW = 120


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


def _json_texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, str) and k == "text":
                yield v
            else:
                yield from _json_texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_texts(v)


def _protected_texts(ref: Path) -> list[str]:
    texts: list[str] = []
    for folder in ("gdpr", "eu-ai-act"):
        for path in sorted((ref / folder).glob("*.json")):
            texts.extend(_json_texts(json.loads(path.read_text("utf-8"))))
    for folder in ("iso42001", "iso27001"):
        texts.extend(p.read_text("utf-8") for p in sorted((ref / folder).glob("*.csv")))
    return [re.sub(r"\s+", " ", t) for t in texts]


def _official_titles(ref: Path) -> set[str]:
    """Titles of articles, chapters and sections: facts that may be carried over as they are."""
    rows = [
        *read_csv(ref / "gdpr" / "gdpr-articles.csv"),
        *read_csv(ref / "gdpr" / "gdpr-chapters-sections.csv"),
    ]
    return {r["title"] for r in rows}


def test_no_long_string_copied_from_protected_texts() -> None:
    """No catalog string shares a run of 120 characters with the texts of EU law or ISO standards.

    Exempt: official titles (facts; GDPR Art. 89's title repeats a stock phrase of the text) and
    NIST summaries (US public domain).
    """
    ref = reference()
    haystack = "\n".join(_protected_texts(ref))
    assert len(haystack) > 100_000  # the texts really were read
    official = _official_titles(ref)
    copied = []
    for fw in FRAMEWORKS:
        for path, value in _strings(load(fw)):
            if fw in PUBLIC_DOMAIN and path.endswith(".summary"):
                continue
            if path.endswith(".title") and value in official:
                continue
            value = re.sub(r"\s+", " ", value)
            for start in range(len(value) - WINDOW + 1):
                if value[start : start + WINDOW] in haystack:
                    copied.append((fw, path, value[:60]))
                    break
    assert copied == []


# --------------------------------------------------------------------------- the generator
def test_generator_is_deterministic(tmp_path: Path) -> None:
    ref = reference()
    script = ROOT / "scripts" / "import_reference.py"
    for out in (tmp_path / "a", tmp_path / "b"):
        subprocess.run(
            [sys.executable, str(script), "--reference", str(ref), "--out", str(out)],
            check=True,
            capture_output=True,
        )
    for fw in FRAMEWORKS:
        assert (tmp_path / "a" / f"{fw}.yaml").read_bytes() == (tmp_path / "b" / f"{fw}.yaml").read_bytes()
        # and the committed catalog is what the script writes (it round-trips)
        assert (tmp_path / "a" / f"{fw}.yaml").read_bytes() == (CATALOGS / f"{fw}.yaml").read_bytes(), fw

"""The EU AI Act catalog and obligations sources: shape, counts, dates, and own words.

Reads crosswalks/frameworks/eu-ai-act.yaml and crosswalks/obligations/eu-ai-act.yaml with pyyaml
directly. When the shared reference data is present next to the repository, the catalog is also
checked against it (otherwise those tests are skipped: users who clone the project do not have it).
"""

from __future__ import annotations

import csv
import datetime as dt
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

REPO = Path(__file__).resolve().parents[1]
CATALOG = REPO / "crosswalks" / "frameworks" / "eu-ai-act.yaml"
OBLIGATIONS = REPO / "crosswalks" / "obligations" / "eu-ai-act.yaml"
REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
EU_REF = REFERENCE / "eu-ai-act"

ROLES = {
    "provider", "deployer", "authorised-representative", "importer", "distributor",
    "product-manufacturer", "operator", "gpai-model-provider",
}  # fmt: skip
RISK_CLASSES = {
    "prohibited", "high-risk-annex-i", "high-risk-annex-iii", "transparency",
    "gpai-model", "gpai-model-systemic-risk", "minimal",
}  # fmt: skip
HR = ["high-risk-annex-i", "high-risk-annex-iii"]

# Corrections of reference defects (article number -> title in the catalog).
TITLE_FIXES = {1: "Subject matter"}
# Official titles (facts) may be long and appear in the reference text; everything else is ours.
OFFICIAL_TITLE_KINDS = {"Chapter", "Section", "Article", "Annex"}
VERBATIM_LIMIT = 120  # no string of this length copied from the reference texts
OWN_WORDS_LIMIT = 60  # no run of this length copied into a label, summary or condition


# --------------------------------------------------------------------------- loading
@cache
def catalog() -> dict[str, Any]:
    return yaml.safe_load(CATALOG.read_text(encoding="utf-8"))


@cache
def obligations() -> dict[str, Any]:
    return yaml.safe_load(OBLIGATIONS.read_text(encoding="utf-8"))


Node = dict[str, Any]


def walk(nodes: list[Node], parent: Node | None = None) -> Iterator[tuple[Node, Node | None]]:
    for node in nodes:
        yield node, parent
        yield from walk(node.get("children") or [], node)


@cache
def provisions() -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n, _ in walk(catalog()["provisions"])}


@cache
def parents() -> dict[str, str | None]:
    return {n["id"]: (p["id"] if p else None) for n, p in walk(catalog()["provisions"])}


def of_kind(kind: str) -> list[dict[str, Any]]:
    return [n for n, _ in walk(catalog()["provisions"]) if n["kind"] == kind]


def children(pid: str, kind: str | None = None) -> list[dict[str, Any]]:
    return [c for c in provisions()[pid].get("children") or [] if kind is None or c["kind"] == kind]


def needs_reference() -> None:
    if not (EU_REF / "eu-ai-act-articles.json").is_file():
        pytest.skip("shared reference data not present")


def read_csv(name: str) -> list[dict[str, str]]:
    with (EU_REF / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def ref_articles() -> dict[int, dict[str, Any]]:
    data = json.loads((EU_REF / "eu-ai-act-articles.json").read_text(encoding="utf-8"))
    return {a["article"]: a for a in data}


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


@cache
def reference_texts() -> tuple[str, ...]:
    """Every piece of legal text in the reference data, whitespace-normalised and case-folded."""
    texts = [a["text"] for a in ref_articles().values()]
    texts += [a["text"] for a in json.loads((EU_REF / "eu-ai-act-annexes.json").read_text(encoding="utf-8"))]
    for area in json.loads((EU_REF / "eu-ai-act-annex-iii.json").read_text(encoding="utf-8")):
        texts += [area["title"]] + [p["text"] for p in area["points"]]
    texts += [
        d["definition"]
        for d in json.loads((EU_REF / "eu-ai-act-art3-definitions.json").read_text(encoding="utf-8"))
    ]
    return tuple(norm(t) for t in texts)


@cache
def windows(size: int) -> frozenset[str]:
    out: set[str] = set()
    for text in reference_texts():
        out.update(text[i : i + size] for i in range(len(text) - size + 1))
    return frozenset(out)


def copied_run(text: str, size: int) -> str | None:
    """The first run of `size` characters of `text` found verbatim in the reference, if any."""
    t = norm(text)
    grams = windows(size)
    return next((t[i : i + size] for i in range(len(t) - size + 1) if t[i : i + size] in grams), None)


# --------------------------------------------------------------------------- catalog shape
def test_framework_metadata() -> None:
    c = catalog()
    assert c["id"] == "eu-ai-act" and c["prefix"] == "euaia"
    assert c["title"] == "Regulation (EU) 2024/1689 (Artificial Intelligence Act)"
    assert c["short_title"] == "EU AI Act"
    assert c["issued"] == dt.date(2024, 6, 13)
    assert c["url"] == "http://data.europa.eu/eli/reg/2024/1689/oj"
    assert c["licence"] == "https://eur-lex.europa.eu/eli/dec/2011/833/oj"
    assert "2026" in c["text_version"] and "32024R1689" in c["text_version"]
    assert CATALOG.read_text(encoding="utf-8").splitlines()[0].startswith("# Generated from")


def test_counts() -> None:
    assert len(of_kind("Article")) == 113
    assert len(of_kind("Chapter")) == 13
    assert len(of_kind("Section")) == 16
    assert len(of_kind("Annex")) == 13
    areas = [n for n in of_kind("AnnexPoint") if "annex-iii-area" in n.get("flags", [])]
    entries = [n for n in of_kind("AnnexPoint") if "annex-iii-entry" in n.get("flags", [])]
    assert [a["id"] for a in areas] == [f"annex-iii-{i}" for i in range(1, 9)]
    assert len(entries) == 25
    assert all(parents()[a["id"]] == "annex-iii" for a in areas)
    assert all(e["id"].startswith("annex-iii-") for e in entries)
    assert [e["id"] for e in entries if "annex-iii-area" in e["flags"]] == ["annex-iii-2"]


def test_ids_and_required_keys() -> None:
    ids = [n["id"] for n, _ in walk(catalog()["provisions"])]
    assert len(ids) == len(set(ids)), [i for i, k in Counter(ids).items() if k > 1]
    kinds = {"Chapter", "Section", "Article", "Paragraph", "Point", "Annex", "AnnexPoint"}
    for node in provisions().values():
        assert node["kind"] in kinds, node["id"]
        assert isinstance(node["title"], str) and node["title"].strip(), node["id"]
        assert isinstance(node["notation"], str) and node["notation"].strip(), node["id"]
        assert re.fullmatch(r"[a-zA-Z0-9-]+", node["id"]), node["id"]


def test_structure_ids_and_notations() -> None:
    for n in of_kind("Article"):
        num = n["id"].removeprefix("art-")
        assert n["notation"] == f"Article {num}"
        assert n["url"] == f"http://data.europa.eu/eli/reg/2024/1689/oj#art_{num}"
        assert provisions()[parents()[n["id"]]]["kind"] in {"Chapter", "Section"}
    for n in of_kind("Paragraph"):
        art, par = re.fullmatch(r"art-(\d+)-(\d+)", n["id"]).groups()
        assert n["notation"] == f"Art. {art}({par})"
        assert parents()[n["id"]] == f"art-{art}"
    for n in of_kind("Point"):
        parent = provisions()[parents()[n["id"]]]
        assert parent["kind"] in {"Article", "Paragraph", "Point"}, n["id"]
        suffix = n["id"].removeprefix(parent["id"] + "-")
        if parent["id"] == "art-3":  # a definition: art-3-1 ... art-3-68
            assert re.fullmatch(r"\d+", suffix) and n["notation"] == f"Art. 3({suffix})", n["id"]
        elif m := re.fullmatch(r"sub(\d)-([a-z])", suffix):  # a later lettered list of the paragraph
            ordinal = {"2": "second", "3": "third"}[m.group(1)]
            assert n["notation"] == f"{parent['notation']}, {ordinal} subparagraph, point ({m.group(2)})"
        else:
            assert re.fullmatch(r"[a-z]|[ivx]+", suffix), n["id"]
            base = re.sub(r"^Article ", "Art. ", parent["notation"])
            assert n["notation"] == f"{base}({suffix})", n["id"]
    assert [c["id"] for c in children("chapter-III", "Section")] == [
        f"chapter-III-section-{i}" for i in range(1, 6)
    ]


def test_labels_are_short() -> None:
    for kind in ("Paragraph", "Point", "AnnexPoint"):
        for n in of_kind(kind):
            assert len(n["title"]) <= 80, n["id"]


def test_definitions() -> None:
    """All 68 definitions of Article 3 are points art-3-1 ... art-3-68; the roles keep their summaries."""
    roles = {
        3: "provider",
        4: "deployer",
        5: "authorised representative",
        6: "importer",
        7: "distributor",
        8: "operator",
    }
    points = children("art-3", "Point")
    assert [p["id"] for p in points] == [f"art-3-{i}" for i in range(1, 69)]
    for p in points:
        number = int(p["id"].rsplit("-", 1)[1])
        assert p["notation"] == f"Art. 3({number})"
        assert "definition" in p["flags"]
        if number in roles:
            assert roles[number] in p["title"] and p.get("summary")
            assert "role-definition" in p["flags"]
        else:
            assert "role-definition" not in p["flags"]
    assert provisions()["art-3-1"]["title"] == "Definition of AI system"
    assert [c["id"] for c in children("art-3-49")] == [f"art-3-49-{x}" for x in "abcd"]


def test_paragraph_coverage() -> None:
    without_paragraphs = {3, 4, 16, 32, 39, 66, 85, 87, 94, 102, 103, 104, 105, 106, 107, 108, 109, 110, 113}
    for num in range(1, 114):
        pars = children(f"art-{num}", "Paragraph")
        if num in without_paragraphs:
            assert not pars, num
        else:
            assert [p["id"] for p in pars] == [f"art-{num}-{i}" for i in range(1, len(pars) + 1)], num
    assert len(of_kind("Paragraph")) == 500
    assert [p["id"] for p in children("art-16", "Point")] == [f"art-16-{x}" for x in "abcdefghijkl"]
    assert [p["id"] for p in children("art-5-1", "Point")] == [f"art-5-1-{x}" for x in "abcdefgh"]
    assert [p["id"] for p in children("art-5-1-h")] == [f"art-5-1-h-{x}" for x in ("i", "ii", "iii")]
    assert [p["id"] for p in children("art-43-1", "Point")] == [
        "art-43-1-a", "art-43-1-b", "art-43-1-sub2-a", "art-43-1-sub2-b", "art-43-1-sub2-c", "art-43-1-sub2-d"
    ]  # fmt: skip


def test_annex_iv_points() -> None:
    points = children("annex-iv", "AnnexPoint")
    assert [p["id"] for p in points] == [f"annex-iv-{i}" for i in range(1, 10)]
    for n in (1, 2):
        assert [c["id"] for c in children(f"annex-iv-{n}")] == [f"annex-iv-{n}-{x}" for x in "abcdefgh"]
    assert all(not children(f"annex-iv-{n}") for n in range(3, 10))
    assert provisions()["annex-iv-2-g"]["notation"] == "Annex IV, point 2(g)"


# --------------------------------------------------------------------------- obligations
def resolve(ob: dict[str, Any]) -> list[dt.date]:
    data = obligations()
    rules = {r["id"]: r for r in data["application_dates"]}
    if "applies_from" in ob:
        return [rules[ob["applies_from"]]["date"]] * max(1, len(ob.get("risk") or []))
    return [rules[data["risk_class_dates"][risk]]["date"] for risk in ob["risk"]]


def test_application_dates() -> None:
    data = obligations()
    assert data["framework"] == "eu-ai-act"
    assert data["text_version"] and "2026" in data["text_version"]
    rules = {r["id"]: r for r in data["application_dates"]}
    for r in rules.values():
        assert isinstance(r["date"], dt.date), r["id"]
        assert r["label"] and r["source"].startswith("http://data.europa.eu/eli/reg/2024/1689/oj"), r["id"]
    assert set(data["risk_class_dates"]) == RISK_CLASSES
    assert set(data["risk_class_dates"].values()) <= set(rules)
    by_class = {k: rules[v]["date"] for k, v in data["risk_class_dates"].items()}
    assert by_class["prohibited"] == dt.date(2025, 2, 2)
    assert by_class["gpai-model"] == by_class["gpai-model-systemic-risk"] == dt.date(2025, 8, 2)
    assert by_class["transparency"] == dt.date(2026, 8, 2)
    assert by_class["high-risk-annex-iii"] == dt.date(2027, 12, 2)
    assert by_class["high-risk-annex-i"] == dt.date(2028, 8, 2)
    for rid in ("high-risk-annex-iii", "high-risk-annex-i"):
        assert "2026 amendment" in rules[rid]["note"] and "2026" in rules[rid]["label"]


def test_every_obligation_is_complete_and_resolvable() -> None:
    seen: set[tuple[str, str, str]] = set()
    for ob in obligations()["obligations"]:
        where = f"{ob.get('provision')}/{ob.get('role')}"
        assert ob["provision"] in provisions(), f"{where}: provision not in the catalog"
        assert ob["role"] in ROLES, where
        assert isinstance(ob["summary"], str) and ob["summary"].strip() and "\n" not in ob["summary"], where
        risks = ob.get("risk")
        if risks is None:
            assert "applies_from" in ob, f"{where}: no risk class and no applies_from"
        else:
            assert risks and set(risks) <= RISK_CLASSES, where
        assert all(isinstance(d, dt.date) for d in resolve(ob)), where
        for risk in risks or ["any"]:
            key = (ob["provision"], ob["role"], risk)
            assert key not in seen, f"duplicate obligation {key}"
            seen.add(key)


def _obs(role: str | None = None) -> list[dict[str, Any]]:
    return [o for o in obligations()["obligations"] if role is None or o["role"] == role]


def test_obligations_by_role() -> None:
    def provs(role: str) -> set[str]:
        return {o["provision"] for o in _obs(role)}

    provider = provs("provider")
    for pid in (
        "art-9-1",
        "art-10-2",
        "art-11-1",
        "art-12-1",
        "art-13-1",
        "art-14-1",
        "art-15-1",
        "art-17-1",
        "art-18-1",
        "art-19-1",
        "art-20-1",
        "art-21-1",
        "art-43-4",
        "art-47-1",
        "art-48-3",
        "art-49-1",
        "art-72-1",
        "art-73-1",
        "art-50-1",
        "art-50-2",
    ):
        assert pid in provider, pid
    assert {f"art-16-{x}" for x in "abcdefghijkl"} <= provider
    deployer = provs("deployer")
    assert {f"art-26-{i}" for i in (1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12)} <= deployer
    assert {"art-27-1", "art-50-3", "art-50-4", "art-86-1"} <= deployer
    assert {f"art-23-{i}" for i in range(1, 8)} == provs("importer") - {"art-25-1"}
    assert {f"art-24-{i}" for i in range(1, 7)} == provs("distributor") - {"art-25-1"}
    assert {"art-22-3", "art-22-4"} <= provs("authorised-representative")
    assert {"art-25-3"} == provs("product-manufacturer")
    gpai = provs("gpai-model-provider")
    assert {f"art-53-1-{x}" for x in "abcd"} | {f"art-55-1-{x}" for x in "abcd"} | {"art-54-1"} <= gpai
    prohibited = [o for o in _obs("operator") if o.get("risk") == ["prohibited"]]
    assert sorted(o["provision"] for o in prohibited) == [f"art-5-1-{x}" for x in "abcdefgh"]


def test_specific_dates_and_conditions() -> None:
    obs = {(o["provision"], o["role"]): o for o in _obs()}
    for role in ("provider", "deployer"):
        assert resolve(obs[("art-4", role)]) == [dt.date(2025, 2, 2)]
    assert resolve(obs[("art-50-1", "provider")]) == [dt.date(2026, 8, 2)]
    assert resolve(obs[("art-9-1", "provider")]) == [dt.date(2028, 8, 2), dt.date(2027, 12, 2)]
    assert obs[("art-9-1", "provider")]["risk"] == HR
    assert resolve(obs[("art-53-1-a", "gpai-model-provider")]) == [dt.date(2025, 8, 2)] * 2
    assert obs[("art-55-1-a", "gpai-model-provider")]["risk"] == ["gpai-model-systemic-risk"]
    assert obs[("art-86-1", "deployer")]["risk"] == ["high-risk-annex-iii"]
    fria = obs[("art-27-1", "deployer")]
    assert "public" in fria["condition"] and "5(b)" in fria["condition"] and "5(c)" in fria["condition"]


# --------------------------------------------------------------------------- own words
def own_words() -> Iterator[tuple[str, str]]:
    """(where, text) for every string the project wrote itself."""
    for n in provisions().values():
        if n["kind"] not in OFFICIAL_TITLE_KINDS:
            yield f"{n['id']} title", n["title"]
        if n.get("summary"):
            yield f"{n['id']} summary", n["summary"]
    data = obligations()
    yield "text_version", data["text_version"]
    for r in data["application_dates"]:
        yield f"date {r['id']} label", r["label"]
        if r.get("note"):
            yield f"date {r['id']} note", r["note"]
    for o in data["obligations"]:
        yield f"{o['provision']}/{o['role']} summary", o["summary"]
        if o.get("condition"):
            yield f"{o['provision']}/{o['role']} condition", o["condition"]


def all_strings() -> Iterator[tuple[str, str]]:
    def scan(value: Any, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, dict):
            if value.get("kind") in OFFICIAL_TITLE_KINDS:
                value = {k: v for k, v in value.items() if k != "title"}
            for k, v in value.items():
                yield from scan(v, f"{where}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from scan(v, f"{where}[{i}]")

    yield from scan(catalog(), "catalog")
    yield from scan(obligations(), "obligations")


def test_no_long_verbatim_copies() -> None:
    needs_reference()
    found = [
        (w, run)
        for w, s in all_strings()
        if len(s) >= VERBATIM_LIMIT and (run := copied_run(s, VERBATIM_LIMIT))
    ]
    assert not found, found


def test_labels_and_summaries_in_own_words() -> None:
    needs_reference()
    found = [(w, run) for w, s in own_words() if (run := copied_run(s, OWN_WORDS_LIMIT))]
    assert not found, found


# --------------------------------------------------------------------------- against the reference
def test_articles_agree_with_reference() -> None:
    needs_reference()
    rows = read_csv("eu-ai-act-articles.csv")
    arts = {n["id"]: n for n in of_kind("Article")}
    assert list(arts) == [f"art-{r['article']}" for r in rows]
    for r in rows:
        num = int(r["article"])
        node = arts[f"art-{num}"]
        assert node["title"] == TITLE_FIXES.get(num, r["title"]), num
        assert node["url"] == r["eli"]
        parent = parents()[node["id"]]
        expected = (
            f"chapter-{r['chapter']}-section-{r['section']}" if r["section"] else f"chapter-{r['chapter']}"
        )
        assert parent == expected, num


def test_chapters_and_sections_agree_with_reference() -> None:
    needs_reference()
    for r in read_csv("eu-ai-act-chapters-sections.csv"):
        if r["section"]:
            node = provisions()[f"chapter-{r['chapter']}-section-{r['section']}"]
            assert node["title"] == r["title"] and parents()[node["id"]] == f"chapter-{r['chapter']}"
        else:
            node = provisions()[f"chapter-{r['chapter']}"]
            assert node["title"].casefold() == r["title"].casefold()
            assert node["title"][0].isupper() and not node["title"].isupper()


def test_annexes_agree_with_reference() -> None:
    needs_reference()
    rows = read_csv("eu-ai-act-annexes.csv")
    annexes = of_kind("Annex")
    assert [a["id"] for a in annexes] == [f"annex-{r['annex'].lower()}" for r in rows]
    for a, r in zip(annexes, rows, strict=True):
        assert (a["title"], a["url"], a["notation"]) == (r["title"], r["eli"], f"Annex {r['annex']}")
    entries = {n["id"] for n in of_kind("AnnexPoint") if "annex-iii-entry" in n.get("flags", [])}
    expected = {
        f"annex-iii-{r['area']}" + (f"-{r['point']}" if r["point"] else "")
        for r in read_csv("eu-ai-act-annex-iii.csv")
    }
    assert entries == expected


def letters(text: str) -> list[str]:
    """Lettered points on their own line, roman sub-points skipped; a list that starts again at (a)
    is a later subparagraph's ("sub2-a")."""
    tokens = re.findall(r"(?m)^\(([a-z]{1,4})\)[ \t]*$", text)
    out: list[str] = []
    last, list_no = "", 1
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        expected = chr(ord(last) + 1) if last else "a"
        if tok == expected and not (tok == "i" and nxt == "ii"):
            out.append(tok if list_no == 1 else f"sub{list_no}-{tok}")
            last = tok
        elif tok == "a" and out:
            list_no += 1
            out.append(f"sub{list_no}-a")
            last = "a"
    return out


def test_paragraphs_and_points_agree_with_reference() -> None:
    needs_reference()
    for num, art in ref_articles().items():
        if num == 3:
            continue
        pars = children(f"art-{num}", "Paragraph")
        assert len(pars) == len(art["paragraphs"]), num
        if not art["paragraphs"]:
            assert [p["id"] for p in children(f"art-{num}", "Point")] == [
                f"art-{num}-{x}" for x in letters(art["text"])
            ]
        for par, ref in zip(pars, art["paragraphs"], strict=True):
            assert par["id"] == f"art-{num}-{ref['paragraph']}"
            assert [p["id"] for p in children(par["id"], "Point")] == [
                f"{par['id']}-{x}" for x in letters(ref["text"])
            ], par["id"]


def test_definitions_agree_with_reference() -> None:
    needs_reference()
    terms = {
        d["number"]: d["term"]
        for d in json.loads((EU_REF / "eu-ai-act-art3-definitions.json").read_text(encoding="utf-8"))
    }
    assert len(terms) == 68
    for number, term in terms.items():
        node = provisions()[f"art-3-{number}"]
        assert term in node["title"], number


def test_generated_catalog_is_up_to_date() -> None:
    needs_reference()
    script = REPO / "scripts" / "import_eu_ai_act.py"
    done = subprocess.run(
        [sys.executable, str(script), "--reference", str(REFERENCE), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_generator_is_deterministic(tmp_path: Path) -> None:
    needs_reference()
    script = REPO / "scripts" / "import_eu_ai_act.py"
    outs = [tmp_path / "a.yaml", tmp_path / "b.yaml"]
    for out in outs:
        subprocess.run(
            [sys.executable, str(script), "--reference", str(REFERENCE), "--out", str(out)],
            capture_output=True,
            check=True,
        )
    assert outs[0].read_bytes() == outs[1].read_bytes() == CATALOG.read_bytes()

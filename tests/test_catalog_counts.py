"""Every catalog count of the official documents, asserted from the built graph through SPARQL,
and every article and control identifier and title checked against ../shared/reference when present."""

from __future__ import annotations

import csv
import json
import re
from typing import Any

import pytest

from xwalk.engine.context import Graph
from xwalk.store.base import Term

from .conftest import REFERENCE

FW = "https://w3id.org/xwalk/fw/"


def count(graph: Graph, framework: str, kind: str, extra: str = "") -> int:
    rows = graph.store.select(
        f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a xw:{kind} ; xw:inFramework ?fw . {extra} }}",
        {"fw": Term.iri(FW + framework)},
    )
    return int(rows[0]["n"].value)


@pytest.mark.parametrize(
    ("framework", "kind", "expected"),
    [
        ("eu-ai-act", "Article", 113),
        ("eu-ai-act", "Chapter", 13),
        ("eu-ai-act", "Section", 16),
        ("eu-ai-act", "Annex", 13),
        ("gdpr", "Article", 99),
        ("gdpr", "Chapter", 11),
        ("gdpr", "Section", 15),
        ("iso-iec-42001-2023", "Control", 38),
        ("iso-iec-27001-2022", "Control", 93),
        ("iso-iec-27001-2022", "ControlTheme", 4),
        ("iso-iec-27001-2013", "Control", 114),
        ("nist-ai-rmf-1.0", "Function", 4),
        ("nist-ai-rmf-1.0", "Category", 19),
        ("nist-ai-rmf-1.0", "Subcategory", 72),
        ("nist-csf-2.0", "Function", 6),
        ("nist-csf-2.0", "Category", 22),
        ("nist-csf-2.0", "Subcategory", 106),
    ],
)
def test_counts(graph: Graph, framework: str, kind: str, expected: int) -> None:
    assert count(graph, framework, kind) == expected


def test_annex_iii_areas_and_entries(graph: Graph) -> None:
    annex = "?p xw:partOf+ euaia:annex-iii ."
    assert count(graph, "eu-ai-act", "AnnexPoint", annex + ' ?p xw:flag "annex-iii-area" .') == 8
    assert count(graph, "eu-ai-act", "AnnexPoint", annex + ' ?p xw:flag "annex-iii-entry" .') == 25


def test_iso_clauses_and_annex_a_shape(graph: Graph) -> None:
    top = "FILTER NOT EXISTS { ?p xw:partOf ?x }"
    sub = "?p xw:partOf ?x ."
    assert count(graph, "iso-iec-42001-2023", "Clause", top) == 7
    assert count(graph, "iso-iec-42001-2023", "Clause", sub) == 36
    assert count(graph, "iso-iec-42001-2023", "ControlObjective", "?p xw:partOf iso42001:A .") == 9
    assert count(graph, "iso-iec-27001-2022", "Clause", top) == 7
    assert count(graph, "iso-iec-27001-2022", "Clause", sub) == 34
    for theme, n in (("A.5", 37), ("A.6", 8), ("A.7", 14), ("A.8", 34)):
        assert count(graph, "iso-iec-27001-2022", "Control", f"?p xw:partOf iso27001:{theme} .") == n
    assert count(graph, "iso-iec-27001-2022", "Control", "?p xw:newIn2022 true .") == 11


@pytest.mark.parametrize("article", [4, 5, 6, *range(8, 28), 43, 47, 48, 49, 50, 53, 54, 55, 72, 73, 86, 99])
def test_ai_act_duty_articles_have_paragraphs_or_points(graph: Graph, article: int) -> None:
    rows = graph.store.select(
        "SELECT (COUNT(?part) AS ?n) WHERE { ?part xw:partOf ?a }",
        {"a": Term.iri(f"https://w3id.org/xwalk/id/eu-ai-act/art-{article}")},
    )
    single_paragraph = {4, 48}
    assert int(rows[0]["n"].value) > 0 or article in single_paragraph


def test_every_framework_carries_its_metadata(graph: Graph) -> None:
    rows = graph.select("api/frameworks")
    assert len(rows) == 7
    for r in rows:
        for key in ("title", "issuer", "version", "issued", "url", "licence"):
            assert r[key].value


def _reference(name: str) -> list[dict[str, str]]:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"{path} is not present (it is not part of the project)")
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _titles(graph: Graph, framework: str, kind: str) -> dict[str, str]:
    rows = graph.store.select(
        "SELECT ?p ?t WHERE { ?p a ?kind ; xw:inFramework ?fw ; skos:prefLabel ?t }",
        {"fw": Term.iri(FW + framework), "kind": Term.iri("https://w3id.org/xwalk/ontology#" + kind)},
    )
    return {r["p"].value.rsplit("/", 1)[-1]: r["t"].value for r in rows}


def test_ai_act_articles_agree_with_reference(graph: Graph) -> None:
    ref = {f"art-{r['article']}": r["title"].rstrip("`") for r in _reference("eu-ai-act/eu-ai-act-articles.csv")}
    assert _titles(graph, "eu-ai-act", "Article") == ref


def test_gdpr_articles_agree_with_reference(graph: Graph) -> None:
    ref = {f"art-{r['article']}": r["title"] for r in _reference("gdpr/gdpr-articles.csv")}
    assert _titles(graph, "gdpr", "Article") == ref


def test_iso27001_controls_agree_with_reference(graph: Graph) -> None:
    ref = {r["control_2022"]: r["title"] for r in _reference("iso27001/iso27001-2022-annexA-controls.csv")}
    got = _titles(graph, "iso-iec-27001-2022", "Control")
    assert set(got) == set(ref)
    differing = {k for k in ref if got[k].lower() != ref[k].lower()}
    assert differing == set(), differing


def test_iso42001_controls_agree_with_reference(graph: Graph) -> None:
    rows = _reference("iso42001/iso42001-2023-structure.csv")
    ref = {r["ref_id"]: r["title"] for r in rows if r["level"] == "control"}
    got = _titles(graph, "iso-iec-42001-2023", "Control")
    assert got == ref


# --------------------------------------------------------------------------- paragraphs and points
# Counted in the Official Journal texts of the reference data (scripts/eu_points.py reads them): every
# numbered paragraph and every lettered point of every article. Roman sub-points ((i), (ii) ...) are
# points too, inside their lettered point; Article 3's 68 and GDPR Article 4's 26 definitions are
# points flagged "definition".
AI_ACT = "eu-ai-act"
LETTERED = (
    "?p xw:partOf ?parent . FILTER NOT EXISTS { ?p xw:flag 'definition' } "
    "FILTER NOT EXISTS { ?parent a xw:Point FILTER NOT EXISTS { ?parent xw:flag 'definition' } }"
)
SUB_POINT = "?p xw:partOf ?parent . ?parent a xw:Point . FILTER NOT EXISTS { ?parent xw:flag 'definition' }"


@pytest.mark.parametrize(
    ("framework", "kind", "extra", "expected"),
    [
        (AI_ACT, "Paragraph", "", 500),
        (AI_ACT, "Point", LETTERED, 353),  # 345 in paragraphs and articles, 8 inside Art 3's definitions
        (AI_ACT, "Point", LETTERED + " FILTER NOT EXISTS { ?p xw:partOf+ euaia:art-3 }", 345),
        (AI_ACT, "Point", SUB_POINT, 40),
        (AI_ACT, "Point", "?p xw:partOf euaia:art-3 ; xw:flag 'definition' .", 68),
        (AI_ACT, "Point", "?p xw:partOf euaia:art-3 ; xw:flag 'role-definition' .", 6),
        (AI_ACT, "AnnexPoint", "?p xw:partOf euaia:annex-iv .", 9),
        (AI_ACT, "AnnexPoint", "?p xw:partOf/xw:partOf euaia:annex-iv .", 16),
        ("gdpr", "Paragraph", "", 372),
        ("gdpr", "Point", LETTERED, 359),
        ("gdpr", "Point", "?p xw:partOf gdpr:art-4 ; xw:flag 'definition' .", 26),
    ],
)
def test_paragraph_and_point_counts(graph: Graph, framework: str, kind: str, extra: str, expected: int) -> None:
    assert count(graph, framework, kind, extra) == expected


def test_roles_are_defined_by_their_art_3_point(graph: Graph) -> None:
    rows = graph.store.select(
        "SELECT ?role ?def WHERE { ?role rdfs:isDefinedBy ?def . "
        "FILTER(STRSTARTS(STR(?def), 'https://w3id.org/xwalk/id/eu-ai-act/art-3-')) "
        "?def xw:flag 'role-definition' }"
    )
    assert {r["def"].value.rsplit("/", 1)[1] for r in rows} == {f"art-3-{i}" for i in range(3, 9)}


def _json(name: str) -> Any:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"{path} is not present (it is not part of the project)")
    return json.loads(path.read_text(encoding="utf-8"))


def _letters(text: str) -> tuple[int, int]:
    """(lettered points, roman sub-points) on their own lines: "(i)" is roman when "(ii)" follows
    or when it is not the next letter. Written apart from the importer, as a second count."""
    tokens = re.findall(r"(?m)^\(([a-z]{1,4})\)[ \t]*$", text)
    letters = romans = 0
    expected = "a"
    for i, tok in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if (tok == expected and not (tok == "i" and following == "ii")) or (tok == "a" and letters):
            letters += 1
            expected = chr(ord(tok) + 1)
        else:
            romans += 1
    return letters, romans


def test_ai_act_counts_agree_with_reference(graph: Graph) -> None:
    articles = _json("eu-ai-act/eu-ai-act-articles.json")
    paragraphs = sum(len(a["paragraphs"]) for a in articles)
    units = [p["text"] for a in articles for p in a["paragraphs"]]
    units += [a["text"] for a in articles if not a["paragraphs"]]
    letters = sum(_letters(t)[0] for t in units)
    romans = sum(_letters(t)[1] for t in units)
    definitions = len(_json("eu-ai-act/eu-ai-act-art3-definitions.json"))
    assert (paragraphs, letters, romans, definitions) == (
        count(graph, AI_ACT, "Paragraph"),
        count(graph, AI_ACT, "Point", LETTERED),
        count(graph, AI_ACT, "Point", SUB_POINT),
        count(graph, AI_ACT, "Point", "?p xw:partOf euaia:art-3 ; xw:flag 'definition' ."),
    )
    annex_iv = next(a for a in _json("eu-ai-act/eu-ai-act-annexes.json") if a["annex"] == "IV")["text"]
    numbered = len(re.findall(r"(?m)^\d+\.[ \t]*$", annex_iv))
    lettered = len(re.findall(r"(?m)^\([a-z]\)[ \t]*$", annex_iv))
    assert numbered == count(graph, AI_ACT, "AnnexPoint", "?p xw:partOf euaia:annex-iv .")
    assert lettered == count(graph, AI_ACT, "AnnexPoint", "?p xw:partOf/xw:partOf euaia:annex-iv .")


def test_gdpr_counts_agree_with_reference(graph: Graph) -> None:
    articles = _json("gdpr/gdpr-articles.json")
    units: list[str] = []
    paragraphs = 0
    for a in articles:
        parts = re.split(r"(?m)^\d+\.\s", a["text"])
        paragraphs += len(parts) - 1
        units += parts[1:] or [a["text"]]
    assert paragraphs == count(graph, "gdpr", "Paragraph")
    definitions = len(_reference("gdpr/gdpr-art4-definitions.csv"))
    lettered = sum(_letters(t)[0] for t in units)
    assert (lettered, definitions) == (
        count(graph, "gdpr", "Point", LETTERED),
        count(graph, "gdpr", "Point", "?p xw:partOf gdpr:art-4 ; xw:flag 'definition' ."),
    )

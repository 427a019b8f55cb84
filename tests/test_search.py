"""Search by number as people write it (GET /api/v1/search, which the explorer's search box calls),
on the real catalogs: the provision itself first, then its parts, then title matches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult
from xwalk.cli import main
from xwalk.config import Settings
from xwalk.engine.browse import search
from xwalk.engine.context import Graph
from xwalk.errors import InputError

from .conftest import ROOT

API = "/api/v1/search"


@pytest.fixture(scope="module")
def client(built: tuple[BuildResult, Path]) -> TestClient:
    return TestClient(create_app(Settings(root=ROOT, dist=built[1], store="memory")))


def hits(client: TestClient, q: str, **params: Any) -> list[dict[str, Any]]:
    r = client.get(API, params={"q": q, **params})
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    return data


@pytest.mark.parametrize(
    ("q", "first", "score"),
    [
        ("art 15", "euaia:art-15", 0),
        ("Art 15", "euaia:art-15", 0),
        ("art. 15", "euaia:art-15", 0),
        ("Art. 15", "euaia:art-15", 0),
        ("Article 15", "euaia:art-15", 0),
        ("ARTICLE 15", "euaia:art-15", 0),
        ("article 15(1)", "euaia:art-15-1", 0),
        ("Art. 15(1)", "euaia:art-15-1", 0),
        ("Art 15(1)(a)", "gdpr:art-15-1-a", 0),  # the AI Act's Art. 15(1) has no points; the GDPR's has
        ("Art. 5 (1) (h) (iii)", "euaia:art-5-1-h-iii", 0),
        ("art-15", "euaia:art-15", 0),
        ("euaia:art-15", "euaia:art-15", 0),
        ("gdpr:Article 15", "gdpr:art-15", 0),
        ("Annex III", "euaia:annex-iii", 0),
        ("Annex III, point 4", "euaia:annex-iii-4", 0),
        ("annex iii 4(a)", "euaia:annex-iii-4-a", 0),
        ("Annex VII, point 3.1", "euaia:annex-vii-3-1", 0),
        ("A.8.25", "iso27001:A.8.25", 0),
        ("a.8.25", "iso27001:A.8.25", 0),
        ("A 8.25", "iso27001:A.8.25", 0),
        ("Annex A.8.25", "iso27001:A.8.25", 0),
        ("8.25", "iso27001:A.8.25", 1),  # no clause 8.25 anywhere: the Annex A control of that number
        ("iso27001:A.8.25", "iso27001:A.8.25", 0),
        ("A.6.2.8", "iso42001:A.6.2.8", 0),
        ("6.1.2", "iso27001:6.1.2", 0),
        ("GOVERN 1.1", "airmf:GOVERN-1.1", 0),
        ("govern 1.1", "airmf:GOVERN-1.1", 0),
        ("GV-1.1", "airmf:GOVERN-1.1", 0),
        ("GV 1.1", "airmf:GOVERN-1.1", 0),
        ("MEASURE 2.11", "airmf:MEASURE-2.11", 0),
        ("MS-2.11", "airmf:MEASURE-2.11", 0),
        ("PR.AA-01", "csf2:PR.AA-01", 0),
        ("pr.aa-01", "csf2:PR.AA-01", 0),
        ("PR.AA-1", "csf2:PR.AA-01", 0),
        ("PR AA 01", "csf2:PR.AA-01", 0),
        ("GV.OC", "csf2:GV.OC", 0),
    ],
)
def test_a_number_written_any_usual_way_finds_the_provision_first(
    client: TestClient, q: str, first: str, score: int
) -> None:
    data = hits(client, q)
    assert (data[0]["id"], data[0]["score"]) == (first, score)


def test_exact_matches_then_their_parts_then_text_in_a_fixed_order(client: TestClient) -> None:
    data = hits(client, "Article 15", limit=100)
    ids = [h["id"] for h in data]
    # both acts have an Article 15: framework order (eu-ai-act before gdpr), each exact
    assert ids[:2] == ["euaia:art-15", "gdpr:art-15"] and [h["score"] for h in data[:2]] == [0, 0]
    parts = [h["id"] for h in data if h["score"] == 2]
    assert parts and set(parts) == {i for i in ids if i.startswith(("euaia:art-15-", "gdpr:art-15-"))}
    assert ids[2 : 2 + len(parts)] == parts  # the parts come straight after, in document order
    assert parts[:5] == [f"euaia:art-15-{n}" for n in range(1, 6)]
    scores = [h["score"] for h in data]
    assert scores == sorted(scores)
    # every spelling gives the same list, and asking again gives it byte for byte
    for other in ("art 15", "Art. 15", "art. 15", "ARTICLE 15"):
        assert hits(client, other, limit=100) == data
    assert client.get(API, params={"q": "Article 15"}).content == client.get(API, params={"q": "Article 15"}).content


def test_a_number_does_not_match_a_longer_number(client: TestClient) -> None:
    ids = [h["id"] for h in hits(client, "euaia:art-1", limit=100)]
    assert ids[0] == "euaia:art-1"
    assert all(i == "euaia:art-1" or i.startswith("euaia:art-1-") for i in ids), ids


def test_a_clause_number_ranks_the_clauses_before_the_annex_controls(client: TestClient) -> None:
    data = hits(client, "8.2", limit=10)
    assert [(h["id"], h["score"]) for h in data[:5]] == [
        ("iso27001:8.2", 0),
        ("iso42001:8.2", 0),
        ("iso27001-2013:A.8.2", 1),
        ("iso27001:A.8.2", 1),
        ("iso42001:A.8.2", 1),
    ]


def test_title_words_still_search_titles(client: TestClient) -> None:
    assert [h["id"] for h in hits(client, "event log", framework="iso42001")] == ["iso42001:A.6.2.8"]
    assert hits(client, "gdpr:art-15", framework="euaia") == []  # the CURIE names another framework


@pytest.mark.parametrize("q", ["zzzzqq", "art 999", "Article 15(9)", "A.99.1", "GOVERN 9.9", "PR.ZZ-01", "17.17.17"])
def test_nonsense_finds_nothing(client: TestClient, q: str) -> None:
    r = client.get(API, params={"q": q})
    assert r.status_code == 200 and r.json() == {"q": q, "count": 0, "data": []}


def test_an_over_long_query_is_a_clear_4xx(client: TestClient, graph: Graph) -> None:
    r = client.get(API, params={"q": "art 15 " * 40})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert "q" in r.json()["detail"] and "200" in r.json()["detail"]
    with pytest.raises(InputError, match="at most 200"):
        search(graph, "a" * 201)


def test_the_cli_answers_as_the_api(
    client: TestClient, built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--root", str(ROOT), "--dist", str(built[1]), "search"]
    assert main([*base, "Art 15(1)(a)", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == client.get(API, params={"q": "Art 15(1)(a)"}).json()
    assert main([*base, "x" * 201]) == 2
    assert "at most 200" in capsys.readouterr().err


def test_the_provision_tree_filter_reads_numbers_the_same_way(client: TestClient) -> None:
    body = client.get("/api/v1/frameworks/gdpr/provisions", params={"q": "Art 15"}).json()
    ids = [h["id"] for h in hits(client, "gdpr:Art 15", limit=100)]  # the article and its parts
    assert body["count"] == len(ids) and ids[0] == "gdpr:art-15"
    shown: list[str] = []

    def walk(nodes: list[dict[str, Any]]) -> None:
        for n in nodes:
            shown.append(n["id"])
            walk(n["children"])

    walk(body["data"])
    # the matches, with only their ancestors around them (Chapter III and its section)
    assert set(ids) <= set(shown) and shown[0] == "gdpr:chapter-III"
    assert all(i in ids or not i.startswith("gdpr:art-") for i in shown), shown

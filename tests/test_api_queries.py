"""Named queries over HTTP, on both stores: the catalogue, running one, and injection attempts."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from xwalk import vocab
from xwalk.queries import catalogue

from .servers import ROOT

ANNEX_A = "/api/v1/queries/examples/annex-a-controls"
TITLES = "/api/v1/queries/examples/titles-containing"
GRAPH_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_catalogue_lists_every_query_with_its_headers(any_client: TestClient) -> None:
    r = any_client.get("/api/v1/queries")
    assert r.status_code == 200
    body = r.json()
    names = [q["name"] for q in body["data"]]
    assert names == sorted(n for n, q in catalogue(ROOT / "queries").items() if n == q.name)
    assert body["count"] == len(names)
    q = next(q for q in body["data"] if q["name"] == "examples/annex-a-controls")
    assert q["summary"].startswith("The Annex A controls")
    assert q["params"] == [
        {
            "name": "framework",
            "type": "iri",
            "default": "fw:iso-iec-42001-2023",
            "description": "The framework edition (fw:iso-iec-27001-2022 for ISO/IEC 27001)",
        }
    ]
    # the text is runnable as it stands: prefixes declared, defaults bound as terms
    assert f"PREFIX xw: <{vocab.XW}>" in q["sparql"]
    assert f"VALUES (?framework) {{ (<{vocab.framework_iri('iso-iec-42001-2023')}>) }}" in q["sparql"]
    assert q["url"] == ANNEX_A


def test_run_with_defaults_and_with_a_parameter(any_client: TestClient) -> None:
    r = any_client.get(ANNEX_A)
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "examples/annex-a-controls"
    assert body["variables"] == ["control", "notation", "title", "objective"]
    assert body["data"][0] == {
        "control": vocab.provision_iri("iso-iec-42001-2023", "A.2.2"),
        "notation": "A.2.2",
        "title": "AI policy",
        "objective": "A.2",
    }
    r27 = any_client.get(ANNEX_A, params={"framework": "fw:iso-iec-27001-2022"}).json()
    assert r27["count"] == 93 and r27["count"] != body["count"]
    same = any_client.get(ANNEX_A, params={"framework": vocab.framework_iri("iso-iec-27001-2022")}).json()
    assert same == r27


def test_query_text_from_the_catalogue_runs_at_the_endpoint(any_client: TestClient) -> None:
    listed = next(
        q for q in any_client.get("/api/v1/queries").json()["data"] if q["name"] == "examples/annex-a-controls"
    )
    via_sparql = any_client.post("/sparql", data={"query": listed["sparql"]}).json()["results"]["bindings"]
    via_rest = any_client.get(ANNEX_A).json()["data"]
    assert [{k: v["value"] for k, v in row.items()} for row in via_sparql] == via_rest


def test_unknown_query_and_parameters_are_clear(any_client: TestClient) -> None:
    r = any_client.get("/api/v1/queries/examples/annex-a-control")
    assert r.status_code == 404
    assert "examples/annex-a-controls" in r.json()["suggestions"]
    r = any_client.get(ANNEX_A, params={"frame": "fw:gdpr"})
    assert r.status_code == 400
    assert "has no parameter frame" in r.json()["detail"]
    r = any_client.get(ANNEX_A, params=[("framework", "fw:gdpr"), ("framework", "fw:gdpr")])
    assert r.status_code == 400
    r = any_client.get("/api/v1/queries/examples/obligations", params={"as_of": "next tuesday"})
    assert (r.status_code, "is not a date" in r.json()["detail"]) == (400, True)


@pytest.mark.parametrize(
    "value",
    [
        "> } ; DROP ALL ; {",
        "fw:gdpr> } ; DROP ALL ; { <x",
        "http://example.org/a> } } ; DROP ALL ; #",
        'http://example.org/"quoted"',
        "http://example.org/a b",
    ],
)
def test_iri_parameter_injection_is_refused(any_client: TestClient, value: str) -> None:
    before = any_client.get("/sparql", params={"query": GRAPH_COUNT}).json()
    r = any_client.get(ANNEX_A, params={"framework": value})
    assert r.status_code == 400
    assert "is not an IRI" in r.json()["detail"]
    assert any_client.get("/sparql", params={"query": GRAPH_COUNT}).json() == before


@pytest.mark.parametrize(
    "value",
    [
        '" } ; DROP ALL ; { "',
        "'} UNION { ?s ?p ?o } #",
        'x"\n} ; DROP ALL ; INSERT DATA { <a:b> <a:c> "d" } #\n',
        '\\" ) } #',
    ],
)
def test_string_parameter_injection_is_a_harmless_literal(any_client: TestClient, value: str) -> None:
    """`text` is a string parameter: the value is one literal to look for in titles, whatever it holds."""
    before = any_client.get("/sparql", params={"query": GRAPH_COUNT}).json()
    r = any_client.get(TITLES, params={"text": value})
    assert r.status_code == 200, r.text
    assert r.json()["count"] == 0
    assert any_client.get("/sparql", params={"query": GRAPH_COUNT}).json() == before


def test_string_parameter_finds_what_it_says(any_client: TestClient) -> None:
    rows = any_client.get(TITLES, params={"text": "Risk Assessment"}).json()["data"]
    assert rows and all("risk assessment" in row["title"].lower() for row in rows)
    assert vocab.provision_iri("iso-iec-42001-2023", "6.1.2") in {row["provision"] for row in rows}

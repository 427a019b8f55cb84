"""Time and result-size limits, and guarded updates, at /sparql on both stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult

from .servers import OxigraphServer, settings_for

# Slow by construction, and small in output: the server can also cancel it at its own limit.
SLOW = "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?a ?b ?c } GROUP BY ?s"
TEST_GRAPH = "http://example.org/xwalk-test/update"


@pytest.fixture(params=["embedded", "remote"])
def limited(request: pytest.FixtureRequest, built: tuple[BuildResult, Path]) -> Iterator[TestClient]:
    settings = settings_for(request.param, built, request, query_timeout_s=1, max_results=5)
    with TestClient(create_app(settings)) as client:
        yield client


def test_time_limit_answers_422_and_the_service_goes_on(limited: TestClient) -> None:
    r = limited.get("/sparql", params={"query": SLOW})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert "longer than 1 s" in r.json()["detail"]
    # the stuck worker was replaced (embedded) / the connection dropped (remote): the next query runs
    r = limited.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert (r.status_code, r.json()["boolean"]) == (200, True)


def test_result_size_limit_answers_422(limited: TestClient) -> None:
    for query in ("SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"):
        r = limited.get("/sparql", params={"query": query})
        assert r.status_code == 422
        assert r.json()["detail"].startswith("the query has more than 5 results")
        assert r.json()["limit"] == 5
    r = limited.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5", "format": "tsv"})
    assert (r.status_code, len(r.text.splitlines())) == (200, 6)


def test_named_queries_run_under_the_same_limits(limited: TestClient) -> None:
    r = limited.get("/api/v1/queries/examples/annex-a-controls")
    assert r.status_code == 422
    assert "more than 5 results" in r.json()["detail"]


def test_a_server_that_cuts_its_answer_short_is_reported(tmp_path: Path, built: tuple[BuildResult, Path]) -> None:
    """`oxigraph serve --timeout-s` answers 200, then stops mid-body with a message: never passed on."""
    from xwalk.errors import LimitExceeded
    from xwalk.store.dist import load_dist
    from xwalk.store.remote import RemoteSparqlStore

    server = OxigraphServer(tmp_path / "db", timeout_s=1)
    try:
        store = RemoteSparqlStore(server.url)
        load_dist(store, built[1])
        with pytest.raises(LimitExceeded, match="stopped the query at its own time limit"):
            store.query_raw(SLOW, "json", timeout_s=30)
        store.close()
    finally:
        server.stop()


@pytest.fixture(params=["embedded", "remote"])
def writable(request: pytest.FixtureRequest, built: tuple[BuildResult, Path]) -> Iterator[TestClient]:
    settings = settings_for(request.param, built, request, allow_update=True, update_token=SecretStr("s3cret"))
    with TestClient(create_app(settings)) as client:
        yield client
        # the remote server is shared by the session: leave it as it was
        client.post("/sparql", data={"update": f"DROP SILENT GRAPH <{TEST_GRAPH}>"}, headers=AUTH)


AUTH = {"Authorization": "Bearer s3cret"}
INSERT = f'INSERT DATA {{ GRAPH <{TEST_GRAPH}> {{ <http://example.org/a> <http://example.org/b> "c" }} }}'
ASK = f"ASK {{ GRAPH <{TEST_GRAPH}> {{ ?s ?p ?o }} }}"


def test_update_needs_the_bearer_token(writable: TestClient) -> None:
    r = writable.post("/sparql", content=INSERT, headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    r = writable.post("/sparql", data={"update": INSERT}, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401
    assert writable.get("/sparql", params={"query": ASK}).json()["boolean"] is False


def test_update_with_the_token_applies(writable: TestClient) -> None:
    r = writable.post("/sparql", content=INSERT, headers={"Content-Type": "application/sparql-update", **AUTH})
    assert r.status_code == 204
    assert writable.get("/sparql", params={"query": ASK}).json()["boolean"] is True
    # queries with a time limit run in worker processes: they see the write too
    sd = writable.get("/sparql", headers={"Accept": "text/turtle"}).text
    assert f"<{TEST_GRAPH}>" in sd
    assert "SPARQL11Update" in sd


def test_update_refuses_load_and_service(writable: TestClient) -> None:
    for update, words in (
        (f"LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <{TEST_GRAPH}>", "LOAD is refused"),
        (
            f"INSERT {{ GRAPH <{TEST_GRAPH}> {{ ?s ?p ?o }} }} "
            "WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
            "SERVICE is refused",
        ),
    ):
        r = writable.post("/sparql", data={"update": update}, headers=AUTH)
        assert r.status_code == 400
        assert r.json()["detail"].startswith(words)
    r = writable.post("/sparql", data={"update": "CLEAR XYZ"}, headers=AUTH)
    assert r.status_code == 400
    r = writable.post(f"/sparql?using-named-graph-uri={TEST_GRAPH}", data={"update": INSERT}, headers=AUTH)
    assert r.status_code == 400


def test_update_enabled_without_a_token_is_refused(
    built: tuple[BuildResult, Path], request: pytest.FixtureRequest
) -> None:
    client = TestClient(create_app(settings_for("embedded", built, request, allow_update=True)))
    r = client.post("/sparql", data={"update": INSERT}, headers={"Authorization": "Bearer "})
    assert r.status_code == 403
    assert "no XWALK_UPDATE_TOKEN" in r.json()["detail"]

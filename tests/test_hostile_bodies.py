"""Hostile bodies, one test per finding: each gets a 4xx problem+json naming what was wrong, and the
server goes on answering (the findings were a segfault of the whole server, 500s and 502s)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult
from xwalk.config import Settings

from .servers import ROOT

API = "/api/v1"
SHOP = (ROOT / "examples" / "iso27001-shop.json").read_bytes()


@pytest.fixture(scope="module")
def client(built: tuple[BuildResult, Path]) -> Iterator[TestClient]:
    settings = Settings(root=ROOT, dist=built[1], max_result_bytes=200_000)
    with TestClient(create_app(settings)) as c:
        yield c


def problem(r: object, status: int) -> dict[str, object]:
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    assert r.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    body: dict[str, object] = r.json()  # type: ignore[attr-defined]
    assert body["status"] == status
    return body


def alive(client: TestClient) -> None:
    assert client.get("/health").status_code == 200
    r = client.post(f"{API}/gap-analysis", content=SHOP, headers={"content-type": "application/json"})
    assert r.status_code == 200


def nested_jsonld(depth: int) -> bytes:
    """Objects nested `depth` deep, each a property value of the one around it (30 KB at 4,000)."""
    return ('{"https://e/p": ' * depth + '{"@id": "https://e/x", "https://e/p": "v"}' + "}" * depth).encode()


def test_nested_jsonld_profile(client: TestClient) -> None:
    """4,000 levels of JSON-LD crashed pyoxigraph's parser inside the API process, and the server with it."""
    for depth in (4_000, 100):
        r = client.post(
            f"{API}/gap-analysis", content=nested_jsonld(depth), headers={"content-type": "application/ld+json"}
        )
        body = problem(r, 422)
        assert "nests deeper than 64 levels" in str(body["detail"])
    alive(client)


def test_jsonld_profile_is_parsed_outside_the_server(client: TestClient) -> None:
    """Shallow JSON-LD reaches the parser (in a worker process) and is judged as a profile."""
    r = client.post(f"{API}/gap-analysis", content=nested_jsonld(3), headers={"content-type": "application/ld+json"})
    assert "xw:Organisation" in str(problem(r, 422)["detail"])
    alive(client)


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_10000_deep_json_profile(client: TestClient, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    text = (opener * 10_000 + "1" + closer * 10_000).encode()
    body = problem(client.post(f"{API}/gap-analysis", content=text, headers={"content-type": "application/json"}), 422)
    assert "nests deeper than 64 levels" in str(body["detail"])
    alive(client)


def test_5000_digit_integer_in_a_profile(client: TestClient) -> None:
    profile = json.loads(SHOP)
    text = json.dumps(profile).replace('"organisation"', '"n": ' + "9" * 5_000 + ', "organisation"', 1).encode()
    body = problem(client.post(f"{API}/gap-analysis", content=text, headers={"content-type": "application/json"}), 422)
    assert "a number of 5000 characters" in str(body["detail"])


def test_deep_turtle_profile(client: TestClient) -> None:
    text = ("<https://e/s> <https://e/p> " + "[ <https://e/p> " * 5_000 + "1" + " ]" * 5_000 + " .").encode()
    r = client.post(f"{API}/gap-analysis", content=text, headers={"content-type": "text/turtle"})
    problem(r, 422)
    alive(client)


def test_query_20000_braces_deep(client: TestClient) -> None:
    """A worker crashed on it and the answer was 502."""
    query = "SELECT * WHERE " + "{" * 20_000 + "}" * 20_000
    for r in (
        client.post("/sparql", content=query, headers={"content-type": "application/sparql-query"}),
        client.post("/sparql", data={"query": query}),
    ):
        assert "nest deeper than 256 levels" in str(problem(r, 400)["detail"])


def test_10mb_body(client: TestClient) -> None:
    """A 10 MB VALUES query stalled every endpoint for 11 s: now refused from its Content-Length."""
    query = "SELECT * WHERE { VALUES ?x { " + "1 " * 5_000_000 + "} }"
    r = client.post("/sparql", content=query, headers={"content-type": "application/sparql-query"})
    body = problem(r, 413)
    assert body["limit_bytes"] == 1_000_000
    r = client.post("/sparql", data={"query": query})
    assert problem(r, 413)["limit_bytes"] == 1_000_000
    big = b'{"organisation": {"name": "' + b"x" * 6_000_000 + b'"}}'
    r = client.post(f"{API}/gap-analysis", content=big, headers={"content-type": "application/json"})
    assert problem(r, 413)["limit_bytes"] == 5_000_000
    alive(client)


@pytest.mark.parametrize("route", ["gap-analysis", "classify", "validate", "export?format=graphml"])
def test_every_profile_route_has_the_profile_limit(client: TestClient, route: str) -> None:
    """classify and validate took the 1 MB SPARQL limit (and had a second, dead 5 MB check of their own)."""
    big = b'{"organisation": {"name": "' + b"x" * 6_000_000 + b'"}}'
    r = client.post(f"{API}/{route}", content=big, headers={"content-type": "application/json"})
    assert problem(r, 413)["limit_bytes"] == 5_000_000
    two_mb = b'{"organisation": {"name": "' + b"x" * 2_000_000 + b'"}}'
    r = client.post(f"{API}/{route}", content=two_mb, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text[:300]  # read and refused for what it says, not for its size


def test_chunked_body_is_counted_as_it_streams(client: TestClient) -> None:
    """No Content-Length: the limit holds all the same, at the first chunk over it."""

    def chunks() -> Iterator[bytes]:
        yield b"SELECT * WHERE { VALUES ?x { "
        for _ in range(30):
            yield b"1 " * 50_000

    r = client.post("/sparql", content=chunks(), headers={"content-type": "application/sparql-query"})
    assert problem(r, 413)["limit_bytes"] == 1_000_000


def test_byte_cap(client: TestClient) -> None:
    """One GROUP_CONCAT row was a 206 MB body: the answer is capped in bytes as well as rows."""
    query = "SELECT (GROUP_CONCAT(STR(?o)) AS ?all) WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"
    for fmt in ("json", "xml", "csv", "tsv"):
        r = client.get("/sparql", params={"query": query, "format": fmt})
        body = problem(r, 422)
        assert body["limit_bytes"] == 200_000
        assert "larger than 200000 bytes" in str(body["detail"])
    r = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10"})
    assert r.status_code == 200

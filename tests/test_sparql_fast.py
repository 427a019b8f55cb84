"""GET /sparql?query= is answered before routing (api/sparql_fast.py): every answer, success or
problem, is the same status, headers and bytes as the route gives without that middleware."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from xwalk.api.app import create_app
from xwalk.api.sparql_fast import SparqlQueries
from xwalk.build.pipeline import BuildResult
from xwalk.config import Settings

from .servers import ROOT

PREFIX = "PREFIX xw: <https://w3id.org/xwalk/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
ART15 = "<https://w3id.org/xwalk/id/eu-ai-act/art-15>"
LOOKUP = PREFIX + f"SELECT ?t WHERE {{ {ART15} skos:prefLabel ?t }}"
CASES = [
    (f"?query={quote(LOOKUP)}", {}),
    (f"?query={quote(LOOKUP)}", {"accept": "text/csv"}),
    (f"?query={quote(LOOKUP)}", {"accept": "application/sparql-results+xml"}),
    (f"?query={quote(LOOKUP)}&format=tsv", {}),
    (f"?query={quote('ASK { ?s ?p ?o }')}", {}),
    (f"?query={quote(f'CONSTRUCT {{ {ART15} ?p ?o }} WHERE {{ {ART15} ?p ?o }}')}", {"accept": "text/turtle"}),
    (f"?query={quote(LOOKUP)}", {"accept": "text/html"}),  # a browser: the query page
    (f"?query={quote(LOOKUP)}", {"accept": "image/png"}),  # 406
    (f"?query={quote('SELECT * WHERE { ?s ?p }')}", {}),  # 400, the parser's message
    (f"?query={quote('SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }')}", {}),  # 400 refused
    (f"?query={quote(LOOKUP)}&query={quote(LOOKUP)}", {}),  # 400: two queries
    (f"?query={quote(LOOKUP)}&named-graph-uri={quote('http://example.org/none')}", {}),  # 400: not in the dataset
    (f"?query={quote('SELECT * WHERE { ?s ?p ?o }')}", {}),  # 422: over the row limit
    ("?query=", {}),  # 400: empty
    ("?update=" + quote("CLEAR ALL"), {}),  # not a query: the route says updates need POST
    ("", {"accept": "text/turtle"}),  # no query: the service description, from the route
]


@pytest.fixture(scope="module")
def pair(built: tuple[BuildResult, Path]) -> Iterator[tuple[TestClient, TestClient]]:
    settings = Settings(root=ROOT, dist=built[1], store="memory")
    slow = create_app(settings)
    slow.user_middleware = [m for m in slow.user_middleware if m.cls is not SparqlQueries]
    fast = create_app(settings)
    assert any(m.cls is SparqlQueries for m in fast.user_middleware)
    with TestClient(fast) as a, TestClient(slow) as b:
        yield a, b


@pytest.mark.parametrize(("query", "headers"), CASES)
def test_the_early_answer_is_the_routes_answer(
    pair: tuple[TestClient, TestClient], query: str, headers: dict[str, str]
) -> None:
    fast, slow = pair
    a, b = fast.get("/sparql" + query, headers=headers), slow.get("/sparql" + query, headers=headers)
    assert (a.status_code, a.headers, a.content) == (b.status_code, b.headers, b.content)
    head = fast.head("/sparql" + query, headers=headers)
    assert head.status_code == a.status_code and head.headers == a.headers and head.content == b""


def test_statuses_cover_success_and_each_refusal(pair: tuple[TestClient, TestClient]) -> None:
    fast, _ = pair
    got = {fast.get("/sparql" + q, headers=h).status_code for q, h in CASES}
    assert got == {200, 400, 406, 422}

"""Read-only SPARQL answers kept per build (api/answers.py, routes/sparql.answer_query): a repeat is
the same bytes as the first answer and as the answer of an app that keeps nothing; an update is seen
at once; a query whose answer may differ between runs (NOW, RAND, UUID, STRUUID, BNODE, blank nodes)
is never kept, nor is an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from xwalk.api.answers import Answers, has_blank_nodes
from xwalk.build.pipeline import BuildResult
from xwalk.store import guard

from .servers import memory_client

ART15 = "<https://w3id.org/xwalk/id/eu-ai-act/art-15>"
LOOKUP = f"SELECT ?t WHERE {{ {ART15} <http://www.w3.org/2004/02/skos/core#prefLabel> ?t }}"
FRAMEWORKS = "PREFIX xw: <https://w3id.org/xwalk/ontology#> SELECT ?fw WHERE { ?fw a xw:Framework } ORDER BY ?fw"
FORMS = "application/x-www-form-urlencoded"




def _kept(client: TestClient) -> int:
    answers: Answers = client.app.state.answers  # type: ignore[attr-defined]
    return sum(1 for key in list(answers._items) if isinstance(key, tuple) and key[0] == "SPARQL")


def _same(a: object, b: object) -> None:
    assert a.status_code == b.status_code == 200  # type: ignore[attr-defined]
    assert a.content == b.content  # type: ignore[attr-defined]
    assert a.headers == b.headers  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", [LOOKUP, FRAMEWORKS])
def test_a_repeat_is_byte_identical_by_get_and_post(kept_and_fresh: tuple[TestClient, TestClient], query: str) -> None:
    kept, fresh = kept_and_fresh
    before = _kept(kept)
    first = kept.get("/sparql", params={"query": query})
    assert first.json()["results"]["bindings"], "the query must find something"
    assert _kept(kept) == before + 1
    _same(kept.get("/sparql", params={"query": query}), first)
    _same(fresh.get("/sparql", params={"query": query}), first)
    # POST, in a form or as the body: the same protocol request, the same kept answer
    _same(kept.post("/sparql", data={"query": query}), first)
    _same(kept.post("/sparql", content=query, headers={"content-type": "application/sparql-query"}), first)
    assert _kept(kept) == before + 1
    assert _kept(fresh) == 0


def test_each_accept_gets_its_own_format(kept_and_fresh: tuple[TestClient, TestClient]) -> None:
    kept, fresh = kept_and_fresh
    media = ["application/sparql-results+json", "text/csv", "application/sparql-results+xml"]
    media.append("text/tab-separated-values")
    for _ in range(2):  # the second round is answered from what the first kept
        for accept in media:
            answer = kept.get("/sparql", params={"query": FRAMEWORKS}, headers={"accept": accept})
            assert answer.headers["content-type"].startswith(accept)
            _same(answer, fresh.get("/sparql", params={"query": FRAMEWORKS}, headers={"accept": accept}))
    csv = kept.get("/sparql", params={"query": FRAMEWORKS, "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.startswith("fw\r\n")


def test_an_update_is_seen_by_the_next_read(built: tuple[BuildResult, Path]) -> None:
    query = "SELECT ?v WHERE { <urn:x:cache-s> <urn:x:p> ?v }"
    with memory_client(built, allow_update=True, update_token=SecretStr("t0ken")) as client:
        assert client.get("/sparql", params={"query": query}).json()["results"]["bindings"] == []
        assert client.get("/sparql", params={"query": query}).json()["results"]["bindings"] == []  # kept
        assert _kept(client) == 1
        update = 'INSERT DATA { GRAPH <urn:x:cache-g> { <urn:x:cache-s> <urn:x:p> "new" } }'
        done = client.post(
            "/sparql", data={"update": update}, headers={"authorization": "Bearer t0ken", "content-type": FORMS}
        )
        assert done.status_code == 204, done.text
        after = client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
        assert after == [{"v": {"type": "literal", "value": "new"}}]
        assert client.post("/sparql", data={"query": query}).json()["results"]["bindings"] == after
        assert client.get("/sparql", params={"query": LOOKUP}).status_code == 200
        assert _kept(client) == 1  # nothing more is kept for a changed graph


def test_two_calls_of_rand_differ(kept_and_fresh: tuple[TestClient, TestClient]) -> None:
    kept, _ = kept_and_fresh
    query = "SELECT (RAND() AS ?r) WHERE {}"
    before = _kept(kept)
    values = {kept.get("/sparql", params={"query": query}).content for _ in range(3)}
    assert len(values) == 3
    assert _kept(kept) == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (NOW() AS ?t) WHERE {}",
        "SELECT (rand() AS ?r) WHERE {}",
        "SELECT (UUID() AS ?u) WHERE {}",
        "SELECT (STRUUID() AS ?u) WHERE {}",
        "SELECT (BNODE() AS ?b) WHERE {}",
        "SELECT ?x WHERE { BIND(year(now ()) AS ?x) }",
        "CONSTRUCT { <urn:x:s> <urn:x:p> ?u } WHERE { BIND(struuid() AS ?u) }",
    ],
)
def test_a_query_calling_a_non_deterministic_function_is_not_kept(
    kept_and_fresh: tuple[TestClient, TestClient], query: str
) -> None:
    kept, _ = kept_and_fresh
    before = _kept(kept)
    for _ in range(2):
        assert kept.get("/sparql", params={"query": query}).status_code == 200
        assert kept.post("/sparql", data={"query": query}).status_code == 200
    assert _kept(kept) == before


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ("now()" AS ?s) WHERE {}',
        "SELECT ?rand WHERE { VALUES ?rand { 'RAND() UUID()' } }",  # a variable and a string, no call
        "SELECT ?x WHERE { VALUES ?x { 1 } } # NOW() in a comment",
    ],
)
def test_the_name_of_a_function_in_a_string_is_kept(kept_and_fresh: tuple[TestClient, TestClient], query: str) -> None:
    kept, fresh = kept_and_fresh
    before = _kept(kept)
    first = kept.get("/sparql", params={"query": query})
    assert _kept(kept) == before + 1
    _same(kept.get("/sparql", params={"query": query}), first)
    _same(fresh.get("/sparql", params={"query": query}), first)


def test_the_guard_reads_the_functions_as_tokens() -> None:
    assert guard.inspect("SELECT (NOW() AS ?t) WHERE {}").volatile == [8]
    assert guard.inspect('SELECT ("now()" AS ?s) WHERE {}').volatile == []
    assert guard.inspect("SELECT ?now WHERE { ?now <urn:x:rand> ?uuid }").volatile == []


def test_answers_with_blank_nodes_are_not_kept(kept_and_fresh: tuple[TestClient, TestClient]) -> None:
    # Each worker loads the store anew and pyoxigraph labels its blank nodes afresh: two runs may differ.
    kept, _ = kept_and_fresh
    query = "SELECT ?b WHERE { GRAPH ?g { ?b ?p ?o } FILTER isBlank(?b) } LIMIT 1"
    before = _kept(kept)
    for accept in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv"):
        answer = kept.get("/sparql", params={"query": query}, headers={"accept": accept})
        assert answer.status_code == 200 and has_blank_nodes(answer.content, "json")
    construct = "CONSTRUCT { [] <urn:x:p> ?o } WHERE { VALUES ?o { 1 } }"
    for fmt in ("turtle", "ntriples", "jsonld", "rdfxml"):
        answer = kept.get("/sparql", params={"query": construct, "format": fmt})
        assert answer.status_code == 200 and has_blank_nodes(answer.content, fmt)
    assert _kept(kept) == before


@pytest.mark.parametrize(
    ("query", "accept", "status"),
    [
        ("SELECT ?x WHERE { ?x", None, 400),  # does not parse
        ("SELECT ?x WHERE { SERVICE <http://127.0.0.1:9/> { ?x ?p ?o } }", None, 400),
        (FRAMEWORKS, "image/png", 406),
        ("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", None, 422),  # over max_results
    ],
)
def test_errors_are_not_kept(
    built: tuple[BuildResult, Path], query: str, accept: str | None, status: int
) -> None:
    with memory_client(built, max_results=5) as client:
        headers = {"accept": accept} if accept else {}
        for _ in range(2):
            assert client.get("/sparql", params={"query": query}, headers=headers).status_code == status
            assert client.post("/sparql", data={"query": query}, headers=headers).status_code == status
        assert _kept(client) == 0

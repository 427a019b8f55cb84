"""The SPARQL 1.1 Protocol at /sparql, against the embedded store and a real `oxigraph serve`.

Cases follow the W3C protocol test suite (query_get, query_post_form, query_post_direct,
query_dataset_*, bad_* ...): status codes, content types and bodies.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from xwalk import vocab

PREFIX = f"PREFIX xw: <{vocab.XW}> PREFIX skos: <{vocab.SKOS}>\n"
FRAMEWORKS = PREFIX + "SELECT ?fw WHERE { ?fw a xw:Framework } ORDER BY ?fw"
CONSTRUCT = PREFIX + "CONSTRUCT { ?fw a xw:Framework } WHERE { ?fw a xw:Framework }"
GDPR_GRAPH = vocab.framework_graph("gdpr")
AI_ACT_GRAPH = vocab.framework_graph("eu-ai-act")
SPARQL_JSON = "application/sparql-results+json"


def frameworks(body: bytes) -> list[str]:
    return [b["fw"]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_query_via_get(any_client: TestClient) -> None:
    r = any_client.get("/sparql", params={"query": FRAMEWORKS})
    assert r.status_code == 200
    assert r.headers["content-type"] == SPARQL_JSON
    assert r.headers["vary"] == "Accept"
    assert vocab.framework_iri("gdpr") in frameworks(r.content)
    assert len(frameworks(r.content)) == 7


def test_query_via_urlencoded_post(any_client: TestClient) -> None:
    r = any_client.post("/sparql", data={"query": "ASK {}"})
    assert (r.status_code, r.headers["content-type"], r.json()) == (200, SPARQL_JSON, {"head": {}, "boolean": True})


def test_query_via_direct_post(any_client: TestClient) -> None:
    r = any_client.post("/sparql", content=FRAMEWORKS, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200
    assert len(frameworks(r.content)) == 7


@pytest.mark.parametrize(
    ("accept", "media", "parse"),
    [
        (SPARQL_JSON, SPARQL_JSON, ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", "text/csv; charset=utf-8", None),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", ox.QueryResultsFormat.TSV),
        ("application/json", "application/json", ox.QueryResultsFormat.JSON),
    ],
)
def test_select_in_each_results_format(any_client: TestClient, accept: str, media: str, parse: object) -> None:
    r = any_client.get("/sparql", params={"query": FRAMEWORKS}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"] == media
    expected = sorted(vocab.framework_iri(f) for f in vocab.FRAMEWORK_PREFIXES)
    if parse is None:  # CSV is lossy, so pyoxigraph does not read it back: read it as CSV
        assert list(csv.reader(io.StringIO(r.text, newline=""))) == [["fw"], *([iri] for iri in expected)]
        return
    rows = list(ox.parse_query_results(r.content, format=parse))  # type: ignore[arg-type]
    assert [str(row["fw"].value) for row in rows] == expected


def test_ask_in_each_results_format(any_client: TestClient) -> None:
    bodies = {
        fmt: any_client.get("/sparql", params={"query": "ASK { ?s a ?t }", "format": fmt})
        for fmt in ("json", "xml", "csv", "tsv")
    }
    assert bodies["json"].json()["boolean"] is True
    assert ET.fromstring(bodies["xml"].content).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"  # type: ignore[union-attr]
    assert bodies["csv"].text.strip() == bodies["tsv"].text.strip() == "true"


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        ("text/turtle", "text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_in_each_graph_format(any_client: TestClient, accept: str, media: str, fmt: object) -> None:
    r = any_client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"] == media
    triples = list(ox.parse(r.content, format=fmt))  # type: ignore[arg-type]
    assert len(triples) == 7
    assert {t.object.value for t in triples} == {vocab.XW + "Framework"}


def test_describe_is_a_graph(any_client: TestClient) -> None:
    r = any_client.get("/sparql", params={"query": f"DESCRIBE <{vocab.framework_iri('gdpr')}>", "format": "ntriples"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/n-triples"
    assert f"<{vocab.framework_iri('gdpr')}>" in r.text


def test_q_values_pick_the_preferred_format(any_client: TestClient) -> None:
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, */*;q=0.1"
    r = any_client.get("/sparql", params={"query": FRAMEWORKS}, headers={"Accept": accept})
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    r = any_client.get(
        "/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/turtle;q=0.2, application/rdf+xml"}
    )
    assert r.headers["content-type"] == "application/rdf+xml"
    r = any_client.get("/sparql", params={"query": FRAMEWORKS}, headers={"Accept": "*/*"})
    assert r.headers["content-type"] == SPARQL_JSON


def test_format_parameter_overrides_accept(any_client: TestClient) -> None:
    r = any_client.get("/sparql", params={"query": FRAMEWORKS, "format": "tsv"}, headers={"Accept": SPARQL_JSON})
    assert r.headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    assert r.text.splitlines()[0] == "?fw"
    r = any_client.get("/sparql", params={"query": CONSTRUCT, "format": "json"})
    assert r.headers["content-type"] == "application/ld+json"
    assert isinstance(json.loads(r.content), list)


def test_format_that_does_not_fit_the_query_is_400(any_client: TestClient) -> None:
    r = any_client.get("/sparql", params={"query": CONSTRUCT, "format": "csv"})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert "turtle" in r.json()["detail"]


def test_unacceptable_accept_is_406(any_client: TestClient) -> None:
    r = any_client.get("/sparql", params={"query": FRAMEWORKS}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.json()["detail"]


def test_default_graph_is_the_union_of_named_graphs(any_client: TestClient) -> None:
    q = PREFIX + "SELECT (COUNT(DISTINCT ?fw) AS ?n) WHERE { ?p xw:inFramework ?fw }"
    assert any_client.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"] == "7"


def test_default_graph_uri_selects_the_default_graph(any_client: TestClient) -> None:
    q = PREFIX + "SELECT DISTINCT ?fw WHERE { ?p xw:inFramework ?fw }"
    r = any_client.get("/sparql", params={"query": q, "default-graph-uri": GDPR_GRAPH})
    assert frameworks_of(r.content) == [vocab.framework_iri("gdpr")]
    r = any_client.get(
        "/sparql", params=[("query", q), ("default-graph-uri", GDPR_GRAPH), ("default-graph-uri", AI_ACT_GRAPH)]
    )
    assert frameworks_of(r.content) == sorted([vocab.framework_iri("gdpr"), vocab.framework_iri("eu-ai-act")])


def frameworks_of(body: bytes) -> list[str]:
    return sorted(b["fw"]["value"] for b in json.loads(body)["results"]["bindings"])


def test_named_graph_uri_limits_graph_patterns(any_client: TestClient) -> None:
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = any_client.post(
        f"/sparql?named-graph-uri={GDPR_GRAPH}", content=q, headers={"Content-Type": "application/sparql-query"}
    )
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [GDPR_GRAPH]
    # only named graphs given: the default graph is empty (SPARQL 1.1 Query, 13.2)
    r = any_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "named-graph-uri": GDPR_GRAPH})
    assert r.json()["boolean"] is False


def test_from_clause_is_honoured_and_protocol_dataset_wins(any_client: TestClient) -> None:
    q = PREFIX + f"SELECT DISTINCT ?fw FROM <{GDPR_GRAPH}> WHERE {{ ?p xw:inFramework ?fw }}"
    assert frameworks_of(any_client.get("/sparql", params={"query": q}).content) == [vocab.framework_iri("gdpr")]
    r = any_client.get("/sparql", params={"query": q, "default-graph-uri": AI_ACT_GRAPH})
    assert frameworks_of(r.content) == [vocab.framework_iri("eu-ai-act")]


def test_form_post_takes_dataset_from_url_and_body(any_client: TestClient) -> None:
    q = PREFIX + "SELECT DISTINCT ?fw WHERE { ?p xw:inFramework ?fw }"
    r = any_client.post(f"/sparql?default-graph-uri={GDPR_GRAPH}", data={"query": q, "default-graph-uri": AI_ACT_GRAPH})
    assert len(frameworks_of(r.content)) == 2


def test_graph_outside_the_dataset_is_refused(any_client: TestClient) -> None:
    for params in (
        {"query": "SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }"},
        {"query": "SELECT * WHERE { ?s ?p ?o }", "named-graph-uri": "http://example.org/remote.ttl"},
    ):
        r = any_client.get("/sparql", params=params)
        assert r.status_code == 400
        assert "<http://example.org/remote.ttl> is not in this dataset" in r.json()["detail"]
        assert r.json()["unknown_graphs"] == ["http://example.org/remote.ttl"]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
        # a fake comment-and-string that a regex would skip: the lexer reads the FILTER's `<` as "less than"
        'SELECT * WHERE { ?s ?p ?a FILTER(?a<0)#x>"""\nSERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #"""\n}',
    ],
)
def test_service_is_refused(any_client: TestClient, query: str) -> None:
    r = any_client.get("/sparql", params={"query": query})
    assert r.status_code == 400
    assert r.json()["detail"].startswith("SERVICE is refused (at line")


def test_service_as_text_is_harmless(any_client: TestClient) -> None:
    q = 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/> { }" AS ?x) } # SERVICE <http://x/> {}'
    r = any_client.get("/sparql", params={"query": q})
    assert r.status_code == 200
    assert r.json()["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


def test_malformed_query_is_400_with_the_parsers_message(any_client: TestClient, store_kind: str) -> None:
    r = any_client.get("/sparql", params={"query": "ASK {"})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    # each parser says where in its own words: Oxigraph's (embedded and server), Virtuoso's SPARQL compiler
    where = "SP030: SPARQL compiler, line 2: syntax error" if store_kind == "virtuoso" else "error at 1:6"
    assert where in r.json()["detail"]


@pytest.mark.parametrize(
    ("kwargs", "status", "words"),
    [
        ({"content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415, "not a SPARQL request"),
        ({"content": "ASK {}"}, 400, "needs a Content-Type"),
        ({"content": "query=ASK%20%7B%7D"}, 400, "needs a Content-Type"),
        (
            {
                "content": "ASK {}".encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"},
            },
            415,
            "charset utf-16",
        ),
        ({"content": b"ASK {\xff}", "headers": {"Content-Type": "application/sparql-query"}}, 400, "not valid UTF-8"),
    ],
)
def test_wrong_or_missing_media_type(
    any_client: TestClient, kwargs: dict[str, object], status: int, words: str
) -> None:
    r = any_client.post("/sparql", **kwargs)  # type: ignore[arg-type]
    assert r.status_code == status
    assert words in r.json()["detail"]


def test_bad_requests_are_4xx(any_client: TestClient) -> None:
    assert any_client.put("/sparql?query=ASK%20%7B%7D").status_code == 405
    r = any_client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert (r.status_code, "2 `query` parameters" in r.json()["detail"]) == (400, True)
    assert any_client.get("/sparql", params={"update": "CLEAR ALL"}).status_code == 400
    assert any_client.post("/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"}).status_code == 400
    assert any_client.get("/sparql", params={"query": "  "}).status_code == 400
    r = any_client.post("/sparql", data={"query": "INSERT DATA { <a:b> <a:c> <a:d> }"})
    assert (r.status_code, "this is an update" in r.json()["detail"]) == (400, True)


def test_result_rows_are_exact_in_csv(any_client: TestClient) -> None:
    q = 'SELECT ?a ?b WHERE { VALUES (?a ?b) { ("x,\\"y\\"" 1) ("two\\nlines" UNDEF) } }'
    r = any_client.get("/sparql", params={"query": q, "format": "csv"})
    assert list(csv.reader(io.StringIO(r.text, newline=""))) == [["a", "b"], ['x,"y"', "1"], ["two\nlines", ""]]


def test_service_description(any_client: TestClient) -> None:
    r = any_client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    g = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    services = [t.subject for t in g if t.object == ox.NamedNode(sd + "Service")]
    assert services == [ox.NamedNode("http://testserver/sparql")]
    objects = {t.object for t in g if t.subject == services[0]}
    assert ox.NamedNode(sd + "SPARQL11Query") in objects
    assert ox.NamedNode(sd + "SPARQL11Update") not in objects  # read-only by default
    assert ox.NamedNode(sd + "UnionDefaultGraph") in objects
    assert ox.NamedNode("http://www.w3.org/ns/formats/SPARQL_Results_CSV") in objects
    names = {t.object.value for t in g if t.predicate == ox.NamedNode(sd + "name")}
    assert {GDPR_GRAPH, vocab.GRAPH + "meta"} <= names
    for fmt, media in (("jsonld", "application/ld+json"), ("rdfxml", "application/rdf+xml")):
        assert any_client.get("/sparql", params={"format": fmt}).headers["content-type"] == media
    assert any_client.get("/sparql").headers["content-type"] == "text/turtle; charset=utf-8"


def test_updates_are_refused_by_default(any_client: TestClient) -> None:
    r = any_client.post("/sparql", content="CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 403
    assert "read-only" in r.json()["detail"]
    assert any_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True

"""RemoteSparqlStore: the same answers as the embedded store on a real `oxigraph serve` and a real
Virtuoso, and every backend failure translated once (httpx.MockTransport for the failures a real
server will not make on demand)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from xwalk import vocab
from xwalk.build.pipeline import BuildResult
from xwalk.engine.catalog import provision
from xwalk.engine.context import Graph
from xwalk.errors import LimitExceeded, QueryError, StoreError
from xwalk.queries import prepare
from xwalk.store.dist import content_hash
from xwalk.store.oxigraph import OxigraphStore
from xwalk.store.remote import RemoteSparqlStore, endpoints

from .servers import ROOT, OxigraphServer

JSON = "application/sparql-results+json"
SELECT = "SELECT ?p ?title WHERE { ?p xw:inFramework fw:gdpr ; skos:prefLabel ?title } ORDER BY ?p LIMIT 5"


def test_endpoints_follow_oxigraph_or_one_sparql_url() -> None:
    assert endpoints("http://h:7878") == ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    assert endpoints("http://h:7878/query/") == ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    assert endpoints("https://u:p@h/ds/sparql", graph_url="https://h/ds/data") == (
        "https://u:p@h/ds/sparql",
        "https://u:p@h/ds/sparql",
        "https://h/ds/data",
    )


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> RemoteSparqlStore:
    """Each real server, loaded with the session's build; reads need no account."""
    url = request.getfixturevalue("remote_url" if request.param == "oxigraph" else "virtuoso_url")
    return RemoteSparqlStore(url)


def test_same_answers_as_the_embedded_store(server: RemoteSparqlStore, store: OxigraphStore) -> None:
    remote = server
    assert remote.select(SELECT) == store.select(SELECT)
    ask = "ASK { ?m xw:relation ?r }"
    assert remote.ask(ask) is store.ask(ask) is True
    construct = "CONSTRUCT { ?f a xw:Framework } WHERE { ?f a xw:Framework }"
    assert sorted(remote.construct(construct)) == sorted(store.construct(construct))
    assert remote.graphs() == store.graphs()
    assert content_hash(remote) == content_hash(store)
    for fmt in ("json", "xml", "csv", "tsv"):
        assert remote.query_raw(prepare(SELECT), fmt) == store.query_raw(prepare(SELECT), fmt), fmt
    assert remote.query_raw(prepare(construct), "turtle") == store.query_raw(prepare(construct), "turtle")


def test_engine_functions_work_unchanged_on_it(server: RemoteSparqlStore, graph: Graph) -> None:
    remote = Graph(server, ROOT / "queries")
    assert provision(remote, "iso42001:6.1.2") == provision(graph, "iso42001:6.1.2")
    assert remote.content_hash == graph.content_hash


def test_load_replaces_graphs_and_clear_empties(tmp_path: Path, built: tuple[BuildResult, Path]) -> None:
    server = OxigraphServer(tmp_path / "db")
    try:
        store = RemoteSparqlStore(server.url)
        g = "http://example.org/g"
        store.load(b'<http://example.org/a> <http://example.org/b> "1" .\n', "ntriples", graph=g)
        store.load(b'<http://example.org/a> <http://example.org/b> "2" .\n', "ntriples", graph=g)  # POST adds
        assert len(store.select(f"SELECT * WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")) == 2
        trig = f'<{g}> {{ <http://example.org/a> <http://example.org/b> "3" . }}\n'.encode()
        store.load(trig, "trig")  # a dataset replaces each graph it names (PUT)
        rows = store.select(f"SELECT ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
        assert [r["o"].value for r in rows] == ["3"]
        store.clear()
        assert store.graphs() == []
        with pytest.raises(StoreError, match="cannot load trig data"):
            store.load(b"<broken", "trig")
        with pytest.raises(QueryError, match="refused the load"):
            store.load(b"<broken", "turtle", graph=g)
    finally:
        server.stop()


def test_bad_query_is_query_error_with_the_servers_message(server: RemoteSparqlStore) -> None:
    with pytest.raises(QueryError, match=r"expected|syntax error"):
        server.select("SELECT * WHERE { ?s ?p }")


def test_unreachable_server_is_store_error() -> None:
    from .servers import free_port

    store = RemoteSparqlStore(f"http://127.0.0.1:{free_port()}", timeout_s=2)
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


def mock(body: bytes, status: int = 200, media: str = "application/sparql-results+json") -> RemoteSparqlStore:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"content-type": media})

    return RemoteSparqlStore("http://sparql.invalid", transport=httpx.MockTransport(handler))


def test_truncated_or_broken_answers_are_never_passed_on() -> None:
    head = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://a"}},'
    with pytest.raises(LimitExceeded, match="its own time limit"):
        mock(head + b"The SPARQL operation has been cancelled").query_raw("SELECT ?s WHERE { ?s ?p ?o }", "csv")
    with pytest.raises(StoreError, match="broken JSON"):
        mock(head).select("SELECT ?s WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError, match="not a SPARQL result"):
        mock(b'{"vars": []}').select("SELECT ?s WHERE { ?s ?p ?o }")
    nt = b"<http://a> <http://b> <http://c> .\n<http://a> <http://b> "
    with pytest.raises(StoreError, match="broken N-Triples"):
        mock(nt, media="application/n-triples").construct("CONSTRUCT WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError, match="answered text/html"):
        mock(b"<html></html>", media="text/html").select("SELECT ?s WHERE { ?s ?p ?o }")


def test_partial_answers_marked_in_headers_are_refused() -> None:
    """Virtuoso answers 200 with the rows found so far when a query hits MaxQueryExecutionTime (an
    "anytime" query) or ResultSetMaxRows, and says so only in headers."""
    body = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'

    def store(headers: dict[str, str]) -> RemoteSparqlStore:
        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, content=body, headers={"content-type": JSON, **headers})

        return RemoteSparqlStore("http://sparql.invalid", transport=httpx.MockTransport(handler))

    with pytest.raises(LimitExceeded, match="sent only the rows found by then \\(S1TAT"):
        store({"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete results"}).select(SELECT)
    with pytest.raises(LimitExceeded, match="ResultSetMaxRows \\(10000 rows\\)"):
        store({"X-SPARQL-MaxRows": "10000"}).select(SELECT)
    assert store({}).select(SELECT) == []


def test_server_errors_are_store_errors() -> None:
    with pytest.raises(StoreError, match="answered 500 to the query: disk full"):
        mock(b"disk full", status=500, media="text/plain").select("SELECT ?s WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="refused the update"):
        mock(b"error at 1:1", status=400, media="text/plain").update("CLEAR ALL")


def test_results_are_counted_as_they_stream() -> None:
    rows = ",".join(f'{{"s":{{"type":"uri","value":"http://a/{i}"}}}}' for i in range(50))
    body = ('{"head":{"vars":["s"]},"results":{"bindings":[' + rows + "]}}").encode()
    with pytest.raises(LimitExceeded, match="more than 10 results"):
        mock(body).query_raw("SELECT ?s WHERE { ?s ?p ?o }", "json", max_results=10)
    assert mock(body).query_raw("SELECT ?s WHERE { ?s ?p ?o }", "csv", max_results=50)[1].count(b"\r\n") == 51


def test_union_default_graph_is_checked(tmp_path: Path, built: tuple[BuildResult, Path]) -> None:
    """A server without --union-default-graph would answer every engine query empty: refuse it."""
    import subprocess

    from xwalk.config import Settings
    from xwalk.store.dist import load_dist
    from xwalk.store.factory import open_store

    from .servers import free_port, wait_for

    port = free_port()
    proc = subprocess.Popen(
        [str(Path(__import__("sys").executable).parent / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", proc)
        load_dist(RemoteSparqlStore(f"http://127.0.0.1:{port}"), built[1])
        with pytest.raises(StoreError, match="--union-default-graph"):
            open_store(Settings(root=ROOT, dist=built[1], store=f"http://127.0.0.1:{port}"))
    finally:
        proc.terminate()
        proc.wait(10)
    assert vocab.GRAPH  # the meta graph is a named graph, hence the check

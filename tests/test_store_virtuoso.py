"""OpenLink Virtuoso as the remote store (tests/virtuoso.py starts it): `xwalk load` into it with an
account from the settings, and each way Virtuoso 7.2 departs from SPARQL 1.1 (store/virtuoso.py)
either answered the standard way or refused with the reason, never a quietly different answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from xwalk.build.pipeline import BuildResult
from xwalk.cli import main
from xwalk.errors import OverLimit, QueryError, StoreError
from xwalk.store.dist import content_hash, load_dist, read_manifest
from xwalk.store.oxigraph import OxigraphStore
from xwalk.store.remote import RemoteSparqlStore
from xwalk.store.virtuoso import OWN_GRAPHS

from .servers import ROOT
from .virtuoso import MAX_ROWS, VirtuosoServer

XW = "https://w3id.org/xwalk/ontology#"
G = "http://example.org/g"
ART_15_5 = "<https://w3id.org/xwalk/id/eu-ai-act/art-15-5>"


def test_xwalk_load_into_virtuoso_with_the_account_from_settings(
    virtuoso_server: VirtuosoServer,
    built: tuple[BuildResult, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--root", str(ROOT), "--dist", str(built[1]), "--store", virtuoso_server.url, "load"]
    monkeypatch.delenv("XWALK_STORE_USER", raising=False)
    assert main(argv) == 6  # no account: a clear one-line error, nothing loaded
    assert "XWALK_STORE_USER and XWALK_STORE_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("XWALK_STORE_USER", virtuoso_server.user)
    monkeypatch.setenv("XWALK_STORE_PASSWORD", "not-the-password")
    assert main(argv) == 6
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "not-the-password" not in err  # the secret is never printed
    monkeypatch.setenv("XWALK_STORE_PASSWORD", virtuoso_server.password)
    assert main(argv) == 0
    out = capsys.readouterr().out
    manifest = read_manifest(built[1])
    assert f"content hash {manifest['content_hash']}" in out
    assert f"in {len(manifest['graphs']) + 1} graphs" in out  # the build's graphs and the meta graph
    store = RemoteSparqlStore(virtuoso_server.url)  # reading needs no account
    assert content_hash(store) == manifest["content_hash"]


def test_its_own_graphs_stay_out_of_the_union(virtuoso_url: str, store: OxigraphStore) -> None:
    remote = RemoteSparqlStore(virtuoso_url)
    assert remote.is_virtuoso()
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert remote.select(count) == store.select(count)
    named = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert remote.query_raw(named, "csv") == store.query_raw(named, "csv")
    assert not set(OWN_GRAPHS) & set(remote.graphs())
    # asked for by name, a graph of Virtuoso's own is no graph of this dataset
    with pytest.raises(QueryError, match="is not in this dataset"):
        remote.query_raw(f"SELECT * FROM <{OWN_GRAPHS[0]}> WHERE {{ ?s ?p ?o }} LIMIT 1", "csv")


def test_values_with_a_transitive_path_is_answered_right_or_refused(virtuoso_url: str, store: OxigraphStore) -> None:
    remote = RemoteSparqlStore(virtuoso_url)
    one_row = (
        f"SELECT ?a WHERE {{ VALUES ?p {{ {ART_15_5} }} ?p <{XW}partOf>+ ?a . ?a <{XW}order> ?o }} ORDER BY ?o"
    )
    answer = remote.query_raw(one_row, "csv")
    assert answer == store.query_raw(one_row, "csv")
    assert answer[1].count(b"\r\n") == 4  # Article 15, its section, chapter... every ancestor, once each
    two_rows = (
        f"SELECT ?a WHERE {{ VALUES ?p {{ {ART_15_5} <https://w3id.org/xwalk/id/eu-ai-act/art-9-2> }} "
        f"?p <{XW}partOf>+ ?a }}"
    )
    with pytest.raises(QueryError, match="VALUES together with a `\\+` or `\\*` property path"):
        remote.query_raw(two_rows, "csv")
    assert store.query_raw(two_rows, "csv")[1].count(b"\r\n") > 1  # the embedded store answers it


def test_an_answer_cut_at_its_row_limit_is_refused(virtuoso_url: str) -> None:
    remote = RemoteSparqlStore(virtuoso_url)
    cross = f"SELECT ?f ?s WHERE {{ ?f a <{XW}Framework> . ?s ?p ?o }}"  # 7 x 55,000 rows
    with pytest.raises(OverLimit, match=f"ResultSetMaxRows \\({MAX_ROWS} rows\\)"):
        remote.query_raw(cross, "csv")


def test_an_answer_stopped_at_its_time_limit_is_refused(virtuoso_url: str) -> None:
    """Virtuoso answers a query it stops at its time limit with 200 and the rows found so far (here: none,
    with the header X-SQL-State: S1TAT): refused, whichever limit strikes first."""
    remote = RemoteSparqlStore(virtuoso_url)
    slow = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(STRLEN(STR(?c)) = STRLEN(STR(?f)) + 1000) } LIMIT 5"
    with pytest.raises(OverLimit, match=r"sent only the rows found by then|ran longer than 6 s"):
        remote.query_raw(slow, "csv", timeout_s=6)


def test_drop_all_drops_nothing_so_clear_drops_each_graph(
    virtuoso_server: VirtuosoServer, virtuoso_url: str, built: tuple[BuildResult, Path]
) -> None:
    remote = virtuoso_server.store()
    before = remote.graphs()
    try:
        remote.update("DROP ALL")  # answered 200 ...
        assert remote.graphs() == before  # ... and nothing dropped: why clear() does not send it
        remote.clear()
        assert remote.graphs() == []
        assert remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"].value == "0"
        assert content_hash(remote) is None
    finally:
        load_dist(remote, built[1])
    assert remote.graphs() == before


def test_updates_need_the_account(virtuoso_url: str) -> None:
    anonymous = RemoteSparqlStore(virtuoso_url)
    with pytest.raises(StoreError, match="XWALK_STORE_USER"):
        anonymous.update(f"INSERT DATA {{ GRAPH <{G}> {{ <http://example.org/a> <http://example.org/b> 1 }} }}")
    with pytest.raises(StoreError, match="XWALK_STORE_USER"):
        anonymous.load(b"<http://example.org/a> <http://example.org/b> 1 .\n", "ntriples", graph=G)
    assert G not in anonymous.graphs()

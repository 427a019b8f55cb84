"""Embedded queries under a time limit run in worker processes: a stuck query is killed and its
worker replaced; writes reach the workers; result writers agree with pyoxigraph's readers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from xwalk.build.pipeline import BuildResult
from xwalk.errors import LimitExceeded, QueryError
from xwalk.store.base import Term
from xwalk.store.dist import load_dist
from xwalk.store.oxigraph import OxigraphStore
from xwalk.store.results import JsonRowCounter, QueryResult, parse_json, write

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # hours, if nobody stops it
G = "http://example.org/pool"


def test_stuck_query_is_stopped_and_its_worker_replaced(store: OxigraphStore) -> None:
    try:
        assert store.query_raw("ASK { ?s ?p ?o }", "json", timeout_s=30)[1] == b'{"head":{},"boolean":true}'
        pool = store._query_pool()
        first = list(pool._all)
        with pytest.raises(LimitExceeded, match=r"longer than 0\.5 s") as caught:
            store.query_raw(SLOW, "json", timeout_s=0.5)
        assert caught.value.extra["limit_s"] == 0.5
        assert all(not w.proc.is_alive() for w in first)
        assert len(pool._all) == 1 and pool._all[0] not in first  # a fresh worker took its place
        assert store.query_raw("ASK { ?s ?p ?o }", "json", timeout_s=30)[0] == "boolean"
    finally:
        store.close()


def test_workers_see_writes(store: OxigraphStore) -> None:
    ask = f"ASK {{ GRAPH <{G}> {{ ?s ?p ?o }} }}"
    try:
        assert json.loads(store.query_raw(ask, "json", timeout_s=30)[1])["boolean"] is False
        store.update(f'INSERT DATA {{ GRAPH <{G}> {{ <http://example.org/a> <http://example.org/b> "c" }} }}')
        assert json.loads(store.query_raw(ask, "json", timeout_s=30)[1])["boolean"] is True
        store.load(b'<http://example.org/x> <http://example.org/y> "z" .\n', "ntriples", graph=G + "/2")
        assert G + "/2" in store.graphs()
        q = f"SELECT ?o FROM <{G}/2> WHERE {{ ?s ?p ?o }}"
        assert store.query_raw(q, "csv", timeout_s=30)[1] == b"o\r\nz\r\n"
    finally:
        store.close()


def test_on_disk_store_is_read_by_workers(tmp_path: Path, built: tuple[BuildResult, Path]) -> None:
    store = OxigraphStore(tmp_path / "db")
    try:
        load_dist(store, built[1])
        assert store.query_raw("SELECT * WHERE { ?s ?p ?o } LIMIT 3", "tsv", timeout_s=30)[1].count(b"\n") == 4
        store.update(f"INSERT DATA {{ GRAPH <{G}> {{ <http://example.org/a> <http://example.org/b> 1 }} }}")
        assert b"true" in store.query_raw(f"ASK {{ GRAPH <{G}> {{ ?s ?p 1 }} }}", "json", timeout_s=30)[1]
    finally:
        store.close()


def test_errors_come_back_from_the_worker_as_themselves(store: OxigraphStore) -> None:
    try:
        with pytest.raises(QueryError, match="does not parse: error at 1:"):
            store.query_raw("SELECT * WHERE { ?s ?p ", "json", timeout_s=30)
        with pytest.raises(LimitExceeded, match="more than 3 results") as caught:
            store.query_raw("SELECT * WHERE { ?s ?p ?o }", "json", timeout_s=30, max_results=3)
        assert caught.value.extra == {"limit": 3}
        with pytest.raises(QueryError, match="cannot be written as csv"):
            store.query_raw("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "csv", timeout_s=30)
    finally:
        store.close()


ROWS = QueryResult(
    "bindings",
    variables=["a", "b", "c"],
    rows=[
        {"a": Term.iri("http://example.org/x"), "b": Term.literal('tab\there "quoted"\nline', lang="en")},
        {"b": Term.literal("3", "http://www.w3.org/2001/XMLSchema#integer"), "c": Term("bnode", "b0")},
        {"a": Term.literal("<&>"), "c": Term.literal("r\\s\r")},
    ],
)


@pytest.mark.parametrize(
    ("fmt", "parser"),
    [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML), ("tsv", ox.QueryResultsFormat.TSV)],
)
def test_result_writers_read_back_exactly(fmt: str, parser: ox.QueryResultsFormat) -> None:
    parsed = ox.parse_query_results(write(ROWS, fmt), format=parser)
    assert [v.value for v in parsed.variables] == ["a", "b", "c"]  # type: ignore[union-attr]
    rows = list(parsed)  # type: ignore[arg-type]
    assert rows[0]["b"] == ox.Literal('tab\there "quoted"\nline', language="en")
    assert rows[1]["b"] == ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert isinstance(rows[1]["c"], ox.BlankNode) and rows[1]["a"] is None
    assert rows[2]["a"] == ox.Literal("<&>") and rows[2]["c"] == ox.Literal("r\\s\r")


def test_json_results_round_trip_and_row_counting() -> None:
    body = write(ROWS, "json")
    assert parse_json(body) == ROWS
    for size in (1, 2, 7, len(body)):
        counter = JsonRowCounter()
        for i in range(0, len(body), size):
            counter.feed(body[i : i + size])
        assert counter.count == 3, size
    assert write(QueryResult("boolean", boolean=False), "xml").count(b"<boolean>false</boolean>") == 1


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("rows", [3000, 3001])
def test_the_row_limit_is_exact_when_values_hold_braces_and_line_ends(fmt: str, rows: int) -> None:
    """The sink counts "{" (JSON) or line ends (CSV) first, an upper bound, and the exact count only past
    the limit: values full of both must neither push an answer of exactly the limit over it nor hide
    one row more. 3,000 rows of 60 KiB-crossing answers, each value '{"a\\n{b'."""
    from xwalk.store.execute import Job, run

    store = ox.Store()
    text = "\n".join(f'<{G}/s{i}> <{G}/p> "{{\\"a\\n{{b{i}" .' for i in range(rows))
    store.load(text.encode(), format=ox.RdfFormat.N_TRIPLES)
    job = Job("SELECT ?s ?o WHERE { ?s ?p ?o }", fmt, max_results=3000)
    if rows > 3000:
        with pytest.raises(LimitExceeded, match="more than 3000 results"):
            run(store, job)
        return
    form, body = run(store, job)
    assert form == "bindings" and len(body) > 65536
    if fmt == "json":
        assert len(json.loads(body)["results"]["bindings"]) == 3000
    else:
        lines = list(csv.reader(io.StringIO(body.decode(), newline="")))
        assert lines[0] == ["s", "o"] and len(lines) == 3001 and lines[1][1].startswith('{"a\n{b')

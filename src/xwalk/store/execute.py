"""Run one raw query on a pyoxigraph store, bounded in result size, answering serialised bytes.

The same function runs in the API process (no time limit asked) and inside a query worker
process (store/pool.py), so both paths count, refuse and serialise identically.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from xwalk.errors import OverLimit, QueryError, StoreError
from xwalk.store.base import Row, Triple
from xwalk.store.results import GRAPH_MEDIA, RDF_FORMATS, RESULT_MEDIA, JsonRowCounter, QueryResult, from_ox, write

# Written by pyoxigraph's serialisers, byte for byte what results.write gives. Its XML keeps a raw
# CR in a literal (an XML reader turns it into LF) and its TSV shortens numbers: those two stay ours.
NATIVE_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV}
DEFAULT_MAX_BYTES = 50_000_000


@dataclass(frozen=True)
class Job:
    query: str
    result_format: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_results: int | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    update: bool = False  # `query` is an update, tried on the worker's copy of the store


def too_many(limit: int) -> OverLimit:
    return OverLimit(
        f"the query has more than {limit} results, the most this service returns at once: "
        "add a LIMIT (and OFFSET to page) or narrow the pattern.",
        extra={"limit": limit},
    )


def too_big(limit: int) -> OverLimit:
    return OverLimit(
        f"the query's answer is larger than {limit} bytes, the most this service returns at once: "
        "add a LIMIT (and OFFSET to page), select fewer or shorter values, or avoid GROUP_CONCAT over many rows.",
        extra={"limit_bytes": limit},
    )


def too_slow(limit_s: float, **extra: object) -> OverLimit:
    return OverLimit(
        f"the query ran longer than {limit_s:g} s, the limit of this service, and was stopped: "
        "narrow the pattern, add a LIMIT, or avoid FILTER NOT EXISTS over large graphs.",
        extra={"limit_s": limit_s, **extra},
    )


def wrong_format(form: str, fmt: str) -> QueryError:
    if form == "graph":
        names = ", ".join(GRAPH_MEDIA)
        return QueryError(f"CONSTRUCT and DESCRIBE results are graphs: they cannot be written as {fmt}; use {names}.")
    names = ", ".join(RESULT_MEDIA)
    return QueryError(f"SELECT and ASK results cannot be written as {fmt}; use {names}.")


def dataset_options(job: Job) -> dict[str, object]:
    """Protocol dataset (or the query's FROM, passed here by the caller), else the union of all graphs."""
    if not job.default_graphs and not job.named_graphs:
        return {"use_default_graph_as_union": True}
    # SPARQL dataset rules: a part that is not given is empty.
    return {
        "default_graph": [ox.NamedNode(g) for g in job.default_graphs],
        "named_graphs": [ox.NamedNode(g) for g in job.named_graphs],
    }


def run(store: ox.Store, job: Job) -> tuple[str, bytes]:
    """(form, body): form is bindings, boolean or graph; body is in job.result_format.

    Solutions are written by pyoxigraph's own serialisers, straight into a sink that counts rows
    and bytes as they stream and stops the query at either limit: no Python object per row."""
    try:
        if job.update:
            store.update(job.query)
            return "update", b""
        answer = store.query(job.query, **dataset_options(job))  # type: ignore[arg-type]
        if isinstance(answer, ox.QuerySolutions):
            return "bindings", _solutions(answer, job)
        if isinstance(answer, ox.QueryBoolean):
            return "boolean", _boolean(answer, job)
        result = _graph(answer, job)
    except SyntaxError as exc:
        raise QueryError(f"the query does not parse: {exc}") from None
    except RuntimeError as exc:  # evaluation errors that the query itself causes
        raise QueryError(f"the query failed: {exc}") from None
    except OSError as exc:
        raise StoreError(f"the store failed: {exc}") from None
    body = write(result, job.result_format)
    if len(body) > job.max_bytes:
        raise too_big(job.max_bytes)
    return result.form, body


class _Stop(Exception):
    """Raised by the sink inside pyoxigraph's writer; the run reports the limit it names."""

    def __init__(self, error: OverLimit) -> None:
        super().__init__(error.detail)
        self.error = error


_CSV_SPECIAL = re.compile(rb'["\n]')
# Bytes that open at most one solution each, so their count bounds the rows from above: every JSON
# solution opens with "{" (so do the head, the results and each term), every CSV row ends with "\n".
_OPENS = {"json": b"{", "csv": b"\n"}
_SLACK = {"json": 3, "csv": 1}  # the openers that are no solution: JSON's outer, head, results; CSV's header
CHUNK = 1 << 16  # pyoxigraph writes a few bytes at a time: buffered, the sink sees 64 KiB at once


class Sink(io.RawIOBase):
    """A binary file for pyoxigraph's serialisers (behind an io.BufferedWriter): keeps the bytes, counts
    the solutions exactly (JSON: objects in the bindings array; CSV: line ends outside quoted fields),
    stops at the limits. The exact count (a Python scan of every structural byte) starts only once the
    cheap upper bound (a C count of "{" or "\n") passes the row limit: below it, no answer can be over."""

    def __init__(self, fmt: str, max_rows: int | None, max_bytes: int) -> None:
        super().__init__()
        self.fmt, self.max_rows, self.max_bytes = fmt, max_rows, max_bytes
        self.header = 1 if fmt == "csv" else 0  # the line of variable names
        self.chunks: list[bytes] = []
        self.size = 0
        self.rows = 0
        self._opens = _OPENS[fmt]
        self._bound = -_SLACK[fmt]  # at least as many as the solutions written so far
        self._exact = False
        self._json: JsonRowCounter | None = None
        self._quoted = False  # CSV: inside a quoted field

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise _Stop(too_big(self.max_bytes))
        self.chunks.append(chunk)
        if self.max_rows is not None:
            if not self._exact:
                self._bound += chunk.count(self._opens)
                if self._bound > self.max_rows:  # might be over: count exactly, from the start
                    self._exact = True
                    self._json = JsonRowCounter() if self.fmt == "json" else None
                    for seen in self.chunks:
                        self.rows = self._count(seen)
            else:
                self.rows = self._count(chunk)
            if self.rows - self.header > self.max_rows:
                raise _Stop(too_many(self.max_rows))
        return len(chunk)

    def _count(self, chunk: bytes) -> int:
        if self._json is not None:
            return self._json.feed(chunk)
        for m in _CSV_SPECIAL.finditer(chunk):  # CSV: line ends outside quoted fields
            if m.group() == b'"':
                self._quoted = not self._quoted
            elif not self._quoted:
                self.rows += 1
        return self.rows

    def body(self) -> bytes:
        return b"".join(self.chunks)


def _solutions(answer: ox.QuerySolutions, job: Job) -> bytes:
    fmt = NATIVE_FORMATS.get(job.result_format)
    if fmt is None:
        if job.result_format not in RESULT_MEDIA:
            raise wrong_format("bindings", job.result_format)
        body = write(_rows(answer, job.max_results), job.result_format)
        if len(body) > job.max_bytes:
            raise too_big(job.max_bytes)
        return body
    sink = Sink(job.result_format, job.max_results, job.max_bytes)
    try:
        with io.BufferedWriter(sink, CHUNK) as out:
            answer.serialize(out, format=fmt)  # a buffered binary file
    except _Stop as stop:
        raise stop.error from None
    except OSError as exc:  # pyoxigraph wraps an exception raised by the sink
        if isinstance(exc.__cause__, _Stop):
            raise exc.__cause__.error from None
        raise
    return sink.body()


def _rows(answer: ox.QuerySolutions, limit: int | None) -> QueryResult:
    names = [v.value for v in answer.variables]
    rows: list[Row] = []
    for solution in answer:
        if limit is not None and len(rows) >= limit:
            raise too_many(limit)
        row: Row = {}
        for name in names:
            value = solution[name]
            if value is not None:
                row[name] = from_ox(value)
        rows.append(row)
    return QueryResult("bindings", variables=names, rows=rows)


def _boolean(answer: ox.QueryBoolean, job: Job) -> bytes:
    if job.result_format not in RESULT_MEDIA:
        raise wrong_format("bindings", job.result_format)
    return write(QueryResult("boolean", boolean=bool(answer)), job.result_format)


def _graph(answer: object, job: Job) -> QueryResult:
    if not isinstance(answer, ox.QueryTriples):
        raise StoreError(f"unexpected query answer from the store: {answer!r}")
    if job.result_format not in RDF_FORMATS:
        raise wrong_format("graph", job.result_format)
    limit = job.max_results
    triples: list[Triple] = []
    for t in answer:
        if limit is not None and len(triples) >= limit:
            raise too_many(limit)
        triples.append((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return QueryResult("graph", triples=triples)

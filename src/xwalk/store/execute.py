"""Run one raw query on a pyoxigraph store, bounded in result size, answering serialised bytes.

The same function runs in the API process (no time limit asked) and inside a query worker
process (store/pool.py), so both paths count, refuse and serialise identically.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from xwalk.errors import LimitExceeded, QueryError, StoreError
from xwalk.store.base import Row, Triple
from xwalk.store.results import GRAPH_MEDIA, RDF_FORMATS, RESULT_MEDIA, QueryResult, from_ox, write


@dataclass(frozen=True)
class Job:
    query: str
    result_format: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_results: int | None = None


def too_many(limit: int) -> LimitExceeded:
    return LimitExceeded(
        f"the query has more than {limit} results, the most this service returns at once: "
        "add a LIMIT (and OFFSET to page) or narrow the pattern.",
        extra={"limit": limit},
    )


def too_slow(limit_s: float, **extra: object) -> LimitExceeded:
    return LimitExceeded(
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
    """(form, body): form is bindings, boolean or graph; body is in job.result_format."""
    try:
        answer = store.query(job.query, **dataset_options(job))  # type: ignore[arg-type]
        result = _collect(answer, job)
    except SyntaxError as exc:
        raise QueryError(f"the query does not parse: {exc}") from None
    except RuntimeError as exc:  # evaluation errors that the query itself causes
        raise QueryError(f"the query failed: {exc}") from None
    except OSError as exc:
        raise StoreError(f"the store failed: {exc}") from None
    try:
        return result.form, write(result, job.result_format)
    except ValueError:
        raise wrong_format(result.form, job.result_format) from None


def _collect(answer: object, job: Job) -> QueryResult:
    limit = job.max_results
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("boolean", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        if job.result_format not in RDF_FORMATS:
            raise wrong_format("graph", job.result_format)
        triples: list[Triple] = []
        for t in answer:
            if limit is not None and len(triples) >= limit:
                raise too_many(limit)
            triples.append((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return QueryResult("graph", triples=triples)
    if not isinstance(answer, ox.QuerySolutions):
        raise StoreError(f"unexpected query answer from the store: {answer!r}")
    if job.result_format not in RESULT_MEDIA:
        raise wrong_format("bindings", job.result_format)
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

"""The embedded store: pyoxigraph, in memory or on disk."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from xwalk.errors import QueryError, StoreError
from xwalk.queries import prepare
from xwalk.store.base import Bindings, Row, Term, Triple

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


def to_term(t: object) -> Term:
    if isinstance(t, ox.NamedNode):
        return Term.iri(t.value)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    if isinstance(t, ox.Literal):
        dtype = t.datatype.value if t.datatype else None
        return Term.literal(t.value, None if t.language else dtype, t.language)
    raise StoreError(f"unsupported RDF term from the store: {t!r}")


class OxigraphStore:
    """Store protocol over an embedded pyoxigraph store (default graph = union of graphs)."""

    def __init__(self, path: Path | None = None) -> None:
        try:
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from None
        self.path = path

    @property
    def raw(self) -> ox.Store:
        return self._store

    def _run(self, query: str, bindings: Bindings | None) -> object:
        text = prepare(query, bindings)
        try:
            return self._store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"the query does not parse: {exc}") from None
        except OSError as exc:
            raise StoreError(f"the store failed: {exc}") from None

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query.")
        names = [v.value for v in result.variables]
        rows: list[Row] = []
        for sol in result:
            row: Row = {}
            for name in names:
                value = sol[name]
                if value is not None:
                    row[name] = to_term(value)
            rows.append(row)
        return rows

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query.")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query.")
        return [(to_term(t.subject), to_term(t.predicate), to_term(t.object)) for t in result]

    def query_raw(
        self,
        query: str,
        result_format: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        timeout_s: float | None = None,
    ) -> tuple[str, bytes]:
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = (
            [ox.NamedNode(g) for g in default_graphs] if default_graphs else None
        )
        named: list[ox.NamedNode | ox.BlankNode] | None = (
            [ox.NamedNode(g) for g in named_graphs] if named_graphs else None
        )
        try:
            result = self._store.query(
                query,
                use_default_graph_as_union=default is None,
                default_graph=default,
                named_graphs=named,
            )
        except SyntaxError as exc:
            raise QueryError(f"the query does not parse: {exc}") from None
        except OSError as exc:
            raise StoreError(f"the store failed: {exc}") from None
        if isinstance(result, ox.QueryTriples):
            fmt = RDF_FORMATS.get(result_format)
            if fmt is None:
                raise QueryError(f"graph results cannot be written as {result_format}.")
            return "graph", result.serialize(format=fmt) or b""
        fmt_r = RESULT_FORMATS.get(result_format)
        if fmt_r is None:
            raise QueryError(f"query results cannot be written as {result_format}.")
        form = "boolean" if isinstance(result, ox.QueryBoolean) else "bindings"
        return form, result.serialize(format=fmt_r) or b""

    def update(self, update: str) -> None:
        try:
            self._store.update(update)
        except SyntaxError as exc:
            raise QueryError(f"the update does not parse: {exc}") from None
        except OSError as exc:
            raise StoreError(f"the store failed: {exc}") from None

    def load(self, data: bytes, fmt: str = "trig", graph: str | None = None) -> None:
        try:
            self._store.bulk_load(data, format=RDF_FORMATS[fmt], to_graph=ox.NamedNode(graph) if graph else None)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {fmt} data: {exc}") from None
        self._store.optimize()

    def clear(self) -> None:
        self._store.clear()

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

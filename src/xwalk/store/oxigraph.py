"""The embedded store: pyoxigraph, in memory or on disk."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from xwalk.errors import QueryError, StoreError
from xwalk.queries import prepare
from xwalk.store import execute, guard
from xwalk.store.base import Bindings, Row, Term, Triple
from xwalk.store.pool import LOAD_TIMEOUT_S, Admission, QueryPool, Snapshot
from xwalk.store.results import RDF_FORMATS, from_ox
from xwalk.store.sandbox import Confinement


class OxigraphStore:
    """Store protocol over an embedded pyoxigraph store (default graph = union of graphs)."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        workers: int = 2,
        confinement: Confinement | None = None,
        admission: Admission | None = None,
        max_result_bytes: int = execute.DEFAULT_MAX_BYTES,
    ) -> None:
        try:
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from None
        self.path = path
        self._workers = workers
        self._confinement = confinement
        self._admission = admission
        self._max_bytes = max_result_bytes
        self._pool: QueryPool | None = None
        self._lock = threading.Lock()
        self._epoch = 0  # bumped by every write, so query workers know to reload
        self._dump: tuple[int, bytes] | None = None

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
        # A solution iterates its values in the order of `variables` (None where unbound). Results repeat
        # terms (the same system, verdict, class in row after row): each distinct one is converted once.
        seen: dict[object, Term] = {}
        for sol in result:
            row: Row = {}
            for name, value in zip(names, sol, strict=True):
                if value is not None:
                    term = seen.get(value)
                    if term is None:
                        term = seen[value] = from_ox(value)
                    row[name] = term
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
        return [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]

    def query_raw(
        self,
        query: str,
        result_format: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        timeout_s: float | None = None,
        max_results: int | None = None,
        kind: str = "api",
    ) -> tuple[str, bytes]:
        found = guard.check_query(query)
        default, named = list(default_graphs), list(named_graphs)
        if not default and not named:
            # pyoxigraph's union default graph would override FROM: pass the query's dataset explicitly.
            default, named = found.from_default, found.from_named
        if default or named:
            guard.check_dataset(default, named, self.graphs())
        job = execute.Job(query, result_format, tuple(default), tuple(named), max_results, self._max_bytes)
        if timeout_s is None:
            return execute.run(self._store, job)
        return self._query_pool().run(job, timeout_s, kind=kind)

    def _query_pool(self) -> QueryPool:
        with self._lock:
            if self._pool is None:
                self._pool = QueryPool(
                    self.snapshot, self._workers, confinement=self._confinement, admission=self._admission
                )
            return self._pool

    def warm(self) -> None:
        """Start all query workers with the store loaded (`xwalk serve` does, before it listens)."""
        self._query_pool().warm()

    def snapshot(self) -> Snapshot:
        """What a query worker loads to see this store as it is now."""
        with self._lock:
            epoch = self._epoch
            if self.path is not None:
                self._store.flush()
                return Snapshot(epoch, path=str(self.path))
            if self._dump is None or self._dump[0] != epoch:
                self._dump = (epoch, self._store.dump(format=ox.RdfFormat.N_QUADS) or b"")
            return Snapshot(epoch, data=self._dump[1])

    def _written(self) -> None:
        with self._lock:
            self._epoch += 1
            self._dump = None

    def update(self, update: str) -> None:
        guard.check_update(update)
        if self._confinement is not None and self._confinement.network:
            # Tried first in a confined worker, on its copy of the store: an update that would reach
            # the network (a LOAD or SERVICE the guard missed) is stopped there by the operating system,
            # and only an update that completed there runs here.
            self._query_pool().run(execute.Job(update, "json", update=True), LOAD_TIMEOUT_S)
        try:
            self._store.update(update)
        except SyntaxError as exc:
            raise QueryError(f"the update does not parse: {exc}") from None
        except OSError as exc:
            raise StoreError(f"the store failed: {exc}") from None
        finally:
            self._written()

    def load(self, data: bytes, fmt: str = "trig", graph: str | None = None) -> None:
        try:
            self._store.bulk_load(data, format=RDF_FORMATS[fmt], to_graph=ox.NamedNode(graph) if graph else None)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {fmt} data: {exc}") from None
        finally:
            self._written()
        self._store.optimize()

    def clear(self) -> None:
        self._store.clear()
        self._written()

    def optimize(self) -> str:
        self._store.optimize()
        return "optimized"

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

"""What every engine function needs: a store and the named queries, bundled once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xwalk.queries import NamedQuery, catalogue
from xwalk.store.base import Bindings, Row, Store
from xwalk.store.dist import content_hash


@dataclass
class Graph:
    store: Store
    queries_dir: Path
    # A fresh, empty in-memory store for an organisation's own data (classification rules run there,
    # never in the catalog store). The API and CLI pass the embedded adapter; the engine never
    # imports one.
    scratch: Callable[[], Store] | None = None
    _book: dict[str, NamedQuery] = field(default_factory=dict, repr=False)
    _hash: str | None = field(default=None, repr=False)
    # Set by an update through the endpoint: the store then differs from its build, so nothing may be
    # served from what was read for that build's content hash (engine/catalog_index.per_build).
    modified: bool = field(default=False, repr=False)

    def queries(self) -> dict[str, NamedQuery]:
        """Every named query, read from queries_dir once per Graph."""
        if not self._book:
            self._book = catalogue(self.queries_dir)
        return self._book

    def query(self, name: str) -> NamedQuery:
        return self.queries()[name]

    def select(self, name: str, bindings: Bindings | None = None) -> list[Row]:
        """Run a named query; parameters not given take their declared defaults."""
        q = self.query(name)
        merged = {**q.bindings({}), **(bindings or {})}
        return self.store.select(q.text, merged)

    @property
    def content_hash(self) -> str:
        if self._hash is None:
            self._hash = content_hash(self.store) or "unbuilt"
        return self._hash

    def invalidate(self) -> None:
        self._hash = None
        self.modified = True

"""The Store protocol: the one seam between the engine and any SPARQL backend.

Results come back as plain `Term`s (the SPARQL JSON results model), so nothing above this
layer depends on pyoxigraph or on the wire format of a remote server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from xwalk import vocab

TermKind = Literal["uri", "literal", "bnode"]


@dataclass(frozen=True, order=True)
class Term:
    kind: TermKind
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("uri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        return cls("literal", value, datatype, lang)

    def n3(self) -> str:
        """The term in SPARQL/N-Triples syntax, escaped so it can never break out of its slot."""
        if self.kind == "uri":
            if any(c in self.value for c in '<>"{}|^`\\ \n\r\t'):
                raise ValueError(f"not a valid IRI: {self.value!r}")
            return f"<{self.value}>"
        if self.kind == "bnode":
            raise ValueError("blank nodes cannot be bound as query parameters")
        text = self.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if self.lang:
            return f'"{text}"@{self.lang}'
        if self.datatype and self.datatype != vocab.XSD + "string":
            return f'"{text}"^^<{self.datatype}>'
        return f'"{text}"'


Row = dict[str, Term]
Triple = tuple[Term, Term, Term]
Bindings = Mapping[str, Term]

# SPARQL result and RDF formats a store can answer in directly, by short name.
RESULT_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")


class Store(Protocol):
    """Read and write access to an RDF dataset whose default graph is the union of its graphs."""

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]: ...

    def ask(self, query: str, bindings: Bindings | None = None) -> bool: ...

    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]: ...

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
        """Run any read-only query, answering (form, body): form is bindings, boolean or graph, and
        body is serialised in `result_format` (json/xml/csv/tsv, or an RDF format for graphs).

        Refuses (QueryError) SERVICE clauses and graphs outside the dataset; the protocol dataset,
        when given, replaces the query's FROM clauses. Over `timeout_s`, `max_results` or the store's
        byte cap: OverLimit (422); no worker free in time: Busy (503). `kind` is "user" for a query
        from outside (it may not take the workers kept for the API's own queries).
        """
        ...

    def update(self, update: str) -> None: ...

    def load(self, data: bytes, fmt: str = "trig", graph: str | None = None) -> None: ...

    def clear(self) -> None: ...

    def graphs(self) -> list[str]: ...

    def optimize(self) -> str:
        """Ask the backend to compact its indexes after a bulk load; says what happened."""
        ...

    def close(self) -> None:
        """Release workers and connections; the store is not used afterwards."""
        ...

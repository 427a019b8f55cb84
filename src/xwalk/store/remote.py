"""A store on any SPARQL 1.1 server: the Protocol for queries and updates, the Graph Store
Protocol for loads, over httpx. Backend failures become StoreError / QueryError / LimitExceeded
here, once.

Answers are streamed, counted and checked before anything is passed on: some servers (Oxigraph's
`serve --timeout-s` among them) answer 200 and then cut the body short or append an error message
to it, so a result is only trusted once it parses completely.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from xwalk.errors import LimitExceeded, QueryError, StoreError
from xwalk.queries import prepare
from xwalk.store import guard, virtuoso
from xwalk.store.base import Bindings, Row, Triple
from xwalk.store.execute import too_big, too_many, too_slow, wrong_format
from xwalk.store.results import (
    RDF_FORMATS,
    JsonRowCounter,
    QueryResult,
    parse_json,
    parse_ntriples,
    write,
)

JSON_RESULTS = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
CONTENT_TYPES = {
    "turtle": "text/turtle",
    "ntriples": NTRIPLES,
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "nquads": "application/n-quads",
    "trig": "application/trig",
}
CANCELLED = b"has been cancelled"  # what Oxigraph appends to a body it stopped at its time limit
MAX_BODY = 512 * 1024 * 1024  # a hard stop whatever the result-size limit says


def endpoints(url: str, update_url: str | None = None, graph_url: str | None = None) -> tuple[str, str, str]:
    """(query, update, graph store) URLs. `http://host:7878` and `.../query` follow Oxigraph's layout
    (/query, /update, /store); `.../sparql` is one endpoint for queries and updates (Virtuoso,
    Neptune). Anything else can be given explicitly."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith("/sparql"):
        base_path, query_path, update_path = path[: -len("/sparql")], path, path
    else:
        base_path = path[: -len("/query")] if path.endswith("/query") else path
        query_path, update_path = base_path + "/query", base_path + "/update"

    def at(p: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, p, "", ""))

    return at(query_path), update_url or at(update_path), graph_url or at(base_path + "/store")


class RemoteSparqlStore:
    """Store protocol over HTTP. The server must use the union of named graphs as its default graph
    (Oxigraph: `serve --union-default-graph`; Virtuoso does by default; docs/scaling.md). `user` and
    `password` (from settings only) answer the server's digest or basic challenge, for updates and loads."""

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        graph_url: str | None = None,
        timeout_s: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        user: str | None = None,
        password: str | None = None,
        auth_scheme: str = "digest",
    ) -> None:
        self.query_url, self.update_url, self.graph_url = endpoints(url, update_url, graph_url)
        self._derived = (update_url is None, graph_url is None)
        self.timeout_s = timeout_s
        auth: httpx.Auth | None = None
        if user is not None:
            auth = (httpx.BasicAuth if auth_scheme == "basic" else httpx.DigestAuth)(user, password or "")
        self._client = httpx.Client(
            timeout=timeout_s, transport=transport, auth=auth, headers={"User-Agent": "xwalk"}
        )
        self._virtuoso: bool | None = None
        self._listed: tuple[float, list[str]] | None = None  # Virtuoso: (when, the data graphs)

    def __repr__(self) -> str:
        return f"RemoteSparqlStore({self.query_url!r})"

    # --- the one place httpx errors become xwalk errors ---------------------------------------

    @contextmanager
    def _request(
        self, method: str, url: str, *, what: str, limit_s: float | None = None, **kw: Any
    ) -> Iterator[httpx.Response]:
        try:
            with self._client.stream(method, url, **kw) as response:
                if response.status_code >= 400:
                    response.read()
                    message = response.text.strip()[:2000] or response.reason_phrase
                    if response.status_code == 400:
                        raise QueryError(f"the SPARQL server refused the {what}: {message}")
                    if response.status_code in (401, 403):
                        raise StoreError(
                            f"the SPARQL server at {url} refused the {what} without an account that may write: "
                            "set XWALK_STORE_USER and XWALK_STORE_PASSWORD (docs/scaling.md)."
                        )
                    raise StoreError(
                        f"the SPARQL server at {url} answered {response.status_code} to the {what}: {message}"
                    )
                yield response
        except httpx.TimeoutException:
            if limit_s is not None:
                raise too_slow(limit_s) from None
            raise StoreError(f"the SPARQL server at {url} did not finish the {what} in time.") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {exc}") from None

    def _query(
        self,
        text: str,
        accept: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        timeout_s: float | None = None,
        max_results: int | None = None,
    ) -> QueryResult:
        limit_s = timeout_s if timeout_s is not None else self.timeout_s
        deadline = time.monotonic() + limit_s
        form: dict[str, Any] = {
            "query": text, "default-graph-uri": list(default_graphs), "named-graph-uri": list(named_graphs)
        }
        if self.is_virtuoso():
            # its "anytime" limit, at half ours: the server stops the work itself (and says the answer is partial)
            form["timeout"] = str(max(1, int(limit_s * 500)))
        timeout = httpx.Timeout(limit_s, connect=min(limit_s, 10.0))
        with self._request(
            "POST",
            self.query_url,
            what="query",
            limit_s=limit_s,
            data=form,
            headers={"Accept": accept},
            timeout=timeout,
        ) as response:
            virtuoso.check_complete(response.headers)
            media = response.headers.get("content-type", "").split(";")[0].strip().lower()
            counter = JsonRowCounter() if media == JSON_RESULTS else None
            chunks: list[bytes] = []
            size = lines = 0
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                lines += chunk.count(b"\n") if media == NTRIPLES else 0
                rows = counter.feed(chunk) if counter is not None else lines
                if max_results is not None and rows > max_results:
                    raise too_many(max_results)
                if time.monotonic() > deadline:
                    raise too_slow(limit_s)
                if size > MAX_BODY:
                    raise too_big(MAX_BODY)
        body = b"".join(chunks)
        try:
            if media == JSON_RESULTS:
                return parse_json(body)
            if media == NTRIPLES:
                return QueryResult("graph", triples=parse_ntriples(body))
        except StoreError as exc:
            if CANCELLED in body[-500:]:
                raise LimitExceeded("the SPARQL server stopped the query at its own time limit.") from None
            tail = body[-200:].decode("utf-8", "replace").strip()
            raise StoreError(f"{exc.detail} The answer ends with: {tail!r}") from None
        raise StoreError(f"the SPARQL server answered {media or 'no media type'}, not {accept}.")

    def is_virtuoso(self) -> bool:
        """Asked once (the Server header of an `ASK {}`); a server that does not answer is taken as
        standard, and its next request reports the failure."""
        if self._virtuoso is None:
            try:
                with self._client.stream(
                    "POST", self.query_url, data={"query": "ASK {}"}, headers={"Accept": JSON_RESULTS}
                ) as response:
                    response.read()
            except httpx.HTTPError:
                return False
            self._virtuoso = virtuoso.is_virtuoso(response.headers)
            if self._virtuoso:
                update_url, graph_url = virtuoso.write_endpoints(self.query_url)
                self.update_url = update_url if self._derived[0] else self.update_url
                self.graph_url = graph_url if self._derived[1] else self.graph_url
        return self._virtuoso

    # --- Store protocol -----------------------------------------------------------------------

    def _prepare(self, query: str, bindings: Bindings | None) -> str:
        return prepare(query, bindings, bind=self.is_virtuoso())

    def _dataset(self) -> tuple[list[str], list[str]]:
        """Virtuoso: the data graphs named as the dataset, so its own graphs stay out of the union."""
        if not self.is_virtuoso():
            return [], []
        if self._listed is None or time.monotonic() - self._listed[0] > virtuoso.LIST_TTL_S:
            self._listed = (time.monotonic(), self.graphs())
        graphs = self._listed[1] or [virtuoso.NO_GRAPH]
        return graphs, graphs

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        default, named = self._dataset()
        result = self._query(self._prepare(query, bindings), JSON_RESULTS, default_graphs=default, named_graphs=named)
        if result.form != "bindings":
            raise QueryError("expected a SELECT query.")
        return result.rows

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        default, named = self._dataset()
        result = self._query(self._prepare(query, bindings), JSON_RESULTS, default_graphs=default, named_graphs=named)
        if result.form != "boolean":
            raise QueryError("expected an ASK query.")
        return result.boolean

    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]:
        default, named = self._dataset()
        return self._query(self._prepare(query, bindings), NTRIPLES, default_graphs=default, named_graphs=named).triples

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
        del kind  # the remote server does its own admission
        found = guard.check_query(query)
        if found.values and found.paths and self.is_virtuoso():
            rewritten = virtuoso.values_as_bind(query)
            if rewritten is not None:
                query, found = rewritten, guard.check_query(rewritten)
        default, named = list(default_graphs), list(named_graphs)
        if not default and not named:
            # A server with a union default graph may ignore FROM: send the query's dataset as protocol.
            default, named = found.from_default, found.from_named
        if default or named:
            guard.check_dataset(default, named, self.graphs())
        elif self.is_virtuoso():
            default, named = self._dataset()
        if (found.from_default or found.from_named) and self.is_virtuoso():
            query = virtuoso.without_dataset(query)  # it would merge FROM with the protocol's dataset
        if found.values and found.paths and self.is_virtuoso():
            raise QueryError(virtuoso.VALUES_WITH_PATH)
        graph_form = found.form in ("CONSTRUCT", "DESCRIBE")
        if graph_form and result_format not in RDF_FORMATS:
            raise wrong_format("graph", result_format)
        if found.form in ("SELECT", "ASK") and result_format in RDF_FORMATS:
            raise wrong_format("bindings", result_format)
        accept = NTRIPLES if graph_form else JSON_RESULTS if found.form else f"{JSON_RESULTS}, {NTRIPLES};q=0.9"
        result = self._query(
            query, accept, default_graphs=default, named_graphs=named, timeout_s=timeout_s, max_results=max_results
        )
        if max_results is not None and len(result) > max_results:
            raise too_many(max_results)
        try:
            return result.form, write(result, result_format)
        except ValueError:
            raise wrong_format(result.form, result_format) from None

    def update(self, update: str) -> None:
        guard.check_update(update)
        self.is_virtuoso()  # its update endpoint is another one
        self._listed = None
        with self._request("POST", self.update_url, what="update", data={"update": update}):
            pass

    def load(self, data: bytes, fmt: str = "trig", graph: str | None = None) -> None:
        """A dataset (TriG, N-Quads) replaces each graph it holds (GSP PUT); other data is added to
        `graph`, or to the default graph (GSP POST)."""
        if fmt not in CONTENT_TYPES:
            raise StoreError(f"cannot load {fmt} data: use one of {', '.join(CONTENT_TYPES)}.")
        if fmt in ("trig", "nquads") and graph is None:
            for name, body in sorted(_split_graphs(data, fmt).items()):
                self._send_graph("PUT", name, body, NTRIPLES)
            return
        self._send_graph("POST", graph, data, CONTENT_TYPES[fmt])

    def _send_graph(self, method: str, graph: str | None, body: bytes, content_type: str) -> None:
        self.is_virtuoso()
        self._listed = None
        params = {"graph": graph} if graph else {"default": ""}
        with self._request(
            method,
            self.graph_url,
            what=f"load of graph <{graph or 'default'}>",
            params=params,
            content=body,
            headers={"Content-Type": content_type},
        ):
            pass

    def clear(self) -> None:
        if not self.is_virtuoso():
            self.update("DROP ALL")
            return
        for g in self.graphs():  # Virtuoso's DROP ALL answers 200 and drops nothing
            self.update(f"DROP SILENT GRAPH <{g}>")
        left = self.graphs()
        if left:
            raise StoreError(f"the SPARQL server kept {len(left)} graph(s) after DROP GRAPH, e.g. <{left[0]}>.")

    def graphs(self) -> list[str]:
        if self.is_virtuoso():
            rows = self._query(virtuoso.LIST_GRAPHS, JSON_RESULTS).rows
            return sorted(r["g"].value for r in rows if r["g"].value not in virtuoso.OWN_GRAPHS)
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(r["g"].value for r in rows if "g" in r and r["g"].kind == "uri")

    def optimize(self) -> str:
        if self.is_virtuoso():
            return "nothing to do: Virtuoso indexes quads as they load (isql-vt `checkpoint;` writes them to disk now)."
        return (
            "the SPARQL 1.1 protocols have no optimize operation; for Oxigraph, stop the server and run "
            "`oxigraph optimize --location DIR` (measured: scans 6-7x faster after it on large graphs)."
        )

    def close(self) -> None:
        self._client.close()


def _split_graphs(data: bytes, fmt: str) -> dict[str | None, bytes]:
    """N-Triples per graph of a dataset (None: the default graph)."""
    try:
        quads = list(ox.parse(data, format=RDF_FORMATS[fmt]))
    except SyntaxError as exc:
        raise StoreError(f"cannot load {fmt} data: {exc}") from None
    by_graph: dict[str | None, list[ox.Triple]] = defaultdict(list)
    for q in quads:
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        by_graph[name].append(ox.Triple(q.subject, q.predicate, q.object))
    return {g: ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES) or b"" for g, ts in by_graph.items()}

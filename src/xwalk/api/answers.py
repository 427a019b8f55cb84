"""Encoded answers kept per build: the bytes of a REST answer, sent again for the same request.

Every GET under /api/v1 answers from the graph and the request's URL and Accept header only (no
clock, no other header, no state), and the graph does not change within a build. So the complete
answer (status line headers and body, exactly as the route sent it) is kept, keyed by the graph's
content hash, the path, the raw query string and the Accept header, and a repeat is sent from here
before routing, validation and the thread pool (a coverage answer: ~1,900 witness steps to encode).
A POSTed gap analysis is kept the same way by its route, keyed by a hash of the body and of the
validated parameters (routes/analysis.py). A read-only SPARQL query's answer is kept by
routes/sparql.answer_query, keyed by the query text, the protocol's dataset lists and the negotiated
format (`sparql_key`), and sent again before admission and the query workers; never an answer that
may differ between two runs: a query calling NOW, RAND, UUID, STRUUID or BNODE (store/guard.py
reads them as tokens), or an answer holding blank nodes (their labels are drawn afresh each time a
worker loads the store, so two workers label the same node differently: `has_blank_nodes`).

Nothing is kept, or served, for a store without a build stamp ("unbuilt") or once an update through
/sparql has changed the graph (Graph.modified): from then on every request is answered afresh, as
engine/catalog_index.per_build does. Only complete 200 answers are kept; the memory they take is
bounded (XWALK_ANSWER_CACHE_MB, least recently used first out; 0 turns the cache off).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from starlette.concurrency import run_in_threadpool

from xwalk.api.limits import ASGIApp, Message, Receive, Scope, Send
from xwalk.engine.context import Graph

Stored = tuple[Any, bytes]  # what the answer's head needs (an http.response.start message; a media type), the body


class Answers:
    """A bounded least-recently-used map of encoded answers."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[Any, bytes, int]] = OrderedDict()  # head, body, size
        self._size = 0
        self._lock = threading.Lock()  # routes put from the thread pool
        self._build: str | None = None

    async def build(self, graph: Graph) -> str | None:
        """`build_key` of the app's one graph, read once (a thread-pool hop costs more than a hit)."""
        if graph.modified:
            return None
        if self._build is None:
            self._build = await build_key(graph)
        return None if graph.modified else self._build

    def get(self, key: Hashable) -> Stored | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is None:
                return None
            self._items.move_to_end(key)
            return hit[0], hit[1]

    def put(self, key: Hashable, head: Any, body: bytes, key_bytes: int = 0) -> None:
        """Keep `body`; `key_bytes` is what the key itself holds (a URL may be 16 KiB for a 300-byte answer)."""
        size = len(body) + key_bytes + 256
        if size > self.max_bytes // 8:  # one huge answer must not push out all the others
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= old[2]
            self._items[key] = (head, body, size)
            self._size += size
            while self._size > self.max_bytes:
                _, (_, _, dropped) = self._items.popitem(last=False)
                self._size -= dropped


async def build_key(graph: Graph) -> str | None:
    """The content hash answers are kept under, or None when nothing may be kept (see the module)."""
    if graph.modified:
        return None
    key = await run_in_threadpool(getattr, graph, "content_hash")  # read from the store once, then remembered
    return None if key == "unbuilt" or graph.modified else str(key)


class CachedGets:
    """ASGI middleware: GETs under `prefix` answered from `Answers` when the same request was answered
    before in this build. HEAD arrives here as GET (api/methods.py runs outside this)."""

    def __init__(self, app: ASGIApp, *, graph: Graph, answers: Answers, prefix: str = "/api/v1/") -> None:
        self.app = app
        self.graph = graph
        self.answers = answers
        self.prefix = prefix
        self._hash: str | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        if self._hash is None or self.graph.modified:
            self._hash = await build_key(self.graph)
        build = self._hash
        if build is None:
            await self.app(scope, receive, send)
            return
        # Every Accept header as sent, not joined: routes read the first one only, so two headers and the
        # one they would join to can get different answers and must not share a key.
        accept = tuple(value for name, value in scope["headers"] if name == b"accept")
        key = ("GET", build, scope["path"], scope.get("query_string", b""), accept)
        key_bytes = len(key[2]) + len(key[3]) + sum(len(a) for a in accept)
        hit = self.answers.get(key)
        if hit is not None:
            await send(hit[0])
            await send({"type": "http.response.body", "body": hit[1], "more_body": False})
            return
        start: Message | None = None

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = {**message, "headers": list(message.get("headers", []))}
            elif message["type"] == "http.response.body" and start is not None:
                if start["status"] == 200 and not message.get("more_body", False) and not self.graph.modified:
                    self.answers.put(key, start, bytes(message.get("body", b"")), key_bytes)
                start = None  # a streamed answer (more_body) is not kept
            await send(message)

        await self.app(scope, receive, keep)


def sparql_key(
    build: str, text: str, default_graphs: list[str], named_graphs: list[str], fmt: str, media: str
) -> Hashable:
    """What a SPARQL query's answer depends on within a build: the SPARQL 1.1 Protocol request, normalised
    (GET or POST, URL or form, Accept or `format`: the same query text, dataset and negotiated format)."""
    return ("SPARQL", build, text, tuple(default_graphs), tuple(named_graphs), fmt, media)


# How each result format writes a blank node (SPARQL JSON and XML results, CSV/TSV/N-Triples/Turtle
# labels, JSON-LD ids, RDF/XML nodeID; Turtle's `[]`). Over-cautious on purpose: a literal that
# merely contains one of these is not kept either, which costs a recomputation, never a wrong answer.
_BLANK_MARKS = (b"_:", b'"bnode"', b"<bnode", b"nodeID", b"[")


def has_blank_nodes(body: bytes, fmt: str) -> bool:
    marks = _BLANK_MARKS if fmt == "turtle" else _BLANK_MARKS[:-1]
    return any(mark in body for mark in marks)

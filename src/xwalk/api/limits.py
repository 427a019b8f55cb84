"""Request bodies bounded in size and in time, before a route reads them (a pure ASGI middleware).

A declared Content-Length over the route's limit is refused before any byte is read; a chunked
body is counted as it streams and refused at the first byte over; a body that trickles in slower
than the deadline is refused too (a slowloris holds a connection open by sending it byte by byte).
Both answers are problem+json, from the app's one handler: the error is raised inside the route's
`await request.body()`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from xwalk.errors import InputError, TooLarge

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class RequestTimeout(InputError):
    status = 408
    title = "Request timeout"
    type_slug = "request-timeout"


def too_large(size: int, limit: int, what: str) -> TooLarge:
    return TooLarge(
        f"the {what} is {size} bytes or more; the limit is {limit} bytes (settings: see docs/security.md).",
        extra={"limit_bytes": limit},
    )


class BodyLimits:
    """`limits` maps a path prefix to (bytes, what); the longest matching prefix wins, `default` otherwise."""

    def __init__(self, app: ASGIApp, *, limits: dict[str, tuple[int, str]], default: int, deadline_s: float) -> None:
        self.app = app
        self.limits = sorted(limits.items(), key=lambda kv: -len(kv[0]))
        self.default = default
        self.deadline_s = deadline_s

    def _limit(self, path: str) -> tuple[int, str]:
        for prefix, limit in self.limits:
            if path.startswith(prefix):
                return limit
        return self.default, "request body"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, what = self._limit(scope.get("path", ""))
        declared = _content_length(scope)
        received = 0
        complete = False  # after the last body chunk, receive() only waits for a disconnect: no deadline
        started = time.monotonic()
        refused: InputError | None = None
        if declared is not None and declared > limit:
            refused = too_large(declared, limit, what)

        async def bounded() -> Message:
            nonlocal received, complete
            if refused is not None:
                raise refused
            if complete:
                return await receive()
            left = self.deadline_s - (time.monotonic() - started)
            try:
                message = await asyncio.wait_for(receive(), timeout=max(left, 0.001))
            except TimeoutError:
                raise RequestTimeout(
                    f"the request body did not arrive within {self.deadline_s:g} s; send it at once.",
                    extra={"limit_s": self.deadline_s},
                ) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(received, limit, what)
                complete = not message.get("more_body", False)
            return message

        await self.app(scope, bounded, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class HeadTooLarge(Exception):
    """Raised in a parser callback: httptools reports it as a parse error, so uvicorn answers 400 and closes."""


def header_deadline_protocol(timeout_s: float, max_head_bytes: int = 16 * 1024) -> type:
    """uvicorn's httptools protocol, with a deadline for each request's headers and a size limit on them.

    uvicorn times out idle keep-alive connections but not a request whose headers trickle in (any
    byte cancels its keep-alive timer), so 2,000 half-sent requests held 2,000 connections open.
    Here a connection waiting for headers is closed `timeout_s` after it started waiting. The request
    line and headers together may hold `max_head_bytes` (h11's `max_incomplete_event_size` did this
    before; httptools is a C parser, cheaper per request: docs/scaling.md "Where a request's time goes")."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class HeaderDeadline(HttpToolsProtocol):
        _deadline: asyncio.TimerHandle | None = None
        _head_bytes = 0

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(timeout_s, self._expire)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expire(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            before = self.cycle
            super().data_received(data)
            if self.cycle is not before:  # the headers of a request are complete
                self._disarm()

        def on_message_begin(self) -> None:
            self._head_bytes = 0
            super().on_message_begin()

        def _count(self, size: int) -> None:
            self._head_bytes += size
            if self._head_bytes > max_head_bytes:
                raise HeadTooLarge(f"the request line and headers exceed {max_head_bytes} bytes")

        def on_url(self, url: bytes) -> None:
            self._count(len(url))
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self._count(len(name) + len(value) + 4)
            super().on_header(name, value)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()  # the next request on this connection gets its own deadline

    return HeaderDeadline

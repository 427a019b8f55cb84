"""HEAD on every GET route, and an `Allow` header on every 405 (RFC 9110 sections 9.3.2 and 15.5.6).

FastAPI routes answer only the methods they declare, so HEAD was 405 everywhere. This middleware runs
a HEAD as the GET it stands for and sends the same status and headers without the body."""

from __future__ import annotations

from starlette.requests import Request

from xwalk.api.limits import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def allow_value(methods: str) -> str:
    """The methods a 405 names, sorted, with HEAD wherever GET is (this middleware answers it)."""
    names = {m.strip().upper() for m in methods.split(",") if m.strip()}
    if "GET" in names:
        names.add("HEAD")
    return ", ".join(sorted(names))


def methods_at(request: Request) -> list[str]:
    """The methods of every route whose path matches this request's path (FastAPI keeps an included
    router's routes as its candidates; Starlette names only the first route it matched)."""
    path = request.scope.get("path", "")
    found: set[str] = set()
    for route in request.app.router.routes:
        for r in [route, *(getattr(route, "_effective_candidates", None) or [])]:
            regex = getattr(r, "path_regex", None)
            if regex is not None and regex.match(path):
                found |= set(getattr(r, "methods", None) or ())
    return sorted(found)

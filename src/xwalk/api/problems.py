"""The ONE place errors become RFC 9457 problem+json responses."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from xwalk.api.methods import allow_value, methods_at
from xwalk.errors import XwalkError

PROBLEM = "application/problem+json"
TYPE_BASE = "https://w3id.org/xwalk/problems/"


def problem(status: int, title: str, detail: str, slug: str, instance: str, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _pointer(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        where, rest = parts[0], parts[1:]
        return f"{where}:/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in rest)
    return "/" + "/".join(parts)


def of_error(exc: XwalkError, path: str, root: str | None) -> JSONResponse:
    """The problem+json answer to one of our errors; `root` (the sources' directory) is never shown."""
    detail = exc.detail if root is None else exc.detail.replace(root + "/", "").replace(root, ".")
    response = problem(exc.status, exc.title, detail, exc.type_slug, path, **exc.extra)
    if exc.status == 401:  # RFC 6750: a 401 names the scheme it expects
        response.headers["WWW-Authenticate"] = 'Bearer realm="xwalk"'
    if "retry_after" in exc.extra:  # busy, not refused: say when to come back (RFC 9110 10.2.3)
        response.headers["Retry-After"] = str(exc.extra["retry_after"])
    return response


def unexpected(path: str) -> JSONResponse:
    """A 500 without a stack trace on the wire; the server log keeps it (call inside the `except`)."""
    import logging

    logging.getLogger("xwalk").exception("unhandled error on %s", path)
    return problem(500, "Internal error", "an unexpected error occurred; it has been logged.", "internal", path)


def install(app: FastAPI) -> None:
    settings = getattr(app.state, "settings", None)
    root = str(settings.root) if settings is not None else None  # never shown: answers name files relative to it

    @app.exception_handler(XwalkError)
    async def _xwalk(request: Request, exc: XwalkError) -> JSONResponse:
        return of_error(exc, request.url.path, root)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"pointer": _pointer(tuple(e.get("loc", ()))), "message": str(e.get("msg", ""))} for e in exc.errors()
        ]
        detail = "; ".join(f"{e['pointer']}: {e['message']}" for e in errors)
        return problem(422, "Invalid request", detail, "invalid-request", request.url.path, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        response = problem(exc.status_code, str(exc.detail), str(exc.detail), "http-error", request.url.path)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        if exc.status_code == 405:  # every route at this path counts (GET and POST may be two routes)
            declared = (exc.headers or {}).get("Allow", "")
            response.headers["Allow"] = allow_value(", ".join([declared, *methods_at(request)]))
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return unexpected(request.url.path)

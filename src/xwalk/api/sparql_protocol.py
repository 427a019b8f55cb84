"""Read a SPARQL 1.1 Protocol request (query or update operation) from HTTP.

    GET  /sparql?query=...                                   query via GET
    POST /sparql  application/x-www-form-urlencoded          query=... or update=...
    POST /sparql  application/sparql-query                   the query is the body
    POST /sparql  application/sparql-update                  the update is the body
    default-graph-uri / named-graph-uri (queries), in the URL or the form; `format` overrides Accept
    (repeated, the first that fits the query form wins: SPARQLWrapper sends format=rdf+xml&format=xml).

Errors follow the protocol's test suite: a missing media type or a malformed request is 400, a media
type the protocol does not define (or a charset other than UTF-8) is 415.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qsl

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from xwalk.errors import InputError, UnsupportedMediaType

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
MEDIA_TYPES = (FORM, QUERY, UPDATE)


@dataclass
class Operation:
    kind: Literal["query", "update", "none"]
    text: str = ""
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    using: bool = False  # using-graph-uri / using-named-graph-uri were sent
    formats: list[str] = field(default_factory=list)  # `format` values, tried in order


def _media_type(request: Request) -> tuple[str, str]:
    raw = request.headers.get("content-type", "")
    parts = [p.strip() for p in raw.split(";")]
    charset = ""
    for p in parts[1:]:
        name, _, value = p.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return parts[0].lower(), charset


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"the {what} is not valid UTF-8 (byte {exc.start}); SPARQL requests are UTF-8.") from None


def _one(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise InputError(f"the request holds {len(values)} `{name}` parameters; send exactly one.")
    return values[0] if values else None


async def read_operation(request: Request) -> Operation:
    params = parse_qsl(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        media, charset = _media_type(request)
        if not media:
            raise InputError(
                f"a SPARQL POST needs a Content-Type: {', '.join(MEDIA_TYPES)} (SPARQL 1.1 Protocol, section 2)."
            )
        if media not in MEDIA_TYPES:
            raise UnsupportedMediaType(
                f"Content-Type {media} is not a SPARQL request; use {', '.join(MEDIA_TYPES)}.",
                extra={"accepted": list(MEDIA_TYPES)},
            )
        if charset and charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(f"charset {charset} is not supported; send the request as UTF-8.")
        body = _decode(await request.body(), "request body")  # bounded: XWALK_MAX_QUERY_BYTES (api/limits.py)
        if media == FORM:
            form = await run_in_threadpool(parse_qsl, body, keep_blank_values=True) if len(body) > 65536 else None
            params = params + (form if form is not None else parse_qsl(body, keep_blank_values=True))
        else:
            name = "query" if media == QUERY else "update"
            if _one(params, "query") is not None or _one(params, "update") is not None:
                raise InputError(f"the body is the {name} ({media}); do not also send `query` or `update` in the URL.")
            params = [*params, (name, body)]
    elif _one(params, "update") is not None:
        raise InputError("an update must be sent with POST (SPARQL 1.1 Protocol, section 2.2).")
    query, update = _one(params, "query"), _one(params, "update")
    if query is not None and update is not None:
        raise InputError("the request holds both a query and an update; send one operation at a time.")
    op = Operation(
        "query" if query is not None else "update" if update is not None else "none",
        text=query if query is not None else update or "",
        default_graphs=[v for k, v in params if k == "default-graph-uri"],
        named_graphs=[v for k, v in params if k == "named-graph-uri"],
        using=any(k in ("using-graph-uri", "using-named-graph-uri") for k, _ in params),
        formats=[v for k, v in params if k == "format" and v.strip()],
    )
    if op.kind != "none" and not op.text.strip():
        raise InputError(f"the {op.kind} is empty.")
    return op

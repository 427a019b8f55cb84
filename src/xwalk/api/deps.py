"""Request dependencies: the engine's graph and the settings, from app.state; a posted profile.

The first two are `async def` on purpose: FastAPI runs a plain `def` dependency in its thread pool, and a thread
hop per dependency cost more than these attribute reads (on a loaded machine, up to a millisecond each;
/sparql took three hops per request, two of them here)."""

from __future__ import annotations

from fastapi import Request

from xwalk.api.untrusted import read_untrusted_profile
from xwalk.build.profile import syntax_of
from xwalk.config import Settings
from xwalk.engine.context import Graph
from xwalk.model.profile import Profile

# The request body of every route that takes a profile (gap analysis, classify, validate, export).
PROFILE_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "/api/v1/schemas/profile"}},
        "text/turtle": {"schema": {"type": "string"}},
        "application/ld+json": {"schema": {"type": "object"}},
    },
}


async def get_graph(request: Request) -> Graph:
    graph: Graph = request.app.state.graph
    return graph


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def posted_profile(request: Request, content_type: str | None, *, strict: bool = True) -> Profile:
    """The profile sent as the body (JSON, Turtle or JSON-LD), read as untrusted input. The body is at
    most XWALK_MAX_PROFILE_BYTES (api/limits.py); `strict=False` leaves evidence, justifications and
    stated classes to the shapes (classify, validate)."""
    syntax = syntax_of(content_type)
    body = await request.body()
    return await read_untrusted_profile(body, syntax, request.app.state.rdf_parser, strict=strict)

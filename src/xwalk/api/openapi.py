"""The OpenAPI document, completed where FastAPI's generator cannot know the app.

- Errors: every answer >= 400 is problem+json (api/problems.py), so each declared error status says so,
  FastAPI's own 422 shape (`HTTPValidationError`, which this app never sends) is replaced, and a
  `default` response covers the statuses a route does not list (404 for an unknown id, 413, 503, ...).
- The profile schema that the request bodies name is inlined into components, so the document is
  self-contained (a client or a fuzzer resolves every `$ref` without fetching anything).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from xwalk.model.profile import json_schema

PROBLEM_MEDIA = "application/problem+json"
PROFILE_REF = "/api/v1/schemas/profile"  # what routes write; rewritten to the component below
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; some problems add fields (errors, limit, retry_after, ...).",
    "type": "object",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {"type": "object", "properties": {"pointer": {"type": "string"}, "message": {"type": "string"}}},
        },
    },
}
_PROBLEM_CONTENT = {PROBLEM_MEDIA: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _profile_components() -> dict[str, Any]:
    """The profile JSON Schema as components: its `$defs` become siblings, their refs rewritten."""
    schema = json_schema()
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    parts = {"Profile": schema, **defs}
    text = json.dumps(parts).replace('"#/$defs/', '"#/components/schemas/')
    components: dict[str, Any] = json.loads(text)
    return components


def _complete(spec: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(spec).replace(f'"$ref": "{PROFILE_REF}"', '"$ref": "#/components/schemas/Profile"')
    spec = json.loads(text)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    clash = set(schemas) & set(_profile_components())
    if clash:  # a route model named like a profile part would be silently replaced
        raise RuntimeError(f"OpenAPI component names used twice: {sorted(clash)}")
    schemas.update(_profile_components())
    schemas["Problem"] = PROBLEM_SCHEMA
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                if status != "default" and int(status) >= 400:
                    response["content"] = dict(_PROBLEM_CONTENT)
            responses["default"] = {
                "description": "Any other error, as problem+json (RFC 9457)",
                "content": dict(_PROBLEM_CONTENT),
            }
    return spec


def install(app: FastAPI) -> None:
    """Replace `app.openapi` with the completed document (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                openapi_version=app.openapi_version,
            )
            app.openapi_schema = _complete(spec)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

"""Published JSON Schemas."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from xwalk.engine.orggraph import context
from xwalk.model.profile import SCHEMA_ID, json_schema

router = APIRouter(tags=["schemas"])


@router.get(
    "/schemas/profile",
    summary="The JSON Schema of the organisation profile that POST /gap-analysis takes",
    responses={
        200: {
            "content": {
                "application/schema+json": {
                    "example": {"$id": SCHEMA_ID, "title": "xwalk organisation profile", "type": "object"}
                }
            }
        }
    },
)
def profile_schema() -> JSONResponse:
    body: dict[str, Any] = json_schema()
    return JSONResponse(body, media_type="application/schema+json")


@router.get(
    "/schemas/profile.jsonld",
    summary="The JSON-LD @context that reads a profile's JSON as RDF in the ontology's terms",
    responses={200: {"content": {"application/ld+json": {"example": {"@context": {"xw": "…"}}}}}},
)
def profile_context() -> JSONResponse:
    return JSONResponse(context(), media_type="application/ld+json")

"""Named queries over HTTP: the catalogue of queries/ and running one with its parameters.

Parameter values become RDF terms (queries.NamedQuery.bindings: IRIs checked, literals escaped)
inside a VALUES block; they are never pasted into the query text.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from xwalk.api.deps import get_graph, get_settings
from xwalk.api.media import listing
from xwalk.config import Settings
from xwalk.engine.context import Graph
from xwalk.errors import InputError
from xwalk.queries import NamedQuery, catalogue, find, prepare
from xwalk.store.results import parse_json

router = APIRouter(tags=["queries"])

EXAMPLE_QUERY = {
    "name": "examples/annex-a-controls",
    "summary": "The Annex A controls of an ISO management-system standard, in document order",
    "params": [
        {
            "name": "framework",
            "type": "iri",
            "default": "fw:iso-iec-42001-2023",
            "description": "The framework edition (fw:iso-iec-27001-2022 for ISO/IEC 27001)",
        }
    ],
    "sparql": "PREFIX xw: <https://w3id.org/xwalk/ontology#>\n…\nSELECT ?control ?notation ?title ?objective …",
    "url": "/api/v1/queries/examples/annex-a-controls",
}


def describe(q: NamedQuery) -> dict[str, Any]:
    """A query's headers, and its text with the project prefixes and the default parameter values bound."""
    return {
        "name": q.name,
        "summary": q.summary,
        "params": [
            {"name": p.name, "type": p.type, "default": p.default, "description": p.description} for p in q.params
        ],
        "sparql": prepare(q.text, q.bindings({})),
        "url": f"/api/v1/queries/{q.name}",
    }


@router.get(
    "/queries",
    summary="The named queries (queries/**/*.rq) with their summary and parameters",
    responses={200: {"content": {"application/json": {"example": {"count": 1, "data": [EXAMPLE_QUERY]}}}}},
)
def list_queries(settings: Annotated[Settings, Depends(get_settings)]) -> JSONResponse:
    book = catalogue(settings.queries_dir)
    return listing([describe(q) for name, q in sorted(book.items()) if name == q.name])


@router.get(
    "/queries/{name:path}",
    summary="Run a named query; each URL parameter binds the query parameter of that name",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "query": "examples/annex-a-controls",
                        "variables": ["control", "notation", "title", "objective"],
                        "count": 1,
                        "data": [
                            {
                                "control": "https://w3id.org/xwalk/id/iso-iec-42001-2023/A.2.2",
                                "notation": "A.2.2",
                                "title": "AI policy",
                                "objective": "A.2",
                            }
                        ],
                    }
                }
            }
        },
        400: {"description": "Unknown parameter, or a value that is not of the parameter's type"},
        404: {"description": "No query of that name (with suggestions)"},
    },
)
def run_query(
    name: str,
    request: Request,
    graph: Annotated[Graph, Depends(get_graph)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> JSONResponse:
    q = find(settings.queries_dir, name)
    values: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in values:
            raise InputError(f"parameter {key} is given twice; give each parameter once.")
        values[key] = value
    bindings = q.bindings(values)
    _, body = graph.store.query_raw(
        prepare(q.text, bindings), "json", timeout_s=settings.query_timeout_s, max_results=settings.max_results
    )
    result = parse_json(body)
    if result.form == "boolean":
        return JSONResponse({"query": q.name, "boolean": result.boolean})
    data = [{v: row[v].value for v in result.variables if v in row} for row in result.rows]
    return listing(data, query=q.name, variables=result.variables)

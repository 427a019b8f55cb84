"""Health and version."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from xwalk import __version__
from xwalk.api.deps import get_graph
from xwalk.engine.catalog import frameworks
from xwalk.engine.context import Graph
from xwalk.errors import BuildMissing

health_router = APIRouter(tags=["meta"])
router = APIRouter(tags=["meta"])


@health_router.get(
    "/health",
    summary="Readiness: ok only when a non-empty graph is loaded (503 problem+json saying why otherwise)",
    responses={503: {"description": "No graph, or an empty one"}},
)
def health(graph: Annotated[Graph, Depends(get_graph)]) -> dict[str, str]:
    if graph.content_hash == "unbuilt":
        raise BuildMissing(
            "the store holds no xwalk build (no content hash): run `xwalk build`, or `xwalk load` for a SPARQL server."
        )
    if not frameworks(graph):
        raise BuildMissing("the loaded graph holds no frameworks: the build read no catalogs (check --root).")
    return {"status": "ok", "content_hash": graph.content_hash}


@router.get(
    "/version",
    summary="The graph's content hash and the data versions it holds",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "xwalk": "0.1.0",
                        "content_hash": "sha256:…",
                        "frameworks": {"iso-iec-42001-2023": "2023"},
                    }
                }
            }
        }
    },
)
def version(graph: Annotated[Graph, Depends(get_graph)]) -> dict[str, Any]:
    return {
        "xwalk": __version__,
        "content_hash": graph.content_hash,
        "frameworks": {f.id: f.version for f in frameworks(graph)},
    }

"""Health and version."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from xwalk import __version__
from xwalk.api.deps import get_graph
from xwalk.engine.catalog import frameworks
from xwalk.engine.context import Graph

health_router = APIRouter(tags=["meta"])
router = APIRouter(tags=["meta"])


@health_router.get("/health", summary="Liveness: the service is up and its graph is loaded")
def health(graph: Annotated[Graph, Depends(get_graph)]) -> dict[str, str]:
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

"""Search provisions by notation and title."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from xwalk.api.deps import get_graph
from xwalk.api.media import listing
from xwalk.engine.browse import MAX_QUERY, search
from xwalk.engine.context import Graph

router = APIRouter(tags=["search"])


@router.get(
    "/search",
    summary="Provisions by number (Art. 15, art 15, A.8.25, GV-1.1, PR.AA-01) or title words, ranked: "
    "the provision, its parts, title matches",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "q": "event log",
                        "count": 1,
                        "data": [
                            {
                                "id": "iso42001:A.6.2.8",
                                "framework": "iso-iec-42001-2023",
                                "kind": "Control",
                                "notation": "A.6.2.8",
                                "title": "AI system recording of event logs",
                                "score": 5,
                            }
                        ],
                    }
                }
            }
        }
    },
)
def get_search(
    graph: Annotated[Graph, Depends(get_graph)],
    q: Annotated[
        str,
        Query(min_length=1, max_length=MAX_QUERY, description="A number (Article 15(1), A.8.25, GOVERN 1.1) or words"),
    ],
    framework: Annotated[str | None, Query(description="Only this framework (id or CURIE prefix)")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> JSONResponse:
    return listing(search(graph, q, framework, limit), q=q)

"""Graph exports and coverage matrices of a scope (GET), of a posted profile's gap report (POST), and the
framework-by-framework heatmap."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from xwalk.api.deps import get_graph, posted_profile
from xwalk.api.media import answer
from xwalk.api.routes.analysis import Status
from xwalk.engine.context import Graph
from xwalk.engine.coverage_table import coverage_table, heatmap
from xwalk.engine.gaps import GapReport, gap_analysis
from xwalk.engine.graphscope import SCOPES, Scope, parse_scope, scope_graph
from xwalk.errors import InputError
from xwalk.export.graph_export import EXPORT_FORMATS, Exported, check_format, export

router = APIRouter(tags=["export"])

GRAPH_EXAMPLES: dict[str, Any] = {
    "application/graphml+xml": {"example": '<graphml ...><node id="euaia:art-15"><data key="d4">Accuracy, …'},
    "text/vnd.graphviz": {"example": 'digraph {\nrankdir=LR;\n"euaia:art-15" [identifier="euaia:art-15", …'},
    "application/json": {
        "example": {
            "directed": True,
            "multigraph": True,
            "elements": {
                "nodes": [{"data": {"id": "euaia:art-15", "framework": "eu-ai-act", "kind": "Article", "…": "…"}}],
                "edges": [
                    {
                        "data": {
                            "source": "euaia:art-15-5",
                            "target": "iso27001:A.8.8",
                            "relation": "intersects-with",
                            "strength": 3,
                            "status": "reviewed",
                            "mapping_set": "eu-ai-act--iso-iec-27001-2022",
                            "mapping_source": "xwalk-curation",
                        }
                    }
                ],
            },
        }
    },
    "text/csv": {"example": "requirement,notation,title,verdict,by,relations,strength,chain\niso42001:4.1,…"},
}
HEATMAP_EXAMPLE = {
    "content_hash": "sha256:…",
    "frameworks": ["eu-ai-act", "gdpr", "…"],
    "verdicts": ["covered", "partial", "not-covered", "undetermined", "unmapped"],
    "cells": [
        {
            "source": "iso-iec-42001-2023",
            "target": "iso-iec-27001-2022",
            "count": 70,
            "counts": {"covered": 16, "partial": 40, "not-covered": 0, "undetermined": 4, "unmapped": 10},
            "percent": {"covered": 22.9, "partial": 57.1, "not-covered": 0.0, "undetermined": 5.7, "unmapped": 14.3},
        }
    ],
}

FORMAT_HELP = f"One of {', '.join(EXPORT_FORMATS)} (csv and xlsx are coverage matrices)"
SCOPE_HELP = f"One of {', '.join(SCOPES)}; the gaps scope is POSTed with its profile as the body"


def _export(
    graph: Graph, fmt: str, scope: Scope, report: GapReport | None, depth: int, strength: int, status: str
) -> Exported:
    return export(
        fmt,
        gaps=scope.kind == "gaps",
        title=f"xwalk {scope.text}",
        make_graph=lambda: scope_graph(graph, scope, report, min_strength=strength, min_status=status),
        make_table=lambda: coverage_table(graph, scope, report, depth=depth, min_strength=strength, min_status=status),
    )


def _response(out: Exported, scope: Scope) -> Response:
    name = "xwalk-" + "".join(c if c.isalnum() or c in "-." else "-" for c in scope.text) + out.suffix
    return Response(out.data, media_type=out.media_type, headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.get(
    "/export",
    summary="A framework, a pair of frameworks or a provision's neighbourhood as a graph file or coverage matrix",
    responses={
        200: {"content": GRAPH_EXAMPLES},
        400: {"description": "Unknown format or malformed scope"},
        404: {"description": "Unknown id"},
    },
)
async def get_export(
    graph: Annotated[Graph, Depends(get_graph)],
    format: Annotated[str, Query(description=FORMAT_HELP)],
    scope: Annotated[str, Query(description=SCOPE_HELP, max_length=300)],
    depth: Annotated[int, Query(ge=1, le=5, description="Longest chain, for matrices")] = 3,
    min_strength: Annotated[int, Query(ge=0, le=10)] = 0,
    min_status: Status = "draft",
) -> Response:
    parsed = parse_scope(scope)
    if parsed.kind == "gaps":
        raise InputError("the gaps scope is POSTed: send the profile as the body of POST /api/v1/export.")
    check_format(format, gaps=False)
    out = await run_in_threadpool(_export, graph, format, parsed, None, depth, min_strength, min_status)
    return _response(out, parsed)


@router.post(
    "/export",
    summary="The gap report of a posted profile as a graph (nodes coloured by verdict) or a matrix",
    description="Send the profile as for POST /api/v1/gap-analysis; `scope` may be omitted or `gaps:`.",
    responses={
        200: {"content": GRAPH_EXAMPLES},
        400: {"description": "Unknown format"},
        422: {"description": "Invalid profile"},
    },
)
async def post_export(
    request: Request,
    graph: Annotated[Graph, Depends(get_graph)],
    format: Annotated[str, Query(description=FORMAT_HELP)],
    scope: Annotated[str, Query(description="gaps: (the profile is the body)", max_length=300)] = "gaps:",
    content_type: Annotated[str | None, Header()] = None,
    depth: Annotated[int, Query(ge=1, le=5)] = 3,
    min_strength: Annotated[int, Query(ge=0, le=10)] = 0,
    min_status: Status = "draft",
) -> Response:
    if scope.strip() not in ("gaps:", "gaps"):
        raise InputError(f"POST takes the gaps scope with a profile; for {scope!r} use GET /api/v1/export.")
    parsed = Scope("gaps", profile="posted")
    check_format(format, gaps=True)
    profile = await posted_profile(request, content_type)
    report = await run_in_threadpool(
        gap_analysis, graph, profile, depth=depth, min_strength=min_strength, min_status=min_status
    )
    out = await run_in_threadpool(_export, graph, format, parsed, report, depth, min_strength, min_status)
    return _response(out, parsed)


@router.get(
    "/heatmap",
    summary="For every ordered pair of frameworks, the shares of the row's requirements per verdict",
    responses={200: {"content": {"application/json": {"example": HEATMAP_EXAMPLE}}}},
)
async def get_heatmap(graph: Annotated[Graph, Depends(get_graph)]) -> JSONResponse:
    return answer(await run_in_threadpool(heatmap, graph))

"""The coverage matrix of two frameworks and the gap analysis of an organisation profile."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from xwalk.api.deps import get_graph
from xwalk.api.media import answer, choose
from xwalk.api.untrusted import read_untrusted_profile
from xwalk.build.profile import syntax_of
from xwalk.engine.context import Graph
from xwalk.engine.coverage import matrix
from xwalk.engine.gaps import gap_analysis
from xwalk.engine.report import FORMATS, render

router = APIRouter(tags=["analysis"])

Status = Literal["draft", "reviewed", "approved"]


@router.get(
    "/matrix",
    summary="For each requirement of framework `from`, its best coverage by framework `to`, with counts and shares",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "source": "iso-iec-42001-2023",
                        "target": "iso-iec-27001-2022",
                        "depth": 3,
                        "content_hash": "sha256:…",
                        "count": 70,
                        "summary": {"covered": 16, "partial": 40, "unknown": 2, "not-covered": 2, "none": 10},
                        "percent": {"covered": 22.9, "partial": 57.1, "unknown": 2.9, "not-covered": 2.9, "none": 14.3},
                        "data": [
                            {
                                "provision": "iso42001:4.2",
                                "notation": "4.2",
                                "title": "Understanding the needs and expectations of interested parties",
                                "coverage": "covered",
                                "by": "iso27001:4.2",
                                "relations": ["equal"],
                                "strength": 10,
                                "chain": ["…"],
                            }
                        ],
                    }
                }
            }
        },
        404: {"description": "Unknown framework"},
    },
)
def get_matrix(
    graph: Annotated[Graph, Depends(get_graph)],
    source: Annotated[str, Query(alias="from", description="Framework whose requirements are rows")],
    target: Annotated[str, Query(alias="to", description="Framework that may cover them")],
    depth: Annotated[int, Query(ge=1, le=5)] = 3,
    min_strength: Annotated[int, Query(ge=0, le=10)] = 0,
    min_status: Status = "draft",
) -> JSONResponse:
    return answer(matrix(graph, source, target, depth=depth, min_strength=min_strength, min_status=min_status))


PROFILE_EXAMPLE = {
    "organisation": {"name": "Example Shop Ltd"},
    "as_of": "2027-12-02",
    "targets": ["iso-iec-42001-2023", "eu-ai-act"],
    "ai_systems": [
        {
            "id": "hire-rank",
            "name": "HireRank CV screening",
            "role": "provider",
            "risk_classes": ["high-risk-annex-iii"],
            "annex_iii_point": "euaia:annex-iii-4-a",
        }
    ],
    "evidence": [{"id": "soa", "type": "statement-of-applicability", "title": "Statement of Applicability"}],
    "implementations": [{"provision": "iso27001:7.5", "status": "implemented", "evidence": ["soa"]}],
    "exclusions": [{"provision": "iso42001:A.10.3", "justification": "No AI suppliers."}],
}
REPORT_EXAMPLE: dict[str, Any] = {
    "organisation": "Example Shop Ltd",
    "as_of": "2027-12-02",
    "targets": ["eu-ai-act", "iso-iec-42001-2023"],
    "depth": 3,
    "content_hash": "sha256:…",
    "profile_hash": "sha256:…",
    "summary": [
        {
            "framework": "iso-iec-42001-2023",
            "total": 70,
            "counts": {"met": 0, "covered": 4, "partial": 0, "not-covered": 65, "excluded": 1},
            "applicable": 69,
            "done": 4,
            "done_percent": 5.8,
            "reuse": {"implemented": ["iso-iec-27001-2022"], "covered": 4, "partial": 0, "total": 69},
        }
    ],
    "items": [
        {
            "framework": "iso-iec-42001-2023",
            "requirement": "iso42001:7.5.1",
            "status": "covered",
            "basis": {"kind": "mapping", "provision": "iso27001:7.5", "relations": ["subset-of"], "chain": ["…"]},
            "remains": "Check that iso27001:7.5 as implemented meets iso42001:7.5.1; cite its evidence.",
        }
    ],
}


@router.post(
    "/gap-analysis",
    summary="What of each target framework an organisation meets, through what, and what is left",
    description=(
        "Send an organisation profile (schema: GET /api/v1/schemas/profile) as JSON, Turtle or JSON-LD "
        "(Content-Type). The report comes as JSON, Markdown or CSV (Accept), byte-identical for the same "
        "profile and graph, and carries both hashes. An invalid profile gives 422 with every error by JSON pointer."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "/api/v1/schemas/profile"}, "example": PROFILE_EXAMPLE},
                "text/turtle": {"schema": {"type": "string"}},
                "application/ld+json": {"schema": {"type": "object"}},
            },
        }
    },
    responses={
        200: {
            "content": {
                "application/json": {"example": REPORT_EXAMPLE},
                "text/markdown": {"example": "# Gap analysis: Example Shop Ltd\n\nAs of 2027-12-02; …\n"},
                "text/csv": {"example": "framework,requirement,provision,…\niso-iec-42001-2023,iso42001:7.5.1,…\n"},
            }
        },
        406: {"description": "No acceptable report format"},
        415: {"description": "Profile sent in an unsupported media type"},
        422: {"description": "Invalid profile: `errors` lists {pointer, message}"},
    },
)
async def post_gap_analysis(
    request: Request,
    graph: Annotated[Graph, Depends(get_graph)],
    content_type: Annotated[str | None, Header()] = None,
    accept: Annotated[str | None, Header()] = None,
    depth: Annotated[int, Query(ge=1, le=5)] = 3,
    min_strength: Annotated[int, Query(ge=0, le=10)] = 0,
    min_status: Status = "draft",
) -> Response:
    syntax = syntax_of(content_type)
    media = choose(accept, list(FORMATS.values()))
    body = await request.body()  # at most XWALK_MAX_PROFILE_BYTES (api/limits.py)
    profile = await read_untrusted_profile(body, syntax, request.app.state.rdf_parser)
    report = await run_in_threadpool(
        gap_analysis, graph, profile, depth=depth, min_strength=min_strength, min_status=min_status
    )
    fmt = next(k for k, v in FORMATS.items() if v == media)
    return Response(render(report, fmt), media_type=f"{media}; charset=utf-8")

"""The coverage matrix of two frameworks and the gap analysis of an organisation profile."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from xwalk.api.answers import Answers, build_key
from xwalk.api.deps import get_graph, posted_profile
from xwalk.api.media import answer, choose
from xwalk.engine.context import Graph
from xwalk.engine.coverage import matrix
from xwalk.engine.gaps import gap_analysis
from xwalk.engine.report import FORMATS, render

router = APIRouter(tags=["analysis"])

Status = Literal["draft", "reviewed", "approved"]


@router.get(
    "/matrix",
    summary="For each requirement of framework `from`, the verdict of framework `to` as a whole, with counts",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "source": "iso-iec-42001-2023",
                        "target": "iso-iec-27001-2022",
                        "depth": 3,
                        "include_as_published": False,
                        "mapping_sets": ["iso-iec-27001-2022--iso-iec-42001-2023-hs", "…"],
                        "content_hash": "sha256:…",
                        "count": 70,
                        "summary": {"covered": 16, "partial": 40, "not-covered": 0, "undetermined": 14, "unmapped": 0},
                        "percent": {
                            "covered": 22.9,
                            "partial": 57.1,
                            "not-covered": 0.0,
                            "undetermined": 20.0,
                            "unmapped": 0.0,
                        },
                        "meaning": {"covered": "proved: …"},
                        "data": [
                            {
                                "provision": "iso42001:4.2",
                                "notation": "4.2",
                                "title": "Understanding the needs and expectations of interested parties",
                                "verdict": "covered",
                                "by": "iso27001:4.2",
                                "relations": ["equal"],
                                "strength": 10,
                                "witnesses": [{"relations": ["equal"], "strength": 10, "steps": ["…"]}],
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
    include_as_published: bool = False,
    sets: Annotated[list[str], Query(description="Use only these mapping sets (repeat)")] = [],  # noqa: B006
    exclude_sets: Annotated[list[str], Query(description="Leave these mapping sets out (repeat)")] = [],  # noqa: B006
) -> JSONResponse:
    return answer(
        matrix(
            graph,
            source,
            target,
            depth=depth,
            min_strength=min_strength,
            min_status=min_status,
            include_as_published=include_as_published,
            sets=sets or None,
            exclude_sets=exclude_sets or None,
        )
    )


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
    "min_strength": 0,
    "min_status": "draft",
    "include_as_published": False,
    "mapping_sets": ["eu-ai-act--iso-iec-27001-2022", "…"],
    "sources": ["iso-harmonized-structure", "…"],
    "content_hash": "sha256:…",
    "profile_hash": "sha256:…",
    "meaning": {"met": "implemented directly, …", "undetermined": "… the crosswalk makes no claim; assess by hand"},
    "summary": [
        {
            "framework": "iso-iec-42001-2023",
            "total": 70,
            "counts": {
                "met": 0,
                "covered": 16,
                "partial": 39,
                "not-covered": 0,
                "undetermined": 14,
                "unmapped": 0,
                "excluded": 1,
                "not-yet-applicable": 0,
            },
            "applicable": 69,
            "met": 0,
            "met_percent": 0.0,
            "evidence_ready": 16,
            "evidence_ready_percent": 23.2,
            "reuse": {"implemented": ["iso-iec-27001-2022"], "covered": 16, "partial": 39, "total": 69},
        }
    ],
    "items": [
        {
            "framework": "iso-iec-42001-2023",
            "requirement": "iso42001:7.5.1",
            "status": "covered",
            "verdict": "covered",
            "basis": {"kind": "mapping", "provision": "iso27001:7.5.1", "relations": ["equal"], "witnesses": ["…"]},
            "remains": "Check that iso27001:7.5.1 as implemented meets iso42001:7.5.1; cite its evidence.",
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
    include_as_published: bool = False,
    sets: Annotated[list[str], Query(description="Use only these mapping sets (repeat)")] = [],  # noqa: B006
    exclude_sets: Annotated[list[str], Query(description="Leave these mapping sets out (repeat)")] = [],  # noqa: B006
) -> Response:
    media = choose(accept, list(FORMATS.values()))
    # The same profile (same bytes, same media type) with the same parameters on the same build gets the
    # same report: it is kept encoded (api/answers.py) and sent again without analysing anew.
    answers: Answers = request.app.state.answers
    build = await build_key(graph) if answers.max_bytes else None
    key = None
    if build is not None:
        digest = hashlib.sha256(await request.body()).hexdigest()  # bounded: XWALK_MAX_PROFILE_BYTES
        params = (depth, min_strength, min_status, include_as_published, tuple(sets), tuple(exclude_sets))
        key = ("POST /gap-analysis", build, digest, (content_type or "").strip().lower(), media, params)
        hit = answers.get(key)
        if hit is not None:
            return Response(hit[1], media_type=hit[0])
    profile = await posted_profile(request, content_type)
    report = await run_in_threadpool(
        gap_analysis,
        graph,
        profile,
        depth=depth,
        min_strength=min_strength,
        min_status=min_status,
        include_as_published=include_as_published,
        sets=sets or None,
        exclude_sets=exclude_sets or None,
    )
    fmt = next(k for k, v in FORMATS.items() if v == media)
    body, media_type = render(report, fmt).encode("utf-8"), f"{media}; charset=utf-8"
    if key is not None and not graph.modified:
        answers.put(key, media_type, body, len(key[3]) + len(request.scope.get("query_string", b"")))
    return Response(body, media_type=media_type)

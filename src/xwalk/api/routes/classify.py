"""POST /classify: the AI Act risk classes of a profile's AI systems, derived from their facts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from xwalk.api.deps import get_graph
from xwalk.api.media import choose
from xwalk.api.untrusted import read_untrusted_profile
from xwalk.build.profile import syntax_of
from xwalk.engine.classify import classify
from xwalk.engine.context import Graph
from xwalk.engine.orgreport import FORMATS, render
from xwalk.errors import InputError

router = APIRouter(tags=["organisation"])
CLASSIFY_EXAMPLE = {
    "organisation": "TalentSift B.V.",
    "as_of": "2027-12-02",
    "content_hash": "sha256:…",
    "profile_hash": "sha256:…",
    "rules": 17,
    "systems": [
        {
            "id": "sift-rank",
            "role": "provider",
            "classes": ["high-risk-annex-iii"],
            "matches": [
                {
                    "risk_class": "high-risk-annex-iii",
                    "rule": "art-6-2",
                    "provision": "euaia:art-6-2",
                    "facts": {"annex_iii_points": ["euaia:annex-iii-4-a"], "profiling": True},
                    "point": "euaia:annex-iii-4-a",
                }
            ],
            "undetermined": [],
            "stated": ["high-risk-annex-iii"],
            "agreement": "agrees",
            "in_force": ["…"],
            "later": [],
        }
    ],
}
MAX_PROFILE_BYTES = 5_000_000
PROFILE_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "/api/v1/schemas/profile"}},
        "text/turtle": {"schema": {"type": "string"}},
        "application/ld+json": {"schema": {"type": "object"}},
    },
}


async def profile_body(request: Request, content_type: str | None) -> bytes:
    syntax_of(content_type)
    body = await request.body()
    if len(body) > MAX_PROFILE_BYTES:
        raise InputError(f"the profile is {len(body)} bytes; the limit is {MAX_PROFILE_BYTES}.")
    return body


@router.post(
    "/classify",
    summary="Classify each AI system of a profile under the AI Act from its stated facts, with its obligations",
    description=(
        "Send the same profile as for gap analysis (JSON, Turtle or JSON-LD). Each system gets the classes "
        "whose rule applies (rule, provision, triggering facts), every rule left undetermined with the facts "
        "missing, and the obligations of its role for those classes. See docs/classification.md."
    ),
    openapi_extra={"requestBody": PROFILE_BODY},
    responses={
        200: {
            "content": {
                "application/json": {"example": CLASSIFY_EXAMPLE},
                "text/markdown": {"example": "# AI Act classification: TalentSift B.V.\n\n…"},
            }
        },
        406: {"description": "No acceptable format"},
        415: {"description": "Profile sent in an unsupported media type"},
        422: {"description": "Invalid profile: `errors` lists {pointer, message}"},
    },
)
async def post_classify(
    request: Request,
    graph: Annotated[Graph, Depends(get_graph)],
    content_type: Annotated[str | None, Header()] = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    media = choose(accept, list(FORMATS.values()))
    body = await profile_body(request, content_type)
    profile = await read_untrusted_profile(body, syntax_of(content_type), request.app.state.rdf_parser, strict=False)
    result = await run_in_threadpool(classify, graph, profile)
    fmt = next(k for k, v in FORMATS.items() if v == media)
    return Response(render(result, fmt), media_type=f"{media}; charset=utf-8")

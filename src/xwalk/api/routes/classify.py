"""POST /classify: the AI Act risk classes of a profile's AI systems, derived from their facts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from xwalk.api.deps import PROFILE_BODY, get_graph, posted_profile
from xwalk.api.media import choose
from xwalk.engine.classify import classify
from xwalk.engine.context import Graph
from xwalk.engine.orgreport import FORMATS, render
from xwalk.model.profile import Profile

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
    return await org_answer(request, graph, content_type, accept, classify)


async def org_answer(
    request: Request, graph: Graph, content_type: str | None, accept: str | None, run: Callable[[Graph, Profile], Any]
) -> Response:
    """Classify or validate a posted profile, in the format the client accepts."""
    media = choose(accept, list(FORMATS.values()))
    profile = await posted_profile(request, content_type, strict=False)
    result = await run_in_threadpool(run, graph, profile)
    fmt = next(k for k, v in FORMATS.items() if v == media)
    return Response(render(result, fmt), media_type=f"{media}; charset=utf-8")

"""POST /validate: SHACL conformance findings for a profile (ontology/shapes/org/)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from xwalk.api.deps import get_graph
from xwalk.api.media import choose
from xwalk.api.routes.classify import PROFILE_BODY, profile_body
from xwalk.api.untrusted import read_untrusted_profile
from xwalk.build.profile import syntax_of
from xwalk.engine.conformance import conformance
from xwalk.engine.context import Graph
from xwalk.engine.orgreport import FORMATS, render

router = APIRouter(tags=["organisation"])
VALIDATE_EXAMPLE = {
    "organisation": "TalentSift B.V.",
    "as_of": "2027-12-02",
    "conforms": False,
    "counts": {"violation": 1, "warning": 0, "info": 0},
    "findings": [
        {
            "severity": "violation",
            "pointer": "/ai_systems/0",
            "focus": "sift-rank",
            "shape": "Evidence-art-17",
            "path": None,
            "message": "The organisation carries Art 17 duties for this system … but no evidence for them: …",
            "basis": "euaia:art-17",
            "basis_url": "http://data.europa.eu/eli/reg/2024/1689/oj#art_17",
        }
    ],
}


@router.post(
    "/validate",
    summary="Check an organisation profile against the conformance shapes: findings with severity and basis",
    description=(
        "Send the same profile as for gap analysis. Findings (violation, warning, info) name the focus by "
        "the profile's own id and JSON pointer, the path, a message and the provision the shape rests on, in "
        "a fixed order. 200 whether or not there are violations: read `conforms` and `counts`."
    ),
    openapi_extra={"requestBody": PROFILE_BODY},
    responses={
        200: {
            "content": {
                "application/json": {"example": VALIDATE_EXAMPLE},
                "text/markdown": {"example": "# Conformance: TalentSift B.V.\n\n…"},
            }
        },
        406: {"description": "No acceptable format"},
        415: {"description": "Profile sent in an unsupported media type"},
        422: {"description": "Invalid profile: `errors` lists {pointer, message}"},
    },
)
async def post_validate(
    request: Request,
    graph: Annotated[Graph, Depends(get_graph)],
    content_type: Annotated[str | None, Header()] = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    media = choose(accept, list(FORMATS.values()))
    body = await profile_body(request, content_type)
    profile = await read_untrusted_profile(body, syntax_of(content_type), request.app.state.rdf_parser, strict=False)
    report = await run_in_threadpool(conformance, graph, profile)
    fmt = next(k for k, v in FORMATS.items() if v == media)
    return Response(render(report, fmt), media_type=f"{media}; charset=utf-8")

"""POST /validate: SHACL conformance findings for a profile (ontology/shapes/org/)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import Response

from xwalk.api.deps import PROFILE_BODY, get_graph
from xwalk.api.routes.classify import org_answer
from xwalk.engine.conformance import conformance
from xwalk.engine.context import Graph

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
    return await org_answer(request, graph, content_type, accept, conformance)

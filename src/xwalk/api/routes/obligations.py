"""AI Act obligations by role, risk class and date."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from xwalk.api.deps import get_graph
from xwalk.api.media import listing
from xwalk.engine.context import Graph
from xwalk.engine.obligations import obligations
from xwalk.model.catalog import RiskClass, Role
from xwalk.model.dates import IsoDate

router = APIRouter(tags=["obligations"])

RiskName = Literal[RiskClass, "high-risk"]
ITEM = {
    "id": "euaia:obligation/art-4/provider/any",
    "provision": "euaia:art-4",
    "notation": "Art. 4",
    "role": "provider",
    "risk_class": None,
    "routes": ["high-risk-annex-iii"],
    "applies_from": "2025-02-02",
    "summary": "Take measures so that staff and others handling your AI systems have enough AI literacy …",
    "condition": None,
    "date_rule": "prohibitions",
    "date_source": "http://data.europa.eu/eli/reg/2024/1689/oj#art_113",
}


@router.get(
    "/obligations",
    summary="The obligations of a role (with every broader role's, e.g. operator) for risk classes, on a date",
    description="`data` holds the obligations in force on `as_of` (all of them without it); `later` those that "
    "apply after it. Ordered by application date, then document order. Several `risk` values give the union, "
    "without duplicates; a class stands for its narrower ones (`high-risk`: the Annex I and Annex III routes, "
    "whose dates differ), and each obligation lists the `routes` it applies under.",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "role": "provider",
                        "risk_classes": ["high-risk-annex-iii"],
                        "routes": ["high-risk-annex-iii"],
                        "as_of": "2026-09-01",
                        "count": 1,
                        "data": [ITEM],
                        "later": [],
                    }
                }
            }
        }
    },
)
def list_obligations(
    graph: Annotated[Graph, Depends(get_graph)],
    role: Annotated[Role, Query(description="The organisation's role for the AI system")],
    risk: Annotated[list[RiskName], Query(description="The AI system's risk classes (repeat for several)")] = [],  # noqa: B006
    as_of: Annotated[IsoDate | None, Query(description="The day to look at (YYYY-MM-DD)")] = None,
) -> JSONResponse:
    result = obligations(graph, role, risk, as_of)
    return listing(
        result.in_force,
        role=result.role,
        risk_classes=result.risk_classes,
        routes=result.routes,
        as_of=result.as_of,
        later=[dataclasses.asdict(o) for o in result.later],
    )

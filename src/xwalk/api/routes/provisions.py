"""One provision: its detail, its coverage by other frameworks, the obligations it imposes.

Ids are CURIEs (euaia:art-15) or full IRIs; IRIs hold slashes, hence the `path` converter, and the
more specific routes (/coverage, /obligations) are declared first so they win.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from xwalk.api.deps import get_graph
from xwalk.api.media import answer, listing
from xwalk.engine.browse import provision_obligations
from xwalk.engine.catalog import provision
from xwalk.engine.context import Graph
from xwalk.engine.coverage import coverage

router = APIRouter(tags=["provisions"])

STEP = {
    "subject": "iso27001:7.5",
    "relation": "equal",
    "object": "iso42001:7.5",
    "read_as": "equal",
    "mapping": "https://w3id.org/xwalk/mappings/iso-iec-27001-2022--iso-iec-42001-2023-hs/…",
    "mapping_set": "iso-iec-27001-2022--iso-iec-42001-2023-hs",
    "status": "approved",
    "strength": 10,
    "source": "iso-harmonized-structure",
}
COVERAGE = {
    "provision": "iso27001:7.5",
    "framework": "iso-iec-27001-2022",
    "title": "Documented information",
    "direction": "covered-by",
    "to": ["iso-iec-42001-2023"],
    "depth": 3,
    "min_strength": 0,
    "min_status": "draft",
    "derived": True,
    "include_as_published": False,
    "mapping_sets": ["iso-iec-27001-2022--iso-iec-42001-2023-hs", "…"],
    "sources": ["iso-harmonized-structure"],
    "content_hash": "sha256:…",
    "count": 1,
    "summary": {"covered": 1, "partial": 0, "not-covered": 0, "undetermined": 0, "unmapped": 120},
    "meaning": {"covered": "proved: …", "unmapped": "no curated mapping reaches it: …"},
    "data": [
        {
            "provision": "iso42001:7.5",
            "framework": "iso-iec-42001-2023",
            "notation": "7.5",
            "title": "Documented information",
            "verdict": "covered",
            "relations": ["equal"],
            "strength": 10,
            "chains": 1,
            "contradiction": False,
            "witnesses": [{"relations": ["equal"], "strength": 10, "steps": [STEP]}],
        }
    ],
}
OBLIGATION = {
    "id": "euaia:obligation/art-15-1/provider/high-risk-annex-iii",
    "provision": "euaia:art-15-1",
    "notation": "Art. 15(1)",
    "role": "provider",
    "risk_class": "high-risk-annex-iii",
    "applies_from": "2027-12-02",
    "summary": "Reach suitable accuracy, robustness and cybersecurity and keep them consistent …",
    "condition": None,
    "date_rule": "high-risk-annex-iii",
    "date_source": "http://data.europa.eu/eli/reg/2024/1689/oj",
}


def example(value: Any) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"content": {"application/json": {"example": value}}},
        404: {"description": "Unknown provision: problem+json with `suggestions`, the closest real ids"},
    }


@router.get(
    "/provisions/{id:path}/coverage",
    summary="What covers this provision (direction=covered-by), or what it helps meet (direction=covers)",
    description=(
        "Every provision of the `to` frameworks (default: all others) that curated mappings, chained up to "
        "`depth` hops, join to this one (docs/architecture.md §6). `relations` is rel(requirement, control): the "
        "intersection of what every chain between the two allows, found from both ends with part-of steps, so "
        "both directions agree. `verdict` is covered / partial / not-covered / undetermined (`meaning` says "
        "what each means); `witnesses` are the chains that narrowed the set, every hop with its mapping set, "
        "status, strength and source. `summary` counts all five verdicts: `unmapped` are the target provisions "
        "no chain reaches. As-published sets are left out unless `include_as_published`; `sets` / "
        "`exclude_sets` choose mapping sets; `min_strength` never drops a no-relationship. `derived=false` "
        "keeps to the provision's own curated mappings. Proved verdicts first. Provisions only chains that say "
        "nothing reach are counted (`reached_only`, undetermined in `summary`) and listed after the others, "
        "one chain each, only with `reached=true`. `data` is the page `offset`..`offset+limit` of the "
        "`listed` answers."
    ),
    responses=example(COVERAGE),
)
def provision_coverage(
    id: str,
    graph: Annotated[Graph, Depends(get_graph)],
    to: Annotated[list[str], Query(description="Target framework ids (repeat, or comma-separated)")] = [],  # noqa: B006
    direction: Literal["covered-by", "covers"] = "covered-by",
    depth: Annotated[int, Query(ge=1, le=5)] = 3,
    min_strength: Annotated[int, Query(ge=0, le=10)] = 0,
    min_status: Literal["draft", "reviewed", "approved"] = "draft",
    derived: bool = True,
    include_as_published: bool = False,
    sets: Annotated[list[str], Query(description="Use only these mapping sets (repeat)")] = [],  # noqa: B006
    exclude_sets: Annotated[list[str], Query(description="Leave these mapping sets out (repeat)")] = [],  # noqa: B006
    limit: Annotated[int | None, Query(ge=1, description="Answer only the first N (count still counts all)")] = None,
    offset: Annotated[int, Query(ge=0, description="Skip the first N of the list (paging with limit)")] = 0,
    reached: Annotated[
        bool, Query(description="Also list the provisions only uninformative chains reach, one chain each")
    ] = False,
) -> JSONResponse:
    targets = [t for item in to for t in item.split(",") if t.strip()]
    result = coverage(
        graph,
        id,
        targets or None,
        direction=direction,
        depth=depth,
        min_strength=min_strength,
        min_status=min_status,
        derived=derived,
        include_as_published=include_as_published,
        sets=sets or None,
        exclude_sets=exclude_sets or None,
        limit=limit,
        offset=offset,
        reached=reached,
    )
    return answer(result)


@router.get(
    "/provisions/{id:path}/obligations",
    summary="The AI Act obligations this provision or any of its parts imposes, by role and risk class",
    responses=example({"provision": "euaia:art-15", "count": 1, "data": [OBLIGATION]}),
)
def obligations_of(id: str, graph: Annotated[Graph, Depends(get_graph)]) -> JSONResponse:
    pid, items = provision_obligations(graph, id)
    return listing(items, provision=pid)


@router.get(
    "/provisions/{id:path}",
    summary="One provision: framework, kind, notation, title, parents, parts and curated mappings",
    responses=example(
        {
            "id": "iso42001:6.1.2",
            "iri": "https://w3id.org/xwalk/id/iso-iec-42001-2023/6.1.2",
            "framework": "iso-iec-42001-2023",
            "kind": "Clause",
            "notation": "6.1.2",
            "title": "AI risk assessment",
            "url": None,
            "summary": None,
            "ancestors": [{"id": "iso42001:6", "notation": "6", "title": "Planning"}],
            "children": [],
            "mappings": [],
        }
    ),
)
def get_provision(id: str, graph: Annotated[Graph, Depends(get_graph)]) -> JSONResponse:
    return answer(provision(graph, id))

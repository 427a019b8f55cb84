"""Mapping sets (JSON, or SSSOM TSV by Accept) and curated mappings filtered by subject, object, relation."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import JSONResponse, Response

from xwalk.api.deps import get_graph
from xwalk.api.media import answer, choose, listing
from xwalk.engine.context import Graph
from xwalk.engine.mappings import mapping_set, mapping_sets, mappings, sssom_tsv

router = APIRouter(tags=["mappings"])

TSV = "text/tab-separated-values"
SET = {
    "id": "iso-iec-27001-2022--iso-iec-42001-2023-hs",
    "iri": "https://w3id.org/xwalk/mappings/iso-iec-27001-2022--iso-iec-42001-2023-hs",
    "title": "ISO/IEC 27001:2022 to ISO/IEC 42001:2023, harmonized structure",
    "licence": "https://creativecommons.org/licenses/by/4.0/",
    "source_framework": "iso-iec-27001-2022",
    "target_framework": "iso-iec-42001-2023",
    "issued": "2026-11-28",
    "description": "The management-system clauses the two standards share …",
    "creators": ["https://w3id.org/xwalk/team"],
    "mappings": 36,
}
MAPPING = {
    "id": "https://w3id.org/xwalk/mappings/iso-iec-27001-2022--iso-iec-42001-2023-hs/…",
    "mapping_set": "iso-iec-27001-2022--iso-iec-42001-2023-hs",
    "subject": "iso27001:7.5",
    "relation": "equal",
    "object": "iso42001:7.5",
    "strength": 10,
    "status": "approved",
    "source": "iso-harmonized-structure",
    "rationale": None,
    "justification": None,
    "confidence": None,
    "comment": None,
}


def example(value: Any, tsv: str | None = None) -> dict[int | str, dict[str, Any]]:
    content: dict[str, Any] = {"application/json": {"example": value}}
    if tsv is not None:
        content[TSV] = {"example": tsv}
    return {200: {"content": content}}


@router.get(
    "/mapping-sets",
    summary="Every mapping set: title, licence, creators, the two frameworks, number of mappings",
    responses=example({"count": 1, "data": [SET]}),
)
def list_mapping_sets(graph: Annotated[Graph, Depends(get_graph)]) -> JSONResponse:
    return listing(mapping_sets(graph))


@router.get(
    "/mapping-sets/{id:path}",
    summary="One mapping set with its mappings: JSON, or SSSOM TSV with Accept: text/tab-separated-values",
    responses=example(
        {"mapping_set": SET, "count": 1, "data": [MAPPING]},
        "#mapping_set_id: https://w3id.org/xwalk/mappings/iso-iec-27001-2022--iso-iec-42001-2023-hs\n#…\n"
        "subject_id\tsubject_label\tpredicate_id\t…\n"
        "iso27001:4.1\tUnderstanding the organization and its context\tskos:relatedMatch\t…\n",
    )
    | {404: {"description": "Unknown mapping set"}, 406: {"description": "No acceptable media type"}},
)
def get_mapping_set(
    id: str,
    graph: Annotated[Graph, Depends(get_graph)],
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    media = choose(accept, ["application/json", TSV])
    if media == TSV:
        return Response(sssom_tsv(graph, id), media_type=f"{TSV}; charset=utf-8")
    return answer(mapping_set(graph, id))


@router.get(
    "/mappings",
    summary="Curated mappings, filtered by subject, object (CURIE or IRI) and relation, a page at a time",
    responses=example({"count": 1, "limit": 1000, "offset": 0, "data": [MAPPING]}),
)
def list_mappings(
    graph: Annotated[Graph, Depends(get_graph)],
    subject: Annotated[str | None, Query(description="Subject provision, e.g. iso27001:7.5")] = None,
    object: Annotated[str | None, Query(description="Object provision, e.g. iso42001:7.5")] = None,
    relation: Literal["equal", "subset-of", "superset-of", "intersects-with", "no-relationship"] | None = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    total, items = mappings(graph, subject, object, relation, limit=limit, offset=offset)
    return listing(items, count=total, limit=limit, offset=offset)

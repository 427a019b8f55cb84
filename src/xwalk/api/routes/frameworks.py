"""Frameworks and their provision trees."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from xwalk.api.deps import get_graph
from xwalk.api.media import answer, listing
from xwalk.engine.browse import framework, tree
from xwalk.engine.catalog import frameworks
from xwalk.engine.context import Graph

router = APIRouter(tags=["frameworks"])

FRAMEWORK = {
    "id": "iso-iec-42001-2023",
    "title": "ISO/IEC 42001:2023 Information technology - Artificial intelligence - Management system",
    "short_title": "ISO/IEC 42001:2023",
    "issuer": "ISO/IEC",
    "version": "2023",
    "issued": "2023-12-18",
    "url": "https://www.iso.org/standard/81230.html",
    "licence": "https://creativecommons.org/licenses/by/4.0/",
    "provisions": 93,
}
NODE = {"id": "iso42001:A.6", "notation": "A.6", "title": "AI system life cycle", "kind": "ControlObjective"}


def example(value: Any) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {"application/json": {"example": value}}}, 404: {"description": "Unknown framework"}}


@router.get(
    "/frameworks",
    summary="Every framework edition in the graph, with its metadata and number of provisions",
    responses=example({"count": 7, "data": [FRAMEWORK]}),
)
def list_frameworks(graph: Annotated[Graph, Depends(get_graph)]) -> JSONResponse:
    return listing(frameworks(graph))


@router.get(
    "/frameworks/{id:path}/provisions",
    summary="The provision tree of a framework; `kind` and `q` keep matching provisions and their ancestors",
    responses=example(
        {
            "framework": "iso-iec-42001-2023",
            "count": 1,
            "data": [
                {
                    "id": "iso42001:A",
                    "notation": "Annex A",
                    "title": "Reference control objectives and controls",
                    "kind": "Annex",
                    "children": [
                        {
                            **NODE,
                            "children": [
                                {
                                    "id": "iso42001:A.6.2.8",
                                    "notation": "A.6.2.8",
                                    "title": "AI system recording of event logs",
                                    "kind": "Control",
                                    "children": [],
                                }
                            ],
                        }
                    ],
                }
            ],
        }
    ),
)
def framework_provisions(
    id: str,
    graph: Annotated[Graph, Depends(get_graph)],
    kind: Annotated[str | None, Query(description="Provision kind, e.g. Control, Clause, Article")] = None,
    q: Annotated[
        str | None, Query(description="Text in the id, notation or title, or a number (Art 15)", max_length=200)
    ] = None,
) -> JSONResponse:
    fw, roots, matched = tree(graph, id, kind, q)
    return listing(roots, framework=fw, count=matched)


@router.get(
    "/frameworks/{id:path}",
    summary="One framework (id, CURIE prefix or IRI): metadata, provisions by kind, top-level provisions",
    responses=example({"framework": FRAMEWORK, "kinds": {"Clause": 43, "Control": 38}, "top": [NODE]}),
)
def get_framework(id: str, graph: Annotated[Graph, Depends(get_graph)]) -> JSONResponse:
    detail = framework(graph, id)
    data = dataclasses.asdict(detail)
    for node in data["top"]:
        node.pop("children")
    return answer(data)

"""The SPARQL 1.1 endpoint at /sparql: queries, guarded updates, the service description and the
query page (docs/architecture.md §8; the design of rdflib-endpoint's router, with errors mapped one by one).

Every query runs through the store's `query_raw`, which refuses SERVICE and foreign graphs and
enforces the time and result-size limits of the settings; nothing here catches errors wholesale.
"""

from __future__ import annotations

import hmac
import html
import json
from functools import cache
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from xwalk import vocab
from xwalk.api.answers import Answers, has_blank_nodes, sparql_key
from xwalk.api.deps import get_graph, get_settings
from xwalk.api.negotiate import Choice, negotiate, negotiate_description
from xwalk.api.sparql_protocol import FORM, QUERY, UPDATE, Operation, read_operation
from xwalk.config import Settings
from xwalk.engine.context import Graph
from xwalk.errors import Forbidden, InputError, NotFound, Unauthorized
from xwalk.store import guard
from xwalk.store.base import Term, Triple
from xwalk.store.results import write_graph

router = APIRouter(tags=["sparql"])

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)
ASSETS = {"query.js": "text/javascript; charset=utf-8", "query.css": "text/css; charset=utf-8"}

_PARAMETERS = [
    {"name": "query", "in": "query", "schema": {"type": "string"}, "description": "A SPARQL 1.1 query."},
    {"name": "default-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
    {"name": "named-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
    {
        "name": "format",
        "in": "query",
        "schema": {"type": "string"},
        "description": "json, xml, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld, rdfxml (CONSTRUCT/DESCRIBE).",
    },
]
_BODY = {
    "content": {
        FORM: {"schema": {"type": "object", "properties": {"query": {"type": "string"}, "update": {"type": "string"}}}},
        QUERY: {"schema": {"type": "string"}, "example": "SELECT ?fw WHERE { ?fw a xw:Framework }"},
        UPDATE: {"schema": {"type": "string"}},
    }
}
_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "Query results in the negotiated format",
        "content": {
            "application/sparql-results+json": {"example": {"head": {"vars": ["fw"]}, "results": {"bindings": []}}},
            "application/sparql-results+xml": {},
            "text/csv": {},
            "text/tab-separated-values": {},
            "text/turtle": {},
            "application/n-triples": {},
            "application/ld+json": {},
            "application/rdf+xml": {},
            "text/html": {},
        },
    },
    204: {"description": "Update applied"},
    400: {"description": "Malformed request or query, SERVICE/LOAD refused, graph not in the dataset"},
    401: {"description": "Update without the configured bearer token"},
    403: {"description": "Updates are disabled"},
    406: {"description": "No acceptable media type"},
    415: {"description": "Unsupported Content-Type or charset"},
    413: {"description": "Request body over its size limit"},
    422: {"description": "Time, result-size (rows or bytes) or memory limit exceeded; the limit is named"},
    503: {"description": "Every query worker is busy: retry after the Retry-After seconds"},
}


_DESCRIPTION = (
    "The default graph is the union of all named graphs. Without a query, GET answers the service "
    "description (or, for a browser, the query page). SERVICE and LOAD are refused."
)


# One function, two operations: GET carries the query in the URL only; POST also takes a body.
@router.get(
    "/sparql",
    name="sparql",
    operation_id="sparql_get",
    summary="SPARQL 1.1 Protocol endpoint, query by GET",
    description=_DESCRIPTION,
    responses={k: v for k, v in _RESPONSES.items() if k not in (204, 413, 415)},
    openapi_extra={"parameters": _PARAMETERS},
)
@router.post(
    "/sparql",
    name="sparql_post",
    operation_id="sparql_post",
    summary="SPARQL 1.1 Protocol endpoint, query or update by POST (read-only unless updates are enabled)",
    description=_DESCRIPTION,
    responses=_RESPONSES,
    openapi_extra={"parameters": _PARAMETERS, "requestBody": _BODY},
)
async def sparql(
    request: Request,
    graph: Annotated[Graph, Depends(get_graph)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Response:
    op = await read_operation(request)
    accept = request.headers.get("accept")
    if op.kind == "none":
        choice = negotiate_description(accept, op.formats)
        if choice.format == "html":
            return query_page(settings)
        triples = await run_in_threadpool(service_description, str(request.url.replace(query="")), graph, settings)
        return _answer(write_graph(triples, choice.format, {"sd": SD, "formats": FORMATS}), choice)
    if op.kind == "update":
        await run_in_threadpool(run_update, op, request.headers.get("authorization"), graph, settings)
        return Response(status_code=204)
    answers: Answers = request.app.state.answers
    return await answer_query(op, request.method, accept, graph, settings, answers) or query_page(settings)


async def answer_query(
    op: Operation, method: str, accept: str | None, graph: Graph, settings: Settings, answers: Answers
) -> Response | None:
    """The answer to a query operation; None when a browser asked for the query page (the page runs it).
    Also called before routing for plain queries (api/sparql_fast.py)."""
    # The guard reads the text once (store/guard.py remembers short texts); a long one off the event loop.
    long_text = len(op.text) > guard.CACHED_TEXT
    found = await run_in_threadpool(guard.inspect, op.text) if long_text else guard.inspect(op.text)
    choice = negotiate(found.form, op.formats, accept, html=method == "GET")
    if choice.format == "html":
        return None
    # A repeat within a build is sent as kept (api/answers.py), before admission and the query workers.
    build = await answers.build(graph) if answers.max_bytes and not found.volatile else None
    key = None
    if build is not None:
        key = sparql_key(build, op.text, op.default_graphs, op.named_graphs, choice.format, choice.media)
    if key is not None and (hit := answers.get(key)) is not None:
        return _answer(hit[1], choice)
    _, body = await run_in_threadpool(
        graph.store.query_raw,
        op.text,
        choice.format,
        default_graphs=op.default_graphs,
        named_graphs=op.named_graphs,
        timeout_s=settings.query_timeout_s,
        max_results=settings.max_results,
        kind="user",
    )
    if key is not None and not graph.modified and not has_blank_nodes(body, choice.format):
        held = len(op.text) + sum(map(len, op.default_graphs)) + sum(map(len, op.named_graphs))  # the key's text
        answers.put(key, choice.media, body, held)  # complete: a limit or an error raised above
    return _answer(body, choice)


def _answer(body: bytes, choice: Choice) -> Response:
    return Response(body, media_type=choice.media, headers={"Vary": "Accept"})


def run_update(op: Operation, authorization: str | None, graph: Graph, settings: Settings) -> None:
    if not settings.allow_update:
        raise Forbidden("this SPARQL endpoint is read-only: updates are disabled (XWALK_ALLOW_UPDATE).")
    token = settings.update_token.get_secret_value() if settings.update_token else ""
    if not token:
        raise Forbidden("updates are enabled but no XWALK_UPDATE_TOKEN is set, so none is accepted.")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise Unauthorized("an update needs the header `Authorization: Bearer <XWALK_UPDATE_TOKEN>`.")
    if op.using or op.default_graphs or op.named_graphs:
        raise InputError("using-graph-uri and named-graph-uri are not supported for updates: write USING or WITH.")
    guard.check_update(op.text)
    graph.store.update(op.text)
    graph.invalidate()


def service_description(endpoint: str, graph: Graph, settings: Settings) -> list[Triple]:
    """The SPARQL 1.1 Service Description of this endpoint: languages, formats, limits, its graphs."""
    me = Term.iri(endpoint)
    rdf_type, dataset, default = Term.iri(vocab.RDF_TYPE), Term("bnode", "dataset"), Term("bnode", "default")
    languages = ["SPARQL11Query", *(["SPARQL11Update"] if settings.allow_update else [])]
    limits = (
        f"Read-only unless updates are enabled. Each query runs at most {settings.query_timeout_s:g} s and returns "
        f"at most {settings.max_results} results. SERVICE, LOAD and graphs outside this dataset are refused."
    )
    out: list[Triple] = [
        (me, rdf_type, sd("Service")),
        (me, sd("endpoint"), me),
        (me, sd("feature"), sd("UnionDefaultGraph")),
        (me, sd("defaultDataset"), dataset),
        (me, Term.iri(vocab.DCTERMS + "title"), Term.literal("xwalk SPARQL endpoint")),
        (me, Term.iri(vocab.RDFS + "comment"), Term.literal(limits)),
        (dataset, rdf_type, sd("Dataset")),
        (dataset, sd("defaultGraph"), default),
        (dataset, Term.iri(vocab.XW + "contentHash"), Term.literal(graph.content_hash)),
        (default, rdf_type, sd("Graph")),
        (default, Term.iri(vocab.RDFS + "comment"), Term.literal("The union of all named graphs.")),
    ]
    out += [(me, sd("supportedLanguage"), sd(name)) for name in languages]
    out += [(me, sd("resultFormat"), Term.iri(FORMATS + name)) for name in RESULT_FORMAT_IRIS]
    for k, name in enumerate(graph.store.graphs()):
        node = Term("bnode", f"graph{k:03d}")
        out += [
            (dataset, sd("namedGraph"), node),
            (node, rdf_type, sd("NamedGraph")),
            (node, sd("name"), Term.iri(name)),
        ]
    return out


def sd(local: str) -> Term:
    return Term.iri(SD + local)


@cache
def _static(name: str) -> str:
    return resources.files("xwalk.api").joinpath("static", name).read_text(encoding="utf-8")


def query_page(settings: Settings) -> HTMLResponse:
    prefixes = json.dumps(vocab.PREFIXES, sort_keys=True).replace("<", "\\u003c")
    limits = f"{settings.query_timeout_s:g} s and {settings.max_results} results per query"
    page = _static("query.html").replace("{{PREFIXES}}", prefixes).replace("{{LIMITS}}", html.escape(limits))
    return HTMLResponse(page, headers={"Vary": "Accept"})


@router.get("/sparql/assets/{name}", include_in_schema=False)
def asset(name: str) -> Response:
    if name not in ASSETS:
        raise NotFound(f"no asset {name!r}; the query page uses {', '.join(sorted(ASSETS))}.")
    return Response(_static(name), media_type=ASSETS[name], headers={"Cache-Control": "max-age=3600"})

"""GET /sparql?query=... answered before FastAPI's routing: the same code as the route, fewer layers.

A one-row lookup spent about a quarter of the API process's time in routing (the router tries the
routes declared before /sparql), dependency solving and the exception layers around the endpoint
(py-spy, docs/scaling.md "Where a request's time goes"). This middleware runs the route's own steps
(read_operation, routes/sparql.answer_query) and answers our errors with the route's problem+json
(api/problems.of_error); anything else (no query, an update, POST, a browser asking for the page)
goes on to the route. Unexpected exceptions propagate to the app's 500 handler, as from a route.
"""

from __future__ import annotations

from starlette.requests import Request

from xwalk.api.answers import Answers
from xwalk.api.limits import ASGIApp, Receive, Scope, Send
from xwalk.api.problems import of_error
from xwalk.api.routes.sparql import answer_query
from xwalk.api.sparql_protocol import read_operation
from xwalk.config import Settings
from xwalk.engine.context import Graph
from xwalk.errors import XwalkError


class SparqlQueries:
    def __init__(self, app: ASGIApp, *, graph: Graph, settings: Settings, answers: Answers) -> None:
        self.app = app
        self.answers = answers
        self.graph = graph
        self.settings = settings
        self.root = str(settings.root)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"] != "/sparql"
            or b"query=" not in scope.get("query_string", b"")
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            op = await read_operation(request)
            if op.kind != "query":
                await self.app(scope, receive, send)
                return
            response = await answer_query(
                op, "GET", request.headers.get("accept"), self.graph, self.settings, self.answers
            )
        except XwalkError as exc:
            response = of_error(exc, request.url.path, self.root)
        if response is None:  # a browser: the route serves the query page
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)

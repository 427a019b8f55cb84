"""The HTML pages of the explorer (/explore), the coverage heatmap (/explore/heatmap) and the gap report
form (/report), and every script and style they use, served from the package: no page loads anything
from another origin."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from xwalk.errors import NotFound
from xwalk.model.palette import FRAMEWORK_COLOURS, OTHER, VERDICT_COLOURS

router = APIRouter(include_in_schema=False)

JS, CSS = "text/javascript; charset=utf-8", "text/css; charset=utf-8"
ASSETS = {
    "explore.js": JS,
    "explore.css": CSS,
    "graph-style.js": JS,
    "heatmap.js": JS,
    "report.js": JS,
    "query.js": JS,
    "query.css": CSS,
    "vendor/cytoscape/cytoscape.min.js": JS,
    "vendor/cytoscape/LICENSE": "text/plain; charset=utf-8",
    "vendor/yasgui/yasgui.min.js": JS,
    "vendor/yasgui/yasgui.min.css": CSS,
    "vendor/yasgui/LICENSE": "text/plain; charset=utf-8",
}


@cache
def static_text(name: str) -> str:
    return resources.files("xwalk.api").joinpath("static", *name.split("/")).read_text(encoding="utf-8")


def palette_json() -> str:
    data = {"frameworks": FRAMEWORK_COLOURS, "verdicts": VERDICT_COLOURS, "other": OTHER}
    return json.dumps(data, sort_keys=True).replace("<", "\\u003c")


def _page(name: str) -> HTMLResponse:
    return HTMLResponse(static_text(name).replace("{{PALETTE}}", palette_json()))


@router.get("/explore")
def explore() -> HTMLResponse:
    return _page("explore.html")


@router.get("/explore/heatmap")
def heatmap_page() -> HTMLResponse:
    return _page("heatmap.html")


@router.get("/report")
def report_page() -> HTMLResponse:
    return _page("report.html")


@router.get("/assets/{name:path}")
def asset(name: str) -> Response:
    if name not in ASSETS:
        raise NotFound(f"no asset {name!r}; the pages use {', '.join(sorted(ASSETS))}.")
    return Response(static_text(name), media_type=ASSETS[name], headers={"Cache-Control": "max-age=3600"})

"""The home page (GET /): HTML for a browser, JSON links for API clients (Accept decides), and the
API docs (/docs, /redoc) with their assets served by the app itself (from fastapi-offline), so they
work with no network."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Annotated, Any

import fastapi_offline
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from xwalk import __version__
from xwalk.api.deps import get_graph
from xwalk.api.media import choose
from xwalk.engine.catalog import frameworks
from xwalk.engine.context import Graph
from xwalk.engine.mappings import mapping_sets

ASSETS = Path(fastapi_offline.__file__).parent / "static"
ASSETS_URL = "/static/api-docs"
router = APIRouter(include_in_schema=False)

ABOUT = (
    "xwalk is an open knowledge graph of regulatory crosswalks: the EU AI Act, ISO/IEC 42001, ISO/IEC 27001, "
    "the GDPR, NIST AI RMF and NIST CSF 2.0 as linked provisions, with typed, sourced mappings between them, "
    "and answers about coverage, gaps and obligations that show their chain of mappings and sources."
)


def links(request: Request) -> dict[str, str]:
    """Where to go next; the explorer only when this app has one."""
    out = {
        "frameworks": "/api/v1/frameworks",
        "mapping_sets": "/api/v1/mapping-sets",
        "sparql": "/sparql",
        "openapi": "/openapi.json",
        "docs": "/docs",
        "redoc": "/redoc",
        "health": "/health",
        "version": "/api/v1/version",
    }
    if any(getattr(r, "path", None) == "/explore" for r in request.app.routes):
        out["explore"] = "/explore"
    return out


@router.get("/", response_model=None)
def home(request: Request, graph: Annotated[Graph, Depends(get_graph)]) -> Response:
    fws = frameworks(graph)
    sets = mapping_sets(graph)
    to = links(request)
    kind = choose(request.headers.get("accept"), ["application/json", "text/html"])
    if kind == "application/json":
        body: dict[str, Any] = {
            "xwalk": __version__,
            "about": ABOUT,
            "content_hash": graph.content_hash,
            "links": to,
            "frameworks": [{"id": f.id, "title": f.short_title, "provisions": f.provisions} for f in fws],
            "mapping_sets": [{"id": s.id, "title": s.title, "mappings": s.mappings} for s in sets],
        }
        return JSONResponse(body)
    return _local(HTMLResponse(page(fws, sets, to, graph.content_hash)))


def _rows(rows: Iterable[tuple[str, str, str, int]]) -> str:
    """Table rows of (link, linked text, second column, count), escaped."""
    return "".join(
        f'<tr><td><a href="{escape(href)}">{escape(text)}</a></td><td>{escape(second)}</td><td class=n>{n}</td></tr>'
        for href, text, second, n in rows
    )


def page(fws: list[Any], sets: list[Any], to: dict[str, str], content_hash: str | None) -> str:
    fw_rows = _rows((f"/api/v1/frameworks/{f.id}", f.short_title, f.id, f.provisions) for f in fws)
    set_rows = _rows((f"/api/v1/mapping-sets/{s.id}", s.id, s.title, s.mappings) for s in sets)
    nav = [("Query page (SPARQL)", to["sparql"]), ("API docs", to["docs"]), ("API reference (ReDoc)", to["redoc"])]
    if "explore" in to:
        nav.insert(0, ("Explorer", to["explore"]))
    nav_html = " · ".join(f'<a href="{escape(u)}">{escape(t)}</a>' for t, u in nav)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>xwalk</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}}
table{{border-collapse:collapse;width:100%;margin-bottom:1.5rem}}td,th{{border-bottom:1px solid #ddd;
padding:.3rem .5rem;
text-align:left}}td.n{{text-align:right}}nav{{margin:1rem 0 1.5rem}}small{{color:#666}}</style></head>
<body><h1>xwalk</h1><p>{escape(ABOUT)}</p>
<nav>{nav_html}</nav>
<h2>Frameworks ({len(fws)})</h2>
<table><thead><tr><th>framework</th><th>id</th><th>provisions</th></tr></thead><tbody>{fw_rows}</tbody></table>
<h2>Mapping sets ({len(sets)})</h2>
<table><thead><tr><th>set</th><th>title</th><th>mappings</th></tr></thead><tbody>{set_rows}</tbody></table>
<p><small>xwalk {escape(__version__)} · graph {escape(content_hash or "")} ·
<a href="{escape(to["health"])}">health</a> · <a href="{escape(to["openapi"])}">OpenAPI</a></small></p>
</body></html>
"""


# The docs pages may load only from this app: ReDoc's sidebar would otherwise fetch its logo from a CDN.
LOCAL_ONLY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'"
)


def _local(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = LOCAL_ONLY
    return page


def install_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc with their scripts and styles from this app, never from a CDN."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="api-docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return _local(get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="xwalk API",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
        ))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:  # browsers ask for it on every page that names no icon; a 404 is a console error
        return Response((ASSETS / "favicon.png").read_bytes(), media_type="image/png")

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _local(get_redoc_html(
            openapi_url="/openapi.json",
            title="xwalk API reference",
            redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        ))

"""The home page, the offline API docs and /health: a browser gets HTML, an API client JSON links,
and /docs renders in headless Chromium with nothing fetched from outside 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult
from xwalk.config import Settings
from xwalk.store.oxigraph import OxigraphStore

from .webdriver import Browser, missing


def test_browser_gets_html_with_frameworks_sets_and_links(
    any_client: TestClient, built: tuple[BuildResult, Path]
) -> None:
    r = any_client.get("/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for fw in built[0].catalogs.frameworks.values():
        assert f"<td>{fw.id}</td><td class=n>{len(fw.provisions)}</td>" in r.text
    for ms in built[0].mapping_sets:
        assert f">{ms.id}</a>" in r.text
    for href in ("/sparql", "/docs", "/redoc"):
        assert f'href="{href}"' in r.text
    assert 'href="/explore"' not in r.text, "no link to an explorer this app does not have"


def test_api_client_gets_json_links(any_client: TestClient, built: tuple[BuildResult, Path]) -> None:
    body = any_client.get("/", headers={"Accept": "application/json"}).json()
    assert body["links"]["sparql"] == "/sparql" and body["links"]["docs"] == "/docs"
    counts = {s["id"]: s["mappings"] for s in body["mapping_sets"]}
    assert counts == {ms.id: len(ms.mappings) for ms in built[0].mapping_sets}
    assert {f["id"]: f["provisions"] for f in body["frameworks"]} == {
        f.id: len(f.provisions) for f in built[0].catalogs.frameworks.values()
    }
    for target in body["links"].values():
        assert any_client.get(target).status_code == 200, target


def test_docs_assets_come_from_the_app(any_client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        html = any_client.get(page).text
        refs = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)["\']', html) + re.findall(r"url: '([^']+)'", html)
        assert refs, page
        for ref in refs:
            assert ref.startswith("/"), f"{page} loads {ref} from elsewhere"
            assert any_client.get(ref).status_code == 200, ref


def test_health_is_503_on_an_empty_store(settings: Settings) -> None:
    with TestClient(create_app(settings, store=OxigraphStore())) as client:
        r = client.get("/health")
    assert r.status_code == 503
    assert r.headers["content-type"] == "application/problem+json"
    assert "no xwalk build" in r.json()["detail"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    reason = missing()
    if reason:
        pytest.skip(reason)
    b = Browser()
    yield b
    b.quit()


def _requests_stay_local(browser: Browser, base: str) -> None:
    loaded = browser.script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded, "the page loaded no resources at all"
    host = urlsplit(base).netloc
    outside = [u for u in loaded if urlsplit(u).netloc != host]
    assert outside == [], f"requests left 127.0.0.1: {outside}"


def test_home_and_docs_render_offline(browser: Browser, live_url: str) -> None:
    browser.get(live_url + "/")
    assert browser.text(browser.find("h1")) == "xwalk"
    assert len(browser.find_all("table tbody tr")) >= 7
    browser.get(live_url + "/docs")
    title_js = "var t = document.querySelector('.swagger-ui .info .title'); return t && t.textContent"
    assert browser.wait(lambda: browser.script(title_js)).startswith("xwalk")
    assert browser.wait(lambda: len(browser.find_all(".opblock")) > 10)
    _requests_stay_local(browser, live_url)
    browser.get(live_url + "/redoc")
    assert browser.wait(lambda: browser.script("return document.querySelectorAll('[data-section-id]').length")) > 10
    # ReDoc's sidebar asks for its logo on cdn.redoc.ly; the page's Content-Security-Policy blocks it in the
    # browser (nothing is fetched, so ReDoc drops the image), and no other resource comes from elsewhere.
    logo = "return document.querySelector('img[alt=\"redocly logo\"]') === null"
    assert browser.wait(lambda: browser.script(logo))
    loaded = browser.script("return performance.getEntriesByType('resource').map(e => [e.name, e.transferSize])")
    outside = [(u, size) for u, size in loaded if urlsplit(u).netloc != urlsplit(live_url).netloc]
    assert all(u.startswith("https://cdn.redoc.ly/") and size == 0 for u, size in outside), outside
    assert httpx.get(live_url + "/health").json()["status"] == "ok"


def test_the_browsers_favicon_request_is_answered(any_client: TestClient) -> None:
    # The pages name no icon, so every browser asks for /favicon.ico; a 404 there is a console error on
    # the home page of a fresh `xwalk serve` (seen in headless Chromium).
    r = any_client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert r.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert any_client.head("/favicon.ico").status_code == 200

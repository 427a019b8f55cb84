"""The explorer, the heatmap and the gap report page in headless Chromium (Debian's chromium and
chromium-driver, `make browser`), on the app served over HTTP. Screenshots go to tests/artefacts/."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from .conftest import ROOT
from .pagetools import keep_screenshot
from .webdriver import Browser

PROFILE = ROOT / "examples" / "iso27001-shop.json"
VERDICTS = ["covered", "partial", "not-covered", "undetermined", "unmapped"]


def test_search_article_15_expand_and_read_a_mapping_source(browser: Browser, site: str) -> None:
    browser.get(site + "/explore")
    browser.set_value(browser.find("#search"), "Article 15")
    browser.click(browser.find("#search-form button"))
    hits = browser.wait(lambda: browser.find_all("#hits li"))
    assert browser.attribute(hits[0], "data-id") == "euaia:art-15"
    browser.click(hits[0])
    rows = browser.wait(lambda: browser.find_all("#detail tr.mapping"), 60)
    # the nodes drawn are Article 15, its paragraphs and what its mappings reach (Cytoscape JSON of the export);
    # its own rows all come from an as-published guide (a vendor's claims), left out as in coverage
    nodes = set(browser.script("return window.xwalk.cy.nodes().map(n => n.id())"))
    assert {"euaia:art-15", "euaia:art-15-1", "euaia:art-15-5"} <= nodes
    assert "iso27001:A.8.24" not in nodes
    before = len(nodes)
    # the detail panel lists every mapping with its source
    assert "Accuracy, robustness and cybersecurity" in browser.text(browser.find("#detail h2"))
    api = httpx.get(site + "/api/v1/provisions/euaia:art-15").json()
    assert len(rows) == len(api["mappings"])
    sources = {browser.text(e).split("\n")[0] for e in browser.find_all("#detail td.mapping-source")}
    assert sources == {m["source"] for m in api["mappings"]}
    # expanding a neighbour adds its own neighbours
    browser.script("window.xwalk.show('euaia:art-15-5')")
    browser.wait(lambda: browser.script("return window.xwalk.cy.nodes().length") > before, 60)
    browser.wait(lambda: "Resilience against attacks" in browser.text(browser.find("#detail h2")))
    assert "iso27001:A.8.8" in browser.script("return window.xwalk.cy.nodes().map(n => n.id())")  # a curated row
    assert browser.script("return window.xwalk.cy.nodes().every(n => Number.isFinite(n.renderedPosition('x')))")
    keep_screenshot(browser, "explore")


def test_colour_by_verdict_after_loading_a_profile(browser: Browser, site: str) -> None:
    browser.get(site + "/explore")
    browser.find("#profile")
    browser.script(
        "return window.xwalk.loadProfile(new File([arguments[0]], 'shop.json', {type: 'application/json'}))",
        PROFILE.read_text(),
    )
    browser.wait(lambda: browser.script("return document.getElementById('colour-by').value") == "verdict", 60)
    colours = browser.script(
        "return window.xwalk.cy.nodes().map(n => [n.data('verdict'), n.style('background-color')])"
    )
    by_verdict = {v: c for v, c in colours}
    # the shop has no unmapped duty (each has its own row against 27001): partial or proved not covered
    assert {"partial", "not-covered"} <= set(by_verdict) <= {*VERDICTS, "implemented", "intermediate", "excluded"}
    assert by_verdict["partial"] != by_verdict["not-covered"]
    legend = browser.text(browser.find("#legend"))
    assert {"partial", "not-covered"} <= set(legend.splitlines())  # the legend names the verdicts drawn
    keep_screenshot(browser, "explore-verdicts")


def test_saved_view_is_one_self_contained_file(browser: Browser, site: str, tmp_path: Path) -> None:
    browser.get(site + "/explore?id=euaia:art-15-5")
    browser.wait(lambda: browser.script("return window.xwalk.cy.nodes().length") > 10, 60)
    n = browser.script("return window.xwalk.cy.nodes().length")
    html = browser.script("return window.xwalk.snapshot()")
    assert not re.findall(r"<(?:script|link)[^>]+(?:src|href)=", html)  # nothing loaded from anywhere
    saved = tmp_path / "saved.html"
    saved.write_text(html, encoding="utf-8")
    browser.get(saved.as_uri())  # opened with the server out of the picture
    assert browser.wait(lambda: browser.script("return window.cy && window.cy.nodes().length")) == n
    keep_screenshot(browser, "explore-saved")


def test_heatmap_renders_every_pair_and_clicks_through(browser: Browser, site: str) -> None:
    browser.get(site + "/explore/heatmap")
    cells = browser.wait(lambda: browser.find_all("#heatmap td.cell"), 120)
    frameworks = [browser.text(th) for th in browser.find_all("#heatmap thead th")][1:]
    assert len(frameworks) == 7 and len(cells) == 7 * 6
    cell = browser.find('#heatmap td.cell[data-source="iso-iec-27001-2013"][data-target="iso-iec-27001-2022"]')
    widths = browser.script(
        "return [...arguments[0].querySelectorAll('.share')].map(s => parseFloat(s.style.width))",
        {"element-6066-11e4-a52e-4f735466cecf": cell},
    )
    assert len(widths) == 5 and abs(sum(widths) - 100) < 0.5 and widths[0] > 90  # 2013 -> 2022 is mostly covered
    keep_screenshot(browser, "heatmap")
    browser.click(cell)
    browser.wait(lambda: browser.script("return window.xwalk && window.xwalk.cy.nodes().length > 100"), 120)
    assert "scope=pair" in browser.script("return location.search")


def test_gap_report_page_shows_the_five_verdict_counts(browser: Browser, site: str) -> None:
    browser.get(site + "/report")
    browser.set_value(browser.find("#profile"), PROFILE.read_text())
    browser.click(browser.find("#run"))
    browser.wait(lambda: browser.find_all("#verdict-counts li"), 120)
    counts = {
        browser.attribute(li, "data-verdict"): int(browser.text(li).split()[-1])
        for li in browser.find_all("#verdict-counts li")
    }
    assert list(counts)[:5] == VERDICTS
    report = httpx.post(
        site + "/api/v1/gap-analysis",
        content=PROFILE.read_bytes(),
        headers={"Content-Type": "application/json"},
        timeout=120,
    ).json()
    assert sum(counts.values()) == len(report["items"])
    assert counts["covered"] == sum(s["counts"]["met"] + s["counts"]["covered"] for s in report["summary"])
    assert browser.find_all("table.items ol.chain li")  # every basis with its chain
    keep_screenshot(browser, "gap-report")


def test_gap_report_page_shows_profile_errors(browser: Browser, site: str) -> None:
    browser.get(site + "/report")
    browser.set_value(browser.find("#profile"), '{"organisation": {"name": "x"}, "targets": ["iso9001"]}')
    browser.click(browser.find("#run"))
    error = browser.find("#error")
    message = browser.wait(lambda: browser.text(error))
    assert "/targets/0" in message


def test_pages_load_nothing_from_elsewhere(site: str) -> None:
    for page in ("/explore", "/explore/heatmap", "/report", "/sparql"):
        html = httpx.get(site + page, headers={"Accept": "text/html"}).text
        for attribute in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert attribute.startswith(("/", "?")), (page, attribute)
        for asset in re.findall(r'(?:src|href)="(/assets/[^"]+)"', html):
            assert httpx.get(site + asset).status_code == 200, asset
    for licence in ("/assets/vendor/cytoscape/LICENSE", "/assets/vendor/yasgui/LICENSE"):
        assert "MIT" in httpx.get(site + licence).text

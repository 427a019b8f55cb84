"""The query page in headless Chromium (Debian's chromium + chromium-driver, installed by
`make browser`): pick a named example, run it, see the rows, follow a provision link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .webdriver import Browser, missing


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    reason = missing()
    if reason:
        pytest.skip(reason)
    b = Browser()
    yield b
    b.quit()


def test_pick_an_example_run_it_see_the_rows(browser: Browser, live_url: str, tmp_path: Path) -> None:
    browser.get(live_url + "/sparql")
    editor = browser.find("#editor")
    # the editor starts with the project's prefixes
    assert "PREFIX euaia: <https://w3id.org/xwalk/id/eu-ai-act/>" in browser.value(editor)
    select = browser.find("#examples")
    browser.wait(lambda: browser.attribute(select, "data-loaded"))
    browser.click(select)
    browser.click(browser.find('#examples option[value="examples/annex-a-controls"]'))
    assert browser.text(browser.find("#example-summary")).startswith("The Annex A controls")
    browser.click(browser.find("#run"))
    status = browser.wait(
        lambda: (
            re.match(r"\d+ rows? in", browser.text(browser.find("#status"))) and browser.text(browser.find("#status"))
        )
    )
    assert status.startswith("38 rows")
    headers = [browser.text(th) for th in browser.find_all("#results thead th")]
    assert headers == ["control", "notation", "title", "objective"]
    rows = browser.find_all("#results tbody tr")
    assert len(rows) == 38
    link = browser.find("#results tbody tr:first-child a.provision")
    assert browser.text(link) == "iso42001:A.2.2"
    assert browser.attribute(link, "href") == "/api/v1/provisions/iso42001:A.2.2"
    # a download link per results format, each answering in its format
    downloads = {
        browser.attribute(a, "data-format"): browser.attribute(a, "href") for a in browser.find_all("#downloads a")
    }
    assert sorted(downloads) == ["csv", "json", "tsv", "xml"]
    csv = httpx.get(live_url + str(downloads["csv"]))
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert len(csv.text.splitlines()) == 39
    (tmp_path / "query-page.png").write_bytes(browser.screenshot())


def test_errors_show_the_problem_detail(browser: Browser, live_url: str) -> None:
    browser.get(live_url + "/sparql")
    editor = browser.find("#editor")
    browser.set_value(editor, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    browser.click(browser.find("#run"))
    error = browser.find("#error")
    message = browser.wait(lambda: browser.text(error))
    assert message.startswith("SERVICE is refused")
    assert "Failed (400)" in browser.text(browser.find("#status"))


def test_nothing_comes_from_elsewhere(live_url: str) -> None:
    page = httpx.get(live_url + "/sparql", headers={"Accept": "text/html"}).text
    for attribute in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert attribute.startswith("/"), attribute
    js = httpx.get(live_url + "/sparql/assets/query.js").text
    assert "http://" not in js and "import " not in js

"""The query page in headless Chromium (Debian's chromium + chromium-driver, installed by `make browser`):
YASQE holds the project's prefixes, a named example runs, YASR shows its rows in a sortable, paged table
whose provision identifiers open the explorer, and every download answers in its format."""

from __future__ import annotations

import re

import httpx

from .pagetools import keep_screenshot
from .webdriver import Browser


def status_of(browser: Browser) -> str:
    text = browser.text(browser.find("#status"))
    return text if re.match(r"(\d+ rows? in|Failed)", text) else ""


def test_pick_an_example_run_it_see_the_rows(browser: Browser, site: str) -> None:
    browser.get(site + "/sparql")
    browser.wait(lambda: browser.script("return window.xwalkQuery !== undefined"))
    text = browser.script("return window.xwalkQuery.yasqe.getValue()")
    assert "PREFIX euaia: <https://w3id.org/xwalk/id/eu-ai-act/>" in text
    assert browser.find_all("#editor .CodeMirror")  # the YASQE editor, not a text area
    select = browser.find("#examples")
    browser.wait(lambda: browser.attribute(select, "data-loaded"))
    browser.click(select)
    browser.click(browser.find('#examples option[value="examples/annex-a-controls"]'))
    assert browser.text(browser.find("#example-summary")).startswith("The Annex A controls")
    assert "xw:Control" in browser.script("return window.xwalkQuery.yasqe.getValue()")
    browser.click(browser.find("#run"))
    assert browser.wait(lambda: status_of(browser), 60).startswith("38 rows")
    headers = browser.wait(lambda: [browser.text(th) for th in browser.find_all("#yasr table.dataTable thead th")])
    assert headers[1:] == ["control", "notation", "title", "objective"]  # the first column numbers the rows
    # a paged table: 38 rows, 10 to a page once the page size is 10
    browser.script("""const s = document.querySelector('#yasr select[name$="length"], #yasr .pageSizeWrapper select');
                      s.value = '10'; s.dispatchEvent(new Event('change'));""")
    assert browser.wait(lambda: len(browser.find_all("#yasr table.dataTable tbody tr")) == 10)
    # identifiers open the explorer
    link = browser.wait(lambda: browser.find_all("#yasr table.dataTable tbody tr a.provision"))[0]
    assert browser.text(link) == "iso42001:A.2.2"
    assert browser.attribute(link, "href") == "/explore?id=iso42001%3AA.2.2"
    keep_screenshot(browser, "query-page")
    # a download link per results format, each answering in its format
    downloads = {
        browser.attribute(a, "data-format"): browser.attribute(a, "href") for a in browser.find_all("#downloads a")
    }
    assert sorted(downloads) == ["csv", "json", "tsv", "xml"]
    csv = httpx.get(site + str(downloads["csv"]))
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert len(csv.text.splitlines()) == 39
    # sortable: the notation column twice (descending) puts the greatest notation first, as a string sorts
    notations = [line.split(",")[1] for line in csv.text.splitlines()[1:]]
    notation = browser.find_all("#yasr table.dataTable thead th")[2]
    browser.click(notation)
    browser.click(notation)
    cell = "#yasr table.dataTable tbody tr:first-child td:nth-child(3)"
    assert browser.wait(lambda: browser.text(browser.find(cell)) == max(notations))


def test_errors_show_the_problem_detail(browser: Browser, site: str) -> None:
    browser.get(site + "/sparql")
    browser.wait(lambda: browser.script("return window.xwalkQuery !== undefined"))
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    browser.script("window.xwalkQuery.yasqe.setValue(arguments[0])", query)
    browser.click(browser.find("#run"))
    error = browser.find("#error")
    message = browser.wait(lambda: browser.text(error))
    assert message.startswith("SERVICE is refused")
    assert "Failed (400)" in browser.text(browser.find("#status"))


def test_nothing_comes_from_elsewhere(site: str) -> None:
    page = httpx.get(site + "/sparql", headers={"Accept": "text/html"}).text
    for attribute in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert attribute.startswith("/"), attribute
    js = httpx.get(site + "/assets/query.js").text
    assert "import " not in js

"""GET /api/v1/export (a scope as a graph file or matrix), POST /api/v1/export (a posted profile's gap
report), GET /api/v1/heatmap, and their bad-input answers as problem+json."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult
from xwalk.config import Settings
from xwalk.engine.verdicts import VERDICTS

from .conftest import ROOT

API = "/api/v1"
PROFILE = (ROOT / "examples" / "iso27001-shop.json").read_bytes()


@pytest.fixture(scope="module")
def client(built: tuple[BuildResult, Path]) -> TestClient:
    return TestClient(create_app(Settings(root=ROOT, dist=built[1], store="memory")))


def problem(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    detail: str = response.json()["detail"]
    return detail


def test_graphml_of_a_pair_reads_back(client: TestClient) -> None:
    r = client.get(f"{API}/export", params={"format": "graphml", "scope": "pair:iso42001,iso27001"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/graphml+xml"
    assert 'filename="xwalk-pair-iso-iec-42001-2023-iso-iec-27001-2022.graphml"' in r.headers["content-disposition"]
    g = nx.read_graphml(io.BytesIO(r.content))
    frameworks = {d["framework"] for _, d in g.nodes(data=True)}
    assert frameworks == {"iso-iec-42001-2023", "iso-iec-27001-2022"}
    again = client.get(f"{API}/export", params={"format": "graphml", "scope": "pair:iso-iec-42001-2023,iso27001"})
    assert again.content == r.content


def test_cytoscape_of_a_neighbourhood(client: TestClient) -> None:
    r = client.get(f"{API}/export", params={"format": "cytoscape", "scope": "around:euaia:art-15:2"})
    data = r.json()
    ids = {n["data"]["id"] for n in data["elements"]["nodes"]}
    assert "euaia:art-15" in ids and "euaia:art-15-1" in ids
    edge = next(e["data"] for e in data["elements"]["edges"] if e["data"]["kind"] == "mapping")
    assert {"relation", "strength", "status", "mapping_set", "mapping_source"} <= set(edge)
    assert edge["source"] in ids and edge["target"] in ids  # Cytoscape's own endpoints
    # as-published sets (a vendor's claims) are left out unless asked for, as in coverage
    sets = {e["data"]["mapping_set"] for e in data["elements"]["edges"] if e["data"]["kind"] == "mapping"}
    assert sets and not [s for s in sets if "guide" in s]


def test_matrix_csv(client: TestClient) -> None:
    r = client.get(f"{API}/export", params={"format": "csv", "scope": "pair:nist-csf-2.0,iso27001"})
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    lines = r.text.splitlines()
    assert lines[0].startswith("requirement,notation,title,verdict,by")
    assert len(lines) == 107  # the 106 active CSF 2.0 subcategories and the header


def test_posted_profile_as_a_verdict_graph(client: TestClient) -> None:
    r = client.post(f"{API}/export?format=cytoscape", content=PROFILE, headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    verdicts = {n["data"]["verdict"] for n in r.json()["elements"]["nodes"]}
    report = client.post(f"{API}/gap-analysis", content=PROFILE, headers={"Content-Type": "application/json"})
    judged = {i["verdict"] or i["status"] for i in report.json()["items"]}
    # an ISMS proves overlap with 42001 and the AI Act, never cover (no 27001 clause contains a 42001 one);
    # the AI Act's legal formalities are proved out of its reach (no-relationship against the whole standard)
    assert "covered" not in judged and {"partial", "not-covered"} <= verdicts
    assert verdicts - {"implemented", "intermediate"} <= judged
    csv = client.post(f"{API}/export?format=csv", content=PROFILE, headers={"Content-Type": "application/json"})
    assert {line.split(",")[0] for line in csv.text.splitlines()[1:]} == {"iso-iec-42001-2023", "eu-ai-act"}


@pytest.mark.parametrize(
    ("params", "status", "says"),
    [
        ({"format": "pdf", "scope": "framework:gdpr"}, 400, "formats: graphml, gexf, cytoscape, dot"),
        ({"format": "dot", "scope": "everything"}, 400, "scopes are written framework:ID, pair:ID,ID"),
        ({"format": "dot", "scope": "framework:iso9001"}, 404, "framework 'iso9001' does not exist"),
        ({"format": "dot", "scope": "around:euaia:art-999:1"}, 404, "euaia:art-999 does not exist"),
        ({"format": "csv", "scope": "around:euaia:art-15:1"}, 400, "needs a framework, pair or gaps scope"),
        ({"format": "dot", "scope": "gaps:x.json"}, 400, "POST /api/v1/export"),
        ({"format": "dot"}, 422, "query:/scope"),
    ],
)
def test_bad_requests_say_what_is_allowed(client: TestClient, params: dict[str, str], status: int, says: str) -> None:
    assert says in problem(client.get(f"{API}/export", params=params), status)


def test_bad_posts(client: TestClient) -> None:
    json_ct = {"Content-Type": "application/json"}
    detail = problem(client.post(f"{API}/export?format=turtle", content=PROFILE, headers=json_ct), 400)
    assert "not the verdicts" in detail
    assert "use GET" in problem(client.post(f"{API}/export?format=dot&scope=framework:gdpr", content=PROFILE), 400)
    broken = json.dumps({"organisation": {"name": "x"}}).encode()
    body = client.post(f"{API}/export?format=dot", content=broken, headers=json_ct)
    assert body.status_code == 422 and body.json()["errors"]


def test_heatmap(client: TestClient) -> None:
    body = client.get(f"{API}/heatmap").json()
    assert body["verdicts"] == list(VERDICTS)
    n = len(body["frameworks"])
    assert len(body["cells"]) == n * (n - 1)
    cell = next(c for c in body["cells"] if c["source"] == "iso-iec-42001-2023" and c["target"] == "iso-iec-27001-2022")
    assert sum(cell["counts"].values()) == cell["count"] > 0
    assert abs(sum(cell["percent"].values()) - 100.0) < 0.5


def test_gap_report_as_html_is_the_cli_page(
    client: TestClient, built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from xwalk.cli import main

    r = client.post(
        f"{API}/gap-analysis", content=PROFILE, headers={"Content-Type": "application/json", "Accept": "text/html"}
    )
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    args = ["--root", str(ROOT), "--dist", str(built[1]), "gaps", str(ROOT / "examples" / "iso27001-shop.json")]
    assert main([*args, "--format", "html"]) == 0
    assert capsys.readouterr().out == r.text
    for verdict in VERDICTS:
        assert f'<li data-verdict="{verdict}">' in r.text
    assert "<script" not in r.text and "@media print" in r.text

"""The REST API under /api/v1: every endpoint, with its bad-input cases, over the real build."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult
from xwalk.build.sssom import read_mapping_set
from xwalk.config import Settings

from .conftest import DATA, ROOT

API = "/api/v1"
HS = "iso-iec-27001-2022--iso-iec-42001-2023-hs"
ART15 = "https://w3id.org/xwalk/id/eu-ai-act/art-15"


@pytest.fixture(scope="module")
def client(built: tuple[BuildResult, Path]) -> TestClient:
    return TestClient(create_app(Settings(root=ROOT, dist=built[1], store="memory")))


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["detail"]
    return body


def test_frameworks(client: TestClient) -> None:
    body = client.get(f"{API}/frameworks").json()
    assert body["count"] == len(body["data"]) == 7
    assert [f["id"] for f in body["data"]] == sorted(f["id"] for f in body["data"])
    one = client.get(f"{API}/frameworks/iso42001").json()
    assert one["framework"]["id"] == "iso-iec-42001-2023"
    assert one["kinds"]["Control"] == 38
    assert client.get(f"{API}/frameworks/https://w3id.org/xwalk/fw/gdpr").json()["framework"]["id"] == "gdpr"
    problem(client.get(f"{API}/frameworks/iso-iec-42001"), 404)


def test_provision_tree_with_filters(client: TestClient) -> None:
    full = client.get(f"{API}/frameworks/iso-iec-42001-2023/provisions").json()
    assert full["count"] == 93 and full["data"][0]["id"] == "iso42001:4"
    logs = client.get(f"{API}/frameworks/iso-iec-42001-2023/provisions", params={"kind": "control", "q": "log"}).json()
    assert logs["count"] == 1
    annex = logs["data"][0]
    assert annex["id"] == "iso42001:A"
    assert annex["children"][0]["children"][0]["children"][0]["id"] == "iso42001:A.6.2.8"
    none = client.get(f"{API}/frameworks/iso42001/provisions", params={"q": "zzzz"}).json()
    assert none == {"framework": "iso-iec-42001-2023", "count": 0, "data": []}
    problem(client.get(f"{API}/frameworks/iso42001/provisions", params={"kind": "Widget"}), 400)
    problem(client.get(f"{API}/frameworks/nope/provisions"), 404)


def test_provision_by_curie_and_iri(client: TestClient) -> None:
    by_curie = client.get(f"{API}/provisions/euaia:art-15").json()
    assert by_curie == client.get(f"{API}/provisions/{ART15}").json()
    assert by_curie["id"] == "euaia:art-15" and by_curie["kind"] == "Article"
    encoded = client.get(f"{API}/provisions/https%3A%2F%2Fw3id.org%2Fxwalk%2Fid%2Feu-ai-act%2Fart-15").json()
    assert encoded["id"] == "euaia:art-15"
    missing = problem(client.get(f"{API}/provisions/iso42001:8.6"), 404)
    assert "iso42001:8.4" in missing["suggestions"]
    problem(client.get(f"{API}/provisions/nonsense"), 400)


def test_coverage(client: TestClient) -> None:
    body = client.get(f"{API}/provisions/iso27001:7.5/coverage", params={"to": "iso42001"}).json()
    first = body["data"][0]
    # the same harmonized-structure clause of another management system overlaps, it does not cover
    got = (first["provision"], first["verdict"], first["relations"])
    assert got == ("iso42001:7.5", "partial", ["intersects-with"])
    assert first["witnesses"][0]["steps"][0]["mapping_set"] == HS
    assert body["listed"] == len(body["data"]) and body["content_hash"].startswith("sha256:")
    assert body["count"] == body["listed"] + body["reached_only"]  # those only counted unless reached=true
    assert HS in body["mapping_sets"] and "iso-harmonized-structure" in body["sources"]
    assert sum(body["summary"].values()) == body["count"] + body["summary"]["unmapped"]
    both = client.get(f"{API}/provisions/{ART15}/coverage", params={"to": ["iso27001", "iso42001"]}).json()
    assert both["to"] == ["iso-iec-27001-2022", "iso-iec-42001-2023"]
    comma = client.get(f"{API}/provisions/euaia:art-15/coverage", params={"to": "iso27001,iso42001"}).json()
    assert comma == both
    two = client.get(f"{API}/provisions/euaia:art-15/coverage", params={"to": "iso27001,iso42001", "limit": 2}).json()
    assert two["count"] == both["count"] > 2 and two["data"] == both["data"][:2]
    covers = client.get(f"{API}/provisions/iso42001:7.5/coverage", params={"direction": "covers", "to": "iso27001"})
    assert {i["provision"] for i in covers.json()["data"]} >= {"iso27001:7.5", "iso27001:7.5.1"}


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"depth": 0}, 422),
        ({"depth": 6}, 422),
        ({"depth": "deep"}, 422),
        ({"min_strength": 11}, 422),
        ({"min_status": "final"}, 422),
        ({"direction": "up"}, 422),
        ({"derived": "maybe"}, 422),
        ({"to": "iso9001"}, 404),
        ({"limit": 0}, 422),
    ],
)
def test_coverage_bad_parameters(client: TestClient, params: dict[str, Any], status: int) -> None:
    body = problem(client.get(f"{API}/provisions/iso27001:7.5/coverage", params=params), status)
    if status == 422:
        assert body["errors"][0]["pointer"].startswith("query:/")


def test_coverage_of_unknown_provision(client: TestClient) -> None:
    assert "iso42001:8.4" in problem(client.get(f"{API}/provisions/iso42001:8.6/coverage"), 404)["suggestions"]


def test_obligations_of_a_provision(client: TestClient) -> None:
    body = client.get(f"{API}/provisions/euaia:art-15/obligations").json()
    assert body["provision"] == "euaia:art-15" and body["count"] == len(body["data"]) > 0
    assert {o["provision"] for o in body["data"]} <= {f"euaia:art-15-{n}" for n in range(1, 6)}
    assert client.get(f"{API}/provisions/iso27001:A.5.1/obligations").json()["count"] == 0
    problem(client.get(f"{API}/provisions/euaia:art-999/obligations"), 404)


def test_obligations_by_role_risk_and_date(client: TestClient) -> None:
    body = client.get(
        f"{API}/obligations", params={"role": "provider", "risk": "high-risk-annex-iii", "as_of": "2026-09-01"}
    ).json()
    assert body["count"] == len(body["data"]) and body["later"]
    assert all(o["applies_from"] <= "2026-09-01" for o in body["data"])
    assert all(o["applies_from"] > "2026-09-01" for o in body["later"])
    problem(client.get(f"{API}/obligations"), 422)
    problem(client.get(f"{API}/obligations", params={"role": "boss"}), 422)
    problem(client.get(f"{API}/obligations", params={"role": "provider", "risk": "huge"}), 422)
    problem(client.get(f"{API}/obligations", params={"role": "provider", "as_of": "soon"}), 422)


def test_mapping_sets_json_and_sssom(client: TestClient, tmp_path: Path) -> None:
    sets = client.get(f"{API}/mapping-sets").json()
    assert HS in [s["id"] for s in sets["data"]] and sets["count"] == len(sets["data"])
    one = client.get(f"{API}/mapping-sets/{HS}").json()
    assert one["mapping_set"]["id"] == HS and one["count"] == one["mapping_set"]["mappings"] == len(one["data"])
    tsv = client.get(f"{API}/mapping-sets/{HS}", headers={"accept": "text/tab-separated-values"})
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    path = tmp_path / f"{HS}.sssom.tsv"
    path.write_text(tsv.text)
    problems: list[Any] = []
    read = read_mapping_set(path, path.name, None, problems)
    assert problems == [] and read is not None and len(read.mappings) == one["count"]
    problem(client.get(f"{API}/mapping-sets/{HS}", headers={"accept": "image/png"}), 406)
    assert HS in problem(client.get(f"{API}/mapping-sets/iso-iec-27001-2022--iso-iec-42001"), 404)["suggestions"]


def test_mappings_filtered(client: TestClient) -> None:
    body = client.get(f"{API}/mappings", params={"subject": "iso27001:7.5"}).json()
    assert [(m["subject"], m["relation"], m["object"]) for m in body["data"]] == [
        ("iso27001:7.5", "intersects-with", "iso42001:7.5")
    ]
    negative = client.get(f"{API}/mappings", params={"relation": "no-relationship"}).json()
    assert negative["count"] >= 2 and all(m["relation"] == "no-relationship" for m in negative["data"])
    page = client.get(f"{API}/mappings", params={"limit": 2, "offset": 1}).json()
    assert len(page["data"]) == 2 and page["count"] > 2
    problem(client.get(f"{API}/mappings", params={"relation": "similar"}), 422)
    problem(client.get(f"{API}/mappings", params={"object": "iso42001:99"}), 404)
    problem(client.get(f"{API}/mappings", params={"limit": 0}), 422)


def test_matrix(client: TestClient) -> None:
    body = client.get(f"{API}/matrix", params={"from": "iso42001", "to": "iso27001"}).json()
    assert body["count"] == 70 == sum(body["summary"].values())
    assert body["source"] == "iso-iec-42001-2023" and body["target"] == "iso-iec-27001-2022"
    problem(client.get(f"{API}/matrix", params={"from": "iso42001"}), 422)
    problem(client.get(f"{API}/matrix", params={"from": "iso42001", "to": "iso42001"}), 400)
    problem(client.get(f"{API}/matrix", params={"from": "iso42001", "to": "pci"}), 404)


def test_search_ranks_notation_before_title(client: TestClient) -> None:
    body = client.get(f"{API}/search", params={"q": "A.8.25"}).json()
    assert body["data"][0]["id"] == "iso27001:A.8.25" and body["data"][0]["score"] == 0
    logs = client.get(f"{API}/search", params={"q": "event log", "framework": "iso42001"}).json()
    assert [h["id"] for h in logs["data"]] == ["iso42001:A.6.2.8"]
    assert client.get(f"{API}/search", params={"q": "zzzzqq"}).json() == {"q": "zzzzqq", "count": 0, "data": []}
    problem(client.get(f"{API}/search"), 422)
    problem(client.get(f"{API}/search", params={"q": ""}), 422)
    problem(client.get(f"{API}/search", params={"q": "log", "limit": 1000}), 422)


def test_profile_schema(client: TestClient) -> None:
    schema = client.get(f"{API}/schemas/profile").json()
    assert schema["$id"] == "https://w3id.org/xwalk/schemas/profile.json"
    assert set(schema["required"]) == {"organisation", "as_of", "targets"}


def gap(client: TestClient, body: bytes, content_type: str, accept: str = "application/json") -> Any:
    return client.post(f"{API}/gap-analysis", content=body, headers={"content-type": content_type, "accept": accept})


def test_gap_analysis_in_three_syntaxes_and_three_formats(client: TestClient) -> None:
    answers = [
        gap(client, (DATA / "profile" / name).read_bytes(), media).json()
        for name, media in [
            ("small.json", "application/json"),
            ("small.ttl", "text/turtle"),
            ("small.jsonld", "application/ld+json"),
        ]
    ]
    assert answers[0] == answers[1] == answers[2]
    shop = (ROOT / "examples" / "iso27001-shop.json").read_bytes()
    md = gap(client, shop, "application/json", "text/markdown")
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Gap analysis: Example Shop Ltd")
    rows = list(csv.DictReader(io.StringIO(gap(client, shop, "application/json", "text/csv").text)))
    report = gap(client, shop, "application/json").json()
    assert len(rows) == len(report["items"]) and rows[0]["profile_hash"] == report["profile_hash"]
    assert gap(client, shop, "application/json").content == gap(client, shop, "application/json").content


def test_gap_analysis_bad_input(client: TestClient) -> None:
    data = json.loads((DATA / "profile" / "small.json").read_text())
    data["implementations"][0]["status"] = "done"
    data["implementations"][1]["provision"] = "iso27001:99"
    data["exclusions"] = "none"
    body = problem(gap(client, json.dumps(data).encode(), "application/json"), 422)
    assert {e["pointer"] for e in body["errors"]} == {"/implementations/0/status", "/exclusions"}
    data = json.loads((DATA / "profile" / "small.json").read_text())
    data["implementations"][1]["provision"] = "iso27001:99"
    unknown = problem(gap(client, json.dumps(data).encode(), "application/json"), 422)
    assert unknown["errors"][0]["pointer"] == "/implementations/1/provision"
    problem(gap(client, b"{not json", "application/json"), 422)
    problem(gap(client, b"<a> <b>", "text/turtle"), 422)
    problem(gap(client, b"{}", "text/plain"), 415)
    problem(gap(client, (DATA / "profile" / "small.json").read_bytes(), "application/json", "application/pdf"), 406)
    problem(client.post(f"{API}/gap-analysis", params={"depth": 9}, json={}), 422)


def test_every_endpoint_documents_an_example(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    mine = {p: ops for p, ops in spec["paths"].items() if p.startswith(API) and not p.startswith(f"{API}/sparql")}
    assert len(mine) >= 15
    for path, ops in mine.items():
        for method, op in ops.items():
            content = op["responses"]["200"].get("content", {})
            assert any("example" in c or "examples" in c for c in content.values()), (method, path)

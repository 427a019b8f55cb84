"""HEAD on every GET route of the OpenAPI, `Allow` on every 405, dates as dates, no server paths."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult
from xwalk.config import Settings

from .servers import ROOT

SAMPLE = {"id": "euaia:art-15", "name": "examples/annex-a-controls", "framework": "eu-ai-act"}


@pytest.fixture(scope="module")
def client(built: tuple[BuildResult, Path]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(root=ROOT, dist=built[1]))) as c:
        yield c


def paths(client: TestClient) -> dict[str, set[str]]:
    spec = client.get("/openapi.json").json()
    out = {}
    for path, ops in spec["paths"].items():
        url = re.sub(r"\{(\w+)(?::path)?\}", lambda m: SAMPLE.get(m.group(1), "x"), path)
        out[url] = {m.upper() for m in ops}
    return out


def test_head_on_every_get_route(client: TestClient) -> None:
    gets = [url for url, methods in paths(client).items() if "GET" in methods]
    assert len(gets) >= 10
    for url in gets:
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code, url
        assert head.content == b"", url
        assert head.headers.get("content-type") == get.headers.get("content-type"), url


def test_allow_on_every_405(client: TestClient) -> None:
    for url, methods in paths(client).items():
        r = client.request("DELETE", url)
        assert r.status_code == 405, url
        assert r.headers["content-type"] == "application/problem+json"
        expected = methods | ({"HEAD"} if "GET" in methods else set())
        assert r.headers["allow"] == ", ".join(sorted(expected)), url


@pytest.mark.parametrize("bad", [0, 1700000000, "0", "2027-02-30", "2027-12-02T10:00:00", "02/12/2027"])
def test_as_of_is_a_date(client: TestClient, bad: object) -> None:
    profile = json.loads((ROOT / "examples" / "iso27001-shop.json").read_text())
    profile["as_of"] = bad
    r = client.post("/api/v1/gap-analysis", json=profile)
    assert r.status_code == 422, r.text
    assert any(e["pointer"] == "/as_of" for e in r.json()["errors"])
    r = client.get("/api/v1/obligations", params={"as_of": str(bad)})
    assert r.status_code == 422, r.text


def test_no_server_path_in_answers(client: TestClient) -> None:
    """The 404 for a missing named query showed the server's absolute path."""
    r = client.get("/api/v1/queries/no/such/query")
    assert r.status_code == 404
    assert str(ROOT) not in r.text and "/work" not in r.text
    assert "no named query 'no/such/query' in queries/" in r.json()["detail"]

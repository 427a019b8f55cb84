"""The service skeleton: health and version, built from settings by create_app."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult
from xwalk.config import Settings


def test_health_and_version_report_the_built_graph(settings: Settings, built: tuple[BuildResult, Path]) -> None:
    client = TestClient(create_app(settings))
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    version = client.get("/api/v1/version").json()
    assert version["content_hash"] == built[0].content_hash
    assert version["frameworks"]["iso-iec-42001-2023"] == "2023"


def test_unknown_route_is_problem_json(settings: Settings) -> None:
    client = TestClient(create_app(settings))
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_missing_build_is_a_clear_error(tmp_path: Path) -> None:
    from xwalk.errors import BuildMissing
    from xwalk.store.factory import open_store

    try:
        open_store(Settings(root=tmp_path, store="memory"))
    except BuildMissing as exc:
        assert "run `xwalk build`" in exc.detail
    else:
        raise AssertionError("expected BuildMissing")

"""The REST API gives the same answers on the embedded store and on each real SPARQL server, a remote
`oxigraph serve` and OpenLink Virtuoso: every engine function works unchanged over the SPARQL protocols."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult

from .servers import settings_for

PATHS = [
    "/health",
    "/api/v1/version",
    "/api/v1/frameworks",
    "/api/v1/frameworks/iso-iec-42001-2023",
    "/api/v1/frameworks/gdpr/provisions",
    "/api/v1/mapping-sets",
    "/api/v1/mappings",
    "/api/v1/matrix?from=iso-iec-27001-2022&to=iso-iec-42001-2023",
    "/api/v1/obligations?role=deployer",
    "/api/v1/provisions/euaia:art-15",
    "/api/v1/provisions/euaia:art-15/coverage",
    "/api/v1/provisions/euaia:art-26/obligations",
    "/api/v1/provisions/iso42001:8.6",
    "/api/v1/search?q=risk%20assessment",
    "/api/v1/queries/examples/obligations?role=role:deployer&as_of=2026-01-01",
]


@pytest.fixture(scope="module")
def embedded(built: tuple[BuildResult, Path], request: pytest.FixtureRequest) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for("embedded", built, request))) as client:
        yield client


@pytest.fixture(scope="module", params=["remote", "virtuoso"])
def both(
    embedded: TestClient, built: tuple[BuildResult, Path], request: pytest.FixtureRequest
) -> Iterator[tuple[TestClient, TestClient]]:
    with TestClient(create_app(settings_for(request.param, built, request))) as remote:
        yield embedded, remote


@pytest.mark.parametrize("path", PATHS)
def test_same_answer_on_both_stores(both: tuple[TestClient, TestClient], path: str) -> None:
    embedded, remote = both
    a, b = embedded.get(path), remote.get(path)
    assert a.status_code == b.status_code, (path, a.text[:300], b.text[:300])
    assert a.status_code in (200, 404), a.text[:300]
    assert a.headers["content-type"] == b.headers["content-type"]
    assert a.content == b.content

"""Shared fixtures: one real build of the repository's sources per session, and a fresh
in-memory store loaded from it for each test (sqlite-utils' fresh_db habit)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from xwalk.build.pipeline import BuildResult, build, write_dist
from xwalk.config import Settings
from xwalk.engine.context import Graph
from xwalk.store.dist import load_dist
from xwalk.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    dist = tmp_path_factory.mktemp("dist")
    result = build(ROOT)
    write_dist(result, dist)
    return result, dist


@pytest.fixture
def settings(built: tuple[BuildResult, Path]) -> Settings:
    return Settings(root=ROOT, dist=built[1], store="memory")


@pytest.fixture
def store(built: tuple[BuildResult, Path]) -> OxigraphStore:
    s = OxigraphStore()
    load_dist(s, built[1])
    return s


@pytest.fixture
def graph(store: OxigraphStore) -> Graph:
    return Graph(store, ROOT / "queries", scratch=OxigraphStore)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A scratch copy of the project's sources, to break on purpose."""
    for sub in ("ontology", "queries", "crosswalks"):
        shutil.copytree(ROOT / sub, tmp_path / sub)
    yield tmp_path


# Headless Chromium and the app over HTTP on the embedded store, for the page tests (tests/pagetools.py).
from tests.pagetools import browser, site  # noqa: E402, F401

# The API over both stores ('embedded', 'remote': a real `oxigraph serve`) and over real HTTP (tests/servers.py).
from tests.servers import any_client, any_settings, kept_and_fresh, live_url, oxigraph_server, remote_url, store_kind  # noqa: E402, F401

# A real Virtuoso (tests/virtuoso.py), for the tests that name it; skipped with the reason when not installed.
from tests.virtuoso import virtuoso_server, virtuoso_url  # noqa: E402, F401

"""Real servers for the API tests, on 127.0.0.1 and free ports: an `oxigraph serve` (the remote
SPARQL store) and the xwalk app under uvicorn (for real SPARQL clients and the browser).

The fixtures at the end are imported by tests/conftest.py: `any_settings` / `any_client` run a test
against each store ('embedded', 'remote': Oxigraph server, 'virtuoso': tests/virtuoso.py, skipped when it
is not installed); `live_url` does the same over real HTTP.
"""

from __future__ import annotations

import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult
from xwalk.config import Settings
from xwalk.store.dist import load_dist
from xwalk.store.remote import RemoteSparqlStore

ROOT = Path(__file__).resolve().parents[1]
STORE_KINDS = ("embedded", "remote", "virtuoso")
SERVER_TIMEOUT_S = 5  # the Oxigraph server's own limit, so a runaway test query cannot burn CPU for long


def die_with_parent() -> None:
    """Popen preexec_fn: the kernel kills the server when the test process ends, even by SIGKILL, so a
    killed test run leaves no `oxigraph` or `virtuoso-t` busy on the machine (PR_SET_PDEATHSIG)."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[bytes] | None = None, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {timeout_s} s")


class OxigraphServer:
    """`oxigraph serve` from the PyPI package `oxigraph`, with a union default graph and a time limit."""

    def __init__(self, location: Path, *, timeout_s: int = SERVER_TIMEOUT_S) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
        if binary is None:
            raise RuntimeError("the `oxigraph` command is missing: install the project's [dev] extra")
        self.proc = subprocess.Popen(
            [
                binary,
                "serve",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--union-default-graph",
                "--timeout-s",
                str(timeout_s),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=die_with_parent,
        )
        wait_for(self.url + "/", self.proc)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


class LiveServer:
    """The app under uvicorn in a thread, as `xwalk serve` runs it."""

    def __init__(self, settings: Settings) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        wait_for(self.url + "/health")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def remote_url(oxigraph_server: OxigraphServer, built: tuple[BuildResult, Path]) -> str:
    """The Oxigraph server, loaded with the session's build as `xwalk load` would."""
    store = RemoteSparqlStore(oxigraph_server.url)
    load_dist(store, built[1])
    store.close()
    return oxigraph_server.url


def settings_for(
    kind: str, built: tuple[BuildResult, Path], request: pytest.FixtureRequest, **extra: object
) -> Settings:
    if kind == "virtuoso":  # tests/virtuoso.py: started (once a session) only for the tests that ask
        request.getfixturevalue("virtuoso_url")
        server = request.getfixturevalue("virtuoso_server")
        return server.settings(built, **extra)  # type: ignore[no-any-return]
    store = request.getfixturevalue("remote_url") if kind == "remote" else "memory"
    return Settings(root=ROOT, dist=built[1], store=store, **extra)  # type: ignore[arg-type]


@pytest.fixture(scope="session", params=STORE_KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def any_settings(store_kind: str, built: tuple[BuildResult, Path], request: pytest.FixtureRequest) -> Settings:
    """Settings on the embedded store, then on the remote one (the test runs once for each)."""
    return settings_for(store_kind, built, request)


@pytest.fixture(scope="session")
def any_client(any_settings: Settings) -> Iterator[TestClient]:
    """A client of the app on each store, shared by the session: use it for reads only."""
    with TestClient(create_app(any_settings)) as client:
        yield client


@pytest.fixture(scope="session")
def live_url(any_settings: Settings) -> Iterator[str]:
    """The app served over real HTTP on 127.0.0.1, on each store."""
    server = LiveServer(any_settings)
    yield server.url
    server.stop()


def memory_client(built: tuple[BuildResult, Path], **extra: object) -> TestClient:
    """The app on the built graph in an in-memory store, with `extra` settings."""
    return TestClient(create_app(Settings(root=ROOT, dist=built[1], store="memory", **extra)))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def kept_and_fresh(built: tuple[BuildResult, Path]) -> Iterator[tuple[TestClient, TestClient]]:
    """One app that keeps answers and one that does not (XWALK_ANSWER_CACHE_MB=0), on the same build."""
    with memory_client(built) as kept, memory_client(built, answer_cache_mb=0) as fresh:
        yield kept, fresh


def rename_art15(client: TestClient, title: str, token: str = "t0ken") -> None:
    """Change the title of euaia:art-15 with a SPARQL update through /sparql (updates enabled, `token`)."""
    art15 = "<https://w3id.org/xwalk/id/eu-ai-act/art-15>"
    update = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        f"DELETE {{ GRAPH ?g {{ {art15} skos:prefLabel ?t }} }}\n"
        f"INSERT {{ GRAPH ?g {{ {art15} skos:prefLabel '{title}' }} }}\n"
        f"WHERE {{ GRAPH ?g {{ {art15} skos:prefLabel ?t }} }}"
    )
    r = client.post(
        "/sparql",
        content=update,
        headers={"content-type": "application/sparql-update", "authorization": f"Bearer {token}"},
    )
    assert r.status_code == 204, r.text

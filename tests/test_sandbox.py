"""The operating system keeps query workers off the network and the file system, whatever the guard
lets through: these tests switch the guard off and send SERVICE and LOAD to a real local listener."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult
from xwalk.errors import QueryError
from xwalk.store import execute, guard
from xwalk.store.oxigraph import OxigraphStore
from xwalk.store.sandbox import Confinement

from .servers import ROOT


class Listener:
    """A TCP server on 127.0.0.1 that counts the connections it gets and answers each with a
    one-row SPARQL result, so a query that reaches it would succeed."""

    BODY = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri","value":"http://e/"}}]}}'
    ANSWER = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nConnection: close\r\n"
        + f"Content-Length: {len(BODY)}\r\n\r\n".encode()
        + BODY
    )

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            with conn:
                conn.settimeout(1)
                try:
                    conn.recv(65536)
                    conn.sendall(self.ANSWER)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def no_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lexer switched off: every text passes it as a harmless SELECT or update."""
    monkeypatch.setattr(guard, "inspect", lambda text: guard.Inspection(form="SELECT"))
    monkeypatch.setattr(guard, "check_query", lambda text: guard.Inspection(form="SELECT"))
    monkeypatch.setattr(guard, "check_update", lambda text: guard.Inspection(form="UPDATE"))


def service_query(port: int) -> str:
    return f"SELECT ?x WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?x ?p ?o }} }}"


def test_the_listener_is_reached_without_the_sandbox(listener: Listener) -> None:
    """The control: the same query in an unconfined process does connect (so the tests below can fail)."""
    _, body = execute.run(ox.Store(), execute.Job(service_query(listener.port), "json"))
    assert b"http://e/" in body
    assert listener.connections == 1


def test_os_network_block_with_guard_disabled(listener: Listener, built: tuple[BuildResult, Path]) -> None:
    store = OxigraphStore(confinement=Confinement())
    try:
        with pytest.raises(QueryError, match="tried to open a network connection"):
            store._query_pool().run(execute.Job(service_query(listener.port), "json"), timeout_s=20)
        assert listener.connections == 0
        # the worker that was stopped has been replaced: the next query runs
        assert store.query_raw("ASK { ?s ?p ?o }", "json", timeout_s=20)[1] == b'{"head":{},"boolean":false}'
    finally:
        store.close()


@pytest.fixture
def open_client(built: tuple[BuildResult, Path]) -> Iterator[TestClient]:
    from xwalk.config import Settings

    settings = Settings(root=ROOT, dist=built[1], allow_update=True, update_token=SecretStr("t0ken"))
    with TestClient(create_app(settings)) as client:
        yield client


def test_os_network_block_over_http_with_guard_disabled(
    listener: Listener, no_guard: None, open_client: TestClient
) -> None:
    for eol in ("\n", "\r", "\r\n"):
        query = f"SELECT ?x WHERE {{ # note{eol}SERVICE <http://127.0.0.1:{listener.port}/> {{ ?x ?p ?o }} }}"
        for r in (
            open_client.get("/sparql", params={"query": query}),
            open_client.post("/sparql", content=query, headers={"content-type": "application/sparql-query"}),
        ):
            assert r.status_code == 400, r.text
            assert r.headers["content-type"] == "application/problem+json"
            assert "tried to open a network connection" in r.json()["detail"]
    assert listener.connections == 0


def test_load_is_blocked_with_updates_enabled_and_guard_disabled(
    listener: Listener, no_guard: None, open_client: TestClient
) -> None:
    port = listener.port
    for update in (f"# c\rLOAD <http://127.0.0.1:{port}/data.ttl>", f"LOAD SILENT <http://127.0.0.1:{port}/>"):
        r = open_client.post(
            "/sparql",
            content=update,
            headers={"content-type": "application/sparql-update", "authorization": "Bearer t0ken"},
        )
        assert r.status_code == 400, r.text
        assert "tried to open a network connection" in r.json()["detail"]
    assert listener.connections == 0
    r = open_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert (r.status_code, r.json()["boolean"]) == (200, True)


def test_workers_cannot_write_files(tmp_path: Path) -> None:
    """A worker only reads: opening a file for writing is refused by the kernel (EACCES)."""
    import multiprocessing as mp

    from xwalk.store.pool import _context

    target = tmp_path / "written"
    ctx = _context()
    proc = ctx.Process(target=_try_write, args=(str(target),))
    proc.start()
    proc.join(30)
    assert proc.exitcode == 13  # errno EACCES, reported as the exit code
    assert not target.exists()
    assert isinstance(mp.current_process().name, str)


def _try_write(path: str) -> None:
    import os

    from xwalk.store.sandbox import block_network_and_writes

    block_network_and_writes()
    try:
        with open(path, "w") as fh:
            fh.write("x")
    except PermissionError as exc:
        os._exit(exc.errno or 1)
    os._exit(0)

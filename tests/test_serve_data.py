"""`xwalk serve --data FILE` and `xwalk load`: organisation data in its own named graph, and dist/
pushed to a SPARQL server, on both stores and through the real command line."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from xwalk import vocab
from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult
from xwalk.cli import main
from xwalk.config import Settings
from xwalk.errors import InputError
from xwalk.store.factory import open_store, org_graph

from .servers import ROOT, OxigraphServer, free_port, settings_for, wait_for

DATA = Path(__file__).resolve().parent / "data"
ACME = DATA / "sparql" / "acme-systems.ttl"
ACME_GRAPH = vocab.ORG_GRAPH_BASE + "acme-systems"


@pytest.fixture(params=["embedded", "remote"])
def with_data(request: pytest.FixtureRequest, built: tuple[BuildResult, Path]) -> Iterator[TestClient]:
    settings = settings_for(request.param, built, request, data_files=[ACME])
    with TestClient(create_app(settings)) as client:
        yield client
        if request.param == "remote":  # the session's server is shared: take the graph out again
            store = open_store(settings, load=False)
            store.update(f"DROP SILENT GRAPH <{ACME_GRAPH}>")
            store.close()


def test_data_file_is_its_own_named_graph(with_data: TestClient) -> None:
    assert org_graph(ACME) == ACME_GRAPH
    q = f"SELECT ?s WHERE {{ GRAPH <{ACME_GRAPH}> {{ ?s a <{vocab.XW}AISystem> }} }}"
    rows = with_data.get("/sparql", params={"query": q}).json()["results"]["bindings"]
    assert [r["s"]["value"] for r in rows] == ["https://example.org/acme/system/cv-screening"]
    # served alongside dist/'s graphs, and part of the union default graph
    q = f"SELECT ?c WHERE {{ ?i <{vocab.XW}implements> ?c . ?c <{vocab.SKOS}notation> ?n }}"
    rows = with_data.get("/sparql", params={"query": q}).json()["results"]["bindings"]
    assert [r["c"]["value"] for r in rows] == [vocab.provision_iri("iso-iec-42001-2023", "A.2.2")]
    assert f"<{ACME_GRAPH}>" in with_data.get("/sparql", params={"format": "ntriples"}).text


def test_bad_data_files_are_clear_errors(built: tuple[BuildResult, Path], request: pytest.FixtureRequest) -> None:
    for path, words in (
        (DATA / "sparql" / "broken.ttl", "broken.ttl: cannot load turtle data"),
        (DATA / "sparql" / "missing.ttl", "missing.ttl: cannot read organisation data"),
        (DATA / "sparql" / "acme.csv", "must be Turtle (.ttl)"),
    ):
        with pytest.raises(InputError, match=words.replace("(", r"\(").replace(")", r"\)")):
            open_store(settings_for("embedded", built, request, data_files=[path]))


def test_serve_command_serves_the_data(built: tuple[BuildResult, Path], tmp_path: Path) -> None:
    port = free_port()
    xwalk = str(Path(sys.executable).parent / "xwalk")
    cmd = [xwalk, "--dist", str(built[1]), "serve", "--port", str(port), "--data", str(ACME)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", proc, timeout_s=60)
        r = httpx.get(
            f"http://127.0.0.1:{port}/sparql", params={"query": f"ASK {{ GRAPH <{ACME_GRAPH}> {{ ?s ?p ?o }} }}"}
        )
        assert r.json()["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(20)


def test_load_command_pushes_dist_to_a_server(
    tmp_path: Path, built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    server = OxigraphServer(tmp_path / "db")
    try:
        assert main(["--dist", str(built[1]), "--store", server.url, "load"]) == 0
        out = capsys.readouterr().out
        assert f"content hash {built[0].content_hash}" in out
        assert "optimize: the SPARQL 1.1 protocols have no optimize operation" in out
        q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g {} }"
        r = httpx.get(server.url + "/query", params={"query": q}, headers={"Accept": "text/csv"})
        assert int(r.text.split()[1]) == len(built[0].manifest["graphs"]) + 1  # (+ the meta graph)
        # the whole service then runs on it
        client = TestClient(create_app(Settings(root=ROOT, dist=built[1], store=server.url)))
        assert client.get("/api/v1/version").json()["content_hash"] == built[0].content_hash
    finally:
        server.stop()
    assert main(["--dist", str(built[1]), "load"]) == 2
    assert "fills a store that outlives the command" in capsys.readouterr().err

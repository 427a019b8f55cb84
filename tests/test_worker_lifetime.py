"""Query workers die with the server: `kill -9` of a real `xwalk serve` in the middle of a slow
query leaves no worker, fork server or resource tracker behind (the finding: all three kept running)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from xwalk.build.pipeline import BuildResult

from .servers import ROOT, free_port, wait_for

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def children() -> dict[int, int]:
    """pid -> parent pid of every live (not zombie) process."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if state != "Z":
                out[int(entry)] = int(ppid)
    return out


def descendants(root: int) -> set[int]:
    tree = children()
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in tree.items() if parent in frontier} - found
        found |= frontier
    return found


def test_orphaned_worker_after_kill9(built: tuple[BuildResult, Path], tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "XWALK_PORT": str(port), "XWALK_DIST": str(built[1]), "XWALK_QUERY_TIMEOUT_S": "60"}
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("xwalk")), "--root", str(ROOT), "serve"], env=env, stdout=log, stderr=log
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(url + "/health", server, timeout_s=60)
        slow = threading.Thread(
            target=lambda: httpx.get(url + "/sparql", params={"query": SLOW}, timeout=30), daemon=True
        )
        slow.start()
        deadline = time.monotonic() + 30
        while len(family := descendants(server.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)  # the server, then its fork server, resource tracker and a busy worker
        assert len(family) >= 3, f"expected a fork server, a resource tracker and a worker, got {family}"
        time.sleep(3)  # the worker has loaded the store and is inside the query
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
        deadline = time.monotonic() + 10
        while (left := family & set(children())) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not left, f"processes outlived the server: {left}"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
        log.close()

"""Load on 127.0.0.1: throughput and p50/p99 latency of a simple SELECT at /sparql and of a coverage
call, with the embedded store, a remote `oxigraph serve` and a remote Virtuoso. Bounded in time and in count.

    .venv/bin/python benchmarks/load.py [--seconds 10] [--max-requests 2000] [--clients 4]
        [--stores embedded,remote,virtuoso]

It starts everything itself (xwalk serve; for the remote cases an Oxigraph server, or a Virtuoso
configured as tests/virtuoso.py does, filled by `xwalk load`) on free local ports, and stops it all at
the end. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.virtuoso import VirtuosoServer  # the same server settings as the tests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SELECT = (
    "PREFIX xw: <https://w3id.org/xwalk/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?p ?title WHERE { ?p xw:inFramework <https://w3id.org/xwalk/fw/iso-iec-42001-2023> ; "
    "skos:prefLabel ?title } ORDER BY ?p LIMIT 20"
)
COVERAGE = "/api/v1/provisions/euaia:art-15/coverage"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args!r} exited with {proc.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise SystemExit(f"{url} did not answer within {timeout_s} s")


@contextmanager
def process(args: list[str], ready_url: str) -> Iterator[None]:
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait(ready_url, proc)
        yield
    finally:
        proc.terminate()
        proc.wait(20)


@contextmanager
def service(kind: str) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    serve = [str(BIN / "xwalk"), "serve", "--port", str(port)]
    if kind == "embedded":
        with process(serve, url + "/health"):
            yield url
        return
    if kind == "virtuoso":
        with virtuoso_service(serve, url) as served:
            yield served
        return
    location = tempfile.mkdtemp(prefix="xwalk-bench-oxigraph-")
    oxi_port = free_port()
    store = f"http://127.0.0.1:{oxi_port}"
    oxigraph = [str(BIN / "oxigraph"), "serve", "--location", location, "--bind", f"127.0.0.1:{oxi_port}"]
    try:
        with process([*oxigraph, "--union-default-graph", "--timeout-s", "30"], store + "/"):
            subprocess.run(
                [str(BIN / "xwalk"), "--store", store, "load"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
            )
            with process([str(BIN / "xwalk"), "--store", store, *serve[1:]], url + "/health"):
                yield url
    finally:
        shutil.rmtree(location, ignore_errors=True)


@contextmanager
def virtuoso_service(serve: list[str], url: str) -> Iterator[str]:
    location = Path(tempfile.mkdtemp(prefix="xwalk-bench-virtuoso-"))
    server = VirtuosoServer(location)
    try:
        account = {**os.environ, "XWALK_STORE_USER": server.user, "XWALK_STORE_PASSWORD": server.password}
        subprocess.run(
            [str(BIN / "xwalk"), "--store", server.url, "load"], cwd=ROOT, check=True, env=account,
            stdout=subprocess.DEVNULL,
        )
        with process([str(BIN / "xwalk"), "--store", server.url, *serve[1:]], url + "/health"):
            yield url
    finally:
        server.stop()
        shutil.rmtree(location, ignore_errors=True)


def hammer(
    call: Callable[[httpx.Client], httpx.Response], seconds: float, limit: int, clients: int
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        with httpx.Client(timeout=30) as client:
            while time.monotonic() < deadline:
                with lock:
                    if len(latencies) + errors >= limit:
                        return
                t = time.perf_counter()
                ok = call(client).status_code == 200
                elapsed = time.perf_counter() - t
                with lock:
                    if ok:
                        latencies.append(elapsed)
                    else:
                        errors += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies) or [float("nan")]
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / wall,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per scenario (default 10)")
    parser.add_argument("--max-requests", type=int, default=2000, help="per scenario (default 2000)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (default 4)")
    parser.add_argument("--stores", default="embedded,remote,virtuoso")
    args = parser.parse_args()
    subprocess.run(
        [str(BIN / "xwalk"), "build"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    print(f"{args.clients} clients, at most {args.seconds:g} s and {args.max_requests} requests per scenario")
    print(f"{'store':9} {'call':10} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}")
    for kind in args.stores.split(","):
        with service(kind) as url:
            calls: dict[str, Callable[[httpx.Client], httpx.Response]] = {
                "select": lambda c: c.get(url + "/sparql", params={"query": SELECT}),
                "coverage": lambda c: c.get(url + COVERAGE),
            }
            if httpx.get(url + COVERAGE, timeout=120).status_code == 404:  # the first call builds the mapping graph
                print(f"{kind:9} coverage   skipped: {COVERAGE} is not served by this build")
                del calls["coverage"]
            for name, call in calls.items():
                with httpx.Client(timeout=30) as warm:  # workers, caches and connections first
                    for _ in range(10):
                        call(warm)
                r = hammer(call, args.seconds, args.max_requests, args.clients)
                print(
                    f"{kind:9} {name:10} {r['requests']:8.0f} {r['errors']:6.0f} {r['rps']:7.1f} "
                    f"{r['p50']:7.1f} {r['p99']:7.1f}"
                )


if __name__ == "__main__":
    main()

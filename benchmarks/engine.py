"""Latency of the engine: coverage of one provision, a framework-pair matrix and a gap analysis, in process
and over HTTP (uvicorn on 127.0.0.1, a free port), on the real data and on the synthetic SCF-size graph.

Prints p50 and p99 wall-clock milliseconds per operation (not a test: figures for the record). The
in-memory mapping graph is built once per content hash before timing (its build time is printed too).

    .venv/bin/python benchmarks/engine.py [--rounds N] [--skip-synthetic] [--synthetic-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from xwalk.build.pipeline import build, write_dist
from xwalk.engine import coverage as coverage_module
from xwalk.engine import gaps as gaps_module
from xwalk.engine.context import Graph
from xwalk.engine.coverage import coverage, matrix
from xwalk.engine.gaps import gap_analysis
from xwalk.engine.mapgraph import mapping_graph
from xwalk.model.profile import parse_profile
from xwalk.store.dist import load_dist
from xwalk.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402
from engine_compare import synthetic_profile  # noqa: E402


def timed(fn: Callable[[int], object], rounds: int) -> tuple[float, float]:
    fn(0)  # warm
    runs = []
    for i in range(rounds):
        t = time.perf_counter()
        fn(i)
        runs.append((time.perf_counter() - t) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, round(0.99 * (len(runs) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """The real app under uvicorn in its own process on 127.0.0.1 (a server thread in this process would
    share the GIL with the client and add its switch interval to every request)."""

    def __init__(self, dist: Path) -> None:
        self.port = free_port()
        code = (
            "import uvicorn\n"
            "from pathlib import Path\n"
            "from xwalk.api.app import create_app\n"
            "from xwalk.config import Settings\n"
            f"app = create_app(Settings(root=Path({str(ROOT)!r}), dist=Path({str(dist)!r}), store='memory'))\n"
            f"uvicorn.run(app, host='127.0.0.1', port={self.port}, log_level='warning')\n"
        )
        self.process = subprocess.Popen([sys.executable, "-c", code])

    def __enter__(self) -> httpx.Client:
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=600)
        for _ in range(1200):
            try:
                if self.client.get("/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("the server ended before it answered")
            time.sleep(0.25)
        self.client.base_url = httpx.URL(f"http://127.0.0.1:{self.port}/api/v1")
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        self.process.terminate()
        self.process.wait(timeout=30)


def row(name: str, figures: tuple[float, float], target: str = "") -> None:
    p50, p99 = figures
    print(f"  {name:<52} p50 {p50:9.2f} ms   p99 {p99:9.2f} ms   {target}")


def run(
    label: str,
    dist: Path,
    starts: list[str],
    pair: tuple[str, str],
    profile: dict[str, Any],
    rounds: int,
    targets: dict[str, str],
    fresh: list[str],
) -> None:
    """`starts` for coverage in process; `fresh` ids asked once each over HTTP (not yet remembered)."""
    print(f"\n{label}")
    t = time.perf_counter()
    store = OxigraphStore()
    load_dist(store, dist)
    graph = Graph(store, ROOT / "queries", scratch=OxigraphStore)  # gap analysis classifies systems there
    loaded = time.perf_counter() - t
    t = time.perf_counter()
    mg = mapping_graph(graph)
    print(
        f"  store loaded in {loaded:.1f} s; mapping graph ({len(mg.provisions)} provisions, {len(mg.edges)} "
        f"mappings, {len(mg.obligations)} obligations) built in {time.perf_counter() - t:.2f} s"
    )
    checked = parse_profile(profile)
    body = json.dumps(profile).encode()
    sizes = [coverage(graph, s, depth=3).count for s in starts]
    print(f"  coverage answers hold {min(sizes)}-{max(sizes)} provisions (median {statistics.median(sizes):.0f})")
    gaps = gap_analysis(graph, checked)
    print(f"  gap analysis: {len(gaps.items)} requirements of {', '.join(gaps.targets)}")
    print("  in process")

    def cold() -> None:
        """Forget every answer and every per-graph cache of chains (what a new build starts from)."""
        coverage_module._ANSWERS.clear()
        getattr(gaps_module, "_REPORTS", {}).clear()
        getattr(mg, "memo", {}).clear()

    def computed(i: int, limit: int | None = None) -> object:
        cold()  # time the computation, not the remembered answer
        return coverage(graph, starts[i % len(starts)], depth=3, limit=limit)

    def warm(i: int) -> object:
        coverage_module._ANSWERS.clear()  # the answer is computed; the chains of each anchor are known
        return coverage(graph, starts[i % len(starts)], depth=3)

    def gap_cold(i: int) -> object:
        cold()
        return gap_analysis(graph, checked)

    def gap_warm(i: int) -> object:
        getattr(gaps_module, "_REPORTS", {}).clear()
        return gap_analysis(graph, checked)

    few = max(5, rounds // 10)
    row("coverage, depth 3, computed", timed(computed, rounds), targets["cov"])
    row("coverage, depth 3, computed, first 50", timed(lambda i: computed(i, 50), rounds))
    row("coverage, depth 3, computed, chains cached", timed(warm, rounds))
    row("coverage, depth 3, asked again (remembered)", timed(lambda i: coverage(graph, starts[0], depth=3), rounds))
    row(f"matrix {pair[0]} x {pair[1]}, computed", timed(lambda i: (cold(), matrix(graph, *pair)), few))
    row(f"matrix {pair[0]} x {pair[1]}, chains cached", timed(lambda i: matrix(graph, *pair), few))
    row("gap analysis, computed", timed(gap_cold, few), targets["gap"])
    row("gap analysis, computed, chains cached", timed(gap_warm, few))
    row("gap analysis, asked again (remembered)", timed(lambda i: gap_analysis(graph, checked), few))
    print("  over HTTP (uvicorn in its own process, 127.0.0.1)")
    with Server(dist) as http:

        def get(path: str, **params: Any) -> None:
            r = http.get(path, params=params)
            assert r.status_code == 200, r.text[:300]

        def post(i: int) -> None:
            r = http.post("/gap-analysis", content=body, headers={"content-type": "application/json"})
            assert r.status_code == 200, r.text[:300]

        get("/matrix", **{"from": pair[0], "to": pair[1]})  # the server builds its mapping graph once
        row(
            "GET /provisions/{id}/coverage, same id (remembered)",
            timed(lambda i: get(f"/provisions/{starts[0]}/coverage"), rounds),
            targets["http"],
        )
        row(
            f"GET /provisions/{{id}}/coverage, {len(fresh)} ids once each",
            timed(lambda i: get(f"/provisions/{fresh[i % len(fresh)]}/coverage"), len(fresh) - 1),
        )
        row(
            f"GET /provisions/{{id}}/coverage?limit=50, {len(fresh)} ids once each",
            timed(lambda i: get(f"/provisions/{fresh[i % len(fresh)]}/coverage", limit=50), len(fresh) - 1),
        )
        row("GET /matrix", timed(lambda i: get("/matrix", **{"from": pair[0], "to": pair[1]}), max(5, rounds // 10)))
        row("POST /gap-analysis (JSON report)", timed(post, max(5, rounds // 10)))


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=200)
    p.add_argument("--skip-synthetic", action="store_true")
    p.add_argument("--synthetic-dir", type=Path, help="reuse (or write) the synthetic build here")
    args = p.parse_args(argv)

    real = Path(tempfile.mkdtemp(prefix="xwalk-real-"))
    t = time.perf_counter()
    write_dist(build(ROOT), real)
    print(f"real data built in {time.perf_counter() - t:.1f} s")
    shop = json.loads((ROOT / "examples" / "iso27001-shop.json").read_text())
    run(
        "REAL DATA (coverage of euaia:art-15; matrix ISO 42001 x ISO 27001; gap analysis examples/iso27001-shop.json)",
        real,
        ["euaia:art-15"],
        ("iso42001", "iso27001"),
        shop,
        args.rounds,
        {"cov": "(target <= 1 ms)", "http": "(target <= 5 ms)", "gap": "(target <= 50 ms)"},
        [f"euaia:art-{n}" for n in range(1, 114)],
    )
    if args.skip_synthetic:
        return 0
    syn = args.synthetic_dir or Path(tempfile.mkdtemp(prefix="xwalk-synthetic-"))
    if not (syn / "xwalk.trig").exists():
        t = time.perf_counter()
        synthetic.write(syn)
        print(f"\nsynthetic graph written to {syn} in {time.perf_counter() - t:.1f} s")
    starts = [f"euaia:s-{g:02d}.{c:02d}" for g in range(1, 21) for c in (3, 11)]
    run(
        "SYNTHETIC (50 frameworks, 20,000 provisions, 100,000 mappings; coverage of 40 AI Act controls at depth 3; "
        "matrix 42001 x 27001; gap analysis of an org implementing all 400 ISO 27001 provisions)",
        syn,
        starts,
        ("iso42001", "iso27001"),
        synthetic_profile(),
        max(20, args.rounds // 4),
        {"cov": "(target <= 20 ms)", "http": "", "gap": "(target <= 200 ms)"},
        [f"euaia:s-{g:02d}.{c:02d}" for g in range(1, 21) for c in (5, 15)],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

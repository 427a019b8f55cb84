"""xwalk's /sparql and REST routes against `oxigraph serve-read-only` and a 40-line FastAPI +
pyoxigraph app, on the same dist/ and the same machine, side by side; prints req/s, p50, p99 and ratios.

    .venv/bin/python benchmarks/sparql_vs_oxigraph.py [--seconds 10] [--connections 8] [--rounds 1]
    .venv/bin/python benchmarks/sparql_vs_oxigraph.py --src /path/to/other/checkout/src   # "before"
    .venv/bin/python benchmarks/sparql_vs_oxigraph.py --only rest   # or --only sparql

The "varying ids" rows GET a different provision each request (40 per framework, in turn), so a
per-id cache is met cold on the first pass. The load average is printed at the start and the end:
on a shared machine, compare figures only from runs under similar load.

Load comes from wrk (Debian: apt-get install wrk) when it is installed, else from an asyncio httpx client
with the same number of connections. Servers listen on 127.0.0.1 only and are stopped at the end.
Targets (issue 9): direct coverage >= 1.0x oxigraph serve; one-row lookup >= 0.9x the FastAPI app;
provision detail and coverage >= 2,000 req/s; gap analysis of the shop p50 <= 20 ms for one client.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PREFIXES = "PREFIX xw: <https://w3id.org/xwalk/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
ART15 = "https://w3id.org/xwalk/id/eu-ai-act/art-15"
QUERIES = {
    "one-row lookup": PREFIXES + f"SELECT ?t WHERE {{ <{ART15}> skos:prefLabel ?t }}",
    "direct coverage of Art 15": PREFIXES
    + f"SELECT ?m ?s ?o ?r ?st WHERE {{ {{ ?m xw:subject <{ART15}> }} UNION {{ ?m xw:object <{ART15}> }} "
    + "?m xw:subject ?s ; xw:object ?o ; xw:relation ?r ; xw:strength ?st }",
    "20 rows, ORDER BY": PREFIXES + "SELECT ?p ?t WHERE { ?p skos:prefLabel ?t } ORDER BY ?t LIMIT 20",
}
FASTAPI_APP = """
import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import Response
import os

store = ox.Store()
store.bulk_load(path=os.environ["BENCH_TRIG"], format=ox.RdfFormat.TRIG)
app = FastAPI()


@app.get("/sparql")
def sparql(request: Request) -> Response:
    query = request.query_params["query"]
    result = store.query(query, use_default_graph_as_union=True)
    body = result.serialize(format=ox.QueryResultsFormat.JSON)
    return Response(body, media_type="application/sparql-results+json")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"a server exited with {proc.returncode} before {url} answered")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer in {timeout_s} s")


def start(cmd: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cmd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wrk(url: str, seconds: int, connections: int, lua: Path | None) -> tuple[float, float, float]:
    cmd = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        *(["-s", str(lua)] if lua else []),
        url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def pct(p: str) -> float:
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out)
        assert m, out
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
        return float(m.group(1)) * scale

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        print(f"    warning: {non2xx.group(1)} answers were not 2xx for {url[:80]}")
    return rps, pct("50"), pct("99")


async def _client_load(url: str, seconds: int, connections: int, body: bytes | None) -> tuple[float, float, float]:
    latencies: list[float] = []
    stop = time.monotonic() + seconds

    async def one(client: httpx.AsyncClient) -> None:
        while time.monotonic() < stop:
            t = time.perf_counter()
            if body is None:
                await client.get(url)
            else:
                await client.post(url, content=body, headers={"content-type": "application/json"})
            latencies.append((time.perf_counter() - t) * 1000)

    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=connections), timeout=30) as client:
        await asyncio.gather(*(one(client) for _ in range(connections)))
    latencies.sort()
    return len(latencies) / seconds, latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]


def varying(base: str, paths: list[str], seconds: int, connections: int) -> tuple[float, float, float]:
    """GET a different path each request, in turn (wrk only; httpx falls back to the first path)."""
    httpx.get(base + paths[0], timeout=60)  # one warm-up: the rest are met for the first time under load
    if not shutil.which("wrk"):
        return asyncio.run(_client_load(base + paths[0], seconds, connections, None))
    lua = Path(tempfile.mkstemp(suffix=".lua")[1])
    listed = ",".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    lua.write_text(
        f"local paths = {{{listed}}}\nlocal i = 0\n"
        'request = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend\n'
    )
    return wrk(base + paths[0], seconds, connections, lua)


def provision_ids(base: str, per_framework: int) -> list[str]:
    """Up to `per_framework` provision ids of each framework, spread over its tree."""
    out: list[str] = []
    for fw in httpx.get(base + "/api/v1/frameworks", timeout=60).json()["data"]:
        ids: list[str] = []
        stack = list(httpx.get(base + f"/api/v1/frameworks/{fw['id']}/provisions", timeout=60).json()["data"])
        while stack:
            node = stack.pop()
            ids.append(node["id"])
            stack.extend(node["children"])
        step = max(1, len(ids) // per_framework)
        out += sorted(ids)[::step][:per_framework]
    return out


def load(url: str, seconds: int, connections: int, body: bytes | None = None) -> tuple[float, float, float]:
    for _ in range(connections * 2):  # warm up: workers started, caches filled
        if body is None:
            httpx.get(url, timeout=60)
        else:
            httpx.post(url, content=body, headers={"content-type": "application/json"}, timeout=60)
    if shutil.which("wrk"):
        lua = None
        if body is not None:
            lua = Path(tempfile.mkstemp(suffix=".lua")[1])
            escaped = body.decode().replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            lua.write_text(
                f'wrk.method = "POST"\nwrk.body = "{escaped}"\nwrk.headers["Content-Type"] = "application/json"\n'
            )
        return wrk(url, seconds, connections, lua)
    return asyncio.run(_client_load(url, seconds, connections, body))


def fresh_profiles(url: str, body: bytes, seconds: int) -> tuple[float, float, float]:
    """POST a profile that differs in each request (the organisation's name ends in a counter), so no
    answer kept from an earlier request can be sent: what a new profile costs (1 client; wrk only, the
    httpx fallback posts the same profile)."""
    marker = b'"name": "Example Shop Ltd"'
    assert marker in body, "the shop profile changed: update the marker"
    if not shutil.which("wrk"):
        return asyncio.run(_client_load(url, seconds, 1, body))
    head, tail = (part.decode() for part in body.split(marker, 1))

    def lua_string(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lua = Path(tempfile.mkstemp(suffix=".lua")[1])
    lua.write_text(
        f"local head = {lua_string(head)}\nlocal tail = {lua_string(tail)}\nlocal i = 0\n"
        'request = function()\n  i = i + 1\n'
        '  local body = head .. \'"name": "Example Shop Ltd \' .. i .. \'"\' .. tail\n'
        '  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)\nend\n'
    )
    return wrk(url, seconds, 1, lua)


def median_of(rounds: int, fn: object) -> tuple[float, float, float]:
    runs = [fn() for _ in range(rounds)]  # type: ignore[operator]
    return tuple(statistics.median(r[i] for r in runs) for i in range(3))  # type: ignore[return-value]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--src", type=Path, help="run xwalk from this src/ (e.g. a checkout of main, for 'before')")
    ap.add_argument("--only", choices=("sparql", "rest"), help="run one half only")
    args = ap.parse_args()
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    dist = ROOT / "dist"
    if not (dist / "xwalk.trig").exists():
        subprocess.run([str(BIN / "xwalk"), "build"], cwd=ROOT, check=True)
    work = Path(tempfile.mkdtemp(prefix="xwalk-bench-"))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        db = work / "oxigraph"
        trig = str((dist / "xwalk.trig").resolve())
        subprocess.run(
            [str(BIN / "oxigraph"), "load", "--location", str(db), "--file", trig], check=True, capture_output=True
        )
        ports = {name: free_port() for name in ("oxigraph", "xwalk", "fastapi")}
        procs.append(
            start(
                [
                    str(BIN / "oxigraph"),
                    "serve-read-only",
                    "--location",
                    str(db),
                    "--bind",
                    f"127.0.0.1:{ports['oxigraph']}",
                    "--union-default-graph",
                ]
            )
        )
        env = {"XWALK_PORT": str(ports["xwalk"]), "XWALK_DIST": str(dist.resolve())}
        if args.src:
            env["PYTHONPATH"] = str(args.src.resolve())
        procs.append(
            start([sys.executable, "-c", "from xwalk.cli import main; raise SystemExit(main(['serve']))"], env)
        )
        (work / "bench_app.py").write_text(FASTAPI_APP)
        procs.append(
            start(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "bench_app:app",
                    "--port",
                    str(ports["fastapi"]),
                    "--host",
                    "127.0.0.1",
                    "--log-level",
                    "warning",
                    "--app-dir",
                    str(work),
                ],
                {"BENCH_TRIG": trig},
            )
        )
        base = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        wait_up(base["oxigraph"] + "/query?query=" + quote("ASK {}"), procs[0])
        wait_up(base["xwalk"] + "/health", procs[1])
        wait_up(base["fastapi"] + "/sparql?query=" + quote("ASK {}"), procs[2])
        paths = {"oxigraph": "/query?query=", "xwalk": "/sparql?query=", "fastapi": "/sparql?query="}
        c, s = args.connections, args.seconds
        print(
            f"{c} connections, {s} s per run, median of {args.rounds} round(s); load: "
            f"{'wrk' if shutil.which('wrk') else 'httpx'}"
        )
        print(f"{'query':28} {'server':9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
        for label, query in QUERIES.items() if args.only != "rest" else ():
            got = {}
            for name in ("xwalk", "oxigraph", "fastapi"):
                url = base[name] + paths[name] + quote(query)
                got[name] = median_of(args.rounds, lambda u=url: load(u, s, c))
                rps, p50, p99 = got[name]
                print(f"{label:28} {name:9} {rps:9.0f} {p50:8.2f} {p99:8.2f}")
            x, o, f = got["xwalk"][0], got["oxigraph"][0] or float("nan"), got["fastapi"][0] or float("nan")
            print(
                f"{'':28} xwalk/oxigraph {x / o:.2f}x, xwalk/fastapi {x / f:.2f}x, "
                f"xwalk p99/p50 {got['xwalk'][2] / (got['xwalk'][1] or float('nan')):.1f}"
            )
        shop = (ROOT / "examples" / "iso27001-shop.json").read_bytes()
        rest = {
            "GET provision detail": (f"/api/v1/provisions/{quote('euaia:art-15')}", None, c),
            "GET provision coverage": (f"/api/v1/provisions/{quote('euaia:art-15')}/coverage", None, c),
            "POST gap analysis (1 client)": ("/api/v1/gap-analysis", shop, 1),
            "GET /health": ("/health", None, c),
        }
        ids = [quote(i) for i in provision_ids(base["xwalk"], 40)] if args.only != "sparql" else []
        for label, (path, body, conns) in rest.items() if args.only != "sparql" else ():
            rps, p50, p99 = median_of(args.rounds, lambda p=path, b=body, n=conns: load(base["xwalk"] + p, s, n, b))
            print(f"{label:28} {'xwalk':9} {rps:9.0f} {p50:8.2f} {p99:8.2f}")
        varied = {
            f"GET detail, {len(ids)} ids": [f"/api/v1/provisions/{i}" for i in ids],
            f"GET coverage, {len(ids)} ids": [f"/api/v1/provisions/{i}/coverage" for i in ids],
        }
        rps, p50, p99 = median_of(args.rounds, lambda: fresh_profiles(base["xwalk"] + "/api/v1/gap-analysis", shop, s))
        print(f"{'POST gap, new profile each':28} {'xwalk':9} {rps:9.0f} {p50:8.2f} {p99:8.2f}")
        for label, paths in varied.items() if ids else ():
            rps, p50, p99 = median_of(args.rounds, lambda ps=paths: varying(base["xwalk"], ps, s, c))
            print(f"{label:28} {'xwalk':9} {rps:9.0f} {p50:8.2f} {p99:8.2f}")
        print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

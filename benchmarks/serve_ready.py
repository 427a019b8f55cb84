"""Seconds from starting `xwalk serve` to the first 200 from /health, on the bundled data
(embedded in-memory store: the build is loaded, the app built, uvicorn listening). Target: < 3 s.

    .venv/bin/python benchmarks/serve_ready.py [--runs 5]

The build itself is made first and not timed (a fresh checkout runs `xwalk build` once).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
XWALK = str(Path(sys.executable).parent / "xwalk")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ready_seconds(timeout_s: float = 60.0) -> float:
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [XWALK, "serve", "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while time.perf_counter() - started < timeout_s:
            if proc.poll() is not None:
                raise SystemExit(f"xwalk serve exited with {proc.returncode}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.01)
        raise SystemExit(f"no /health 200 within {timeout_s} s")
    finally:
        proc.terminate()
        proc.wait(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    subprocess.run([XWALK, "build"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    times = [ready_seconds() for _ in range(args.runs)]
    print("xwalk serve -> /health 200: " + ", ".join(f"{t:.2f}" for t in times) + " s")
    print(f"median {statistics.median(times):.2f} s, max {max(times):.2f} s (target < 3 s)")


if __name__ == "__main__":
    main()

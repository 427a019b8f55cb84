"""Where `xwalk build` spends its time: each stage, in CPU seconds (the machine may be shared, so
wall time alone says little), on the project's own sources.

    .venv/bin/python benchmarks/build_stages.py [--repeat N] [--root DIR]

Prints one line per stage (best of N runs) and the number of provisions per framework. SHACL
validation grows with the number of provisions; run this before and after a catalog change.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from xwalk.build import pipeline, validate
from xwalk.build.catalogs import read_catalogs

ROOT = Path(__file__).resolve().parents[1]


def timed(stage: str, fn: Callable[..., Any], into: dict[str, list[float]]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        out = fn(*args, **kwargs)
        into.setdefault(stage, []).append(time.process_time() - cpu)
        into.setdefault(stage + " (wall)", []).append(time.perf_counter() - wall)
        return out

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--root", type=Path, default=ROOT)
    args = ap.parse_args()
    times: dict[str, list[float]] = {}
    shacl, queries = validate.shacl, validate.check_queries
    validate.shacl = timed("shacl", shacl, times)  # type: ignore[assignment]
    validate.check_queries = timed("check queries", queries, times)  # type: ignore[assignment]
    build = timed("build total", pipeline.build, times)
    for _ in range(args.repeat):
        result = build(args.root)
    validate.shacl, validate.check_queries = shacl, queries
    catalogs = read_catalogs(args.root)
    for fw in sorted(catalogs.frameworks.values(), key=lambda f: f.id):
        print(f"{fw.id}: {len(fw.provisions)} provisions")
    store = ox.Store()
    store.load(result.trig, ox.RdfFormat.TRIG)
    print(f"triples: {len(store)}")
    for stage, values in times.items():
        print(f"{stage}: {min(values):.2f} s (best of {len(values)})")


if __name__ == "__main__":
    main()

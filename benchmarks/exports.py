"""How long the graph exports and the heatmap take on the curated crosswalk (from `xwalk build`'s dist/).

Prints, for each scope, the graph's size and the time to build it, then each writer's time and output
size, then the heatmap (every ordered pair of frameworks, first call and cached call).

    .venv/bin/xwalk build && .venv/bin/python benchmarks/exports.py
"""

from __future__ import annotations

import time
from pathlib import Path

from xwalk.config import Settings
from xwalk.engine.context import Graph
from xwalk.engine.coverage_table import coverage_table, heatmap
from xwalk.engine.graphscope import parse_scope, scope_graph
from xwalk.engine.mapgraph import mapping_graph
from xwalk.errors import LimitExceeded, Unavailable
from xwalk.export.graph_formats import GRAPH_FORMATS
from xwalk.export.matrix_formats import write_matrix_xlsx
from xwalk.store.factory import open_store

ROOT = Path(__file__).resolve().parents[1]
SCOPES = ("around:euaia:art-15:2", "pair:nist-csf-2.0,iso27001", "framework:eu-ai-act")


def main() -> None:
    settings = Settings(root=ROOT)
    graph = Graph(open_store(settings), settings.queries_dir)
    t = time.perf_counter()
    mapping_graph(graph)
    print(f"mapping graph read: {time.perf_counter() - t:.2f} s")
    for text in SCOPES:
        t = time.perf_counter()
        g = scope_graph(graph, parse_scope(text))
        print(f"{text}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges in {time.perf_counter() - t:.3f} s")
        for name, fmt in GRAPH_FORMATS.items():
            t = time.perf_counter()
            try:
                data = fmt.write(g)
            except (Unavailable, LimitExceeded) as exc:
                print(f"  {name:10} skipped: {exc.detail}")
                continue
            print(f"  {name:10} {len(data):>9} bytes in {time.perf_counter() - t:.3f} s")
    t = time.perf_counter()
    header, rows = coverage_table(graph, parse_scope("framework:iso42001"))
    xlsx = write_matrix_xlsx(header, rows, "bench")
    print(f"matrix framework:iso42001 ({len(rows)} rows x {len(header)} columns) as xlsx: {len(xlsx)} bytes "
          f"in {time.perf_counter() - t:.3f} s")
    for call in ("first", "cached"):
        t = time.perf_counter()
        h = heatmap(graph)
        print(f"heatmap ({len(h.cells)} cells), {call} call: {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()

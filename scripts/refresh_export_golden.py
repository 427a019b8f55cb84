"""Rewrite tests/data/export/: the input graph (Article 15 of the AI Act and everything one step from it,
as node-link JSON, from the current build) and what every graph writer makes of it.

The writers' test reads the input JSON, not the live crosswalk, so the golden files change only when this
script is run (after a writer change, or to follow the data). Review the diff before committing.

    .venv/bin/python scripts/refresh_export_golden.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "export"
SCOPE = "around:euaia:art-15:1"
# Text formats with golden files; svg/png depend on the Graphviz version, xlsx is checked by reading it back.
GOLDEN = ("graphml", "gexf", "cytoscape", "dot", "mermaid", "jsonld", "turtle")


def load_input(path: Path = OUT / "input.json") -> nx.MultiDiGraph:
    data = json.loads(path.read_text(encoding="utf-8"))
    g: nx.MultiDiGraph = nx.node_link_graph(
        data, directed=True, multigraph=True, edges="edges", source="from", target="to"
    )
    return g


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    import tempfile

    from xwalk.build.pipeline import build, write_dist
    from xwalk.engine.context import Graph
    from xwalk.engine.graphscope import parse_scope, scope_graph
    from xwalk.export.graph_formats import GRAPH_FORMATS
    from xwalk.store.dist import load_dist
    from xwalk.store.oxigraph import OxigraphStore

    store = OxigraphStore()
    with tempfile.TemporaryDirectory() as dist:
        write_dist(build(ROOT), Path(dist))
        load_dist(store, Path(dist))
    g = scope_graph(Graph(store, ROOT / "queries"), parse_scope(SCOPE))
    OUT.mkdir(parents=True, exist_ok=True)
    data = nx.node_link_data(g, edges="edges", source="from", target="to")
    (OUT / "input.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    g = load_input()
    for name in GOLDEN:
        fmt = GRAPH_FORMATS[name]
        (OUT / f"expected{fmt.suffix}").write_bytes(fmt.write(g))
    print(f"wrote {OUT.relative_to(ROOT)}: input.json ({g.number_of_nodes()} nodes) and {len(GOLDEN)} formats")


if __name__ == "__main__":
    main()

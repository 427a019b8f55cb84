"""`xwalk stats`: how many mappings each mapping set holds, by relation, from the built graph."""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

from xwalk.model.relation import Relation

COLUMNS = [r.value for r in Relation]


def run(args: argparse.Namespace) -> int:
    from xwalk.cli import settings_from
    from xwalk.engine.context import Graph
    from xwalk.store.factory import open_store

    settings = settings_from(args)
    graph = Graph(open_store(settings), settings.queries_dir)
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in graph.select("stats/mapping-sets"):
        name = row["set"].value.rsplit("/", 1)[-1]
        table[name][row["relation"].value.rsplit("/", 1)[-1]] += int(row["mappings"].value)
    sets = sorted(n for n in table if n != "derived") + (["derived"] if "derived" in table else [])
    columns = COLUMNS + (["several"] if any("several" in table[n] for n in sets) else [])
    if args.format == "json":
        data = [
            {"mapping_set": n, "total": sum(table[n].values()), **{c: table[n].get(c, 0) for c in columns}}
            for n in sets
        ]
        print(json.dumps({"count": len(data), "data": data}, indent=2))
        return 0
    width = max([len("mapping set"), *(len(n) for n in sets)])
    heads = ["total", *columns]
    print("  ".join(["mapping set".ljust(width), *(h.rjust(max(5, len(h))) for h in heads)]))
    totals: dict[str, int] = defaultdict(int)
    for n in sets:
        cells = {"total": sum(table[n].values()), **{c: table[n].get(c, 0) for c in columns}}
        if n != "derived":
            for k, v in cells.items():
                totals[k] += v
        print("  ".join([n.ljust(width), *(str(cells[h]).rjust(max(5, len(h))) for h in heads)]))
    print("  ".join(["curated, all sets".ljust(width), *(str(totals[h]).rjust(max(5, len(h))) for h in heads)]))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("stats", help="mappings per mapping set and per relation (from the built graph)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=run)

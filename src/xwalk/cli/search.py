"""`xwalk search`: provisions by number as people write it (Art. 15, A.8.25, GV-1.1) or by title words."""

from __future__ import annotations

import argparse
import dataclasses
import json


def run(args: argparse.Namespace) -> int:
    from xwalk.cli import settings_from
    from xwalk.engine.browse import search
    from xwalk.engine.context import Graph
    from xwalk.store.factory import open_store

    settings = settings_from(args)
    graph = Graph(open_store(settings), settings.queries_dir)
    hits = search(graph, args.q, args.framework, args.limit)
    if args.format == "json":
        print(json.dumps({"q": args.q, "count": len(hits), "data": [dataclasses.asdict(h) for h in hits]},
                         indent=2, ensure_ascii=False))
        return 0
    if not hits:
        print(f"nothing matches {args.q!r}")
    for h in hits:
        print(f"{h.score}  {h.id:<24} {h.notation:<16} {h.title}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("search", help="provisions by number (Art. 15, A.8.25, GV-1.1) or title words, best first")
    p.add_argument("q", help="a number as usually written, or words of a title")
    p.add_argument("--framework", help="only this framework (id or CURIE prefix)")
    p.add_argument("--limit", type=int, default=20, help="at most this many (1 to 100, default 20)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=run)

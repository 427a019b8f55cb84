"""`xwalk obligations`: the AI Act duties of a role, for a risk class, in force on a date."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json

from xwalk.model.catalog import RISK_CLASSES, ROLES


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def run(args: argparse.Namespace) -> int:
    from xwalk.cli import settings_from
    from xwalk.engine.context import Graph
    from xwalk.engine.obligations import obligations
    from xwalk.store.factory import open_store

    settings = settings_from(args)
    graph = Graph(open_store(settings), settings.queries_dir)
    result = obligations(graph, args.role, args.risk, args.as_of)
    if args.format == "json":
        print(json.dumps(dataclasses.asdict(result), indent=2, ensure_ascii=False))
        return 0
    when = f"on {result.as_of}" if result.as_of else "at any date"
    risk = " + ".join(result.risk_classes) or "any risk class"
    routes = f"; routes: {', '.join(result.routes)}" if result.routes != result.risk_classes else ""
    print(f"{len(result.in_force)} obligation(s) of a {result.role} ({risk}{routes}) in force {when}:")
    for o in result.in_force:
        cond = "  [if: " + o.condition + "]" if o.condition else ""
        under = f"  [{', '.join(o.routes)}]" if len(result.routes) > 1 else ""
        print(f"  {o.notation:<16} {o.role:<10} from {o.applies_from}  {o.summary}{cond}{under}")
    if result.later:
        first = min(o.applies_from for o in result.later)
        print(f"{len(result.later)} more apply later (the first from {first}).")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("obligations", help="AI Act obligations of a role, for a risk class, in force on a date")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument(
        "--risk",
        action="append",
        choices=(*RISK_CLASSES, "high-risk"),
        help="the AI system's risk class (repeat for several: the union; high-risk means both routes)",
    )
    p.add_argument("--as-of", type=_date, help="the day to look at (YYYY-MM-DD)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=run)

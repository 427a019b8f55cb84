"""`xwalk diff OLD NEW`: added, removed and changed mappings between two versions of mapping sets."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from xwalk.build.diff import diff, render
    from xwalk.cli import settings_from

    result = diff(args.old, args.new, settings_from(args).root)
    if args.format == "json":
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render(result))
    return 1 if args.exit_code and not result.empty else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "diff",
        help="mappings added, removed and changed between two versions (files or directories)",
        description="Compare two versions of SSSOM mapping sets. Mappings are matched by subject and object "
        "(and by mapping set when both sides are directories); changes in relation, strength and status are "
        "spelled out, other changed fields are named.",
    )
    p.add_argument("old", type=Path, metavar="OLD", help="a .sssom.tsv file or a directory of them")
    p.add_argument("new", type=Path, metavar="NEW", help="a .sssom.tsv file or a directory of them")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--exit-code", action="store_true", help="exit with 1 when there are differences (as git diff)")
    p.set_defaults(func=run)

"""`xwalk check [FILES]`: every problem in the mapping sets, each with file:line, rule and fix."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from xwalk.build.checks import check
    from xwalk.cli import settings_from

    settings = settings_from(args)
    context: list[Path] | None = None
    if args.isolated:
        context = []
    elif args.context:
        context = list(args.context)
    result = check(settings.root, list(args.files), context)
    if args.format == "json":
        data = [p.as_dict() for p in result.problems]
        print(json.dumps({"count": len(data), "data": data}, indent=2, ensure_ascii=False))
    else:
        for p in result.problems:
            print(p)
        n = len(result.problems)
        summary = f"{result.files} file(s), {result.mappings} mapping(s) checked: "
        summary += f"{n} problem{'s' if n != 1 else ''}." if n else "no problems."
        print(summary, file=sys.stderr if n else sys.stdout)
    return 2 if result.problems else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check",
        help="validate mapping sets against the catalogs and each other; report every problem",
        description="Check SSSOM mapping sets (default: every set in crosswalks/mappings). Each problem names "
        "file:line, the rule broken and a fix. Exit status 2 when there are problems.",
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help="mapping set files or directories")
    p.add_argument(
        "--context",
        action="append",
        type=Path,
        metavar="PATH",
        help="sets to compare against (repeatable; default: crosswalks/mappings); not themselves reported",
    )
    p.add_argument("--isolated", action="store_true", help="compare the files only with each other")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=run)

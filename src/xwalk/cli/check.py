"""`xwalk check [FILES]`: every problem in the mapping sets, each with file:line, rule and fix."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from xwalk.build.checks import check, curated_files, display
    from xwalk.build.project import is_project, own_mapping_sets, sources_root
    from xwalk.cli import settings_from
    from xwalk.config import bundled_root

    settings = settings_from(args)
    root = sources_root(settings.root, bundled_root())
    context: list[Path] | None = None
    if args.isolated:
        context = []
    elif args.context:
        context = list(args.context)
    files = list(args.files)
    if not files and is_project(settings.root):
        files = own_mapping_sets(settings.root, root)
    result = check(root, files, context)
    if not args.no_chains:  # empty intersections of chains (engine.combine), with both chains and their rows
        from xwalk.engine.contradictions import check_problems

        result.problems.extend(check_problems(result))
    # With no files named, the as-published sets' recorded mistakes are notes: they are the point of those sets.
    published = set() if args.files else {display(f, root) for f in curated_files(root) if as_published(f)}
    notes = [p for p in result.problems if p.file in published]
    problems = [p for p in result.problems if p.file not in published]
    if args.format == "json":
        data = [p.as_dict() for p in problems]
        out = {
            "count": len(data),
            "data": data,
            "warnings": [p.as_dict() for p in result.warnings],
            "notes": [p.as_dict() for p in notes],
        }
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for p in problems:
            print(p)
        for p in result.warnings:
            print(f"warning: {p}")
        for p in notes:
            print(f"note: {p}")
        n = len(problems)
        summary = f"{result.files} file(s), {result.mappings} mapping(s) checked: "
        summary += f"{n} problem{'s' if n != 1 else ''}" if n else "no problems"
        if result.warnings:
            summary += f"; {len(result.warnings)} warning(s)"
        if notes:
            summary += f"; {len(notes)} note(s): mistakes recorded as published in as-published sets"
        print(summary + ".", file=sys.stderr if n else sys.stdout)
    return 2 if problems else 0


def as_published(path: Path) -> bool:
    """The set's header says `xw_citation_as_published: true` (a publisher's claims kept as evidence)."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                return False
            key, _, value = line[1:].partition(":")
            if key.strip() == "xw_citation_as_published":
                return value.strip().lower() == "true"
    return False


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check",
        help="validate mapping sets against the catalogs and each other; report every problem",
        description="Check SSSOM mapping sets (default: every set in crosswalks/mappings). Each problem names "
        "file:line, the rule broken and a fix. Exit status 2 when there are problems; a standard SSSOM file's "
        "missing project columns (relation, strength, rationale, status, source) are warnings. With no FILE, the "
        "mistakes that as-published sets record on purpose are listed as notes and do not fail the check. "
        "Chains of mappings (with part-of steps, up to 3 mappings, from both ends) that leave two provisions "
        "no possible relation are reported as contradictory-chains, with every chain and its rows.",
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
    p.add_argument(
        "--no-chains",
        action="store_true",
        help="skip the search for contradicting chains (pairs of provisions no relation fits; the slow part)",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=run)

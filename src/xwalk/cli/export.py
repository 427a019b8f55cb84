"""`xwalk export --format F --scope S [-o FILE]`: a part of the crosswalk as a graph file or a coverage matrix."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from xwalk.cli.engine import _graph, gap_report
    from xwalk.engine.coverage_table import coverage_table
    from xwalk.engine.graphscope import parse_scope, scope_graph
    from xwalk.export.graph_export import check_format, export

    scope = parse_scope(args.scope)
    check_format(args.format, gaps=scope.kind == "gaps")  # refuse a bad format before any work
    graph = _graph(args)
    strength, status = args.min_strength, args.min_status
    report = gap_report(args, Path(scope.profile)) if scope.kind == "gaps" else None
    out = export(
        args.format,
        gaps=scope.kind == "gaps",
        title=f"xwalk {scope.text}",
        make_graph=lambda: scope_graph(graph, scope, report, min_strength=strength, min_status=status),
        make_table=lambda: coverage_table(
            graph, scope, report, depth=args.depth, min_strength=strength, min_status=status
        ),
    )
    if args.output:
        from xwalk.cli.files import write_whole

        path = Path(args.output)
        write_whole(path, out.data)  # a write either completes or leaves the old file as it was
        print(f"wrote {path} ({len(out.data)} bytes, {out.media_type})", file=sys.stderr)
    else:
        sys.stdout.buffer.write(out.data)
        sys.stdout.flush()
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from xwalk.cli.engine import common_options
    from xwalk.engine.graphscope import SCOPES
    from xwalk.export.graph_export import EXPORT_FORMATS

    p = sub.add_parser("export", help="a framework, a pair, a neighbourhood or a gap report as a graph or matrix file")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="graph format, or csv/xlsx for a matrix")
    p.add_argument("--scope", required=True, help=f"one of {', '.join(SCOPES)}")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    common_options(p)  # --depth: matrices and gap reports (a graph shows curated mappings, not chains)
    p.set_defaults(func=run)

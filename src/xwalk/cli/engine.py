"""`xwalk coverage` (what covers a provision, or what it helps meet) and `xwalk gaps` (a gap report)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xwalk.engine.context import Graph
    from xwalk.engine.coverage import CoverageItem
    from xwalk.errors import InvalidProfile
    from xwalk.model.gaps import GapReport
    from xwalk.model.profile import Profile
    from xwalk.model.results import Step


def _graph(args: argparse.Namespace) -> Graph:
    from xwalk.cli import settings_from
    from xwalk.engine.context import Graph
    from xwalk.store.factory import open_store
    from xwalk.store.oxigraph import OxigraphStore

    settings = settings_from(args)
    # gap analysis classifies the systems from their facts in a scratch store (engine.classify)
    return Graph(open_store(settings), settings.queries_dir, scratch=OxigraphStore)


def _table(header: list[str], rows: list[list[str]], limit: int = 70) -> str:
    widths = [min(limit, max([len(h)] + [len(r[i]) for r in rows])) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c[:limit].ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]) + "\n"


def _filters(args: argparse.Namespace) -> dict[str, object]:
    return {
        "depth": args.depth,
        "min_strength": args.min_strength,
        "min_status": args.min_status,
        "include_as_published": args.include_as_published,
        "sets": _listed(args.sets),
        "exclude_sets": _listed(args.exclude_sets),
    }


def _listed(values: list[str] | None) -> list[str] | None:
    out = [v.strip() for item in values or [] for v in item.split(",") if v.strip()]
    return out or None


def _relations(names: list[str]) -> str:
    return "any (no claim)" if len(names) == 5 else "/".join(names) or "none (contradiction)"


def run_coverage(args: argparse.Namespace) -> int:
    from xwalk.engine.coverage import coverage
    from xwalk.engine.report import witness_text
    from xwalk.errors import InputError

    if args.limit is not None and args.limit < 1:  # a slice would silently drop the last rows
        raise InputError(f"--limit {args.limit} is not a positive number.")
    graph = _graph(args)
    targets = [t for item in args.to or [] for t in item.split(",") if t.strip()]
    result = coverage(
        graph,
        args.id,
        targets or None,
        direction=args.direction,
        derived=not args.direct,
        limit=args.limit,
        offset=args.offset,
        reached=args.reached,
        **_filters(args),  # type: ignore[arg-type]
    )
    if args.format == "json":
        sys.stdout.write(json.dumps(dataclasses.asdict(result), indent=2, ensure_ascii=False) + "\n")
        return 0
    role = "as a requirement" if result.direction == "covered-by" else "as a control"
    # "against", not "covered by": the rows below may all say not-covered
    print(f"{result.provision}  {result.title}  {role}, against {', '.join(result.to)} (depth {result.depth}):")
    listed, wholes = _whole_negatives(result.data, args.all)
    for line in _whole_lines(graph, wholes):
        print(line)
    rows = [
        [i.verdict, i.provision, i.title, _relations(i.relations), str(i.strength), witness_text(i.witnesses)]
        for i in listed
    ]
    if rows or not wholes:
        sys.stdout.write(_table(["verdict", "provision", "title", "relations", "strength", "witnesses"], rows, 90))
    counts = ", ".join(f"{v} {k}" for k, v in result.summary.items())
    shown = f", {len(result.data)} shown" if len(result.data) < result.listed else ""
    print(f"({result.count} provision{'s' if result.count != 1 else ''} reached{shown}; {counts})")
    if result.reached_only and not args.reached:
        print(
            f"({result.reached_only} more reached only by chains that say nothing: undetermined; --reached lists them)"
        )
    print(f"mapping sets: {', '.join(result.mapping_sets) or 'none'}")
    for verdict, words in result.meaning.items():
        print(f"  {verdict}: {words}")
    return 0


def _whole_negative(item: CoverageItem) -> Step | None:
    """The one curated row an item rests on when that row is a no-relationship against a whole framework."""
    if item.verdict != "not-covered" or len(item.witnesses) != 1:
        return None
    rows = [s for s in item.witnesses[0].steps if s.mapping is not None]
    if len(rows) != 1 or rows[0].relation != "no-relationship":
        return None
    return rows[0] if (rows[0].object.startswith("fw:") or rows[0].subject.startswith("fw:")) else None


def _whole_negatives(items: list[CoverageItem], every: bool) -> tuple[list[CoverageItem], dict[Step, int]]:
    """The rows to print one by one, and each whole-framework negative with how many rows it stands for
    (one summary line each, unless `every`)."""
    if every:
        return items, {}
    wholes: dict[Step, int] = {}
    shown: list[CoverageItem] = []
    for i in items:
        row = _whole_negative(i)
        if row is None:
            shown.append(i)
        else:
            wholes[row] = wholes.get(row, 0) + 1
    return shown, wholes


def _whole_lines(graph: Graph, wholes: dict[Step, int]) -> list[str]:
    from xwalk.engine.catalog import frameworks
    from xwalk.engine.mappings import mapping_set

    titles = {f"fw:{f.id}": f.short_title for f in frameworks(graph)}
    out = []
    for row, n in wholes.items():
        whole = row.object if row.object.startswith("fw:") else row.subject
        rows = mapping_set(graph, row.mapping_set).data if row.mapping_set else []
        why = next((m.comment for m in rows if m.id == row.mapping and m.comment), "no rationale given.")
        many = f"{n} provision{'s' if n != 1 else ''}, --all lists them"
        out.append(
            f"not covered by any part of {titles.get(whole, whole)} ({many}): {why} "
            f"(source {row.source}, mapping set {row.mapping_set})"
        )
    return out


def read_profile_file(path: Path, *, strict: bool = True) -> Profile:
    """A checked profile from a file (JSON, .ttl or .jsonld); errors name the file and JSON pointer,
    or file:line:column when the JSON does not parse."""
    import json

    from xwalk.build.profile import read_profile
    from xwalk.errors import InputError, InvalidProfile

    if path.is_dir():
        raise InputError(f"{path} is a directory, not a profile file (JSON, .ttl or .jsonld).")
    if not path.is_file():
        raise InputError(f"{path}: no such file.")
    data = path.read_bytes()
    syntax = {".ttl": "turtle", ".jsonld": "jsonld"}.get(path.suffix.lower(), "json")
    if syntax == "json":
        try:
            json.loads(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise _at(path, "1:1", f"not UTF-8 (byte {exc.start} is {data[exc.start]:#04x})") from None
        except json.JSONDecodeError as exc:
            reason = "the file is empty" if not data.strip() else exc.msg
            raise _at(path, f"{exc.lineno}:{exc.colno}", f"not JSON: {reason}") from None
    try:
        return read_profile(data, syntax, strict=strict)
    except InvalidProfile as exc:
        raise _where(path, exc) from None


def _at(path: Path, line_col: str, message: str) -> InvalidProfile:
    from xwalk.errors import InvalidProfile

    where = InvalidProfile([(f"{path}:{line_col}", message)])
    where.detail = f"{path}:{line_col}: {message}."
    return where


def _where(path: Path, exc: InvalidProfile) -> InvalidProfile:
    from xwalk.errors import InvalidProfile

    # one line per error, each with its JSON pointer, so a long profile's defects stay readable
    where = InvalidProfile([(f"{path}#{e['pointer']}", str(e["message"])) for e in exc.errors])
    where.detail = f"{path} is not a valid profile:\n  " + "\n  ".join(
        f"{e['pointer'] or '/'}: {e['message']}" for e in exc.errors
    )
    return where


def gap_report(args: argparse.Namespace, path: Path) -> GapReport:
    from xwalk.engine.gaps import gap_analysis
    from xwalk.errors import InvalidProfile

    profile = read_profile_file(path)
    try:
        return gap_analysis(_graph(args), profile, **_filters(args))  # type: ignore[arg-type]
    except InvalidProfile as exc:
        raise _where(path, exc) from None


def run_gaps(args: argparse.Namespace) -> int:
    from xwalk.engine.report import render

    report = gap_report(args, Path(args.profile))
    sys.stdout.write(render(report, args.format))
    return 0


def common_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--depth", type=int, default=3, help="longest chain of mappings, 1-5 (default 3)")
    p.add_argument(
        "--min-strength", type=int, default=0, help="ignore mappings weaker than this, 0-10 (never a no-relationship)"
    )
    p.add_argument("--min-status", choices=["draft", "reviewed", "approved"], default="draft")
    p.add_argument(
        "--include-as-published",
        action="store_true",
        help="also use the sets that transcribe a document's claims as published (left out by default)",
    )
    p.add_argument("--sets", action="append", metavar="SET", help="use only these mapping sets (repeatable)")
    p.add_argument("--exclude-sets", action="append", metavar="SET", help="leave these mapping sets out")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    c = sub.add_parser("coverage", help="what covers a provision (or, with --covers, what it helps meet)")
    c.add_argument("id", help="CURIE such as euaia:art-15 or a provision IRI")
    c.add_argument("--to", action="append", metavar="FW", help="target framework id or prefix (repeatable)")
    c.add_argument(
        "--covers",
        dest="direction",
        action="store_const",
        const="covers",
        default="covered-by",
        help="read the other way: which provisions this one helps meet",
    )
    c.add_argument("--direct", action="store_true", help="only the provision's own curated mappings")
    c.add_argument("--format", choices=["table", "json"], default="table")
    c.add_argument("--limit", type=int, help="show only the first N (the counts still count all)")
    c.add_argument("--offset", type=int, default=0, help="skip the first N (paging with --limit)")
    c.add_argument(
        "--reached",
        action="store_true",
        help="also list the provisions only uninformative chains reach (undetermined), one chain each",
    )
    c.add_argument(
        "--all",
        action="store_true",
        help="list every row, also those one no-relationship against a whole framework decides (one line otherwise)",
    )
    common_options(c)
    c.set_defaults(func=run_coverage)

    g = sub.add_parser("gaps", help="gap analysis of an organisation profile (JSON, .ttl or .jsonld)")
    g.add_argument("profile", help="profile file (docs/profile.md)")
    g.add_argument("--format", choices=["json", "md", "csv", "html"], default="json", help="default json, as the API")
    common_options(g)
    g.set_defaults(func=run_gaps)

"""The `xwalk` command line."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from xwalk.config import Settings
from xwalk.errors import InputError, XwalkError
from xwalk.model.ids import iri_to_curie
from xwalk.store.base import Row

# Subcommand modules of this package; each defines register(subparsers).
EXTENSIONS: tuple[str, ...] = (
    "obligations", "check", "diff", "stats", "interchange", "engine", "load", "export", "classify", "init", "search",
)


def settings_from(args: argparse.Namespace) -> Settings:
    return _settings(args)


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {}
    for key in ("root", "dist", "store", "host", "port"):
        value = getattr(args, key, None)
        if value is not None:
            overrides[key] = value
    return load_settings(**overrides)


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and the options; a bad value is one line naming the variable."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "?"
        where = f"--{name}" if name in overrides else f"XWALK_{name.upper()}"
        raise InputError(f"{where}={first.get('input')!r}: {first['msg']}.") from None
    except ValueError as exc:  # no sources found (config.default_root)
        raise InputError(str(exc)) from None


# Commands that read the built graph: on first use (no dist/ yet) they build it.
GRAPH_COMMANDS = frozenset({"query", "show", "serve", "coverage", "gaps", "stats", "obligations", "load", "search"})


def ensure_built(settings: Settings, min_status: str | None = None) -> None:
    """Build dist/ when it is missing (first use of the bundled data, or a fresh project); say so on stderr."""
    from xwalk.store.factory import is_remote

    if is_remote(settings.store) or (settings.dist_dir / "manifest.json").exists():
        return
    print(f"note: no build at {shown(settings.dist_dir)} yet: building it (once).", file=sys.stderr)
    _build_into(settings, min_status, quiet=True)


def _build_into(settings: Settings, min_status: str | None, *, quiet: bool = False) -> None:
    from xwalk.build.pipeline import build, write_dist
    from xwalk.build.project import sources_root
    from xwalk.config import bundled_root

    result = build(sources_root(settings.root, bundled_root()), min_status=min_status)
    write_dist(result, settings.dist_dir)
    if quiet:
        return
    graphs = result.manifest["graphs"]
    assert isinstance(graphs, dict)
    print(f"built {shown(settings.dist_dir / 'xwalk.trig')}: {sum(graphs.values())} triples in {len(graphs)} graphs")
    for fw in sorted(result.catalogs.frameworks.values(), key=lambda f: f.id):
        print(f"  {fw.id}: {len(fw.provisions)} provisions")
    for ms in result.mapping_sets:
        print(f"  mappings/{ms.id}: {len(ms.mappings)} mappings")
    print(f"content hash {result.content_hash}")


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when under it."""
    try:
        # resolve the directory only: dist/xwalk.trig is a fixed link through dist/current, shown as such
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _cell(row: Row, name: str, curies: bool) -> str:
    term = row.get(name)
    if term is None:
        return ""
    return iri_to_curie(term.value) if curies and term.kind == "uri" else term.value


def render_rows(names: list[str], rows: list[Row], fmt: str, out: io.TextIOBase | None = None) -> str:
    if fmt == "json":
        data = [{n: _cell(r, n, False) for n in names if n in r} for r in rows]
        return json.dumps({"count": len(rows), "data": data}, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(names)
        for r in rows:
            w.writerow([_cell(r, n, False) for n in names])
        return buf.getvalue()
    table = [[_cell(r, n, True) for n in names] for r in rows]
    widths = [min(60, max([len(n)] + [len(row[i]) for row in table])) for i, n in enumerate(names)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c[:60].ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    lines = [line(names), line(["-" * w for w in widths])] + [line(r) for r in table]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def cmd_build(args: argparse.Namespace) -> int:
    from xwalk.config import describe_root

    settings = _settings(args)
    if settings.root.resolve() != Path.cwd().resolve():
        print(f"sources: {describe_root(settings.root)}", file=sys.stderr)
    _build_into(settings, args.min_status)
    return 0


def _query_text(args: argparse.Namespace, settings: Settings) -> tuple[str, dict[str, str]]:
    params: dict[str, str] = {}
    for item in args.param or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise InputError(f"--param {item!r} must be written as name=value.")
        params[key] = value
    return args.query, params


def cmd_query(args: argparse.Namespace) -> int:
    from xwalk.queries import find, parse_named
    from xwalk.store.factory import open_store

    settings = _settings(args)
    name, params = _query_text(args, settings)
    path = Path(name)
    nq = parse_named(path.stem, path) if path.suffix == ".rq" and path.exists() else find(settings.queries_dir, name)
    bindings = nq.bindings(params)
    store = open_store(settings)
    rows = store.select(nq.text, bindings)
    names = _variables(nq.text, rows)
    sys.stdout.write(render_rows(names, rows, args.format))
    return 0


def _variables(text: str, rows: list[Row]) -> list[str]:
    import re

    head = re.search(r"(?is)\bSELECT\b(.*?)(?:\bWHERE\b|\{)", text)
    names: list[str] = []
    if head:
        depth = 0
        projection = head.group(1)
        for m in re.finditer(r"[()]|\bAS\s+[?$](\w+)|[?$](\w+)", projection, re.I):
            token = m.group(0)
            if token == "(":
                depth += 1
            elif token == ")":
                depth -= 1
            elif m.group(1) and depth == 1 and m.group(1) not in names:
                names.append(m.group(1))
            elif m.group(2) and depth == 0 and m.group(2) not in names:
                names.append(m.group(2))
    for r in rows:
        for n in r:
            if n not in names:
                names.append(n)
    return names


def cmd_show(args: argparse.Namespace) -> int:
    from xwalk.engine.catalog import provision
    from xwalk.engine.context import Graph
    from xwalk.store.factory import open_store

    settings = _settings(args)
    graph = Graph(open_store(settings), settings.queries_dir)
    p = provision(graph, args.id)
    if args.format == "json":
        import dataclasses

        print(json.dumps(dataclasses.asdict(p), indent=2, ensure_ascii=False))
        return 0
    print(f"{p.id}  {p.notation}  {p.title}")
    print(f"  framework: {p.framework}   kind: {p.kind}")
    if p.url:
        print(f"  official text: {p.url}")
    if p.summary:
        print(f"  summary: {p.summary}")
    if p.ancestors:
        print("  part of: " + " > ".join(f"{a.notation} {a.title}" for a in p.ancestors))
    if p.children:
        print(f"  parts ({len(p.children)}):")
        for c in p.children:
            print(f"    {c.id}  {c.title}")
    if p.mappings:
        print(f"  mappings ({len(p.mappings)}):")
        for m in p.mappings:
            arrow = f"{m.subject} {m.relation} {m.object}"
            print(f"    {arrow}  strength {m.strength}, {m.status}, source {m.source}  [{m.mapping_set}]")
    return 0


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Connection bounds (docs/security.md): header deadline, keep-alive, header size, connection count."""
    from xwalk.api.limits import header_deadline_protocol

    return {
        "host": settings.host,
        "port": settings.port,
        "http": header_deadline_protocol(settings.header_timeout_s, 16 * 1024),  # httptools
        "loop": "auto",  # uvloop where it is installed (pinned for Linux and macOS)
        "timeout_keep_alive": 5,
        "access_log": settings.access_log,
        "limit_concurrency": settings.max_connections,
    }


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from xwalk.api.app import create_app

    settings = _settings(args)
    if args.data:
        settings = settings.model_copy(update={"data_files": [Path(p) for p in args.data]})
    from xwalk.config import describe_root

    print(f"sources: {describe_root(settings.root)}; graph: {shown(settings.dist_dir)}", file=sys.stderr)
    app = create_app(settings)
    warm = getattr(app.state.graph.store, "warm", None)  # embedded store: query workers up before the first burst
    if warm is not None:
        warm()
    uvicorn.run(app, **uvicorn_options(settings), log_level="info")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="xwalk", description="Knowledge graph of regulatory crosswalks.")
    p.add_argument("--version", action=_Version, nargs=0, help="print the version and which sources are used")
    p.add_argument("--root", type=Path, help="project tree with crosswalks/, ontology/, queries/")
    p.add_argument("--dist", type=Path, help="build output directory (default ROOT/dist)")
    p.add_argument("--store", help="'memory' (default), a directory for an on-disk store, or a SPARQL URL")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="read, check, validate the sources; write dist/")
    b.add_argument(
        "--min-status",
        choices=["draft", "reviewed", "approved"],
        help="keep only mappings at or above this review status",
    )
    b.set_defaults(func=cmd_build)

    q = sub.add_parser("query", help="run a named query (queries/) or a .rq file")
    q.add_argument("query", help="name such as examples/annex-a-controls, or a path to a .rq file")
    q.add_argument("--param", action="append", metavar="K=V", help="bind a parameter (repeatable)")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.set_defaults(func=cmd_query)

    s = sub.add_parser("show", help="a provision with its parents, parts and mappings")
    s.add_argument("id", help="CURIE such as euaia:art-15 or a provision IRI")
    s.add_argument("--format", choices=["text", "json"], default="text")
    s.set_defaults(func=cmd_show)

    v = sub.add_parser("serve", help="serve the API on the bundled data")
    v.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    v.add_argument("--port", type=int, help="port (default 8000)")
    v.add_argument("--store", default=argparse.SUPPRESS,
                   help="'memory' (default), a directory for an on-disk Oxigraph store, or a SPARQL URL")
    v.add_argument("--data", action="append", metavar="FILE", help="organisation data to serve")
    v.add_argument("--min-status", default=None, help=argparse.SUPPRESS)
    v.set_defaults(func=cmd_serve)

    for register in _extensions():
        register(sub)
    return p


def _extensions() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]:
    """Subcommands that live in their own modules (xwalk/cli/*.py), each with `register(sub)`."""
    import importlib

    out = []
    for name in EXTENSIONS:
        module = importlib.import_module(f"xwalk.cli.{name}")
        out.append(module.register)
    return out


class _Version(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from xwalk import __version__
        from xwalk.config import describe_root

        try:
            where = describe_root(_settings(argparse.Namespace()).root)
        except InputError as exc:
            where = exc.detail
        print(f"xwalk {__version__}\nsources: {where}")
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command in GRAPH_COMMANDS:
            ensure_built(_settings(args), getattr(args, "min_status", None))
        code: int = args.func(args)
        return code
    except XwalkError as exc:
        print(f"error: {exc.detail}", file=sys.stderr)
        suggestions = exc.extra.get("suggestions")
        if suggestions:
            print(f"did you mean: {', '.join(str(s) for s in cast(list[object], suggestions))}?", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

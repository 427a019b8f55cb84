"""Interchange commands: `xwalk convert`, `xwalk export-set` and `xwalk import-set`.

Every write prints its loss report (what the target format cannot carry) to stderr; every read
is checked with the build's own reader, and its problems are printed with file and line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xwalk.errors import InputError, Problem
from xwalk.model.catalog import Catalogs
from xwalk.model.mapping import MappingSet


def _options(args: argparse.Namespace) -> object:
    from xwalk.export.base import ImportOptions

    return ImportOptions(
        set_id=args.set_id,
        title=args.title,
        licence=args.licence or "",
        creators=tuple(args.creator or ()),
        source=args.source,
        status=args.status,
        subject_framework=args.subject_framework,
        object_framework=args.object_framework,
        default_strength=args.default_strength,
        pick=args.pick,
    )


def _read(
    path: Path, fmt_name: str | None, catalogs: Catalogs, args: argparse.Namespace
) -> tuple[MappingSet, list[Problem]]:
    from xwalk.build.sssom import read_mapping_text
    from xwalk.build.sssom_write import write_mapping_set
    from xwalk.export.base import ImportOptions
    from xwalk.export.formats import guess

    if not path.exists():
        raise InputError(f"{path} does not exist.")
    fmt = guess(path, fmt_name, writing=False)
    assert fmt.read is not None
    options = _options(args)
    assert isinstance(options, ImportOptions)
    imported = fmt.read(path, catalogs, options)
    for note in imported.notes:
        print(f"note: {note}", file=sys.stderr)
    if imported.mapping_set is None:
        from xwalk.errors import SourceErrors

        raise SourceErrors(imported.problems)
    problems = list(imported.problems)
    if fmt.name not in ("sssom-tsv", "xlsx", "csv"):
        # what the foreign file said, read back as SSSOM TSV: the build's rules apply to it too
        text = write_mapping_set(imported.mapping_set)
        later: list[Problem] = []
        read_mapping_text(text, "", f"{path} (as SSSOM)", catalogs, later)
        problems += later
    return imported.mapping_set, problems


def _write(ms: MappingSet, out: Path, fmt_name: str | None, catalogs: Catalogs) -> None:
    from xwalk.export.formats import guess

    fmt = guess(out, fmt_name, writing=True)
    assert fmt.write is not None
    written = fmt.write(ms, catalogs)
    out.write_bytes(written.data)
    print(f"wrote {out} ({fmt.name}, {len(ms.mappings)} mappings)", file=sys.stderr)
    if written.losses:
        print(f"loss report ({fmt.name} cannot carry everything):", file=sys.stderr)
        for loss in written.losses:
            print(f"  - {loss}", file=sys.stderr)
    else:
        print("loss report: nothing lost.", file=sys.stderr)


def _finish(problems: list[Problem]) -> int:
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s): fix them in the output, then run xwalk check.", file=sys.stderr)
    return 2 if problems else 0


def run_convert(args: argparse.Namespace) -> int:
    from xwalk.build.catalogs import read_catalogs
    from xwalk.cli import settings_from

    catalogs = read_catalogs(settings_from(args).root)
    ms, problems = _read(args.input, args.from_format, catalogs, args)
    _write(ms, args.output, args.to_format, catalogs)
    return _finish(problems)


def _set_path(text: str, root: Path) -> Path:
    path = Path(text)
    if path.exists():
        return path
    curated = root / "crosswalks" / "mappings" / f"{text}.sssom.tsv"
    if curated.exists():
        return curated
    known = sorted(p.name.removesuffix(".sssom.tsv") for p in (root / "crosswalks" / "mappings").glob("*.sssom.tsv"))
    raise InputError(f"{text} is neither a file nor a mapping set id; known sets: {', '.join(known)}.")


def run_export(args: argparse.Namespace) -> int:
    from xwalk.build.catalogs import read_catalogs
    from xwalk.cli import settings_from

    root = settings_from(args).root
    catalogs = read_catalogs(root)
    ms, problems = _read(_set_path(args.set, root), "sssom-tsv", catalogs, args)
    _write(ms, args.output, args.format, catalogs)
    return _finish(problems)


def run_import(args: argparse.Namespace) -> int:
    from xwalk.build.catalogs import read_catalogs
    from xwalk.cli import settings_from

    catalogs = read_catalogs(settings_from(args).root)
    if args.set_id is None and args.output.name.endswith(".sssom.tsv"):
        args.set_id = args.output.name.removesuffix(".sssom.tsv")
    ms, problems = _read(args.input, args.from_format, catalogs, args)
    _write(ms, args.output, "sssom-tsv", catalogs)
    return _finish(problems)


def _import_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("metadata for formats that lack it (never overrides what the file says)")
    g.add_argument("--set-id", help="mapping set id (default: from the file)")
    g.add_argument("--title", help="mapping set title")
    g.add_argument("--licence", help="licence IRI of the mappings")
    g.add_argument("--creator", action="append", metavar="IRI", help="creator IRI (repeatable)")
    g.add_argument("--source", help="id in crosswalks/sources.yaml for every row")
    g.add_argument("--status", default="draft", choices=["draft", "reviewed", "approved", "disputed", "deprecated"])
    g.add_argument("--subject-framework", help="framework id of the subjects (OLIR CSV)")
    g.add_argument("--object-framework", help="framework id of the objects (OLIR CSV)")
    g.add_argument("--default-strength", type=int, default=5, help="strength where the file has none (default 5)")
    g.add_argument("--pick", metavar="REF_ID", help="which requirement_mapping_set of a CISO Assistant library")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from xwalk.export.formats import FORMATS

    names = list(FORMATS)
    c = sub.add_parser(
        "convert",
        help="convert a mapping set between SSSOM TSV/RDF, OSCAL, OLIR CSV, CISO Assistant YAML, XLSX, CSV",
        description="Formats: " + "; ".join(f"{f.name} ({f.description})" for f in FORMATS.values()),
    )
    c.add_argument("input", type=Path, metavar="IN")
    c.add_argument("output", type=Path, metavar="OUT")
    c.add_argument("--from", dest="from_format", choices=names, help="format of IN (default: from its name)")
    c.add_argument("--to", dest="to_format", choices=names, help="format of OUT (default: from its name)")
    _import_args(c)
    c.set_defaults(func=run_convert)

    e = sub.add_parser("export-set", help="write a mapping set as a spreadsheet (or any writable format)")
    e.add_argument("set", metavar="SET", help="mapping set id in crosswalks/mappings, or a .sssom.tsv file")
    e.add_argument("--format", choices=[f.name for f in FORMATS.values() if f.write], help="default: from -o")
    e.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    _import_args(e)
    e.set_defaults(func=run_export)

    i = sub.add_parser("import-set", help="read a spreadsheet (or any readable format) back into SSSOM TSV")
    i.add_argument("input", type=Path, metavar="FILE")
    i.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.sssom.tsv")
    i.add_argument("--from", dest="from_format", choices=[f.name for f in FORMATS.values() if f.read])
    _import_args(i)
    i.set_defaults(func=run_import)

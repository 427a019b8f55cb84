"""Interchange commands: `xwalk convert`, `xwalk export-set` and `xwalk import-set`.

Every write prints its loss report (what the target format cannot carry) to stderr; every read
is checked with the build's own reader, and its problems are printed with their place in the
input. All or nothing: a write happens only when no row fails (export/importing.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from xwalk.errors import InputError
from xwalk.model.catalog import Catalogs
from xwalk.model.mapping import MappingSet

if TYPE_CHECKING:
    from xwalk.export.importing import ImportResult


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
        na_strength=args.na_strength,
    )


def _read(
    path: Path, fmt_name: str | None, catalogs: Catalogs, args: argparse.Namespace, out: Path | None = None
) -> ImportResult:
    from xwalk.export.base import ImportOptions
    from xwalk.export.formats import guess
    from xwalk.export.importing import import_file

    if not path.exists():
        raise InputError(f"{path} does not exist.")
    fmt = guess(path, fmt_name, writing=False)
    options = _options(args)
    assert isinstance(options, ImportOptions)
    # the set as it was before a spreadsheet edit: the file being overwritten, else the curated set
    return import_file(path, fmt, catalogs, options, out, _root(args) / "crosswalks" / "mappings")


def _root(args: argparse.Namespace) -> Path:
    from xwalk.cli import settings_from

    return settings_from(args).root


def _write(ms: MappingSet, out: Path, fmt_name: str | None, catalogs: Catalogs) -> None:
    """Write `out` whole or not at all (a temporary file beside it, renamed into place)."""
    from xwalk.cli.files import write_whole
    from xwalk.export.formats import guess

    fmt = guess(out, fmt_name, writing=True)
    assert fmt.write is not None
    written = fmt.write(ms, catalogs)
    write_whole(out, written.data)
    print(f"wrote {out} ({fmt.name}, {len(ms.mappings)} mappings)", file=sys.stderr)
    if written.losses:
        print(f"loss report ({fmt.name} cannot carry everything):", file=sys.stderr)
        for loss in written.losses:
            print(f"  - {loss}", file=sys.stderr)
    else:
        print("loss report: nothing lost.", file=sys.stderr)


def _partial(out: Path) -> Path:
    from xwalk.export.formats import FORMATS

    name = out.name
    suffix = max((s for f in FORMATS.values() for s in f.suffixes if name.endswith(s)), key=len, default=out.suffix)
    return out.with_name(name[: len(name) - len(suffix)] + ".partial" + suffix)


def _deliver(
    result: ImportResult, out: Path, fmt_name: str | None, catalogs: Catalogs, args: argparse.Namespace
) -> int:
    """All or nothing: with an error nothing is written (exit 2); --keep-going writes the good rows
    to OUT with .partial before its suffix, says how many rows it left out, and still exits 2."""
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    for p in result.warnings:
        print(f"warning: {p}", file=sys.stderr)
    for p in result.errors:
        print(p, file=sys.stderr)
    if result.mapping_set is None:
        print(f"{len(result.errors)} problem(s): the input cannot be read; nothing written.", file=sys.stderr)
        return 2
    if not result.errors:
        _write(result.mapping_set, out, fmt_name, catalogs)
        return 0
    left = result.rows_left_out
    if getattr(args, "keep_going", False):
        partial = _partial(out)
        _write(result.mapping_set, partial, fmt_name, catalogs)
        print(
            f"{len(result.errors)} problem(s): {left} row(s) left out of {partial}; {out} not written.",
            file=sys.stderr,
        )
    else:
        print(
            f"{len(result.errors)} problem(s) in {left} row(s): nothing written. Fix them, or give --keep-going "
            f"to write the {len(result.mapping_set.mappings)} good mapping(s) to {_partial(out).name}.",
            file=sys.stderr,
        )
    return 2


def run_convert(args: argparse.Namespace) -> int:
    from xwalk.build.catalogs import read_catalogs

    catalogs = read_catalogs(_root(args))
    result = _read(args.input, args.from_format, catalogs, args, args.output)
    return _deliver(result, args.output, args.to_format, catalogs, args)


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

    root = _root(args)
    catalogs = read_catalogs(root)
    result = _read(_set_path(args.set, root), "sssom-tsv", catalogs, args)
    return _deliver(result, args.output, args.format, catalogs, args)


def run_import(args: argparse.Namespace) -> int:
    from xwalk.build.catalogs import read_catalogs

    catalogs = read_catalogs(_root(args))
    if args.set_id is None and args.output.name.endswith(".sssom.tsv"):
        args.set_id = args.output.name.removesuffix(".sssom.tsv")
    result = _read(args.input, args.from_format, catalogs, args, args.output)
    return _deliver(result, args.output, "sssom-tsv", catalogs, args)


def _import_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("metadata for formats that lack it (never overrides what the file says)")
    g.add_argument("--set-id", help="mapping set id (default: from the file)")
    g.add_argument("--title", help="mapping set title")
    g.add_argument("--licence", help="licence IRI of the mappings")
    g.add_argument("--creator", action="append", metavar="IRI", help="creator IRI (repeatable)")
    g.add_argument("--source", help="id in crosswalks/sources.yaml for every row")
    g.add_argument("--status", default="draft", choices=["draft", "reviewed", "approved", "disputed", "deprecated"])
    g.add_argument("--subject-framework", help="framework id of the subjects (OLIR: the focal document)")
    g.add_argument("--object-framework", help="framework id of the objects (OLIR: the reference document)")
    g.add_argument("--default-strength", type=int, default=5, help="strength where the file has none (default 5)")
    g.add_argument(
        "--na-strength",
        type=int,
        metavar="N",
        help="OLIR: strength of subset/superset/intersects rows whose strength is N/A (default: an error)",
    )
    g.add_argument("--pick", metavar="REF_ID", help="which requirement_mapping_set of a CISO Assistant library")
    p.add_argument(
        "--keep-going",
        action="store_true",
        help="when rows fail, write the good ones to OUT with .partial before its suffix (still exit 2)",
    )


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

"""The registry of interchange formats: name -> writer and/or reader, and guessing one from a file name."""

from __future__ import annotations

from pathlib import Path

from xwalk.build.sssom_write import write_mapping_set
from xwalk.errors import InputError
from xwalk.export.base import Format, Imported, ImportOptions, Written
from xwalk.export.ciso import read_ciso
from xwalk.export.ciso_write import write_ciso
from xwalk.export.olir import read_olir, write_olir
from xwalk.export.olir_xlsx import read_olir_xlsx, write_olir_xlsx
from xwalk.export.oscal import read_oscal, write_oscal
from xwalk.export.spreadsheet import read_csv, read_tsv_text, read_xlsx, write_csv, write_xlsx
from xwalk.export.sssom_rdf import read_sssom_rdf, write_sssom_rdf
from xwalk.model.catalog import Catalogs
from xwalk.model.mapping import MappingSet


def _write_tsv(ms: MappingSet, catalogs: Catalogs) -> Written:
    return Written(write_mapping_set(ms).encode())


def _read_tsv(path: Path, catalogs: Catalogs, options: ImportOptions) -> Imported:
    return read_tsv_text(path.read_text(encoding="utf-8-sig"), path, catalogs, options)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("sssom-tsv", "SSSOM TSV, the project's own format", (".sssom.tsv", ".tsv"), _write_tsv, _read_tsv),
        Format("sssom-ttl", "SSSOM/RDF in Turtle", (".sssom.ttl", ".ttl"), write_sssom_rdf, read_sssom_rdf),
        Format(
            "oscal-json",
            "OSCAL 1.2 control mapping model (mapping-collection) JSON",
            (".json",),
            write_oscal,
            read_oscal,
        ),
        Format(
            "olir-xlsx",
            "NIST IR 8278A Rev. 1 OLIR workbook (set theory relationship mapping)",
            (".olir.xlsx",),
            write_olir_xlsx,
            read_olir_xlsx,
        ),
        Format(
            "olir-csv", "NIST OLIR set theory relationship mapping, CSV form", (".olir.csv",), write_olir, read_olir
        ),
        Format(
            "ciso-yaml",
            "CISO Assistant mapping library YAML (requirement_mapping_sets)",
            (".yaml", ".yml"),
            write_ciso,
            read_ciso,
        ),
        Format(
            "xlsx",
            "spreadsheet with catalog titles beside identifiers, metadata sheet",
            (".xlsx",),
            write_xlsx,
            read_xlsx,
        ),
        Format(
            "csv",
            "spreadsheet CSV with catalog titles beside identifiers, # header on top",
            (".csv",),
            write_csv,
            read_csv,
        ),
    )
}


def guess(path: Path, given: str | None, *, writing: bool) -> Format:
    """The format named, or the one whose suffix the file name ends with (longest suffix first)."""
    if given is not None:
        fmt = FORMATS.get(given)
        if fmt is None:
            raise InputError(f"unknown format {given!r}; known: {', '.join(FORMATS)}.")
    else:
        name = path.name.lower()
        matches = sorted(
            ((suffix, f) for f in FORMATS.values() for suffix in f.suffixes if name.endswith(suffix)),
            key=lambda sf: -len(sf[0]),
        )
        if not matches:
            raise InputError(
                f"cannot tell the format of {path.name} from its name; give it with --from/--to ({', '.join(FORMATS)})."
            )
        fmt = matches[0][1]
    if writing and fmt.write is None:
        raise InputError(f"{fmt.name} can be read, not written.")
    if not writing and fmt.read is None:
        raise InputError(f"{fmt.name} can be written, not read.")
    return fmt

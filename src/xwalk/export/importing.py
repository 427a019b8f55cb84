"""Reading a mapping set from any format, all or nothing.

`import_file` reads with the format's reader, checks the result with the build's own reader (for
formats other than the tabular ones, whose reader already is the build's), points every problem
back at the input (file:line, sheet!cell or JSON pointer, never the intermediate SSSOM text),
merges rows that repeat exactly, and says how many rows it had to leave out. The caller writes
nothing while `errors` is not empty (unless asked to keep the good rows, in a separate file).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from xwalk.build.sssom import read_mapping_set, read_mapping_text
from xwalk.build.sssom_rows import Baseline
from xwalk.build.sssom_write import baseline_of, write_mapping_set
from xwalk.errors import Problem
from xwalk.export.base import Format, Imported, ImportOptions
from xwalk.model.catalog import Catalogs
from xwalk.model.mapping import Mapping, MappingSet

TABULAR = ("sssom-tsv", "csv", "xlsx")
# problems of the whole file (header, columns), not of a row
SET_RULES = frozenset(
    {
        "missing-column",
        "missing-source-column",
        "standard-sssom",
        "sssom-header",
        "missing-license",
        "missing-creator_id",
        "bad-subject_source",
        "bad-object_source",
        "file-name",
        "missing-mapping_set_id",
        "missing-table",
    }
)


@dataclass
class ImportResult:
    mapping_set: MappingSet | None  # the good rows only; None when the file could not be read at all
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rows_left_out(self) -> int:
        """Rows of the input named by an error (a problem with the header or a column names no row)."""
        return len({(p.line, "" if "!" in p.at else p.at) for p in self.errors if p.rule not in SET_RULES})


def read_baseline(candidates: list[Path]) -> Baseline | None:
    """The first readable SSSOM TSV among `candidates` (the file an import overwrites, the curated set)."""
    for path in candidates:
        if path.is_file() and path.name.endswith(".sssom.tsv"):
            ms = read_mapping_set(path, str(path), None, [], [])
            if ms is not None:
                return baseline_of(ms)
    return None


def import_file(
    path: Path,
    fmt: Format,
    catalogs: Catalogs,
    options: ImportOptions,
    overwrites: Path | None = None,
    curated: Path | None = None,
) -> ImportResult:
    """Read `path`; for a spreadsheet edit the baseline is the file it `overwrites`, else the set of
    the same id in the `curated` folder."""
    assert fmt.read is not None
    imported = fmt.read(path, catalogs, options)
    if fmt.name in TABULAR and imported.mapping_set is not None and options.baseline is None:
        # a spreadsheet edit: read again against the set as it was, so an edited relation carries predicate_id
        candidates = [overwrites] if overwrites is not None else []
        if curated is not None:
            candidates.append(curated / f"{imported.mapping_set.id}.sssom.tsv")
        baseline = read_baseline(candidates)
        if baseline is not None:
            imported = fmt.read(path, catalogs, dataclasses.replace(options, baseline=baseline))
    # the input's own file name need not be the set id (the output's is)
    named = [p for p in imported.problems if p.rule == "file-name"]
    result = ImportResult(
        None,
        [p for p in imported.problems if p.rule != "file-name"],
        named + list(imported.warnings),
        list(imported.notes),
    )
    if imported.mapping_set is None:
        return result
    ms: MappingSet | None = imported.mapping_set
    if fmt.name not in TABULAR:
        ms = _recheck(path, imported, catalogs, result)
    if ms is not None:
        result.mapping_set = _merge_duplicates(ms, path, result)
    return result


def _place(imported: Imported, k: int, column: str) -> tuple[int, str]:
    ms = imported.mapping_set
    assert ms is not None
    if imported.locate is not None:
        return imported.locate(k, column)
    return ms.mappings[k].line, ""


def _recheck(path: Path, imported: Imported, catalogs: Catalogs, result: ImportResult) -> MappingSet | None:
    """The build's rules on what the foreign file said, each problem moved back to its place in the input."""
    ms = imported.mapping_set
    assert ms is not None
    text = write_mapping_set(ms)
    header = sum(1 for line in text.splitlines() if line.startswith("#"))
    later: list[Problem] = []
    warned: list[Problem] = []
    checked = read_mapping_text(text, f"{ms.id}.sssom.tsv", str(path), catalogs, later, warned)
    for group, into in ((later, result.errors), (warned, result.warnings)):
        for p in group:
            k = p.line - header - 2
            if 0 <= k < len(ms.mappings):
                line, at = _place(imported, k, p.column)
                into.append(Problem(str(path), line, p.rule, p.message, p.fix, p.column, at))
            elif p.rule != "file-name":  # the intermediate text has no file name to agree with
                into.append(Problem(str(path), 1, p.rule, p.message, p.fix, p.column))
    if checked is None:
        return None
    # keep the good rows with their places in the input (the re-read numbers lines in the intermediate text)
    good = {(m.subject, m.object, m.relation) for m in checked.mappings}
    return dataclasses.replace(ms, mappings=tuple(m for m in ms.mappings if (m.subject, m.object, m.relation) in good))


def _same(a: Mapping, b: Mapping) -> bool:
    return dataclasses.replace(a, line=0) == dataclasses.replace(b, line=0)


def _merge_duplicates(ms: MappingSet, path: Path, result: ImportResult) -> MappingSet:
    """Rows that repeat another exactly are merged (a note says where); rows with the same subject,
    object and relation that differ elsewhere are an error (which of the two is meant?)."""
    first: dict[tuple[object, ...], Mapping] = {}
    kept: list[Mapping] = []
    for m in ms.mappings:
        key = (m.subject, m.object, m.relation)
        other = first.get(key)
        if other is None:
            first[key] = m
            kept.append(m)
        elif _same(m, other):
            result.notes.append(f"{path}:{m.line} repeats line {other.line} exactly: merged into one mapping.")
        else:
            result.errors.append(
                Problem(
                    str(path),
                    m.line,
                    "duplicate-row",
                    f"{m.subject} {m.relation.value} {m.object} repeats line {other.line} with other values.",
                    "keep one of the two rows.",
                )
            )
    return dataclasses.replace(ms, mappings=tuple(kept))

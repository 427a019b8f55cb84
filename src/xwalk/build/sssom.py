"""SSSOM TSV mapping sets: read them into the model (with line numbers) and write them back."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from xwalk import vocab
from xwalk.build.sssom_rows import PROJECT_COLUMNS, Baseline, RowDefaults, reconcile
from xwalk.errors import Problem, SourceErrors
from xwalk.model.catalog import Catalogs
from xwalk.model.ids import ProvisionId, parse_mapping_end
from xwalk.model.mapping import RATIONALES, STATUSES, Mapping, MappingSet
from xwalk.model.relation import Relation

COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "relation",
    "strength",
    "rationale",
    "status",
    "author_id",
    "reviewer_id",
    "review_date",
    "source",
    "comment",
)
# SSSOM's own required columns; the project's (relation, strength, rationale, status, source) may be
# missing in a standard SSSOM file, which is then read with defaults (sssom_rows.py).
STANDARD_REQUIRED = ("subject_id", "predicate_id", "object_id", "mapping_justification")
REQUIRED = STANDARD_REQUIRED + PROJECT_COLUMNS
LINKML = "https://w3id.org/linkml/"
SKOS_CURIE = {r: "skos:" + r.skos_predicate.rsplit("#", 1)[1] for r in Relation}
# Header key of a set that transcribes a document's claims as cited, mistakes included.
CITATION_KEY = "xw_citation_as_published"
CITATION_TOLERATED = frozenset({"unknown-identifier", "title-mismatch"})
# The project's columns that SSSOM does not define, declared so SSSOM tools keep them
# (SSSOM 1.1 extension slots: a name no standard slot has, a property IRI in the xw namespace).
EXTENSIONS: dict[str, tuple[str, str]] = {
    "relation": ("xw:relation", "linkml:string"),
    "strength": ("xw:strength", "linkml:integer"),
    "rationale": ("xw:rationale", "linkml:string"),
    "status": ("xw:status", "linkml:string"),
    "source": ("xw:mappingSource", "linkml:string"),
}
# Set-level extension slots (header keys).
SET_EXTENSIONS: dict[str, tuple[str, str]] = {
    "mirror_of": ("xw:mirrorOf", "linkml:string"),
    CITATION_KEY: ("xw:citationAsPublished", "linkml:boolean"),
}
# Prefixes for the entity references SSSOM TSV wants as CURIEs (creator_id, author_id, reviewer_id,
# subject_source, object_source): the longest matching namespace wins when an IRI is shortened.
AGENT_PREFIXES: dict[str, str] = {
    "fw": vocab.FW,
    "xwalk": vocab.BASE,
    "orcid": "https://orcid.org/",
    "wikidata": "http://www.wikidata.org/entity/",
    "ror": "https://ror.org/",
}
SSSOM_VERSION = "1.1"


def compress_ref(iri: str, prefixes: dict[str, str]) -> str:
    """An IRI as a CURIE with the longest matching namespace of `prefixes`; anything else unchanged."""
    best = ""
    for prefix, base in prefixes.items():
        if iri.startswith(base) and len(iri) > len(base) and len(base) > len(prefixes.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(prefixes[best]) :]}" if best else iri


def expand_ref(text: str, curie_map: dict[str, str]) -> str:
    """A CURIE of the header's curie_map (or of the agent prefixes) as an IRI; IRIs and other text unchanged."""
    if text.startswith(("http://", "https://", "urn:")):
        return text
    prefix, sep, local = text.partition(":")
    if sep:
        for table in (curie_map, AGENT_PREFIXES, vocab.PREFIXES):
            if prefix in table:
                return str(table[prefix]) + local
    return text


def set_id_from_iri(iri: str) -> str:
    if iri.startswith(vocab.MAPPINGS):
        return iri[len(vocab.MAPPINGS) :]
    # a foreign set's id is often its file's address: `.../examples/curie_map.sssom.tsv`
    return iri.rstrip("/").rsplit("/", 1)[-1].removesuffix(".sssom.tsv")


def _split(text: str) -> tuple[list[str], list[str], int]:
    header, body, header_lines = [], [], 0
    in_header = True
    for raw in text.splitlines():
        if in_header and raw.startswith("#"):
            header.append(raw[1:].rstrip("\t"))  # a spreadsheet program pads every line with tabs
            header_lines += 1
        else:
            in_header = False
            body.append(raw)
    return header, body, header_lines


def _framework_of_ids(rows: list[list[str]], columns: list[str], column: str, curie_map: dict[str, str]) -> str | None:
    """The one framework of the project that every id in `column` belongs to, if there is one."""
    if column not in columns:
        return None
    i = columns.index(column)
    found = set()
    for row in rows[1:]:
        if i < len(row) and row[i].strip():
            pid = parse_mapping_end(expand_ref(row[i].strip(), curie_map))
            found.add(pid.framework if pid is not None else None)
    return next(iter(found)) if len(found) == 1 else None


def _framework_of(iri: Any) -> str | None:
    if isinstance(iri, str) and iri.startswith(vocab.FW):
        fw = iri[len(vocab.FW) :]
        return fw if fw in vocab.FRAMEWORK_PREFIXES else None
    return None


def read_mapping_set(
    path: Path,
    display: str,
    catalogs: Catalogs | None,
    problems: list[Problem],
    warnings: list[Problem] | None = None,
    *,
    notices: list[Problem] | None = None,
) -> MappingSet | None:
    """Parse one SSSOM TSV file; every defect goes into `problems` with its line.

    With `warnings` given (the build), a set whose header says `xw_citation_as_published: true`
    is read leniently: its unknown identifiers and disagreeing titles go to `warnings` (the rows
    with unknown identifiers are skipped), because such a set records what a document claims,
    mistakes included. Without `warnings` (`xwalk check`) they stay errors. `notices` (`xwalk
    check`) takes what a standard SSSOM file lacks of the project's columns: a warning, since an
    import fills them from its flags; its identifiers are still checked and still errors.
    """
    text = path.read_text(encoding="utf-8")
    return read_mapping_text(text, path.name, display, catalogs, problems, warnings, notices=notices)


def read_mapping_text(
    text: str,
    file_name: str,
    display: str,
    catalogs: Catalogs | None,
    problems: list[Problem],
    warnings: list[Problem] | None = None,
    *,
    defaults: RowDefaults | None = None,
    baseline: Baseline | None = None,
    notes: list[str] | None = None,
    notices: list[Problem] | None = None,
) -> MappingSet | None:
    """`read_mapping_set` on text already read (spreadsheet imports build SSSOM TSV in memory).

    An import passes `defaults` (values for the project's columns a standard SSSOM file lacks; the
    vocabulary is then read case-insensitively) and may pass `baseline`, the set as it was before a
    spreadsheet edit, so a changed relation or predicate_id carries the other along (`notes` say so).
    """
    header, body, header_lines = _split(text)
    lenient = False

    def problem(line: int, rule: str, message: str, fix: str, column: str = "") -> None:
        into = warnings if lenient and warnings is not None and rule in CITATION_TOLERATED else problems
        into.append(Problem(display, line, rule, message, fix, column))

    try:
        meta = yaml.safe_load("\n".join(header)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem(
            (mark.line + 1) if mark else 1,
            "sssom-header",
            f"the # header is not valid YAML: {exc}.",
            "fix the YAML in the '#' lines.",
        )
        return None
    if not isinstance(meta, dict):
        problem(1, "sssom-header", "the # header must be a YAML mapping.", "see docs/formats.md.")
        return None
    set_iri = meta.get("mapping_set_id")
    if not set_iri:
        problem(
            1,
            "missing-mapping_set_id",
            "the header has no mapping_set_id.",
            f"add '#mapping_set_id: {vocab.MAPPINGS}{file_name.removesuffix('.sssom.tsv')}'.",
        )
        return None
    set_id = set_id_from_iri(str(set_iri))
    if file_name.endswith(".sssom.tsv") and file_name != f"{set_id}.sssom.tsv":
        problem(
            1,
            "file-name",
            f"mapping_set_id ends in {set_id!r} but the file is {file_name}.",
            f"rename the file to {set_id}.sssom.tsv or fix mapping_set_id.",
        )
    citation = meta.get(CITATION_KEY) is True
    lenient = citation
    for key, fix in (
        ("license", "add '#license: <licence IRI>', e.g. CC BY 4.0."),
        ("creator_id", "add '#creator_id:' with at least one creator IRI."),
    ):
        if not meta.get(key):
            problem(_header_line(header, key), f"missing-{key}", f"the header has no {key}.", fix)
    raw_map = meta.get("curie_map")
    curie_map: dict[str, str] = {str(k): str(v) for k, v in raw_map.items()} if isinstance(raw_map, dict) else {}
    rows = list(csv.reader(body, delimiter="\t"))
    if not rows:
        problem(
            header_lines + 1,
            "missing-table",
            "no column header row after the # header.",
            "add the tab-separated column names (docs/formats.md).",
        )
        return None
    columns = [c.strip() for c in rows[0]]
    while columns and not columns[-1]:  # a spreadsheet pads the header row with empty cells
        columns.pop()
    col_line = header_lines + 1
    told = notices if notices is not None else (warnings if warnings is not None else problems)
    frameworks = []
    for key, id_column in (("subject_source", "subject_id"), ("object_source", "object_id")):
        fw = _framework_of(expand_ref(str(meta.get(key) or ""), curie_map))
        if fw is None and key not in meta:  # optional in SSSOM: the ids' prefixes may say it
            fw = _framework_of_ids(rows, columns, id_column, curie_map)
            if fw is not None:
                told.append(
                    Problem(display, 1, f"inferred-{key}", f"no {key}: read as fw:{fw} from every {id_column}.", "")
                )
        if fw is None:
            problem(
                _header_line(header, key),
                f"bad-{key}",
                f"{key} is {meta.get(key)!r}, not a framework of the project."
                if key in meta
                else f"no {key}, and the {id_column}s are not all of one framework of the project.",
                f"write '#{key}: fw:<framework-id>' (with fw: {vocab.FW} in the curie_map).",
            )
        frameworks.append(fw)
    subj_fw, obj_fw = frameworks
    missing = [name for name in REQUIRED if name not in columns]
    foreign = all(name in missing for name in PROJECT_COLUMNS)
    for name in missing:
        if name in STANDARD_REQUIRED or not (foreign or defaults is not None):
            problem(col_line, "missing-column", f"the table has no {name} column.", f"add a {name} column.", name)
    if any(name in STANDARD_REQUIRED for name in missing) or (missing and not (foreign or defaults is not None)):
        return None
    fill = defaults or RowDefaults()
    for name in missing:
        if name == "source" and not fill.source and notices is None:
            problems.append(
                Problem(
                    display,
                    col_line,
                    "missing-source-column",
                    "the table has no source column and no source was given: a mapping without a source is not data.",
                    "add a source column, or give --source <id in crosswalks/sources.yaml>.",
                    "source",
                )
            )
            continue
        value = "read from predicate_id and predicate_modifier" if name == "relation" else repr(getattr(fill, name))
        if name == "source" and not fill.source:
            value = "none: a mapping without a source is not data; an import needs --source"
        told.append(
            Problem(
                display,
                col_line,
                "standard-sssom",
                f"no {name} column (a standard SSSOM file): {name} {value}.",
                f"review the rows, or add a {name} column.",
                name,
            )
        )
    mode = _Mode(
        {n: ("" if n == "relation" else str(getattr(fill, n))) for n in missing},
        defaults is not None,
        baseline,
        notes,
        notices is not None,
    )
    mappings: list[Mapping] = []
    for offset, row in enumerate(rows[1:], start=1):
        line = col_line + offset
        if not any(cell.strip() for cell in row):
            continue
        while len(row) > len(columns) and not row[-1].strip():  # padded by a spreadsheet program
            row = row[:-1]
        if len(row) != len(columns):
            problem(
                line,
                "column-count",
                f"the row has {len(row)} cells, the header {len(columns)}.",
                "check for a missing or extra tab.",
            )
            continue
        cell = mode.fill | dict(zip(columns, (c.strip() for c in row), strict=True))
        m = _row(cell, line, set_id, subj_fw, obj_fw, curie_map, catalogs, problem, mode)
        if m is not None:
            mappings.append(m)
    if not (subj_fw and obj_fw and meta.get("license")):
        return None
    creators = meta.get("creator_id") or []
    return MappingSet(
        id=set_id,
        title=str(meta.get("mapping_set_title") or set_id),
        licence=str(meta["license"]),
        creators=tuple(expand_ref(str(c), curie_map) for c in (creators if isinstance(creators, list) else [creators])),
        subject_framework=subj_fw,
        object_framework=obj_fw,
        file=display,
        mapping_date=_date(meta.get("mapping_date")),
        description=meta.get("mapping_set_description"),
        mirror_of=meta.get("mirror_of"),
        mappings=tuple(mappings),
        citation_as_published=citation,
    )


def _strict_relation(cell: dict[str, str]) -> tuple[Relation | None, str, str]:
    """The build's rule: the relation column in the vocabulary, and predicate_id saying the same."""
    try:
        relation = Relation(cell["relation"])
    except ValueError:
        return None, f"relation {cell['relation']!r} is not in the vocabulary", ""
    expected = SKOS_CURIE[relation]
    negated = cell.get("predicate_modifier", "") == "Not"
    if cell["predicate_id"] != expected or negated != (relation is Relation.NO_RELATIONSHIP):
        want = (
            f"{expected} with predicate_modifier Not"
            if relation is Relation.NO_RELATIONSHIP
            else f"{expected} and no predicate_modifier"
        )
        return None, f"predicate_id {cell['predicate_id']!r} does not read as {relation.value}", f"write {want}."
    return relation, "", ""


def _header_line(header: list[str], key: str) -> int:
    for i, line in enumerate(header, start=1):
        if line.startswith(key + ":"):
            return i
    return 1


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class _Mode:
    """How rows are read: values for missing columns, and an import's leniency and baseline."""

    fill: dict[str, str]
    importing: bool
    baseline: Baseline | None
    notes: list[str] | None
    checking: bool = False  # `xwalk check` of a standard SSSOM file: rows without a source are still checked


def _row(
    cell: dict[str, str],
    line: int,
    set_id: str,
    subj_fw: str | None,
    obj_fw: str | None,
    curie_map: dict[str, str],
    catalogs: Catalogs | None,
    problem: Any,
    mode: _Mode,
) -> Mapping | None:
    ok = True
    if mode.importing:  # a spreadsheet's "Approved" or "Equal" means the vocabulary term
        for col in ("relation", "rationale", "status"):
            cell[col] = cell[col].lower()
    ids: dict[str, ProvisionId] = {}
    for col, fw in (("subject_id", subj_fw), ("object_id", obj_fw)):
        raw = cell[col]
        expanded = _expand(raw, curie_map)
        pid = parse_mapping_end(expanded) if expanded else None
        if pid is None:
            problem(
                line,
                "bad-identifier",
                f"{col} {raw!r} is not a CURIE or IRI of a project provision or framework.",
                "write it as prefix:local-id, e.g. iso42001:6.1.2 (a whole standard: fw:iso-iec-42001-2023).",
                col,
            )
            ok = False
            continue
        if fw is not None and pid.framework != fw:
            problem(
                line,
                "wrong-framework",
                f"{col} {raw} belongs to {pid.framework}, but this set's {col.split('_')[0]}_source is {fw}.",
                "move the row to the right set or fix the id.",
                col,
            )
            ok = False
        elif pid.whole:
            ok = _whole_framework(cell, col, pid, catalogs, line, problem) and ok
        elif catalogs is not None and catalogs.provision(pid.framework, pid.local) is None:
            near = suggest(catalogs, pid)
            hint = f" Closest: {', '.join(near)}." if near else ""
            problem(
                line,
                "unknown-identifier",
                f"{col} {raw} does not exist in {pid.framework}.{hint}",
                "use an identifier from the catalog (xwalk show, or crosswalks/frameworks).",
                col,
            )
            ok = False
        else:
            _check_label(cell, col, pid, catalogs, line, problem)
        ids[col] = pid
    before = None
    if mode.baseline is not None:
        before = mode.baseline.get((cell["subject_id"], cell["object_id"]))
    if mode.importing or not cell["relation"]:
        relation, why = reconcile(cell["relation"], cell["predicate_id"], cell.get("predicate_modifier", ""), before)
        fix = "make relation and predicate_id say the same (docs/formats.md), or edit only one of them."
    else:
        relation, why, fix = _strict_relation(cell)
    if relation is None:
        vocab_error = "vocabulary" in why
        problem(
            line,
            "unknown-relation" if vocab_error else "predicate-mismatch",
            why + ".",
            f"use one of: {', '.join(r.value for r in Relation)}." if vocab_error else fix,
            "relation" if vocab_error else "predicate_id",
        )
        ok = False
    elif why and mode.notes is not None:
        mode.notes.append(f"line {line}: {why}.")
    if relation is not None and relation is not Relation.NO_RELATIONSHIP and any(p.whole for p in ids.values()):
        problem(
            line,
            "whole-framework-relation",
            f"a row against a whole framework says {relation.value}; only no-relationship is read against one.",
            "map the provision that meets it instead, or say no-relationship (no provision of it meets this).",
            "relation",
        )
        ok = False
    strength = _int(cell["strength"])
    if strength is None or not 0 <= strength <= 10:
        problem(
            line,
            "strength-range",
            f"strength {cell['strength']!r} is not an integer from 0 to 10.",
            "use 0-10 (NIST OLIR strength of relationship).",
            "strength",
        )
        ok = False
    elif relation is Relation.NO_RELATIONSHIP and strength > 0:
        problem(
            line,
            "strength-on-no-relationship",
            f"strength {strength} on a no-relationship mapping.",
            "set strength to 0: there is nothing to be strong about.",
            "strength",
        )
        ok = False
    confidence = None
    if cell.get("confidence"):
        try:
            confidence = float(cell["confidence"])
        except ValueError:
            confidence = -1.0
        if not 0.0 <= confidence <= 1.0:
            problem(
                line,
                "confidence-range",
                f"confidence {cell['confidence']!r} is not between 0 and 1.",
                "use a number from 0 to 1.",
                "confidence",
            )
            ok = False
    for col, allowed in (("rationale", RATIONALES), ("status", STATUSES)):
        if cell[col] not in allowed:
            problem(
                line,
                f"unknown-{col}",
                f"{col} {cell[col]!r} is not allowed.",
                f"use one of: {', '.join(allowed)}.",
                col,
            )
            ok = False
    if not cell["source"]:
        if "source" in mode.fill:  # no source column: reported once, at the column header
            if not mode.checking:
                return None
        else:
            problem(
                line,
                "missing-source",
                "the mapping has no source: a mapping without a source is not data.",
                "name the document that supports it (an id from crosswalks/sources.yaml).",
                "source",
            )
            ok = False
    elif catalogs is not None and catalogs.sources and cell["source"] not in catalogs.sources:
        problem(
            line,
            "unknown-source",
            f"source {cell['source']!r} is not in crosswalks/sources.yaml.",
            "add it there or fix the id.",
            "source",
        )
        ok = False
    review_date = _date(cell.get("review_date"))
    if cell.get("review_date") and review_date is None:
        problem(
            line,
            "bad-review_date",
            f"review_date {cell['review_date']!r} is not a date.",
            "write YYYY-MM-DD.",
            "review_date",
        )
        ok = False
    if not ok or relation is None or strength is None:
        return None
    return Mapping(
        set_id=set_id,
        subject=ids["subject_id"],
        object=ids["object_id"],
        relation=relation,
        strength=strength,
        rationale=cell["rationale"],
        status=cell["status"],
        source=cell["source"],
        justification=cell["mapping_justification"],
        line=line,
        confidence=confidence,
        subject_label=cell.get("subject_label") or None,
        object_label=cell.get("object_label") or None,
        author=expand_ref(cell["author_id"], curie_map) if cell.get("author_id") else None,
        reviewer=expand_ref(cell["reviewer_id"], curie_map) if cell.get("reviewer_id") else None,
        review_date=review_date,
        comment=cell.get("comment") or None,
    )


def _whole_framework(
    cell: dict[str, str], col: str, pid: ProvisionId, catalogs: Catalogs | None, line: int, problem: Any
) -> bool:
    """A row against a whole framework (`fw:ID`): the framework's catalog must be there, and a cited
    label is its title."""
    if catalogs is None:
        return True
    fw = catalogs.frameworks.get(pid.framework)
    if fw is None:
        problem(line, "unknown-identifier", f"{col} {pid.curie}: no catalog of {pid.framework}.", "add it.", col)
        return False
    label_col = col.replace("_id", "_label")
    cited = cell.get(label_col, "")
    if cited and _norm(cited) != _norm(fw.title):
        problem(
            line,
            "title-mismatch",
            f"{label_col} {cited!r} is not the title of {pid.curie}, which is {fw.title!r}.",
            f"write {fw.title!r}, or leave {label_col} empty.",
            label_col,
        )
    return True


def _norm(title: str) -> str:
    return " ".join(title.split()).casefold()


def _check_label(
    cell: dict[str, str], col: str, pid: ProvisionId, catalogs: Catalogs | None, line: int, problem: Any
) -> None:
    """A cited title (subject_label / object_label) must be the catalog's, case and spacing aside."""
    label_col = col.replace("_id", "_label")
    cited = cell.get(label_col, "")
    if not cited or catalogs is None:
        return
    provision = catalogs.provision(pid.framework, pid.local)
    if provision is not None and _norm(cited) != _norm(provision.title):
        problem(
            line,
            "title-mismatch",
            f"{label_col} {cited!r} is not the catalog title of {pid.curie}, which is {provision.title!r}.",
            f"write {provision.title!r}, or leave {label_col} empty (exports fill it from the catalog).",
            label_col,
        )


def _expand(raw: str, curie_map: dict[str, str]) -> str | None:
    prefix, sep, local = raw.partition(":")
    if sep and prefix in curie_map and not raw.startswith("http"):
        return str(curie_map[prefix]) + local
    return raw


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def suggest(catalogs: Catalogs, pid: ProvisionId, limit: int = 3) -> list[str]:
    """The closest real identifiers of the same framework, by edit similarity."""
    import difflib

    fw = catalogs.frameworks.get(pid.framework)
    if fw is None:
        return []
    local_ids = [p.local_id for p in fw.provisions]
    near = difflib.get_close_matches(pid.local, local_ids, n=limit, cutoff=0.5)
    return [ProvisionId(pid.framework, n).curie for n in near]


def read_mapping_sets(
    root: Path,
    catalogs: Catalogs | None,
    files: Iterable[Path] | None = None,
    warnings: list[Problem] | None = None,
) -> list[MappingSet]:
    problems: list[Problem] = []
    sets: list[MappingSet] = []
    paths = sorted(files) if files is not None else sorted((root / "crosswalks" / "mappings").glob("*.sssom.tsv"))
    for path in paths:
        display = _display(path, root)
        ms = read_mapping_set(path, display, catalogs, problems, warnings)
        if ms is not None:
            sets.append(ms)
    if problems:
        raise SourceErrors(problems)
    return sets


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def write_mapping_set(ms: MappingSet) -> str:
    """SSSOM TSV text of a set (kept here for callers; the writer lives in build/sssom_write.py)."""
    from xwalk.build.sssom_write import write_mapping_set as write

    return write(ms)

"""`xwalk check`: every problem in a set of mapping files, in one run, each with file:line and a fix.

Row rules (identifiers, titles, vocabularies, ranges, sources) live in build/sssom.py and run as
each file is read. This module adds what needs several rows or several sets at once: duplicate
and contradictory rows, mirror sets that disagree with their pair, and curated mappings that a
chain of other curated mappings contradicts (docs/architecture.md §6).

Files named on the command line are checked; the other curated sets (the "context") are read
too, because a contradiction needs both sides, but only problems in the checked files are
reported. Sets that transcribe a document as published, and deprecated or disputed rows, make
no claims of their own, so they take no part in the contradiction and derivation rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from xwalk import vocab
from xwalk.build.catalogs import read_catalogs
from xwalk.build.sssom import read_mapping_set
from xwalk.errors import Problem
from xwalk.model.catalog import Catalogs
from xwalk.model.chains import Edge, index, walk
from xwalk.model.chains import Path as Chain
from xwalk.model.mapping import Mapping, MappingSet
from xwalk.model.relation import Relation

CHAIN_DEPTH = 3
INACTIVE = frozenset({"deprecated", "disputed"})


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    # what a standard SSSOM file lacks of the project's columns: not errors, an import fills them
    warnings: list[Problem] = field(default_factory=list)
    files: int = 0
    mappings: int = 0
    # what was read, for the checks that need the engine (cli/check.py: contradictions between chains)
    catalogs: Catalogs | None = None
    checked: list[MappingSet] = field(default_factory=list)
    context: list[MappingSet] = field(default_factory=list)


def display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def curated_files(root: Path) -> list[Path]:
    return sorted((root / "crosswalks" / "mappings").glob("*.sssom.tsv"))


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, directories as the *.sssom.tsv files in them."""
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(p.glob("*.sssom.tsv")) if p.is_dir() else [p])
    return out


def check(root: Path, files: list[Path], context: list[Path] | None = None) -> CheckResult:
    """Check `files` (default: every curated set) against the catalogs and the `context` sets."""
    catalogs = read_catalogs(root)
    files = expand_paths(files) if files else curated_files(root)
    checked_keys = {p.resolve() for p in files}
    context_files = [
        p
        for p in expand_paths(context if context is not None else [root / "crosswalks" / "mappings"])
        if p.resolve() not in checked_keys
    ]
    result = CheckResult(files=len(files))
    checked: list[MappingSet] = []
    for path in files:
        ms = read_mapping_set(path, display(path, root), catalogs, result.problems, notices=result.warnings)
        if ms is not None:
            checked.append(ms)
            result.mappings += len(ms.mappings)
    others: list[MappingSet] = []
    for path in context_files:
        ms = read_mapping_set(path, display(path, root), catalogs, [])  # reported when checked themselves
        if ms is not None:
            others.append(ms)
    every = checked + others
    result.catalogs, result.checked, result.context = catalogs, checked, others
    for ms in checked:
        result.problems.extend(_within_set(ms))
    result.problems.extend(_across_sets(checked, every))
    result.problems.extend(_mirrors(checked, every, root))
    result.problems.extend(_derivations(checked, every))
    result.problems.sort(key=lambda p: (p.file, p.line, p.rule, p.message))
    result.warnings.sort(key=lambda p: (p.file, p.line, p.rule, p.message))
    return result


def _claims(ms: MappingSet) -> list[Mapping]:
    return [] if ms.citation_as_published else [m for m in ms.mappings if m.status not in INACTIVE]


def _say(m: Mapping) -> str:
    return f"{m.subject} {m.relation.value} {m.object}"


def _within_set(ms: MappingSet) -> list[Problem]:
    out: list[Problem] = []
    first: dict[tuple[str, str, str], Mapping] = {}
    by_pair: dict[tuple[str, str], Mapping] = {}
    for m in ms.mappings:
        key = (m.subject.iri, m.object.iri, m.relation.value)
        if key in first:
            out.append(
                Problem(
                    ms.file,
                    m.line,
                    "duplicate-row",
                    f"{_say(m)} repeats line {first[key].line}.",
                    "delete one of the two rows.",
                )
            )
            continue
        first[key] = m
        pair = (m.subject.iri, m.object.iri)
        other = by_pair.get(pair)
        if other is not None and m.status not in INACTIVE and other.status not in INACTIVE:
            out.append(
                Problem(
                    ms.file,
                    m.line,
                    "contradictory-rows",
                    f"{_say(m)} contradicts line {other.line}, which says {other.relation.value} for the same pair.",
                    "keep the one relation the sources support; mark the other deprecated or disputed.",
                )
            )
        by_pair.setdefault(pair, m)
    return out


def _partners(a: MappingSet, b: MappingSet) -> bool:
    return a.mirror_of == b.id or b.mirror_of == a.id


def _across_sets(checked: list[MappingSet], every: list[MappingSet]) -> list[Problem]:
    """The same pair in two sets with different relations, or a pair and its reverse whose
    relations are not inverses (mirror partners are left to the mirror rule)."""
    claims: dict[tuple[str, str], list[tuple[MappingSet, Mapping]]] = defaultdict(list)
    for ms in every:
        for m in _claims(ms):
            claims[(m.subject.iri, m.object.iri)].append((ms, m))
    out: list[Problem] = []
    for ms in checked:
        for m in _claims(ms):
            for other_set, o in claims.get((m.subject.iri, m.object.iri), []):
                if other_set.id != ms.id and o.relation is not m.relation:
                    out.append(
                        Problem(
                            ms.file,
                            m.line,
                            "contradictory-rows",
                            f"{_say(m)} contradicts {other_set.file}:{o.line}, which says {o.relation.value}.",
                            "agree on one relation; mark the weaker claim deprecated or disputed.",
                        )
                    )
            for other_set, o in claims.get((m.object.iri, m.subject.iri), []):
                if other_set.id != ms.id and not _partners(ms, other_set) and o.relation is not m.relation.inverse:
                    out.append(
                        Problem(
                            ms.file,
                            m.line,
                            "contradictory-rows",
                            f"{_say(m)} contradicts {other_set.file}:{o.line}, which says {_say(o)}; "
                            f"read backwards that would be {o.relation.inverse.value}.",
                            "agree on one relation; mark the weaker claim deprecated or disputed.",
                        )
                    )
    return out


def _header_line(file: str, root: Path, key: str) -> int:
    path = Path(file) if Path(file).is_absolute() else root / file
    try:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith(f"#{key}:"):
                return i
    except OSError:
        pass
    return 1


def _mirrors(checked: list[MappingSet], every: list[MappingSet], root: Path) -> list[Problem]:
    by_id = {ms.id: ms for ms in every}
    out: list[Problem] = []
    for ms in checked:
        partner = by_id.get(ms.mirror_of) if ms.mirror_of else None
        if ms.mirror_of and partner is None:
            out.append(
                Problem(
                    ms.file,
                    _header_line(ms.file, root, "mirror_of"),
                    "unknown-mirror",
                    f"mirror_of names {ms.mirror_of!r}, which is not a mapping set here.",
                    "write the mapping_set_id ending of the set this one mirrors, or remove mirror_of.",
                )
            )
        if partner is None:
            partner = next((o for o in every if o.mirror_of == ms.id and o.id != ms.id), None)
        if partner is None:
            continue
        back = {(m.subject.iri, m.object.iri): m for m in partner.mappings}
        for m in ms.mappings:
            o = back.get((m.object.iri, m.subject.iri))
            if o is None:
                out.append(
                    Problem(
                        ms.file,
                        m.line,
                        "mirror-missing",
                        f"{_say(m)} has no counterpart in {partner.id}, the mirror pair of this set.",
                        f"add {m.object} {m.relation.inverse.value} {m.subject} to {partner.file}, or delete this row.",
                    )
                )
            elif o.relation.inverse is not m.relation:
                out.append(
                    Problem(
                        ms.file,
                        m.line,
                        "mirror-disagrees",
                        f"{_say(m)} disagrees with {partner.file}:{o.line}, which says {_say(o)}; "
                        f"a mirror carries the inverse, {m.subject} {o.relation.inverse.value} {m.object}.",
                        f"write {o.relation.inverse.value} here, or correct {partner.file}:{o.line}.",
                    )
                )
    return out


def edge_of(ms: MappingSet, m: Mapping) -> Edge:
    return Edge(
        f"{vocab.mapping_set_iri(ms.id)}/{m.key}",
        m.subject.iri,
        m.object.iri,
        m.relation,
        m.strength,
        m.source,
        ms.id,
        m.status,
    )


def _derivations(checked: list[MappingSet], every: list[MappingSet]) -> list[Problem]:
    """A curated S r O that a chain of 2-3 other curated mappings from S to O rules out."""
    where: dict[str, tuple[MappingSet, Mapping]] = {}
    edges: list[Edge] = []
    for ms in every:
        for m in _claims(ms):
            e = edge_of(ms, m)
            where[e.id] = (ms, m)
            edges.append(e)
    adjacency = index(edges)
    walks: dict[str, list[Chain]] = {}
    out: list[Problem] = []
    for ms in checked:
        for m in _claims(ms):
            own = edge_of(ms, m).id
            paths = walks.setdefault(m.subject.iri, walk(adjacency, m.subject.iri, CHAIN_DEPTH))
            for path in paths:
                if path.end != m.object.iri or len(path.hops) < 2 or own in {e.id for e in path.edges}:
                    continue
                if m.relation in path.relations:
                    continue
                out.append(
                    Problem(
                        ms.file,
                        m.line,
                        "contradicts-derivation",
                        f"{_say(m)} contradicts the chain {_chain_text(path, where)}, which allows only "
                        f"{_set_text(path.relations)}.",
                        "check this relation and each link of the chain: one of them is wrong.",
                    )
                )
                break
    return out


def _chain_text(path: Chain, where: dict[str, tuple[MappingSet, Mapping]]) -> str:
    parts = [
        str(where[path.hops[0].edge.id][1].subject if path.hops[0].forward else where[path.hops[0].edge.id][1].object)
    ]
    cites = []
    for hop in path.hops:
        ms, m = where[hop.edge.id]
        end = m.object if hop.forward else m.subject
        parts.append(f"{hop.relation.value} {end}")
        cites.append(f"{ms.file}:{m.line}")
    return f"{' '.join(parts)} ({', '.join(cites)})"


def _set_text(relations: frozenset[Relation]) -> str:
    return "{" + ", ".join(sorted(r.value for r in relations)) + "}"

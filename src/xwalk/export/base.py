"""What every interchange format shares: the registry entry, what a write returns (bytes and a
loss report), what a read returns (a mapping set, its problems and notes), and the options an
import needs when the foreign format lacks the project's required metadata."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xwalk import vocab
from xwalk.build.sssom_rows import Baseline, RowDefaults
from xwalk.errors import Problem
from xwalk.model.catalog import Catalogs
from xwalk.model.ids import ProvisionId, parse_curie
from xwalk.model.mapping import Mapping, MappingSet

# Namespace of the project's own props and extension fields in foreign formats.
XW_NS = "https://w3id.org/xwalk/ns/interchange"
SEMAPV_MANUAL = "semapv:ManualMappingCuration"


@dataclass(frozen=True)
class Written:
    data: bytes
    losses: tuple[str, ...] = ()


# Where mapping number k (0-based, in mapping_set.mappings) came from in the input, for a column:
# (line, at), `at` being a sheet cell or JSON pointer when a line does not say it.
Locate = Callable[[int, str], tuple[int, str]]


@dataclass
class Imported:
    """What a reader found. `problems` are errors (an import writes nothing while there is one);
    `warnings` do not stop it; `locate` points a re-check of the result back into the input."""

    mapping_set: MappingSet | None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    locate: Locate | None = None


@dataclass(frozen=True)
class ImportOptions:
    """Metadata to use where the foreign file has none (never overriding what it has)."""

    set_id: str | None = None
    title: str | None = None
    licence: str = ""
    creators: tuple[str, ...] = ()
    source: str | None = None
    status: str = "draft"
    subject_framework: str | None = None
    object_framework: str | None = None
    default_strength: int = 5
    pick: str | None = None
    # OLIR: the strength of a subset/superset/intersects row whose strength is "N/A" (None: an error)
    na_strength: int | None = None
    # the set as it was before a spreadsheet edit: (subject, object) -> (relation, predicate_id, modifier)
    baseline: Baseline | None = None

    def row_defaults(self) -> RowDefaults:
        return RowDefaults(strength=self.default_strength, status=self.status, source=self.source or "")


Writer = Callable[[MappingSet, Catalogs], Written]
Reader = Callable[[Path, Catalogs, ImportOptions], Imported]


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    suffixes: tuple[str, ...]
    write: Writer | None = None
    read: Reader | None = None


def mapping_iri(ms: MappingSet, m: Mapping) -> str:
    return f"{vocab.mapping_set_iri(ms.id)}/{m.key}"


def stable_uuid(iri: str) -> str:
    """A UUID that is the same on every export of the same thing (uuid5 of its IRI)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, iri))


def title_of(catalogs: Catalogs, pid: ProvisionId) -> str:
    if pid.whole:
        fw = catalogs.frameworks.get(pid.framework)
        return fw.title if fw is not None else ""
    p = catalogs.provision(pid.framework, pid.local)
    return p.title if p is not None else ""


def split_whole(ms: MappingSet, fmt: str) -> tuple[list[Mapping], tuple[str, ...]]:
    """The rows a format with no name for a whole framework can carry, and the loss line for the others
    (a no-relationship against a whole standard, `fw:ID`)."""
    kept = [m for m in ms.mappings if not (m.subject.whole or m.object.whole)]
    gone = [f"{m.subject} -> {m.object}" for m in ms.mappings if m.subject.whole or m.object.whole]
    if not gone:
        return kept, ()
    return kept, (
        f"{len(gone)} mapping(s) against a whole framework left out: {fmt} names no node for a whole "
        f"catalog: {', '.join(gone[:10])}{' ...' if len(gone) > 10 else ''}",
    )


def resolve_id(text: str, framework: str | None) -> ProvisionId | None:
    """A CURIE or provision IRI, or a bare local id of `framework`."""
    text = text.strip()
    pid = parse_curie(text)
    if pid is not None:
        return pid
    if framework and text:
        return ProvisionId(framework, text)
    return None


def framework_from(value: object) -> str | None:
    """A framework IRI, id or CURIE prefix of the project."""
    text = str(value or "").strip().rstrip("/")
    if text.startswith(vocab.FW):
        text = text[len(vocab.FW) :]
    if text in vocab.FRAMEWORK_PREFIXES:
        return text
    return vocab.PREFIX_FRAMEWORKS.get(text)


def date_of(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None

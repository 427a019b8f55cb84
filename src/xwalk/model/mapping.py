"""Mappings and mapping sets as read from SSSOM TSV."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from xwalk.model.ids import ProvisionId
from xwalk.model.relation import Relation

STATUSES = ("draft", "reviewed", "approved", "disputed", "deprecated")
RATIONALES = ("syntactic", "semantic", "functional")
# Ordering for `--min-status`: deprecated and disputed never pass a threshold above draft.
STATUS_RANK = {"deprecated": -2, "disputed": -1, "draft": 0, "reviewed": 1, "approved": 2}


@dataclass(frozen=True)
class Mapping:
    set_id: str
    subject: ProvisionId
    object: ProvisionId
    relation: Relation
    strength: int
    rationale: str
    status: str
    source: str
    justification: str
    line: int
    confidence: float | None = None
    subject_label: str | None = None
    object_label: str | None = None
    author: str | None = None
    reviewer: str | None = None
    review_date: dt.date | None = None
    comment: str | None = None

    @property
    def key(self) -> str:
        raw = f"{self.subject.iri} {self.object.iri} {self.relation.value}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class MappingSet:
    id: str
    title: str
    licence: str
    creators: tuple[str, ...]
    subject_framework: str
    object_framework: str
    file: str
    mapping_date: dt.date | None = None
    description: str | None = None
    mirror_of: str | None = None
    mappings: tuple[Mapping, ...] = field(default_factory=tuple)
    # The set transcribes a document's claims exactly as cited, mistakes included (docs/formats.md).
    citation_as_published: bool = False

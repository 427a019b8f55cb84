"""The gap report's shape (layer 0): what engine.gaps answers and engine.report renders.

Kept apart from the engine so that modules building on the report (classification, conformance,
evidence reuse) extend plain dataclasses instead of reaching into the analysis.

A requirement's `status` is one of STATUSES: `met` (implemented directly), one of the five verdicts of the
crosswalk on what the organisation implements (model.relation.Verdict), `excluded` (statement of
applicability) or `not-yet-applicable` (applies after the as-of day; `verdict` still says what it would be).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xwalk.model.relation import MEANING, VERDICTS, Verdict
from xwalk.model.results import Witness

STATUSES: tuple[str, ...] = ("met", *VERDICTS, "excluded", "not-yet-applicable")
LABELS = {
    "met": "met",
    "covered": "covered through mappings",
    "partial": "partial",
    "not-covered": "not covered",
    "undetermined": "undetermined",
    "unmapped": "unmapped",
    "excluded": "excluded",
    "not-yet-applicable": "not yet applicable",
}
MEANINGS = {
    "met": "implemented directly, with the evidence cited: done",
    **{v.value: MEANING[v] for v in Verdict},
    "covered": "evidence-ready: something implemented covers it through curated mappings (its evidence is "
    "cited); an auditor must confirm it. Not done until then",
    "excluded": "declared out of scope in the statement of applicability, with the justification given",
    "not-yet-applicable": "applies after the as-of day; the verdict says what it would be",
}
REUSE_DEFINITION = (
    "reuse: the share of the framework's applicable requirements (not excluded) that what the organisation "
    "implements of OTHER frameworks covers (or partly covers) through curated mappings; what it implements "
    "of the framework itself does not count"
)


@dataclass(frozen=True)
class EvidenceRef:
    id: str
    type: str
    title: str
    ref: str | None


@dataclass(frozen=True)
class PartBasis:
    """How one part of a requirement is judged, when the verdict rests on its parts (joint coverage)."""

    provision: str
    verdict: str
    by: str | None = None  # the implemented provision its verdict rests on (itself, when implemented)
    relations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Basis:
    kind: str  # implementation | mapping | exclusion | none
    provision: str | None = None  # what the organisation implements that this rests on
    implementation_status: str | None = None
    evidence: list[EvidenceRef] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)  # rel(requirement, implemented provision)
    verdict: str | None = None
    strength: int | None = None
    witnesses: list[Witness] = field(default_factory=list)
    reached: list[str] = field(default_factory=list)  # undetermined: the implemented provisions chains reach
    justification: str | None = None
    parts: list[PartBasis] = field(default_factory=list)  # the parts' verdicts, when the verdict rests on them
    missing: list[str] = field(default_factory=list)  # the parts (as deep as the catalog goes) with no cover


@dataclass(frozen=True)
class GapItem:
    framework: str
    requirement: str
    provision: str
    notation: str
    title: str
    status: str  # one of STATUSES
    verdict: str | None  # the crosswalk's verdict on the implemented set (None when met or excluded)
    basis: Basis
    remains: str
    obligation: str | None = None
    system: str | None = None
    role: str | None = None
    risk_class: str | None = None
    applies_from: str | None = None
    condition: str | None = None  # the obligation is owed only where this holds (the profile does not decide it)


@dataclass(frozen=True)
class Reuse:
    implemented: list[str]  # the other frameworks the organisation implements provisions of
    covered: int
    partial: int
    total: int
    covered_percent: float
    partial_percent: float
    definition: str = REUSE_DEFINITION


@dataclass(frozen=True)
class RollUp:
    """One article (AI Act) or section (a top-level clause, an Annex A theme or objective) of a target: how
    many of its requirements stand where, the verdict on the whole against what is implemented (joint
    coverage included), and which parts have no cover."""

    framework: str
    provision: str
    notation: str
    title: str
    requirements: int
    counts: dict[str, int]  # every status of STATUSES
    verdict: str
    missing: list[str]  # e.g. ["euaia:art-17-1-i"]: parts with no cover
    note: str  # the missing parts in words ("Art. 17(1)(i) has no cover")


@dataclass(frozen=True)
class FrameworkSummary:
    framework: str
    total: int
    counts: dict[str, int]  # every status of STATUSES, zeros included
    applicable: int  # total less excluded and not yet applicable
    met: int  # done: implemented directly
    met_percent: float
    evidence_ready: int  # covered through mappings: to be confirmed, not done
    evidence_ready_percent: float
    reuse: Reuse


@dataclass(frozen=True)
class GapReport:
    organisation: str
    as_of: str
    targets: list[str]
    depth: int
    min_strength: int
    min_status: str
    include_as_published: bool
    mapping_sets: list[str]  # the sets the analysis drew on
    sources: list[str]  # the sources its witnesses cite
    content_hash: str
    profile_hash: str
    meaning: dict[str, str]
    summary: list[FrameworkSummary]
    items: list[GapItem]
    rollup: list[RollUp] = field(default_factory=list)
    systems: list[SystemClasses] = field(default_factory=list)  # every AI system's classes (CLASSES_USED)
    evidence: list[EvidenceUse] = field(default_factory=list)  # every artefact once, with what it serves
    best_artefacts: list[ArtefactRank] = field(default_factory=list)  # the types closing most open ones
    classes_used: str = ""
    open_definition: str = ""


@dataclass(frozen=True)
class ClassBasis:
    """Why a class was derived (or taken back, for a derogation): the rule, the provision it rests on and
    the facts of the profile that triggered it."""

    risk_class: str
    rule: str
    provision: str
    facts: dict[str, Any]
    point: str | None = None


@dataclass(frozen=True)
class OpenRule:
    """A rule the facts do not decide, and the facts it would need."""

    rule: str
    provision: str
    risk_class: str | None
    missing: list[str]
    point: str | None = None


@dataclass(frozen=True)
class SystemClasses:
    """One AI system's risk classes as gap analysis used them (CLASSES_USED says how)."""

    system: str
    name: str
    role: str
    pointer: str  # the system in the profile, as a JSON pointer
    stated: list[str]
    derived: list[str]  # by the classification rules from the system's facts (engine.classify)
    used: list[str]  # what the AI Act requirements of this report are drawn from
    agreement: str  # agrees | differs | open | not-stated
    disagreement: dict[str, list[str]]
    basis: list[ClassBasis]
    derogations: list[ClassBasis]
    undetermined: list[OpenRule]
    note: str


@dataclass(frozen=True)
class Served:
    """A requirement of the report that an artefact (or artefact type) serves."""

    framework: str
    requirement: str
    provision: str
    system: str | None
    status: str
    through: list[str]  # cited (an implementation the verdict rests on cites it) | type (crosswalks/evidence/)


@dataclass(frozen=True)
class EvidenceUse:
    """One evidence artefact of the profile, counted once, with every requirement it serves."""

    id: str
    type: str
    title: str
    ref: str | None
    cited_by: list[str]  # the implemented provisions citing it
    requirements: int  # how many requirements of the report it serves
    serves: list[Served]


@dataclass(frozen=True)
class ArtefactRank:
    """An artefact type and the open requirements whose provision it evidences (OPEN_DEFINITION)."""

    rank: int
    type: str
    closes: int
    held: list[str]  # the profile's artefacts of this type (cite them), [] when it holds none
    requirements: list[Served]


CLASSES_USED = (
    "a system's AI Act requirements are drawn from `used`: the stated classes when the derived ones agree; "
    "the derived classes when none is stated; the union of both when they differ (the disagreement is "
    "shown, never resolved silently; `minimal` is dropped from a union with another class, as it means "
    "no other class). A system that states no class and whose facts decide none is refused with the "
    "facts missing"
)
OPEN_STATUSES = ("partial", "not-covered", "undetermined", "unmapped")
OPEN_DEFINITION = (
    "open: a requirement whose status is partial, not covered, undetermined or unmapped, or not yet "
    "applicable with one of those verdicts. An artefact type closes it when crosswalks/evidence/ says the "
    "type evidences its provision or a provision it is part of; ranked by how many it closes, then by type "
    "id. Evidence is what an assessor asks to see: holding it does not by itself meet the requirement"
)

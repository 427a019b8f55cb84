"""The organisation profile: what a gap analysis is asked about (docs/profile.md).

An organisation states its AI systems (its role for each, their risk class, the Annex III point),
what it has implemented (provision, status, evidence), its statement-of-applicability exclusions,
the frameworks it targets and the day to look at. `parse_profile` checks all of it and reports
every defect by JSON pointer; `profile_hash` is the sha256 of the canonical JSON of the normalised
profile (lists sorted, CURIEs for IRIs), so the same profile read from JSON, Turtle or JSON-LD, or
with its lists in another order, hashes the same.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from xwalk import vocab
from xwalk.errors import InvalidProfile
from xwalk.model.catalog import RiskClass, Role
from xwalk.model.dates import IsoDate
from xwalk.model.ids import parse_curie
from xwalk.model.org import ORGANISATION_FACTS, SYSTEM_FACTS, EvidenceType, OrganisationFacts, Scope, SystemFacts

SCHEMA_ID = "https://w3id.org/xwalk/schemas/profile.json"
IMPLEMENTATION_STATUSES = ("implemented", "partial", "planned")
FrameworkId = Literal[
    "eu-ai-act",
    "iso-iec-42001-2023",
    "iso-iec-27001-2022",
    "iso-iec-27001-2013",
    "gdpr",
    "nist-ai-rmf-1.0",
    "nist-csf-2.0",
]
LOCAL_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


def _provision(value: str) -> str:
    pid = parse_curie(value)
    if pid is None:
        raise ValueError(
            f"{value!r} is not a provision id: write a CURIE such as iso27001:A.5.1 or euaia:art-15-1 "
            f"(prefixes {', '.join(sorted(vocab.PREFIX_FRAMEWORKS))}) or a full IRI"
        )
    return pid.curie


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Organisation(OrganisationFacts):
    name: str = Field(min_length=1, description="The organisation's name.")
    id: str | None = Field(default=None, description="An identifier or IRI of the organisation.")


class AISystem(SystemFacts):
    id: str = Field(pattern=LOCAL_ID, description="A short id, unique in the profile.", examples=["cv-screening"])
    name: str = Field(min_length=1)
    purpose: str | None = Field(default=None, description="What the system is for, in a sentence.")
    role: Role = Field(description="The organisation's role for this system (AI Act Art 3).")
    risk_classes: list[RiskClass] = Field(
        default_factory=list,
        description="The risk classes the organisation says the system falls into; `xwalk classify` derives them "
        "from the facts and reports any disagreement. Gap analysis derives them when none is stated, and uses "
        "both when they differ.",
    )
    annex_iii_point: str | None = Field(
        default=None, description="The AI Act Annex III point of its intended use.", examples=["euaia:annex-iii-4-a"]
    )
    annex_iii_points: list[str] | None = Field(
        default=None,
        description="Every Annex III point its intended purposes fall under; [] states that none does "
        "(absent: not stated). `annex_iii_point` is the one-point form.",
        examples=[["euaia:annex-iii-4-a", "euaia:annex-iii-4-b"]],
    )
    flags: list[str] = Field(default_factory=list, description="Free notes; classification does not read them.")

    @field_validator("risk_classes", mode="before")
    @classmethod
    def _route(cls, value: Any) -> Any:
        if isinstance(value, list) and "high-risk" in value:
            raise ValueError(
                "'high-risk' needs its route: write 'high-risk-annex-i' (a product under Annex I legislation) or "
                "'high-risk-annex-iii' (a use listed in Annex III); their obligations apply from different dates"
            )
        return value

    _point = field_validator("annex_iii_point")(lambda v: _provision(v) if v is not None else None)
    _points = field_validator("annex_iii_points")(lambda v: [_provision(x) for x in v] if v is not None else None)

    def points(self) -> list[str] | None:
        """Every Annex III point stated, from either field; None when neither states anything."""
        if self.annex_iii_point is None and self.annex_iii_points is None:
            return None
        return sorted({*(self.annex_iii_points or []), *([self.annex_iii_point] if self.annex_iii_point else [])})


class Evidence(_Strict):
    id: str = Field(pattern=LOCAL_ID, description="A short id, unique in the profile; implementations cite it.")
    type: EvidenceType = Field(description="A concept of the evidence-type scheme (ontology/vocab/evidence-types.ttl).")
    title: str = Field(min_length=1)
    ref: str | None = Field(default=None, description="Document reference or URL.")


class Implementation(_Strict):
    provision: str = Field(description="CURIE or IRI of the provision implemented.", examples=["iso27001:A.8.25"])
    status: Literal["implemented", "partial", "planned"]
    evidence: list[str] = Field(default_factory=list, description="Ids of entries of `evidence`.")
    note: str | None = None

    _pid = field_validator("provision")(_provision)


class Exclusion(_Strict):
    provision: str = Field(description="CURIE or IRI of the provision declared out of scope.")
    justification: str | None = Field(
        default=None,
        min_length=1,
        description="Why it does not apply (statement of applicability). Gap analysis requires it; "
        "`xwalk validate` reports its absence.",
    )

    _pid = field_validator("provision")(_provision)


class Profile(_Strict):
    """An organisation's AI systems, implemented provisions and exclusions, and what it targets."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, title="xwalk organisation profile")

    organisation: Organisation
    as_of: IsoDate = Field(description="The day to look at: obligations applying later are 'not yet applicable'.")
    targets: list[FrameworkId] = Field(min_length=1, description="Framework ids to measure the organisation against.")
    ai_systems: list[AISystem] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    implementations: list[Implementation] = Field(default_factory=list)
    exclusions: list[Exclusion] = Field(default_factory=list)
    scopes: list[Scope] = Field(
        default_factory=list, description="Management-system scopes and the AI systems in them."
    )


def _pointer(loc: tuple[int | str, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in loc)


def _references(p: Profile, strict: bool) -> list[tuple[str, str]]:
    """Checks across fields: unique ids, one entry per provision, no duplicates; when `strict` (what gap
    analysis needs), also evidence that exists and justified exclusions. Without
    `strict` those are left to the conformance shapes (ontology/shapes/org/), which report them."""
    errors: list[tuple[str, str]] = []

    def unique(items: list[str], where: str, what: str) -> None:
        seen: set[str] = set()
        for i, value in enumerate(items):
            if value in seen:
                errors.append((f"/{where}/{i}", f"{what} {value!r} is listed twice"))
            seen.add(value)

    unique([s.id for s in p.ai_systems], "ai_systems", "AI system id")
    unique([e.id for e in p.evidence], "evidence", "evidence id")
    unique([m.provision for m in p.implementations], "implementations", "implementation of")
    unique([x.provision for x in p.exclusions], "exclusions", "exclusion of")
    unique(list(p.targets), "targets", "target")
    systems = {s.id for s in p.ai_systems}
    for i, scope in enumerate(p.scopes):
        for j, ref in enumerate(scope.ai_systems):
            if ref not in systems:
                errors.append((f"/scopes/{i}/ai_systems/{j}", f"no AI system with id {ref!r} in /ai_systems"))
    for i, s in enumerate(p.ai_systems):
        if s.annex_iii_point is not None and not s.annex_iii_point.startswith("euaia:annex-iii-"):
            errors.append(
                (f"/ai_systems/{i}/annex_iii_point", "must be a point of AI Act Annex III (euaia:annex-iii-…)")
            )
        for j, point in enumerate(s.annex_iii_points or []):
            if not point.startswith("euaia:annex-iii-"):
                errors.append(
                    (f"/ai_systems/{i}/annex_iii_points/{j}", "must be a point of AI Act Annex III (euaia:annex-iii-…)")
                )
    if not strict:
        return errors
    known = {e.id for e in p.evidence}
    for i, m in enumerate(p.implementations):
        for j, ref in enumerate(m.evidence):
            if ref not in known:
                errors.append((f"/implementations/{i}/evidence/{j}", f"no evidence with id {ref!r} in /evidence"))
    for i, x in enumerate(p.exclusions):
        if x.justification is None:
            errors.append((f"/exclusions/{i}/justification", "an exclusion needs its justification"))
    return errors


def parse_profile(data: Any, *, strict: bool = True) -> Profile:
    """A checked profile; InvalidProfile naming every defect by JSON pointer otherwise. `strict` is what
    gap analysis needs; classification and conformance read a profile with `strict=False`."""
    if not isinstance(data, dict):
        raise InvalidProfile([("", "a profile is a JSON object (see GET /api/v1/schemas/profile)")])
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise InvalidProfile([(_pointer(tuple(e["loc"])), e["msg"]) for e in exc.errors()]) from None
    errors = _references(profile, strict)
    if errors:
        raise InvalidProfile(errors)
    return profile  # in the order given, so that later errors can still point into the input


def normalise(p: Profile) -> Profile:
    """Lists in a fixed order, so equal profiles are equal objects and hash the same."""
    return p.model_copy(
        update={
            "targets": sorted(p.targets),
            "ai_systems": sorted(
                (
                    s.model_copy(update={"risk_classes": sorted(set(s.risk_classes)), "flags": sorted(set(s.flags))})
                    for s in p.ai_systems
                ),
                key=lambda s: s.id,
            ),
            "evidence": sorted(p.evidence, key=lambda e: e.id),
            "implementations": sorted(
                (m.model_copy(update={"evidence": sorted(set(m.evidence))}) for m in p.implementations),
                key=lambda m: m.provision,
            ),
            "exclusions": sorted(p.exclusions, key=lambda x: x.provision),
            "scopes": sorted(
                (c.model_copy(update={"ai_systems": sorted(set(c.ai_systems))}) for c in p.scopes),
                key=lambda c: (c.framework, c.statement),
            ),
        }
    )


_OPTIONAL_SYSTEM = {f.key for f in SYSTEM_FACTS} | {"annex_iii_points"}
_OPTIONAL_ORG = {f.key for f in ORGANISATION_FACTS}


def _canonical_system(s: dict[str, Any]) -> dict[str, Any]:
    # One fact, one form: the Annex III points are one list, written as `annex_iii_point` when there is
    # exactly one (the form profiles had before the list existed, so their hashes stay as they were).
    points = sorted({*(s.get("annex_iii_points") or []), *([s["annex_iii_point"]] if s.get("annex_iii_point") else [])})
    stated = s.get("annex_iii_points") is not None or s.get("annex_iii_point") is not None
    s["annex_iii_point"] = points[0] if len(points) == 1 else None
    s["annex_iii_points"] = points if stated and len(points) != 1 else None
    # Facts not stated are left out, so a profile written before they existed hashes as it did.
    return {k: v for k, v in s.items() if not (k in _OPTIONAL_SYSTEM and v is None)}


def canonical_json(p: Profile) -> str:
    """The normalised profile as compact JSON with sorted keys: what `profile_hash` hashes."""
    data = normalise(p).model_dump(mode="json")
    data["ai_systems"] = [_canonical_system(s) for s in data["ai_systems"]]
    data["organisation"] = {k: v for k, v in data["organisation"].items() if not (k in _OPTIONAL_ORG and v is None)}
    if not data["scopes"]:
        del data["scopes"]
    for x in data["exclusions"]:
        if x["justification"] is None:
            del x["justification"]
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def profile_hash(p: Profile) -> str:
    return "sha256:" + hashlib.sha256(canonical_json(p).encode()).hexdigest()


def json_schema() -> dict[str, Any]:
    schema = Profile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}

"""The organisation profile: what a gap analysis is asked about (docs/profile.md).

An organisation states its AI systems (its role for each, their risk class, the Annex III point),
what it has implemented (provision, status, evidence), its statement-of-applicability exclusions,
the frameworks it targets and the day to look at. `parse_profile` checks all of it and reports
every defect by JSON pointer; `profile_hash` is the sha256 of the canonical JSON of the normalised
profile (lists sorted, CURIEs for IRIs), so the same profile read from JSON, Turtle or JSON-LD, or
with its lists in another order, hashes the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from xwalk import vocab
from xwalk.errors import InvalidProfile
from xwalk.model.catalog import RiskClass, Role
from xwalk.model.ids import parse_curie

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


class Organisation(_Strict):
    name: str = Field(min_length=1, description="The organisation's name.")
    id: str | None = Field(default=None, description="An identifier or IRI of the organisation.")


class AISystem(_Strict):
    id: str = Field(pattern=LOCAL_ID, description="A short id, unique in the profile.", examples=["cv-screening"])
    name: str = Field(min_length=1)
    purpose: str | None = Field(default=None, description="What the system is for, in a sentence.")
    role: Role = Field(description="The organisation's role for this system (AI Act Art 3).")
    risk_classes: list[RiskClass] = Field(min_length=1, description="The risk classes the system falls into.")
    annex_iii_point: str | None = Field(
        default=None, description="The AI Act Annex III point of its intended use.", examples=["euaia:annex-iii-4-a"]
    )
    flags: list[str] = Field(default_factory=list, description="Free facts such as 'profiling'.")

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


class Evidence(_Strict):
    id: str = Field(pattern=LOCAL_ID, description="A short id, unique in the profile; implementations cite it.")
    type: str = Field(min_length=1, description="e.g. policy, procedure, record, technical-documentation, fria.")
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
    justification: str = Field(min_length=1, description="Why it does not apply (statement of applicability).")

    _pid = field_validator("provision")(_provision)


class Profile(_Strict):
    """An organisation's AI systems, implemented provisions and exclusions, and what it targets."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, title="xwalk organisation profile")

    organisation: Organisation
    as_of: dt.date = Field(description="The day to look at: obligations applying later are 'not yet applicable'.")
    targets: list[FrameworkId] = Field(min_length=1, description="Framework ids to measure the organisation against.")
    ai_systems: list[AISystem] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    implementations: list[Implementation] = Field(default_factory=list)
    exclusions: list[Exclusion] = Field(default_factory=list)


def _pointer(loc: tuple[int | str, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in loc)


def _references(p: Profile) -> list[tuple[str, str]]:
    """Checks across fields: unique ids, evidence that exists, one entry per provision, no duplicates."""
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
    known = {e.id for e in p.evidence}
    for i, m in enumerate(p.implementations):
        for j, ref in enumerate(m.evidence):
            if ref not in known:
                errors.append((f"/implementations/{i}/evidence/{j}", f"no evidence with id {ref!r} in /evidence"))
    for i, s in enumerate(p.ai_systems):
        if s.annex_iii_point is not None and not s.annex_iii_point.startswith("euaia:annex-iii-"):
            errors.append(
                (f"/ai_systems/{i}/annex_iii_point", "must be a point of AI Act Annex III (euaia:annex-iii-…)")
            )
    return errors


def parse_profile(data: Any) -> Profile:
    """A checked, normalised profile; InvalidProfile naming every defect by JSON pointer otherwise."""
    if not isinstance(data, dict):
        raise InvalidProfile([("", "a profile is a JSON object (see GET /api/v1/schemas/profile)")])
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise InvalidProfile([(_pointer(tuple(e["loc"])), e["msg"]) for e in exc.errors()]) from None
    errors = _references(profile)
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
        }
    )


def canonical_json(p: Profile) -> str:
    """The normalised profile as compact JSON with sorted keys: what `profile_hash` hashes."""
    return json.dumps(normalise(p).model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def profile_hash(p: Profile) -> str:
    return "sha256:" + hashlib.sha256(canonical_json(p).encode()).hexdigest()


def json_schema() -> dict[str, Any]:
    schema = Profile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}

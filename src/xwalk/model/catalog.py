"""Catalogs as read from the sources: frameworks, provisions, obligations, source documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, get_args

KINDS = (
    "Chapter",
    "Section",
    "Article",
    "Paragraph",
    "Point",
    "Annex",
    "AnnexPoint",
    "Clause",
    "Control",
    "ControlObjective",
    "ControlTheme",
    "Function",
    "Category",
    "Subcategory",
)

Role = Literal[
    "provider",
    "deployer",
    "authorised-representative",
    "importer",
    "distributor",
    "product-manufacturer",
    "operator",
    "gpai-model-provider",
]
ROLES: tuple[str, ...] = get_args(Role)

# Art 3(8): "operator" covers the other roles; a GPAI model provider is a provider.
ROLE_PARENTS: dict[str, tuple[str, ...]] = {
    "provider": ("operator",),
    "deployer": ("operator",),
    "authorised-representative": ("operator",),
    "importer": ("operator",),
    "distributor": ("operator",),
    "product-manufacturer": ("operator",),
    "gpai-model-provider": ("provider", "operator"),
    "operator": (),
}

RiskClass = Literal[
    "prohibited",
    "high-risk-annex-i",
    "high-risk-annex-iii",
    "transparency",
    "gpai-model",
    "gpai-model-systemic-risk",
    "minimal",
]
RISK_CLASSES: tuple[str, ...] = get_args(RiskClass)


def role_closure(role: str) -> tuple[str, ...]:
    """The role and every broader role whose duties it also carries."""
    return (role, *ROLE_PARENTS.get(role, ()))


@dataclass(frozen=True)
class Provision:
    framework: str
    local_id: str
    kind: str
    title: str
    notation: str
    order: int
    line: int
    parent: str | None = None
    url: str | None = None
    summary: str | None = None
    flags: tuple[str, ...] = ()
    exhaustive: bool | None = None  # as declared in the catalog; see `exhaustive`


def exhaustive(declared: bool | None, kind: str, part_kinds: list[str]) -> bool:
    """Whether a provision is the union of its parts, so that covering every part covers it. Declared in the
    catalog (`exhaustive: true|false`) or, by default: an article divided into numbered paragraphs is; a
    provision with lettered points is not, since it usually has text of its own beyond the lead-in (declare
    it when it has none); nothing without parts is."""
    if not part_kinds:
        return False
    if declared is not None:
        return declared
    return kind == "Article" and all(k == "Paragraph" for k in part_kinds)


@dataclass(frozen=True)
class Framework:
    id: str
    prefix: str
    title: str
    short_title: str
    issuer: str
    version: str
    issued: dt.date
    url: str
    licence: str
    file: str
    rights: str | None = None
    text_version: str | None = None
    supersedes: str | None = None
    provisions: tuple[Provision, ...] = ()


@dataclass(frozen=True)
class ApplicationDate:
    id: str
    date: dt.date
    label: str
    source: str
    note: str | None = None


@dataclass(frozen=True)
class Obligation:
    framework: str
    provision: str
    role: str
    risk_class: str | None
    applies_from: dt.date
    date_rule: str
    summary: str
    line: int
    condition: str | None = None
    date_basis: str | None = None  # set when the date is inferred, not stated: the reasoning

    @property
    def local_id(self) -> str:
        return f"obligation/{self.provision}/{self.role}/{self.risk_class or 'any'}"


@dataclass(frozen=True)
class ObligationCatalog:
    framework: str
    file: str
    text_version: str | None
    dates: tuple[ApplicationDate, ...]
    obligations: tuple[Obligation, ...]


@dataclass(frozen=True)
class SourceDocument:
    id: str
    title: str
    publisher: str
    url: str | None
    licence: str | None
    line: int
    note: str | None = None
    issued: str | None = None


@dataclass
class Catalogs:
    """Everything the catalogs say, indexed for checks."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    obligations: dict[str, ObligationCatalog] = field(default_factory=dict)
    sources: dict[str, SourceDocument] = field(default_factory=dict)

    def provision(self, framework: str, local_id: str) -> Provision | None:
        fw = self.frameworks.get(framework)
        if fw is None:
            return None
        return self._index().get((framework, local_id))

    def _index(self) -> dict[tuple[str, str], Provision]:
        cached: dict[tuple[str, str], Provision] | None = getattr(self, "_idx", None)
        if cached is None:
            cached = {(p.framework, p.local_id): p for fw in self.frameworks.values() for p in fw.provisions}
            self._idx = cached
        return cached

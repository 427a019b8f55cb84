"""AI Act obligations by role, risk class and date: who must do what, from when, and why then."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xwalk import vocab
from xwalk.engine.context import Graph
from xwalk.errors import InputError
from xwalk.model.catalog import RISK_CLASSES, ROLES
from xwalk.model.ids import iri_to_curie
from xwalk.store.base import Row, Term


@dataclass(frozen=True)
class ObligationItem:
    id: str
    provision: str
    notation: str
    role: str
    risk_class: str | None
    applies_from: str
    summary: str
    condition: str | None
    date_rule: str
    date_source: str


@dataclass(frozen=True)
class ObligationList:
    role: str
    risk_class: str | None
    as_of: str | None
    in_force: list[ObligationItem] = field(default_factory=list)
    later: list[ObligationItem] = field(default_factory=list)


def _item(r: Row) -> ObligationItem:
    return ObligationItem(
        id=iri_to_curie(r["obligation"].value),
        provision=iri_to_curie(r["provision"].value),
        notation=r["notation"].value,
        role=r["dutyRole"].value.removeprefix(vocab.ROLE),
        risk_class=r["riskClass"].value.removeprefix(vocab.RISK) if "riskClass" in r else None,
        applies_from=r["appliesFrom"].value,
        summary=r["summary"].value,
        condition=r["condition"].value if "condition" in r else None,
        date_rule=r["dateRule"].value.rsplit("/", 1)[-1],
        date_source=r["dateSource"].value,
    )


def obligations(graph: Graph, role: str, risk_class: str | None = None, as_of: dt.date | None = None) -> ObligationList:
    """Duties of `role` (and of every broader role, e.g. operator) for `risk_class`, split into those in
    force on `as_of` and those that apply later."""
    if role not in ROLES:
        raise InputError(f"role {role!r} is not an AI Act role; use one of: {', '.join(ROLES)}.")
    if risk_class is not None and risk_class not in (*RISK_CLASSES, "high-risk"):
        raise InputError(f"risk class {risk_class!r} is unknown; use one of: {', '.join(RISK_CLASSES)}.")
    bindings = {"role": Term.iri(vocab.ROLE + role)}
    if risk_class is not None:
        bindings["risk"] = Term.iri(vocab.RISK + risk_class)
    rows = [_item(r) for r in graph.select("examples/obligations", bindings)]
    if as_of is None:
        return ObligationList(role, risk_class, None, rows, [])
    day = as_of.isoformat()
    return ObligationList(
        role,
        risk_class,
        day,
        [o for o in rows if o.applies_from <= day],
        [o for o in rows if o.applies_from > day],
    )

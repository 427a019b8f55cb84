"""AI Act obligations by role, risk class and date: who must do what, from when, and why then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from xwalk import vocab
from xwalk.engine.catalog_index import per_build
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
    routes: list[str]  # the classes asked for (down to their routes, e.g. high-risk-annex-iii) it applies under
    applies_from: str
    summary: str
    condition: str | None
    date_rule: str
    date_source: str


@dataclass(frozen=True)
class ObligationList:
    role: str
    risk_classes: list[str]  # as asked; empty for every class
    routes: list[str]  # what they stand for: a class with narrower classes stands for them (high-risk: both routes)
    as_of: str | None
    in_force: list[ObligationItem] = field(default_factory=list)
    later: list[ObligationItem] = field(default_factory=list)


def _item(r: Row, routes: list[str]) -> ObligationItem:
    return ObligationItem(
        id=iri_to_curie(r["obligation"].value),
        provision=iri_to_curie(r["provision"].value),
        notation=r["notation"].value,
        role=r["dutyRole"].value.removeprefix(vocab.ROLE),
        risk_class=r["riskClass"].value.removeprefix(vocab.RISK) if "riskClass" in r else None,
        routes=routes,
        applies_from=r["appliesFrom"].value,
        summary=r["summary"].value,
        condition=r["condition"].value if "condition" in r else None,
        date_rule=r["dateRule"].value.rsplit("/", 1)[-1],
        date_source=r["dateSource"].value,
    )


def _hierarchy(graph: Graph) -> dict[str, frozenset[str]]:
    """Every risk class with all its broader classes (read once per build)."""

    def read() -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for r in graph.select("engine/risk-classes"):
            entry = out.setdefault(r["risk"].value.removeprefix(vocab.RISK), set())
            if "broader" in r:
                entry.add(r["broader"].value.removeprefix(vocab.RISK))
        return {k: frozenset(v) for k, v in out.items()}

    return per_build(graph, "risk-hierarchy", read)


def _role_rows(graph: Graph, role: str) -> tuple[Row, ...]:
    """The obligations of `role` and its broader roles as the catalog lists them (read once per build:
    classifying a hundred systems asks for the same few roles again and again)."""
    return per_build(
        graph,
        f"obligations/{role}",
        lambda: tuple(graph.select("examples/obligations", {"role": Term.iri(vocab.ROLE + role)})),
    )


def routes_of(broader: dict[str, frozenset[str]], asked: list[str]) -> list[str]:
    """The most specific classes the asked ones stand for: high-risk stands for its two routes (Annex I and
    Annex III, whose dates differ); a class without narrower ones stands for itself."""
    out: set[str] = set()
    for q in asked:
        narrower = {c for c, up in broader.items() if q in up}
        leaves = {c for c in narrower if not any(c in broader[o] for o in narrower)}
        out |= leaves or {q}
    return sorted(out)


def obligations(
    graph: Graph,
    role: str,
    risk_class: str | Sequence[str] | None = None,
    as_of: dt.date | None = None,
) -> ObligationList:
    """Duties of `role` (and of every broader role, e.g. operator) for the union of the risk classes asked
    (each standing for its routes: high-risk gives the duties of Annex I and Annex III systems, each labelled
    with the routes it applies under), without duplicates, split into those in force on `as_of` and those
    that apply later."""
    if role not in ROLES:
        raise InputError(f"role {role!r} is not an AI Act role; use one of: {', '.join(ROLES)}.")
    asked = [risk_class] if isinstance(risk_class, str) else sorted(set(risk_class or ()))
    for rc in asked:
        if rc not in (*RISK_CLASSES, "high-risk"):
            raise InputError(
                f"risk class {rc!r} is unknown; use one of: {', '.join((*RISK_CLASSES, 'high-risk'))}.",
                extra={"parameter": "risk"},
            )
    broader = _hierarchy(graph)
    routes = routes_of(broader, asked)

    listed = _role_rows(graph, role)  # outside items(): per_build holds its lock while it makes a value

    def items() -> tuple[ObligationItem, ...]:
        found = []
        for r in listed:
            cls = r["riskClass"].value.removeprefix(vocab.RISK) if "riskClass" in r else None
            applies = [x for x in routes if cls is None or cls == x or cls in broader.get(x, frozenset())]
            if not routes or applies:
                found.append(_item(r, applies))
        return tuple(found)

    # the same for every date: kept per build (role and classes are checked above, so the keys are few)
    rows = list(per_build(graph, f"obligations/{role}/{','.join(asked)}", items))
    if as_of is None:
        return ObligationList(role, asked, routes, None, rows, [])
    day = as_of.isoformat()
    return ObligationList(
        role,
        asked,
        routes,
        day,
        [o for o in rows if o.applies_from <= day],
        [o for o in rows if o.applies_from > day],
    )

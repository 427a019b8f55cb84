"""AI Act risk classification from an organisation's stated facts, by rules kept as data.

Each rule is a named query in queries/rules/ (one per provision, `#+ provision:` and `#+ class:` in
its header) run over the organisation's own graph (engine/orggraph.py) in a scratch store, never
the catalog store. A rule answers, per AI system (and per Annex III point where it has one),
`applies`, `does-not-apply` or `undetermined` with the facts that triggered it or the facts missing.
A derogation rule (`#+ derogation-of:`) takes back the class of the rule it names, row by row.

Per system: the classes that apply, each with its rule, provision and triggering facts; every rule
left undetermined with its missing facts; minimal risk only when every rule was decided and none
applies; no class at all when nothing decides. Then the obligations of the organisation's role for
the derived classes (engine/obligations.py), in force on `as_of` or later.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from xwalk.engine.catalog_index import per_build
from xwalk.engine.context import Graph
from xwalk.engine.mapgraph import mapping_graph
from xwalk.engine.obligations import ObligationItem, obligations
from xwalk.engine.orggraph import OrgGraph, org_graph, system_iri
from xwalk.errors import InvalidProfile, XwalkError
from xwalk.model.gaps import ClassBasis as ClassMatch  # a class, its rule, provision and triggering facts
from xwalk.model.gaps import OpenRule as Undetermined  # a rule the facts do not decide, and what it misses
from xwalk.model.ids import iri_to_curie
from xwalk.model.org import FACT_KEYS
from xwalk.model.profile import AISystem, Profile, profile_hash
from xwalk.store.base import Row, Store

_HEADER = re.compile(r"^#\+\s*([\w-]+)\s*:\s*(.*)$", re.M)
DEROGATION_PROVISIONS = ("euaia:art-6-4", "euaia:art-49-2")  # what a derogating provider still owes


@dataclass(frozen=True)
class Rule:
    name: str
    provision: str
    risk_class: str | None
    derogation_of: str | None
    summary: str
    text: str
    duty: str | None = None  # a duty rule: which role's duty it decides (conformance reads these)


@dataclass(frozen=True)
class Derogation:
    rule: str
    provision: str
    point: str | None
    facts: dict[str, Any]
    note: str = (
        "not high-risk under Art 6(3); the provider still registers it (Art 49(2)) and keeps the Art 6(4) assessment"
    )


@dataclass(frozen=True)
class SystemClassification:
    id: str
    name: str
    role: str
    pointer: str
    classes: list[str]
    matches: list[ClassMatch]
    derogations: list[Derogation]
    undetermined: list[Undetermined]
    stated: list[str]
    agreement: str  # agrees | differs | open | not-stated
    disagreement: dict[str, list[str]]
    in_force: list[ObligationItem] = field(default_factory=list)
    later: list[ObligationItem] = field(default_factory=list)


@dataclass(frozen=True)
class Classification:
    organisation: str
    as_of: str
    content_hash: str
    profile_hash: str
    rules: int
    systems: list[SystemClassification]


def load_rules(graph: Graph) -> list[Rule]:
    out = []
    for name, q in sorted(graph.queries().items()):
        if not name.startswith("rules/"):
            continue
        head = dict(_HEADER.findall(q.text))
        if "provision" not in head:
            raise XwalkError(f"{q.path}: a classification rule names its provision in '#+ provision:'.")
        out.append(
            Rule(
                name=name.removeprefix("rules/"),
                provision=head["provision"].strip(),
                risk_class=head.get("class", "").strip() or None,
                derogation_of=head.get("derogation-of", "").strip() or None,
                summary=q.summary,
                text=q.text,
                duty=head.get("duty", "").strip() or None,
            )
        )
    return out


def _check_points(graph: Graph, profile: Profile) -> None:
    """Annex III points must be points of the catalog: an unknown one is an error, with the nearest."""
    mg = mapping_graph(graph)  # read before per_build, which holds its lock while it makes a value
    known = per_build(
        graph, "annex-iii-points", lambda: frozenset(c for c in mg.by_curie if c.startswith("euaia:annex-iii-"))
    )
    errors = []
    for i, s in enumerate(profile.ai_systems):
        listed = [("annex_iii_point", s.annex_iii_point)] if s.annex_iii_point else []
        listed += [(f"annex_iii_points/{j}", p) for j, p in enumerate(s.annex_iii_points or [])]
        for where, point in listed:
            if point not in known:
                near = difflib.get_close_matches(point, sorted(known), n=3, cutoff=0.6)
                hint = f"; did you mean {', '.join(near)}?" if near else ""
                errors.append((f"/ai_systems/{i}/{where}", f"{point} is not a point of Annex III{hint}"))
    if errors:
        raise InvalidProfile(errors)


def _facts(system: AISystem, keys: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in keys.split():
        if key == "annex_iii_points":
            out[key] = system.points()
        elif key in FACT_KEYS:
            value = getattr(system, key)
            out[key] = value.isoformat() if isinstance(value, dt.date) else value
    return out


class RuleStore:
    """The organisation's facts (OrgGraph.facts) in a scratch store, where the rules run. The store is
    filled once per request: classification runs its rules there, then conformance adds the classes
    derived and runs the duty rules on the same store. Use it as a context manager (it is closed after)."""

    def __init__(self, graph: Graph, g: OrgGraph) -> None:
        if graph.scratch is None:
            raise XwalkError("classification needs a scratch store for the organisation's data (Graph.scratch).")
        self._store: Store = graph.scratch()
        self.add(g.facts)

    def add(self, ntriples: str) -> None:
        if ntriples:
            self._store.load(ntriples.encode(), "ntriples")

    def run(self, rules: Iterable[Rule]) -> dict[str, list[Row]]:
        """Each rule's rows."""
        return {r.name: self._store.select(r.text) for r in rules}

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> RuleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _text(row: Row, name: str) -> str:
    """A rule's string column; unbound reads as empty."""
    term = row.get(name)
    return term.value if term is not None else ""


def _agreement(
    stated: Sequence[str], derived: set[str], status: dict[str, str], broader: dict[str, frozenset[str]]
) -> tuple[str, dict[str, list[str]]]:
    if not stated:
        return "not-stated", {}
    # a class implies its broader ones (systemic risk is a kind of GPAI model): compare the closures
    given = {b for c in stated for b in (c, *broader.get(c, ()))} - {"high-risk"}
    derived = {b for c in derived for b in (c, *broader.get(c, ()))} - {"high-risk"}
    only_stated = sorted(c for c in given - derived if status.get(c) == "ruled-out")
    only_derived = sorted(derived - given)
    if only_stated or only_derived:
        return "differs", {"stated_not_derived": only_stated, "derived_not_stated": only_derived}
    if given == derived:
        return "agrees", {}
    return "open", {"stated_not_decided": sorted(given - derived)}


def _classify_system(
    i: int, s: AISystem, rows: dict[str, list[Row]], rules: list[Rule], node: str
) -> tuple[list[ClassMatch], list[Derogation], list[Undetermined], dict[str, str]]:
    matches: list[ClassMatch] = []
    derogations: list[Derogation] = []
    open_: list[Undetermined] = []
    by_name = {r.name: r for r in rules}
    derogated: dict[tuple[str, str | None], tuple[str, str]] = {}  # (rule, point) -> its derogation's verdict, trigger
    for r in rules:
        if r.derogation_of is None:
            continue
        for row in rows.get(r.name, []):
            point = iri_to_curie(row["point"].value) if "point" in row else None
            derogated[(r.derogation_of, point)] = (row["verdict"].value, _text(row, "trigger"))
            if row["verdict"].value == "applies":
                derogations.append(Derogation(r.name, r.provision, point, _facts(s, _text(row, "trigger"))))
            elif row["verdict"].value == "undetermined":
                target = by_name[r.derogation_of].risk_class
                open_.append(Undetermined(r.name, r.provision, target, _text(row, "missing").split(), point))
    status: dict[str, str] = {}
    for r in rules:
        if r.risk_class is None or r.derogation_of is not None:
            continue
        for row in rows.get(r.name, []):
            point = iri_to_curie(row["point"].value) if "point" in row else None
            verdict = row["verdict"].value
            if verdict == "applies":
                back, why = derogated.get((r.name, point), ("", ""))
                if back == "applies":
                    status.setdefault(r.risk_class, "ruled-out")
                    continue
                if back == "undetermined":
                    if status.get(r.risk_class) != "applies":
                        status[r.risk_class] = "open"
                    continue
                # why a derogation fails (profiling, no documented assessment) is part of why the class holds
                facts = _facts(s, _text(row, "trigger") + " " + why)
                if point is not None:
                    facts["annex_iii_points"] = [point]
                matches.append(ClassMatch(r.risk_class, r.name, r.provision, facts, point))
                status[r.risk_class] = "applies"
            elif verdict == "undetermined":
                open_.append(Undetermined(r.name, r.provision, r.risk_class, _text(row, "missing").split(), point))
                if status.get(r.risk_class) != "applies":
                    status[r.risk_class] = "open"
            else:
                status.setdefault(r.risk_class, "ruled-out")
    return matches, derogations, open_, status


def classify(graph: Graph, profile: Profile, facts: RuleStore | None = None) -> Classification:
    """Every AI system of `profile` classified from its facts, with the obligations that follow.
    `facts`: the profile's facts already in a rule store (conformance passes its own, to reuse it)."""
    _check_points(graph, profile)
    rules = [r for r in load_rules(graph) if r.duty is None]
    if facts is None:
        with RuleStore(graph, org_graph(profile, records=False)) as own:
            rows = own.run(rules)
    else:
        rows = facts.run(rules)
    out = []
    memo: dict[tuple[str, str], Any] = {}
    # systems with the same role, classes and Art 50 paragraphs owe the same duties: work each set out once
    owed: dict[tuple[str, frozenset[str], frozenset[str], bool], tuple[list[ObligationItem], list[ObligationItem]]]
    owed = {}
    broader = mapping_graph(graph).risk_broader
    by_system: dict[str, dict[str, list[Row]]] = {}
    for name, found in rows.items():
        for row in found:
            by_system.setdefault(row["system"].value, {}).setdefault(name, []).append(row)
    for i, s in enumerate(profile.ai_systems):
        node = system_iri(s.id)
        matches, derogations, open_, status = _classify_system(i, s, by_system.get(node, {}), rules, node)
        derived = {m.risk_class for m in matches}
        if not derived and not open_ and any(v == "ruled-out" for v in status.values()):
            matches.append(ClassMatch("minimal", "minimal", "", {}))
            derived = {"minimal"}
        agreement, detail = _agreement(s.risk_classes, derived, status, broader)
        triggered = {m.provision for m in matches if m.risk_class == "transparency"}
        key = (s.role, frozenset(derived), frozenset(triggered), bool(derogations))
        if key not in owed:
            owed[key] = _duties(graph, s.role, derived, triggered, bool(derogations), profile.as_of, memo)
        in_force, later = (list(items) for items in owed[key])
        out.append(
            SystemClassification(
                id=s.id,
                name=s.name,
                role=s.role,
                pointer=f"/ai_systems/{i}",
                classes=sorted(derived),
                matches=sorted(matches, key=lambda m: (m.risk_class, m.rule, m.point or "")),
                derogations=sorted(derogations, key=lambda d: (d.rule, d.point or "")),
                undetermined=sorted(open_, key=lambda u: (u.rule, u.point or "")),
                stated=sorted(set(s.risk_classes)),
                agreement=agreement,
                disagreement=detail,
                in_force=in_force,
                later=later,
            )
        )
    return Classification(
        organisation=profile.organisation.name,
        as_of=profile.as_of.isoformat(),
        content_hash=graph.content_hash,
        profile_hash=profile_hash(profile),
        rules=len(rules),
        systems=sorted(out, key=lambda c: c.id),
    )


def _duties(
    graph: Graph,
    role: str,
    classes: set[str],
    triggered: set[str],
    derogated: bool,
    as_of: dt.date,
    memo: dict[tuple[str, str], Any],
) -> tuple[list[ObligationItem], list[ObligationItem]]:
    """The role's obligations for the derived classes (only the class-free ones while none is derived),
    plus what a provider relying on the Art 6(3) derogation still owes. `memo` keeps each (role, class)
    answer for the rest of one classification: a hundred systems share a handful."""

    def duties_of(rc: str) -> Any:
        if (role, rc) not in memo:
            memo[(role, rc)] = obligations(graph, role, rc, as_of)
        return memo[(role, rc)]

    found: dict[str, ObligationItem] = {}
    manner: list[ObligationItem] = []
    wanted: list[str | None] = [*sorted(classes)] or [None]
    for rc in wanted:
        result = duties_of(rc or "minimal")
        for o in (*result.in_force, *result.later):
            if rc is None and o.risk_class is not None:
                continue
            # Art 50's duties are paragraph by paragraph: a chatbot's deployer owes nothing under 50(3)
            if o.risk_class == "transparency" and not any(
                o.provision == p or o.provision.startswith(p + "-") for p in triggered
            ):
                if o.provision.endswith("art-50-5"):
                    manner.append(o)
                continue
            found.setdefault(o.id, o)
    # Art 50(5) says how the information of 50(1)-(4) is given: whoever owes one of those owes it too
    owed = {o.role for o in found.values() if o.risk_class == "transparency"}
    for o in manner:
        if o.role in owed:
            found.setdefault(o.id, o)
    if derogated:
        result = duties_of("high-risk-annex-iii")
        for o in (*result.in_force, *result.later):
            if o.provision in DEROGATION_PROVISIONS:
                found.setdefault(o.id, o)
    items = sorted(found.values(), key=lambda o: (o.applies_from, o.provision, o.role, o.id))
    day = as_of.isoformat()
    return [o for o in items if o.applies_from <= day], [o for o in items if o.applies_from > day]


def derived_classes(graph: Graph, profile: Profile) -> dict[str, SystemClassification]:
    """By system id: for gap analysis, which classifies systems that state no class."""
    return {c.id: c for c in classify(graph, profile).systems}

"""Gap analysis: what of each target framework an organisation meets, through what, and what is left.

For every applicable requirement of each target framework (AI Act obligations of the organisation's
role and its systems' risk classes; elsewhere the leaf clauses and controls, see coverage.requirements)
the status is one of: met (implemented directly), covered (through a chain of mappings to something the
organisation implements), partial, not-covered, excluded (statement of applicability), not-yet-applicable
(applies after the as-of date). The basis is the implementation and its evidence, or the mapping chain
with the source of every hop. The reuse figure of a target is the share of its requirements covered by
what the organisation implements of OTHER frameworks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from xwalk import vocab
from xwalk.engine import catalog
from xwalk.engine.context import Graph
from xwalk.engine.coverage import requirements
from xwalk.engine.mapgraph import Filter, MappingGraph, ObligationInfo, mapping_graph
from xwalk.engine.routes import (
    Joined,
    Route,
    Step,
    best_into,
    check_depth,
    entries,
    judged,
    keep_filter,
    requirement_relations,
    sorted_relations,
    steps,
)
from xwalk.errors import InvalidProfile
from xwalk.model.catalog import role_closure
from xwalk.model.ids import parse_curie
from xwalk.model.profile import Implementation, Profile, normalise, profile_hash
from xwalk.model.relation import Coverage, Relation

STATUSES = ("met", "covered", "partial", "not-covered", "excluded", "not-yet-applicable")
LABELS = {
    "met": "met directly",
    "covered": "covered through mappings",
    "partial": "partial",
    "not-covered": "not covered",
    "excluded": "excluded",
    "not-yet-applicable": "not yet applicable",
}


@dataclass(frozen=True)
class EvidenceRef:
    id: str
    type: str
    title: str
    ref: str | None


@dataclass(frozen=True)
class Basis:
    kind: str  # implementation | mapping | exclusion | none
    provision: str | None = None  # what the organisation implements that this rests on
    implementation_status: str | None = None
    evidence: list[EvidenceRef] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)  # rel(requirement, implemented provision)
    coverage: str | None = None
    strength: int | None = None
    chain: list[Step] = field(default_factory=list)
    justification: str | None = None


@dataclass(frozen=True)
class GapItem:
    framework: str
    requirement: str
    provision: str
    notation: str
    title: str
    status: str
    basis: Basis
    remains: str
    obligation: str | None = None
    system: str | None = None
    role: str | None = None
    risk_class: str | None = None
    applies_from: str | None = None


@dataclass(frozen=True)
class Reuse:
    implemented: list[str]  # the other frameworks the organisation implements provisions of
    covered: int
    partial: int
    total: int
    covered_percent: float
    partial_percent: float


@dataclass(frozen=True)
class FrameworkSummary:
    framework: str
    total: int
    counts: dict[str, int]
    applicable: int
    done: int
    done_percent: float
    reuse: Reuse


@dataclass(frozen=True)
class GapReport:
    organisation: str
    as_of: str
    targets: list[str]
    depth: int
    content_hash: str
    profile_hash: str
    summary: list[FrameworkSummary]
    items: list[GapItem]


@dataclass(frozen=True)
class _Requirement:
    framework: str
    provision: str
    obligation: ObligationInfo | None = None
    system: str | None = None


def _pct(n: int, total: int) -> float:
    return round(100.0 * n / total, 1) if total else 0.0


def _check_ids(graph: Graph, mg: MappingGraph, profile: Profile) -> None:
    errors: list[tuple[str, str]] = []
    listed: list[tuple[str, str | None]] = [
        (f"/implementations/{i}/provision", m.provision) for i, m in enumerate(profile.implementations)
    ]
    listed += [(f"/exclusions/{i}/provision", x.provision) for i, x in enumerate(profile.exclusions)]
    listed += [(f"/ai_systems/{i}/annex_iii_point", s.annex_iii_point) for i, s in enumerate(profile.ai_systems)]
    for pointer, curie in listed:
        pid = parse_curie(curie) if curie else None
        if pid is not None and pid.iri not in mg.provisions:
            near = catalog.suggest(graph, pid)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            errors.append((pointer, f"provision {curie} does not exist{hint}"))
    if errors:
        raise InvalidProfile(errors)


class _Analysis:
    def __init__(self, mg: MappingGraph, profile: Profile, depth: int, keep: Filter) -> None:
        self.mg, self.profile, self.depth, self.keep = mg, profile, depth, keep
        self.evidence = {e.id: EvidenceRef(e.id, e.type, e.title, e.ref) for e in profile.evidence}
        # An implementation of a provision counts for its parts too (clause 4 implemented -> 4.1 ...).
        self.implemented: dict[str, Implementation] = {}
        for m in sorted(profile.implementations, key=lambda m: len(mg.ancestors(_iri(m.provision)))):
            if m.status == "planned":
                continue
            iri = _iri(m.provision)
            for node in (iri, *mg.descendants(iri)):
                self.implemented[node] = m
        self.planned = {_iri(m.provision) for m in profile.implementations if m.status == "planned"}
        self.excluded = {_iri(x.provision): x.justification for x in profile.exclusions}
        self._best: dict[str, tuple[tuple[Route, Coverage] | None, tuple[Route, Coverage] | None]] = {}
        self._shared: dict[str, list[Joined]] = {}
        self.into = entries(mg, keep, set(self.implemented))

    def exclusion(self, iri: str) -> str | None:
        for node in (iri, *self.mg.ancestors(iri)):
            if node in self.excluded:
                return self.excluded[node]
        return None

    def best(self, iri: str, exclude_framework: str | None = None) -> tuple[Route, Coverage] | None:
        """The best route from the requirement to something implemented (partial implementations capped at
        partial); with `exclude_framework` (the requirement's own), to something of another framework."""
        if iri not in self._best:
            own = self.mg.provisions[iri].framework
            self._best[iri] = best_into(
                self.mg,
                iri,
                self.depth,
                self.keep,
                self.into,
                cover=self.cover,
                other=lambda end: self.mg.provisions[end].framework != own,
                shared=self._shared,
            )
        overall, elsewhere = self._best[iri]
        return overall if exclude_framework is None else elsewhere

    def cover(self, end: str, relations: frozenset[Relation]) -> Coverage:
        cov = judged(relations)
        if cov is Coverage.COVERED and self.implemented[end].status == "partial":
            return Coverage.PARTIAL
        return cov

    def item(self, req: _Requirement) -> GapItem:
        mg, iri = self.mg, req.provision
        p = mg.provisions[iri]
        ob = req.obligation
        status, basis, remains = self.judge(req)
        if ob is not None and ob.applies_from > self.profile.as_of.isoformat():
            now = f"on {self.profile.as_of} it would be: {LABELS[status]}"
            remains = f"Applies from {ob.applies_from} ({now}). {remains}"
            status = "not-yet-applicable"
        return GapItem(
            framework=req.framework,
            requirement=ob.id if ob else p.id,
            provision=p.id,
            notation=p.notation,
            title=p.title,
            status=status,
            basis=basis,
            remains=remains.strip(),
            obligation=ob.summary if ob else None,
            system=req.system,
            role=ob.role if ob else None,
            risk_class=ob.risk_class if ob else None,
            applies_from=ob.applies_from if ob else None,
        )

    def judge(self, req: _Requirement) -> tuple[str, Basis, str]:
        mg, iri = self.mg, req.provision
        p = mg.provisions[iri]
        what = req.obligation.summary if req.obligation else p.title
        justification = self.exclusion(iri)
        if justification is not None:
            return "excluded", Basis("exclusion", justification=justification), ""
        direct = self.implemented.get(iri)
        if direct is not None and direct.status == "implemented":
            return "met", self._direct(direct), ""
        found = self.best(iri)
        if found is not None and found[1] is Coverage.COVERED:
            route, cov = found
            c = mg.provisions[route.end].id
            return (
                "covered",
                self._mapped(route, cov),
                f"Check that {c} as implemented meets {p.id}; cite its evidence.",
            )
        if direct is not None:
            return "partial", self._direct(direct), f"Finish implementing {p.id}: {what}"
        if found is not None and found[1] is Coverage.PARTIAL:
            route, cov = found
            c = mg.provisions[route.end].id
            rels = requirement_relations(route, True)
            gap = f"{p.id} asks more than {c}" if rels == {Relation.SUPERSET_OF} else f"{c} meets only part of {p.id}"
            return "partial", self._mapped(route, cov), f"{gap}: cover the rest of: {what}"
        planned = " (planned)" if iri in self.planned else ""
        basis = self._mapped(*found) if found is not None else Basis("none")
        return "not-covered", basis, f"Implement {p.id}{planned}: {what}"

    def _direct(self, m: Implementation) -> Basis:
        return Basis(
            "implementation",
            provision=m.provision,
            implementation_status=m.status,
            evidence=[self.evidence[e] for e in m.evidence],
        )

    def _mapped(self, route: Route, cov: Coverage) -> Basis:
        m = self.implemented[route.end]
        return Basis(
            "mapping",
            provision=self.mg.provisions[route.end].id,
            implementation_status=m.status,
            evidence=[self.evidence[e] for e in m.evidence],
            relations=sorted_relations(requirement_relations(route, True)),
            coverage=cov.value,
            strength=route.strength,
            chain=steps(self.mg, route),
        )

    def requirements(self, framework: str) -> list[_Requirement]:
        mg = self.mg
        if framework != "eu-ai-act":
            return [_Requirement(framework, iri) for iri in requirements(mg, framework)]
        out: list[_Requirement] = []
        for s in self.profile.ai_systems:
            roles = set(role_closure(s.role))
            for ob in mg.obligations:
                if ob.role in roles and any(mg.risk_matches(rc, ob.risk_class) for rc in s.risk_classes):
                    out.append(_Requirement(framework, ob.provision, ob, s.id))
        return out

    def reuse(self, framework: str, reqs: list[_Requirement]) -> Reuse:
        done = {m.provision.split(":")[0] for m in self.profile.implementations if m.status != "planned"}
        others = sorted(vocab.PREFIX_FRAMEWORKS[p] for p in done - {vocab.FRAMEWORK_PREFIXES[framework]})
        covered = partial = total = 0
        for req in reqs:
            if self.exclusion(req.provision) is not None:
                continue
            total += 1
            found = self.best(req.provision, exclude_framework=framework)
            if found is not None and found[1] is Coverage.COVERED:
                covered += 1
            elif found is not None and found[1] is Coverage.PARTIAL:
                partial += 1
        return Reuse(others, covered, partial, total, _pct(covered, total), _pct(partial, total))


def _iri(curie: str) -> str:
    pid = parse_curie(curie)
    assert pid is not None  # checked by the profile model
    return pid.iri


def gap_analysis(
    graph: Graph, profile: Profile, *, depth: int = 3, min_strength: int = 0, min_status: str = "draft"
) -> GapReport:
    check_depth(depth)
    keep = keep_filter(min_strength, min_status)
    mg = mapping_graph(graph)
    _check_ids(graph, mg, profile)  # before normalising: pointers name the input's own positions
    profile = normalise(profile)  # the same profile in any order gives the same report, as it hashes the same
    run = _Analysis(mg, profile, depth, keep)
    items: list[GapItem] = []
    summary: list[FrameworkSummary] = []
    for fw in profile.targets:
        reqs = run.requirements(fw)
        mine = [run.item(r) for r in reqs]
        counts = Counter(i.status for i in mine)
        applicable = len(mine) - counts["excluded"] - counts["not-yet-applicable"]
        done = counts["met"] + counts["covered"]
        summary.append(
            FrameworkSummary(
                framework=fw,
                total=len(mine),
                counts={s: counts.get(s, 0) for s in STATUSES},
                applicable=applicable,
                done=done,
                done_percent=_pct(done, applicable),
                reuse=run.reuse(fw, reqs),
            )
        )
        items.extend(mine)
    return GapReport(
        organisation=profile.organisation.name,
        as_of=profile.as_of.isoformat(),
        targets=list(profile.targets),
        depth=depth,
        content_hash=mg.content_hash,
        profile_hash=profile_hash(profile),
        summary=summary,
        items=items,
    )

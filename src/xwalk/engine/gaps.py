"""Gap analysis: what of each target framework an organisation meets, through what, and what is left.

For every applicable requirement of each target framework (AI Act obligations of the organisation's
role and its systems' risk classes; elsewhere the leaf clauses and controls, see coverage.requirements)
the status is `met` (implemented directly), one of the five verdicts of the crosswalk on the set the
organisation implements (engine.judge), `excluded` (statement of applicability) or `not-yet-applicable`.
The basis is the implementation and its evidence, or the witness chains with the source of every hop.
The reuse figure of a target is the share of its requirements covered by what the organisation
implements of OTHER frameworks (model.gaps.REUSE_DEFINITION).
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass

from xwalk import vocab
from xwalk.engine.combine import Ends, check_depth, keep_filter, used_sets
from xwalk.engine.context import Graph
from xwalk.engine.coverage import requirements
from xwalk.engine.evidence import EvidenceTable, evidence_reuse, evidence_table
from xwalk.engine.gap_systems import check_ids, system_classes
from xwalk.engine.judge import SetVerdict, judge_set
from xwalk.engine.mapgraph import Filter, MappingGraph, ObligationInfo, mapping_graph
from xwalk.engine.rollup import roll_up
from xwalk.engine.witness import best_strength, sorted_relations, witnesses
from xwalk.model.catalog import role_closure
from xwalk.model.gaps import (
    CLASSES_USED,
    LABELS,
    MEANINGS,
    OPEN_DEFINITION,
    STATUSES,
    Basis,
    EvidenceRef,
    FrameworkSummary,
    GapItem,
    GapReport,
    PartBasis,
    Reuse,
    RollUp,
    SystemClasses,
)
from xwalk.model.ids import parse_curie
from xwalk.model.profile import Implementation, Profile, normalise, profile_hash
from xwalk.model.relation import Relation, Verdict

__all__ = ["LABELS", "STATUSES", "GapReport", "gap_analysis"]


@dataclass(frozen=True)
class _Requirement:
    framework: str
    provision: str
    obligation: ObligationInfo | None = None
    system: str | None = None


def _pct(n: int, total: int) -> float:
    return round(100.0 * n / total, 1) if total else 0.0


class _Analysis:
    def __init__(
        self, mg: MappingGraph, profile: Profile, depth: int, keep: Filter, systems: dict[str, SystemClasses]
    ) -> None:
        self.mg, self.profile, self.depth, self.keep = mg, profile, depth, keep
        self.systems = systems  # the risk classes used per system (engine.gap_systems)
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
        # the largest implemented wholes: disjoint from all of them is disjoint from everything implemented
        self.maximal = sorted(
            (i for i in self.implemented if mg.provisions[i].parent not in self.implemented), key=mg.order_key
        )
        self._verdicts: dict[tuple[str, bool], SetVerdict] = {}
        self._ends: dict[str | None, Ends] = {}
        self._tops: dict[str | None, list[str]] = {}  # the maximal members, per scope
        self._own = {mg.provisions[i].framework for i in self.implemented}  # frameworks with a member
        self._parts: dict[str | None, dict[str, SetVerdict]] = {}  # verdicts of parts, per scope

    def exclusion(self, iri: str) -> str | None:
        for node in (iri, *self.mg.ancestors(iri)):
            if node in self.excluded:
                return self.excluded[node]
        return None

    def verdict(self, iri: str, elsewhere: bool = False) -> SetVerdict:
        """The crosswalk's verdict on `iri` against everything implemented; with `elsewhere`, against what is
        implemented of other frameworks only (the reuse figure)."""
        mg, done = self.mg, self.implemented
        own = mg.provisions[iri].framework
        if elsewhere and own not in self._own:  # nothing of its own framework is implemented: the same set
            elsewhere = False
        key = (iri, elsewhere)
        known = self._verdicts.get(key)
        if known is None:

            def member(end: str) -> bool:
                return end in done and (not elsewhere or mg.provisions[end].framework != own)

            scope = own if elsewhere else None
            ends = self._ends.get(scope)
            if ends is None:
                ends = self._ends[scope] = Ends(mg, member, members=done)
                self._tops[scope] = [m for m in self.maximal if member(m)]
            tops = self._tops[scope]
            known = self._verdicts[key] = judge_set(
                mg,
                iri,
                self.depth,
                self.keep,
                ends,
                tops,
                lambda end: done[end].status == "partial",
                self._parts.setdefault(scope, {}),
            )
        return known

    def item(self, req: _Requirement) -> GapItem:
        mg, iri = self.mg, req.provision
        p = mg.provisions[iri]
        ob = req.obligation
        status, verdict, basis, remains = self.judge(req)
        if ob is not None and ob.applies_from > self.profile.as_of.isoformat():
            now = f"on {self.profile.as_of} it would be: {LABELS[status]}"
            remains = f"Applies from {ob.applies_from} ({now}). {remains}"
            status = "not-yet-applicable"
        if ob is not None and ob.condition and status not in ("met", "excluded"):
            # the profile states no fact that decides the condition: the duty is owed only if it holds
            remains = f"Only if: {ob.condition} {remains}"
        return GapItem(
            framework=req.framework,
            requirement=ob.id if ob else p.id,
            provision=p.id,
            notation=p.notation,
            title=p.title,
            status=status,
            verdict=verdict,
            basis=basis,
            remains=remains.strip(),
            obligation=ob.summary if ob else None,
            system=req.system,
            role=ob.role if ob else None,
            risk_class=ob.risk_class if ob else None,
            applies_from=ob.applies_from if ob else None,
            condition=ob.condition if ob else None,
        )

    def judge(self, req: _Requirement) -> tuple[str, str | None, Basis, str]:
        mg, iri = self.mg, req.provision
        p = mg.provisions[iri]
        what = req.obligation.summary if req.obligation else p.title
        justification = self.exclusion(iri)
        if justification is not None:
            return "excluded", None, Basis("exclusion", justification=justification), ""
        direct = self.implemented.get(iri)
        if direct is not None and direct.status == "implemented":
            cite = "" if direct.evidence else f"Cite the evidence that {p.id} is implemented."
            return "met", None, self._direct(direct), cite
        found = self.verdict(iri)
        v = found.verdict
        if v is Verdict.COVERED:
            if found.best is None:  # jointly: every part is covered
                by = ", ".join(sorted({b.by for b in self._parts_basis(found) if b.by}))
                check = f"Every part of {p.id} is covered (by {by}): check each as implemented; cite their evidence."
                return v.value, v.value, self._mapped(found), check
            c = self._end(found)
            check = f"Check that {c} as implemented meets {p.id}; cite its evidence."
            return v.value, v.value, self._mapped(found), check
        if direct is not None:
            return "partial", v.value, self._direct(direct), f"Finish implementing {p.id}: {what}"
        planned = " (planned)" if iri in self.planned else ""
        if v is Verdict.PARTIAL and found.best is None:
            gap = f"{self.no_cover(found.missing)}: cover them" if found.missing else self.beyond_parts(p.id)
            return v.value, v.value, self._mapped(found), f"{gap}: {what}"
        if v is Verdict.PARTIAL:
            c = self._end(found)
            if found.missing:
                gap = f"{c} meets only part of {p.id}; {self.no_cover(found.missing)}"
            elif found.capped:
                gap = f"{c} would cover {p.id} but is only partly implemented"
            elif found.parts and all(pv.verdict is Verdict.COVERED for _, pv in found.parts):
                gap = f"{c} meets only part of {p.id}; {self.beyond_parts(p.id)}"
            elif found.best is not None and found.best.relations == {Relation.SUPERSET_OF}:
                gap = f"{p.id} asks more than {c}"
            else:
                gap = f"{c} meets only part of {p.id}"
            return v.value, v.value, self._mapped(found), f"{gap}: cover the rest of: {what}"
        if v is Verdict.NOT_COVERED:
            return v.value, v.value, self._mapped(found), f"Implement {p.id}{planned}: {what}"
        if v is Verdict.UNDETERMINED:
            return (
                v.value,
                v.value,
                self._mapped(found),
                f"{self._no_claim(found)}; assess by hand, or implement {p.id}{planned}: {what}",
            )
        return (
            v.value,
            v.value,
            Basis("none", verdict=v.value),
            f"No claim: no curated mapping reaches it from what is implemented; assess by hand, or implement "
            f"{p.id}{planned}: {what}",
        )

    def _no_claim(self, found: SetVerdict) -> str:
        """Why an undetermined requirement is open: the implemented provisions nothing decides it against."""
        ids = [self.mg.provisions[e].id for e in (found.open or found.reached)]
        near = ", ".join(ids[:5]) or "what is implemented"
        more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
        if not found.open:
            return f"No claim: chains reach it from {near}{more} but prove neither cover nor disjointness"
        shut = len(self.maximal) - len(found.open)
        known = f"proved disjoint from {shut} of the {len(self.maximal)} implemented provisions, but " if shut else ""
        return f"No claim: {known}nothing proves cover or disjointness against {near}{more}"

    def _end(self, found: SetVerdict) -> str:
        assert found.best is not None
        return self.mg.provisions[found.best.end].id

    def _direct(self, m: Implementation) -> Basis:
        return Basis(
            "implementation",
            provision=m.provision,
            implementation_status=m.status,
            evidence=[self.evidence[e] for e in m.evidence],
        )

    def beyond_parts(self, provision: str) -> str:
        """Why every part covered still leaves a provision partial: the catalog does not declare it exhaustive."""
        return (
            f"every part of {provision} is covered, but {provision} asks more than its parts together "
            "(the catalog does not declare them exhaustive)"
        )

    def no_cover(self, missing: list[str]) -> str:
        """'Art. 17(1)(i) has no cover', for the parts given."""
        names = [self.mg.provisions[m].notation for m in missing]
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        return f"{shown} {'has' if len(names) == 1 else 'have'} no cover"

    def _parts_basis(self, found: SetVerdict) -> list[PartBasis]:
        mg = self.mg
        out = []
        for part, v in found.parts:
            by = part if v.member else (v.best.end if v.best is not None else None)
            rels = sorted_relations(v.best.relations) if v.best is not None and not v.member else []
            out.append(PartBasis(mg.provisions[part].id, v.verdict.value, mg.provisions[by].id if by else None, rels))
        return out

    def _mapped(self, found: SetVerdict) -> Basis:
        reached = [self.mg.provisions[e].id for e in found.reached]
        parts = self._parts_basis(found)
        missing = [self.mg.provisions[m].id for m in found.missing]
        c = found.best
        if c is None:
            kind = "parts" if parts else "mapping"
            return Basis(kind, verdict=found.verdict.value, reached=reached, parts=parts, missing=missing)
        m = self.implemented[c.end]
        return Basis(
            "mapping",
            provision=self.mg.provisions[c.end].id,
            implementation_status=m.status,
            evidence=[self.evidence[e] for e in m.evidence],
            relations=sorted_relations(c.relations),
            verdict=found.verdict.value,
            strength=best_strength(c),
            witnesses=witnesses(self.mg, c),
            reached=reached,
            parts=parts,
            missing=missing,
        )

    def requirements(self, framework: str) -> list[_Requirement]:
        mg = self.mg
        if framework != "eu-ai-act":
            return [_Requirement(framework, iri) for iri in requirements(mg, framework)]
        out: list[_Requirement] = []
        for s in self.profile.ai_systems:
            roles = set(role_closure(s.role))
            used = self.systems[s.id].used
            # Art 50 is paragraph by paragraph: when the facts trigger it, only the paragraphs whose rules
            # fired bind (a chatbot's deployer owes nothing under 50(3)), as engine.classify lists them
            art50 = {_iri(b.provision) for b in self.systems[s.id].basis if b.risk_class == "transparency"}
            manner, owed = [], set()
            for ob in mg.obligations:
                if ob.role not in roles or not any(mg.risk_matches(rc, ob.risk_class) for rc in used):
                    continue
                if ob.risk_class == "transparency" and art50 and not _under(ob.provision, art50):
                    if ob.provision.endswith(ART_50_5):
                        manner.append(ob)
                    continue
                if ob.risk_class == "transparency":
                    owed.add(ob.role)
                out.append(_Requirement(framework, ob.provision, ob, s.id))
            out += [_Requirement(framework, ob.provision, ob, s.id) for ob in manner if ob.role in owed]
        return out

    def reuse(self, framework: str, reqs: list[_Requirement]) -> Reuse:
        done = {m.provision.split(":")[0] for m in self.profile.implementations if m.status != "planned"}
        others = sorted(vocab.PREFIX_FRAMEWORKS[p] for p in done - {vocab.FRAMEWORK_PREFIXES[framework]})
        covered = partial = total = 0
        for req in reqs:
            if self.exclusion(req.provision) is not None:
                continue
            total += 1
            v = self.verdict(req.provision, elsewhere=True).verdict
            covered += v is Verdict.COVERED
            partial += v is Verdict.PARTIAL
        return Reuse(others, covered, partial, total, _pct(covered, total), _pct(partial, total))


# Art 50(5) says how the information of 50(1)-(4) is given: whoever owes one of those owes it too
ART_50_5 = "art-50-5"


def _under(provision: str, wholes: set[str]) -> bool:
    return any(provision == w or provision.startswith(w + "-") for w in wholes)


def _iri(curie: str) -> str:
    pid = parse_curie(curie)
    assert pid is not None  # checked by the profile model
    return pid.iri


_REPORTS: dict[tuple[object, ...], GapReport] = {}
_LOCK = threading.Lock()


def gap_analysis(
    graph: Graph,
    profile: Profile,
    *,
    depth: int = 3,
    min_strength: int = 0,
    min_status: str = "draft",
    include_as_published: bool = False,
    sets: list[str] | None = None,
    exclude_sets: list[str] | None = None,
) -> GapReport:
    """The gap report of `profile`. Reports are remembered per graph content hash, profile hash and
    arguments: the same question again costs a look-up. The result is shared: read it, do not change it."""
    check_depth(depth)
    mg = mapping_graph(graph)
    keep = keep_filter(
        mg, min_strength, min_status, include_as_published=include_as_published, sets=sets, exclude_sets=exclude_sets
    )
    # the same profile in any order gives the same report, as it hashes the same; looked up before the
    # systems are classified (a scratch store, ~40 ms): a repeat costs the hash. A remembered report passed
    # check_ids, which depends on the ids alone, not their order.
    given, profile = profile, normalise(profile)
    digest = profile_hash(profile)
    key = (mg.content_hash, digest, depth, keep, min_status, include_as_published)
    known = _REPORTS.get(key)
    if known is not None:
        return known
    check_ids(graph, mg, given)  # the input as given: pointers name its own positions
    systems = system_classes(graph, given) if "eu-ai-act" in given.targets else []
    table = evidence_table(graph)
    report = _analyse(mg, profile, digest, depth, keep, min_status, include_as_published, systems, table)
    if mg.content_hash != "unbuilt":
        with _LOCK:
            _REPORTS[key] = report
            while len(_REPORTS) > 64:
                _REPORTS.pop(next(iter(_REPORTS)))
    return report


def _analyse(
    mg: MappingGraph,
    profile: Profile,
    digest: str,
    depth: int,
    keep: Filter,
    min_status: str,
    as_published: bool,
    systems: list[SystemClasses],
    table: EvidenceTable,
) -> GapReport:
    run = _Analysis(mg, profile, depth, keep, {s.system: s for s in systems})
    items: list[GapItem] = []
    summary: list[FrameworkSummary] = []
    rollup: list[RollUp] = []
    for fw in profile.targets:
        reqs = run.requirements(fw)
        mine = [run.item(r) for r in reqs]
        rollup.extend(roll_up(run, fw, [r.provision for r in reqs], mine))
        counts = Counter(i.status for i in mine)
        applicable = len(mine) - counts["excluded"] - counts["not-yet-applicable"]
        summary.append(
            FrameworkSummary(
                framework=fw,
                total=len(mine),
                counts={s: counts.get(s, 0) for s in STATUSES},
                applicable=applicable,
                met=counts["met"],
                met_percent=_pct(counts["met"], applicable),
                evidence_ready=counts["covered"],
                evidence_ready_percent=_pct(counts["covered"], applicable),
                reuse=run.reuse(fw, reqs),
            )
        )
        items.extend(mine)
    uses, ranks = evidence_reuse(mg, table, profile, items)
    return GapReport(
        organisation=profile.organisation.name,
        as_of=profile.as_of.isoformat(),
        targets=list(profile.targets),
        depth=depth,
        min_strength=keep.min_strength,
        min_status=min_status,
        include_as_published=as_published,
        mapping_sets=used_sets(mg, keep),
        sources=sorted({s.source for i in items for w in i.basis.witnesses for s in w.steps}),
        content_hash=mg.content_hash,
        profile_hash=digest,
        meaning=MEANINGS,
        summary=summary,
        items=items,
        rollup=rollup,
        systems=systems,
        evidence=uses,
        best_artefacts=ranks,
        classes_used=CLASSES_USED,
        open_definition=OPEN_DEFINITION,
    )

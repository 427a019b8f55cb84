"""What gap analysis checks of a profile before it starts: every provision named exists; and which risk
classes it uses for each AI system: the stated ones checked against those the classification rules
derive from the system's facts (engine.classify), as model.gaps.CLASSES_USED says.

A system that states no class is classified from its facts; one whose facts decide no class either is
refused with a JSON pointer and the facts missing (never guessed). A stated class that differs from the
derived ones is reported, and both are used (the union), so no duty of either reading is left out.
"""

from __future__ import annotations

from xwalk.engine import catalog
from xwalk.engine.classify import SystemClassification, derived_classes
from xwalk.engine.context import Graph
from xwalk.engine.mapgraph import MappingGraph
from xwalk.errors import InvalidProfile
from xwalk.model.gaps import ClassBasis, SystemClasses
from xwalk.model.ids import parse_curie
from xwalk.model.profile import Profile


def _used(c: SystemClassification) -> list[str]:
    if not c.stated:
        return list(c.classes)
    if c.agreement == "agrees":
        return list(c.stated)
    union = set(c.stated) | set(c.classes)
    if len(union) > 1:
        union.discard("minimal")  # minimal means "no other class": it cannot stand beside one
    return sorted(union)


def _note(c: SystemClassification, used: list[str]) -> str:
    derived = ", ".join(c.classes) or "no class"
    open_ = sorted({m for u in c.undetermined for m in u.missing})
    tail = f"; still undetermined, for want of: {', '.join(open_)}" if open_ else ""
    if c.agreement == "not-stated":
        return f"no class stated; derived from the facts: {derived}{tail}"
    if c.agreement == "agrees":
        return f"the stated classes agree with those derived from the facts{tail}"
    if c.agreement == "open":
        left = ", ".join(c.disagreement.get("stated_not_decided", []))
        return f"stated {', '.join(c.stated)}; the facts neither confirm nor rule out {left}{tail}; stated used"
    detail = "; ".join(f"{k.replace('_', ' ')}: {', '.join(v)}" for k, v in c.disagreement.items() if v)
    return f"stated {', '.join(c.stated)} but derived {derived} ({detail}); both used: {', '.join(used)}{tail}"


def check_ids(graph: Graph, mg: MappingGraph, profile: Profile) -> None:
    """Every provision the profile names exists in the catalogs (with the nearest ids when not)."""
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


def system_classes(graph: Graph, profile: Profile) -> list[SystemClasses]:
    """Every AI system of `profile` (in the input's order, so pointers name its positions), or
    InvalidProfile for the systems that state no class and whose facts decide none."""
    if not profile.ai_systems:
        return []
    derived = derived_classes(graph, profile)
    errors: list[tuple[str, str]] = []
    out: list[SystemClasses] = []
    for s in profile.ai_systems:
        c = derived[s.id]
        used = _used(c)
        if not used:
            missing = sorted({m for u in c.undetermined for m in u.missing})
            errors.append(
                (
                    f"{c.pointer}/risk_classes",
                    "no risk class stated and the system's facts decide none: state the classes, or the facts "
                    f"classification needs (missing: {', '.join(missing) or 'every fact'}; see `xwalk classify`)",
                )
            )
            continue
        out.append(
            SystemClasses(
                system=c.id,
                name=c.name,
                role=c.role,
                pointer=c.pointer,
                stated=list(c.stated),
                derived=list(c.classes),
                used=used,
                agreement=c.agreement,
                disagreement={k: list(v) for k, v in sorted(c.disagreement.items())},
                basis=list(c.matches),
                derogations=[
                    ClassBasis("derogation", d.rule, d.provision, dict(d.facts), d.point) for d in c.derogations
                ],
                undetermined=list(c.undetermined),
                note=_note(c, used),
            )
        )
    if errors:
        raise InvalidProfile(errors)
    return sorted(out, key=lambda x: x.system)

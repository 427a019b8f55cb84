"""The roll-up of a gap report: requirements grouped per AI Act article or framework section, each group
judged as a whole (joint coverage through exhaustive decompositions) and naming the part with no cover."""

from __future__ import annotations

from collections import Counter
from typing import Protocol

from xwalk.engine.judge import SetVerdict
from xwalk.engine.mapgraph import MappingGraph
from xwalk.model.gaps import STATUSES, GapItem, RollUp
from xwalk.model.profile import Implementation


class Judged(Protocol):
    """What the roll-up needs of a gap analysis run (engine.gaps)."""

    mg: MappingGraph
    implemented: dict[str, Implementation]

    def exclusion(self, iri: str) -> str | None: ...

    def verdict(self, iri: str, elsewhere: bool = False) -> SetVerdict: ...

    def no_cover(self, missing: list[str]) -> str: ...


def section(mg: MappingGraph, iri: str) -> str:
    """The article a requirement belongs to (AI Act), or its framework section: the top-level clause, or
    the theme or control objective under an annex."""
    chain = [iri, *mg.ancestors(iri)]
    for node in chain:
        if mg.provisions[node].kind in ("Article", "Annex") and mg.provisions[node].framework == "eu-ai-act":
            return node
    top = chain[-1]
    if mg.provisions[top].kind == "Annex" and len(chain) >= 2:
        return chain[-2]
    return top


def roll_up(run: Judged, framework: str, reqs: list[str], mine: list[GapItem]) -> list[RollUp]:
    """One line per article (AI Act) or framework section: the joint verdict of the whole, and the parts
    with no cover."""
    mg = run.mg
    groups: dict[str, list[GapItem]] = {}
    for req, item in zip(reqs, mine, strict=True):
        groups.setdefault(section(mg, req), []).append(item)
    out = []
    for node in sorted(groups, key=mg.position.__getitem__):
        p = mg.provisions[node]
        items = groups[node]
        counts = Counter(i.status for i in items)
        missing: list[str]
        if run.exclusion(node) is not None:
            verdict, missing = "excluded", []
        elif run.implemented.get(node) is not None and run.implemented[node].status == "implemented":
            verdict, missing = "met", []
        else:
            found = run.verdict(node)
            verdict, missing = found.verdict.value, found.missing
        out.append(
            RollUp(
                framework=framework,
                provision=p.id,
                notation=p.notation,
                title=p.title,
                requirements=len(items),
                counts={s: counts.get(s, 0) for s in STATUSES},
                verdict=verdict,
                missing=[mg.provisions[m].id for m in missing],
                note=run.no_cover(missing) if missing else "",
            )
        )
    return out

"""The verdict on one requirement against a SET of provisions (what an organisation implements, or a
whole framework): the one rule the gap analysis and the matrix share.

- covered: some member covers it (rel within {equal, subset-of}; a member only partly implemented counts
  as partial at most);
- partial: some member overlaps it (no chain leaves disjointness possible);
- not-covered: it is proved disjoint from every maximal member (so from their union; a negative against
  a whole standard, or against each of its top-level provisions, proves it);
- undetermined: chains reach it from the set, but prove none of the above;
- unmapped: no curated chain joins it to any member.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from xwalk.engine.combine import Combined, Ends, combine, rank, reached
from xwalk.engine.mapgraph import Filter, MappingGraph
from xwalk.model.relation import RANK, Verdict


@dataclass(frozen=True)
class SetVerdict:
    verdict: Verdict
    best: Combined | None = None  # the pair the verdict rests on (for undetermined: the best informative one)
    reached: list[str] = field(default_factory=list)  # members some chain joins to it, in document order
    capped: bool = False  # `best` covers it, but is only partly implemented


def judge_set(
    mg: MappingGraph,
    start: str,
    depth: int,
    keep: Filter,
    members: Callable[[str], bool] | Ends,
    maximal: Sequence[str],
    partly: Callable[[str], bool] = lambda end: False,
) -> SetVerdict:
    ends = members if isinstance(members, Ends) else Ends(mg, members)
    found = combine(mg, start, depth, keep, wanted=ends)
    ranked = sorted(
        found.values(),
        key=lambda c: (-RANK[_capped(c, partly)], *rank(c), mg.position.get(c.end, 0)),
    )
    if ranked:
        top = ranked[0]
        verdict = _capped(top, partly)
        if verdict in (Verdict.COVERED, Verdict.PARTIAL):
            return SetVerdict(verdict, top, capped=verdict is Verdict.PARTIAL and top.verdict is Verdict.COVERED)
    if maximal and all(m in found and found[m].verdict is Verdict.NOT_COVERED for m in maximal):
        return SetVerdict(Verdict.NOT_COVERED, found[maximal[0]])
    joined = reached(mg, start, depth, keep, wanted=ends)
    if not joined and not found:
        return SetVerdict(Verdict.UNMAPPED)
    ends = sorted(set(joined) | set(found), key=mg.position.__getitem__)
    return SetVerdict(Verdict.UNDETERMINED, ranked[0] if ranked else None, ends)


def _capped(c: Combined, partly: Callable[[str], bool]) -> Verdict:
    v = c.verdict
    return Verdict.PARTIAL if v is Verdict.COVERED and partly(c.end) else v

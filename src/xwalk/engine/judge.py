"""The verdict on one requirement against a SET of provisions (what an organisation implements, or a
whole framework): the one rule the gap analysis and the matrix share.

- covered: some member covers it (rel within {equal, subset-of}; a member only partly implemented counts
  as partial at most), or it is exhaustively divided into parts (catalog data, `xw:exhaustive`) that are
  each covered, recursively: joint coverage;
- partial: some member overlaps it (no chain leaves disjointness possible), or some part of it is covered
  or partial;
- not-covered: it is proved disjoint from every maximal member (so from their union; a negative against
  a whole standard, or against each of its top-level provisions, proves it), or it is exhaustively divided
  into parts that each are;
- undetermined: chains reach it from the set, but prove none of the above;
- unmapped: no curated chain joins it to any member.

Soundness is property-tested against brute-force truth on random region graphs (tests/test_combine.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from xwalk.engine.combine import Combined, Ends, reached_ends
from xwalk.engine.mapgraph import Filter, MappingGraph
from xwalk.engine.tally import CAPPED, POPCOUNT, RANK_BITS, SCORE, SCORE_VERDICT, VERDICT, combined, order, tally
from xwalk.model.relation import Verdict


@dataclass(frozen=True)
class SetVerdict:
    verdict: Verdict
    best: Combined | None = None  # the pair the verdict rests on (for undetermined: the best informative one)
    reached: list[str] = field(default_factory=list)  # members some chain joins to it, in document order
    capped: bool = False  # `best` covers it, but is only partly implemented
    member: bool = False  # it is a member itself (implemented directly)
    parts: list[tuple[str, SetVerdict]] = field(default_factory=list)  # when the verdict rests on its parts
    missing: list[str] = field(default_factory=list)  # the deepest parts without cover, document order
    open: list[str] = field(default_factory=list)  # undetermined: the maximal members not proved disjoint from it

    @property
    def joint(self) -> bool:
        return bool(self.parts)


def judge_set(
    mg: MappingGraph,
    start: str,
    depth: int,
    keep: Filter,
    members: Callable[[str], bool] | Ends,
    maximal: Sequence[str],
    partly: Callable[[str], bool] = lambda end: False,
    memo: dict[str, SetVerdict] | None = None,
) -> SetVerdict:
    """The verdict on `start` against the members (see the module docstring). `memo` keeps the verdicts of
    parts between calls with the same members and filter."""
    ends = members if isinstance(members, Ends) else Ends(mg, members)
    memo = {} if memo is None else memo
    known = memo.get(start)
    if known is None:
        known = memo[start] = _judge(mg, start, depth, keep, ends, maximal, partly, memo)
    return known


def _judge(
    mg: MappingGraph,
    start: str,
    depth: int,
    keep: Filter,
    ends: Ends,
    maximal: Sequence[str],
    partly: Callable[[str], bool],
    memo: dict[str, SetVerdict],
) -> SetVerdict:
    member = ends.wanted is not None and ends.wanted(start)
    if member and not partly(start):
        return SetVerdict(Verdict.COVERED, member=True)
    direct = _pairs(mg, start, depth, keep, ends, maximal, partly)
    if direct.verdict is Verdict.COVERED:
        return direct
    if member:  # partly implemented itself, and nothing else covers it
        return SetVerdict(Verdict.PARTIAL, member=True)
    kids = mg.children.get(start, ())
    if not kids:
        return direct
    parts = [(k, judge_set(mg, k, depth, keep, ends, maximal, partly, memo)) for k in kids]
    whole = mg.provisions[start].exhaustive
    missing = [m for k, v in parts for m in _missing(k, v)]
    if whole and all(v.verdict is Verdict.COVERED for _, v in parts):
        return SetVerdict(Verdict.COVERED, reached=direct.reached, parts=parts)
    if direct.verdict is Verdict.PARTIAL:
        return SetVerdict(Verdict.PARTIAL, direct.best, direct.reached, direct.capped, parts=parts, missing=missing)
    if any(v.verdict in (Verdict.COVERED, Verdict.PARTIAL) for _, v in parts):
        return SetVerdict(Verdict.PARTIAL, direct.best, direct.reached, parts=parts, missing=missing)
    if whole and direct.verdict is not Verdict.NOT_COVERED and all(v.verdict is Verdict.NOT_COVERED for _, v in parts):
        return SetVerdict(Verdict.NOT_COVERED, reached=direct.reached, parts=parts, missing=missing)
    return replace(direct, missing=missing)  # the parts prove nothing more, but say which have no cover


def _missing(part: str, v: SetVerdict) -> list[str]:
    """The parts with no cover, as deep as the catalog goes: a part covered in part names its own."""
    if v.verdict is Verdict.COVERED:
        return []
    return v.missing or [part]


def _pairs(
    mg: MappingGraph,
    start: str,
    depth: int,
    keep: Filter,
    ends: Ends,
    maximal: Sequence[str],
    partly: Callable[[str], bool],
) -> SetVerdict:
    """The verdict from the pairs (start, member) alone, read from their masks and best-part keys
    (engine.tally); only the pair shown is built."""
    masks, best = tally(mg, start, depth, keep, ends)
    position = mg.position
    top: str | None = None
    if masks:
        # the best verdict (a covered member only partly implemented counts as partial), the narrowest set,
        # then witness.rank's fewest steps and strongest, then document order: one integer per end
        # the best score from the few distinct sets first, then only the ends with it; a covering end only
        # partly implemented scores as partial (worse than any covering score), so it drops out here
        least = min(SCORE[m] for m in set(masks.values()))
        covering = SCORE_VERDICT[least] is Verdict.COVERED
        tied = [e for e, m in masks.items() if SCORE[m] == least and not (covering and partly(e))]
        if tied:
            low = min(((best[e] & RANK_BITS) << 24) | position[e] for e in tied)
        else:  # every best covering end is only partly implemented: rank them all with the cap
            low = min(
                ((CAPPED[m] if VERDICT[m] is Verdict.COVERED and partly(e) else SCORE[m]) << 40)
                | ((best[e] & RANK_BITS) << 24)
                | position[e]
                for e, m in masks.items()
            )
        top = order(mg)[low & 0xFFFFFF]
        shown = VERDICT[masks[top]]
        verdict = Verdict.PARTIAL if shown is Verdict.COVERED and partly(top) else shown
        if verdict in (Verdict.COVERED, Verdict.PARTIAL):
            c = combined(mg, start, top, depth, keep, ends)
            return SetVerdict(verdict, c, capped=verdict is Verdict.PARTIAL and shown is Verdict.COVERED)
    if maximal and all(m in masks and VERDICT[masks[m]] is Verdict.NOT_COVERED for m in maximal):
        return SetVerdict(Verdict.NOT_COVERED, combined(mg, start, maximal[0], depth, keep, ends))
    joined = reached_ends(mg, start, depth, keep, wanted=ends)
    if not joined and not masks:
        return SetVerdict(Verdict.UNMAPPED)
    reached_ = sorted(joined | masks.keys(), key=position.__getitem__)
    # what leaves it open is a member not proved disjoint: show that, not a pair that is (it decides nothing)
    disjoint = {e for e, m in masks.items() if VERDICT[m] is Verdict.NOT_COVERED}
    open_ = [m for m in maximal if m not in disjoint]
    if top is not None and top in disjoint:
        undecided = [e for e in masks if e not in disjoint]
        top = min(undecided, key=lambda e: (POPCOUNT[masks[e]], best[e] & RANK_BITS, position[e]), default=None)
    shown_pair = None if top is None else combined(mg, start, top, depth, keep, ends)
    return SetVerdict(Verdict.UNDETERMINED, shown_pair, reached_, open=open_)

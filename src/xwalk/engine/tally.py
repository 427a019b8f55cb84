"""rel(start, C) for every member C at once, as integers: what a set verdict (engine.judge) reads of each pair
without building it.

`combine` builds, for every end, a Combined holding every part (a pair of anchors and the chains between
them). A set verdict reads three things of each end: the intersected relation set, and the rank and strength
of its best part (witness.rank), and then shows ONE end. Here a relation set is a 5-bit mask, the best part
is the least of an integer key that orders exactly as combine.part_rank, and each anchor's contribution is
summed once per anchor (kept per Ends, like the spreads): a requirement costs two dict operations per end
its anchors reach, and only the end it shows is built as a Combined, part for part as `combine` builds it.
"""

from __future__ import annotations

from xwalk.engine.combine import Combined, Ends, PairSet, Part, anchors, directed_pairs, pair_sets, ranked, then
from xwalk.engine.mapgraph import Filter, MappingGraph
from xwalk.model.relation import ALL, RANK, Relation, Verdict, compose

_BITS = {r: 1 << n for n, r in enumerate(Relation)}
SETS: list[frozenset[Relation]] = [
    ALL if m == 31 else frozenset(r for r, b in _BITS.items() if m & b) for m in range(32)
]
MASKS: dict[frozenset[Relation], int] = {s: m for m, s in enumerate(SETS)}  # every one of the 32 sets
COMPOSE = [[MASKS[compose(a, b)] for b in SETS] for a in SETS]
VERDICT: list[Verdict] = [ranked(s)[0] for s in SETS]
POPCOUNT = [len(s) for s in SETS]
# the order of judge._pairs: the best verdict first, then the narrowest set; a lower score is better
SCORE = [(8 - RANK[VERDICT[m]]) * 8 + POPCOUNT[m] for m in range(32)]
SCORE_VERDICT = {SCORE[m]: VERDICT[m] for m in range(32)}  # a score's verdict (sets of one size and verdict share it)
_AS_PARTIAL = (8 - RANK[Verdict.PARTIAL]) * 8
CAPPED = [_AS_PARTIAL + POPCOUNT[m] if VERDICT[m] is Verdict.COVERED else SCORE[m] for m in range(32)]
# A part's key: combine.part_rank's fields (set size, hops, strength, via, lead, trail) as digits of one
# integer, then witness.rank's (steps, strength) in the low 10 bits, which break no tie of the part rank
# (it has none: one part per lead, via and trail) but come out with the winner. Strengths are 0..10 (SHACL);
# the offset keeps the fields apart for any strength from -31 to 32.
_S = 32
RANK_BITS = 1023  # the low bits of a part key: witness.rank's (steps, -strength)
OTHER = 64  # a lead that is not the start itself adds its part-of step to witness.rank's count


def node_ranks(mg: MappingGraph) -> dict[str, int]:
    """Every node's place in string order: part_rank compares the ids of via, lead and trail."""
    table: dict[str, int] | None = mg.structure.get("node-ranks")  # type: ignore[assignment]
    if table is None:
        table = mg.structure["node-ranks"] = {n: i for i, n in enumerate(sorted({*mg.provisions, *mg.wholes}))}
    return table


def _sizes(mg: MappingGraph, n: int) -> list[int]:
    """Per mask, the set-size digit of a part key on a graph of n nodes (kept with the graph)."""
    table: list[int] | None = mg.structure.get("size-digits")  # type: ignore[assignment]
    if table is None:
        table = mg.structure["size-digits"] = [POPCOUNT[m] * 8 * 64 * n * n * n << 10 for m in range(32)]
    return table


def _trail_rows(ends: Ends, via: str, ranks: dict[str, int]) -> tuple[tuple[str, int, int], ...]:
    """Per wanted anchor of `via`: its node, the mask of rel(via, node), and the node's digit of a part key
    with the part-of step witness.rank counts (kept per Ends)."""
    table: dict[str, tuple[tuple[str, int, int], ...]] = ends.tables.setdefault("trail-rows", {})
    known = table.get(via)
    if known is None:
        known = table[via] = tuple(
            (t.node, MASKS[t.relations], (ranks[t.node] << 10) + (64 if t.link is not None else 0))
            for t in ends.trails(via)
        )
    return known


def _found(ends: Ends, node: str, keep: Filter, depth: int) -> dict[str, PairSet]:
    mg = ends.mg
    return pair_sets(mg, node, depth, keep) if ends.wanted is None else directed_pairs(mg, node, depth, keep, ends)


Tally = tuple[dict[str, int], dict[str, int]]


def _tallies(ends: Ends, keep: Filter, depth: int) -> dict[tuple[str, frozenset[Relation]], Tally]:
    """The anchor tallies of one filter and depth, per (anchor, lead) (kept per Ends)."""
    return ends.tables.setdefault(("tallies", keep, depth), {})


def anchor_tally(ends: Ends, node: str, lead: frozenset[Relation], keep: Filter, depth: int) -> Tally:
    """What the chains from anchor `node` (rel(start, node) = `lead`) say of each wanted end, summed per
    end: the mask of the intersection of its ways, and the key of its best way (the start being `node`
    itself). Kept per Ends, as the spreads are: a paragraph and its siblings share their article."""
    table = _tallies(ends, keep, depth)
    known = table.get((node, lead))
    return known if known is not None else _anchor_tally(ends, node, lead, keep, depth, table)


def _anchor_tally(
    ends: Ends,
    node: str,
    lead: frozenset[Relation],
    keep: Filter,
    depth: int,
    table: dict[tuple[str, frozenset[Relation]], Tally],
) -> Tally:
    ranks = node_ranks(ends.mg)
    n = len(ranks)
    sizes = _sizes(ends.mg, n)
    lead_rank, lead_mask = ranks[node], MASKS[lead]
    masks: dict[str, int] = {}
    keys: dict[str, int] = {}
    get = masks.get
    for via, pair in _found(ends, node, keep, depth).items():
        base = COMPOSE[lead_mask][MASKS[pair.relations]]
        if base == 31:
            continue
        path = pair.paths[0]
        low = len(path.hops) * 64 + _S - path.strength
        head = (((low * n + ranks[via]) * n + lead_rank) * n << 10) + low
        row = COMPOSE[base]
        for end, trail_mask, tail in _trail_rows(ends, via, ranks):
            m = row[trail_mask]
            if m == 31:
                continue
            k = sizes[m] + head + tail
            old = get(end)
            if old is None:
                masks[end] = m
                keys[end] = k
            else:
                masks[end] = old & m
                if k < keys[end]:
                    keys[end] = k
    made = table[(node, lead)] = (masks, keys)
    return made


def tally(mg: MappingGraph, start: str, depth: int, keep: Filter, ends: Ends) -> tuple[dict[str, int], dict[str, int]]:
    """Per end an informative chain joins to `start`: the mask of rel(start, end), and the key of its best
    part (`RANK_BITS` of it order as witness.rank's steps and strength). The same ends and sets as `combine`."""
    masks: dict[str, int] = {}
    best: dict[str, int] = {}
    table = _tallies(ends, keep, depth)
    for lead in anchors(mg, start, ends.structure):
        known = table.get((lead.node, lead.relations))
        these, keys = known if known is not None else _anchor_tally(ends, lead.node, lead.relations, keep, depth, table)
        if not these:
            continue
        extra = 0 if lead.link is None else OTHER
        if not masks:
            masks = dict(these)
            best = dict(keys) if not extra else {e: k + extra for e, k in keys.items()}
            continue
        get = masks.get
        for end, m in these.items():
            old = get(end)
            k = keys[end] + extra
            if old is None:
                masks[end] = m
                best[end] = k
            else:
                masks[end] = old & m
                if k < best[end]:
                    best[end] = k
    masks.pop(start, None)
    best.pop(start, None)
    return masks, best


def order(mg: MappingGraph) -> list[str]:
    """The provisions by mg.position."""
    table: list[str] | None = mg.structure.get("order")  # type: ignore[assignment]
    if table is None:
        table = mg.structure["order"] = sorted(mg.provisions, key=mg.position.__getitem__)
        if len(table) >= 1 << 24:
            raise ValueError("more than 16.7 million provisions: judge._pairs packs a position into 24 bits")
    return table


def combined(mg: MappingGraph, start: str, end: str, depth: int, keep: Filter, ends: Ends) -> Combined:
    """rel(start, end) with its parts, exactly as `combine` builds it (anchors in order, ways in order)."""
    out: Combined | None = None
    for lead in anchors(mg, start, ends.structure):
        if end not in anchor_tally(ends, lead.node, lead.relations, keep, depth)[0]:
            continue  # no way from this anchor ends there
        for via, pair in _found(ends, lead.node, keep, depth).items():
            if end not in ends.ends_at(via):
                continue
            base = then(lead.relations, pair.relations)
            if base is ALL:
                continue
            for trail in ends.trails(via):
                if trail.node != end:
                    continue
                rels = then(base, trail.relations)
                if rels is ALL:
                    continue
                part = Part(lead, via, pair, trail, rels)
                if out is None:
                    out = Combined(end, rels, [part])
                else:
                    out.relations &= rels
                    out.parts.append(part)
    if out is None:
        raise KeyError(end)
    return out

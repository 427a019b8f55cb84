"""engine.tally reads every pair of a set verdict as a mask and one integer key: it must say exactly what
engine.combine says (the same ends, the same sets, the same best part and rank), on random region graphs
and on the real data against a real implemented set."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_combine import World, worlds
from xwalk.engine.combine import Combined, Ends, combine, keep_filter
from xwalk.engine.context import Graph
from xwalk.engine.mapgraph import Filter, MappingGraph, mapping_graph
from xwalk.engine.tally import MASKS, RANK_BITS, SETS, combined, tally
from xwalk.engine.witness import rank
from xwalk.model.profile import parse_profile

ROOT = Path(__file__).resolve().parents[1]


def _same(mg: MappingGraph, start: str, keep: Filter, ends: Ends, depth: int = 3) -> int:
    """Assert tally(start) agrees with combine(start) end for end; the number of ends compared."""
    full: dict[str, Combined] = combine(mg, start, depth, keep, wanted=ends)
    masks, best = tally(mg, start, depth, keep, ends)
    assert set(masks) == set(full)
    for end, c in full.items():
        assert SETS[masks[end]] == c.relations, (start, end)
        _, steps, strength = rank(c)
        assert best[end] & RANK_BITS == steps * 64 + 32 + strength, (start, end)  # rank's strength is negated
        shown = combined(mg, start, end, depth, keep, ends)
        assert (shown.end, shown.relations, shown.parts) == (c.end, c.relations, c.parts)
        assert shown.best == c.best
    return len(full)


@settings(max_examples=150, deadline=None)
@given(worlds(), st.data(), st.integers(1, 3))
def test_a_tally_says_what_combining_every_chain_says(w: World, data: st.DataObject, depth: int) -> None:
    keep = keep_filter(w.mg)
    nodes = sorted(w.mg.provisions)
    members = set(data.draw(st.lists(st.sampled_from(nodes), max_size=6))) if nodes else set()
    listed = Ends(w.mg, members.__contains__, members=members)
    by_call = Ends(w.mg, members.__contains__)
    for start in nodes:
        _same(w.mg, start, keep, listed, depth)
        _same(w.mg, start, keep, by_call, depth)


def test_a_tally_says_what_combining_says_for_every_duty_of_the_shop(graph: Graph) -> None:
    mg = mapping_graph(graph)
    shop = parse_profile(json.loads((ROOT / "examples" / "iso27001-shop.json").read_text()))
    done = {mg.by_curie[m.provision] for m in shop.implementations if m.status != "planned"}
    done |= {d for i in list(done) for d in mg.descendants(i)}
    ends = Ends(mg, done.__contains__, members=done)
    keep = keep_filter(mg)
    starts = [p for p in mg.by_framework["eu-ai-act"] if p in {o.provision for o in mg.obligations}]
    starts += list(mg.by_framework["iso-iec-42001-2023"])
    compared = sum(_same(mg, s, keep, ends) for s in starts)
    assert len(starts) > 200 and compared > 2000  # real work: hundreds of requirements, thousands of pairs
    assert {MASKS[SETS[m]] for m in range(32)} == set(range(32))

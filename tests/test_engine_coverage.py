"""Coverage and the matrix: hand-built graphs whose answers are obvious, then the real data."""

from __future__ import annotations

import pytest

from xwalk.engine.context import Graph
from xwalk.engine.coverage import coverage, matrix, requirements
from xwalk.engine.mapgraph import mapping_graph
from xwalk.engine.routes import entries, keep_filter, routes, routes_into
from xwalk.errors import InputError, NotFound

from .engine_graphs import Small

# Three frameworks: 27001 control X equals 42001 control Y, which is part of (subset-of) AI RMF Z.
CHAIN = Small(
    provisions=[
        ("iso27001:A", "Annex", None),
        ("iso27001:A.1", "Control", "iso27001:A"),
        ("iso27001:A.2", "Control", "iso27001:A"),
        ("iso42001:A", "Annex", None),
        ("iso42001:A.1", "Control", "iso42001:A"),
        ("iso42001:A.2", "Control", "iso42001:A"),
        ("airmf:GOVERN", "Function", None),
        ("airmf:GOVERN-1.1", "Subcategory", "airmf:GOVERN"),
    ],
    mappings=[
        ("iso27001:A.1", "equal", "iso42001:A.1", 9, "approved"),
        ("iso42001:A.1", "subset-of", "airmf:GOVERN-1.1", 6, "reviewed"),
        ("iso27001:A.2", "intersects-with", "iso42001:A.2", 4, "draft"),
        ("iso42001:A.2", "intersects-with", "airmf:GOVERN-1.1", 5, "approved"),
    ],
)


@pytest.fixture(scope="module")
def chain() -> Graph:
    return CHAIN.graph()


def by_id(result: object) -> dict[str, object]:
    return {i.provision: i for i in result.data}  # type: ignore[attr-defined]


def test_a_chain_composes_and_keeps_its_witness(chain: Graph) -> None:
    result = coverage(chain, "iso27001:A.1", ["airmf"])
    [item] = result.data
    assert (item.provision, item.relations, item.coverage) == ("airmf:GOVERN-1.1", ["subset-of"], "covered")
    assert item.strength == 6, "the weakest hop"
    assert item.hops == 2
    assert [(s.subject, s.relation, s.object, s.source) for s in item.chain] == [
        ("iso27001:A.1", "equal", "iso42001:A.1", "src-0"),
        ("iso42001:A.1", "subset-of", "airmf:GOVERN-1.1", "src-1"),
    ]


def test_the_other_direction_judges_the_inverse(chain: Graph) -> None:
    # GOVERN-1.1 asks more than A.1 does: A.1 as a control meets only part of it.
    covers = by_id(coverage(chain, "iso27001:A.1", ["airmf"], direction="covers"))
    assert covers["airmf:GOVERN-1.1"].relations == ["superset-of"]  # type: ignore[attr-defined]
    assert covers["airmf:GOVERN-1.1"].coverage == "partial"  # type: ignore[attr-defined]
    # and GOVERN-1.1 as a control covers the whole of iso27001:A.1
    covered = by_id(coverage(chain, "airmf:GOVERN-1.1", ["iso27001"], direction="covers"))
    assert covered["iso27001:A.1"].coverage == "covered"  # type: ignore[attr-defined]


def test_overlap_on_overlap_says_nothing(chain: Graph) -> None:
    result = coverage(chain, "iso27001:A.2", ["airmf"])
    assert result.data == [], "intersects then intersects is all five relations: no claim"
    assert by_id(coverage(chain, "iso27001:A.2"))["iso42001:A.2"].coverage == "partial"  # type: ignore[attr-defined]


def test_default_targets_are_every_other_framework(chain: Graph) -> None:
    result = coverage(chain, "iso27001:A.1")
    assert result.to == ["iso-iec-42001-2023", "nist-ai-rmf-1.0"]
    # A.1 = 42001:A.1, inside GOVERN-1.1, which overlaps 42001:A.2: A.1 may or may not touch A.2 (unknown)
    assert [(i.provision, i.coverage) for i in result.data] == [
        ("iso42001:A.1", "covered"),
        ("airmf:GOVERN-1.1", "covered"),
        ("iso42001:A.2", "unknown"),
    ]
    assert result.summary == {"covered": 2, "partial": 0, "unknown": 1, "not-covered": 0}


def test_filters_strength_status_and_direct(chain: Graph) -> None:
    assert coverage(chain, "iso27001:A.1", ["airmf"], min_strength=7).data == []
    assert coverage(chain, "iso27001:A.1", ["airmf"], min_status="approved").data == []
    assert [i.provision for i in coverage(chain, "iso27001:A.1", min_status="approved").data] == ["iso42001:A.1"]
    assert coverage(chain, "iso27001:A.2", min_status="reviewed").data == [], "a draft mapping is below reviewed"
    direct = coverage(chain, "iso27001:A.1", derived=False)
    assert [i.provision for i in direct.data] == ["iso42001:A.1"] and direct.depth == 1
    assert coverage(chain, "iso27001:A.1", ["airmf"], depth=1).data == []


def test_parts_and_wholes_widen_the_search(chain: Graph) -> None:
    # The annex holds A.1: what covers A.1 covers part of the annex.
    item = by_id(coverage(chain, "iso27001:A", ["iso42001"]))["iso42001:A.1"]
    assert item.relations == ["superset-of"] and item.coverage == "partial"  # type: ignore[attr-defined]
    assert item.chain[0].source == "xw:partOf" and item.chain[0].mapping is None  # type: ignore[attr-defined]
    assert item.hops == 1, "part-of steps are not mappings"  # type: ignore[attr-defined]


def test_bad_arguments_are_clear_errors(chain: Graph) -> None:
    with pytest.raises(NotFound) as missing:
        coverage(chain, "iso27001:A.3")
    assert "iso27001:A.1" in missing.value.suggestions or "iso27001:A.2" in missing.value.suggestions
    with pytest.raises(InputError):
        coverage(chain, "not-an-id")
    with pytest.raises(InputError):
        coverage(chain, "iso27001:A.1", depth=0)
    with pytest.raises(InputError):
        coverage(chain, "iso27001:A.1", min_status="final")
    with pytest.raises(InputError):
        coverage(chain, "iso27001:A.1", direction="sideways")
    with pytest.raises(NotFound):
        coverage(chain, "iso27001:A.1", ["iso99999"])


def test_matrix_counts_and_shares(chain: Graph) -> None:
    m = matrix(chain, "iso27001", "iso42001")
    assert [(r.provision, r.coverage, r.by) for r in m.data] == [
        ("iso27001:A.1", "covered", "iso42001:A.1"),
        ("iso27001:A.2", "partial", "iso42001:A.2"),
    ]
    assert m.summary == {"covered": 1, "partial": 1, "unknown": 0, "not-covered": 0, "none": 0}
    assert m.percent["covered"] == 50.0
    back = matrix(chain, "airmf", "iso27001")
    assert [(r.provision, r.coverage, r.by) for r in back.data] == [("airmf:GOVERN-1.1", "partial", "iso27001:A.1")]
    with pytest.raises(InputError):
        matrix(chain, "iso27001", "iso-iec-27001-2022")


# --- the real data -----------------------------------------------------------------------------------


def test_harmonized_structure_clause_of_another_system_is_partial(graph: Graph) -> None:
    """Documented information of an ISMS is not that of an AIMS: the shared clause overlaps, never covers."""
    result = coverage(graph, "iso27001:7.5", ["iso42001"])
    item = by_id(result)["iso42001:7.5"]
    assert item.coverage == "partial" and item.relations == ["intersects-with"]  # type: ignore[attr-defined]
    [step] = item.chain  # type: ignore[attr-defined]
    assert step.mapping_set == "iso-iec-27001-2022--iso-iec-42001-2023-hs"
    assert step.source == "iso-harmonized-structure"
    assert result.content_hash.startswith("sha256:")


def test_ai_risk_impact_assessment_is_not_covered_by_27001(graph: Graph) -> None:
    result = coverage(graph, "iso42001:6.1.4", ["iso27001"])
    assert all(i.coverage != "covered" for i in result.data)
    assert by_id(result)["iso27001:6.1.2"].coverage == "not-covered"  # type: ignore[attr-defined]


def test_every_curated_mapping_reads_the_same_both_ways(graph: Graph) -> None:
    mg = mapping_graph(graph)
    usable = [e for e in mg.edges if e.status not in ("disputed", "deprecated")]  # below every status floor
    for edge in usable[:300]:
        subject, obj = mg.provisions[edge.subject], mg.provisions[edge.object]
        there = by_id(coverage(graph, subject.id, [obj.framework], derived=False))
        back = by_id(coverage(graph, obj.id, [subject.framework], derived=False, direction="covers"))
        assert there[obj.id].coverage == back[subject.id].coverage, edge  # type: ignore[attr-defined]


def test_real_matrix_adds_up(graph: Graph) -> None:
    m = matrix(graph, "iso42001", "iso27001")
    mg = mapping_graph(graph)
    assert m.count == len(requirements(mg, "iso-iec-42001-2023")) == sum(m.summary.values())
    assert abs(sum(m.percent.values()) - 100.0) < 0.5
    # no 27001 provision contains a 42001 one: an ISMS clause is never the AIMS clause of the same number
    assert not [r.provision for r in m.data if r.coverage == "covered"]
    partial = {r.provision for r in m.data if r.coverage == "partial"}
    assert {"iso42001:7.5.1", "iso42001:10.2"} <= partial
    assert "iso42001:6.1.4" not in partial


def test_requirements_are_leaf_clauses_and_controls(graph: Graph) -> None:
    mg = mapping_graph(graph)
    reqs = [mg.provisions[p] for p in requirements(mg, "iso-iec-42001-2023")]
    assert {p.kind for p in reqs} == {"Clause", "Control"}
    assert sum(p.kind == "Control" for p in reqs) == 38
    assert "iso42001:6.1" not in {p.id for p in reqs}, "6.1 has parts; its parts are the requirements"
    ai_act = {mg.provisions[p].id for p in requirements(mg, "eu-ai-act")}
    assert "euaia:art-15-1" in ai_act and "euaia:art-3" not in ai_act


def test_joining_the_last_hop_finds_exactly_the_routes_into_the_ends(graph: Graph) -> None:
    """routes_into (the gap analysis's shortcut) against a full walk filtered to the same ends."""
    mg = mapping_graph(graph)
    keep = keep_filter()
    ends = set(mg.by_framework["iso-iec-27001-2022"])
    into = entries(mg, keep, ends)
    starts = [*requirements(mg, "iso-iec-42001-2023"), *requirements(mg, "eu-ai-act")[:40]]
    for start in starts:
        for depth in (1, 2, 3):
            full = {
                (r.relations, tuple(h.key for h in r.hops)) for r in routes(mg, start, depth, keep) if r.end in ends
            }
            joined = {(r.relations, tuple(h.key for h in r.hops)) for r in routes_into(mg, start, depth, keep, into)}
            assert joined == full, (start, depth)


def test_the_reachable_bound_is_never_beaten() -> None:
    """The gap analysis stops extending a chain when its best reachable coverage is already beaten: check
    that bound against every composition with one or two more relations."""
    from itertools import combinations, product

    from xwalk.engine.routes import _reachable
    from xwalk.model.relation import COVERAGE_RANK, Relation, compose, judge

    rels = list(Relation)
    for n in range(1, 6):
        for combo in combinations(rels, n):
            start = frozenset(combo)
            bound = COVERAGE_RANK[_reachable(start)]
            reached = []
            for more in [*product(rels, repeat=1), *product(rels, repeat=2)]:
                out = start
                for r in more:
                    out = compose(out, (r,))
                reached.append(COVERAGE_RANK[judge(out)])
            assert max(reached) <= bound, start
            assert max(reached) == bound, f"the bound for {sorted(start)} is loose"


# --- the curated sets beyond the harmonized structure (checked when they landed) -----------------------


def test_article_15_is_met_in_part_by_27001_and_42001_controls(graph: Graph) -> None:
    result = coverage(graph, "euaia:art-15", ["iso27001", "iso42001"])
    items = by_id(result)
    assert result.summary["covered"] == 0, "no control meets the whole of Article 15"
    assert items["iso27001:A.8.25"].coverage == "partial"  # type: ignore[attr-defined]
    assert items["iso42001:A.6.2.4"].coverage == "partial"  # type: ignore[attr-defined]
    # via a paragraph: Article 15 holds 15(1), which overlaps A.6.2.4
    first = items["iso42001:A.6.2.4"].chain[0]  # type: ignore[attr-defined]
    assert (first.subject, first.relation, first.object, first.source) == (
        "euaia:art-15-1",
        "subset-of",
        "euaia:art-15",
        "xw:partOf",
    )
    strengths = [i.strength for i in result.data if i.coverage == "partial"]
    assert strengths == sorted(strengths, reverse=True), "strongest first within a judgement"


def test_disputed_mappings_never_count(graph: Graph) -> None:
    mg = mapping_graph(graph)
    disputed = [e for e in mg.edges if e.status == "disputed"]
    assert disputed, "the guide sets carry disputed rows"
    for edge in disputed[:20]:
        subject, obj = mg.provisions[edge.subject], mg.provisions[edge.object]
        direct = {i.provision for i in coverage(graph, subject.id, [obj.framework], derived=False).data}
        others = [e for e in mg.edges if {e.subject, e.object} == {edge.subject, edge.object} and e is not edge]
        if not any(e.status not in ("disputed", "deprecated") for e in others):
            assert obj.id not in direct, edge


def test_27001_2013_to_2022_and_nist_sets(graph: Graph) -> None:
    old = by_id(coverage(graph, "iso27001-2013:A.12.4.1", ["iso27001"], derived=False))
    assert old["iso27001:A.8.15"].coverage == "covered"  # type: ignore[attr-defined]
    assert coverage(graph, "airmf:GOVERN-1.1", ["iso42001"], derived=False).count >= 1
    assert coverage(graph, "csf2:PR.AA-01", ["iso27001"], derived=False).count >= 1

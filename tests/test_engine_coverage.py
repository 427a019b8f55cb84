"""Coverage and the matrix: hand-built graphs whose answers are obvious, then the real data."""

from __future__ import annotations

import pytest

from xwalk.engine.combine import combine, keep_filter
from xwalk.engine.context import Graph
from xwalk.engine.coverage import coverage, matrix, requirements
from xwalk.engine.mapgraph import mapping_graph
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
    assert [i.provision for i in result.data] == ["airmf:GOVERN-1.1", "airmf:GOVERN"], "the function holds it"
    item = result.data[0]
    assert (item.provision, item.relations, item.verdict) == ("airmf:GOVERN-1.1", ["subset-of"], "covered")
    assert item.strength == 6, "the weakest hop"
    [witness] = item.witnesses
    assert [(s.subject, s.relation, s.object, s.source) for s in witness.steps] == [
        ("iso27001:A.1", "equal", "iso42001:A.1", "src-0"),
        ("iso42001:A.1", "subset-of", "airmf:GOVERN-1.1", "src-1"),
    ]


def test_the_other_direction_judges_the_inverse(chain: Graph) -> None:
    # GOVERN-1.1 asks more than A.1 does: A.1 as a control meets only part of it.
    covers = by_id(coverage(chain, "iso27001:A.1", ["airmf"], direction="covers"))
    assert covers["airmf:GOVERN-1.1"].relations == ["superset-of"]  # type: ignore[attr-defined]
    assert covers["airmf:GOVERN-1.1"].verdict == "partial"  # type: ignore[attr-defined]
    # and GOVERN-1.1 as a control covers the whole of iso27001:A.1
    covered = by_id(coverage(chain, "airmf:GOVERN-1.1", ["iso27001"], direction="covers"))
    assert covered["iso27001:A.1"].verdict == "covered"  # type: ignore[attr-defined]


def test_overlap_on_overlap_says_nothing(chain: Graph) -> None:
    # reached only by chains that say nothing: counted, listed (one chain each) only when asked
    quiet = coverage(chain, "iso27001:A.2", ["airmf"])
    assert quiet.data == [] and quiet.reached_only == quiet.count == 2 and quiet.listed == 0
    result = coverage(chain, "iso27001:A.2", ["airmf"], reached=True)
    assert result.summary == quiet.summary and result.listed == 2
    assert [(i.provision, i.verdict, i.chains) for i in result.data] == [
        ("airmf:GOVERN", "undetermined", 0),
        ("airmf:GOVERN-1.1", "undetermined", 0),
    ]
    item = result.data[1]
    assert len(item.relations) == 5, "intersects then intersects allows all five relations: no claim"
    assert [s.object for s in item.witnesses[0].steps] == ["iso42001:A.2", "airmf:GOVERN-1.1"], "the chain is shown"
    assert result.summary == {"covered": 0, "partial": 0, "not-covered": 0, "undetermined": 2, "unmapped": 0}
    assert by_id(coverage(chain, "iso27001:A.2"))["iso42001:A.2"].verdict == "partial"  # type: ignore[attr-defined]


def test_default_targets_are_every_other_framework(chain: Graph) -> None:
    result = coverage(chain, "iso27001:A.1")
    assert result.to == ["iso-iec-42001-2023", "nist-ai-rmf-1.0"]
    # A.1 = 42001:A.1, inside GOVERN-1.1, which overlaps 42001:A.2: A.1 may or may not touch A.2; the annex
    # 42001:A holds A.1, so covers it; GOVERN (the function) holds GOVERN-1.1
    assert [(i.provision, i.verdict) for i in result.data] == [
        ("iso42001:A.1", "covered"),
        ("iso42001:A", "covered"),
        ("airmf:GOVERN-1.1", "covered"),
        ("airmf:GOVERN", "covered"),
        ("iso42001:A.2", "undetermined"),
    ]
    assert result.summary == {"covered": 4, "partial": 0, "not-covered": 0, "undetermined": 1, "unmapped": 0}
    assert result.mapping_sets == ["test"] and result.sources == ["src-0", "src-1", "src-3", "xw:partOf"]


def test_filters_strength_status_and_direct(chain: Graph) -> None:
    assert coverage(chain, "iso27001:A.1", ["airmf"], min_strength=7).data == []
    assert coverage(chain, "iso27001:A.1", ["airmf"], min_status="approved").data == []
    approved = coverage(chain, "iso27001:A.1", ["iso42001"], min_status="approved").data
    assert [i.provision for i in approved] == ["iso42001:A.1", "iso42001:A"]
    assert coverage(chain, "iso27001:A.2", min_status="reviewed").data == [], "a draft mapping is below reviewed"
    direct = coverage(chain, "iso27001:A.1", derived=False)
    assert [i.provision for i in direct.data] == ["iso42001:A.1"] and direct.depth == 1
    assert coverage(chain, "iso27001:A.1", ["airmf"], depth=1).data == []
    assert coverage(chain, "iso27001:A.1", ["airmf"], exclude_sets=["test"]).summary["unmapped"] == 2
    with pytest.raises(InputError, match="no mapping set nope"):
        coverage(chain, "iso27001:A.1", sets=["nope"])


def test_parts_and_wholes_widen_the_search(chain: Graph) -> None:
    # The annex holds A.1: what covers A.1 covers part of the annex.
    item = by_id(coverage(chain, "iso27001:A", ["iso42001"]))["iso42001:A.1"]
    assert item.relations == ["superset-of"] and item.verdict == "partial"  # type: ignore[attr-defined]
    first = item.witnesses[0].steps[0]  # type: ignore[attr-defined]
    assert first.source == "xw:partOf" and first.mapping is None
    # and from the far end too: the whole 42001 annex holds A.1, so the two annexes overlap
    both = by_id(coverage(chain, "iso27001:A", ["iso42001"]))["iso42001:A"]
    assert both.verdict == "partial" and both.witnesses[0].steps[-1].source == "xw:partOf"  # type: ignore[attr-defined]


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
    assert [(r.provision, r.verdict, r.by) for r in m.data] == [
        ("iso27001:A.1", "covered", "iso42001:A.1"),
        ("iso27001:A.2", "partial", "iso42001:A.2"),
    ]
    assert m.summary == {"covered": 1, "partial": 1, "not-covered": 0, "undetermined": 0, "unmapped": 0}
    assert m.percent["covered"] == 50.0
    back = matrix(chain, "airmf", "iso27001")
    assert [(r.provision, r.verdict, r.by) for r in back.data] == [("airmf:GOVERN-1.1", "partial", "iso27001:A.1")]
    with pytest.raises(InputError):
        matrix(chain, "iso27001", "iso-iec-27001-2022")


# --- the real data -----------------------------------------------------------------------------------


def test_harmonized_structure_clause_of_another_system_is_partial(graph: Graph) -> None:
    """Documented information of an ISMS is not that of an AIMS: the shared clause overlaps, never covers."""
    result = coverage(graph, "iso27001:7.5", ["iso42001"])
    item = by_id(result)["iso42001:7.5"]
    assert item.verdict == "partial" and item.relations == ["intersects-with"]  # type: ignore[attr-defined]
    [step] = item.witnesses[0].steps  # type: ignore[attr-defined]
    assert step.mapping_set == "iso-iec-27001-2022--iso-iec-42001-2023-hs"
    assert step.source == "iso-harmonized-structure"
    assert result.content_hash.startswith("sha256:")


def test_ai_risk_impact_assessment_is_not_covered_by_27001(graph: Graph) -> None:
    result = coverage(graph, "iso42001:6.1.4", ["iso27001"])
    assert all(i.verdict != "covered" for i in result.data)
    assert by_id(result)["iso27001:6.1.2"].verdict == "not-covered"  # type: ignore[attr-defined]


def test_every_curated_mapping_reads_the_same_both_ways(graph: Graph) -> None:
    mg = mapping_graph(graph)
    # below every status floor, or transcribed as published: not used unless asked for
    usable = [
        e for e in mg.edges if e.status not in ("disputed", "deprecated") and e.mapping_set not in mg.as_published
    ]
    for edge in [e for e in usable if e.object in mg.provisions][:300]:
        subject, obj = mg.provisions[edge.subject], mg.provisions[edge.object]
        there = by_id(coverage(graph, subject.id, [obj.framework], derived=False))
        back = by_id(coverage(graph, obj.id, [subject.framework], derived=False, direction="covers"))
        assert there[obj.id].verdict == back[subject.id].verdict, edge  # type: ignore[attr-defined]
    # a no-relationship against a whole standard is one against each of its provisions, read either way
    whole = [e for e in usable if e.object in mg.wholes]
    assert len(whole) > 50 and {mg.wholes[e.object] for e in whole} == {"iso-iec-27001-2022", "iso-iec-42001-2023"}
    for edge in whole:
        subject, fw = mg.provisions[edge.subject], mg.wholes[edge.object]
        there = by_id(coverage(graph, subject.id, [fw], derived=False))
        assert set(there) == {mg.provisions[p].id for p in mg.by_framework[fw]}, edge
        for p in mg.by_framework[fw]:
            back = by_id(coverage(graph, mg.provisions[p].id, [subject.framework], derived=False, direction="covers"))
            assert there[mg.provisions[p].id].verdict == back[subject.id].verdict == "not-covered", edge  # type: ignore[attr-defined]


def test_real_matrix_adds_up(graph: Graph) -> None:
    m = matrix(graph, "iso42001", "iso27001")
    mg = mapping_graph(graph)
    assert m.count == len(requirements(mg, "iso-iec-42001-2023")) == sum(m.summary.values())
    assert abs(sum(m.percent.values()) - 100.0) < 0.5
    # no 27001 provision contains a 42001 one: an ISMS clause is never the AIMS clause of the same number
    assert not [r.provision for r in m.data if r.verdict == "covered"]
    partial = {r.provision for r in m.data if r.verdict == "partial"}
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


# --- the curated sets beyond the harmonized structure (checked when they landed) -----------------------


def test_article_15_is_met_in_part_by_27001_and_42001_controls(graph: Graph) -> None:
    result = coverage(graph, "euaia:art-15", ["iso27001", "iso42001"])
    items = by_id(result)
    assert result.summary["covered"] == 0, "no control meets the whole of Article 15"
    assert items["iso27001:A.8.25"].verdict == "partial"  # type: ignore[attr-defined]
    assert items["iso42001:A.6.2.4"].verdict == "partial"  # type: ignore[attr-defined]
    # via a paragraph: Article 15 holds 15(1), which overlaps A.6.2.4
    first = items["iso42001:A.6.2.4"].witnesses[0].steps[0]  # type: ignore[attr-defined]
    assert (first.subject, first.relation, first.object, first.source) == (
        "euaia:art-15-1",
        "subset-of",
        "euaia:art-15",
        "xw:partOf",
    )
    widths = [len(i.relations) for i in result.data if i.verdict == "partial"]
    assert widths == sorted(widths), "the narrowest answers first within a verdict"


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
    assert old["iso27001:A.8.15"].verdict == "covered"  # type: ignore[attr-defined]
    assert coverage(graph, "airmf:GOVERN-1.1", ["iso42001"], derived=False).count >= 1
    assert coverage(graph, "csf2:PR.AA-01", ["iso27001"], derived=False).count >= 1


# --- the findings of issue 10, on the real data ----------------------------------------------------------


def test_art_26_10_and_a_9_2_answer_not_covered_both_ways(graph: Graph) -> None:
    """A curated no-relationship is never lost to a vaguer chain: every chain is intersected."""
    there = by_id(coverage(graph, "euaia:art-26-10", ["iso42001"]))["iso42001:A.9.2"]
    back = by_id(coverage(graph, "iso42001:A.9.2", ["euaia"], direction="covers"))["euaia:art-26-10"]
    for item in (there, back):
        assert (item.verdict, item.relations) == ("not-covered", ["no-relationship"])  # type: ignore[attr-defined]
    direct = by_id(coverage(graph, "euaia:art-26-10", ["iso42001"], derived=False))["iso42001:A.9.2"]
    assert direct.verdict == "not-covered"  # type: ignore[attr-defined]


def test_coverage_and_covers_agree_on_every_pair(graph: Graph) -> None:
    """rel(C, R) is the inverse of rel(R, C) for every pair an AI Act or ISO 42001 requirement reaches."""
    from xwalk.model.relation import inverse

    mg = mapping_graph(graph)
    keep = keep_filter(mg)
    starts = [*requirements(mg, "eu-ai-act"), *requirements(mg, "iso-iec-42001-2023")]
    pairs = 0
    for start in starts:
        for end, c in combine(mg, start, 3, keep).items():
            assert combine(mg, end, 3, keep)[start].relations == inverse(c.relations), (start, end)
            pairs += 1
    assert pairs > 1000
    # and through the public function, both directions, on one article's answers
    for item in coverage(graph, "euaia:art-15", ["iso27001", "iso42001"]).data:
        back = by_id(coverage(graph, item.provision, ["euaia"], direction="covers"))["euaia:art-15"]
        assert (back.verdict, back.relations) == (item.verdict, item.relations), item.provision  # type: ignore[attr-defined]


def test_guide_sets_change_nothing_by_default(graph: Graph) -> None:
    mg = mapping_graph(graph)
    guides = sorted(mg.as_published)
    assert guides == [
        "eu-ai-act--iso-iec-27001-2022-guide-2026-05",
        "eu-ai-act--iso-iec-42001-2023-guide-2026-05",
    ]
    default = coverage(graph, "euaia:art-15", ["iso27001", "iso42001"])
    without = coverage(graph, "euaia:art-15", ["iso27001", "iso42001"], exclude_sets=guides)
    assert [(i.provision, i.verdict, i.relations) for i in default.data] == [
        (i.provision, i.verdict, i.relations) for i in without.data
    ]
    assert not set(guides) & set(default.mapping_sets)
    assert all(s.mapping_set not in guides for i in default.data for w in i.witnesses for s in w.steps)
    asked = coverage(graph, "euaia:art-15", ["iso27001", "iso42001"], include_as_published=True)
    assert set(guides) <= set(asked.mapping_sets) and asked.include_as_published
    # naming a guide set in `sets` uses it: asking for it is asking
    only = coverage(graph, "euaia:art-17", ["iso42001"], sets=["eu-ai-act--iso-iec-42001-2023-guide-2026-05"])
    assert only.mapping_sets == ["eu-ai-act--iso-iec-42001-2023-guide-2026-05"]
    m, m_without = matrix(graph, "iso42001", "iso27001"), matrix(graph, "iso42001", "iso27001", exclude_sets=guides)
    assert m.summary == m_without.summary


def test_a_negative_survives_min_strength_5(graph: Graph) -> None:
    """Strength measures overlap: a no-relationship (strength 0 by rule) is never filtered out by it."""
    item = by_id(coverage(graph, "euaia:art-26-10", ["iso42001"], derived=False, min_strength=5))["iso42001:A.9.2"]
    assert (item.verdict, item.strength) == ("not-covered", 0)  # type: ignore[attr-defined]
    strong = coverage(graph, "euaia:art-15", ["iso27001"], min_strength=5)
    assert all(
        s.strength >= 5 or s.relation == "no-relationship" or s.mapping is None
        for i in strong.data
        for w in i.witnesses
        for s in w.steps
    )


def test_every_summary_counts_all_five_verdicts(graph: Graph) -> None:
    result = coverage(graph, "euaia:art-15", ["iso27001", "iso42001"])
    assert list(result.summary) == ["covered", "partial", "not-covered", "undetermined", "unmapped"]
    mg = mapping_graph(graph)
    assert sum(result.summary.values()) == sum(len(mg.by_framework[f]) for f in result.to)
    assert result.count == sum(v for k, v in result.summary.items() if k != "unmapped")
    # the provisions only uninformative chains reach are counted, and listed only when asked
    assert 0 < result.reached_only < result.count
    assert len(result.data) == result.listed == result.count - result.reached_only
    assert all(i.chains > 0 for i in result.data)
    every = coverage(graph, "euaia:art-15", ["iso27001", "iso42001"], reached=True)
    assert every.summary == result.summary and len(every.data) == every.listed == every.count
    assert every.data[: len(result.data)] == result.data
    assert {i.verdict for i in every.data[len(result.data) :]} == {"undetermined"}
    assert all(len(i.witnesses) == 1 and i.chains == 0 for i in every.data[len(result.data) :])
    assert set(result.meaning) == set(result.summary)


def test_pages_are_slices_of_the_whole_list(graph: Graph) -> None:
    every = coverage(graph, "euaia:art-15", ["iso27001", "iso42001"], reached=True).data
    for offset in (0, 7, len(every) - 3, len(every) + 5):
        page = coverage(graph, "euaia:art-15", ["iso27001", "iso42001"], reached=True, offset=offset, limit=10)
        assert page.data == every[offset : offset + 10] and page.offset == offset
    with pytest.raises(InputError, match="offset -1 is negative"):
        coverage(graph, "euaia:art-15", offset=-1)
    for limit in (0, -1):  # a slice [:-1] would drop the last row and say nothing
        with pytest.raises(InputError, match=f"limit {limit} is below 1"):
            coverage(graph, "euaia:art-15", limit=limit)

"""The curated and imported mapping sets: counts, sources, completeness, the guide's errors."""

from __future__ import annotations

import csv
import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from xwalk.build.catalogs import read_catalogs
from xwalk.build.pipeline import BuildResult, ontology_quads, select_status
from xwalk.build.rdfize import catalog_quads, mapping_set_quads
from xwalk.build.sssom import read_mapping_set, read_mapping_sets
from xwalk.build.validate import check_queries
from xwalk.engine.context import Graph
from xwalk.errors import Problem
from xwalk.model.mapping import Mapping, MappingSet
from xwalk.model.relation import Relation

from .conftest import REFERENCE, ROOT

MAPPINGS = ROOT / "crosswalks" / "mappings"
AI_ACT_42001 = "eu-ai-act--iso-iec-42001-2023"
GUIDE_42001 = "eu-ai-act--iso-iec-42001-2023-guide-2026-05"
GUIDE_27001 = "eu-ai-act--iso-iec-27001-2022-guide-2026-05"
CHECK = "obligation-unanswered-violation"
AI_ACT_27001 = "eu-ai-act--iso-iec-27001-2022"


def _sets(built: tuple[BuildResult, Path]) -> dict[str, MappingSet]:
    return {ms.id: ms for ms in built[0].mapping_sets}


def _violations(sets: list[MappingSet]) -> list[str]:
    """Run the check queries over the catalogs and the given sets, as the build does."""
    catalogs = read_catalogs(ROOT)
    quads = ontology_quads(ROOT) + catalog_quads(catalogs)
    for ms in sets:
        quads.extend(mapping_set_quads(ms))
    store = ox.Store()
    store.extend(quads)
    return [v.focus for v in check_queries(ROOT, store, {}) if v.rule == CHECK]


def test_published_sets_keep_every_pair(built: tuple[BuildResult, Path]) -> None:
    sets = _sets(built)
    assert len(sets["iso-iec-27001-2013--iso-iec-27001-2022"].mappings) == 115
    assert len(sets["nist-csf-2.0--iso-iec-27001-2022"].mappings) == 331
    # 281 published rows, one pair listed twice
    assert len(sets["nist-ai-rmf-1.0--iso-iec-42001-2023"].mappings) == 280
    for set_id in ("iso-iec-27001-2013--iso-iec-27001-2022", "nist-csf-2.0--iso-iec-27001-2022"):
        assert {m.status for m in sets[set_id].mappings} == {"approved"}


def test_nist_malformed_identifiers_are_repaired_and_said_so(built: tuple[BuildResult, Path]) -> None:
    csf = _sets(built)["nist-csf-2.0--iso-iec-27001-2022"]
    repaired = {
        (m.subject.local, m.object.local): m.comment or "" for m in csf.mappings if "repaired" in (m.comment or "")
    }
    assert set(repaired) == {("GV.RM-07", "6.1.1"), ("ID.RA-06", "6.1.3")}
    assert "'6.11'" in repaired[("GV.RM-07", "6.1.1")]
    assert "'6.13'" in repaired[("ID.RA-06", "6.1.3")]
    assert {m.relation for m in csf.mappings} == {Relation.INTERSECTS_WITH}


def test_ai_rmf_annex_b_targets_are_recorded_as_annex_a(built: tuple[BuildResult, Path]) -> None:
    ai_rmf = _sets(built)["nist-ai-rmf-1.0--iso-iec-42001-2023"]
    assert not [m for m in ai_rmf.mappings if m.object.local.startswith("B.")]
    cited_b = [m for m in ai_rmf.mappings if "cites Annex B B." in (m.comment or "")]
    assert cited_b and all(m.object.local.startswith("A.") for m in cited_b)


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared reference data not present")
def test_import_script_output_is_committed() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_crosswalks.py"), "--check"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared reference data not present")
def test_every_annex_b_pair_is_in_the_2013_set(built: tuple[BuildResult, Path]) -> None:
    with (REFERENCE / "iso27001" / "iso27001-annexA-2013-to-2022.csv").open(newline="") as f:
        expected = {(r["control_2013"], r["control_2022"]) for r in csv.DictReader(f)}
    ms = _sets(built)["iso-iec-27001-2013--iso-iec-27001-2022"]
    assert {(m.subject.local, m.object.local) for m in ms.mappings} == expected


def test_every_mapping_has_a_known_source_and_a_comment(built: tuple[BuildResult, Path]) -> None:
    result = built[0]
    for ms in result.mapping_sets:
        for m in ms.mappings:
            assert m.source in result.catalogs.sources, f"{ms.file}:{m.line}"
            assert m.comment, f"{ms.file}:{m.line} has no comment"


def test_sets_agree_on_shared_pairs(built: tuple[BuildResult, Path]) -> None:
    """Two active rows about the same ordered pair, in any two sets, claim the same relation."""
    seen: dict[tuple[str, str], tuple[Relation, str]] = {}
    for ms in built[0].mapping_sets:
        for m in ms.mappings:
            if m.status in ("disputed", "deprecated"):
                continue
            key = (m.subject.curie, m.object.curie)
            relation, where = seen.setdefault(key, (m.relation, f"{ms.file}:{m.line}"))
            assert relation is m.relation, f"{ms.file}:{m.line} contradicts {where}"


def test_management_systems_do_not_reach_conformity_assessment_or_ce_marking(built: tuple[BuildResult, Path]) -> None:
    sets = _sets(built)
    for set_id in (AI_ACT_42001, AI_ACT_27001):
        rows = sets[set_id].mappings
        for prefix in ("art-43", "art-48", "art-16-f", "art-16-h"):
            hits = [m for m in rows if m.subject.local == prefix or m.subject.local.startswith(prefix + "-")]
            assert hits, (set_id, prefix)
            assert all(m.relation is Relation.NO_RELATIONSHIP and m.strength == 0 for m in hits), (set_id, prefix)


def test_registration_is_read_the_same_way_everywhere(built: tuple[BuildResult, Path]) -> None:
    """A.8.5 carries information owed to authorities (Arts 17(1)(j), 20(2), 21, 26(12)), so registration
    duties intersect it, weakly, in every row; none is a no-relationship to A.8.5."""
    rows = _sets(built)[AI_ACT_42001].mappings
    registration = ("art-49", "art-49-1", "art-49-2", "art-49-3", "art-16-i", "art-26-8")
    on_a85 = {m.subject.local: m for m in rows if m.object.local == "A.8.5" and m.subject.local in registration}
    assert set(on_a85) == set(registration)
    assert {(m.relation, m.strength) for m in on_a85.values()} == {(Relation.INTERSECTS_WITH, 2)}
    authority = [m for m in rows if m.object.local == "A.8.5" and m.subject.local in ("art-20-2", "art-21-1")]
    assert len(authority) == 2 and all(m.relation is Relation.INTERSECTS_WITH for m in authority)


def test_completeness_holds_on_the_real_data(graph: Graph) -> None:
    assert graph.select("examples/unmapped-high-risk-obligations") == []


def _without(built: tuple[BuildResult, Path], set_id: str, drop: Callable[[Mapping], bool]) -> list[MappingSet]:
    return [
        dataclasses.replace(ms, mappings=tuple(m for m in ms.mappings if not drop(m))) if ms.id == set_id else ms
        for ms in built[0].mapping_sets
    ]


def test_completeness_check_names_each_unanswered_duty(built: tuple[BuildResult, Path]) -> None:
    sets = _without(built, AI_ACT_42001, lambda m: m.subject.local.startswith("art-73"))
    focus = _violations(sets)
    assert focus and all("/obligation/art-73-" in f for f in focus)
    assert {f.rsplit("/obligation/", 1)[1] for f in focus} == {
        f"art-73-{n}/provider/{risk}" for n in (1, 2, 3, 4, 6) for risk in ("high-risk-annex-i", "high-risk-annex-iii")
    }


def test_completeness_check_covers_27001_and_every_role(built: tuple[BuildResult, Path]) -> None:
    # an importer's, a GPAI model provider's and an Art 50 deployer's duty, each losing its only 27001 row
    gone = {"art-23-4", "art-55-1-d", "art-50-4"}
    focus = _violations(_without(built, AI_ACT_27001, lambda m: m.subject.local in gone))
    assert {f.rsplit("/obligation/", 1)[1].split("/")[0] for f in focus} == gone
    roles = {f.rsplit("/obligation/", 1)[1].split("/")[1] for f in focus}
    assert roles == {"importer", "gpai-model-provider", "deployer"}


def test_completeness_check_wants_the_duty_s_own_provision(built: tuple[BuildResult, Path]) -> None:
    """An article-level row does not answer for its paragraphs: Art 27 keeps its rows, 27(3) loses its own."""
    sets = _without(built, AI_ACT_42001, lambda m: m.subject.local == "art-27-3")
    assert [m for m in _sets(built)[AI_ACT_42001].mappings if m.subject.local == "art-27"]  # the article rows stay
    assert [f.rsplit("/obligation/", 1)[1] for f in _violations(sets)] == ["art-27-3/deployer/high-risk-annex-iii"]


def test_completeness_check_ignores_disputed_claims(built: tuple[BuildResult, Path]) -> None:
    sets = []
    for ms in built[0].mapping_sets:
        if ms.id == AI_ACT_42001:
            ms = dataclasses.replace(
                ms,
                mappings=tuple(
                    dataclasses.replace(m, status="disputed") if m.subject.local == "art-43-2" else m
                    for m in ms.mappings
                ),
            )
        sets.append(ms)
    assert [f.rsplit("/obligation/", 1)[1] for f in _violations(sets)] == ["art-43-2/provider/high-risk-annex-iii"]


def test_prohibitions_are_out_of_the_check_s_scope(built: tuple[BuildResult, Path]) -> None:
    bans = [ob for ob in built[0].catalogs.obligations["eu-ai-act"].obligations if ob.risk_class == "prohibited"]
    sets = _sets(built)
    mapped = {m.subject.local for set_id in (AI_ACT_42001, AI_ACT_27001) for m in sets[set_id].mappings}
    assert bans and not [ob for ob in bans if ob.provision in mapped]
    assert _violations(list(built[0].mapping_sets)) == []


def test_completeness_check_is_silent_in_an_approved_only_release() -> None:
    sets = select_status(read_mapping_sets(ROOT, read_catalogs(ROOT), warnings=[]), "approved")
    assert _violations(sets) == []


def test_check_reports_the_guides_wrong_citations() -> None:
    problems: list[Problem] = []
    path = MAPPINGS / f"{GUIDE_42001}.sssom.tsv"
    ms = read_mapping_set(path, path.name, read_catalogs(ROOT), problems)
    assert ms is not None and ms.citation_as_published
    unknown = [p for p in problems if p.rule == "unknown-identifier"]
    assert len(unknown) == 1 and "iso42001:8.6" in unknown[0].message
    titles = {p.message.split("catalog title of ", 1)[1].split(",")[0] for p in problems if p.rule == "title-mismatch"}
    assert titles == {"iso42001:8.2", "iso42001:8.3", "iso42001:8.4"}


def test_the_corrected_reading_is_carried_in_the_curated_sets(built: tuple[BuildResult, Path]) -> None:
    sets = _sets(built)
    corrected = {
        (m.subject.local, m.object.local)
        for set_id in (AI_ACT_42001, "eu-ai-act--iso-iec-27001-2022")
        for m in sets[set_id].mappings
        if (m.comment or "").startswith("Corrects the May 2026 guide")
    }
    # lifecycle is A.6.x, documentation 7.5, impact assessment 8.4, third parties A.10.x, and A.8 is not all Art 15
    assert {("art-10", "A.6.2"), ("art-11", "7.5"), ("art-27", "8.4"), ("art-26", "A.10.3")} <= corrected
    assert ("art-15-5", "A.8.23") in corrected
    disputed = {(m.subject.local, m.object.local) for m in sets[GUIDE_42001].mappings if m.status == "disputed"}
    assert disputed == {("art-10", "8.3"), ("art-11", "8.4"), ("annex-iv", "8.4"), ("art-27", "8.2")}
    assert len(sets[GUIDE_27001].mappings) == 35


def test_inferred_application_dates_are_marked_and_stated_ones_are_not(built: tuple[BuildResult, Path]) -> None:
    obligations = built[0].catalogs.obligations["eu-ai-act"].obligations
    inferred = {ob.provision.split("-")[1] for ob in obligations if ob.date_basis}
    assert inferred == {"72", "73", "80", "86"}
    for ob in obligations:
        if ob.provision.split("-")[1] in inferred:
            assert ob.date_basis and ob.date_basis.startswith("Inferred: "), ob.provision
    store = ox.Store()
    store.load(built[0].trig, format=ox.RdfFormat.TRIG)
    rows = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?o <https://w3id.org/xwalk/ontology#dateBasis> ?why } }"
    )
    assert isinstance(rows, ox.QuerySolutions)
    assert int(next(iter(rows))["n"].value) == sum(1 for ob in obligations if ob.date_basis)


def _report(graph: Graph, example: str) -> Any:
    from xwalk.engine.gaps import gap_analysis
    from xwalk.model.profile import parse_profile

    return gap_analysis(graph, parse_profile(json.loads((ROOT / "examples" / example).read_text())))


def test_an_iso42001_certified_provider_has_no_unmapped_ai_act_duty(graph: Graph) -> None:
    report = _report(graph, "iso42001-certified-provider.json")
    duties = [i for i in report.items if i.framework == "eu-ai-act"]
    assert len(duties) > 60
    # every duty is reached by curated data from what the organisation implements: a claim, never silence
    assert not [i.requirement for i in duties if i.status == "unmapped" or i.basis.kind == "none"]
    # and the legal formalities are proved out of reach, not left open
    negative = {i.requirement.split("/")[1] for i in duties if i.status == "not-covered"}
    assert {"art-16-f", "art-16-h", "art-43-2", "art-48-3"} <= negative


def test_the_doc_s_counts_table_is_the_script_s_output() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "crosswalk_counts.py"), "--check"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    table = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "crosswalk_counts.py")], capture_output=True, text=True, check=True
    ).stdout
    rows = {line.split(" | ")[0].strip("| `"): line.split(" | ") for line in table.splitlines()[2:]}
    # the script counts what the build reads: the AI Act -> 42001 set's no-relationship rows, e.g.
    negatives = sum(1 for m in _curated_rows(AI_ACT_42001) if m.relation is Relation.NO_RELATIONSHIP)
    assert rows[AI_ACT_42001][7] == str(negatives)


def _curated_rows(set_id: str) -> tuple[Mapping, ...]:
    ms = read_mapping_set(MAPPINGS / f"{set_id}.sssom.tsv", set_id, read_catalogs(ROOT), [])
    assert ms is not None
    return ms.mappings

"""AI Act obligations by role, risk class and date, from the built graph."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from xwalk.build.pipeline import BuildResult
from xwalk.cli import main
from xwalk.engine.context import Graph
from xwalk.engine.obligations import obligations
from xwalk.errors import InputError

from .conftest import ROOT


def test_deployer_duties_in_force_when_annex_iii_applies(graph: Graph) -> None:
    result = obligations(graph, "deployer", "high-risk-annex-iii", dt.date(2027, 12, 2))
    provisions = {o.provision for o in result.in_force}
    assert {f"euaia:art-26-{n}" for n in (1, 2, 5, 6, 11)} <= provisions
    assert "euaia:art-86-1" in provisions
    assert "euaia:art-4" in provisions, "AI literacy binds deployers too"
    assert all(o.applies_from <= "2027-12-02" for o in result.in_force)
    assert not any(o.role == "provider" for o in result.in_force), "provider duties are not a deployer's"


def test_before_the_high_risk_date_only_earlier_duties_apply(graph: Graph) -> None:
    early = obligations(graph, "deployer", "high-risk-annex-iii", dt.date(2026, 1, 1))
    assert [o.provision for o in early.in_force] == ["euaia:art-4"]
    assert early.later and min(o.applies_from for o in early.later) > "2026-01-01"


def test_annex_i_systems_follow_the_later_date(graph: Graph) -> None:
    annex_i = obligations(graph, "provider", "high-risk-annex-i", dt.date(2027, 12, 2))
    annex_iii = obligations(graph, "provider", "high-risk-annex-iii", dt.date(2027, 12, 2))
    assert not any(o.provision == "euaia:art-9-1" for o in annex_i.in_force)
    assert any(o.provision == "euaia:art-9-1" for o in annex_iii.in_force)
    assert {o.applies_from for o in annex_i.later if o.risk_class == "high-risk-annex-i"} == {"2028-08-02"}


def test_prohibitions_bind_every_operator_from_february_2025(graph: Graph) -> None:
    result = obligations(graph, "importer", "prohibited", dt.date(2025, 2, 2))
    assert {f"euaia:art-5-1-{p}" for p in "abcdefgh"} <= {o.provision for o in result.in_force}


def test_every_obligation_date_has_a_source(graph: Graph) -> None:
    result = obligations(graph, "provider")
    assert result.in_force
    assert all(o.date_source.startswith("http://data.europa.eu/eli/") for o in result.in_force)


def test_gpai_provider_carries_provider_and_operator_duties_of_its_class(graph: Graph) -> None:
    result = obligations(graph, "gpai-model-provider", "gpai-model-systemic-risk", dt.date(2025, 8, 2))
    provisions = {o.provision for o in result.in_force}
    assert any(p.startswith("euaia:art-55") for p in provisions)
    assert any(p.startswith("euaia:art-53") for p in provisions)


def test_unknown_role_is_refused(graph: Graph) -> None:
    with pytest.raises(InputError, match="not an AI Act role"):
        obligations(graph, "vendor")


def test_cli_matches_the_named_query(built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--root", str(ROOT), "--dist", str(built[1])]
    assert (
        main(
            [
                *base,
                "obligations",
                "--role",
                "deployer",
                "--risk",
                "high-risk-annex-iii",
                "--as-of",
                "2026-01-01",
                "--format",
                "json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert [o["provision"] for o in data["in_force"]] == ["euaia:art-4"]
    assert (
        main(
            [
                *base,
                "query",
                "examples/obligations",
                "--param",
                "role=role:deployer",
                "--param",
                "risk=risk:high-risk-annex-iii",
                "--param",
                "as_of=2026-01-01",
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)["data"]
    assert [r["provision"] for r in rows] == ["https://w3id.org/xwalk/id/eu-ai-act/art-4"]


def test_articles_without_obligations_excludes_duty_articles(graph: Graph) -> None:
    rows = graph.select("examples/articles-without-obligations")
    ids = {r["article"].value.rsplit("/", 1)[-1] for r in rows}
    assert "art-26" not in ids and "art-9" not in ids
    assert "art-1" in ids and "art-113" in ids


def test_roles_are_defined_by_article_3_provisions(graph: Graph) -> None:
    rows = graph.store.select(
        "SELECT ?role ?def WHERE { ?role a xw:Role ; rdfs:isDefinedBy ?def . ?def a xw:Point ; skos:notation ?n }"
    )
    defined = {r["role"].value.rsplit("/", 1)[-1]: r["def"].value.rsplit("/", 1)[-1] for r in rows}
    assert defined["provider"] == "art-3-3"
    assert defined["deployer"] == "art-3-4"
    assert defined["operator"] == "art-3-8"
    assert {"authorised-representative", "importer", "distributor"} <= set(defined)


@pytest.mark.parametrize("role", ["provider", "deployer"])
def test_high_risk_gives_the_union_of_both_routes(graph: Graph, role: str) -> None:
    """Asking for high-risk returns the duties of an Annex I and of an Annex III system, each once and each
    labelled with the route(s) it applies under."""
    both = obligations(graph, role, "high-risk")
    annex_i = obligations(graph, role, "high-risk-annex-i")
    annex_iii = obligations(graph, role, "high-risk-annex-iii")
    ids = [o.id for o in both.in_force]
    assert len(ids) == len(set(ids)), "no duplicates"
    assert set(ids) == {o.id for o in annex_i.in_force} | {o.id for o in annex_iii.in_force}
    assert len(ids) > len(annex_i.in_force) and len(ids) > len(annex_iii.in_force) > 3
    assert both.routes == ["high-risk-annex-i", "high-risk-annex-iii"]
    iii = {o.id for o in annex_iii.in_force}
    i_ = {o.id for o in annex_i.in_force}
    for o in both.in_force:
        assert set(o.routes) == {
            r for r, ids_ in (("high-risk-annex-i", i_), ("high-risk-annex-iii", iii)) if o.id in ids_
        }
    asked = obligations(graph, role, ["high-risk-annex-iii", "high-risk-annex-i"])
    assert [o.id for o in asked.in_force] == ids, "the two routes asked for at once are the same question"


def test_several_risk_classes_give_the_union_without_duplicates(graph: Graph) -> None:
    union = obligations(graph, "provider", ["high-risk-annex-iii", "transparency"], dt.date(2027, 12, 2))
    alone = [obligations(graph, "provider", rc, dt.date(2027, 12, 2)) for rc in ("high-risk-annex-iii", "transparency")]
    ids = [o.id for o in union.in_force]
    assert len(ids) == len(set(ids))
    assert set(ids) == {o.id for r in alone for o in r.in_force}
    assert any(o.provision.startswith("euaia:art-50") for o in union.in_force)
    assert any(o.provision.startswith("euaia:art-9") for o in union.in_force)
    everyone = next(o for o in union.in_force if o.provision == "euaia:art-4")
    assert everyone.routes == ["high-risk-annex-iii", "transparency"], "a duty of every class applies under both"
    with pytest.raises(InputError, match="risk class 'low' is unknown"):
        obligations(graph, "provider", ["transparency", "low"])


def test_the_named_query_asks_downwards_too(graph: Graph) -> None:
    from xwalk import vocab
    from xwalk.store.base import Term

    rows = graph.select(
        "examples/obligations", {"role": Term.iri(vocab.ROLE + "provider"), "risk": Term.iri(vocab.RISK + "high-risk")}
    )
    assert {r["obligation"].value for r in rows} >= {
        vocab.ID + "eu-ai-act/" + o.id.split(":", 1)[1] for o in obligations(graph, "provider", "high-risk").in_force
    }


def test_cli_repeats_risk(built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--root", str(ROOT), "--dist", str(built[1])]
    assert main([*base, "obligations", "--role", "provider", "--risk", "high-risk", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["routes"] == ["high-risk-annex-i", "high-risk-annex-iii"] and data["risk_classes"] == ["high-risk"]
    assert main([*base, "obligations", "--role", "provider", "--risk", "high-risk", "--risk", "transparency"]) == 0
    out = capsys.readouterr().out
    assert "(high-risk + transparency; routes: high-risk-annex-i, high-risk-annex-iii, transparency)" in out

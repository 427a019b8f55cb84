"""POST /classify, POST /validate, the JSON-LD @context, the CLI, and bad input (problem+json, never a 500)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph as RdfGraph
from rdflib import URIRef

from xwalk.api.app import create_app
from xwalk.build.catalogs import read_catalogs
from xwalk.build.evidence import read_evidence_tables
from xwalk.cli import main
from xwalk.config import Settings
from xwalk.engine.orggraph import context
from xwalk.errors import SourceErrors
from xwalk.model.org import EVIDENCE_TYPES, ORGANISATION_FACTS, SYSTEM_FACTS
from xwalk.store.oxigraph import OxigraphStore

from .conftest import DATA, ROOT

API = "/api/v1"
CASES = DATA / "org"
XW = "https://w3id.org/xwalk/ontology#"


@pytest.fixture
def client(settings: Settings, store: OxigraphStore) -> TestClient:
    return TestClient(create_app(settings, store), raise_server_exceptions=False)


def case(kind: str, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CASES / kind / f"{name}.json").read_text())
    return data


def test_classify_json_and_markdown(client: TestClient) -> None:
    body = json.dumps(case("classify", "art-6-2-two-purposes")).encode()
    r = client.post(f"{API}/classify", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    [system] = r.json()["systems"]
    assert system["classes"] == ["high-risk-annex-iii"]
    assert sorted(m["point"] for m in system["matches"]) == ["euaia:annex-iii-4-a", "euaia:annex-iii-4-b"]
    assert {o["provision"] for o in system["in_force"]} >= {"euaia:art-9-1", "euaia:art-16-a"}
    md = client.post(f"{API}/classify", content=body, headers={"content-type": "application/json",
                                                                 "accept": "text/markdown"})  # fmt: skip
    assert md.status_code == 200 and md.text.startswith("# AI Act classification: Case Org")
    again = client.post(f"{API}/classify", content=body, headers={"content-type": "application/json"})
    assert again.content == r.content


def test_validate_json_and_markdown(client: TestClient) -> None:
    body = json.dumps(case("validate", "provider-without-qms-manual")).encode()
    r = client.post(f"{API}/validate", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["conforms"] is False and report["counts"]["violation"] == 1
    [finding] = report["findings"]
    assert finding["basis"] == "euaia:art-17" and finding["basis_url"].endswith("#art_17")
    assert finding["pointer"] == "/ai_systems/0" and finding["focus"] == "sys"
    md = client.post(f"{API}/validate", content=body, headers={"content-type": "application/json",
                                                                 "accept": "text/markdown"})  # fmt: skip
    assert "| violation | `/ai_systems/0` | sys | EvidenceForDuty |" in md.text and "Article 17 duties" in md.text


@pytest.mark.parametrize("route", ["classify", "validate"])
def test_bad_profiles_give_problems_with_pointers(client: TestClient, route: str) -> None:
    data = case("classify", "minimal")
    data["ai_systems"][0]["social_scoring"] = "sometimes"
    data["ai_systems"][0]["annex_iii_points"] = ["euaia:art-6"]
    data["evidence"] = [{"id": "x", "type": "napkin", "title": "A napkin"}]
    r = client.post(f"{API}/{route}", content=json.dumps(data).encode(), headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    pointers = {e["pointer"] for e in r.json()["errors"]}
    assert pointers == {"/ai_systems/0/social_scoring", "/evidence/0/type"}
    not_annex_iii = case("classify", "minimal")
    not_annex_iii["ai_systems"][0]["annex_iii_points"] = ["euaia:art-6"]
    r = client.post(f"{API}/{route}", content=json.dumps(not_annex_iii).encode(),
                    headers={"content-type": "application/json"})  # fmt: skip
    assert r.status_code == 422 and [e["pointer"] for e in r.json()["errors"]] == ["/ai_systems/0/annex_iii_points/0"]
    unknown = case("classify", "minimal")
    unknown["ai_systems"][0]["annex_iii_points"] = ["euaia:annex-iii-4-z"]
    headers = {"content-type": "application/json"}
    r = client.post(f"{API}/{route}", content=json.dumps(unknown).encode(), headers=headers)
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert error["pointer"] == "/ai_systems/0/annex_iii_points/0" and "euaia:annex-iii-4-a" in error["message"]
    for body, media, status in [(b"{nope", "application/json", 422), (b"[]", "application/json", 422),
                                (b"<a> <b>", "text/turtle", 422), (b"{}", "text/csv", 415)]:  # fmt: skip
        assert client.post(f"{API}/{route}", content=body, headers={"content-type": media}).status_code == status


def test_turtle_profile_classifies_like_json(client: TestClient) -> None:
    small = DATA / "profile"
    answers = []
    for name, media in [("small.json", "application/json"), ("small.ttl", "text/turtle"),
                        ("small.jsonld", "application/ld+json")]:  # fmt: skip
        r = client.post(f"{API}/classify", content=(small / name).read_bytes(), headers={"content-type": media})
        assert r.status_code == 200, r.text
        answers.append(r.json())
    assert answers[0] == answers[1] == answers[2]
    # small.json states only the Annex III point: the rest is undetermined, never guessed
    [system] = answers[0]["systems"]
    assert system["classes"] == [] and system["agreement"] == "open"
    assert {u["rule"] for u in system["undetermined"]} >= {"art-5-1-a", "art-6-3", "art-50-1"}


def test_the_context_reads_profiles_as_rdf_in_declared_terms(client: TestClient) -> None:
    r = client.get(f"{API}/schemas/profile.jsonld")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    assert r.json() == context()
    onto = RdfGraph().parse(ROOT / "ontology" / "xwalk.ttl")
    declared = {str(s) for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(XW)}
    for f in (*SYSTEM_FACTS, *ORGANISATION_FACTS):
        assert XW + f.term in declared, f.key
    data = json.loads((ROOT / "examples" / "cv-screening-vendor.json").read_text())
    data["@context"] = context()["@context"]
    triples = [q.triple for q in ox.parse(json.dumps(data).encode(), format=ox.RdfFormat.JSON_LD,
                                          base_iri="https://w3id.org/xwalk/profile/")]  # fmt: skip
    used = {t.predicate.value for t in triples if t.predicate.value.startswith(XW)}
    assert used and used <= declared, sorted(used - declared)
    assert any(t.predicate.value == XW + "profiling" and t.object.value == "true" for t in triples)


def test_evidence_types_follow_the_vocabulary() -> None:
    g = RdfGraph().parse(ROOT / "ontology" / "vocab" / "evidence-type.ttl")
    notations = {str(o) for o in g.objects(None, URIRef("http://www.w3.org/2004/02/skos/core#notation"))}
    assert notations == set(EVIDENCE_TYPES)


def test_evidence_table_errors_name_file_and_line(project: Path) -> None:
    path = project / "crosswalks" / "evidence" / "artefacts.yaml"
    text = path.read_text().replace("euaia:art-47]", "euaia:art-470]").replace("type: fria", "type: frria")
    path.write_text(text)
    with pytest.raises(SourceErrors) as exc:
        read_evidence_tables(project, read_catalogs(project))
    rules = {(p.rule, p.line) for p in exc.value.problems}
    lines = text.splitlines()
    assert ("evidence-unknown-provision", next(i for i, t in enumerate(lines) if "art-470" in t)) in rules
    assert ("evidence-unknown-type", next(i for i, t in enumerate(lines) if "frria" in t) + 1) in rules


def test_cli_classify_and_validate(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--root", str(ROOT), "--dist", str(settings.dist_dir)]
    provider = CASES / "validate" / "provider-without-qms-manual.json"
    assert main([*args, "validate", str(provider), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["counts"]["violation"] == 1
    assert main([*args, "validate", str(CASES / "validate" / "provider-complete.json")]) == 0
    assert "conforms (0 violations" in capsys.readouterr().out
    assert main([*args, "classify", str(CASES / "classify" / "art-6-3-derogation.json"), "--format", "json"]) == 0
    [system] = json.loads(capsys.readouterr().out)["systems"]
    assert system["classes"] == ["minimal"] and system["derogations"][0]["provision"] == "euaia:art-6-3"
    assert {o["provision"] for o in system["in_force"]} >= {"euaia:art-6-4", "euaia:art-49-2"}
    assert main([*args, "classify", str(ROOT / "nope.json")]) == 2

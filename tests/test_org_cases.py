"""Every classification rule and every conformance shape, case by case (pySHACL's test layout).

tests/data/org/classify/<case>.json and validate/<case>.json, each with its answer in the folder's
expected.json. The cases come in twins that differ in one fact (scripts/org_cases.py writes them; the
answers there are written from the Act, not recorded). A rule or shape without a positive case and a
negative twin fails `test_every_rule_and_shape_has_both_cases`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from xwalk.build.pipeline import BuildResult
from xwalk.engine.classify import classify, load_rules
from xwalk.engine.conformance import conformance, shapes
from xwalk.engine.context import Graph
from xwalk.model.profile import parse_profile
from xwalk.store.dist import load_dist
from xwalk.store.oxigraph import OxigraphStore

from .conftest import DATA, ROOT

CASES = DATA / "org"


def _expected(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CASES / kind / "expected.json").read_text())
    return data


def _case(kind: str, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CASES / kind / f"{name}.json").read_text())
    return data


@pytest.fixture(scope="module")
def org(built: tuple[BuildResult, Path]) -> Graph:
    store = OxigraphStore()
    load_dist(store, built[1])
    return Graph(store, ROOT / "queries", scratch=OxigraphStore)


@pytest.mark.parametrize("name", sorted(_expected("classify")))
def test_classification_case(org: Graph, name: str) -> None:
    want = _expected("classify")[name]
    [system] = classify(org, parse_profile(_case("classify", name), strict=False)).systems
    assert system.classes == want["classes"]
    assert [[u.rule, *u.missing] for u in system.undetermined] == want["undetermined"]
    assert [d.point for d in system.derogations] == want["derogations"]
    if not system.classes:
        assert not system.in_force or all(o.risk_class is None for o in system.in_force)


@pytest.mark.parametrize("name", sorted(_expected("validate")))
def test_conformance_case(org: Graph, name: str) -> None:
    report = conformance(org, parse_profile(_case("validate", name), strict=False))
    # the duty shape checks several provisions: its findings are told apart by the provision they name
    found = sorted([f"{f.shape}:{f.basis}" if f.shape == "EvidenceForDuty" else f.shape, f.pointer]
                   for f in report.findings)  # fmt: skip
    assert found == _expected("validate")[name]
    assert report.conforms == (not any(f.severity == "violation" for f in report.findings))


def test_every_rule_and_shape_has_both_cases(org: Graph) -> None:
    """A rule is covered when some case applies it and its twin (same system, one fact changed) does not;
    a shape when some case fires it and another, without it, passes."""
    classify_cases = _expected("classify")
    decided = {r.name for r in load_rules(org) if r.duty is None}
    fired: set[str] = set()
    for name in classify_cases:
        [system] = classify(org, parse_profile(_case("classify", name), strict=False)).systems
        fired |= {m.rule for m in system.matches} | {d.rule for d in system.derogations}
    assert decided - {"art-6-3"} <= fired and "art-6-3" in fired, sorted(decided - fired)
    assert "minimal" in {c for v in classify_cases.values() for c in v["classes"]}
    sh = shapes(ROOT / "ontology" / "shapes")
    named = {m[0] for m in sh.meta.values()}
    positive = {shape for findings in _expected("validate").values() for shape, _ in findings}
    assert named - {p.split(":")[0] for p in positive} == set(), sorted(named - positive)
    duty_cases = {p.split(":", 1)[1] for p in positive if p.startswith("EvidenceForDuty:")}
    evidence_duties = {iri.replace("https://w3id.org/xwalk/id/eu-ai-act/", "euaia:")
                       for cls, iri in sh.duties if cls.endswith("#EvidenceDuty")}  # fmt: skip
    assert evidence_duties == duty_cases, sorted(evidence_duties ^ duty_cases)
    assert any(not findings for findings in _expected("validate").values())


def test_twins_differ_in_one_fact() -> None:
    """Each positive classification case has a twin in the folder that differs from it in one value."""
    cases = {n: _case("classify", n)["ai_systems"][0] for n in _expected("classify")}

    def diff(a: dict[str, Any], b: dict[str, Any]) -> int:
        return sum(1 for k in set(a) | set(b) if a.get(k) != b.get(k))

    for name, system in cases.items():
        if name in ("minimal", "no-facts"):
            continue
        assert any(diff(system, other) == 1 for o, other in cases.items() if o != name), name


def test_rules_cite_their_provisions(org: Graph) -> None:
    for r in load_rules(org):
        assert re.fullmatch(r"euaia:(art|annex)-[0-9a-z-]+", r.provision), r.name
        assert r.name.removeprefix("duty-").startswith(r.provision.removeprefix("euaia:")), r.name
        assert r.summary, r.name

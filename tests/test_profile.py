"""The organisation profile: its schema, its three syntaxes, its hash, and errors by JSON pointer."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from xwalk.build.profile import read_profile, syntax_of
from xwalk.errors import InvalidProfile, UnsupportedMediaType
from xwalk.model.catalog import RISK_CLASSES, ROLES
from xwalk.model.profile import AISystem, json_schema, parse_profile, profile_hash

from .conftest import DATA, ROOT

SMALL = DATA / "profile"


def small() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SMALL / "small.json").read_text())
    return data


def test_the_published_schema_accepts_the_examples() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in (ROOT / "examples" / "iso27001-shop.json", SMALL / "small.json"):
        jsonschema.validate(json.loads(path.read_text()), schema)


def test_schema_enums_follow_the_vocabularies() -> None:
    props = AISystem.model_json_schema()["properties"]
    assert set(props["role"]["enum"]) == set(ROLES)
    assert set(props["risk_classes"]["items"]["enum"]) == set(RISK_CLASSES)


def test_json_turtle_and_jsonld_read_as_the_same_profile() -> None:
    profiles = [
        read_profile((SMALL / name).read_bytes(), syntax)
        for name, syntax in [
            ("small.json", "json"),
            ("small.ttl", "turtle"),
            ("small.jsonld", "jsonld"),
        ]
    ]
    assert len({profile_hash(p) for p in profiles}) == 1
    ttl = profiles[1]
    assert ttl.ai_systems[0].annex_iii_point == "euaia:annex-iii-4-a"
    assert {m.provision for m in ttl.implementations if m.status == "planned"} == {"iso42001:6.1.4"}


def test_the_hash_ignores_order_and_id_spelling() -> None:
    data = small()
    shuffled = {
        **data,
        "implementations": list(reversed(data["implementations"])),
        "targets": ["eu-ai-act", "iso-iec-42001-2023"],
    }
    shuffled["implementations"][0] = {
        **shuffled["implementations"][0],
        "provision": "https://w3id.org/xwalk/id/iso-iec-42001-2023/6.1.4",
    }
    assert profile_hash(parse_profile(shuffled)) == profile_hash(parse_profile(data))
    changed = {**data, "as_of": "2026-09-02"}
    assert profile_hash(parse_profile(changed)) != profile_hash(parse_profile(data))


def pointers(data: Any) -> dict[str, str]:
    with pytest.raises(InvalidProfile) as err:
        parse_profile(data)
    return {e["pointer"]: str(e["message"]) for e in err.value.errors}


def test_every_error_is_named_by_pointer() -> None:
    data = small()
    data["as_of"] = "2026-13-01"
    data["targets"] = ["iso-iec-42001-2023", "iso-9001"]
    data["ai_systems"][0]["role"] = "owner"
    data["implementations"][1]["provision"] = "A.5.1"
    data["implementations"][2]["status"] = "done"
    data["colour"] = "blue"
    found = pointers(data)
    assert set(found) == {
        "/as_of",
        "/targets/1",
        "/ai_systems/0/role",
        "/implementations/1/provision",
        "/implementations/2/status",
        "/colour",
    }
    assert "not a provision id" in found["/implementations/1/provision"]


def test_references_across_the_profile_are_checked() -> None:
    data = small()
    data["implementations"][0]["evidence"] = ["manual", "missing"]
    data["implementations"].append({"provision": "iso27001:7", "status": "partial"})
    data["ai_systems"][0]["annex_iii_point"] = "euaia:art-6"
    found = pointers(data)
    assert set(found) == {"/implementations/0/evidence/1", "/implementations/5", "/ai_systems/0/annex_iii_point"}


def test_not_an_object_and_not_json() -> None:
    assert set(pointers([1, 2])) == {""}
    with pytest.raises(InvalidProfile, match="not JSON"):
        read_profile(b"{organisation", "json")
    with pytest.raises(InvalidProfile, match="not valid turtle"):
        read_profile(b"<a> <b> .", "turtle")


def test_rdf_without_one_organisation() -> None:
    with pytest.raises(InvalidProfile) as err:
        read_profile(b"<urn:a> <urn:b> <urn:c> .", "turtle")
    assert err.value.errors[0]["pointer"] == "/organisation"


def test_media_types() -> None:
    assert syntax_of(None) == "json"
    assert syntax_of("text/turtle; charset=utf-8") == "turtle"
    assert syntax_of("application/ld+json") == "jsonld"
    with pytest.raises(UnsupportedMediaType):
        syntax_of("application/xml")


def test_high_risk_needs_its_route() -> None:
    """The two high-risk routes apply from different dates, so the profile asks which one and says why."""
    data = json.loads((ROOT / "examples" / "iso27001-shop.json").read_text())
    data["ai_systems"][0]["risk_classes"] = ["high-risk", "transparency"]
    with pytest.raises(InvalidProfile) as err:
        parse_profile(data)
    [e] = err.value.errors
    assert e["pointer"] == "/ai_systems/0/risk_classes"
    assert "high-risk-annex-i" in str(e["message"]) and "different dates" in str(e["message"])
    data["ai_systems"][0]["risk_classes"] = ["high-risk-annex-iii", "transparency"]
    assert parse_profile(data).ai_systems[0].risk_classes == ["high-risk-annex-iii", "transparency"]

"""CISO Assistant both ways, on a real library from its repository (tests/data/interchange/README.md):
the singular `requirement_mapping_set` key, node URNs as its framework libraries name them, and a
round trip CISO -> xwalk -> CISO that keeps every row both catalogs know."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from xwalk.build.catalogs import read_catalogs
from xwalk.export.base import ImportOptions
from xwalk.export.ciso_write import node_urn
from xwalk.export.formats import FORMATS
from xwalk.model.catalog import Catalogs
from xwalk.model.ids import parse_curie

from .conftest import DATA, ROOT

REAL = DATA / "interchange" / "ciso-mapping-iso27001-2013-to-iso27001-2022.excerpt.yaml"


@pytest.fixture(scope="module")
def catalogs() -> Catalogs:
    return read_catalogs(ROOT)


def _rows(doc: dict[str, object]) -> list[tuple[str, str, str, str]]:
    objects = doc["objects"]
    assert isinstance(objects, dict)
    sets = objects.get("requirement_mapping_sets") or [objects["requirement_mapping_set"]]
    return sorted(
        (r["source_requirement_urn"], r["target_requirement_urn"], r["relationship"], r["rationale"])
        for r in sets[0]["requirement_mappings"]
    )


def _known(row: tuple[str, str, str, str]) -> bool:
    # the project's ISO/IEC 27001:2013 catalog holds Annex A only, not clauses 4-10
    return row[0].split(":")[-1].startswith("a.")


def test_singular_key_is_read(catalogs: Catalogs) -> None:
    got = FORMATS["ciso-yaml"].read(REAL, catalogs, ImportOptions(source="x"))  # type: ignore[misc]
    assert got.mapping_set is not None
    assert (got.mapping_set.subject_framework, got.mapping_set.object_framework) == (
        "iso-iec-27001-2013",
        "iso-iec-27001-2022",
    )
    rows = _rows(yaml.safe_load(REAL.read_text(encoding="utf-8")))
    unknown = [r for r in rows if not _known(r)]
    assert len(got.mapping_set.mappings) == len(rows) - len(unknown) > 0
    # every row left out is reported, with its YAML line and the URN
    assert len(got.problems) == len(unknown) and all(p.rule == "unresolved-urn" for p in got.problems)
    assert all("iso27001-2013:" in p.message and p.line > 1 for p in got.problems)


def test_round_trip_keeps_every_row(tmp_path: Path, catalogs: Catalogs) -> None:
    back = FORMATS["ciso-yaml"].read(REAL, catalogs, ImportOptions(source="x"))  # type: ignore[misc]
    assert back.mapping_set is not None
    written = FORMATS["ciso-yaml"].write(back.mapping_set, catalogs)  # type: ignore[misc]
    doc = yaml.safe_load(written.data)
    assert _rows(doc) == [r for r in _rows(yaml.safe_load(REAL.read_text(encoding="utf-8"))) if _known(r)]
    assert doc["dependencies"] == ["urn:intuitem:risk:library:iso27001-2013", "urn:intuitem:risk:library:iso27001-2022"]
    rms = doc["objects"]["requirement_mapping_sets"][0]
    assert rms["source_framework_urn"] == "urn:intuitem:risk:framework:iso27001-2013"
    assert {"urn", "locale", "ref_id", "name", "description", "copyright", "version", "provider", "packager"} <= set(
        doc
    )


@pytest.mark.parametrize(
    ("curie", "urn"),
    [  # node names as in CISO Assistant's framework libraries (ai-act.yaml, gdpr.yaml, ...)
        ("euaia:art-15-1", "urn:intuitem:risk:req_node:ai-act:15.1"),
        ("euaia:art-10-2-a", "urn:intuitem:risk:req_node:ai-act:10.2.a"),
        ("gdpr:art-5", "urn:intuitem:risk:req_node:gdpr:article-5"),
        ("gdpr:art-5-1", "urn:intuitem:risk:req_node:gdpr:5.1"),
        ("iso42001:A.6.2.5", "urn:intuitem:risk:req_node:iso42001-2023:a.6.2.5"),
        ("iso27001:A.5.17", "urn:intuitem:risk:req_node:iso27001-2022:a.5.17"),
        ("csf2:ID.AM-01", "urn:intuitem:risk:req_node:nist-csf-2.0:id.am-01"),
        ("airmf:MAP-1.3", "urn:intuitem:risk:req_node:nist-ai-rmf-1.0:map-1.3"),
        ("euaia:art-15", None),  # an article node is node<n> there: reported, not guessed
    ],
)
def test_node_urns(curie: str, urn: str | None) -> None:
    pid = parse_curie(curie)
    assert pid is not None and node_urn(pid) == urn


def test_curated_export_reports_what_it_leaves_out(catalogs: Catalogs) -> None:
    from xwalk.build.sssom import read_mapping_set

    path = ROOT / "crosswalks" / "mappings" / "eu-ai-act--iso-iec-42001-2023.sssom.tsv"
    ms = read_mapping_set(path, path.name, None, [])
    assert ms is not None
    written = FORMATS["ciso-yaml"].write(ms, catalogs)  # type: ignore[misc]
    kept = len(yaml.safe_load(written.data)["objects"]["requirement_mapping_sets"][0]["requirement_mappings"])
    lost = sum(1 for m in ms.mappings if node_urn(m.subject) is None or node_urn(m.object) is None)
    assert kept + lost == len(ms.mappings)
    assert lost == 0 or any(f"{lost} mapping(s) left out" in x for x in written.losses)

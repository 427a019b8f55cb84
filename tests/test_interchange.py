"""Interchange formats: round trips (SSSOM TSV, SSSOM/RDF, OSCAL JSON, OLIR CSV, XLSX, CSV),
loss reports, and the CISO Assistant import on fixtures written in its format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xwalk.build.catalogs import read_catalogs
from xwalk.build.sssom import read_mapping_set
from xwalk.build.sssom_write import header_meta
from xwalk.cli import main
from xwalk.export.base import ImportOptions
from xwalk.export.ciso import resolve_urn
from xwalk.export.formats import FORMATS, guess
from xwalk.model.catalog import Catalogs
from xwalk.model.mapping import MappingSet

from .conftest import DATA, ROOT

FULL = DATA / "interchange" / "full-fields.sssom.tsv"
CURATED = sorted((ROOT / "crosswalks" / "mappings").glob("*.sssom.tsv"))
LOSSLESS = {"sssom-tsv": ".sssom.tsv", "sssom-ttl": ".sssom.ttl", "oscal-json": ".json", "xlsx": ".xlsx", "csv": ".csv"}


@pytest.fixture(scope="module")
def catalogs() -> Catalogs:
    return read_catalogs(ROOT)


def _read(path: Path) -> MappingSet:
    ms = read_mapping_set(path, path.name, None, [])
    assert ms is not None
    return ms


def _rows(ms: MappingSet) -> list[tuple[object, ...]]:
    return sorted(
        (
            m.subject,
            m.object,
            m.relation,
            m.strength,
            m.rationale,
            m.status,
            m.source,
            m.justification,
            m.confidence,
            m.subject_label,
            m.object_label,
            m.author,
            m.reviewer,
            m.review_date,
            m.comment,
        )
        for m in ms.mappings
    )


def _round_trip(
    ms_path: Path, fmt: str, tmp: Path, catalogs: Catalogs, options: ImportOptions | None = None
) -> MappingSet:
    ms = _read(ms_path)
    f = FORMATS[fmt]
    assert f.write is not None and f.read is not None
    out = tmp / f"{ms.id}{LOSSLESS.get(fmt, '.olir.csv')}"
    out.write_bytes(f.write(ms, catalogs).data)
    back = f.read(out, catalogs, options or ImportOptions())
    assert back.mapping_set is not None, back.problems
    return back.mapping_set


@pytest.mark.parametrize("fmt", sorted(LOSSLESS))
@pytest.mark.parametrize("case", [FULL, *CURATED[:2]], ids=lambda p: p.name.split(".")[0])
def test_lossless_round_trip(fmt: str, case: Path, tmp_path: Path, catalogs: Catalogs) -> None:
    before = _read(case)
    after = _round_trip(case, fmt, tmp_path, catalogs)
    expected = _rows(before)
    if fmt == "oscal-json":
        # OSCAL names no node for a whole catalog: rows against a whole framework are left out, and said so
        whole = [m for m in before.mappings if m.subject.whole or m.object.whole]
        losses = FORMATS[fmt].write(before, catalogs).losses  # type: ignore[misc]
        assert not whole or any(f"{len(whole)} mapping(s) against a whole framework left out" in x for x in losses)
        expected = [r for r in expected if not (r[0].whole or r[1].whole)]  # type: ignore[attr-defined]
    assert _rows(after) == expected
    # RDF keeps no order of values: creators come back sorted
    key = (lambda meta: {**meta, "creator_id": sorted(meta.get("creator_id", []))}) if fmt == "sssom-ttl" else dict
    assert key(header_meta(after)) == key(header_meta(before))


def test_writes_are_deterministic(tmp_path: Path, catalogs: Catalogs) -> None:
    ms = _read(FULL)
    for f in FORMATS.values():
        if f.write is not None:
            assert f.write(ms, catalogs).data == f.write(ms, catalogs).data, f.name


def test_olir_round_trip_keeps_what_olir_carries(tmp_path: Path, catalogs: Catalogs) -> None:
    before = _read(FULL)
    options = ImportOptions(
        set_id="full-fields", subject_framework="iso-iec-27001-2022", object_framework="iso-iec-42001-2023"
    )
    after = _round_trip(FULL, "olir-csv", tmp_path, catalogs, options)
    carried = [(m.subject, m.object, m.relation, m.strength, m.rationale, m.comment) for m in before.mappings]
    assert [(m.subject, m.object, m.relation, m.strength, m.rationale, m.comment) for m in after.mappings] == carried
    assert "review status" in FORMATS["olir-csv"].write(before, catalogs).losses[0]  # type: ignore[misc]


def test_oscal_document_shape(catalogs: Catalogs) -> None:
    ms = _read(FULL)
    written = FORMATS["oscal-json"].write(ms, catalogs)  # type: ignore[misc]
    doc = json.loads(written.data)["mapping-collection"]
    assert doc["metadata"]["oscal-version"] == "1.2.0" and "Loss report" in doc["metadata"]["remarks"]
    assert set(doc["provenance"]) >= {"method", "matching-rationale", "status", "mapping-description"}
    maps = doc["mappings"][0]["maps"]
    assert [m["relationship"] for m in maps] == [
        "equal-to",
        "no-relationship",
        "subset-of",
        "superset-of",
        "intersects-with",
    ]
    assert maps[0]["sources"] == [{"type": "control", "id-ref": "5.1"}]
    assert written.losses


def test_oscal_equivalent_to_reads_as_equal(tmp_path: Path, catalogs: Catalogs) -> None:
    doc = json.loads(FORMATS["oscal-json"].write(_read(FULL), catalogs).data)  # type: ignore[misc]
    doc["mapping-collection"]["mappings"][0]["maps"][0]["relationship"] = "equivalent-to"
    path = tmp_path / "equivalent.json"
    path.write_text(json.dumps(doc))
    back = FORMATS["oscal-json"].read(path, catalogs, ImportOptions())  # type: ignore[misc]
    assert back.mapping_set is not None and back.mapping_set.mappings[0].relation.value == "equal"


def test_ciso_assistant_import_resolves_urns(catalogs: Catalogs) -> None:
    path = DATA / "interchange" / "ciso-assistant-iso27001-2022-to-iso42001-2023.yaml"
    got = FORMATS["ciso-yaml"].read(path, catalogs, ImportOptions(source="xwalk-curation"))  # type: ignore[misc]
    ms = got.mapping_set
    assert ms is not None and (ms.subject_framework, ms.object_framework) == (
        "iso-iec-27001-2022",
        "iso-iec-42001-2023",
    )
    assert [(m.subject.curie, m.relation.value, m.object.curie, m.strength) for m in ms.mappings] == [
        ("iso27001:A.5.19", "intersects-with", "iso42001:A.10.3", 6),
        ("iso27001:A.8.15", "subset-of", "iso42001:A.6.2.8", 7),
        ("iso27001:5.1", "equal", "iso42001:5.1", 10),
        ("iso27001:6.1.2", "no-relationship", "iso42001:6.1.4", 0),
        ("iso27001:A.8.16", "superset-of", "iso42001:A.6.2.6", 5),
    ]
    assert ms.mappings[0].comment and ms.mappings[1].rationale == "functional"
    [problem] = got.problems
    assert (problem.line, problem.rule) == (49, "unresolved-urn") and "iso42001:8.4" in problem.message
    assert "no strength_of_relationship" in got.notes[0]


@pytest.mark.parametrize(
    ("urn", "curie"),
    [
        ("urn:intuitem:risk:req_node:iso27001-2022:a.5.1", "iso27001:A.5.1"),
        ("urn:intuitem:risk:req_node:iso27001-2013:a.12.4.1", "iso27001-2013:A.12.4.1"),
        ("urn:intuitem:risk:req_node:iso42001-2023:a.6.2.8", "iso42001:A.6.2.8"),
        ("urn:intuitem:risk:req_node:nist-csf-2.0:gv.oc-01", "csf2:GV.OC-01"),
        ("urn:intuitem:risk:req_node:ai-act:26.1", "euaia:art-26-1"),
        ("urn:intuitem:risk:req_node:ai-act:10.2.f", "euaia:art-10-2-f"),
    ],
)
def test_urn_resolvers(urn: str, curie: str, catalogs: Catalogs) -> None:
    pid, why = resolve_urn(urn, catalogs)
    assert pid is not None and pid.curie == curie, why


def test_unknown_framework_urn_says_which_are_known(catalogs: Catalogs) -> None:
    pid, why = resolve_urn("urn:intuitem:risk:req_node:pci-dss-4.0:1.1.1", catalogs)
    assert pid is None and "pci-dss-4.0" in why and "iso27001-2022" in why


def test_guess_by_suffix() -> None:
    assert guess(Path("a.sssom.tsv"), None, writing=True).name == "sssom-tsv"
    assert guess(Path("a.olir.csv"), None, writing=True).name == "olir-csv"
    assert guess(Path("a.olir.xlsx"), None, writing=False).name == "olir-xlsx"
    assert guess(Path("a.csv"), None, writing=True).name == "csv"
    assert guess(Path("lib.yaml"), None, writing=False).name == "ciso-yaml"


def test_cli_export_import_and_loss_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = tmp_path / "full.xlsx"
    assert main(["--root", str(ROOT), "export-set", str(FULL), "-o", str(xlsx)]) == 0
    assert "nothing lost" in capsys.readouterr().err
    out = tmp_path / "full-fields.sssom.tsv"
    assert main(["--root", str(ROOT), "import-set", str(xlsx), "-o", str(out)]) == 0
    assert _rows(_read(out)) == _rows(_read(FULL))
    assert main(["--root", str(ROOT), "convert", str(FULL), str(tmp_path / "x.olir.csv")]) == 0
    assert "loss report (olir-csv cannot carry everything)" in capsys.readouterr().err
    assert main(["--root", str(ROOT), "convert", str(FULL), str(tmp_path / "x.yaml")]) == 0
    assert "loss report (ciso-yaml cannot carry everything)" in capsys.readouterr().err


def test_spreadsheet_problem_points_at_the_sheet_row(tmp_path: Path, catalogs: Catalogs) -> None:
    from openpyxl import load_workbook

    xlsx = tmp_path / "full.xlsx"
    xlsx.write_bytes(FORMATS["xlsx"].write(_read(FULL), catalogs).data)  # type: ignore[misc]
    wb = load_workbook(xlsx)
    wb["mappings"]["A3"] = "iso27001:6.1.9"  # the second mapping, on sheet row 3
    wb.save(xlsx)
    back = FORMATS["xlsx"].read(xlsx, catalogs, ImportOptions())  # type: ignore[misc]
    assert [(p.line, p.rule) for p in back.problems if p.rule != "unknown-mirror"] == [(3, "unknown-identifier")]


def test_cli_output_into_a_directory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "export-set", str(FULL), "--format", "csv", "-o", str(tmp_path)]) == 2
    assert f"error: {tmp_path} is a directory; -o names the file to write." in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []

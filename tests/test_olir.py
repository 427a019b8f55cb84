"""The NIST IR 8278A Rev. 1 OLIR workbook, read and written: the template's headers (line breaks,
"(optional)"), a title block above the header row, blank focal cells that continue the element
above, focal-only rows, N/A strength, the relationship's direction (reference compared to focal),
identifier forms, all-or-nothing imports with sheet!cell errors. Workbooks are read back with
openpyxl, the library spreadsheet tools and NIST's own templates are read with here."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from xwalk.build.catalogs import read_catalogs
from xwalk.build.sssom import read_mapping_set
from xwalk.cli import main
from xwalk.export.base import ImportOptions
from xwalk.export.formats import FORMATS, guess
from xwalk.export.importing import import_file
from xwalk.export.olir import COLUMNS
from xwalk.model.catalog import Catalogs
from xwalk.model.mapping import MappingSet

from .conftest import DATA, ROOT

FULL = DATA / "interchange" / "full-fields.sssom.tsv"
CURATED = ROOT / "crosswalks" / "mappings" / "iso-iec-27001-2013--iso-iec-27001-2022.sssom.tsv"
# The template's header row as NIST's workbooks print it: line breaks and "(optional)" marks.
HEADER = [
    "Focal Document\nElement",
    "Focal Document Element Description",
    "Rationale",
    "Relationship",
    "Reference Document\nElement",
    "Reference Document Element Description (optional)",
    "Comments (Optional)",
    "Strength of\nRelationship (optional)",
]
# CSF 2.0 (the focal document) to ISO/IEC 27001:2022; pairs from NIST's informative references.
ROWS = [
    ["GV.OC-01", "", "Semantic", "intersects with", "4.1", "", "context of the organisation", 3],  # sheet row 4
    ["", "", "Semantic", "intersects with", "8.1", "", "", 3],  # 5: blank focal cell: still GV.OC-01
    ["GV.OC-02", "", "Functional", "subset of", "4.2", "", "", 6],  # 6: 4.2 is a subset of GV.OC-02
    ["GV.OC-03", "", "", "", "", "", "", None],  # 7: focal element only: no relationship
    ["GV.RM-01", "", "semantic", "Equal", "6.1.2", "", "", "N/A"],  # 8: N/A on equal is 10 (IR 3.2.12)
    ["ID.AM-1", "", "Functional", "superset of", "A.5.9", "", "", 7],  # 9: one-digit CSF form; ID.AM-01 subset-of
    ["ID.AM-02", "", "Semantic", "intersects with", "A.5.9", "", "", "N/A"],  # 10: N/A needs --na-strength
    ["ID.AM-03", "", "Semantic", "not related to", "", "", "", ""],  # 11: not related to nothing: no mapping
]
OPTIONS = ImportOptions(
    set_id="csf-olir",
    licence="https://creativecommons.org/licenses/by/4.0/",
    creators=("https://w3id.org/xwalk/team",),
    source="nist-csf-2.0-informative-references",
    subject_framework="nist-csf-2.0",
    object_framework="iso-iec-27001-2022",
)


@pytest.fixture(scope="module")
def catalogs() -> Catalogs:
    return read_catalogs(ROOT)


def template(path: Path, rows: list[list[object]] = ROWS, header: list[str] = HEADER) -> Path:
    """A workbook filled in as the OLIR template is: a title block, then the header row (row 3)."""
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "Set Theory Relationships"
    sheet.append(["Cybersecurity Framework v2.0 Focal Document Template"])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    wb.save(path)
    return path


def _read(path: Path) -> MappingSet:
    ms = read_mapping_set(path, path.name, None, [])
    assert ms is not None
    return ms


def _pairs(ms: MappingSet) -> list[tuple[str, str, str, int]]:
    return [(m.subject.curie, m.relation.value, m.object.curie, m.strength) for m in ms.mappings]


def test_template_workbook_reads_as_the_ir_says(tmp_path: Path, catalogs: Catalogs) -> None:
    path = template(tmp_path / "csf.olir.xlsx")
    got = import_file(path, guess(path, None, writing=False), catalogs, dataclasses.replace(OPTIONS, na_strength=4))
    assert got.errors == [] and got.mapping_set is not None
    assert _pairs(got.mapping_set) == [
        ("csf2:GV.OC-01", "intersects-with", "iso27001:4.1", 3),
        ("csf2:GV.OC-01", "intersects-with", "iso27001:8.1", 3),
        ("csf2:GV.OC-02", "superset-of", "iso27001:4.2", 6),
        ("csf2:GV.RM-01", "equal", "iso27001:6.1.2", 10),
        ("csf2:ID.AM-01", "subset-of", "iso27001:A.5.9", 7),
        ("csf2:ID.AM-02", "intersects-with", "iso27001:A.5.9", 4),
    ]
    first = got.mapping_set.mappings[0]
    assert (first.rationale, first.comment) == ("semantic", "context of the organisation")
    assert any("2 focal element row(s) have no relationship" in n for n in got.notes)


def test_na_strength_on_a_partial_relationship_is_refused_at_its_cell(tmp_path: Path, catalogs: Catalogs) -> None:
    path = template(tmp_path / "csf.olir.xlsx")
    got = import_file(path, FORMATS["olir-xlsx"], catalogs, OPTIONS)
    [problem] = got.errors
    assert (problem.rule, problem.at) == ("olir-strength-na", "Set Theory Relationships!H10")
    assert "--na-strength" in problem.fix


def test_direction_on_write_is_reference_compared_to_focal(tmp_path: Path, catalogs: Catalogs) -> None:
    ms = _read(FULL)
    path = tmp_path / "full-fields.olir.xlsx"
    path.write_bytes(FORMATS["olir-xlsx"].write(ms, catalogs).data)  # type: ignore[misc]
    sheet = load_workbook(path)["Relationships"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(COLUMNS)
    written = {(r[0], r[4]): r[3] for r in rows[1:]}
    # ours: iso27001:A.8.15 subset-of iso42001:A.6.2.8; OLIR: the reference A.6.2.8 is a superset of the focal A.8.15
    assert [m.relation.value for m in ms.mappings if m.subject.local == "A.8.15"] == ["subset-of"]
    assert written[("A.8.15", "A.6.2.8")] == "superset of"
    assert written[("A.5.19", "A.10.3")] == "subset of"
    assert written[("5.1", "5.1")] == "equal" and written[("6.1.2", "6.1.4")] == "not related to"
    assert all(isinstance(r[7], int) for r in rows[1:])  # strength stored as a number


def test_round_trip_of_a_curated_set(tmp_path: Path, catalogs: Catalogs) -> None:
    ms = _read(CURATED)
    path = tmp_path / "set.olir.xlsx"
    path.write_bytes(FORMATS["olir-xlsx"].write(ms, catalogs).data)  # type: ignore[misc]
    # the General Information sheet names the frameworks: no --subject/--object-framework needed
    options = ImportOptions(set_id=ms.id, licence=ms.licence, creators=ms.creators, source="iso-iec-27002-2022-annex-b")
    got = import_file(path, FORMATS["olir-xlsx"], catalogs, options)
    assert got.mapping_set is not None and got.errors == []
    kept = [(m.subject, m.object, m.relation, m.strength, m.rationale, m.comment) for m in ms.mappings]
    back = [(m.subject, m.object, m.relation, m.strength, m.rationale, m.comment) for m in got.mapping_set.mappings]
    assert back == kept and len(kept) > 20
    assert {m.relation.value for m in ms.mappings} >= {"subset-of", "superset-of"}  # both directions exercised
    assert got.mapping_set.title == ms.title


def test_csv_form_reads_the_same_rows(tmp_path: Path, catalogs: Catalogs) -> None:
    ms = _read(CURATED)
    path = tmp_path / "set.olir.csv"
    path.write_bytes(FORMATS["olir-csv"].write(ms, catalogs).data)  # type: ignore[misc]
    options = dataclasses.replace(
        OPTIONS, set_id=ms.id, subject_framework=ms.subject_framework, object_framework=ms.object_framework
    )
    got = FORMATS["olir-csv"].read(path, catalogs, options)  # type: ignore[misc]
    assert got.mapping_set is not None and got.problems == []
    assert [(m.subject, m.relation, m.object) for m in got.mapping_set.mappings] == [
        (m.subject, m.relation, m.object) for m in ms.mappings
    ]


def test_import_set_is_all_or_nothing_and_names_the_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], catalogs: Catalogs
) -> None:
    rows = [list(r) for r in ROWS]
    rows[1][3] = "overlaps"  # sheet row 5, column D
    rows[5][4] = "A.5.99"  # sheet row 9, column E: no such control
    path = template(tmp_path / "bad.olir.xlsx", rows)
    out = tmp_path / "out" / "csf-olir.sssom.tsv"
    args = ["--root", str(ROOT), "import-set", str(path), "-o", str(out), "--na-strength", "4"]
    args += ["--source", OPTIONS.source or "", "--licence", OPTIONS.licence, "--creator", OPTIONS.creators[0]]
    args += ["--subject-framework", "nist-csf-2.0", "--object-framework", "iso-iec-27001-2022"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert not out.exists()
    assert "Set Theory Relationships!D5: [olir-relationship]" in err
    assert "Set Theory Relationships!E9: [unknown-identifier]" in err and "nothing written" in err


def test_group_rows_are_refused_and_fulfilled_by_is_noted(tmp_path: Path, catalogs: Catalogs) -> None:
    header = [*HEADER, "Fulfilled By (Y/N)", "Group Identifier (optional)"]
    rows: list[list[object]] = [
        [*ROWS[0], "Y", ""],
        ["GV.OC-02", "", "Semantic", "intersects with", "4.2", "", "", 5, "", "G1"],
    ]
    path = template(tmp_path / "old.olir.xlsx", rows, header)
    got = import_file(path, FORMATS["olir-xlsx"], catalogs, OPTIONS)
    [problem] = got.errors
    assert (problem.rule, problem.at) == ("olir-group", "Set Theory Relationships!J5")
    assert any("Fulfilled By" in n for n in got.notes)


def test_a_supportive_mapping_is_refused(tmp_path: Path, catalogs: Catalogs) -> None:
    header = ["Focal Document Element", "Relationship Type", "Reference Document Element"]
    path = template(tmp_path / "supportive.olir.xlsx", [["GV.OC-01", "supports", "4.1"]], header)
    got = FORMATS["olir-xlsx"].read(path, catalogs, OPTIONS)  # type: ignore[misc]
    assert got.mapping_set is None and got.problems[0].rule == "olir-style"


def test_the_template_csv_fixture_reads_like_the_workbook(tmp_path: Path, catalogs: Catalogs) -> None:
    options = dataclasses.replace(OPTIONS, na_strength=4)
    fixture = DATA / "interchange" / "olir-csf2-to-iso27001.olir.csv"
    from_csv = import_file(fixture, guess(fixture, None, writing=False), catalogs, options)
    path = template(tmp_path / "csf.olir.xlsx")
    from_xlsx = import_file(path, FORMATS["olir-xlsx"], catalogs, options)
    assert from_csv.errors == [] and from_csv.mapping_set is not None and from_xlsx.mapping_set is not None
    assert _pairs(from_csv.mapping_set) == _pairs(from_xlsx.mapping_set)
    assert [m.line for m in from_csv.mapping_set.mappings] == [4, 5, 6, 8, 9, 10]  # lines of the file


def test_the_workbook_carries_no_save_time(catalogs: Catalogs) -> None:
    """Deterministic across seconds, not only within one: no zip entry or core property holds the save time."""
    import io
    import zipfile

    data = FORMATS["olir-xlsx"].write(_read(FULL), catalogs).data  # type: ignore[misc]
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z</dcterms:modified>" in core and "2000-01-01T00:00:00Z</dcterms:created>" in core

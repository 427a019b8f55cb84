"""Imports write all or nothing (issue 13): one bad cell -> nothing written, exit 2, the cell named;
--keep-going writes the good rows elsewhere; exact duplicates merged; relation edits carry predicate_id."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xwalk.build.sssom import read_mapping_set
from xwalk.cli import main

from .conftest import ROOT

SET = "iso-iec-27001-2022--iso-iec-42001-2023-hs"
CURATED = ROOT / "crosswalks" / "mappings" / f"{SET}.sssom.tsv"


def _export(tmp_path: Path) -> tuple[Path, Path]:
    """The docs' workflow: export a curated set to a workbook, import it over a copy of the TSV."""
    target = tmp_path / f"{SET}.sssom.tsv"
    shutil.copy(CURATED, target)
    xlsx = tmp_path / f"{SET}.xlsx"
    assert main(["--root", str(ROOT), "export-set", SET, "-o", str(xlsx)]) == 0
    return xlsx, target


def _column(sheet: object, name: str) -> str:
    from openpyxl.utils import get_column_letter

    header = [c.value for c in sheet[1]]  # type: ignore[index]
    return get_column_letter(header.index(name) + 1)


def test_one_bad_cell_writes_nothing_and_names_the_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx, target = _export(tmp_path)
    before = target.read_bytes()
    wb = load_workbook(xlsx)
    sheet = wb["mappings"]
    col = _column(sheet, "strength")
    sheet[f"{col}5"] = 12  # out of 0-10
    wb.save(xlsx)
    capsys.readouterr()
    assert main(["--root", str(ROOT), "import-set", str(xlsx), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"{xlsx}:mappings!{col}5: [strength-range]" in err
    assert "nothing written" in err
    assert target.read_bytes() == before  # the curated mapping of row 5 is still there
    assert not (tmp_path / f"{SET}.partial.sssom.tsv").exists()


def test_keep_going_writes_the_good_rows_to_a_separate_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx, target = _export(tmp_path)
    before = target.read_bytes()
    wb = load_workbook(xlsx)
    sheet = wb["mappings"]
    sheet[f"{_column(sheet, 'status')}4"] = "finished"
    sheet[f"{_column(sheet, 'object_id')}6"] = "iso42001:8.6"  # 42001 has no clause 8.6
    wb.save(xlsx)
    capsys.readouterr()
    assert main(["--root", str(ROOT), "import-set", str(xlsx), "-o", str(target), "--keep-going"]) == 2
    err = capsys.readouterr().err
    partial = tmp_path / f"{SET}.partial.sssom.tsv"
    assert "2 row(s) left out" in err and str(partial) in err
    assert target.read_bytes() == before
    total = len(read_mapping_set(CURATED, CURATED.name, None, []).mappings)  # type: ignore[union-attr]
    kept = read_mapping_set(partial, partial.name, None, [], [])
    assert kept is not None and len(kept.mappings) == total - 2


def test_a_relation_edit_carries_the_predicate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx, target = _export(tmp_path)
    wb = load_workbook(xlsx)
    sheet = wb["mappings"]
    rel, pred = _column(sheet, "relation"), _column(sheet, "predicate_id")
    assert sheet[f"{rel}2"].value == "intersects-with" and sheet[f"{pred}2"].value == "skos:relatedMatch"
    sheet[f"{rel}2"] = "Subset-of"  # as a consultant types it
    wb.save(xlsx)
    assert main(["--root", str(ROOT), "import-set", str(xlsx), "-o", str(target)]) == 0
    row = target.read_text(encoding="utf-8").splitlines()
    first = next(line for line in row if line.startswith("iso27001:4.1\t"))
    assert "\tskos:broadMatch\t" in first and "\tsubset-of\t" in first
    assert "predicate_id follows it" in capsys.readouterr().err


def test_relation_and_predicate_both_edited_and_disagreeing_is_the_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx, target = _export(tmp_path)
    wb = load_workbook(xlsx)
    sheet = wb["mappings"]
    pred = _column(sheet, "predicate_id")
    sheet[f"{_column(sheet, 'relation')}2"] = "subset-of"
    sheet[f"{pred}2"] = "skos:exactMatch"
    wb.save(xlsx)
    capsys.readouterr()
    assert main(["--root", str(ROOT), "import-set", str(xlsx), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"mappings!{pred}2: [predicate-mismatch]" in err and "both edited" in err


def test_exact_duplicate_rows_are_merged_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = CURATED.read_text(encoding="utf-8").splitlines()
    first_row = next(i for i, line in enumerate(lines) if line.startswith("iso27001:"))
    doubled = tmp_path / "doubled.sssom.tsv"
    doubled.write_text("\n".join([*lines, lines[first_row]]) + "\n", encoding="utf-8")
    out = tmp_path / f"{SET}.sssom.tsv"
    capsys.readouterr()
    assert main(["--root", str(ROOT), "convert", str(doubled), str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{doubled}:{len(lines) + 1} repeats line {first_row + 1} exactly: merged" in err
    assert main(["--root", str(ROOT), "check", str(out)]) == 0

"""`xwalk check` on a standard SSSOM file (SSSOM's columns only), with a real example file of the
SSSOM specification (tests/data/sssom-examples/): the project's columns it lacks are warnings, its
identifiers are still checked and still errors, and the exit status counts errors only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xwalk.cli import main

from .conftest import DATA, ROOT
from .sssom_tool import SssomCli, sssom_cli  # noqa: F401

SPEC = DATA / "sssom-examples" / "curie_map.sssom.tsv"
PROJECT_COLUMNS = {"relation", "strength", "rationale", "status", "source"}
# the spec file's three rows, given identifiers of the project (ISO/IEC 27001 2013 -> 2022 equal pairs)
OURS = {
    "HP:0009124": "iso27001-2013:A.6.1.1",
    "MP:0000003": "iso27001:A.5.2",
    "HP:0008551": "iso27001-2013:A.6.1.2",
    "MP:0000018": "iso27001:A.5.3",
    "HP:0000411": "iso27001-2013:A.6.1.3",
    "MP:0000021": "iso27001:A.5.5",
}


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, list[dict[str, str]]]]:
    code = main(["--root", str(ROOT), "check", str(path), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def _with_our_ids(tmp_path: Path, **changes: str) -> Path:
    text = SPEC.read_text(encoding="utf-8")
    for theirs, ours in {**OURS, **changes}.items():
        text = text.replace(theirs, ours)
    path = tmp_path / "curie_map.sssom.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_spec_example_missing_columns_are_warnings_identifiers_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _check(SPEC, capsys)
    assert code == 2
    errors = {(p["rule"], p["line"]) for p in out["data"]}
    # every one of the six foreign identifiers is named, on its own line
    assert sorted(line for rule, line in errors if rule == "bad-identifier") == [12, 13, 14]
    assert sum(p["rule"] == "bad-identifier" for p in out["data"]) == 6
    assert not [p for p in out["data"] if p["rule"] in {"standard-sssom", "missing-source-column", "missing-column"}]
    warned = {p["column"] for p in out["warnings"] if p["rule"] == "standard-sssom"}
    assert warned == PROJECT_COLUMNS


def test_spec_shape_with_our_ids_passes_with_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _check(_with_our_ids(tmp_path), capsys)
    assert (code, out["count"]) == (0, 0), out["data"]
    rules = sorted(p["rule"] for p in out["warnings"])
    assert rules == ["inferred-object_source", "inferred-subject_source", *["standard-sssom"] * 5]
    main(["--root", str(ROOT), "check", str(tmp_path / "curie_map.sssom.tsv")])
    text = capsys.readouterr()
    assert "warning:" in text.out and "3 mapping(s) checked: no problems; 7 warning(s)" in text.out


def test_an_unknown_identifier_is_the_one_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _check(_with_our_ids(tmp_path, **{"MP:0000021": "iso27001:A.5.99"}), capsys)
    assert code == 2
    [problem] = out["data"]
    assert (problem["rule"], problem["line"]) == ("unknown-identifier", 14)
    assert len(out["warnings"]) == 7


def test_import_of_the_spec_shape_writes_valid_sssom(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    sssom_cli: SssomCli,  # noqa: F811
) -> None:
    out = tmp_path / "out" / "curie_map.sssom.tsv"
    args = ["--root", str(ROOT), "import-set", str(_with_our_ids(tmp_path)), "-o", str(out)]
    assert main([*args, "--source", "iso-iec-27002-2022-annex-b", "--status", "reviewed"]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("\tequal\t5\tsemantic\treviewed\t") == 3  # relation from skos:exactMatch
    assert "mapping_set_id: https://w3id.org/xwalk/mappings/curie_map\n" in text
    assert sssom_cli.validate(out).exit_code == 0


def test_sssom_py_example_saved_by_a_spreadsheet_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """sssom-py's own test file with every `#` line padded with tabs and CRLF line ends."""
    path = DATA / "sssom-examples" / "trailing-tabs.sssom.tsv"
    code, out = _check(path, capsys)
    assert code == 2
    rules = {p["rule"] for p in out["data"]}
    assert "sssom-header" not in rules  # the padded header is read
    assert sum(p["rule"] == "bad-identifier" for p in out["data"]) == 16  # 8 rows, both ids foreign
    assert {p["column"] for p in out["warnings"]} == PROJECT_COLUMNS
    # the same file with identifiers of ours: imported, relation from skos:closeMatch / exactMatch
    text = path.read_text(encoding="utf-8")
    ids = {"ORGENT:0001": "iso27001-2013:A.6.1.1", "COMENT:0011": "iso27001:A.5.2"}
    ids |= {"ORGENT:0002": "iso27001-2013:A.6.1.2", "COMENT:0012": "iso27001:A.5.3"}
    ids |= {"alice": "", "alpha": "", "bob": "", "beta": ""}  # its labels are not our catalog's titles
    for theirs, mine in ids.items():
        text = text.replace(f"{theirs}\t", f"{mine}\t")
    ours = tmp_path / "exo2c.sssom.tsv"
    rows = text.splitlines()
    ours.write_text("\r\n".join(rows[:15]) + "\r\n", encoding="utf-8", newline="")  # the header and 2 rows
    out_path = tmp_path / "out" / "exo2c.sssom.tsv"
    args = ["--root", str(ROOT), "import-set", str(ours), "-o", str(out_path), "--source", "iso-iec-27002-2022-annex-b"]
    assert main(args) == 0, capsys.readouterr().err
    body = [line.split("\t") for line in out_path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    assert [(r[0], r[8]) for r in body[1:]] == [
        ("iso27001-2013:A.6.1.1", "intersects-with"),
        ("iso27001-2013:A.6.1.2", "intersects-with"),
    ]

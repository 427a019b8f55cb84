"""`xwalk coverage` and `xwalk gaps` on the real build, and their errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from xwalk.build.pipeline import BuildResult
from xwalk.cli import main

from .conftest import DATA, ROOT


def run(built: tuple[BuildResult, Path], *args: str) -> int:
    return main(["--root", str(ROOT), "--dist", str(built[1]), *args])


def test_coverage_table(built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(built, "coverage", "iso27001:7.5", "--to", "iso42001") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "iso27001:7.5  Documented information  as a requirement, against iso-iec-42001-2023 (depth 3):"
    assert out[1].split() == ["verdict", "provision", "title", "relations", "strength", "witnesses"]
    assert out[3].split()[:2] == ["partial", "iso42001:7.5"]
    summary = next(line for line in out if line.endswith(" unmapped)"))
    assert " provisions reached; " in summary and "partial, " in summary and " undetermined, " in summary
    assert any(line.startswith("  undetermined: ") and "assess by hand" in line for line in out), "the meanings"


def test_whole_framework_negative_is_one_line(
    built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Art 26(10) against ISO 42001 rests on one no-relationship against the whole standard: one line, not one
    row per provision of it; the header says what was judged against, not that anything covers it."""
    assert run(built, "coverage", "euaia:art-26-10", "--to", "iso42001") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("as a requirement, against iso-iec-42001-2023 (depth 3):")
    assert "covered by" not in out[0]
    assert out[1].startswith("not covered by any part of ISO/IEC 42001:2023 (93 provisions, --all lists them): ")
    assert "legal procedure" in out[1], "the row's own rationale"
    assert out[1].endswith("(source xwalk-curation, mapping set eu-ai-act--iso-iec-42001-2023)")
    assert not any(line.startswith("not-covered ") for line in out), "no row per provision"
    assert out[2].startswith("(93 provisions reached; 0 covered, 0 partial, 93 not-covered, ")
    assert run(built, "coverage", "euaia:art-26-10", "--to", "iso42001", "--all") == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("not-covered ")]
    assert len(rows) == 93 and all("fw:iso-iec-42001-2023" in r for r in rows)
    assert run(built, "coverage", "euaia:art-26-10", "--to", "iso42001", "--format", "json") == 0
    assert len(json.loads(capsys.readouterr().out)["data"]) == 93, "JSON lists every row"


def test_coverage_json_other_direction(built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(built, "coverage", "iso42001:7.5", "--covers", "--to", "iso27001", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["direction"] == "covers"
    assert {i["provision"] for i in data["data"] if i["verdict"] == "partial"} >= {"iso27001:7.5", "iso27001:7.5.1"}
    assert list(data["summary"]) == ["covered", "partial", "not-covered", "undetermined", "unmapped"]


def test_coverage_errors(built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(built, "coverage", "iso42001:8.6") == 3
    err = capsys.readouterr().err
    assert "does not exist" in err and "did you mean" in err
    assert run(built, "coverage", "iso27001:7.5", "--depth", "0") == 2
    assert "depth 0" in capsys.readouterr().err


def test_gaps_markdown_csv_json(built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]) -> None:
    shop = str(ROOT / "examples" / "iso27001-shop.json")
    assert run(built, "gaps", shop, "--format", "md") == 0
    assert capsys.readouterr().out.startswith("# Gap analysis: Example Shop Ltd")
    assert run(built, "gaps", shop) == 0, "json by default, as the API answers"
    assert json.loads(capsys.readouterr().out)["organisation"] == "Example Shop Ltd"
    assert run(built, "gaps", str(DATA / "profile" / "small.ttl"), "--format", "csv") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["framework"] for r in rows} == {"eu-ai-act", "iso-iec-42001-2023"}
    assert run(built, "gaps", str(DATA / "profile" / "small.jsonld"), "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["organisation"] == "Small Co"
    assert run(built, "gaps", shop, "--format", "json", "--include-as-published") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["include_as_published"] and "eu-ai-act--iso-iec-42001-2023-guide-2026-05" in report["mapping_sets"]


def test_filters_refuse_unknown_sets(built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(built, "coverage", "euaia:art-15", "--sets", "no-such-set") == 2
    assert "no mapping set no-such-set" in capsys.readouterr().err


def test_gaps_errors(built: tuple[BuildResult, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(built, "gaps", str(tmp_path / "missing.json")) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"organisation": {"name": "x"}, "as_of": "someday", "targets": []}))
    assert run(built, "gaps", str(bad)) == 2
    err = capsys.readouterr().err
    assert f"{bad} is not a valid profile" in err
    assert "\n  /as_of: " in err and "\n  /targets: " in err


@pytest.mark.parametrize("command", ["gaps", "classify", "validate"])
def test_a_profile_that_is_no_json_file_is_named_by_file_and_line(
    built: tuple[BuildResult, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert run(built, command, str(tmp_path)) == 2
    assert f"error: {tmp_path} is a directory, not a profile file" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "organisation": {"name": "x"},\n  "targets": ["iso-iec-42001-2023",]\n}\n')
    assert run(built, command, str(broken)) == 2
    assert f"error: {broken}:3:36: not JSON: Expecting value" in capsys.readouterr().err
    (tmp_path / "empty.json").write_bytes(b"")
    assert run(built, command, str(tmp_path / "empty.json")) == 2
    assert f"error: {tmp_path / 'empty.json'}:1:1: not JSON: the file is empty" in capsys.readouterr().err


@pytest.mark.parametrize("limit", ["-1", "0"])
def test_coverage_refuses_a_limit_below_one(
    built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str], limit: str
) -> None:
    # --limit -1 printed every row but the last (a Python slice), exit 0: a plausible, silently short list
    assert run(built, "coverage", "euaia:art-15", "--limit", limit) == 2
    assert f"--limit {limit} is not a positive number" in capsys.readouterr().err

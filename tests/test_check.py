"""`xwalk check`: one defect per fixture file, the exact messages in a golden file, the curated
sets clean, and a set that cites a document as published loading in the build but not passing
the check."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from xwalk.build.checks import check
from xwalk.build.pipeline import build
from xwalk.build.sssom import CITATION_TOLERATED, read_mapping_set
from xwalk.cli import main

from .conftest import DATA, ROOT

CASES = DATA / "check"
BAD = sorted(CASES.glob("bad-*.sssom.tsv"))
CONTEXT = CASES / "pair-forward.sssom.tsv"
GUIDE = CASES / "guide-as-published.sssom.tsv"

sys.path.insert(0, str(ROOT / "scripts"))
from refresh_golden import golden_lines  # noqa: E402


def _expected() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (CASES / "expected.txt").read_text(encoding="utf-8").splitlines():
        out.setdefault(line.split(":", 1)[0], []).append(line)
    return out


@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
def test_bad_file_gives_the_golden_messages(case: Path) -> None:
    got = [str(p) for p in check(ROOT, [case], [CONTEXT]).problems]
    assert got == _expected()[f"tests/data/check/{case.name}"]


@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
def test_each_bad_file_has_one_defect(case: Path) -> None:
    problems = check(ROOT, [case], [CONTEXT]).problems
    assert len({p.rule for p in problems}) == 1
    assert all(p.fix for p in problems)


def test_golden_file_is_current() -> None:
    assert golden_lines() == (CASES / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_context_set_is_clean() -> None:
    assert check(ROOT, [CONTEXT], []).problems == []


def test_curated_sets_are_clean() -> None:
    """Every curated set passes, except what a citation-as-published set is there to show."""
    result = check(ROOT, [])
    assert result.files >= 1
    for p in result.problems:
        ms = read_mapping_set(ROOT / p.file, p.file, None, [])
        assert ms is not None and ms.citation_as_published, str(p)
        assert p.rule in CITATION_TOLERATED, str(p)


def test_check_names_the_guides_mistakes() -> None:
    problems = check(ROOT, [GUIDE], []).problems
    unknown = [p for p in problems if p.rule == "unknown-identifier"]
    titles = [p for p in problems if p.rule == "title-mismatch"]
    assert [p.line for p in unknown] == [19] and "iso42001:8.6" in unknown[0].message
    assert "Closest: iso42001:A.6, iso42001:8.4" in unknown[0].message
    assert [p.line for p in titles] == [16, 17, 18]
    assert "'AI System Impact Assessment'" in titles[2].message and "'AI risk assessment'" in titles[2].message


def test_build_loads_the_guide_and_warns(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    shutil.copy(GUIDE, project / "crosswalks" / "mappings")
    result = build(project)
    guide = next(ms for ms in result.mapping_sets if ms.id == "guide-as-published")
    assert [m.object.curie for m in guide.mappings] == ["iso42001:6.1", "iso42001:8.3", "iso42001:8.4", "iso42001:8.2"]
    assert {m.status for m in guide.mappings} == {"disputed"}
    ours = [w for w in result.warnings if w.file.endswith("guide-as-published.sssom.tsv")]
    assert sorted((w.line, w.rule) for w in ours) == [
        (16, "title-mismatch"),
        (17, "title-mismatch"),
        (18, "title-mismatch"),
        (19, "unknown-identifier"),
    ]
    assert "guide-as-published: 3 title-mismatch, 1 unknown-identifier" in caplog.text
    assert len([r for r in caplog.records if r.levelname == "WARNING"]) == 1, "one line, not one per defect"


def test_cli_text_json_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    case = str(CASES / "bad-duplicate.sssom.tsv")
    assert main(["--root", str(ROOT), "check", "--isolated", case]) == 2
    out = capsys.readouterr()
    assert "bad-duplicate.sssom.tsv:15: [duplicate-row]" in out.out
    assert "1 problem." in out.err
    assert main(["--root", str(ROOT), "check", "--isolated", case, "--format", "json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 1 and data["data"][0]["rule"] == "duplicate-row" and data["data"][0]["line"] == 15
    assert main(["--root", str(ROOT), "check", "--isolated", str(CONTEXT)]) == 0
    assert "no problems" in capsys.readouterr().out

"""Bad sources: an error naming file:line and the rule, a non-zero exit, nothing written.

Each file in tests/data/sources/ carries two header lines: `target:` (where it goes in a
scratch copy of the project) and `expect: LINE RULE` (the problem it must produce)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from xwalk.build.pipeline import BuildResult, build
from xwalk.cli import main
from xwalk.errors import SourceErrors

from .conftest import DATA

CASES = sorted((DATA / "sources").iterdir())


def _header(path: Path) -> tuple[str, int, str]:
    text = path.read_text()
    target = re.search(r"^#\s*target:\s*(\S+)", text, re.M)
    expect = re.search(r"^#\s*expect:\s*(\d+)\s+(\S+)", text, re.M)
    assert target and expect, f"{path.name} needs target: and expect: header lines"
    return target.group(1), int(expect.group(1)), expect.group(2)


def _install(project: Path, case: Path) -> str:
    target, _, _ = _header(case)
    if target.endswith(".yaml"):
        # A replaced catalog would orphan the mapping sets that cite it; keep the case focused.
        for tsv in (project / "crosswalks" / "mappings").glob("*.tsv"):
            tsv.unlink()
        shutil.rmtree(project / "crosswalks" / "obligations", ignore_errors=True)
    shutil.copy(case, project / target)
    return target


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_source_names_file_line_and_rule(project: Path, case: Path) -> None:
    target = _install(project, case)
    _, line, rule = _header(case)
    with pytest.raises(SourceErrors) as info:
        build(project)
    found = [(p.file, p.line, p.rule) for p in info.value.problems]
    assert (target, line, rule) in found, found
    for p in info.value.problems:
        assert p.message and p.fix, "every problem says what is wrong and how to fix it"


def test_cli_exits_non_zero_and_leaves_dist_alone(
    project: Path, built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    dist = project / "dist"
    shutil.copytree(built[1], dist, symlinks=True)  # the session's build stands in for a previous `xwalk build`
    before = {str(p.relative_to(dist)): p.read_bytes() for p in sorted(dist.rglob("*")) if p.is_file()}
    _install(project, DATA / "sources" / "mapping-strength.sssom.tsv")
    code = main(["--root", str(project), "build"])
    err = capsys.readouterr().err
    assert code == 2
    assert "iso-iec-27001-2022--iso-iec-42001-2023-hs.sssom.tsv:17: [strength-range]" in err
    assert "Fix:" in err
    assert {str(p.relative_to(dist)): p.read_bytes() for p in sorted(dist.rglob("*")) if p.is_file()} == before

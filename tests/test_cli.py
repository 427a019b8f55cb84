"""The command line on the real build: query, show, and their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xwalk.build.pipeline import BuildResult
from xwalk.cli import main

from .conftest import ROOT


def run(built: tuple[BuildResult, Path], *args: str) -> int:
    return main(["--root", str(ROOT), "--dist", str(built[1]), *args])


def test_query_lists_the_38_controls(built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(built, "query", "examples/annex-a-controls", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 38
    assert data["data"][0]["notation"] == "A.2.2"


def test_query_with_param_and_csv(built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(built, "query", "annex-a-controls", "--param", "framework=fw:iso-iec-27001-2022", "--format", "csv") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "control,notation,title,objective"
    assert len(lines) == 94


def test_query_param_that_is_not_an_iri_is_refused(
    built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(built, "query", "annex-a-controls", "--param", "framework=> } DROP ALL {")
    assert code == 2
    assert "not an IRI" in capsys.readouterr().err


def test_query_file(built: tuple[BuildResult, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(?c) AS ?n) WHERE { ?c a xw:Control ; xw:inFramework fw:iso-iec-27001-2022 }\n")
    assert run(built, "query", str(rq), "--format", "csv") == 0
    assert capsys.readouterr().out.splitlines() == ["n", "93"]


def test_show_prints_parents_and_mappings(built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(built, "show", "iso42001:6.1.4") == 0
    out = capsys.readouterr().out
    assert "AI system impact assessment" in out
    assert "6 Planning > 6.1 Actions to address risks and opportunities" in out
    assert "iso27001:6.1.2 no-relationship iso42001:6.1.4" in out


def test_show_unknown_id_suggests_real_ones(
    built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(built, "show", "iso42001:8.6") == 3
    err = capsys.readouterr().err
    assert "iso42001:8.6 does not exist" in err
    assert "iso42001:8.4" in err


def test_unknown_named_query(built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(built, "query", "examples/annex-a-control") == 3
    assert "examples/annex-a-controls" in capsys.readouterr().err

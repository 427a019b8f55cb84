"""`xwalk stats` on the real build: per-set totals agree with the manifest, derived counted apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xwalk.build.pipeline import BuildResult
from xwalk.cli import main

from .conftest import ROOT


def test_stats_per_set_and_relation(built: tuple[BuildResult, Path], capsys: pytest.CaptureFixture[str]) -> None:
    result, dist = built
    assert main(["--root", str(ROOT), "--dist", str(dist), "stats", "--format", "json"]) == 0
    rows = {r["mapping_set"]: r for r in json.loads(capsys.readouterr().out)["data"]}
    curated = {k: v for k, v in result.manifest["mapping_sets"].items() if v}  # type: ignore[union-attr]
    assert {k: rows[k]["total"] for k in curated} == curated
    for row in rows.values():
        relations = ("equal", "subset-of", "superset-of", "intersects-with", "no-relationship", "several")
        assert row["total"] == sum(row.get(r, 0) for r in relations)
    if result.derived and result.derived.derived:
        assert rows["derived"]["total"] == len(result.derived.derived)
    assert main(["--root", str(ROOT), "--dist", str(dist), "stats"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["mapping", "set", "total", "equal"]
    assert lines[-1].startswith("curated, all sets")

"""`xwalk check` finds contradictions between chains: two provisions whose chains of mappings (part-of
steps included, found from both ends) leave no relation possible, shown with both chains and their rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xwalk.build.checks import check
from xwalk.cli import main
from xwalk.engine.context import Graph
from xwalk.engine.contradictions import check_problems, contradictions
from xwalk.engine.mapgraph import mapping_graph

from .conftest import DATA, ROOT

# Art 15 shares nothing with A.8.8, yet its paragraph 15(5) overlaps A.8.8: no row contradicts another
# row directly; the part-of step 15(5) < 15 joins them
FIXTURE = DATA / "contradiction" / "contradiction-fixture.sssom.tsv"
WHERE = "tests/data/contradiction/contradiction-fixture.sssom.tsv"


def test_check_shows_both_chains_with_their_rows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "check", "--isolated", str(FIXTURE)]) == 2
    out = capsys.readouterr().out
    found = [line for line in out.splitlines() if "[contradictory-chains]" in line]
    # the article and its paragraph both have an empty rel with A.8.8; the two rows are reported once
    assert len(found) == 1
    first = found[0]
    assert first.startswith(f"{WHERE}:14: ") and "between euaia:art-15 and iso27001:A.8.8" in first
    assert f"chain 1: euaia:art-15 no-relationship iso27001:A.8.8 [{WHERE}:14], allows {{no-relationship}}" in first
    assert (
        f"chain 2: euaia:art-15-5 subset-of euaia:art-15 [catalog] then euaia:art-15-5 intersects-with "
        f"iso27001:A.8.8 [{WHERE}:15], allows {{superset-of, intersects-with}}" in first
    )
    assert main(["--root", str(ROOT), "check", "--isolated", str(FIXTURE), "--format", "json"]) == 2
    rules = [p["rule"] for p in json.loads(capsys.readouterr().out)["data"]]
    assert rules.count("contradictory-chains") == 1


def test_row_checks_alone_miss_it_and_no_chains_skips_it(capsys: pytest.CaptureFixture[str]) -> None:
    # the build's row rules compare a row with chains of other rows, without part-of steps
    assert not [p for p in check(ROOT, [FIXTURE], []).problems if p.rule.startswith("contradict")]
    assert main(["--root", str(ROOT), "check", "--isolated", "--no-chains", str(FIXTURE)]) == 0
    assert "contradictory-chains" not in capsys.readouterr().out


def test_a_wrong_row_is_reported_once_at_its_own_pair(capsys: pytest.CaptureFixture[str]) -> None:
    # A.10.3 subset-of A.5.19 here, A.5.19 subset-of A.10.3 in the context: their clauses and annexes are
    # emptied too, but the report names the two controls and both rows
    bad, context = DATA / "check" / "bad-mirror.sssom.tsv", DATA / "check" / "pair-forward.sssom.tsv"
    assert main(["--root", str(ROOT), "check", str(bad), "--context", str(context)]) == 2
    found = [line for line in capsys.readouterr().out.splitlines() if "[contradictory-chains]" in line]
    assert len(found) == 1
    assert "between iso27001:A.5.19 and iso42001:A.10.3" in found[0] and "together allow nothing" in found[0]
    assert "bad-mirror.sssom.tsv:15]" in found[0] and "pair-forward.sssom.tsv:14]" in found[0]


def test_a_checked_file_replaces_its_own_set_in_the_context(tmp_path: Path) -> None:
    # a new version of a curated set is checked against the others, not against its old self
    name = "iso-iec-27001-2022--iso-iec-42001-2023-hs.sssom.tsv"
    text = (ROOT / "crosswalks" / "mappings" / name).read_text(encoding="utf-8")
    # 4.2 read as a part of 42001's 4.2 instead of an overlap: consistent with every other set
    row = next(line for line in text.splitlines() if line.startswith("iso27001:4.2\t"))
    new = row.replace("\tintersects-with\t", "\tsubset-of\t").replace("skos:relatedMatch", "skos:broadMatch")
    assert new != row
    edited = tmp_path / name
    edited.write_text(text.replace(row, new), encoding="utf-8")
    result = check(ROOT, [edited])
    assert not [p for p in result.problems if p.rule.startswith("contradict")]
    assert check_problems(result) == []


def test_the_shipped_sets_have_no_contradiction() -> None:
    result = check(ROOT, [])
    assert len(result.checked) >= 10 and sum(len(ms.mappings) for ms in result.checked) > 1000
    assert check_problems(result) == []


def test_the_built_graph_has_no_contradiction(graph: Graph) -> None:
    # what coverage and gaps read (as-published sets left out), at the depth they use
    mg = mapping_graph(graph)
    assert len(mg.edges) > 1000
    assert contradictions(mg, depth=3) == []

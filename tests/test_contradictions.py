"""`xwalk check` finds contradictions between chains: two provisions whose chains of mappings (part-of
steps included, found from both ends) leave no relation possible, shown with both chains and their rows."""

from __future__ import annotations

import json

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
    assert len(found) == 2  # the article and its paragraph, each against A.8.8
    first = next(line for line in found if "between euaia:art-15 and iso27001:A.8.8" in line)
    assert first.startswith(f"{WHERE}:14: ")
    assert f"chain 1: euaia:art-15 no-relationship iso27001:A.8.8 [{WHERE}:14], allows {{no-relationship}}" in first
    assert (
        f"chain 2: euaia:art-15-5 subset-of euaia:art-15 [catalog] then euaia:art-15-5 intersects-with "
        f"iso27001:A.8.8 [{WHERE}:15], allows {{superset-of, intersects-with}}" in first
    )
    assert main(["--root", str(ROOT), "check", "--isolated", str(FIXTURE), "--format", "json"]) == 2
    rules = [p["rule"] for p in json.loads(capsys.readouterr().out)["data"]]
    assert rules.count("contradictory-chains") == 2


def test_row_checks_alone_miss_it_and_no_chains_skips_it(capsys: pytest.CaptureFixture[str]) -> None:
    # the build's row rules compare a row with chains of other rows, without part-of steps
    assert not [p for p in check(ROOT, [FIXTURE], []).problems if p.rule.startswith("contradict")]
    assert main(["--root", str(ROOT), "check", "--isolated", "--no-chains", str(FIXTURE)]) == 0
    assert "contradictory-chains" not in capsys.readouterr().out


def test_the_shipped_sets_have_no_contradiction() -> None:
    result = check(ROOT, [])
    assert len(result.checked) >= 10 and sum(len(ms.mappings) for ms in result.checked) > 1000
    assert check_problems(result) == []


def test_the_built_graph_has_no_contradiction(graph: Graph) -> None:
    # what coverage and gaps read (as-published sets left out), at the depth they use
    mg = mapping_graph(graph)
    assert len(mg.edges) > 1000
    assert contradictions(mg, depth=3) == []

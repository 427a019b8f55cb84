"""`xwalk diff`: one fixture set before and after an edit, as text and JSON."""

from __future__ import annotations

import json

import pytest

from xwalk.build.diff import diff
from xwalk.cli import main

from .conftest import DATA, ROOT

OLD, NEW = DATA / "diff" / "old", DATA / "diff" / "new"


def test_added_removed_changed() -> None:
    d = diff(OLD, NEW, ROOT)
    assert [(e.mapping.subject.curie, e.mapping.object.curie) for e in d.added] == [
        ("iso27001:A.8.16", "iso42001:A.6.2.6")
    ]
    assert [(e.mapping.subject.curie, e.mapping.relation.value) for e in d.removed] == [("iso27001:A.5.21", "equal")]
    changes = {c.new.mapping.subject.curie: c.fields for c in d.changed}
    assert changes["iso27001:A.5.19"] == {"relation": ("subset-of", "intersects-with"), "strength": ("7", "5")}
    assert changes["iso27001:A.5.20"] == {
        "status": ("draft", "approved"),
        "comment": ("fixture", "reviewed by two curators"),
    }


def test_same_version_has_no_differences() -> None:
    assert diff(OLD, OLD, ROOT).empty


def test_files_match_by_pair_alone() -> None:
    d = diff(OLD / "diff-sample.sssom.tsv", DATA / "review" / "review-states.sssom.tsv", ROOT)
    assert (len(d.added), len(d.removed)) == (0, 0)
    assert [c.fields["status"][1] for c in d.changed] == ["approved", "reviewed", "approved", "deprecated"]
    assert all(set(c.fields) == {"status"} for c in d.changed)


def test_cli_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "diff", str(OLD), str(NEW)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "+ iso27001:A.8.16 intersects-with iso42001:A.6.2.6  strength 6, draft  [diff-sample]"
    assert out[-1] == "1 added, 1 removed, 2 changed"
    assert main(["--root", str(ROOT), "diff", str(OLD), str(NEW), "--format", "json", "--exit-code"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == {"added": 1, "removed": 1, "changed": 2}
    assert data["changed"][0]["changes"]["relation"] == {"old": "subset-of", "new": "intersects-with"}


def test_missing_side_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "diff", str(OLD), str(DATA / "diff" / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err

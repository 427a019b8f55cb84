"""A consultant's own project (`xwalk init`): their mapping set on top of the bundled data, found from the
current directory, checked, built and answering coverage from their set; bad settings are one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from xwalk.cli import main

OWN_SET = """\
#mapping_set_id: https://w3id.org/xwalk/mappings/eu-ai-act--iso-iec-27001-2022-acme
#mapping_set_title: Acme's reading of AI Act Article 10(5) against ISO/IEC 27001:2022
#license: https://creativecommons.org/licenses/by/4.0/
#creator_id:
#  - https://example.org/acme
#subject_source: https://w3id.org/xwalk/fw/eu-ai-act
#object_source: https://w3id.org/xwalk/fw/iso-iec-27001-2022
#mapping_date: 2026-12-01
#curie_map:
#  euaia: https://w3id.org/xwalk/id/eu-ai-act/
#  iso27001: https://w3id.org/xwalk/id/iso-iec-27001-2022/
#  skos: http://www.w3.org/2004/02/skos/core#
#  semapv: https://w3id.org/semapv/vocab/
subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\trelation\tstrength\trationale\tstatus\tsource\tcomment
euaia:art-10-5\tskos:relatedMatch\tiso27001:A.8.11\tsemapv:ManualMappingCuration\t0.7\tintersects-with\t4\tsemantic\treviewed\tacme-curation\tBoth protect personal data.
"""  # noqa: E501
SET_FILE = "crosswalks/mappings/eu-ai-act--iso-iec-27001-2022-acme.sssom.tsv"


def test_init_add_a_set_build_and_coverage_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("XWALK_ROOT", raising=False)
    assert main(["init", str(tmp_path / "acme")]) == 0
    project = tmp_path / "acme"
    (project / SET_FILE).write_text(OWN_SET, encoding="utf-8")
    (project / "docs").mkdir()
    monkeypatch.chdir(project / "docs")  # found from a subdirectory, by walking up to xwalk.toml
    capsys.readouterr()
    assert main(["check"]) == 0
    assert "1 file(s), 1 mapping(s) checked: no problems." in capsys.readouterr().out
    assert main(["build"]) == 0
    out = capsys.readouterr()
    assert "mappings/eu-ai-act--iso-iec-27001-2022-acme: 1 mappings" in out.out
    assert "project" in out.err and "xwalk.toml" in out.err, "build says which sources it uses"
    assert (project / "dist" / "xwalk.trig").is_file()
    assert main(["coverage", "euaia:art-10-5", "--to", "iso27001", "--direct", "--format", "json"]) == 0
    import json

    rows = json.loads(capsys.readouterr().out)["data"]
    ours = [r for r in rows if r["provision"] == "iso27001:A.8.11"]
    assert ours, rows
    steps = [step for w in ours[0]["witnesses"] for step in w["steps"]]
    assert [s["mapping_set"] for s in steps] == ["eu-ai-act--iso-iec-27001-2022-acme"]


def test_a_project_file_may_not_replace_a_bundled_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(tmp_path)]) == 0
    (tmp_path / "crosswalks" / "mappings" / "gdpr--eu-ai-act.sssom.tsv").write_text("#\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["build"]) == 2
    assert "[shadows-bundled]" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"XWALK_PORT": "abc"}, "error: XWALK_PORT='abc': Input should be a valid integer"),
        # 99999 is no port: the socket layer took it modulo 65536 and served on 34463 without a word
        ({"XWALK_PORT": "99999"}, "error: XWALK_PORT='99999': Input should be less than or equal to 65535"),
        ({"XWALK_ANSWER_CACHE_MB": "-1"}, "error: XWALK_ANSWER_CACHE_MB='-1': Input should be greater than or equal"),
        ({"XWALK_ACCESS_LOG": "maybe"}, "error: XWALK_ACCESS_LOG='maybe': Input should be a valid boolean"),
        ({"XWALK_QUERY_TIMEOUT_S": "-1"}, "error: XWALK_QUERY_TIMEOUT_S='-1': Input should be greater than 0"),
    ],
)
def test_a_bad_setting_is_one_line(tmp_path: Path, env: dict[str, str], expected: str) -> None:
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "xwalk"), "show", "euaia:art-15"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), proc.stderr

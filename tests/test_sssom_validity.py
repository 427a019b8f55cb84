"""Every SSSOM TSV the project holds or writes passes sssom-py (the SSSOM reference toolkit):
`sssom validate` exits 0 without a non-standard-metadata warning, and `sssom convert` reads it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xwalk.build.catalogs import read_catalogs
from xwalk.build.sssom import read_mapping_set
from xwalk.build.sssom_write import write_mapping_set
from xwalk.export.base import ImportOptions
from xwalk.export.formats import FORMATS
from xwalk.model.catalog import Catalogs

from .conftest import DATA, ROOT
from .sssom_tool import SssomCli, sssom_cli  # noqa: F401

CURATED = sorted((ROOT / "crosswalks" / "mappings").glob("*.sssom.tsv"))
FULL = DATA / "interchange" / "full-fields.sssom.tsv"
SUFFIX = {
    "sssom-tsv": ".sssom.tsv",
    "ciso-yaml": ".yaml",
    "sssom-ttl": ".sssom.ttl",
    "oscal-json": ".json",
    "olir-csv": ".olir.csv",
    "olir-xlsx": ".olir.xlsx",
    "xlsx": ".xlsx",
    "csv": ".csv",
}
# sssom-py's words when a file's header is not standard SSSOM (it still exits 0 on these)
NOT_STANDARD = ("is not a standard SSSOM", "built-in prefix", "not a valid CURIE")


@pytest.fixture(scope="module")
def catalogs() -> Catalogs:
    return read_catalogs(ROOT)


def _valid(cli: SssomCli, path: Path) -> None:
    outcome = cli.validate(path)
    assert outcome.exit_code == 0, (path.name, outcome.exception, outcome.output)
    assert not [w for w in outcome.log.splitlines() if any(n in w for n in NOT_STANDARD)], outcome.log


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.name.removesuffix(".sssom.tsv"))
def test_curated_set_validates(path: Path, sssom_cli: SssomCli) -> None:  # noqa: F811
    _valid(sssom_cli, path)


def test_the_old_header_fails_validation(tmp_path: Path, sssom_cli: SssomCli) -> None:  # noqa: F811
    # the form the curated sets had before scripts/sssom_headers.py: full IRIs in creator_id
    text = CURATED[0].read_text(encoding="utf-8").replace("#- xwalk:team", "#- https://w3id.org/xwalk/team")
    bad = tmp_path / "old.sssom.tsv"
    bad.write_text(text, encoding="utf-8")
    assert sssom_cli.validate(bad).exit_code != 0


@pytest.mark.parametrize("fmt", sorted(f.name for f in FORMATS.values() if f.write and f.read))
def test_every_import_writes_valid_sssom(fmt: str, tmp_path: Path, catalogs: Catalogs, sssom_cli: SssomCli) -> None:  # noqa: F811
    """Each format, written and read back, gives a TSV that sssom-py validates."""
    ms = read_mapping_set(FULL, FULL.name, None, [])
    assert ms is not None
    f = FORMATS[fmt]
    assert f.write is not None and f.read is not None
    out = tmp_path / f"{ms.id}{SUFFIX[fmt]}"
    out.write_bytes(f.write(ms, catalogs).data)
    options = ImportOptions(
        set_id=ms.id,
        licence=ms.licence,
        creators=ms.creators,
        source="iso-harmonized-structure",
        subject_framework=ms.subject_framework,
        object_framework=ms.object_framework,
    )
    back = f.read(out, catalogs, options)
    assert back.mapping_set is not None, back.problems
    tsv = tmp_path / "back.sssom.tsv"
    tsv.write_text(write_mapping_set(back.mapping_set), encoding="utf-8")
    _valid(sssom_cli, tsv)


def test_convert_writes_rdf_and_json(tmp_path: Path, sssom_cli: SssomCli) -> None:  # noqa: F811
    """`sssom convert` writes a curated set as SSSOM/RDF and SSSOM/JSON. (sssom-py 0.4 drops
    extension slots, mapping-commons/sssom-py#583: the relation survives through predicate_id
    and predicate_modifier, which the reader maps back; test_every_curated_set_converts.)"""
    src = ROOT / "crosswalks" / "mappings" / "gdpr--eu-ai-act.sssom.tsv"
    for fmt, name in (("rdf", "out.ttl"), ("json", "out.json")):
        outcome = sssom_cli.run("convert", src, "-O", fmt, "-o", tmp_path / name)
        assert outcome.exit_code == 0, (fmt, outcome.exception)
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    ms = read_mapping_set(src, src.name, None, [])
    assert ms is not None and len(doc["mappings"]) == len(ms.mappings)
    assert doc["mapping_set_id"] == "https://w3id.org/xwalk/mappings/gdpr--eu-ai-act"


def test_curated_sets_are_in_canonical_form() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "sssom_headers.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def _standard_rows(path: Path) -> list[tuple[str, str, str, str]]:
    lines = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    cols = lines[0]

    def get(r: list[str], name: str) -> str:
        return r[cols.index(name)] if name in cols and cols.index(name) < len(r) else ""

    return sorted(
        (get(r, "subject_id"), get(r, "predicate_id"), get(r, "predicate_modifier"), get(r, "object_id"))
        for r in lines[1:]
    )


def _ours(ms_path: Path) -> list[tuple[str, str, str, str]]:
    from xwalk.build.sssom import SKOS_CURIE

    ms = read_mapping_set(ms_path, ms_path.name, None, [])
    assert ms is not None
    return sorted(
        (
            m.subject.curie,
            SKOS_CURIE[m.relation],
            "Not" if m.relation.value == "no-relationship" else "",
            m.object.curie,
        )
        for m in ms.mappings
    )


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.name.removesuffix(".sssom.tsv"))
def test_every_curated_set_converts(path: Path, tmp_path: Path, sssom_cli: SssomCli) -> None:  # noqa: F811
    """`sssom convert` reads each curated set and writes every row back with its subject,
    predicate, modifier and object."""
    out = tmp_path / "out.sssom.tsv"
    outcome = sssom_cli.run("convert", path, "-O", "tsv", "-o", out)
    assert outcome.exit_code == 0, outcome.exception
    assert _standard_rows(out) == _ours(path)

"""No legal text carried over: no run of 12 or more consecutive words of the EU AI Act or GDPR texts
(articles, annexes, definitions, as in ../shared/reference/*/*.json) appears in any string of the
sources under crosswalks/ (titles, summaries, conditions, comments, notes), except inside an official
title of an article, chapter, section or annex, or the official title of the act itself (a catalog's
top-level `title`): those are facts that may be carried over.

Runs only when the reference data is present next to the repository (it is not part of the project).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REFERENCE, ROOT

RUN = 12  # words
CROSSWALKS = ROOT / "crosswalks"


def words(text: str) -> list[str]:
    """Lower-case words; curly quotes and apostrophes folded, punctuation dropped."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return re.findall(r"[\w']+", text.casefold())


def runs(text: str) -> Iterator[tuple[str, ...]]:
    w = words(text)
    for i in range(len(w) - RUN + 1):
        yield tuple(w[i : i + RUN])


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


@cache
def legal_runs() -> frozenset[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for folder in ("eu-ai-act", "gdpr"):
        for path in sorted((REFERENCE / folder).glob("*.json")):
            for text in _json_strings(json.loads(path.read_text(encoding="utf-8"))):
                out.update(runs(text))
    return frozenset(out)


@cache
def official_title_runs() -> frozenset[tuple[str, ...]]:
    """Runs inside the official titles of articles, chapters, sections and annexes."""
    out: set[tuple[str, ...]] = set()
    for path in sorted([*(REFERENCE / "eu-ai-act").glob("*.csv"), *(REFERENCE / "gdpr").glob("*.csv")]):
        with path.open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row.get("title"):
                    out.update(runs(row["title"]))
    return frozenset(out)


def _yaml_strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _yaml_strings(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _yaml_strings(v, f"{where}[{i}]")


def source_strings() -> Iterator[tuple[str, str]]:
    """(where, text) for every string of every YAML and SSSOM TSV source under crosswalks/."""
    for path in sorted(CROSSWALKS.rglob("*.yaml")):
        name = str(path.relative_to(ROOT))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.parent.name == "frameworks":
            data = {k: v for k, v in data.items() if k != "title"}  # the act's official title
        yield from _yaml_strings(data, name)
    for path in sorted(CROSSWALKS.rglob("*.tsv")):
        name = str(path.relative_to(ROOT))
        lines = path.read_text(encoding="utf-8").splitlines()
        header = "\n".join(line[1:] for line in lines if line.startswith("#"))
        yield from _yaml_strings(yaml.safe_load(header) if header else None, f"{name} header")
        body = [line for line in lines if not line.startswith("#")]
        for n, row in enumerate(csv.DictReader(body, delimiter="\t"), start=2):
            for column, value in row.items():
                if value:
                    yield f"{name}:{n} {column}", value


def copied(text: str) -> str | None:
    """The first 12-word run of `text` found in the legal texts and not inside an official title."""
    legal, titles = legal_runs(), official_title_runs()
    return next((" ".join(r) for r in runs(text) if r in legal and r not in titles), None)


def test_no_twelve_word_run_of_legal_text_in_the_sources() -> None:
    if not (REFERENCE / "eu-ai-act" / "eu-ai-act-articles.json").is_file():
        pytest.skip("shared reference data not present next to the repository")
    assert len(legal_runs()) > 50_000  # the texts really were read
    found = [(where, run) for where, text in source_strings() if (run := copied(text))]
    assert found == []


def test_the_check_catches_a_copied_sentence(tmp_path: Path) -> None:
    """The detector itself: a sentence lifted from Art. 15(3) is caught, our own words are not."""
    if not (REFERENCE / "eu-ai-act" / "eu-ai-act-articles.json").is_file():
        pytest.skip("shared reference data not present next to the repository")
    lifted = (
        "Note: the levels of accuracy and the relevant accuracy metrics of high-risk AI systems "
        "shall be declared in the accompanying instructions of use."
    )
    assert copied(lifted) is not None
    assert copied("The provider states in the instructions how accurate the system is and by which metric.") is None
    official = "Safeguards and derogations relating to processing for archiving purposes in the public interest"
    assert copied(official + ", scientific or historical research purposes or statistical purposes") is None

"""Docs cannot drift: every console example of README.md and docs/*.md runs and shows its real output
(the convention: tests/docs_examples.py). After a change that alters an output, refresh the pages with
`.venv/bin/python scripts/refresh_docs.py` and review the diff."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from xwalk.build.pipeline import BuildResult
from xwalk.config import Settings

from .docs_examples import DOC_FILES, ROOT, Workdir, parse, run_page
from .servers import LiveServer

REFRESH = "run `.venv/bin/python scripts/refresh_docs.py` to rewrite the outputs from real runs, then review the diff"


@pytest.fixture(scope="session")
def docs_server(built: tuple[BuildResult, Path]) -> Iterator[Callable[[], str]]:
    """`xwalk serve` of the session's build on a free port, started on first use."""
    servers: list[LiveServer] = []

    def url() -> str:
        if not servers:
            servers.append(LiveServer(Settings(root=ROOT, dist=built[1], store="memory")))
        return servers[0].url

    yield url
    for s in servers:
        s.stop()


@pytest.mark.parametrize("page", DOC_FILES, ids=[str(p.relative_to(ROOT)) for p in DOC_FILES])
def test_console_examples_show_real_output(
    page: Path, built: tuple[BuildResult, Path], tmp_path: Path, docs_server: Callable[[], str]
) -> None:
    counter = itertools.count()

    def scratch() -> Path:
        d = tmp_path / f"scratch-{next(counter)}"
        d.mkdir()
        return d

    workdir = Workdir.create(tmp_path / "work", built[1])
    failures = []
    for outcome in run_page(page, workdir, scratch, docs_server):
        for command, actual in outcome.mismatches():
            diff = "\n".join(
                difflib.unified_diff(command.expected, actual, "documented", "real output", lineterm="", n=1)
            )
            failures.append(f"{page.relative_to(ROOT)}:{command.line}: $ {command.text}\n{diff}")
    assert not failures, f"{len(failures)} console example(s) out of date; {REFRESH}:\n\n" + "\n\n".join(failures)


def test_every_page_has_runnable_examples_or_says_why() -> None:
    """A console block is either run or carries a skip reason (an empty reason would hide drift)."""
    for page in DOC_FILES:
        for block in parse(page):
            assert block.commands, f"{block.where}: a console block without a `$ ` command"
            assert block.skip is None or block.skip.strip(), f"{block.where}: skip needs a reason"


def test_docs_point_only_inside_the_repository() -> None:
    """Relative links resolve to files of the repository; nothing cites a design outside it."""
    import re

    for page in DOC_FILES:
        text = page.read_text(encoding="utf-8")
        for bad in ("DESIGN", "/work/"):
            assert bad not in text, f"{page.relative_to(ROOT)} mentions {bad!r}: cite docs/architecture.md instead"
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            assert (page.parent / target).exists(), f"{page.relative_to(ROOT)}: link to {target} goes nowhere"

"""What the page tests share: headless Chromium (tests/webdriver.py), the app served over HTTP on the
embedded store, and a folder for screenshots kept as test artefacts (tests/artefacts/, gitignored)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from xwalk.build.pipeline import BuildResult
from xwalk.config import Settings

from .servers import ROOT, LiveServer
from .webdriver import Browser, missing

ARTEFACTS = ROOT / "tests" / "artefacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    reason = missing()
    if reason:
        pytest.skip(reason)
    b = Browser()
    yield b
    b.quit()


@pytest.fixture(scope="module")
def site(built: tuple[BuildResult, Path]) -> Iterator[str]:
    server = LiveServer(Settings(root=ROOT, dist=built[1], store="memory"))
    yield server.url
    server.stop()


def keep_screenshot(browser: Browser, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    path.write_bytes(browser.screenshot())
    assert path.stat().st_size > 10_000  # a real picture, not a blank page
    return path

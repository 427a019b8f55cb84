"""Rerun every console example of README.md and docs/*.md and write the real output into the page.

    .venv/bin/python scripts/refresh_docs.py            # every page
    .venv/bin/python scripts/refresh_docs.py docs/api.md  # some pages

Elisions (`...` lines, `…` inside a line) are kept where the real output still fits them; review the diff
(`git diff README.md docs/`) before committing. The convention is in tests/docs_examples.py.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.docs_examples import DOC_FILES, ROOT, Workdir, rewrite, run_page
from tests.servers import LiveServer
from xwalk.build.pipeline import build, write_dist
from xwalk.config import Settings


def main(argv: list[str]) -> int:
    pages = [Path(a).resolve() for a in argv] or list(DOC_FILES)
    with tempfile.TemporaryDirectory(prefix="xwalk-docs-") as tmp:
        base = Path(tmp)
        dist = base / "dist"
        write_dist(build(ROOT), dist)
        servers: list[LiveServer] = []

        def server() -> str:
            if not servers:
                servers.append(LiveServer(Settings(root=ROOT, dist=dist, store="memory")))
            return servers[0].url

        counter = itertools.count()

        def scratch() -> Path:
            d = base / f"scratch-{next(counter)}"
            d.mkdir()
            return d

        try:
            for page in pages:
                workdir = Workdir.create(scratch() / "work", dist)
                outcomes = run_page(page, workdir, scratch, server)
                stale = sum(len(o.mismatches()) for o in outcomes)
                changed = rewrite(page, outcomes)
                print(f"{page.relative_to(ROOT)}: {stale} stale output(s){', rewritten' if changed else ''}")
        finally:
            for s in servers:
                s.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

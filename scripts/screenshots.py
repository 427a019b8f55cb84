"""Take the README's screenshots (explorer, heatmap, gap report page) into docs/img/, in headless Chromium
(Debian's chromium + chromium-driver: `make browser`) against the app served on 127.0.0.1 from a fresh
build of this tree.

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

import uvicorn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "img"
PROFILE = ROOT / "examples" / "iso27001-shop.json"


def main() -> int:
    from tests.servers import free_port, wait_for
    from tests.webdriver import Browser, missing
    from xwalk.api.app import create_app
    from xwalk.build.pipeline import build, write_dist
    from xwalk.config import Settings

    reason = missing()
    if reason:
        print(f"cannot take screenshots: {reason}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as dist:
        write_dist(build(ROOT), Path(dist))
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(Settings(root=ROOT, dist=Path(dist))), port=port, log_level="warning")
        )
        threading.Thread(target=server.run, daemon=True).start()
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/health")
        browser = Browser()
        try:
            OUT.mkdir(parents=True, exist_ok=True)
            browser.get(base + "/explore?id=euaia:art-15-5")
            browser.wait(lambda: browser.find_all("#detail tr.mapping"), 120)
            (OUT / "explorer.png").write_bytes(browser.screenshot())
            browser.get(base + "/explore/heatmap")
            browser.wait(lambda: browser.find_all("#heatmap td.cell"), 300)
            (OUT / "heatmap.png").write_bytes(browser.screenshot())
            browser.get(base + "/report")
            browser.set_value(browser.find("#profile"), PROFILE.read_text(encoding="utf-8"))
            browser.click(browser.find("#run"))
            browser.wait(lambda: browser.find_all("#verdict-counts li"), 300)
            (OUT / "gap-report.png").write_bytes(browser.screenshot())
        finally:
            browser.quit()
            server.should_exit = True
    for name in ("explorer", "heatmap", "gap-report"):
        print(f"wrote {(OUT / f'{name}.png').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

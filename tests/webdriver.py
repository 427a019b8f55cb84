"""Just enough of the W3C WebDriver protocol, over httpx, to drive Debian's headless Chromium
through chromedriver: open a page, find elements, click, read text, wait.
(Selenium would do the same with a dozen more pinned packages.)"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from typing import Any

import httpx

from .servers import free_port, wait_for

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C web element key
# Flags Chromium needs on these machines (root, no GPU, closed network).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--window-size=1280,900",
]


def missing() -> str | None:
    """Why the browser cannot run here, or None."""
    for name in ("chromium", "chromedriver"):
        if shutil.which(name) is None:
            return f"{name} is not installed (Debian packages chromium, chromium-driver: `make browser`)"
    return None


class StaleElement(RuntimeError):
    """WebDriver's "stale element reference": the element found is no longer in the page."""


class Browser:
    def __init__(self) -> None:
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="xwalk-chromium-")
        self.driver = subprocess.Popen(
            [str(shutil.which("chromedriver")), f"--port={self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        wait_for(self.base + "/status", self.driver)
        self.http = httpx.Client(base_url=self.base, timeout=60)
        caps = {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": shutil.which("chromium"),
                "args": [*CHROMIUM_ARGS, f"--user-data-dir={self.profile}"],
            },
        }
        self.session = self._call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})["sessionId"]

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        r = self.http.request(method, path, json=body if method == "POST" else None)
        value = r.json()["value"]
        if r.status_code >= 400:
            error = StaleElement if value.get("error") == "stale element reference" else RuntimeError
            raise error(f"WebDriver {method} {path}: {value.get('message', value)}")
        return value

    def _s(self, path: str) -> str:
        return f"/session/{self.session}{path}"

    def get(self, url: str) -> None:
        self._call("POST", self._s("/url"), {"url": url})

    def find(self, css: str) -> str:
        return str(self._call("POST", self._s("/element"), {"using": "css selector", "value": css})[ELEMENT])

    def find_all(self, css: str) -> list[str]:
        found = self._call("POST", self._s("/elements"), {"using": "css selector", "value": css})
        return [str(e[ELEMENT]) for e in found]

    def click(self, element: str) -> None:
        self._call("POST", self._s(f"/element/{element}/click"), {})

    def text(self, element: str) -> str:
        return str(self._call("GET", self._s(f"/element/{element}/text")))

    def attribute(self, element: str, name: str) -> str | None:
        value = self._call("GET", self._s(f"/element/{element}/attribute/{name}"))
        return None if value is None else str(value)

    def script(self, source: str, *args: Any) -> Any:
        return self._call("POST", self._s("/execute/sync"), {"script": source, "args": list(args)})

    def value(self, element: str) -> str:
        return str(self.script("return arguments[0].value", {ELEMENT: element}))

    def set_value(self, element: str, text: str) -> None:
        self.script("arguments[0].value = arguments[1]", {ELEMENT: element}, text)

    def wait(self, predicate: Any, timeout_s: float = 20.0) -> Any:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                value = predicate()
            except StaleElement:  # the page re-rendered between finding an element and reading it: look again
                value = None
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"the page did not get there within {timeout_s} s")

    def screenshot(self) -> bytes:
        import base64

        return base64.b64decode(self._call("GET", self._s("/screenshot")))

    def quit(self) -> None:
        try:
            self._call("DELETE", self._s(""))
        finally:
            self.http.close()
            self.driver.terminate()
            self.driver.wait(10)
            shutil.rmtree(self.profile, ignore_errors=True)

"""The wheel as a user gets it: built, installed into a fresh venv, run from an empty directory with no
checkout in sight. It carries its data; the graph is built on first use into the user's cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from .conftest import ROOT
from .servers import free_port, wait_for

pytestmark = pytest.mark.slow


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=1200, check=False, **kw)  # type: ignore[call-overload, no-any-return]


def test_wheel_in_a_fresh_venv_serves_the_bundled_graph(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(ROOT), "-w", str(wheels)])
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("xwalk-*.whl")
    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    installed = run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)])
    assert installed.returncode == 0, installed.stderr
    xwalk = str(venv / "bin" / "xwalk")
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XWALK_")}
    env |= {"XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}

    version = run([xwalk, "--version"], cwd=empty, env=env)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("xwalk 0.1.0\nsources: bundled data (")
    assert "site-packages" in version.stdout and str(ROOT) not in version.stdout

    show = run([xwalk, "show", "euaia:art-15"], cwd=empty, env=env)
    assert show.returncode == 0, show.stderr
    assert show.stdout.startswith("euaia:art-15  Article 15  Accuracy, robustness and cybersecurity")
    assert "building it (once)" in show.stderr
    assert list((tmp_path / "cache" / "xwalk").glob("dist-0.1.0-*/xwalk.trig")), "built into the user's cache"
    assert list(empty.iterdir()) == [], "nothing written where the user stands"

    port = free_port()
    server = subprocess.Popen(
        [xwalk, "serve", "--port", str(port)], cwd=empty, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/health", server, timeout_s=120)
        health = httpx.get(base + "/health")
        assert health.status_code == 200 and health.json()["status"] == "ok"
        coverage = httpx.get(base + "/api/v1/provisions/euaia:art-15/coverage", params={"to": "iso27001"}, timeout=60)
        assert coverage.status_code == 200
        assert coverage.json()["count"] > 0
        assert httpx.get(base + "/api/v1/version").json()["xwalk"] == "0.1.0"
    finally:
        server.terminate()
        server.wait(20)

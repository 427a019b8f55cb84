"""docker/Dockerfile and docker/compose.yaml, read without a Docker engine: the rules they must keep."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from .servers import ROOT

DOCKER = ROOT / "docker"


def instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per Dockerfile instruction, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_dockerfile_is_slim_non_root_and_health_checked() -> None:
    steps = instructions(DOCKER / "Dockerfile")
    kinds = [k for k, _ in steps]
    assert kinds[0] == "FROM" and "slim" in steps[0][1]
    users = [v for k, v in steps if k == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert kinds.index("USER") > max(i for i, k in enumerate(kinds) if k == "RUN")  # nothing runs as root after
    expose = [v for k, v in steps if k == "EXPOSE"]
    env = " ".join(v for k, v in steps if k == "ENV")
    assert expose == ["8000"] and "XWALK_PORT=8000" in env and "XWALK_HOST=0.0.0.0" in env
    health = [v for k, v in steps if k == "HEALTHCHECK"]
    assert len(health) == 1 and "CMD" in health[0] and "127.0.0.1:8000/health" in health[0]
    assert [v for k, v in steps if k == "CMD"] == ['["xwalk", "serve"]']
    for _, args in (s for s in steps if s[0] == "COPY"):
        for source in shlex.split(args)[:-1]:
            assert (ROOT / source).exists(), source


def test_compose_runs_xwalk_on_an_oxigraph_server_with_a_volume() -> None:
    doc: dict[str, Any] = yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))
    services = doc["services"]
    assert set(services) == {"oxigraph", "load", "xwalk"}
    oxigraph = services["oxigraph"]
    assert oxigraph["image"].startswith("ghcr.io/oxigraph/oxigraph:")
    assert {"serve", "--union-default-graph", "--location", "/data"} <= set(oxigraph["command"])
    volume = oxigraph["volumes"][0].split(":")[0]
    assert volume in doc["volumes"]
    for name in ("load", "xwalk"):
        service = services[name]
        assert service["build"]["dockerfile"] == "docker/Dockerfile"
        assert (DOCKER / service["build"]["context"] / service["build"]["dockerfile"]).exists()
        assert service["environment"]["XWALK_STORE"] == "http://oxigraph:7878"
    assert services["load"]["command"] == ["xwalk", "load"]
    assert services["xwalk"]["depends_on"]["load"]["condition"] == "service_completed_successfully"
    assert services["xwalk"]["ports"] == ["127.0.0.1:8000:8000"]


def test_compose_oxigraph_version_is_the_one_the_tests_run() -> None:
    image = yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))["services"]["oxigraph"]["image"]
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert f"oxigraph=={image.rsplit(':', 1)[1]}" in lock.splitlines()

"""The abuse suite: schemathesis generates requests from the app's own OpenAPI document, for every
operation, valid and invalid ones, and sends them to the real app on the embedded store (in process,
over ASGI).

Every answer must be: no 5xx at all, a 4xx always problem+json, and a response that matches what the
schema declares (status code, content type, body). The example count per operation is fixed and small,
and generation is derandomized, so the module runs in bounded time and the same cases every run.
(schemathesis' own pytest loader needs `Node._nodeid`, gone in pytest 9: each operation is a plain
parametrized test that draws cases from `APIOperation.as_strategy`.)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult
from xwalk.config import Settings
from xwalk.store.oxigraph import OxigraphStore

from .servers import ROOT

# Per operation and mode: keeps the module well under a minute on a loaded machine. A longer hunt:
# XWALK_ABUSE_EXAMPLES=200 .venv/bin/python -m pytest tests/test_api_schemathesis.py
MAX_EXAMPLES = int(os.environ.get("XWALK_ABUSE_EXAMPLES", "8"))
PROBLEM = "application/problem+json"
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]


def free_text(schema: dict[str, Any]) -> bool:
    """Any string will do (a bare string, or string-or-null): there is no invalid value to send."""
    rest = {k: v for k, v in schema.items() if k not in ("title", "description", "default")}
    if set(rest) == {"anyOf"}:
        return any(free_text(s) for s in rest["anyOf"]) and all(
            free_text(s) or s == {"type": "null"} for s in rest["anyOf"]
        )
    return rest == {"type": "string"}


def operations() -> list[Any]:
    """Every operation of the OpenAPI document (an app on an empty store is enough to list them), with
    valid inputs, and with invalid ones where it takes any input (there is nothing to negate otherwise)."""
    spec = create_app(Settings(root=ROOT), store=OxigraphStore()).openapi()
    cases = []
    for path, item in sorted(spec["paths"].items()):
        for method, op in sorted(item.items()):
            modes = [GenerationMode.POSITIVE]
            if op.get("requestBody") or any(not free_text(p.get("schema", {})) for p in op.get("parameters", [])):
                modes.append(GenerationMode.NEGATIVE)
            cases += [pytest.param(method.upper(), path, m, id=f"{method.upper()} {path} {m.value}") for m in modes]
    return cases


@pytest.fixture(scope="module")
def api_schema(built: tuple[BuildResult, Path]) -> Any:
    app = create_app(Settings(root=ROOT, dist=built[1], store="memory"))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def check(case: Any) -> None:
    response = case.call()
    where = f"{case.method} {case.formatted_path} {case.query or ''} {str(case.body)[:200] if case.body else ''}"
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:500]}"
    if 400 <= response.status_code < 500:
        content_type = (response.headers.get("content-type") or [""])[0]
        assert content_type.startswith(PROBLEM), f"{where}: {response.status_code} is {content_type}"
    case.validate_response(response, checks=CHECKS)


@pytest.mark.parametrize(("method", "path", "mode"), operations())
def test_no_5xx_and_problems_everywhere(api_schema: Any, method: str, path: str, mode: GenerationMode) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        check(case)

    run()

"""The layers of docs/architecture.md §3 hold: import-linter's contracts in pyproject.toml pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_import_contracts_are_kept() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Contracts: 3 kept, 0 broken." in proc.stdout


def test_model_has_no_third_party_imports() -> None:
    forbidden = ("rdflib", "pyoxigraph", "httpx", "fastapi", "networkx", "pyshacl")
    for path in (ROOT / "src" / "xwalk" / "model").glob("*.py"):
        text = path.read_text()
        for name in forbidden:
            assert f"import {name}" not in text and f"from {name}" not in text, (path.name, name)

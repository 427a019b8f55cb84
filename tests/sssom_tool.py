"""sssom-py, the SSSOM reference toolkit, run as its own command line (`sssom validate`,
`sssom convert`) inside the test process: click's runner calls exactly the CLI's code and gives
its exit code, without paying sssom-py's ten-second import once per file."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    output: str
    log: str
    exception: BaseException | None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


class SssomCli:
    def __init__(self) -> None:
        from click.testing import CliRunner
        from sssom.cli import main

        self._main: Any = main
        self._runner = CliRunner()

    def run(self, *args: str | Path) -> Outcome:
        handler = _Collect()
        root = logging.getLogger()
        root.addHandler(handler)
        try:
            result = self._runner.invoke(self._main, [str(a) for a in args])
        finally:
            root.removeHandler(handler)
        exc = result.exception if not isinstance(result.exception, SystemExit) else None
        return Outcome(result.exit_code, result.output, "\n".join(handler.lines), exc)

    def validate(self, path: Path) -> Outcome:
        return self.run("validate", path)


@pytest.fixture(scope="session")
def sssom_cli() -> SssomCli:
    return SssomCli()

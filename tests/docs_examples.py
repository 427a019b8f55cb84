"""The console examples of README.md and docs/*.md, parsed, run and compared (tests/test_docs.py), and
rewritten in place with real output (scripts/refresh_docs.py).

Convention (docs/architecture.md, "Docs are tested"):
- Every fenced block opened with ```console is run; a line starting with `$ ` is a command (continued on
  the next lines while it ends in `\\` or has an open quote), the lines after it up to the next command
  are its expected output (stdout and stderr together, as in a terminal). Blank lines at the end of an
  output are ignored.
- A line that is exactly `...` in an output stands for any number of lines (an elision); `…` inside a line
  stands for any text within that line.
- An HTML comment just above the block changes how it runs (several may be stacked):
  `<!-- docs-test: skip REASON -->` does not run it (a long command, or one that needs a server of its own);
  `<!-- docs-test: setup COMMAND -->` runs COMMAND first (output not shown, it must exit 0);
  `<!-- docs-test: isolated -->` runs the block in a throwaway copy of the working directory, so what its
  setup breaks stays broken only there.
- The blocks of one page run in order in one working directory: a scratch copy of the repository's sources
  (crosswalks/, ontology/, queries/, examples/, tests/data/) with `dist/` already built, `.venv` linked to
  the test environment and its `bin/` first on PATH. A command that names http://127.0.0.1:8000 talks to a
  real `xwalk serve` of the same build that the test starts on a free port of 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC_FILES = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
COPIED = ("crosswalks", "ontology", "queries", "examples", "tests/data", "benchmarks")
DOC_URL = "127.0.0.1:8000"
ELISION = "..."
INLINE_ELISION = "…"
SEP = "@@docs-test-end-of-command@@"
DIRECTIVE = re.compile(r"^<!--\s*docs-test:\s*(skip|setup|isolated)\b\s*(.*?)\s*-->\s*$")
COMMAND_TIMEOUT_S = 300


@dataclass
class Command:
    text: str  # the command as written, continuation lines included
    expected: list[str]  # the documented output lines
    line: int  # 1-based line of the `$ ` in the page
    end: int  # 0-based index of the line after its output, in the page


@dataclass
class Block:
    path: Path
    line: int  # 1-based line of the opening fence
    commands: list[Command] = field(default_factory=list)
    skip: str | None = None
    setup: list[str] = field(default_factory=list)
    isolated: bool = False

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    @property
    def needs_server(self) -> bool:
        return any(DOC_URL in c.text for c in self.commands)


def _complete(text: str) -> bool:
    if text.endswith("\\"):
        return False
    try:
        shlex.split(text)
    except ValueError:
        return False
    return True


def parse(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    pending: list[tuple[str, str]] = []
    i = 0
    while i < len(lines):
        text = lines[i]
        m = DIRECTIVE.match(text.strip())
        if m:
            pending.append((m.group(1), m.group(2)))
            i += 1
            continue
        if text.strip() != "```console":
            if text.strip():
                pending = []
            i += 1
            continue
        block = Block(path, i + 1)
        for kind, arg in pending:
            if kind == "skip":
                block.skip = arg or "marked skip"
            elif kind == "setup":
                block.setup.append(arg)
            else:
                block.isolated = True
        pending = []
        i += 1
        current: Command | None = None
        while i < len(lines) and lines[i].strip() != "```":
            if lines[i].startswith("$ "):
                start = i
                cmd = lines[i][2:]
                while not _complete(cmd) and i + 1 < len(lines) and lines[i + 1].strip() != "```":
                    i += 1
                    cmd += "\n" + lines[i]
                current = Command(cmd, [], start + 1, i + 1)
                block.commands.append(current)
            elif current is not None:
                current.expected.append(lines[i])
                current.end = i + 1
            i += 1
        blocks.append(block)
        i += 1
    return blocks


def _pattern(expected: list[str]) -> re.Pattern[str]:
    parts: list[str] = []
    for line in _trim(expected):
        if line.strip() == ELISION:
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            pieces = [re.escape(p) for p in line.rstrip().split(INLINE_ELISION)]
            parts.append("[^\n]*?".join(pieces) + r"[ \t]*\n")
    return re.compile("".join(parts))


def _trim(lines: list[str]) -> list[str]:
    out = list(lines)
    while out and not out[-1].strip():
        out.pop()
    return out


def normalise(output: str) -> list[str]:
    return _trim([line.rstrip() for line in output.splitlines()])


def matches(expected: list[str], actual: list[str]) -> bool:
    text = "".join(line + "\n" for line in actual)
    return _pattern(expected).fullmatch(text) is not None


@dataclass
class Workdir:
    """A scratch copy of the sources with dist/ built, where a page's commands run."""

    path: Path
    dist: Path
    server_url: str | None = None

    @classmethod
    def create(cls, path: Path, dist: Path) -> Workdir:
        for sub in COPIED:
            shutil.copytree(ROOT / sub, path / sub)
        shutil.copytree(dist, path / "dist", symlinks=True)
        (path / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
        return cls(path, dist)

    def copy(self, path: Path) -> Workdir:
        shutil.copytree(self.path, path, symlinks=True)
        return Workdir(path, self.dist, self.server_url)  # starts at its top: a copy has no `cd` state

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PATH"] = f"{self.path / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["PYTHONUNBUFFERED"] = "1"
        for key in [k for k in env if k.startswith("XWALK_")]:
            del env[key]  # the sources are found from the current directory, as for a user
        return env

    def _url(self, text: str) -> str:
        if self.server_url is None:
            return text
        return text.replace(f"http://{DOC_URL}", self.server_url)

    def run(self, commands: list[str]) -> list[list[str]]:
        """Run the commands in one bash session (so `$?` and variables carry over); each one's output."""
        state = self.path.parent / f"{self.path.name}.cwd"  # a `cd` carries over to the page's next block
        script = ["exec 2>&1", f"cd \"$(cat '{state}' 2>/dev/null || pwd)\""]
        for c in commands:
            script.append(self._url(c))
            script.append(f"__rc=$?; printf '\\n{SEP}\\n'; (exit $__rc)")
        script.append(f"pwd > '{state}'")
        proc = subprocess.run(
            ["bash", "-c", "\n".join(script)],
            cwd=self.path,
            env=self.env(),
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            timeout=COMMAND_TIMEOUT_S,
            check=False,
        )
        text = proc.stdout.decode("utf-8", "replace")
        if self.server_url is not None:
            text = text.replace(self.server_url, f"http://{DOC_URL}")
        chunks = text.split(f"\n{SEP}\n")
        return [normalise(chunk) for chunk in chunks[: len(commands)]]

    def setup(self, block: Block) -> None:
        for command in block.setup:
            proc = subprocess.run(
                ["bash", "-c", command],
                cwd=self.path,
                env=self.env(),
                capture_output=True,
                timeout=COMMAND_TIMEOUT_S,
                check=False,
            )
            if proc.returncode != 0:
                raise RuntimeError(
                    f"{block.where}: setup `{command}` failed ({proc.returncode}): {proc.stderr.decode()[-400:]}"
                )


@dataclass
class Outcome:
    block: Block
    actual: list[list[str]]

    def mismatches(self) -> list[tuple[Command, list[str]]]:
        return [(c, a) for c, a in zip(self.block.commands, self.actual, strict=True) if not matches(c.expected, a)]


def run_page(
    path: Path, workdir: Workdir, scratch: Callable[[], Path], server: Callable[[], str]
) -> list[Outcome]:
    """Run every block of one page in order; `scratch()` gives a fresh directory, `server()` the URL."""
    outcomes = []
    for block in parse(path):
        if block.skip is not None or not block.commands:
            continue
        if block.needs_server:
            workdir.server_url = server()
        here = workdir.copy(scratch() / "isolated") if block.isolated else workdir
        here.setup(block)
        outcomes.append(Outcome(block, here.run([c.text for c in block.commands])))
    return outcomes


def refreshed(expected: list[str], actual: list[str]) -> list[str]:
    """The documented output rewritten from the real one, keeping the page's elisions where they still fit."""
    exp = _trim(expected)
    if matches(exp, actual):
        return exp
    if ELISION not in [e.strip() for e in exp]:
        return actual
    first = [e.strip() for e in exp].index(ELISION)
    last = len(exp) - 1 - [e.strip() for e in exp][::-1].index(ELISION)
    head, tail = exp[:first], exp[last + 1 :]
    if len(head) + len(tail) >= len(actual):
        return actual

    def keep(doc: list[str], real: list[str]) -> list[str]:
        return [d if matches([d], [r]) else r for d, r in zip(doc, real, strict=True)]

    real_tail = actual[len(actual) - len(tail) :] if tail else []
    return [*keep(head, actual[: len(head)]), ELISION, *keep(tail, real_tail)]


def rewrite(path: Path, outcomes: list[Outcome]) -> bool:
    """Write the real outputs into the page; True when it changed."""
    lines = path.read_text(encoding="utf-8").splitlines()
    edits = []
    for outcome in outcomes:
        for command, actual in zip(outcome.block.commands, outcome.actual, strict=True):
            new = refreshed(command.expected, actual)
            start = command.line + command.text.count("\n")  # 0-based index of the first output line
            old = lines[start : command.end]
            blank_tail = len(old) - len(_trim(old))
            edits.append((start, command.end, new + [""] * blank_tail))
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = new
    text = "\n".join(lines) + "\n"
    changed = text != path.read_text(encoding="utf-8")
    if changed:
        path.write_text(text, encoding="utf-8")
    return changed

"""Rewrite tests/data/check/expected.txt from the current `xwalk check` output (sssom-py habit).

Each tests/data/check/bad-*.sssom.tsv is checked on its own, against the catalogs and the clean
context set pair-forward.sssom.tsv, never against the curated sets (so the golden file does not
change when the curated content does). Review the diff of expected.txt before committing it.

    .venv/bin/python scripts/refresh_golden.py
"""

from __future__ import annotations

from pathlib import Path

from xwalk.build.checks import check

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "check"
CONTEXT = CASES / "pair-forward.sssom.tsv"


def golden_lines() -> list[str]:
    lines: list[str] = []
    for case in sorted(CASES.glob("bad-*.sssom.tsv")):
        lines.extend(str(p) for p in check(ROOT, [case], [CONTEXT]).problems)
    return lines


def main() -> None:
    out = CASES / "expected.txt"
    out.write_text("\n".join(golden_lines()) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

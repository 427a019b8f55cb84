#!/usr/bin/env python3
"""Rewrite the curated mapping sets' SSSOM headers in the form `sssom validate` accepts.

    python scripts/sssom_headers.py [--check] [FILE ...]

Each file (default: every crosswalks/mappings/*.sssom.tsv) is read with the build's reader and
written back with the build's writer (src/xwalk/build/sssom_write.py): creator_id, author_id,
reviewer_id, subject_source and object_source become CURIEs with their prefixes in the
curie_map, `sssom_version: "1.1"` is declared, and the project's own columns (relation,
strength, rationale, status, source) are declared as extension slots with properties in the
xw: namespace. Rows keep their order and their values. Idempotent: safe to run after a rebase.
`--check` writes nothing and exits 1 when a file would change.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xwalk.build.sssom_write import canonical_text
from xwalk.errors import SourceErrors

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    args = parser.parse_args(argv)
    files = args.files or sorted((REPO / "crosswalks" / "mappings").glob("*.sssom.tsv"))
    stale = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            new = canonical_text(text, path.name)
        except SourceErrors as exc:
            for p in exc.problems:
                print(p, file=sys.stderr)
            return 2
        if new != text:
            stale.append(path.name)
            if not args.check:
                path.write_text(new, encoding="utf-8")
                print(f"rewrote {path}")
    if args.check and stale:
        print("not in canonical form: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

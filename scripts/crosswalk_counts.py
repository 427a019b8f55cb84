"""Per-set counts of the mapping sets by relation, as the table docs/crosswalk-content.md shows.

Reads crosswalks/mappings/*.sssom.tsv (every row, whatever its status) and prints a Markdown table:
one row per set with its kind, rows per relation, rows per status, and a total. With --write it
replaces the table between the markers in docs/crosswalk-content.md; with --check it exits 1 when
the committed table differs from what it would write (a test runs this).

    python scripts/crosswalk_counts.py [--write | --check]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from xwalk.build.catalogs import read_catalogs
from xwalk.build.sssom import read_mapping_sets
from xwalk.model.relation import Relation

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "crosswalk-content.md"
BEGIN = "<!-- crosswalk-counts: begin (scripts/crosswalk_counts.py --write) -->"
END = "<!-- crosswalk-counts: end -->"
IMPORTED = {"iso-iec-27001-2013--iso-iec-27001-2022", "nist-csf-2.0--iso-iec-27001-2022",
            "nist-ai-rmf-1.0--iso-iec-42001-2023"}
RELATIONS = tuple(Relation)
STATUSES = ("approved", "reviewed", "draft", "disputed", "deprecated")


def table(root: Path = ROOT) -> str:
    sets = read_mapping_sets(root, read_catalogs(root), warnings=[])
    head = ["set", "kind", "rows", *(r.value for r in RELATIONS), *STATUSES]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(head) - 2)]
    totals: Counter[str] = Counter()
    for ms in sorted(sets, key=lambda s: s.id):
        kind = "as published" if ms.citation_as_published else "imported" if ms.id in IMPORTED else "curated"
        rel = Counter(m.relation.value for m in ms.mappings)
        st = Counter(m.status for m in ms.mappings)
        cells = [f"`{ms.id}`", kind, str(len(ms.mappings)), *(str(rel[r.value]) for r in RELATIONS),
                 *(str(st[s]) for s in STATUSES)]
        lines.append("| " + " | ".join(cells) + " |")
        if kind != "as published":
            totals.update({"rows": len(ms.mappings), **rel, **{f"s:{k}": v for k, v in st.items()}})
    cells = ["all but as published", "", str(totals["rows"]), *(str(totals[r.value]) for r in RELATIONS),
             *(str(totals[f"s:{s}"]) for s in STATUSES)]
    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def replaced(doc: str, body: str) -> str:
    if BEGIN not in doc or END not in doc:
        raise SystemExit(f"{DOC}: markers {BEGIN!r} ... {END!r} not found")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{body}{END}{tail}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite the table in docs/crosswalk-content.md")
    mode.add_argument("--check", action="store_true", help="exit 1 if the committed table is stale")
    args = ap.parse_args()
    body = table()
    if not (args.write or args.check):
        sys.stdout.write(body)
        return 0
    doc = DOC.read_text(encoding="utf-8")
    new = replaced(doc, body)
    if args.check:
        if new != doc:
            print(f"{DOC.relative_to(ROOT)}: the counts table is stale; run python scripts/crosswalk_counts.py --write",
                  file=sys.stderr)
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

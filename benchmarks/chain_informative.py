"""How often a chain of curated mappings says something about an AI Act -> ISO pair.

For every pair (AI Act provision, ISO/IEC 42001 or 27001 provision) that some chain of 1..3 curated
mappings reaches (read in either direction, through any framework), the pair's answer is the
intersection of the RCC5 relation sets of all its chains (DESIGN section 6). The pair is informative
when that set is not all five relations, i.e. when at least one chain says something. Only active
curated mappings take part: not derived ones, not the as-published sets, not disputed or deprecated
rows, as in derivation (build/derive.py); --include-as-published lets the as-published sets in.

Prints, per target standard and in total: pairs reached, informative pairs, and the share. Also the
same for article-level AI Act provisions only (subject is an article, the unit the issue measured).

    .venv/bin/python benchmarks/chain_informative.py [--root DIR] [--depth N]
"""

from __future__ import annotations

import argparse
from collections import deque
from pathlib import Path

from xwalk.build.catalogs import read_catalogs
from xwalk.build.sssom import read_mapping_sets
from xwalk.model.chains import Adjacency, Edge, index, walk

INACTIVE = frozenset({"deprecated", "disputed"})
TARGETS = ("iso-iec-42001-2023", "iso-iec-27001-2022")


def edges(root: Path, as_published: bool = False) -> tuple[list[Edge], dict[str, str], set[str]]:
    """Active curated edges, each node's framework, and the AI Act article nodes."""
    catalogs = read_catalogs(root)
    out: list[Edge] = []
    framework: dict[str, str] = {}
    for ms in read_mapping_sets(root, catalogs, warnings=[]):
        if ms.citation_as_published and not as_published:
            continue
        for m in ms.mappings:
            if m.status in INACTIVE:
                continue
            framework[m.subject.curie] = m.subject.framework
            framework[m.object.curie] = m.object.framework
            out.append(Edge(f"{ms.id}/{m.key}", m.subject.curie, m.object.curie, m.relation, m.strength,
                            m.source, ms.id, m.status))
    articles = {f"euaia:{p.local_id}" for p in catalogs.frameworks["eu-ai-act"].provisions if p.kind == "Article"}
    return out, framework, articles


def reached(adjacency: Adjacency, start: str, depth: int) -> set[str]:
    """Nodes some path of 1..depth hops reaches (breadth first: a shortest path is simple)."""
    seen = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if seen[node] == depth:
            continue
        for hop in adjacency.get(node, ()):
            if hop.end not in seen:
                seen[hop.end] = seen[node] + 1
                queue.append(hop.end)
    del seen[start]
    return set(seen)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--include-as-published", action="store_true", help="let the as-published sets take part")
    args = ap.parse_args()
    all_edges, framework, articles = edges(args.root, args.include_as_published)
    adjacency = index(all_edges)
    starts = sorted(n for n in adjacency if framework.get(n) == "eu-ai-act")
    counts = {(t, scope): [0, 0] for t in (*TARGETS, "both") for scope in ("all", "articles")}
    for start in starts:
        informative = {p.end for p in walk(adjacency, start, args.depth)}
        for end in reached(adjacency, start, args.depth):
            target = framework.get(end)
            if target not in TARGETS:
                continue
            scopes = ("all", "articles") if start in articles else ("all",)
            for t in (target, "both"):
                for scope in scopes:
                    counts[(t, scope)][0] += 1
                    counts[(t, scope)][1] += end in informative
    print(f"AI Act -> ISO pairs reached by a chain of 1..{args.depth} curated mappings ({len(all_edges)} edges)")
    print(f"{'target':<22}{'subjects':<10}{'reached':>9}{'informative':>13}{'share':>8}")
    for (t, scope), (n, k) in counts.items():
        share = f"{100 * k / n:.1f}%" if n else "-"
        print(f"{t:<22}{scope:<10}{n:>9}{k:>13}{share:>8}")


if __name__ == "__main__":
    main()

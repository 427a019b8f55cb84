"""The engine's cold CPU cost, this tree against another checkout (before and after a change), side by side.

Issue 10's limit: combining every chain must not cost more than 2x the engine before it (78e8db1, the
last main without issue 10). Four figures, each the median CPU time (time.process_time, so other
processes on a shared machine count less than in wall time) of answers computed with every answer and
chain cache emptied first:

- coverage of euaia:art-15, depth 3, on the real data;
- the gap analysis of examples/iso27001-shop.json on the real data;
- coverage of 40 AI Act controls (cycled), depth 3, on the synthetic graph (50 frameworks, 20,000
  provisions, 100,000 mappings; benchmarks/synthetic.py);
- the gap analysis of an organisation implementing all 400 ISO 27001 provisions of the synthetic graph.

Each tree is measured by its own code on its own build (a tree reads what it built), in a process of its
own; the two run in turns, round after round, so both see the same load. A second table divides each
figure by what the answer holds (coverage rows listed; provisions a gap analysis works a verdict out for),
since the engine after issue 10 says more per answer than the one before it.

    git worktree add /tmp/xwalk-before 78e8db1
    .venv/bin/python benchmarks/engine_compare.py --against /tmp/xwalk-before [--rounds N] [--skip-synthetic]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ("real coverage", "real gap analysis", "synthetic coverage", "synthetic gap analysis")
SIZE = "size of "  # what one answer holds: coverage rows listed, or provisions a gap analysis judges
UNITS = {"coverage": "rows listed", "gap analysis": "provisions judged"}


def measure(tree: Path, dist: Path, synthetic_dir: Path | None, rounds: int) -> dict[str, list[float]]:
    """Run in a process whose xwalk is `tree`'s: CPU ms of each figure, `rounds` times (after one warm run)."""
    from xwalk.engine import coverage as coverage_module
    from xwalk.engine import gaps as gaps_module
    from xwalk.engine.context import Graph
    from xwalk.engine.coverage import coverage
    from xwalk.engine.gaps import gap_analysis
    from xwalk.engine.mapgraph import mapping_graph
    from xwalk.model.profile import parse_profile
    from xwalk.store.dist import load_dist
    from xwalk.store.oxigraph import OxigraphStore

    def graph_of(path: Path) -> Any:
        store = OxigraphStore()
        load_dist(store, path)
        try:  # since issue 12's hook gap analysis classifies systems in a scratch store
            return Graph(store, tree / "queries", scratch=OxigraphStore)
        except TypeError:
            return Graph(store, tree / "queries")

    def cpu(fn: Any, n: int) -> list[float]:
        out = []
        for i in range(n):
            t = time.process_time()
            fn(i)
            out.append((time.process_time() - t) * 1000)
        return out

    def judged(run: Any) -> int:
        """How many provisions a gap analysis works a verdict out for: this engine's set verdicts (a
        requirement, the parts joint coverage looks at, each article and section of the roll-up), or the
        engine before's best-route searches (one per requirement)."""
        try:
            from xwalk.engine import judge as module

            name = "_judge"
        except ImportError:
            module, name = gaps_module, "best_into"
        seen: set[str] = set()
        original = getattr(module, name)

        def counting(*args: Any, **kwargs: Any) -> Any:
            seen.add(args[1])
            return original(*args, **kwargs)

        setattr(module, name, counting)
        try:
            run()
        finally:
            setattr(module, name, original)
        return len(seen)

    def pair(graph: Any, starts: list[str], profile: Any, n: int, gap_n: int) -> tuple[list[float], ...]:
        mg = mapping_graph(graph)

        def cold() -> None:  # what a new build starts from: no answer, no chain remembered
            coverage_module._ANSWERS.clear()
            getattr(gaps_module, "_REPORTS", {}).clear()
            getattr(mg, "memo", {}).clear()

        gap_analysis(graph, profile)
        coverage(graph, starts[0], depth=3)
        cov = cpu(lambda i: (cold(), coverage(graph, starts[i % len(starts)], depth=3)), n)
        gap = cpu(lambda i: (cold(), gap_analysis(graph, profile)), gap_n)
        rows = [statistics.mean(len(coverage(graph, s, depth=3).data) for s in starts)]
        units = [float(judged(lambda: (cold(), gap_analysis(graph, profile))))]
        return cov, gap, rows, units

    shop = parse_profile(json.loads((tree / "examples" / "iso27001-shop.json").read_text()))
    out: dict[str, list[float]] = {}
    figures = pair(graph_of(dist), ["euaia:art-15"], shop, rounds, rounds)
    out["real coverage"], out["real gap analysis"] = figures[:2]
    out[SIZE + "real coverage"], out[SIZE + "real gap analysis"] = figures[2:]
    if synthetic_dir is not None:
        starts = [f"euaia:s-{g:02d}.{c:02d}" for g in range(1, 21) for c in (3, 11)]
        profile = parse_profile(synthetic_profile())
        rounds_syn = max(2, rounds // 4)
        figures = pair(graph_of(synthetic_dir), starts, profile, rounds_syn * 4, rounds_syn)
        out["synthetic coverage"], out["synthetic gap analysis"] = figures[:2]
        out[SIZE + "synthetic coverage"], out[SIZE + "synthetic gap analysis"] = figures[2:]
    return out


def synthetic_profile() -> dict[str, Any]:
    """benchmarks/engine.py's organisation, written out here: the other tree's engine.py may differ."""
    import synthetic

    controls = [f"iso27001:{lid}" for lid, _, _ in synthetic.local_ids()]
    return {
        "organisation": {"name": "Synthetic Co"},
        "as_of": "2027-12-02",
        "targets": ["iso-iec-42001-2023", "eu-ai-act"],
        "ai_systems": [{"id": "s1", "name": "System", "role": "provider", "risk_classes": ["high-risk-annex-iii"]}],
        "evidence": [{"id": "soa", "type": "statement-of-applicability", "title": "SoA"}],
        "implementations": [{"provision": c, "status": "implemented", "evidence": ["soa"]} for c in controls],
    }


def child(tree: Path, dist: Path, synthetic_dir: str, rounds: int) -> dict[str, list[float]]:
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(tree / 'src')!r})\n"
        f"sys.path.insert(0, {str(ROOT / 'benchmarks')!r})\n"
        "from engine_compare import measure\n"
        "from pathlib import Path\n"
        f"s = {synthetic_dir!r}\n"
        f"print(json.dumps(measure(Path({str(tree)!r}), Path({str(dist)!r}), Path(s) if s else None, {rounds})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=tree)
    figures: dict[str, list[float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def build(tree: Path, into: Path) -> None:
    code = (
        f"import sys\nsys.path.insert(0, {str(tree / 'src')!r})\n"
        "from pathlib import Path\nfrom xwalk.build.pipeline import build, write_dist\n"
        f"write_dist(build(Path({str(tree)!r})), Path({str(into)!r}))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=tree)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--against", type=Path, required=True, help="the other checkout (the engine before)")
    p.add_argument("--rounds", type=int, default=12, help="answers per figure per turn (synthetic: a quarter)")
    p.add_argument("--turns", type=int, default=3, help="turns each tree takes, alternating")
    p.add_argument("--skip-synthetic", action="store_true")
    args = p.parse_args(argv)
    before, now = args.against.resolve(), ROOT
    work = Path(tempfile.mkdtemp(prefix="xwalk-compare-"))
    t = time.perf_counter()
    for name, tree in (("before", before), ("now", now)):
        build(tree, work / name)
    syn = ""
    if not args.skip_synthetic:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import synthetic

        synthetic.write(work / "synthetic")
        syn = str(work / "synthetic")
    wrote = "" if args.skip_synthetic else ", synthetic graph written"
    print(f"both trees built{wrote} in {time.perf_counter() - t:.0f} s")
    runs: dict[str, dict[str, list[float]]] = {"before": {}, "now": {}}
    for _ in range(args.turns):
        for name, tree in (("before", before), ("now", now)):
            for figure, values in child(tree, work / name, syn, args.rounds).items():
                if figure.startswith(SIZE):  # the same in every turn
                    runs[name][figure] = values
                else:
                    runs[name].setdefault(figure, []).extend(values)
    print(f"CPU ms per answer, median (cold: no answer or chain remembered); before = {before}")
    print(f"  {'':<24} {'before':>9} {'now':>9} {'now/before':>11}   limit")
    for figure in FIGURES:
        if figure not in runs["now"]:
            continue
        b, n = statistics.median(runs["before"][figure]), statistics.median(runs["now"][figure])
        verdict = "met" if n <= 2 * b else "NOT met"
        print(f"  {figure:<24} {b:9.1f} {n:9.1f} {n / b:10.2f}x   2x: {verdict}")
    print("what one answer holds, and CPU microseconds per unit of it")
    print(f"  {'':<24} {'unit':<18} {'before':>9} {'now':>9} {'us before':>10} {'us now':>9} {'now/before':>11}")
    for figure in FIGURES:
        if figure not in runs["now"]:
            continue
        unit = UNITS[figure.split(" ", 1)[1]]
        sb, sn = runs["before"][SIZE + figure][0], runs["now"][SIZE + figure][0]
        b = 1000 * statistics.median(runs["before"][figure]) / sb
        n = 1000 * statistics.median(runs["now"][figure]) / sn
        print(f"  {figure:<24} {unit:<18} {sb:9.0f} {sn:9.0f} {b:10.1f} {n:9.1f} {n / b:10.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

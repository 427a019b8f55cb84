"""Coverage matrices as tables (a header and rows of text), for the CSV and XLSX exports, and the
framework-by-framework heatmap.

- pair A,B: each requirement of A with its verdict against B, the provision that covers it and the chain;
- framework F: each requirement of F with its verdict against every other framework, one column each;
- gaps: each requirement of a gap report with its verdict and basis.
"""

from __future__ import annotations

from dataclasses import dataclass

from xwalk.engine.context import Graph
from xwalk.engine.coverage import MatrixResult, matrix
from xwalk.engine.gaps import GapReport
from xwalk.engine.graphscope import Scope
from xwalk.engine.mapgraph import mapping_graph
from xwalk.engine.report import witness_text
from xwalk.engine.verdicts import VERDICTS, from_coverage, of_gap_item
from xwalk.errors import InputError

Table = tuple[list[str], list[list[str]]]


def coverage_table(
    graph: Graph,
    scope: Scope,
    report: GapReport | None = None,
    *,
    depth: int = 3,
    min_strength: int = 0,
    min_status: str = "draft",
) -> Table:
    options = Options(depth, min_strength, min_status)
    if scope.kind == "pair":
        a, b = scope.frameworks
        return _pair(graph, a, b, options)
    if scope.kind == "framework":
        return _framework(graph, scope.frameworks[0], options)
    if scope.kind == "gaps" and report is not None:
        return _gaps(report)
    if scope.kind == "gaps":
        raise InputError("the gaps scope needs a profile: give its file (CLI) or post it (API).")
    raise InputError(
        f"a coverage matrix needs a framework, pair or gaps scope, not {scope.text!r}: "
        "a neighbourhood has no rows of requirements."
    )


@dataclass(frozen=True)
class Options:
    depth: int = 3
    min_strength: int = 0
    min_status: str = "draft"

    def matrix(self, graph: Graph, a: str, b: str) -> MatrixResult:
        return matrix(graph, a, b, depth=self.depth, min_strength=self.min_strength, min_status=self.min_status)


def _pair(graph: Graph, a: str, b: str, options: Options) -> Table:
    m = options.matrix(graph, a, b)
    header = ["requirement", "notation", "title", "verdict", "by", "relations", "strength", "chain"]
    rows = [
        [
            r.provision,
            r.notation,
            r.title,
            r.verdict,
            r.by or "",
            "/".join(r.relations),
            "" if r.strength is None else str(r.strength),
            witness_text(r.witnesses),
        ]
        for r in m.data
    ]
    return header, rows


def _framework(graph: Graph, fw: str, options: Options) -> Table:
    others = [f for f in mapping_graph(graph).by_framework if f != fw]
    columns = {o: options.matrix(graph, fw, o).data for o in others}
    first = columns[others[0]] if others else []
    header = ["requirement", "notation", "title", *others]
    rows = [[r.provision, r.notation, r.title, *(columns[o][k].verdict for o in others)] for k, r in enumerate(first)]
    return header, rows


def _gaps(report: GapReport) -> Table:
    header = [
        "framework",
        "requirement",
        "provision",
        "title",
        "system",
        "verdict",
        "basis",
        "relations",
        "strength",
        "chain",
    ]
    rows = [
        [
            i.framework,
            i.requirement,
            i.provision,
            i.obligation or i.title,
            i.system or "",
            of_gap_item(i),
            i.basis.provision or "",
            "/".join(i.basis.relations),
            "" if i.basis.strength is None else str(i.basis.strength),
            witness_text(i.basis.witnesses),
        ]
        for i in report.items
    ]
    return header, rows


@dataclass(frozen=True)
class Cell:
    source: str
    target: str
    count: int
    counts: dict[str, int]
    percent: dict[str, float]


@dataclass(frozen=True)
class Heatmap:
    content_hash: str
    frameworks: list[str]
    verdicts: list[str]
    cells: list[Cell]


_HEATMAPS: dict[str, Heatmap] = {}


def heatmap(graph: Graph) -> Heatmap:
    """For every ordered pair of frameworks, the shares of the row framework's requirements that the
    column framework covers, partly covers, does not cover, leaves undetermined or does not reach."""
    mg = mapping_graph(graph)
    known = _HEATMAPS.get(mg.content_hash)
    if known is not None:
        return known
    fws = list(mg.by_framework)
    cells: list[Cell] = []
    for a in fws:
        for b in fws:
            if a == b:
                continue
            m = matrix(graph, a, b)
            counts = dict.fromkeys(VERDICTS, 0)
            for key, n in m.summary.items():
                counts[from_coverage(key)] += n
            total = m.count
            percent = {v: round(100.0 * counts[v] / total, 1) if total else 0.0 for v in VERDICTS}
            cells.append(Cell(a, b, total, counts, percent))
    result = Heatmap(mg.content_hash, fws, list(VERDICTS), cells)
    if mg.content_hash != "unbuilt":
        _HEATMAPS.clear()
        _HEATMAPS[mg.content_hash] = result
    return result

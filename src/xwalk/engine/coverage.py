"""Coverage of one provision by others, and the coverage matrix of two frameworks (docs/architecture.md §6).

`coverage` answers both questions:
- direction "covered-by" (default): what covers P? For each target provision C, rel(P, C) is judged.
- direction "covers": which provisions does P help meet? For each target R, rel(R, P) is judged.
Either way `relations` is the set rel(requirement, control) and `coverage` its judgement; the chain
shows every hop with its mapping set, status, strength and source.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from xwalk import vocab
from xwalk.engine import catalog
from xwalk.engine.context import Graph
from xwalk.engine.mapgraph import Filter, MappingGraph, ProvisionInfo, mapping_graph
from xwalk.engine.routes import (
    Route,
    Step,
    best_by_end,
    check_depth,
    coverage_of,
    curated,
    entries,
    keep_filter,
    rank,
    requirement_relations,
    routes,
    routes_into,
    sorted_relations,
    steps,
)
from xwalk.errors import InputError, NotFound
from xwalk.model.ids import iri_to_curie, parse_curie
from xwalk.model.relation import COVERAGE_RANK, Coverage

DIRECTIONS = ("covered-by", "covers")
JUDGEMENTS = tuple(c.value for c in Coverage)
REQUIREMENT_KINDS = frozenset({"Clause", "Control", "Subcategory", "Article", "Paragraph", "Point", "AnnexPoint"})


@dataclass(slots=True)  # not frozen: a frozen init costs a call per field, and answers hold thousands
class CoverageItem:
    provision: str
    framework: str
    notation: str
    title: str
    relations: list[str]
    coverage: str
    strength: int
    hops: int
    routes: int
    chain: list[Step]


@dataclass(frozen=True)
class CoverageResult:
    provision: str
    framework: str
    title: str
    direction: str
    to: list[str]
    depth: int
    min_strength: int
    min_status: str
    derived: bool
    content_hash: str
    count: int
    summary: dict[str, int]
    data: list[CoverageItem] = field(default_factory=list)


def resolve_in(graph: Graph, mg: MappingGraph, text: str) -> ProvisionInfo:
    """A provision of the mapping graph from a CURIE or IRI; 404 with the closest ids otherwise."""
    pid = parse_curie(text)
    if pid is None:
        catalog.resolve(graph, text)  # raises the shared 'not a provision id' error
        raise AssertionError("unreachable")
    info = mg.provisions.get(pid.iri)
    if info is None:
        raise NotFound(f"provision {pid.curie} does not exist.", suggestions=catalog.suggest(graph, pid))
    return info


def resolve_framework(text: str) -> str:
    """A framework id from its id, its CURIE prefix (iso27001) or its IRI."""
    raw = text.strip().removeprefix(vocab.FW).rstrip(":")
    if raw in vocab.FRAMEWORK_PREFIXES:
        return raw
    if raw in vocab.PREFIX_FRAMEWORKS:
        return vocab.PREFIX_FRAMEWORKS[raw]
    import difflib

    pool = sorted([*vocab.FRAMEWORK_PREFIXES, *vocab.PREFIX_FRAMEWORKS])
    raise NotFound(
        f"framework {text!r} does not exist; frameworks: {', '.join(sorted(vocab.FRAMEWORK_PREFIXES))}.",
        suggestions=difflib.get_close_matches(raw, pool, n=3, cutoff=0.4),
    )


def _item(mg: MappingGraph, end: str, route: Route, count: int, cov: Coverage, is_req: bool) -> CoverageItem:
    p = mg.provisions[end]
    return CoverageItem(
        provision=p.id,
        framework=p.framework,
        notation=p.notation,
        title=p.title,
        relations=sorted_relations(requirement_relations(route, is_req)),
        coverage=cov.value,
        strength=route.strength,
        hops=curated(route),
        routes=count,
        chain=steps(mg, route),
    )


def coverage(
    graph: Graph,
    provision: str,
    to: list[str] | None = None,
    *,
    direction: str = "covered-by",
    depth: int = 3,
    min_strength: int = 0,
    min_status: str = "draft",
    derived: bool = True,
    limit: int | None = None,
) -> CoverageResult:
    """Every provision of the `to` frameworks (default: all others) related to `provision`, best route each,
    best coverage first, then the strongest, then in document order. `count` and `summary` count them all;
    `data` holds the first `limit`.

    `derived=False` keeps to the curated mappings of the provision itself (one hop, no part-of steps).
    Answers are remembered per graph content hash and arguments (the graph cannot change under a hash),
    so a repeated question costs a look-up; the result is shared: read it, do not change it."""
    if direction not in DIRECTIONS:
        raise InputError(f"direction {direction!r} is not one of {', '.join(DIRECTIONS)}.")
    check_depth(depth)
    keep = keep_filter(min_strength, min_status)
    mg = mapping_graph(graph)
    start = resolve_in(graph, mg, provision)
    targets = sorted({resolve_framework(t) for t in to}) if to else sorted(set(mg.by_framework) - {start.framework})
    key = (mg.content_hash, start.iri, tuple(targets), direction, depth, keep, derived, limit)
    known = _ANSWERS.get(key)
    if known is None:
        known = _coverage(mg, start, targets, direction, depth, keep, min_status, derived, limit)
        if mg.content_hash != "unbuilt":
            with _LOCK:
                _ANSWERS[key] = known
                while len(_ANSWERS) > 512:
                    _ANSWERS.pop(next(iter(_ANSWERS)))
    return known


_ANSWERS: dict[tuple[object, ...], CoverageResult] = {}
_LOCK = threading.Lock()


def _coverage(
    mg: MappingGraph,
    start: ProvisionInfo,
    targets: list[str],
    direction: str,
    depth: int,
    keep: Filter,
    min_status: str,
    derived: bool,
    limit: int | None,
) -> CoverageResult:
    wanted = set(targets)
    is_req = direction == "covered-by"
    found = routes(mg, start.iri, depth if derived else 1, keep, structure=derived)
    best = best_by_end([r for r in found if mg.provisions[r.end].framework in wanted and r.end != start.iri], is_req)
    judged = [(coverage_of(route, is_req), end, route, count) for end, (route, count) in best.items()]
    judged.sort(key=lambda j: (-COVERAGE_RANK[j[0]], -j[2].strength, mg.position[j[1]]))
    counts = Counter(j[0].value for j in judged)
    items = [_item(mg, end, route, count, cov, is_req) for cov, end, route, count in judged[:limit]]
    return CoverageResult(
        provision=start.id,
        framework=start.framework,
        title=start.title,
        direction=direction,
        to=targets,
        depth=depth if derived else 1,
        min_strength=keep.min_strength,
        min_status=min_status,
        derived=derived,
        content_hash=mg.content_hash,
        count=len(judged),
        summary={j: counts.get(j, 0) for j in JUDGEMENTS},
        data=items,
    )


def requirements(mg: MappingGraph, framework: str) -> list[str]:
    """The provisions of a framework that state requirements, in document order: for the AI Act those
    that impose an obligation; elsewhere the leaf clauses, controls, subcategories, articles and points."""
    if framework == "eu-ai-act" and mg.obligations:
        imposing = {o.provision for o in mg.obligations}
        return [p for p in mg.by_framework.get(framework, ()) if p in imposing]
    return [
        p for p in mg.by_framework.get(framework, ()) if mg.is_leaf(p) and mg.provisions[p].kind in REQUIREMENT_KINDS
    ]


@dataclass(frozen=True)
class MatrixRow:
    provision: str
    notation: str
    title: str
    coverage: str
    by: str | None
    relations: list[str]
    strength: int | None
    chain: list[Step]


@dataclass(frozen=True)
class MatrixResult:
    source: str
    target: str
    depth: int
    content_hash: str
    count: int
    summary: dict[str, int]
    percent: dict[str, float]
    data: list[MatrixRow]


def matrix(
    graph: Graph, source: str, target: str, *, depth: int = 3, min_strength: int = 0, min_status: str = "draft"
) -> MatrixResult:
    """For each requirement of `source`, its best coverage by a provision of `target` ("none" when no route)."""
    check_depth(depth)
    keep = keep_filter(min_strength, min_status)
    a, b = resolve_framework(source), resolve_framework(target)
    if a == b:
        raise InputError(f"from and to are the same framework ({a}); give two different ones.")
    mg = mapping_graph(graph)
    rows: list[MatrixRow] = []
    into = entries(mg, keep, set(mg.by_framework.get(b, ())))  # walk one hop less, join the hop into B
    for req in requirements(mg, a):
        best = best_by_end(routes_into(mg, req, depth, keep, into), True)
        p = mg.provisions[req]
        if not best:
            rows.append(MatrixRow(p.id, p.notation, p.title, "none", None, [], None, []))
            continue
        end, (route, _) = min(best.items(), key=lambda kv: (rank(kv[1][0], True), kv[0]))
        rows.append(
            MatrixRow(
                p.id,
                p.notation,
                p.title,
                coverage_of(route, True).value,
                iri_to_curie(end),
                sorted_relations(route.relations),
                route.strength,
                steps(mg, route),
            )
        )
    counts = Counter(r.coverage for r in rows)
    keys = (*JUDGEMENTS, "none")
    total = len(rows)
    return MatrixResult(
        source=a,
        target=b,
        depth=depth,
        content_hash=mg.content_hash,
        count=total,
        summary={k: counts.get(k, 0) for k in keys},
        percent={k: round(100.0 * counts.get(k, 0) / total, 1) if total else 0.0 for k in keys},
        data=rows,
    )

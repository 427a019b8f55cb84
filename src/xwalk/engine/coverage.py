"""Coverage of one provision by others, and the coverage matrix of two frameworks (docs/architecture.md §6).

`coverage` answers both questions:
- direction "covered-by" (default): what covers P? For each target provision C, rel(P, C) is judged.
- direction "covers": which provisions does P help meet? For each target R, rel(R, P) is judged.
Either way `relations` is rel(requirement, control), the intersection of every chain between the two
(engine.combine), `verdict` its judgement, one of five (model.relation.Verdict), and `witnesses` the chains
that narrowed it, each hop with its mapping set, status, strength and source. Provisions no chain reaches
are counted as `unmapped` in the summary, not listed.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from xwalk import vocab
from xwalk.engine import catalog
from xwalk.engine.combine import (
    Anchor,
    Combined,
    Ends,
    check_depth,
    combine,
    keep_filter,
    ranked,
    reached,
    reached_ends,
    used_sets,
)
from xwalk.engine.context import Graph
from xwalk.engine.judge import judge_set
from xwalk.engine.mapgraph import Filter, MappingGraph, ProvisionInfo, mapping_graph
from xwalk.engine.witness import add_sources, best_strength, chain_witness, rank, sorted_relations, witnesses
from xwalk.errors import InputError, NotFound
from xwalk.model.chains import Hop
from xwalk.model.ids import parse_curie
from xwalk.model.relation import ALL, MEANING, VERDICTS, Relation, Verdict, inverse
from xwalk.model.results import Witness

DIRECTIONS = ("covered-by", "covers")
REQUIREMENT_KINDS = frozenset({"Clause", "Control", "Subcategory", "Article", "Paragraph", "Point", "AnnexPoint"})
MEANINGS = {v.value: MEANING[v] for v in Verdict}


@dataclass(slots=True)  # not frozen: a frozen init costs a call per field, and answers hold thousands
class CoverageItem:
    provision: str
    framework: str
    notation: str
    title: str
    verdict: str
    relations: list[str]  # rel(requirement, control): what every chain allows at once
    strength: int  # the weakest mapping on the best witness
    chains: int  # informative chains combined
    contradiction: bool  # the chains allow nothing: the data contradicts itself (see `xwalk check`)
    witnesses: list[Witness]


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
    include_as_published: bool
    mapping_sets: list[str]  # the sets the answer drew on
    sources: list[str]  # the sources its witnesses cite
    content_hash: str
    count: int  # provisions some chain reaches
    # of them, those only chains that say nothing reach (undetermined, no witness to show): counted, and
    # listed after the informative answers only when asked (`reached`)
    reached_only: int
    listed: int  # the length of the list `data` pages through: the informative answers (+ reached_only)
    offset: int
    summary: dict[str, int]  # the five verdicts; `unmapped` counts the target provisions no chain reaches
    meaning: dict[str, str]
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


def _read(c: Combined, is_req: bool) -> frozenset[Relation]:
    return c.relations if is_req else _inverse(c.relations)


_INVERSES: dict[frozenset[Relation], frozenset[Relation]] = {}


def _inverse(relations: frozenset[Relation]) -> frozenset[Relation]:
    known = _INVERSES.get(relations)
    if known is None:
        known = _INVERSES[relations] = inverse(relations)
    return known


class _Judged(CoverageItem):
    """A CoverageItem whose witnesses are built when first read (to encode or render it): most of an
    answer's cost was building the witness steps of every listed provision, and a caller that reads a few
    rows, counts or verdicts never needs them. Reads, writes and encodes exactly as a CoverageItem."""

    __slots__ = ("_combined", "_is_req", "_mg", "_shown")

    def __init__(
        self, mg: MappingGraph, c: Combined, is_req: bool, verdict: Verdict, read: frozenset[Relation], strength: int
    ) -> None:
        p = mg.provisions[c.end]
        self.provision = p.id
        self.framework = p.framework
        self.notation = p.notation
        self.title = p.title
        self.verdict = verdict.value
        self.relations = sorted_relations(read)
        self.strength = strength
        self.chains = c.count
        self.contradiction = c.contradiction
        self._mg, self._combined, self._is_req = mg, c, is_req
        self._shown: list[Witness] | None = None

    @property
    def witnesses(self) -> list[Witness]:
        shown = self._shown
        if shown is None:  # two threads may both build it: the same list either way
            shown = self._shown = witnesses(self._mg, self._combined, self._is_req)
        return shown

    @witnesses.setter
    def witnesses(self, value: list[Witness]) -> None:
        self._shown = value

    def add_sources(self, out: set[str]) -> None:
        add_sources(self._combined, out)


def _sources(items: list[CoverageItem]) -> list[str]:
    out: set[str] = set()
    for i in items:
        if isinstance(i, _Judged):
            i.add_sources(out)
        else:
            out.update(s.source for w in i.witnesses for s in w.steps)
    return sorted(out)


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
    include_as_published: bool = False,
    sets: list[str] | None = None,
    exclude_sets: list[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
    reached: bool = False,
) -> CoverageResult:
    """Every provision of the `to` frameworks (default: all others) an informative chain joins to
    `provision`, with its verdict and witnesses: proved first (covered, partial, not-covered), then
    undetermined; then the strongest, then document order. Provisions only chains that say nothing reach
    are counted (`reached_only`, in `summary` as undetermined) and, with `reached`, listed after them in
    document order with one such chain each. `data` is the page `offset`..`offset + limit` of that list.

    `derived=False` keeps to the curated mappings of the provision itself (one hop, no part-of steps).
    Answers are remembered per graph content hash and arguments (the graph cannot change under a hash),
    so a repeated question costs a look-up; the result is shared: read it, do not change it."""
    if direction not in DIRECTIONS:
        raise InputError(f"direction {direction!r} is not one of {', '.join(DIRECTIONS)}.")
    check_depth(depth)
    mg = mapping_graph(graph)
    keep = keep_filter(
        mg, min_strength, min_status, include_as_published=include_as_published, sets=sets, exclude_sets=exclude_sets
    )
    start = resolve_in(graph, mg, provision)
    targets = sorted({resolve_framework(t) for t in to}) if to else sorted(set(mg.by_framework) - {start.framework})
    if offset < 0:
        raise InputError(f"offset {offset} is negative.")
    if limit is not None and limit < 1:  # a slice with -1 would drop the last row and say nothing
        raise InputError(f"limit {limit} is below 1: give 1 or more, or no limit for every row.")
    page = (offset, limit, reached)
    key = (mg.content_hash, start.iri, tuple(targets), direction, depth, keep, derived, page, min_status)
    known = _ANSWERS.get(key)
    if known is None:
        known = _coverage(mg, start, targets, direction, depth, keep, min_status, derived, include_as_published, page)
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
    as_published: bool,
    page: tuple[int, int | None, bool],
) -> CoverageResult:
    offset, limit, list_reached = page
    wanted = frozenset(targets)
    is_req = direction == "covered-by"
    depth = depth if derived else 1

    def member(end: str) -> bool:
        return mg.provisions[end].framework in wanted

    # a few frameworks: index the hops into their provisions up front; most of the graph: find them per
    # node a walk reaches (indexing them all would cost more than the walks)
    listed = [p for t in targets for p in mg.by_framework.get(t, ())]
    small = 4 * len(listed) <= len(mg.provisions)
    ends = Ends(
        mg, member, derived, key=("targets", tuple(targets)), members=listed if small else None, frameworks=wanted
    )
    found = combine(mg, start.iri, depth, keep, wanted=ends, structure=derived)
    # one row per end: its sort key (verdict, witness.rank, document order: unique, so the sort never reads
    # past it), then the verdict, the set as read and the pair; rank's last field is the best strength negated
    position = mg.position
    judged = []
    for c in found.values():
        read = _read(c, is_req)
        verdict, order = ranked(read)
        narrow, steps, strength = rank(c)
        judged.append((-order, narrow, steps, strength, position[c.end], verdict, read, c))
    judged.sort()
    # provisions only uninformative chains reach: counted; one chain each built only for the page asked
    silent = [
        end for end in reached_ends(mg, start.iri, depth, keep, wanted=ends, structure=derived) if end not in found
    ]
    stop = None if limit is None else offset + limit
    items: list[CoverageItem] = [
        _Judged(mg, c, is_req, verdict, read, -strength) for *_, strength, _, verdict, read, c in judged[offset:stop]
    ]
    if list_reached:
        silent.sort(key=mg.position.__getitem__)
        first = max(0, offset - len(judged))
        last = None if stop is None else max(0, stop - len(judged))
        shown = silent[first:last]
        if shown:
            only = Ends(mg, set(shown).__contains__, derived)
            how = reached(mg, start.iri, depth, keep, wanted=only, structure=derived)
            items.extend(_reached_item(mg, end, how[end], is_req) for end in shown)
    counts = Counter(verdict.value for *_, verdict, _, _ in judged)
    counts[Verdict.UNDETERMINED.value] += len(silent)
    total = sum(len(mg.by_framework.get(t, ())) for t in targets) - (start.framework in wanted)
    reached_count = len(judged) + len(silent)
    counts[Verdict.UNMAPPED.value] = total - reached_count
    return CoverageResult(
        provision=start.id,
        framework=start.framework,
        title=start.title,
        direction=direction,
        to=targets,
        depth=depth,
        min_strength=keep.min_strength,
        min_status=min_status,
        derived=derived,
        include_as_published=as_published,
        mapping_sets=used_sets(mg, keep),
        sources=_sources(items),
        content_hash=mg.content_hash,
        count=reached_count,
        reached_only=len(silent),
        listed=len(judged) + (len(silent) if list_reached else 0),
        offset=offset,
        summary={v: counts.get(v, 0) for v in VERDICTS},
        meaning=MEANINGS,
        data=items,
    )


def _reached_item(
    mg: MappingGraph, end: str, how: tuple[Anchor, tuple[Hop, ...], Anchor], is_req: bool
) -> CoverageItem:
    p = mg.provisions[end]
    lead, hops, trail = how
    shown = chain_witness(mg, lead, hops, trail, ALL, is_req)
    return CoverageItem(
        p.id,
        p.framework,
        p.notation,
        p.title,
        Verdict.UNDETERMINED.value,
        list(shown.relations),
        shown.strength,
        0,
        False,
        [shown],
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
    verdict: str
    by: str | None  # the provision of `target` the verdict rests on
    relations: list[str]
    strength: int | None
    witnesses: list[Witness]


@dataclass(frozen=True)
class MatrixResult:
    source: str
    target: str
    depth: int
    include_as_published: bool
    mapping_sets: list[str]
    content_hash: str
    count: int
    summary: dict[str, int]
    percent: dict[str, float]
    meaning: dict[str, str]
    data: list[MatrixRow]


def matrix(
    graph: Graph,
    source: str,
    target: str,
    *,
    depth: int = 3,
    min_strength: int = 0,
    min_status: str = "draft",
    include_as_published: bool = False,
    sets: list[str] | None = None,
    exclude_sets: list[str] | None = None,
) -> MatrixResult:
    """For each requirement of `source`, the verdict of framework `target` as a whole on it (engine.judge):
    covered or partial by its best provision, not-covered when proved disjoint from every top-level
    provision of `target`, else undetermined or unmapped."""
    check_depth(depth)
    a, b = resolve_framework(source), resolve_framework(target)
    if a == b:
        raise InputError(f"from and to are the same framework ({a}); give two different ones.")
    mg = mapping_graph(graph)
    keep = keep_filter(
        mg, min_strength, min_status, include_as_published=include_as_published, sets=sets, exclude_sets=exclude_sets
    )
    members = set(mg.by_framework.get(b, ()))
    tops = [p for p in mg.by_framework.get(b, ()) if mg.provisions[p].parent is None]
    rows: list[MatrixRow] = []
    ends = Ends(mg, members.__contains__, key=("framework", b), members=sorted(members))
    for req in requirements(mg, a):
        judged = judge_set(mg, req, depth, keep, ends, tops)
        p = mg.provisions[req]
        best = judged.best
        rows.append(
            MatrixRow(
                p.id,
                p.notation,
                p.title,
                judged.verdict.value,
                mg.provisions[best.end].id if best else None,
                sorted_relations(best.relations) if best else [],
                best_strength(best) if best else None,
                witnesses(mg, best) if best else [],
            )
        )
    counts = Counter(r.verdict for r in rows)
    total = len(rows)
    return MatrixResult(
        source=a,
        target=b,
        depth=depth,
        include_as_published=include_as_published,
        mapping_sets=used_sets(mg, keep),
        content_hash=mg.content_hash,
        count=total,
        summary={k: counts.get(k, 0) for k in VERDICTS},
        percent={k: round(100.0 * counts.get(k, 0) / total, 1) if total else 0.0 for k in VERDICTS},
        meaning=MEANINGS,
        data=rows,
    )

"""Contradictions in the curated data: two provisions whose chains leave no relation possible.

Every chain's relation set holds the truth, so rel(R, C), the intersection over every chain between R and C
found from both ends with part-of steps (engine.combine), can only be empty when some mapping is wrong. The
answer names the pair and the chains that narrowed the set to nothing (usually two), every hop with its
mapping set and source, so a curator can find the row to fix. `xwalk check` runs it on the source files,
without a build: `source_graph` makes the engine's in-memory graph from the catalogs and mapping sets.
"""

from __future__ import annotations

from dataclasses import dataclass

from xwalk import vocab
from xwalk.build.checks import CheckResult, edge_of
from xwalk.engine.combine import Combined, combine, keep_filter, part_rank
from xwalk.engine.mapgraph import Filter, MappingGraph, ProvisionInfo
from xwalk.engine.witness import chain_witness, sorted_relations
from xwalk.errors import Problem
from xwalk.model.catalog import Catalogs, exhaustive
from xwalk.model.mapping import Mapping, MappingSet
from xwalk.model.relation import ALL, Relation
from xwalk.model.results import Witness

INACTIVE = frozenset({"deprecated", "disputed"})


@dataclass(frozen=True)
class Contradiction:
    """rel(subject, object) is empty. `chains` narrowed it to nothing: each group holds the chains between
    one pair of anchors (read from the subject, part-of steps included) and what they allow together."""

    subject: str
    object: str
    chains: list[tuple[list[Witness], list[str]]]

    @property
    def rows(self) -> frozenset[str]:
        """The curated mappings it rests on (one wrong row can show up at many pairs of its ancestors)."""
        return frozenset(st.mapping for group, _ in self.chains for w in group for st in w.steps if st.mapping)

    @property
    def steps(self) -> int:
        return sum(len(w.steps) for group, _ in self.chains for w in group)


def source_graph(catalogs: Catalogs, sets: list[MappingSet]) -> MappingGraph:
    """The engine's graph of catalogs and mapping sets read from their files (as-published sets, a
    document's claims, and disputed or deprecated rows are not claims and are left out)."""
    provisions: dict[str, ProvisionInfo] = {}
    for fw in catalogs.frameworks.values():
        parts: dict[str, list[str]] = {}
        for p in fw.provisions:
            if p.parent is not None:
                parts.setdefault(p.parent, []).append(p.kind)
        for p in fw.provisions:
            iri = vocab.provision_iri(fw.id, p.local_id)
            provisions[iri] = ProvisionInfo(
                iri=iri,
                id=f"{fw.prefix}:{p.local_id}",
                framework=fw.id,
                kind=p.kind,
                notation=p.notation,
                title=p.title,
                parent=vocab.provision_iri(fw.id, p.parent) if p.parent is not None else None,
                order=p.order,
                exhaustive=exhaustive(p.exhaustive, p.kind, parts.get(p.local_id, [])),
            )
    edges = sorted(
        edge_of(ms, m) for ms in sets if not ms.citation_as_published for m in ms.mappings if m.status not in INACTIVE
    )
    return MappingGraph("sources", provisions, tuple(edges), (), {})


def contradictions(mg: MappingGraph, depth: int = 3, keep: Filter | None = None) -> list[Contradiction]:
    """Every contradiction once per set of rows it rests on: at the pair of provisions that shows it in the
    fewest steps (a wrong row between two controls also empties the pairs of their clauses and annexes)."""
    keep = keep if keep is not None else keep_filter(mg)
    best: dict[frozenset[str], Contradiction] = {}
    seen: set[tuple[str, str]] = set()
    for start in sorted(mg.provisions, key=mg.position.__getitem__):
        for end, c in combine(mg, start, depth, keep).items():
            if c.relations:
                continue
            first, second = sorted((start, end), key=mg.position.__getitem__)
            if (first, second) in seen:
                continue
            seen.add((first, second))
            if first != start:  # read it from the first of the two, as it will be printed
                c = combine(mg, first, depth, keep, {second}.__contains__)[second]
            found = Contradiction(mg.provisions[first].id, mg.provisions[second].id, _narrowing(mg, c))
            known = best.get(found.rows)
            if known is None or found.steps < known.steps:
                best[found.rows] = found
    return sorted(best.values(), key=lambda x: (mg.position[mg.by_curie[x.subject]], x.subject, x.object))


def _narrowing(mg: MappingGraph, c: Combined) -> list[tuple[list[Witness], list[str]]]:
    """The parts that narrowed rel to nothing, best first: each part's chains and the set they allow
    together (chains between the same two anchors are intersected before the part-of steps are added)."""
    acc: frozenset[Relation] = ALL
    out: list[tuple[list[Witness], list[str]]] = []
    for part in sorted(c.parts, key=part_rank):
        narrowed = acc & part.relations
        if narrowed == acc:
            continue
        acc = narrowed
        group = [chain_witness(mg, part.lead, path.hops, part.trail, part.relations) for path in part.pair.paths]
        out.append((group, sorted_relations(part.relations)))
        if not acc:
            break
    return out


def check_problems(result: CheckResult, depth: int = 3) -> list[Problem]:
    """The contradictions among the sets `xwalk check` read that involve a row of a checked file, each
    reported at the first such row, with every chain and the file:line of each of its rows."""
    if result.catalogs is None or not result.checked:
        return []
    # a checked file is the new version of a context set with the same id: it replaces it
    checked = {ms.id for ms in result.checked}
    every = [*result.checked, *(ms for ms in result.context if ms.id not in checked)]
    mg = source_graph(result.catalogs, every)
    where = {edge_of(ms, m).id: (ms, m) for ms in every for m in ms.mappings}
    out: list[Problem] = []
    for c in contradictions(mg, depth):
        rows = [where[m] for m in sorted(c.rows) if m in where]
        own = [(ms, m) for ms, m in rows if ms.id in checked]
        if not own:
            continue
        ms, m = min(own, key=lambda r: (r[0].file, r[1].line))
        chains = "; ".join(_group(n, group, rels, where) for n, (group, rels) in enumerate(c.chains, start=1))
        out.append(
            Problem(
                ms.file,
                m.line,
                "contradictory-chains",
                f"no relation between {c.subject} and {c.object} is possible: the chains between them allow "
                f"nothing in common ({chains}).",
                "one row of these chains is wrong: check each against its source, and correct or dispute it.",
            )
        )
    return out


def _group(n: int, group: list[Witness], rels: list[str], where: dict[str, tuple[MappingSet, Mapping]]) -> str:
    allowed = "{" + ", ".join(rels) + "}" if rels else "nothing"
    if len(group) == 1:
        return f"chain {n}: {_chain(group[0], where)}, allows {allowed}"
    return f"chains {n}: {' and '.join(_chain(w, where) for w in group)}, together allow {allowed}"


def _chain(w: Witness, where: dict[str, tuple[MappingSet, Mapping]]) -> str:
    """`euaia:art-9-1 subset-of euaia:art-9 [catalog] then ... [file:line]`."""
    hops = []
    for st in w.steps:
        found = where.get(st.mapping or "")
        cite = f"{found[0].file}:{found[1].line}" if found else "catalog"
        hops.append(f"{st.subject} {st.relation} {st.object} [{cite}]")
    return " then ".join(hops)

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
from xwalk.engine.combine import combine, keep_filter
from xwalk.engine.mapgraph import Filter, MappingGraph, ProvisionInfo
from xwalk.engine.witness import witnesses
from xwalk.errors import Problem
from xwalk.model.catalog import Catalogs, exhaustive
from xwalk.model.mapping import Mapping, MappingSet
from xwalk.model.results import Witness

INACTIVE = frozenset({"deprecated", "disputed"})


@dataclass(frozen=True)
class Contradiction:
    """rel(subject, object) is empty; `chains` narrowed it to nothing, each read from the subject."""

    subject: str
    object: str
    chains: list[Witness]


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
        edge_of(ms, m)
        for ms in sets
        if not ms.citation_as_published
        for m in ms.mappings
        if m.status not in INACTIVE
    )
    return MappingGraph("sources", provisions, tuple(edges), (), {})


def contradictions(mg: MappingGraph, depth: int = 3, keep: Filter | None = None) -> list[Contradiction]:
    """Every pair of provisions with an empty rel, once (the subject first in document order)."""
    keep = keep if keep is not None else keep_filter(mg)
    seen: set[tuple[str, str]] = set()
    out: list[Contradiction] = []
    starts = sorted(mg.provisions, key=mg.position.__getitem__)
    for start in starts:
        for end, c in combine(mg, start, depth, keep).items():
            if c.relations:
                continue
            first, second = sorted((start, end), key=mg.position.__getitem__)
            if (first, second) in seen:
                continue
            seen.add((first, second))
            if first != start:  # read it from the first of the two, as it will be printed
                c = combine(mg, first, depth, keep, {second}.__contains__)[second]
            out.append(Contradiction(mg.provisions[first].id, mg.provisions[second].id, witnesses(mg, c)))
    return out


def check_problems(result: CheckResult, depth: int = 3) -> list[Problem]:
    """The contradictions among the sets `xwalk check` read that involve a row of a checked file, each
    reported at the first such row, with every chain and the file:line of each of its rows."""
    if result.catalogs is None or not result.checked:
        return []
    every = [*result.checked, *result.context]
    mg = source_graph(result.catalogs, every)
    checked = {ms.id for ms in result.checked}
    where = {edge_of(ms, m).id: (ms, m) for ms in every for m in ms.mappings}
    out: list[Problem] = []
    for c in contradictions(mg, depth):
        rows = [where[st.mapping] for w in c.chains for st in w.steps if st.mapping in where]
        mine = [(ms, m) for ms, m in rows if ms.id in checked]
        if not mine:
            continue
        ms, m = min(mine, key=lambda r: (r[0].file, r[1].line))
        chains = "; ".join(f"chain {n}: {_chain(w, where)}" for n, w in enumerate(c.chains, start=1))
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


def _chain(w: Witness, where: dict[str, tuple[MappingSet, Mapping]]) -> str:
    """`euaia:art-9 subset-of ... [file:line, catalog]`, allowing {relations}."""
    hops = []
    for st in w.steps:
        found = where.get(st.mapping or "")
        cite = f"{found[0].file}:{found[1].line}" if found else "catalog"
        hops.append(f"{st.subject} {st.relation} {st.object} [{cite}]")
    return f"{' then '.join(hops)}, allows {{{', '.join(w.relations)}}}"

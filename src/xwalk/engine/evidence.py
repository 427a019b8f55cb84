"""Evidence reuse: which artefact type evidences which provisions (crosswalks/evidence/*.yaml).

Read once from the store per graph content hash. `evidence_reuse` counts each artefact of a profile
once, lists every requirement of a gap report it serves, and ranks the artefact types that would close
the most open requirements (gap analysis puts both in its report).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from xwalk.engine.context import Graph
from xwalk.engine.mapgraph import MappingGraph
from xwalk.model.gaps import OPEN_STATUSES, ArtefactRank, EvidenceUse, GapItem, Served
from xwalk.model.ids import iri_to_curie
from xwalk.model.profile import Profile

EVTYPE = "https://w3id.org/xwalk/vocab/evidence-type/"


@dataclass(frozen=True)
class EvidenceTable:
    by_type: dict[str, tuple[str, ...]] = field(default_factory=dict)  # type -> provision CURIEs
    by_provision: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)  # CURIE -> types

    def __post_init__(self) -> None:
        inverse: dict[str, set[str]] = {}
        for t, ps in self.by_type.items():
            for p in ps:
                inverse.setdefault(p, set()).add(t)
        object.__setattr__(self, "by_provision", {p: frozenset(ts) for p, ts in inverse.items()})

    def provisions(self, etype: str) -> tuple[str, ...]:
        return self.by_type.get(etype, ())


_CACHE: dict[str, EvidenceTable] = {}
_LOCK = threading.Lock()


def evidence_table(graph: Graph) -> EvidenceTable:
    key = "unbuilt" if graph.modified else graph.content_hash
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    table: dict[str, list[str]] = {}
    for r in graph.select("engine/evidence-types"):
        table.setdefault(r["type"].value.removeprefix(EVTYPE), []).append(iri_to_curie(r["provision"].value))
    result = EvidenceTable({k: tuple(sorted(v)) for k, v in sorted(table.items())})
    if key != "unbuilt":
        with _LOCK:
            _CACHE[key] = result
    return result


def _types_serving(mg: MappingGraph, table: EvidenceTable, provision: str) -> set[str]:
    """The artefact types that evidence `provision` or a provision it is part of."""
    iri = mg.by_curie.get(provision)
    if iri is None:
        return set()
    types = table.by_provision
    return set().union(*(types.get(p, ()) for p in (provision, *(mg.provisions[a].id for a in mg.ancestors(iri)))))


def _served(i: GapItem, through: list[str]) -> Served:
    return Served(i.framework, i.requirement, i.provision, i.system, i.status, through)


def _key(s: Served) -> tuple[str, str, str]:
    return (s.framework, s.requirement, s.system or "")


def _is_open(i: GapItem) -> bool:
    if i.status == "not-yet-applicable":
        return i.verdict in OPEN_STATUSES
    return i.status in OPEN_STATUSES


def evidence_reuse(
    mg: MappingGraph, table: EvidenceTable, profile: Profile, items: list[GapItem]
) -> tuple[list[EvidenceUse], list[ArtefactRank]]:
    """Each artefact of `profile` once, with every requirement of `items` it serves (cited by the
    implementation a verdict rests on, or of a type that evidences the provision), and the artefact
    types ranked by how many open requirements they would close (model.gaps.OPEN_DEFINITION)."""
    types_of = {i.provision: _types_serving(mg, table, i.provision) for i in items}
    cited_by: dict[str, list[str]] = {}
    for m in profile.implementations:
        for ref in m.evidence:
            cited_by.setdefault(ref, []).append(m.provision)
    uses = []
    cites = [{x.id for x in i.basis.evidence} for i in items]  # once per item, not once per item and artefact
    for e in sorted(profile.evidence, key=lambda e: e.id):
        serves = []
        for i, ids in zip(items, cites, strict=True):
            cited = e.id in ids
            through = ["cited"] * cited + ["type"] * (e.type in types_of[i.provision])
            if through:
                serves.append(_served(i, through))
        serves.sort(key=_key)
        uses.append(EvidenceUse(e.id, e.type, e.title, e.ref, sorted(cited_by.get(e.id, [])), len(serves), serves))
    closes: dict[str, list[Served]] = {}
    for i in items:
        if _is_open(i):
            for t in types_of[i.provision]:
                closes.setdefault(t, []).append(_served(i, ["type"]))
    held: dict[str, list[str]] = {}
    for art in profile.evidence:
        held.setdefault(art.type, []).append(art.id)
    order = sorted(closes, key=lambda t: (-len(closes[t]), t))  # most first; ties by type id
    ranks = [
        ArtefactRank(n, t, len(closes[t]), sorted(held.get(t, [])), sorted(closes[t], key=_key))
        for n, t in enumerate(order, 1)
    ]
    return uses, ranks

"""Evidence reuse: which artefact type evidences which provisions (crosswalks/evidence/*.yaml).

Read once from the store per graph content hash. `reuse` counts each artefact of a profile once and
lists every requirement it serves; `best_artefacts` ranks the artefact types that would serve the
most open requirements.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from xwalk.engine.context import Graph
from xwalk.model.ids import iri_to_curie

EVTYPE = "https://w3id.org/xwalk/vocab/evidence-type/"


@dataclass(frozen=True)
class EvidenceTable:
    by_type: dict[str, tuple[str, ...]] = field(default_factory=dict)  # type -> provision CURIEs

    def provisions(self, etype: str) -> tuple[str, ...]:
        return self.by_type.get(etype, ())


_CACHE: dict[str, EvidenceTable] = {}
_LOCK = threading.Lock()


def evidence_table(graph: Graph) -> EvidenceTable:
    key = graph.content_hash
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

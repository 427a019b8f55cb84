"""Validate the built graph: SHACL shapes, then every queries/checks/*-violation.rq.

A violation names the focus node, the rule and the shape's own message, and, where the
node came from a source file, that file and line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SH

from xwalk.build.shacl import Shapes
from xwalk.model.ids import iri_to_curie
from xwalk.queries import catalogue, prepare


@dataclass(frozen=True, order=True)
class Violation:
    where: str
    rule: str
    focus: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.rule}] {iri_to_curie(self.focus)}: {self.message}"


def _shapes(root: Path) -> Graph:
    g = Graph()
    for path in sorted((root / "ontology" / "shapes").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def shacl(root: Path, ntriples: str, origins: dict[str, str]) -> list[Violation]:
    shapes = _shapes(root)
    if len(shapes) == 0:
        return []
    out: list[Violation] = []
    for r in Shapes(shapes).validate(ntriples):
        if r.severity != str(SH.Violation):
            continue
        rule = iri_to_curie(r.path) if r.path else iri_to_curie(r.owner)
        out.append(Violation(origins.get(r.focus, "graph"), rule, r.focus, r.message or "violates a shape"))
    return sorted(set(out))


def check_queries(root: Path, store: ox.Store, origins: dict[str, str]) -> list[Violation]:
    """Run each *-violation.rq: every row is a defect. Rows bind ?focus and ?message."""
    out: list[Violation] = []
    table = catalogue(root / "queries" / "checks")
    for name in sorted(n for n in table if "/" not in n and n.endswith("-violation")):
        q = table[name]
        result = store.query(prepare(q.text), use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        for sol in result:
            focus_term = sol["focus"]
            focus = focus_term.value if focus_term is not None else ""
            msg_term = sol["message"]
            message = msg_term.value if msg_term is not None else q.summary
            out.append(Violation(origins.get(focus, "graph"), name, focus, message))
    return sorted(set(out))


def validate(root: Path, quads: Iterable[ox.Quad], origins: dict[str, str]) -> list[Violation]:
    quads = list(quads)
    store = ox.Store()
    store.extend(quads)
    # SHACL sees the union of all graphs, as the API's default graph does.
    ntriples = "".join(sorted({f"{q.subject} {q.predicate} {q.object} .\n" for q in quads}))
    return shacl(root, ntriples, origins) + check_queries(root, store, origins)

"""A part of the crosswalk as a networkx graph, for pictures and graph exports.

A scope names the part:
- `framework:ID`        the framework's provisions with their part-of tree, every curated mapping that
                        touches them and the provision at the other end;
- `pair:ID,ID`          every provision of both frameworks, each one's part-of tree, and the mappings
                        between the two;
- `around:PROVISION:K`  everything within K steps (1-3) of a provision, a step being a mapping or a
                        part-of link;
- `gaps:PROFILE-FILE`   the requirements of a gap report coloured by verdict, the implemented provisions
                        their bases rest on (verdict `implemented`), and the mappings of every basis
                        chain with the provisions they pass through (`intermediate`); the caller
                        reads the profile.

Nodes are CURIEs with identifier, iri, label, notation, title, framework, kind (and verdict for gaps);
edges are keyed by mapping IRI (or `part-of:CHILD`) with kind, relation, strength, status, mapping_set,
source. Nodes and edges are inserted in sorted order, so every writer gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from xwalk.engine.combine import keep_filter
from xwalk.engine.context import Graph
from xwalk.engine.coverage import resolve_framework, resolve_in
from xwalk.engine.gaps import GapReport
from xwalk.engine.mapgraph import MappingGraph, mapping_graph
from xwalk.engine.verdicts import of_gap_item
from xwalk.errors import InputError
from xwalk.model.chains import Adjacency, Edge
from xwalk.model.ids import parse_mapping_end

SCOPES = ("framework:ID", "pair:ID,ID", "around:PROVISION:K", "gaps:PROFILE-FILE")
MAX_AROUND = 3


@dataclass(frozen=True)
class Scope:
    kind: str  # framework | pair | around | gaps
    frameworks: tuple[str, ...] = ()
    provision: str = ""
    hops: int = 0
    profile: str = ""  # the gaps scope's file name (CLI) or "" (a posted profile)

    @property
    def text(self) -> str:
        if self.kind == "around":
            return f"around:{self.provision}:{self.hops}"
        if self.kind == "gaps":
            return f"gaps:{self.profile}"
        return f"{self.kind}:{','.join(self.frameworks)}"


def _bad(text: str, why: str) -> InputError:
    return InputError(f"scope {text!r} {why}; scopes are written {', '.join(SCOPES)}.")


def parse_scope(text: str) -> Scope:
    """A scope from its written form; frameworks resolved, the provision kept as written (checked later)."""
    kind, sep, rest = text.strip().partition(":")
    if not sep or not rest:
        raise _bad(text, "has no kind and argument")
    if kind == "framework":
        return Scope("framework", (resolve_framework(rest),))
    if kind == "pair":
        parts = [p.strip() for p in rest.split(",")]
        if len(parts) != 2 or not all(parts):
            raise _bad(text, "needs two framework ids separated by a comma")
        a, b = (resolve_framework(p) for p in parts)
        if a == b:
            raise _bad(text, "names the same framework twice")
        return Scope("pair", (a, b))
    if kind == "around":
        provision, sep, k = rest.rpartition(":")
        if not sep or not provision or not k.isdigit():
            raise _bad(text, "needs a provision and a number of steps, as around:euaia:art-15:1")
        hops = int(k)
        if not 1 <= hops <= MAX_AROUND:
            raise _bad(text, f"asks for {hops} steps; give 1 to {MAX_AROUND}")
        return Scope("around", provision=provision, hops=hops)
    if kind == "gaps":
        return Scope("gaps", profile=rest)
    raise _bad(text, f"has unknown kind {kind!r}")


def scope_graph(
    graph: Graph, scope: Scope, report: GapReport | None = None, *, min_strength: int = 0, min_status: str = "draft"
) -> nx.MultiDiGraph:
    """The scope's graph; mappings weaker or less reviewed than asked are left out (a gap report's
    chains already obey the filters it was made with)."""
    mg = mapping_graph(graph)
    keep = keep_filter(mg, min_strength, min_status)
    if scope.kind == "gaps":
        if report is None:
            raise InputError("the gaps scope needs a profile: give its file (CLI) or post it (API).")
        return _gaps(mg, report)
    kept = [e for e in mg.edges if keep(e)]
    if scope.kind == "framework":
        (fw,) = scope.frameworks
        own = set(mg.by_framework.get(fw, ()))
        edges = [e for e in kept if e.subject in own or e.object in own]
        return _build(mg, own | _ends(edges), edges, tree=own)
    if scope.kind == "pair":
        a, b = (set(mg.by_framework.get(fw, ())) for fw in scope.frameworks)
        edges = [e for e in kept if (e.subject in a and e.object in b) or (e.subject in b and e.object in a)]
        return _build(mg, a | b, edges, tree=a | b)
    if scope.kind == "around":
        start = resolve_in(graph, mg, scope.provision)
        nodes = _around(mg, mg.adjacency_for(keep), start.iri, scope.hops)
        edges = [e for e in kept if e.subject in nodes and e.object in nodes]
        return _build(mg, nodes, edges, tree=nodes)
    raise AssertionError(scope.kind)


def _ends(edges: Iterable[Edge]) -> set[str]:
    return {n for e in edges for n in (e.subject, e.object)}


def _around(mg: MappingGraph, adjacency: Adjacency, start: str, hops: int) -> set[str]:
    seen, frontier = {start}, {start}
    for _ in range(hops):
        step: set[str] = set()
        for node in frontier:
            step.update(hop.end for hop in adjacency.get(node, ()))
            p = mg.node(node)
            if p.parent is not None:
                step.add(p.parent)
            step.update(mg.children.get(node, ()))
        frontier = step - seen
        seen |= frontier
    return seen


def _build(
    mg: MappingGraph, nodes: set[str], edges: Iterable[Edge], tree: set[str], verdicts: dict[str, str] | None = None
) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for iri in sorted(nodes, key=mg.order_key):
        p = mg.node(iri)  # a provision, or a whole framework a row names
        attrs = {
            "identifier": p.id,
            "iri": p.iri,
            "label": p.id,
            "notation": p.notation,
            "title": p.title,
            "framework": p.framework,
            "kind": p.kind,
        }
        if verdicts is not None:
            attrs["verdict"] = verdicts.get(iri, "intermediate")
        g.add_node(p.id, **attrs)
    for iri in sorted(tree & nodes, key=mg.order_key):
        parent = mg.node(iri).parent
        if parent is not None and parent in nodes:
            child_id, parent_id = mg.provisions[iri].id, mg.provisions[parent].id
            g.add_edge(child_id, parent_id, key=f"part-of:{child_id}", kind="part-of", relation="part-of")
    for e in sorted(set(edges)):
        if e.subject not in nodes or e.object not in nodes:
            continue
        g.add_edge(
            mg.node(e.subject).id,
            mg.node(e.object).id,
            key=e.id,
            kind="mapping",
            identifier=e.id,
            relation=e.relation.value,
            strength=e.strength,
            status=e.status,
            mapping_set=e.mapping_set,
            source=e.source,
        )
    return g


def _iri(curie: str) -> str:
    pid = parse_mapping_end(curie)
    assert pid is not None  # ids in a report come from the graph: provisions, or a whole framework a row names
    return pid.iri


def _gaps(mg: MappingGraph, report: GapReport) -> nx.MultiDiGraph:
    """Requirements (by verdict; the worst verdict when several obligations rest on one provision),
    the provisions every basis rests on, and the curated mappings of each basis chain."""
    worst = {v: n for n, v in enumerate(("unmapped", "not-covered", "undetermined", "partial", "covered"))}
    verdicts: dict[str, str] = {}
    nodes: set[str] = set()
    mapping_ids: set[str] = set()
    implemented: set[str] = set()
    for item in report.items:
        iri = _iri(item.provision)
        verdict = of_gap_item(item)
        old = verdicts.get(iri)
        if old is None or worst.get(verdict, 9) < worst.get(old, 9):
            verdicts[iri] = verdict
        nodes.add(iri)
        if item.basis.provision:
            implemented.add(_iri(item.basis.provision))
        for step in (st for w in item.basis.witnesses for st in w.steps):
            nodes.update(_iri(x) for x in (step.subject, step.object))
            if step.mapping:
                mapping_ids.add(step.mapping)
    nodes |= implemented
    for iri in implemented - set(verdicts):
        verdicts[iri] = "implemented"
    edges = [e for e in mg.edges if e.id in mapping_ids]
    return _build(mg, nodes, edges, tree=nodes, verdicts=verdicts)

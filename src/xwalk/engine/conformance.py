"""SHACL conformance of an organisation's data (ontology/shapes/org/*.ttl), run by rudof (build/shacl.py).

The data graph is the organisation's own graph (engine/orggraph.py) plus what the shapes need and
nothing more, so that validation stays fast: one duty node per (system, provision a duty shape
checks) that the organisation is bound by on the day looked at (unconditional obligations of its
role for the derived classes, and the duty rules of queries/rules/duty-*.rq for the conditional
ones), with the artefacts that evidence it; and `a xw:Provision` for each referenced provision the
catalogs hold.
So "implements a provision that does not exist" is a shape (sh:class xw:Provision), not Python.

Findings name the focus by the profile's own id and JSON pointer, with severity, path, message and
the provision the shape rests on, sorted by severity, pointer and shape.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from xwalk import vocab
from xwalk.build.shacl import Shapes
from xwalk.engine.classify import Classification, RuleStore, classify, load_rules
from xwalk.engine.context import Graph
from xwalk.engine.evidence import EvidenceTable, evidence_table
from xwalk.engine.mapgraph import MappingGraph, mapping_graph
from xwalk.engine.orggraph import EVTYPE, OrgGraph, evidence_iri, org_graph, system_iri
from xwalk.model.ids import expand, iri_to_curie
from xwalk.model.org import ORGANISATION_FACTS, SYSTEM_FACTS
from xwalk.model.profile import Profile

XW = vocab.XW
SH = "http://www.w3.org/ns/shacl#"
SEVERITY = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}
RANK = {"violation": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    severity: str
    pointer: str
    focus: str  # the profile's own id of the node (system id, evidence id, provision cited, ...)
    shape: str
    path: str | None
    message: str
    basis: str | None  # the provision the shape rests on (CURIE)
    basis_url: str | None  # its official text, where the shape links one


@dataclass(frozen=True)
class ConformanceReport:
    organisation: str
    as_of: str
    content_hash: str
    profile_hash: str
    conforms: bool
    shapes: int
    focus_nodes: int
    counts: dict[str, int]
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class _Shapes:
    runner: Shapes
    # named shape -> (its name, severity, message, basis CURIE, basis URL)
    meta: dict[str, tuple[str, str, str, str | None, str | None]]
    duties: tuple[tuple[str, str], ...]  # (duty class, provision IRI) for each provision a duty shape checks


_SHAPES: dict[Path, _Shapes] = {}
_LOCK = threading.Lock()


def shapes(root: Path) -> _Shapes:
    """The org shapes, parsed once per process."""
    with _LOCK:
        cached = _SHAPES.get(root)
        if cached is None:
            text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((root / "org").glob("*.ttl")))
            g = Shapes.from_turtle(text)
            meta: dict[str, tuple[str, str, str, str | None, str | None]] = {}
            q = f"""SELECT ?s ?sev ?msg ?ref ?src WHERE {{ ?s a <{SH}NodeShape> ; <{SH}severity> ?sev ;
                      <{SH}message> ?msg .
                    OPTIONAL {{ ?s <{vocab.DCTERMS}references> ?ref }} OPTIONAL {{ ?s <{vocab.DCTERMS}source> ?src }}
                    }}"""
            for s, sev, msg, ref, src in g.select(q):
                name = str(s).removeprefix("https://w3id.org/xwalk/shapes#")
                entry = (
                    name,
                    SEVERITY[str(sev)],
                    str(msg),
                    iri_to_curie(str(ref)) if ref else None,
                    str(src) if src else None,
                )
                meta[str(s)] = entry
            q = f"""SELECT ?cls ?ref WHERE {{ ?s <{SH}targetClass> ?cls ; <{vocab.DCTERMS}references> ?ref .
                    FILTER(?cls IN (<{XW}EvidenceDuty>, <{XW}FriaDuty>, <{XW}DpiaDuty>)) }}"""
            duties = tuple(sorted((str(c), str(r)) for c, r in g.select(q)))
            cached = _SHAPES[root] = _Shapes(g, meta, duties)
    return cached


def _line(s: str, p: str, o: str) -> str:
    return f"<{s}> <{p}> <{o}> .\n"


class _Lineage:
    """A provision with its ancestors, each looked up once per request: a hundred systems share a few
    dozen provisions."""

    def __init__(self, mg: MappingGraph) -> None:
        self.mg = mg
        self._up: dict[str, tuple[str, ...]] = {}
        self._articles: dict[str, tuple[str, ...]] = {}

    def up(self, iri: str) -> tuple[str, ...]:
        """`iri` and every provision it is part of."""
        hit = self._up.get(iri)
        if hit is None:
            hit = self._up[iri] = (iri, *self.mg.ancestors(iri))
        return hit

    def articles(self, iri: str) -> tuple[str, ...]:
        """`iri` and the articles it is part of."""
        hit = self._articles.get(iri)
        if hit is None:
            mg = self.mg
            hit = self._articles[iri] = (iri, *(a for a in mg.ancestors(iri) if mg.provisions[a].kind == "Article"))
        return hit


def _bound(c: Classification, up: _Lineage) -> dict[str, set[str]]:
    """By system id: provisions (and their articles) of obligations in force without a condition."""
    out: dict[str, set[str]] = {}
    for s in c.systems:
        found = out.setdefault(s.id, set())
        for o in s.in_force:
            if o.condition is None:
                found.update(up.articles(expand(o.provision) or o.provision))
    return out


def _evidence_for(profile: Profile, up: _Lineage, table: EvidenceTable) -> dict[str, set[str]]:
    """By provision IRI: the evidence ids that show it (an artefact shown for a part shows the whole)."""
    known = {e.id for e in profile.evidence}
    out: dict[str, set[str]] = {}
    for m in profile.implementations:
        iri = expand(m.provision) or m.provision
        for ref in m.evidence:
            if ref in known:
                for p in up.up(iri):
                    out.setdefault(p, set()).add(ref)
    by_type: dict[str, set[str]] = {}  # an evidence type's provisions and all they are part of
    for e in profile.evidence:
        if e.type not in by_type:
            by_type[e.type] = {p for curie in table.provisions(e.type) for p in up.up(expand(curie) or curie)}
        for p in by_type[e.type]:
            out.setdefault(p, set()).add(e.id)
    return out


def data_graph(graph: Graph, profile: Profile) -> tuple[OrgGraph, str, Classification]:
    return _data_graph(graph, profile, shapes(_shapes_dir(graph)).duties)


def _shapes_dir(graph: Graph) -> Path:
    return graph.queries_dir.parent / "ontology" / "shapes"


def _data_graph(
    graph: Graph, profile: Profile, duties: tuple[tuple[str, str], ...]
) -> tuple[OrgGraph, str, Classification]:
    """The organisation graph and the extra triples the shapes read, as N-Triples."""
    mg = mapping_graph(graph)
    g = org_graph(profile)
    node = {s.id: system_iri(s.id) for s in profile.ai_systems}
    extra: list[str] = []
    duty_rules = [r for r in load_rules(graph) if r.duty is not None]
    with RuleStore(graph, g) as facts:  # one store for the classification rules and the duty rules
        c = classify(graph, profile, facts)
        for s in c.systems:
            extra += [_line(node[s.id], XW + "derivedRiskClass", vocab.RISK + rc) for rc in s.classes if rc]
            if s.derogations:
                extra.append(_line(node[s.id], XW + "derogation", expand("euaia:art-6-3") or ""))
        facts.add("".join(extra))
        rows = facts.run(duty_rules)
    up = _Lineage(mg)
    bound = _bound(c, up)
    in_force_articles = {s.id: {a for o in s.in_force for a in up.up(expand(o.provision) or "")} for s in c.systems}
    by_iri = {v: k for k, v in node.items()}
    for r in duty_rules:
        target = expand(r.provision) or r.provision
        for row in rows[r.name]:
            sid = by_iri[row["system"].value]
            if row["verdict"].value == "applies" and target in in_force_articles[sid]:
                bound[sid].add(target)
    shown = _evidence_for(profile, up, evidence_table(graph))
    types = {e.id: e.type for e in profile.evidence}
    local = {prov: iri_to_curie(prov).replace(":", "-") for _cls, prov in duties}
    for sid, provisions in sorted(bound.items()):
        for cls, prov in duties:
            if prov not in provisions:
                continue
            duty = f"{node[sid]}/duty/{local[prov]}"
            g.pointers[duty], g.labels[duty] = g.pointers[node[sid]], sid
            g.duties[duty] = prov
            extra += [_line(duty, vocab.RDF_TYPE, cls), _line(duty, XW + "dutyOf", node[sid]),
                      _line(duty, XW + "dutyProvision", prov)]  # fmt: skip
            # one artefact is enough for sh:minCount, the distinct types for sh:hasValue: the graph stays small
            held = sorted(shown.get(prov, ()))
            extra += [_line(duty, XW + "evidencedBy", evidence_iri(eid)) for eid in held[:1]]
            extra += [_line(duty, XW + "heldEvidenceType", EVTYPE + t) for t in sorted({types[e] for e in held})]
    cited = {expand(m.provision) or m.provision for m in profile.implementations}
    cited |= {expand(x.provision) or x.provision for x in profile.exclusions}
    extra += [_line(p, vocab.RDF_TYPE, XW + "Provision") for p in sorted(cited) if p in mg.provisions]
    return g, "".join(sorted(set(extra))), c


def _eli(iri: str) -> str | None:
    """The official text of an AI Act article or paragraph, by its ELI fragment (#art_N)."""
    curie = iri_to_curie(iri)
    if not curie.startswith("euaia:art-"):
        return None
    return f"http://data.europa.eu/eli/reg/2024/1689/oj#art_{curie.removeprefix('euaia:art-').split('-')[0]}"


def _path(path: str | None) -> str | None:
    """A result path as the JSON key it stands for where there is one (xw:socialScoring -> social_scoring)."""
    if path is None or not path.startswith(XW):
        return None
    term = path.removeprefix(XW)
    return _JSON_KEYS.get(term, f"xw:{term}")


_JSON_KEYS = {f.term: f.key for f in (*SYSTEM_FACTS, *ORGANISATION_FACTS)} | {"evidence": "evidence"}


def conformance(graph: Graph, profile: Profile) -> ConformanceReport:
    """Every conformance finding for `profile`, against the catalogs in `graph`."""
    sh = shapes(_shapes_dir(graph))
    g, extra, c = _data_graph(graph, profile, sh.duties)
    mg = mapping_graph(graph)
    findings = set()
    for r in sh.runner.validate(g.ntriples() + extra):
        focus, shape, path = r.focus, r.owner, r.path
        # a result of a nested shape (inside sh:or, sh:not) is reported by its named node shape
        if shape not in sh.meta:
            continue
        name, severity, message, basis, url = sh.meta[shape]
        if focus in g.duties:  # one duty shape checks several provisions: name the one this duty is for
            prov = g.duties[focus]
            basis, url = iri_to_curie(prov), _eli(prov)
            info = mg.provisions.get(prov)
            message = message.replace("{provision}", info.notation if info else basis).replace("{curie}", basis)
        findings.add(
            Finding(
                severity=severity,
                pointer=g.pointers.get(focus, ""),
                focus=g.labels[focus] if focus in g.labels else iri_to_curie(focus),
                shape=name,
                path=_path(path),
                message=message,
                basis=basis,
                basis_url=url,
            )
        )
    # basis and message too: one duty shape gives a system several findings that differ only in them
    ordered = sorted(
        findings,
        key=lambda f: (RANK[f.severity], f.pointer, f.shape, f.focus, f.path or "", f.basis or "", f.message),
    )
    counts = {k: sum(1 for f in ordered if f.severity == k) for k in RANK}
    return ConformanceReport(
        organisation=profile.organisation.name,
        as_of=profile.as_of.isoformat(),
        content_hash=c.content_hash,
        profile_hash=c.profile_hash,
        conforms=counts["violation"] == 0,
        shapes=len({m[0] for m in sh.meta.values()}),
        focus_nodes=len(g.pointers),
        counts=counts,
        findings=ordered,
    )


def conformance_md(r: ConformanceReport) -> str:
    verdict = "conforms" if r.conforms else "does not conform"
    counts = ", ".join(f"{v} {k}{'s' if v != 1 else ''}" for k, v in r.counts.items())
    lines = [
        f"# Conformance: {r.organisation}",
        "",
        f"As of {r.as_of}: {verdict} ({counts}); {r.shapes} shapes, {r.focus_nodes} nodes; "
        f"graph `{r.content_hash}`, profile `{r.profile_hash}`.",
        "",
    ]
    if r.findings:
        lines += ["| severity | where | focus | shape | message | basis |", "|---|---|---|---|---|---|"]
        for f in r.findings:
            basis = f"[{f.basis}]({f.basis_url})" if f.basis and f.basis_url else f.basis or "-"
            lines.append(f"| {f.severity} | `{f.pointer}` | {f.focus} | {f.shape} | {f.message} | {basis} |")
    return "\n".join(lines).rstrip() + "\n"

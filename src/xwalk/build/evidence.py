"""Evidence tables (crosswalks/evidence/*.yaml): which artefact type evidences which provisions.

Checked like the mapping sets: every type is a concept of ontology/vocab/evidence-type.ttl, every
provision a real catalog id, every row has a source (crosswalks/sources.yaml) and a rationale in
the project's own words; each defect names file:line. The rows become `evtype:<type> xw:evidences
<provision>` in their own named graph, which the engine reads for evidence reuse and conformance.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from xwalk import vocab
from xwalk.build.yamlsrc import load_yaml
from xwalk.errors import Problem, SourceErrors
from xwalk.model.catalog import Catalogs
from xwalk.model.ids import parse_curie
from xwalk.model.org import EVIDENCE_TYPES

EVIDENCE_GRAPH = vocab.GRAPH + "evidence"
EVTYPE = "https://w3id.org/xwalk/vocab/evidence-type/"


@dataclass(frozen=True)
class EvidenceRow:
    file: str
    line: int
    type: str
    provisions: tuple[str, ...]  # CURIEs
    source: str
    rationale: str


def read_evidence_tables(root: Path, catalogs: Catalogs) -> list[EvidenceRow]:
    rows: list[EvidenceRow] = []
    problems: list[Problem] = []
    for path in sorted((root / "crosswalks" / "evidence").glob("*.yaml")):
        name = path.relative_to(root).as_posix()
        data = load_yaml(path, name)
        entries = data.get("evidence") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            problems.append(Problem(name, 1, "evidence-no-rows", "the file has no 'evidence' list.", "add one."))
            continue
        for entry in entries:
            line = getattr(entry, "line", 1)
            if not isinstance(entry, dict):
                problems.append(Problem(name, line, "evidence-row", "a row must be a mapping.", "see docs/formats.md."))
                continue
            etype = str(entry.get("type", ""))
            if etype not in EVIDENCE_TYPES:
                problems.append(
                    Problem(
                        name,
                        line,
                        "evidence-unknown-type",
                        f"{etype!r} is not an evidence type.",
                        f"use one of: {', '.join(EVIDENCE_TYPES)}.",
                    )
                )
            source = str(entry.get("source", ""))
            if source not in catalogs.sources:
                problems.append(
                    Problem(
                        name,
                        line,
                        "evidence-unknown-source",
                        f"source {source!r} is not in crosswalks/sources.yaml.",
                        "name a source document listed there.",
                    )
                )
            rationale = str(entry.get("rationale") or "").strip()
            if not rationale:
                problems.append(
                    Problem(
                        name,
                        line,
                        "evidence-no-rationale",
                        "a row needs its rationale.",
                        "say in your own words why the artefact evidences these provisions.",
                    )
                )
            provisions = entry.get("provisions")
            if not isinstance(provisions, list) or not provisions:
                problems.append(Problem(name, line, "evidence-no-provisions", "a row needs a 'provisions' list.", ""))
                continue
            for p in provisions:
                pid = parse_curie(str(p))
                if pid is None or catalogs.provision(pid.framework, pid.local) is None:
                    problems.append(
                        Problem(
                            name,
                            line,
                            "evidence-unknown-provision",
                            f"{p!r} is not a provision of any catalog.",
                            "use a CURIE of crosswalks/frameworks/*.yaml, e.g. euaia:art-11 or iso42001:A.6.2.7.",
                        )
                    )
            if not any(pr.file == name and pr.line == line for pr in problems):
                rows.append(EvidenceRow(name, line, etype, tuple(str(p) for p in provisions), source, rationale))
    if problems:
        raise SourceErrors(problems)
    return rows


def evidence_quads(rows: list[EvidenceRow]) -> list[ox.Quad]:
    graph = ox.NamedNode(EVIDENCE_GRAPH)
    out = set()
    for r in rows:
        for p in r.provisions:
            pid = parse_curie(p)
            assert pid is not None
            out.add(
                ox.Quad(
                    ox.NamedNode(EVTYPE + r.type),
                    ox.NamedNode(vocab.XW + "evidences"),
                    ox.NamedNode(vocab.provision_iri(pid.framework, pid.local)),
                    graph,
                )
            )
    return sorted(out, key=str)

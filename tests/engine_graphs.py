"""Small hand-built graphs for engine tests: provisions, mappings and obligations written as Turtle and
loaded into a fresh in-memory store, stamped with a content hash of their own text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from xwalk import vocab
from xwalk.engine.context import Graph
from xwalk.model.ids import parse_curie
from xwalk.store.dist import BUILD_NODE, META_GRAPH
from xwalk.store.oxigraph import OxigraphStore

from .conftest import ROOT


@dataclass
class Small:
    """provisions: (curie, kind, parent curie or None); mappings: (subject, relation, object, strength,
    status); obligations: (provision, role, risk class or None, applies-from date)."""

    provisions: list[tuple[str, str, str | None]]
    mappings: list[tuple[str, str, str, int, str]] = field(default_factory=list)
    obligations: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    exhaustive: list[str] = field(default_factory=list)  # provisions that are the union of their parts

    def turtle(self) -> str:
        lines = []
        for order, (curie, kind, parent) in enumerate(self.provisions):
            pid = parse_curie(curie)
            assert pid is not None, curie
            node = f"<{pid.iri}>"
            lines.append(
                f"{node} a xw:Provision, xw:{kind} ; xw:inFramework <{vocab.framework_iri(pid.framework)}> ; "
                f'skos:notation "{pid.local}" ; skos:prefLabel "Title of {pid.local}"@en ; xw:order {order} .'
            )
            if parent:
                lines.append(f"{node} xw:partOf <{parse_curie(parent).iri}> .")  # type: ignore[union-attr]
            if curie in self.exhaustive:
                lines.append(f"{node} xw:exhaustive true .")
        for n, (s, rel, o, strength, status) in enumerate(self.mappings):
            sp, op = parse_curie(s), parse_curie(o)
            assert sp and op
            m = f"<{vocab.MAPPINGS}test/{n:04d}>"
            lines.append(
                f"{m} a xw:Mapping ; xw:inMappingSet <{vocab.MAPPINGS}test> ; xw:subject <{sp.iri}> ; "
                f"xw:object <{op.iri}> ; xw:relation <{vocab.RELATION}{rel}> ; xw:strength {strength} ; "
                f"xw:status <{vocab.STATUS}{status}> ; xw:mappingSource <{vocab.SOURCE}src-{n}> ."
            )
        for provision, role, risk, date in self.obligations:
            pid = parse_curie(provision)
            assert pid
            ob = f"<{vocab.ID}eu-ai-act/obligation/{pid.local}/{role}/{risk or 'any'}>"
            rule = f"<{vocab.ID}eu-ai-act/date/d-{date}>"
            lines.append(
                f"{ob} a xw:Obligation ; xw:imposedBy <{pid.iri}> ; xw:role <{vocab.ROLE}{role}> ; "
                f'xw:appliesFrom "{date}"^^xsd:date ; dcterms:description "Do {pid.local} as {role}." ; '
                f"xw:dateRule {rule} ."
            )
            lines.append(f"{rule} dcterms:source <http://data.europa.eu/eli/reg/2024/1689/oj> .")
            if risk:
                lines.append(f"{ob} xw:riskClass <{vocab.RISK}{risk}> .")
        head = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(vocab.PREFIXES.items()))
        return head + "\n".join(lines) + "\n"

    def graph(self) -> Graph:
        text = self.turtle()
        store = OxigraphStore()
        store.load(text.encode(), "turtle", graph=vocab.GRAPH + "test")
        for name in ("risk.ttl", "role.ttl"):
            store.load((ROOT / "ontology" / "vocab" / name).read_bytes(), "turtle", graph=vocab.ONTOLOGY_GRAPH)
        digest = "sha256:test-" + hashlib.sha256(text.encode()).hexdigest()
        store.load(f'<{BUILD_NODE}> <{vocab.XW}contentHash> "{digest}" .\n'.encode(), "turtle", graph=META_GRAPH)
        return Graph(store, ROOT / "queries", scratch=OxigraphStore)

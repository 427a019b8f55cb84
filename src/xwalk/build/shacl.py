"""SHACL validation run by rudof (pyrudof, a Rust engine), over shapes read once.

pySHACL took 38 s of a 44 s build and 9 s to check an organisation of 100 AI systems; rudof gives
the same results in about 6 s and a few hundred milliseconds. pySHACL stays the reference:
tests/test_shacl_engine.py checks that both report the same results on every test file of the
shapes and on every example profile.

Property shapes written as blank nodes (`sh:property [ ... ]`) are given IRIs before rudof reads
them, so a result can be traced to its shape and from there to the named shape that holds it.
Only those blank nodes are renamed: a blank node that is a path (`[ sh:inversePath ... ]`) must
stay one, or it would be read as a predicate.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import pyrudof
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

NAMED = "https://w3id.org/xwalk/shapes/property/"  # the IRIs given to anonymous property shapes
# The one triple the engine's data graph holds between validations: no shape targets it (it has no type and
# its IRIs are in no namespace a shape names), and it is there only so each request can be merged in.
_SEED = "<https://w3id.org/xwalk/shapes/seed> <https://w3id.org/xwalk/shapes/seed> \"seed\" .\n"
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>^()]*$")  # a predicate path; rudof writes others as ^(...), _:


@dataclass(frozen=True)
class Result:
    focus: str
    shape: str  # the shape whose constraint failed (an anonymous property shape has a NAMED IRI)
    owner: str  # the node shape that holds it (the shape itself when it is not a property shape)
    path: str | None  # an IRI, or None for a node shape or a complex path
    severity: str  # sh:Violation, sh:Warning or sh:Info as an IRI
    message: str  # the shape's own sh:message where it has one, rudof's words otherwise
    value: str | None


class Shapes:
    """A shapes graph ready for rudof, with each shape's owner and sh:message."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        renamed: dict[BNode, URIRef] = {}
        self.owner: dict[str, str] = {}
        for owner in sorted({s for s, _p, _o in graph.triples((None, SH.property, None))}, key=str):
            props = [o for o in graph.objects(owner, SH.property)]
            anon = sorted((o for o in props if isinstance(o, BNode)), key=lambda o: _signature(graph, o))
            for k, node in enumerate(anon):
                renamed[node] = URIRef(f"{NAMED}{_local(str(owner))}/{k}")
            for o in props:
                self.owner[str(renamed.get(o, o))] = str(owner)  # type: ignore[call-overload]
        out = Graph()
        for s, p, o in graph:
            out.add((renamed.get(s, s), p, renamed.get(o, o)))  # type: ignore[call-overload]
        self.message = {str(s): str(m) for s, m in out.subject_objects(SH.message) if isinstance(s, URIRef)}
        self.ntriples = "".join(sorted(out.serialize(format="nt").splitlines(keepends=True)))
        self.reads = _reads(out)
        self._rudof: pyrudof.Rudof | None = None  # one engine, shapes read once; a lock, as it holds the data
        self._lock = threading.Lock()

    @classmethod
    def from_turtle(cls, text: str) -> Shapes:
        return cls(Graph().parse(data=text, format="turtle"))

    def select(self, sparql: str) -> list[tuple[str | None, ...]]:
        """Rows of a SELECT over the shapes as written (blank nodes unrenamed), as strings."""
        return [tuple(None if v is None else str(v) for v in row) for row in self.graph.query(sparql)]  # type: ignore[union-attr]

    def validate(self, data_ntriples: str) -> list[Result]:
        """Every result of validating `data_ntriples` (N-Triples), sorted."""
        if self.reads is not None:
            data_ntriples = "".join(line for line in data_ntriples.splitlines(keepends=True) if self._read(line))
        with self._lock:
            if self._rudof is None:
                self._rudof = pyrudof.Rudof(pyrudof.RudofConfig())
                self._rudof.read_shacl(self.ntriples, pyrudof.ShaclFormat.NTriples)
                self._rudof.read_data(_SEED, pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)
            # rudof spends ~100 ms setting up a data graph on every fresh read (even of 10 triples) and
            # ~20 ms merging 5,000 triples into one that exists: merge into the seed graph inside a
            # staging frame, and roll the frame back so the next request starts from the seed again.
            self._rudof.begin_staging()
            try:
                self._rudof.read_data(
                    data_ntriples, pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict, merge=True
                )
                report = list(self._rudof.validate_shacl())
            finally:
                self._rudof.rollback_staging()
        out = set()
        for e in report:
            shape = _term(e.source_shape) or ""
            path = _term(e.path)
            out.add(
                Result(
                    focus=_term(e.focus_node) or "",
                    shape=shape,
                    owner=self.owner.get(shape, shape),
                    path=path if path and _IRI.match(path) and not path.startswith(NAMED) else None,
                    severity=str(SH) + str(e.severity),
                    message=self.message.get(shape) or str(e.message or ""),
                    value=_term(e.value),
                )
            )
        return sorted(out, key=lambda r: (r.focus, r.owner, r.shape, r.path or "", r.value or ""))


    def _read(self, line: str) -> bool:
        """Whether a shape can read this N-Triples line; anything not plainly `<s>|_:b <p> o .` is kept."""
        parts = line.split(" ", 2)
        return len(parts) < 3 or line.startswith("<<") or not parts[1].startswith("<") or parts[1] in (self.reads or ())


def _reads(shapes: Graph) -> frozenset[str] | None:
    """The predicates (as `<iri>`) a data triple may have for these shapes to read it, or None for any.

    A SHACL Core shape reaches data only through what it names: paths, sh:targetSubjectsOf/ObjectsOf,
    sh:equals and kin name their predicates; sh:class and class targets read rdf:type and
    rdfs:subClassOf. Every other triple is left out of the data rudof validates: the results are the
    same and rudof's time grows faster than the data (5,471 triples of the benchmark organisation, 3,582
    read: 138 -> 80 ms). sh:closed and SPARQL-based constraints or targets read any predicate: with
    those, nothing is left out."""
    sparql = (None, RDF.type, URIRef(f"{SH}SPARQLConstraint")) in shapes
    if sparql or any((None, p, None) in shapes for p in _READS_ANY):
        return None
    named = {f"<{t}>" for triple in shapes for t in triple if isinstance(t, URIRef)}
    return frozenset(named | {f"<{RDF.type}>", f"<{RDFS.subClassOf}>"})


_ANY = ("closed", "sparql", "select", "ask", "target", "targetValidator", "rule")  # with these a shape reads any triple
_READS_ANY = tuple(URIRef(f"{SH}{t}") for t in _ANY)


def _signature(graph: Graph, node: BNode) -> str:
    """A blank property shape's content, so that its IRI does not depend on parse order."""
    pairs = graph.predicate_objects(node)
    return " ".join(sorted(f"{p.n3()} {'[]' if isinstance(o, BNode) else o.n3()}" for p, o in pairs))


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _term(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text[1:-1] if text.startswith("<") and text.endswith(">") else text

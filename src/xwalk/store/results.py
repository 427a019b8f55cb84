"""SPARQL results in memory and on the wire, the same for every store.

Each adapter turns its backend's answer into a `QueryResult` (so it can count rows against the
result-size limit and notice a truncated answer), and this module writes it in the format asked:
SPARQL results as JSON, XML, CSV or TSV (W3C SPARQL 1.1 Query Results formats), graphs through
pyoxigraph's RDF serialisers. Rows keep the query's order; graph triples are sorted.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from xwalk import vocab
from xwalk.errors import StoreError
from xwalk.store.base import Row, Term, Triple

Form = Literal["bindings", "boolean", "graph"]

# Short format names and the media type each is served with.
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_MEDIA = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
XSD_STRING = vocab.XSD + "string"
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


@dataclass
class QueryResult:
    form: Form
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool = False
    triples: list[Triple] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.triples) if self.form == "graph" else len(self.rows)


def to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype or XSD_STRING))


def from_ox(t: object) -> Term:
    if isinstance(t, ox.NamedNode):
        return Term.iri(t.value)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    if isinstance(t, ox.Literal):
        dtype = t.datatype.value if t.datatype else None
        return Term.literal(t.value, None if t.language else dtype, t.language)
    raise StoreError(f"unsupported RDF term in a result (RDF-star triple terms are not served): {t!r}")


def write(result: QueryResult, fmt: str) -> bytes:
    """The result in `fmt`: a SPARQL results format for bindings and booleans, an RDF format for graphs."""
    if result.form == "graph":
        return write_graph(result.triples, fmt)
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"no SPARQL results writer for {fmt!r}")
    return writer(result)


def write_graph(triples: list[Triple], fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    rdf_format = RDF_FORMATS.get(fmt)
    if rdf_format is None:
        raise ValueError(f"no RDF writer for {fmt!r}")
    quads = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in sorted(set(triples))]  # type: ignore[arg-type]
    if fmt not in ("turtle", "trig"):
        return ox.serialize(quads, format=rdf_format) or b""
    table = {**vocab.PREFIXES, **(prefixes or {})}
    return _tidy_prefixes(ox.serialize(quads, format=rdf_format, prefixes=table) or b"")


def _tidy_prefixes(data: bytes) -> bytes:
    """The serialiser lists every prefix it was given, in no fixed order: keep the used ones, sorted."""
    text = data.decode()
    lines = text.split("\n")
    k = 0
    while k < len(lines) and lines[k].startswith("@prefix "):
        k += 1
    body = "\n".join(lines[k:])
    used = [
        line
        for line in lines[:k]
        if re.search(rf"(?<![\w\-.:]){re.escape(line.split()[1])}", body)  # "@prefix xw: <...> ."
    ]
    return "\n".join([*sorted(used), body]).encode() if used else body.encode()


def _json_term(t: Term) -> dict[str, str]:
    if t.kind != "literal":
        return {"type": t.kind, "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.lang:
        out["xml:lang"] = t.lang
    elif t.datatype and t.datatype != XSD_STRING:
        out["datatype"] = t.datatype
    return out


def _write_json(r: QueryResult) -> bytes:
    if r.form == "boolean":
        doc: dict[str, object] = {"head": {}, "boolean": r.boolean}
    else:
        bindings = [{v: _json_term(row[v]) for v in r.variables if v in row} for row in r.rows]
        doc = {"head": {"vars": r.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def _xml_term(t: Term) -> str:
    if t.kind == "uri":
        return f"<uri>{escape(t.value)}</uri>"
    if t.kind == "bnode":
        return f"<bnode>{escape(t.value)}</bnode>"
    attr = ""
    if t.lang:
        attr = f" xml:lang={quoteattr(t.lang)}"
    elif t.datatype and t.datatype != XSD_STRING:
        attr = f" datatype={quoteattr(t.datatype)}"
    return f"<literal{attr}>{escape(t.value, {chr(13): '&#13;'})}</literal>"


def _write_xml(r: QueryResult) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<sparql xmlns="{SPARQL_RESULTS_NS}">\n']
    if r.form == "boolean":
        out.append("  <head/>\n")
        out.append(f"  <boolean>{'true' if r.boolean else 'false'}</boolean>\n")
    else:
        out.append("  <head>\n")
        out.extend(f"    <variable name={quoteattr(v)}/>\n" for v in r.variables)
        out.append("  </head>\n  <results>\n")
        for row in r.rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(row[v])}</binding>" for v in r.variables if v in row
            )
            out.append(f"    <result>{cells}</result>\n")
        out.append("  </results>\n")
    out.append("</sparql>\n")
    return "".join(out).encode()


def _csv_value(t: Term | None) -> str:
    if t is None:
        return ""
    return f"_:{t.value}" if t.kind == "bnode" else t.value


def _write_csv(r: QueryResult) -> bytes:
    if r.form == "boolean":
        return b"true\r\n" if r.boolean else b"false\r\n"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(r.variables)
    for row in r.rows:
        w.writerow([_csv_value(row.get(v)) for v in r.variables])
    return buf.getvalue().encode()


def _tsv_value(t: Term | None) -> str:
    if t is None:
        return ""
    if t.kind == "uri":
        return f"<{t.value}>"
    if t.kind == "bnode":
        return f"_:{t.value}"
    text = t.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    text = text.replace("\t", "\\t")
    if t.lang:
        return f'"{text}"@{t.lang}'
    if t.datatype and t.datatype != XSD_STRING:
        return f'"{text}"^^<{t.datatype}>'
    return f'"{text}"'


def _write_tsv(r: QueryResult) -> bytes:
    if r.form == "boolean":
        return b"true\n" if r.boolean else b"false\n"
    lines = ["\t".join(f"?{v}" for v in r.variables)]
    lines.extend("\t".join(_tsv_value(row.get(v)) for v in r.variables) for row in r.rows)
    return ("\n".join(lines) + "\n").encode()


_WRITERS = {"json": _write_json, "xml": _write_xml, "csv": _write_csv, "tsv": _write_tsv}


def parse_json(body: bytes) -> QueryResult:
    """A SPARQL 1.1 JSON results document; StoreError when it is not one (e.g. cut short)."""
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"the SPARQL server sent a broken JSON result ({exc}).") from None
    if not isinstance(doc, dict) or "head" not in doc:
        raise StoreError("the SPARQL server sent JSON that is not a SPARQL result (no 'head').")
    if "boolean" in doc:
        return QueryResult("boolean", boolean=bool(doc["boolean"]))
    try:
        variables = [str(v) for v in doc["head"].get("vars", [])]
        rows = [{k: _term_from_json(v) for k, v in b.items()} for b in doc["results"]["bindings"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise StoreError(f"the SPARQL server sent a malformed JSON result ({exc!r}).") from None
    return QueryResult("bindings", variables=variables, rows=rows)


def _term_from_json(v: dict[str, str]) -> Term:
    kind = v["type"]
    if kind == "uri":
        return Term.iri(v["value"])
    if kind == "bnode":
        return Term("bnode", v["value"])
    if kind in ("literal", "typed-literal"):
        lang = v.get("xml:lang")
        dtype = None if lang else v.get("datatype")
        return Term.literal(v["value"], dtype, lang)
    raise StoreError(f"unsupported term type {kind!r} in a SPARQL JSON result.")


def parse_ntriples(body: bytes) -> list[Triple]:
    """N-Triples from a server, parsed strictly: a line cut short or a stray message is an error."""
    try:
        parsed = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise StoreError(f"the SPARQL server sent broken N-Triples ({exc}).") from None
    if body and not body.endswith(b"\n"):
        raise StoreError("the SPARQL server sent N-Triples that end mid-line (cut short).")
    return [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in parsed]


_JSON_SPECIAL = re.compile(rb'[{}\[\]"\\]')


class JsonRowCounter:
    """Counts the solutions of a SPARQL JSON result as its bytes stream in, without parsing it.

    A solution is an object opened directly inside an array three levels deep
    (`{"results": {"bindings": [ {...}` ); strings are skipped with their escapes."""

    def __init__(self) -> None:
        self.count = 0
        self._stack: list[bytes] = []
        self._in_string = False
        self._escaped_at = -1  # absolute offset of the byte a backslash escapes
        self._offset = 0

    def feed(self, chunk: bytes) -> int:
        base, self._offset = self._offset, self._offset + len(chunk)
        # Only the structural bytes matter; a regex finds them much faster than a byte loop.
        for m in _JSON_SPECIAL.finditer(chunk):
            pos, c = base + m.start(), m.group()
            if self._in_string:
                if pos == self._escaped_at:
                    continue
                if c == b"\\":
                    self._escaped_at = pos + 1
                elif c == b'"':
                    self._in_string = False
            elif c == b'"':
                self._in_string = True
            elif c in (b"{", b"["):
                if c == b"{" and len(self._stack) == 3 and self._stack[-1] == b"[":
                    self.count += 1
                self._stack.append(c)
            elif self._stack:
                self._stack.pop()
        return self.count

"""What OpenLink Virtuoso (7.2) does differently from the SPARQL 1.1 standard, and how the remote
store answers the same anyway (measured on Debian's virtuoso-opensource 7.2.5; docs/scaling.md).

- The default graph is the union of ALL graphs, Virtuoso's own included (its quad-map schema
  virtrdf#, ldp#, its endpoint description). Its `define input:default-graph-exclude` pragma would
  leave them out, but then `GRAPH <iri> { }` answers nothing (measured), so every query is sent with
  the data graphs as its dataset (default-graph-uri and named-graph-uri, the SPARQL protocol's own way).
- VALUES joined with a transitive path (`?id xw:partOf+ ?a` after `VALUES ?id {...}`) answers as if
  the VALUES were not there. The engine's parameters are bound with BIND instead; a query of a user
  that has both is refused with the reason.
- `GRAPH ?g { }` answers one row without ?g: graphs are listed with `GRAPH ?g { ?s ?p ?o }` grouped by ?g.
- `DROP ALL` answers 200 and drops nothing: clear drops each graph and checks that none is left.
- A query's FROM / FROM NAMED and the protocol's default-graph-uri / named-graph-uri are merged, where
  the protocol's should replace them: the query is sent without its dataset clauses (the store passes
  the dataset that wins as protocol parameters in every case).
- Updates and Graph Store Protocol writes need an account: the digest-authenticated endpoints
  /sparql-auth and /sparql-graph-crud-auth (the anonymous /sparql refuses updates with a 500).
- A result cut at `ResultSetMaxRows`, or an "anytime" query stopped at `MaxQueryExecutionTime` or at
  the protocol's `timeout` (the store sends half its own limit), is still a 200 with the rows found so
  far; only headers say so. Such an answer is refused, never passed on.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

from xwalk import vocab
from xwalk.errors import InputError, OverLimit
from xwalk.queries import where_brace
from xwalk.store.guard import Token, tokens

# Graphs a fresh Virtuoso database holds for itself; they are no part of any data loaded into it.
OWN_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
)
# GROUP BY, not DISTINCT: the same graphs, 20 ms instead of 3 s on the 55,000 quads of a build (measured)
LIST_GRAPHS = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
LIST_TTL_S = 1.0  # how long a listing of the data graphs is trusted (a load by this store renews it at once)
NO_GRAPH = vocab.GRAPH + "none"  # the dataset of a store that holds no data graph: empty, not Virtuoso's own
VALUES_WITH_PATH = (
    "this SPARQL server (Virtuoso 7.2) answers VALUES together with a `+` or `*` property path wrongly "
    "(it drops the VALUES join): bind the value with BIND(<iri> AS ?x), or write the IRI in the pattern."
)


def is_virtuoso(headers: Mapping[str, str]) -> bool:
    return headers.get("server", "").startswith("Virtuoso/")


def write_endpoints(query_url: str) -> tuple[str, str]:
    """(update, graph store) endpoints with authentication, beside the /sparql query endpoint."""
    parts = urlsplit(query_url)
    base = parts.path.rstrip("/").removesuffix("/sparql")
    return tuple(  # type: ignore[return-value]
        urlunsplit((parts.scheme, parts.netloc, base + p, "", "")) for p in ("/sparql-auth", "/sparql-graph-crud-auth")
    )


def check_complete(headers: Mapping[str, str]) -> None:
    """Refuse a partial answer (Virtuoso marks it in headers, the body looks complete)."""
    cut = headers.get("x-sparql-maxrows")
    if cut:
        raise OverLimit(
            f"the SPARQL server cut the answer at its ResultSetMaxRows ({cut} rows): add a LIMIT (and OFFSET "
            "to page), or raise [SPARQL] ResultSetMaxRows in virtuoso.ini.",
            extra={"limit": "server-rows", "rows": cut},
        )
    state = headers.get("x-sql-state", "")
    if state:
        message = headers.get("x-sql-message", "").strip()
        raise OverLimit(
            f"the query ran out of time on the SPARQL server, which sent only the rows found by then ({state} "
            f"{message[:200]}): narrow the pattern or add a LIMIT.",
            extra={"limit": "server-time"},
        )


def values_as_bind(text: str) -> str | None:
    """`WHERE { VALUES (?a ?b) { (x y) } ...` (one row, as queries.prepare writes parameters) rewritten
    as `WHERE { BIND(x AS ?a) BIND(y AS ?b) ...`: the same answer by SPARQL's algebra, and the one
    Virtuoso gets right next to a transitive path. None when the query has no such leading row."""
    try:
        brace = where_brace(text)
    except InputError:
        return None
    toks = [t for t in tokens(text) if t.pos > brace]
    if not toks or toks[0].kind != "word" or toks[0].text.upper() != "VALUES":
        return None
    i, names = 1, []
    bracketed = i < len(toks) and toks[i].text == "("
    i += bracketed
    while i < len(toks) and toks[i].kind == "var":
        names.append(toks[i].text[1:])
        i += 1
    if not names or (bracketed and (i >= len(toks) or toks[i].text != ")")):
        return None
    i += bracketed
    if i >= len(toks) or toks[i].text != "{":
        return None
    i += 1
    if bracketed:
        if i >= len(toks) or toks[i].text != "(":
            return None
        i += 1
    terms: list[str] = []
    while i < len(toks) and len(terms) < len(names):
        term, i = _term(text, toks, i)
        if term is None:
            return None
        terms.append(term)
    closing = [")", "}"] if bracketed else ["}"]
    if len(terms) != len(names) or [t.text for t in toks[i : i + len(closing)]] != closing:
        return None
    end = toks[i + len(closing) - 1].pos + 1
    binds = " ".join(f"BIND({t} AS ?{n})" for n, t in zip(names, terms, strict=True))
    return text[: toks[0].pos] + binds + text[end:]


def _term(text: str, toks: list[Token], i: int) -> tuple[str | None, int]:
    """One RDF term of a VALUES row (IRI, prefixed name, literal with its tag or type, number, boolean)."""
    t = toks[i]
    if t.kind in ("iri", "pname", "number") or (t.kind == "word" and t.text in ("true", "false")):
        return t.text, i + 1
    if t.kind != "string":
        return None, i  # UNDEF, or anything unexpected: leave the query as it is
    j = i + 1
    if j < len(toks) and toks[j].kind == "lang":
        j += 1
    elif j + 1 < len(toks) and toks[j].text == "^^" and toks[j + 1].kind in ("iri", "pname"):
        j += 2
    last = toks[j - 1]
    return text[t.pos : last.pos + len(last.text)], j


def without_dataset(text: str) -> str:
    """The query without its FROM and FROM NAMED clauses (they stand before the WHERE group)."""
    try:
        brace = where_brace(text)
    except InputError:
        return text
    toks = [t for t in tokens(text) if t.pos < brace]
    cuts: list[tuple[int, int]] = []
    for k, t in enumerate(toks):
        if t.kind == "word" and t.text.upper() == "FROM" and k + 1 < len(toks):
            g = k + 2 if toks[k + 1].kind == "word" and toks[k + 1].text.upper() == "NAMED" else k + 1
            if g < len(toks) and toks[g].kind in ("iri", "pname"):
                cuts.append((t.pos, toks[g].pos + len(toks[g].text)))
    for start, end in reversed(cuts):
        text = text[:start] + text[end:]
    return text

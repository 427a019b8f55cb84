"""What a SPARQL text asks for, read by a small lexer: its form, its dataset, and whether it
would reach the network (SERVICE, LOAD).

Strings, comments and IRIs are skipped as the SPARQL grammar defines them, so `SERVICE` inside a
literal or an IRI is harmless text, while a real `SERVICE` clause is found wherever it stands. The
one ambiguity of a SPARQL lexer, `<` as an IRI or as "less than", is settled by context: `<` is an
operator only inside an expression (FILTER, BIND, HAVING, ORDER/GROUP BY, a SELECT expression, a
function's arguments) and only after an operand. A regex over the raw text is fooled by a fake
comment or long string that hides a clause (tests/test_sparql_guard.py has such tricks); this lexer is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin

from xwalk.errors import QueryError

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
# Functions whose value differs from one run of a query to the next (SPARQL 1.1 Query, 17.4): an
# answer that uses one is never kept (api/answers.py). Read as tokens, so a string "now()" is not one.
VOLATILE_FUNCTIONS = ("NOW", "RAND", "UUID", "STRUUID", "BNODE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")

# Python's \w covers SPARQL's PN_CHARS (letters, digits, '_', combining marks) closely enough to split tokens.
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_PNAME = re.compile(r"(?:[^\W\d_][\w\-.\u00b7]*)?:(?:[\w\-.:\u00b7]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])*")
_WORD = re.compile(r"[^\W\d][\w\u00b7]*")
_VAR = re.compile(r"[?$][\w\u00b7]+")
_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_LANG = re.compile(r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_PUNCT = ("^^", "<=", ">=", "!=", "&&", "||", "<<", ">>")
_OPERAND_KINDS = ("var", "string", "number", "iri", "pname", "lang")


@dataclass(frozen=True)
class Token:
    kind: str  # iri pname var string number lang word punct
    text: str
    pos: int


@dataclass
class Inspection:
    form: str | None = None  # SELECT, ASK, CONSTRUCT, DESCRIBE, or UPDATE
    services: list[int] = field(default_factory=list)  # offsets of SERVICE keywords
    loads: list[int] = field(default_factory=list)  # offsets of LOAD operations
    from_default: list[str] = field(default_factory=list)  # FROM <g>
    from_named: list[str] = field(default_factory=list)  # FROM NAMED <g>
    using: bool = False  # an update's USING / WITH clause
    values: list[int] = field(default_factory=list)  # offsets of VALUES keywords
    paths: list[int] = field(default_factory=list)  # offsets of `+` / `*` path modifiers (xw:partOf+)
    volatile: list[int] = field(default_factory=list)  # offsets of NOW, RAND, UUID, STRUUID, BNODE calls

    @property
    def is_update(self) -> bool:
        return self.form == "UPDATE"


# SPARQL ends a line (and so a comment) at CR, LF or CR LF (grammar rule [156] and the `#` comment rule).
_EOL = re.compile(r"\r\n?|\n")
# Deeper nesting than this is no real query: refused before any parser recurses into it.
MAX_NESTING = 256


def where(text: str, pos: int) -> str:
    ends = list(_EOL.finditer(text, 0, pos))
    line = len(ends) + 1
    col = pos - (ends[-1].end() if ends else 0) + 1
    return f"line {line}, column {col}"


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.frames: list[str] = ["group"]  # group (braces), expr or list (parentheses)
        self.modes: list[str] = ["normal"]  # per group: normal, projection, modifier
        self.pending_expr = False  # FILTER/BIND seen: the next "(" opens an expression
        self.prev: Token | None = None
        self.closed = ""  # the kind of frame the last ")" closed
        self.paths: list[int] = []
        self.depth = 0  # of every bracket kind, bounded: a parser recurses once per level

    def error(self, message: str, pos: int) -> QueryError:
        return QueryError(f"the query does not parse: {message} at {where(self.text, pos)}.")

    def tokens(self) -> list[Token]:
        out: list[Token] = []
        while (tok := self.next()) is not None:
            out.append(tok)
            if tok.kind == "punct" and tok.text in "+*" and self._path_end():
                self.paths.append(tok.pos)
            self.track(tok)
            self.prev = tok
        return out

    def _operand_before(self) -> bool:
        p = self.prev
        if p is None:
            return False
        return p.kind in _OPERAND_KINDS or p.text == ")" or (p.kind == "word" and p.text.lower() in ("true", "false"))

    def _path_end(self) -> bool:
        """The token before a `+` or `*` ends a path step: a predicate or a bracketed path."""
        p = self.prev
        if p is None or self.frames[-1] == "expr":
            return False
        if p.kind in ("iri", "pname") or (p.kind == "word" and p.text == "a"):
            return True
        return p.text == ")" and self.closed == "list"

    def next(self) -> Token | None:
        text, n = self.text, len(self.text)
        while self.i < n:
            c = text[self.i]
            if c.isspace():
                self.i += 1
            elif c == "#":
                m = _EOL.search(text, self.i)  # a bare CR ends a comment too: SPARQL and Oxigraph say so
                self.i = n if m is None else m.start()
            else:
                break
        if self.i >= n:
            return None
        start, c = self.i, text[self.i]
        if c in "\"'":
            return self._string(start, c)
        if c == "<":
            if self.frames[-1] == "expr" and self._operand_before():
                # "less than" (never the start of an IRI or of "<<" here)
                op = "<=" if text.startswith("<=", start) else "<"
                self.i += len(op)
                return Token("punct", op, start)
            m = _IRI.match(text, start)
            if m:
                self.i = m.end()
                return Token("iri", m.group(), start)
        for kind, rx in (("var", _VAR), ("lang", _LANG), ("number", _NUMBER), ("pname", _PNAME), ("word", _WORD)):
            if (kind == "var" and c not in "?$") or (kind == "lang" and c != "@"):
                continue
            m = rx.match(text, start)
            if m and m.group():
                value = m.group()
                if kind == "pname":
                    value = value.rstrip(".")  # a local name never ends with '.'
                self.i = start + len(value)
                return Token(kind, value, start)
        for p in _PUNCT:
            if text.startswith(p, start):
                self.i += len(p)
                return Token("punct", p, start)
        self.i += 1
        return Token("punct", c, start)

    def _string(self, start: int, quote: str) -> Token:
        text = self.text
        long = text.startswith(quote * 3, start)
        delim = quote * 3 if long else quote
        j = start + len(delim)
        while j < len(text):
            ch = text[j]
            if ch == "\\":
                j += 2
                continue
            if not long and ch in "\r\n":
                raise self.error("a string is not closed before the end of its line", start)
            if text.startswith(delim, j):
                self.i = j + len(delim)
                return Token("string", text[start : self.i], start)
            j += 1
        raise self.error("a string is not closed", start)

    def track(self, tok: Token) -> None:
        """Follow braces, parentheses and clauses, so `<` can be read in context."""
        word = tok.text.upper() if tok.kind == "word" else ""
        if word in ("FILTER", "BIND"):
            self.pending_expr = True
        elif word == "SELECT":
            self.modes[-1] = "projection"
        elif word in ("WHERE", "FROM", "LIMIT", "OFFSET", "VALUES"):
            self.modes[-1] = "normal"
        elif word == "HAVING" or (
            word == "BY" and self.prev is not None and self.prev.text.upper() in ("GROUP", "ORDER")
        ):
            self.modes[-1] = "modifier"
        if tok.kind != "punct":
            return
        if tok.text in ("{", "(", "["):
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise self.error(f"braces, brackets and parentheses nest deeper than {MAX_NESTING} levels", tok.pos)
        elif tok.text in ("}", ")", "]"):
            self.depth -= 1
        if tok.text == "{":
            self.modes[-1] = "normal" if self.modes[-1] == "projection" else self.modes[-1]
            self.pending_expr = False
            self.frames.append("group")
            self.modes.append("normal")
        elif tok.text == "}":
            while len(self.frames) > 1:
                kind = self.frames.pop()
                if kind == "group":
                    self.modes.pop()
                    break
        elif tok.text == "(":
            if self.frames[-1] == "expr" or self.pending_expr or self.modes[-1] in ("projection", "modifier"):
                self.frames.append("expr")
            else:
                self.frames.append("list")
            self.pending_expr = False
        elif tok.text == ")" and self.frames[-1] != "group":
            self.closed = self.frames.pop()


def tokens(text: str) -> list[Token]:
    """The query's tokens (strings, IRIs, names, punctuation), comments left out."""
    return _Lexer(text).tokens()


CACHED_TEXT = 16_384  # texts up to this length are read once and remembered (a request reads twice)


def inspect(text: str) -> Inspection:
    """Form, dataset clauses, SERVICE and LOAD of a query or update (QueryError if it cannot be read).

    The answer is shared between callers for short texts: do not change it."""
    if len(text) <= CACHED_TEXT:
        return _inspect_cached(text)
    return _inspect(text)


@lru_cache(maxsize=512)
def _inspect_cached(text: str) -> Inspection:
    return _inspect(text)


def _inspect(text: str) -> Inspection:
    lexer = _Lexer(text)
    tokens = lexer.tokens()
    found = Inspection(paths=lexer.paths)
    prefixes: dict[str, str] = {}
    base = ""
    depth = 0
    for k, tok in enumerate(tokens):
        word = tok.text.upper() if tok.kind == "word" else ""
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if tok.text in ("{", "}") and tok.kind == "punct":
            depth += 1 if tok.text == "{" else -1
        elif word == "SERVICE":
            found.services.append(tok.pos)
        elif word in VOLATILE_FUNCTIONS:
            found.volatile.append(tok.pos)
        elif word == "VALUES":
            found.values.append(tok.pos)
        elif word == "PREFIX" and nxt is not None and nxt.kind == "pname" and k + 2 < len(tokens):
            iri = tokens[k + 2]
            if iri.kind == "iri":
                prefixes[nxt.text.rstrip(":")] = urljoin(base, iri.text[1:-1])
        elif word == "BASE" and nxt is not None and nxt.kind == "iri":
            base = urljoin(base, nxt.text[1:-1])
        elif depth == 0 and word in QUERY_FORMS and found.form is None:
            found.form = word
        elif depth == 0 and word in UPDATE_WORDS:
            if found.form is None or found.form == "UPDATE":
                found.form = "UPDATE"
            if word == "LOAD":
                found.loads.append(tok.pos)
            if word == "WITH":
                found.using = True
        elif depth == 0 and word == "USING":
            found.using = True
        elif depth == 0 and word == "FROM" and nxt is not None:
            named = nxt.kind == "word" and nxt.text.upper() == "NAMED"
            target = tokens[k + 2] if named and k + 2 < len(tokens) else nxt
            graph = _resolve(target, prefixes, base)
            if graph is None:
                raise QueryError(f"the query does not parse: FROM needs an IRI at {where(text, target.pos)}.")
            (found.from_named if named else found.from_default).append(graph)
    return found


def _resolve(tok: Token, prefixes: dict[str, str], base: str) -> str | None:
    if tok.kind == "iri":
        return urljoin(base, tok.text[1:-1]) if base else tok.text[1:-1]
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def check_query(text: str) -> Inspection:
    """A read-only query that stays inside this dataset, or QueryError saying what is refused."""
    found = inspect(text)
    if found.is_update:
        raise QueryError("this is an update, not a query: POST it as `update` (application/sparql-update).")
    _refuse_network(text, found)
    return found


def check_update(text: str) -> Inspection:
    found = inspect(text)
    if found.form in QUERY_FORMS:
        raise QueryError("this is a query, not an update: send it as `query`.")
    if found.loads:
        raise QueryError(
            f"LOAD is refused (at {where(text, found.loads[0])}): this service never fetches remote data. "
            "Load files with `xwalk serve --data FILE` or `xwalk load`."
        )
    _refuse_network(text, found)
    return found


def _refuse_network(text: str, found: Inspection) -> None:
    if found.services:
        raise QueryError(
            f"SERVICE is refused (at {where(text, found.services[0])}): queries run on this dataset only and "
            "never reach another endpoint. Query that endpoint yourself and combine the results."
        )


def check_dataset(default_graphs: list[str], named_graphs: list[str], known: list[str]) -> None:
    """Every graph a request names must be one this dataset holds: nothing is fetched from elsewhere."""
    have = set(known)
    missing = sorted({g for g in [*default_graphs, *named_graphs] if g not in have})
    if missing:
        raise QueryError(
            f"graph <{missing[0]}> is not in this dataset, and this service never fetches graphs from elsewhere. "
            "The service description (GET /sparql with Accept: text/turtle) lists the graphs it holds.",
            extra={"unknown_graphs": missing},
        )

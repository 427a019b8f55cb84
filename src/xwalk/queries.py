"""Named SPARQL queries (`queries/**/*.rq`) and binding parameters as RDF terms.

Parameters are never spliced into query text as raw strings: each value becomes a `Term`,
serialised with escaping, inside a VALUES block placed at the top of the WHERE group.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from xwalk import vocab
from xwalk.errors import InputError, NotFound, QueryError
from xwalk.model.ids import expand
from xwalk.store.base import Bindings, Term

PARAM_TYPES = ("iri", "string", "date", "integer", "decimal", "boolean")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    summary: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    def bindings(self, values: Mapping[str, str]) -> dict[str, Term]:
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise InputError(
                f"query {self.name} has no parameter {', '.join(unknown)}; "
                f"its parameters are: {', '.join(known) or 'none'}."
            )
        out: dict[str, Term] = {}
        for p in self.params:
            raw = values.get(p.name, p.default)
            if raw is not None:
                out[p.name] = to_term(raw, p.type, p.name)
        return out


_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")


def parse_named(name: str, path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    summary = ""
    params: list[Param] = []
    for line in text.splitlines():
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "summary":
            summary = value
        elif key == "param":
            parts = value.split(None, 2)
            if len(parts) < 2 or parts[1].split("=")[0] not in PARAM_TYPES:
                raise QueryError(
                    f"{path}: '#+ param: {value}' must read 'name type description' with type in "
                    f"{', '.join(PARAM_TYPES)} (optionally type=default)."
                )
            ptype, _, default = parts[1].partition("=")
            params.append(Param(parts[0], ptype, parts[2] if len(parts) > 2 else "", default or None))
    return NamedQuery(name, path, text, summary, tuple(params))


def catalogue(root: Path) -> dict[str, NamedQuery]:
    """Every named query under `root`, by name: `examples/role-obligations` or its bare stem."""
    out: dict[str, NamedQuery] = {}
    if not root.is_dir():
        return out
    for path in sorted(root.rglob("*.rq")):
        name = path.relative_to(root).with_suffix("").as_posix()
        out[name] = parse_named(name, path)
    for name, q in list(out.items()):
        stem = name.rsplit("/", 1)[-1]
        out.setdefault(stem, q)
    return out


def find(root: Path, name: str) -> NamedQuery:
    table = catalogue(root)
    if name in table:
        return table[name]
    import difflib

    near = difflib.get_close_matches(name, list(table), n=3, cutoff=0.4)
    # the directory's own name only: an answer never shows where the server keeps its files
    raise NotFound(f"no named query {name!r} in {root.name}/ (GET /api/v1/queries lists them).", suggestions=near)


def to_term(raw: str, ptype: str, name: str = "value") -> Term:
    raw = raw.strip()
    if ptype == "iri":
        iri = expand(raw)
        if iri is None or not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|^`\\]+", iri):
            raise InputError(f"parameter {name}: {raw!r} is not an IRI or a known CURIE (e.g. euaia:art-15).")
        return Term.iri(iri)
    if ptype == "date":
        try:
            return Term.literal(dt.date.fromisoformat(raw).isoformat(), vocab.XSD + "date")
        except ValueError:
            raise InputError(f"parameter {name}: {raw!r} is not a date (YYYY-MM-DD).") from None
    if ptype == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise InputError(f"parameter {name}: {raw!r} is not an integer.")
        return Term.literal(str(int(raw)), vocab.XSD + "integer")
    if ptype == "decimal":
        try:
            return Term.literal(repr(float(raw)), vocab.XSD + "decimal")
        except ValueError:
            raise InputError(f"parameter {name}: {raw!r} is not a number.") from None
    if ptype == "boolean":
        if raw.lower() not in ("true", "false"):
            raise InputError(f"parameter {name}: {raw!r} is not true or false.")
        return Term.literal(raw.lower(), vocab.XSD + "boolean")
    return Term.literal(raw)


def _skip(text: str, i: int) -> int:
    """Index after a comment, string or IRI starting at i; i itself when none starts there."""
    c = text[i]
    if c == "#":
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if c in "\"'":
        quote = c * 3 if text.startswith(c * 3, i) else c
        j = i + len(quote)
        while j < len(text):
            if text[j] == "\\":
                j += 2
                continue
            if text.startswith(quote, j):
                return j + len(quote)
            j += 1
        return len(text)
    if c == "<":
        m = re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:])
        if m:
            return i + m.end()
    return i


def where_brace(text: str) -> int:
    """Position of the `{` that opens the query's WHERE group (outside comments, strings, IRIs)."""
    i = 0
    seen_where = False
    form = None
    while i < len(text):
        j = _skip(text, i)
        if j != i:
            i = j
            continue
        c = text[i]
        if c.isalpha() and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "?$_:")):
            m = re.match(r"[A-Za-z]+", text[i:])
            word = m.group(0).upper() if m else ""
            if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and form is None:
                form = word
            if word == "WHERE":
                seen_where = True
            i += len(word) or 1
            continue
        if c == "{" and form is not None and (seen_where or form in ("SELECT", "ASK", "DESCRIBE")):
            return i
        i += 1
    raise QueryError("cannot find the WHERE group of the query to bind parameters into.")


@functools.lru_cache(maxsize=512)  # named queries run again and again with the same text
def prefix_block(text: str) -> str:
    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+([\w-]*):", text)}
    return "".join(f"PREFIX {p}: <{b}>\n" for p, b in sorted(vocab.PREFIXES.items()) if p not in declared)


def prepare(text: str, bindings: Bindings | None = None, *, bind: bool = False) -> str:
    """The query with the project's prefixes declared and parameters bound as terms: a VALUES row at
    the start of the WHERE group, or with `bind` one BIND per parameter (Virtuoso 7.2 answers VALUES
    joined with a transitive path wrongly, BIND rightly: store/virtuoso.py)."""
    if bindings and bind:
        for n in bindings:
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n):
                raise InputError(f"{n!r} is not a valid parameter name.")
        try:
            binds = " ".join(f"BIND({bindings[n].n3()} AS ?{n})" for n in sorted(bindings))
        except ValueError as exc:
            raise InputError(str(exc)) from None
        pos = where_brace(text) + 1
        text = text[:pos] + " " + binds + " " + text[pos:]
    elif bindings:
        names = sorted(bindings)
        for n in names:
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n):
                raise InputError(f"{n!r} is not a valid parameter name.")
        try:
            row = " ".join(bindings[n].n3() for n in names)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        values = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "
        pos = where_brace(text) + 1
        text = text[:pos] + values + text[pos:]
    return prefix_block(text) + text

"""A canonical TriG writer: sorted graphs, subjects, predicates and objects, so rebuilds are
byte-identical. pyoxigraph's own serialiser keeps insertion order, which is not enough."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import cast

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from xwalk import vocab

Node = NamedNode | Literal | BlankNode
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_BASES = sorted(((p, b) for p, b in vocab.PREFIXES.items()), key=lambda pb: (-len(pb[1]), pb[0]))


def term(t: NamedNode | Literal | BlankNode) -> str:
    if isinstance(t, NamedNode):
        for prefix, base in _BASES:
            if t.value.startswith(base):
                local = t.value[len(base) :]
                if _LOCAL.match(local):
                    return f"{prefix}:{local}"
        return str(t)
    if isinstance(t, Literal) and t.datatype.value == vocab.XSD + "string" and not t.language:
        return str(t).split("^^", 1)[0]
    return str(t)


def _sort_key(t: NamedNode | Literal | BlankNode) -> tuple[int, str]:
    rank = 0 if isinstance(t, NamedNode) else 1 if isinstance(t, BlankNode) else 2
    return rank, str(t)


def write_trig(quads: Iterable[Quad]) -> bytes:
    graphs: dict[str, dict[tuple[int, str], dict[tuple[int, str], set[tuple[int, str]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(set))
    )
    text: dict[tuple[int, str], str] = {}
    for q in quads:
        g = q.graph_name.value if isinstance(q.graph_name, NamedNode) else ""
        parts = cast(tuple[Node, Node, Node], (q.subject, q.predicate, q.object))
        s, p, o = (_sort_key(x) for x in parts)
        for key, t in zip((s, p, o), parts, strict=True):
            if key not in text:
                text[key] = term(t)
        graphs[g][s][p].add(o)
    out: list[str] = [f"@prefix {p}: <{b}> ." for p, b in sorted(vocab.PREFIXES.items())]
    for g in sorted(graphs):
        out.append("")
        out.append(f"{term(NamedNode(g))} {{" if g else "{")
        for s in sorted(graphs[g]):
            preds = graphs[g][s]
            lines = []
            for p in sorted(preds, key=lambda k: (k[1] != vocab.RDF_TYPE and text[k] != "rdf:type", k)):
                objs = ", ".join(text[o] for o in sorted(preds[p]))
                lines.append(f"{text[p]} {objs}")
            out.append(f"  {text[s]} " + " ;\n    ".join(lines) + " .")
        out.append("}")
    return ("\n".join(out) + "\n").encode("utf-8")

"""Writers of a scope's graph (engine.graphscope: a networkx MultiDiGraph) in the formats graph tools read.

GraphML and GEXF come from networkx's writers, Cytoscape.js JSON from networkx's cytoscape_data, DOT
from networkx's pydot bridge, SVG and PNG from Graphviz's own `dot` (when installed), JSON-LD and
Turtle from rdflib. Mermaid has no Python writer; it is a short text format, written here.
The graph arrives sorted; writers keep its order and drop anything time-dependent.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from xwalk.errors import InputError, LimitExceeded, Unavailable
from xwalk.export.graph_rdf import write_jsonld, write_turtle
from xwalk.model.palette import node_colour

DOT_TIMEOUT_S: float = 60


@dataclass(frozen=True)
class GraphFormat:
    name: str
    media_type: str
    suffix: str
    write: Callable[[nx.MultiDiGraph], bytes]
    verdicts: bool = True  # can it carry the verdicts of a gaps scope?


def write_graphml(g: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def write_gexf(g: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True)
    # networkx stamps today's date into <meta>; the attribute is optional in GEXF 1.2, so drop it.
    return re.sub(rb' lastmodifieddate="[0-9-]+"', b"", buf.getvalue())


def write_cytoscape(g: nx.MultiDiGraph) -> bytes:
    data = nx.cytoscape_data(g)
    for node in data["elements"]["nodes"]:
        node["data"]["colour"] = node_colour(node["data"])
    for edge in data["elements"]["edges"]:
        d = edge["data"]
        # Cytoscape.js reserves `source` for the edge's start: the mapping's source document moves aside.
        origin = g.edges[d["source"], d["target"], d["key"]].get("source")
        if origin is not None:
            d["mapping_source"] = origin
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()


def _q(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def write_dot(g: nx.MultiDiGraph) -> bytes:
    """DOT with the data attributes (Graphviz keeps unknown ones) and a readable drawing: boxes filled by
    framework or verdict, edges labelled with their relation. Names are quoted: a bare `a:b` is a port."""
    d = nx.MultiDiGraph()
    d.graph["graph"] = {"rankdir": "LR", "fontname": "Helvetica"}
    d.graph["node"] = {"shape": "box", "style": '"rounded,filled"', "fontname": "Helvetica", "fontsize": "10"}
    d.graph["edge"] = {"fontname": "Helvetica", "fontsize": "8"}
    for n, attrs in g.nodes(data=True):
        shown = {k: _q(v) for k, v in attrs.items() if k != "label"}
        label = f"{attrs['identifier']}\\n{attrs['title'][:40]}".replace('"', '\\"')
        d.add_node(_q(n), **shown, label=f'"{label}"', fillcolor=_q(node_colour(attrs)))
    for u, v, key, attrs in g.edges(keys=True, data=True):
        shown = {k: _q(val) for k, val in attrs.items()}
        style = {"style": "dashed", "arrowhead": "empty"} if attrs["kind"] == "part-of" else {}
        d.add_edge(_q(u), _q(v), key=key, **shown, **style, label=_q(attrs["relation"]))
    text: str = nx.nx_pydot.to_pydot(d).to_string()
    return text.encode()


def render_dot(dot: bytes, fmt: str) -> bytes:
    """SVG or PNG by Graphviz's `dot`; a clear error when it is not installed."""
    exe = shutil.which("dot")
    if exe is None:
        raise Unavailable(
            f"{fmt} needs Graphviz's `dot`, which is not installed here (Debian package graphviz); "
            "the dot format itself needs nothing."
        )
    try:
        done = subprocess.run([exe, f"-T{fmt}"], input=dot, capture_output=True, timeout=DOT_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise LimitExceeded(
            f"Graphviz took more than {DOT_TIMEOUT_S:g} s to draw this graph as {fmt}; ask for a smaller scope, "
            "or for the dot format and render it yourself."
        ) from None
    if done.returncode != 0:
        raise Unavailable(f"Graphviz dot failed: {done.stderr.decode(errors='replace').strip()[:500]}")
    return done.stdout


def write_mermaid(g: nx.MultiDiGraph) -> bytes:
    """A Mermaid flowchart: nodes n0, n1, ... (Mermaid ids cannot hold ':'), a class per colour."""
    ids = {n: f"n{k}" for k, n in enumerate(g.nodes)}

    def text(s: str) -> str:
        return s.replace('"', "#quot;")

    lines = ["flowchart LR"]
    colours: dict[str, list[str]] = {}
    for n, attrs in g.nodes(data=True):
        lines.append(f'  {ids[n]}["{text(str(n))}<br/>{text(attrs["title"])}"]')
        colours.setdefault(node_colour(attrs), []).append(ids[n])
    for u, v, attrs in g.edges(data=True):
        arrow = "-.->" if attrs["kind"] == "part-of" else "-->"
        lines.append(f'  {ids[u]} {arrow}|"{text(attrs["relation"])}"| {ids[v]}')
    for k, (colour, members) in enumerate(sorted(colours.items())):
        lines.append(f"  classDef c{k} fill:{colour}")
        lines.append(f"  class {','.join(members)} c{k}")
    return ("\n".join(lines) + "\n").encode()


def _svg(g: nx.MultiDiGraph) -> bytes:
    return render_dot(write_dot(g), "svg")


def _png(g: nx.MultiDiGraph) -> bytes:
    return render_dot(write_dot(g), "png")


GRAPH_FORMATS: dict[str, GraphFormat] = {
    f.name: f
    for f in (
        GraphFormat("graphml", "application/graphml+xml", ".graphml", write_graphml),
        GraphFormat("gexf", "application/gexf+xml", ".gexf", write_gexf),
        GraphFormat("cytoscape", "application/json", ".cyjs", write_cytoscape),
        GraphFormat("dot", "text/vnd.graphviz", ".dot", write_dot),
        GraphFormat("svg", "image/svg+xml", ".svg", _svg),
        GraphFormat("png", "image/png", ".png", _png),
        GraphFormat("mermaid", "text/vnd.mermaid", ".mmd", write_mermaid),
        GraphFormat("jsonld", "application/ld+json", ".jsonld", write_jsonld, verdicts=False),
        GraphFormat("turtle", "text/turtle", ".ttl", write_turtle, verdicts=False),
    )
}


def graph_format(name: str, *, gaps: bool = False) -> GraphFormat:
    fmt = GRAPH_FORMATS.get(name)
    if fmt is None:
        raise InputError(f"unknown graph format {name!r}; known: {', '.join(GRAPH_FORMATS)}.")
    if gaps and not fmt.verdicts:
        able = ", ".join(f.name for f in GRAPH_FORMATS.values() if f.verdicts)
        raise InputError(
            f"{name} carries the crosswalk, not the verdicts of a gap report; for the gaps scope use {able}."
        )
    return fmt

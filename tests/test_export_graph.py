"""Graph exports and coverage matrices: every format read back by the tool that consumes it (networkx,
Graphviz, rdflib, openpyxl), byte-identical golden files, scopes on the real crosswalk, bad input."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook
from rdflib import Graph as RdfGraph
from rdflib import URIRef

from xwalk import vocab
from xwalk.build.pipeline import BuildResult
from xwalk.cli import main
from xwalk.engine.combine import keep_filter
from xwalk.engine.context import Graph
from xwalk.engine.coverage_table import coverage_table, heatmap
from xwalk.engine.gaps import gap_analysis
from xwalk.engine.graphscope import parse_scope, scope_graph
from xwalk.engine.mapgraph import mapping_graph
from xwalk.engine.verdicts import VERDICTS, of_gap_item
from xwalk.errors import InputError, NotFound
from xwalk.export.graph_formats import GRAPH_FORMATS, write_dot, write_gexf, write_graphml
from xwalk.model.profile import parse_profile

from .conftest import DATA, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from refresh_export_golden import GOLDEN, load_input

GOLDEN_DIR = DATA / "export"
Built = tuple[BuildResult, Path]


def cli(built: Built, args: list[str]) -> int:
    return main(["--root", str(ROOT), "--dist", str(built[1]), *args])


PROFILE = ROOT / "examples" / "iso27001-shop.json"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed (Debian graphviz)")


@pytest.mark.parametrize("name", GOLDEN)
def test_writers_match_their_golden_files(name: str) -> None:
    fmt = GRAPH_FORMATS[name]
    expected = (GOLDEN_DIR / f"expected{fmt.suffix}").read_bytes()
    assert fmt.write(load_input()) == expected, f"run scripts/refresh_export_golden.py if {name} changed on purpose"


def test_networkx_reads_graphml_and_gexf_back_with_every_node_and_edge(graph: Graph) -> None:
    g = scope_graph(graph, parse_scope("pair:nist-csf-2.0,iso27001"))
    assert g.number_of_nodes() > 200 and g.number_of_edges() > 300
    for write, read in ((write_graphml, nx.read_graphml), (write_gexf, nx.read_gexf)):
        back = read(io.BytesIO(write(g)))
        assert (back.number_of_nodes(), back.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())
        assert sorted(back.nodes) == sorted(g.nodes)
    back = nx.read_graphml(io.BytesIO(write_graphml(g)))
    mapped = [d for _, _, d in back.edges(data=True) if d["kind"] == "mapping"]
    # every mapping keeps what Gephi, Cytoscape and yEd should show
    assert all({"relation", "strength", "status", "mapping_set", "source"} <= set(d) for d in mapped)
    assert back.nodes["csf2:GV.OC-01"]["framework"] == "nist-csf-2.0"


@needs_dot
@pytest.mark.parametrize("out", ["svg", "png"])
def test_graphviz_renders_the_dot(graph: Graph, out: str) -> None:
    dot = write_dot(scope_graph(graph, parse_scope("around:euaia:art-15:1")))
    done = subprocess.run(["dot", f"-T{out}"], input=dot, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""  # no syntax warnings either
    if out == "svg":
        assert b"euaia:art&#45;15" in done.stdout and b"Accuracy, robustness" in done.stdout
    else:
        assert done.stdout.startswith(b"\x89PNG")


def test_turtle_and_jsonld_parse_to_the_same_triples(graph: Graph) -> None:
    # two steps: Article 15's own rows are all in an as-published set (left out), its paragraphs' are curated
    g = scope_graph(graph, parse_scope("around:euaia:art-15:2"))
    ttl = RdfGraph().parse(data=GRAPH_FORMATS["turtle"].write(g), format="turtle")
    jsonld = RdfGraph().parse(data=GRAPH_FORMATS["jsonld"].write(g), format="json-ld")
    assert len(ttl) == len(jsonld) > 100
    assert set(ttl) == set(jsonld)
    mappings = set(ttl.subjects(URIRef(vocab.RDF_TYPE), URIRef(vocab.XW + "Mapping")))
    assert mappings
    assert len(mappings) == sum(1 for *_, d in g.edges(data=True) if d["kind"] == "mapping")


def test_around_is_everything_one_step_from_article_15(graph: Graph) -> None:
    mg = mapping_graph(graph)
    keep = keep_filter(mg)
    g = scope_graph(graph, parse_scope("around:euaia:art-15:1"))
    art15 = mg.by_curie["euaia:art-15"]
    # Article 15's own rows all come from an as-published guide (a vendor's claims, some disputed): left out
    # by default, as in coverage, so one step holds its article's parent and its paragraphs only
    own = list(mg.edges_of(art15))
    assert own and {e.mapping_set for e in own} <= mg.as_published and not [e for e in own if keep(e)]
    parts = {mg.provisions[c].id for c in mg.children[art15]}
    parent = mg.provisions[mg.provisions[art15].parent or ""].id
    assert set(g.nodes) == {"euaia:art-15", parent} | parts
    assert not [d for *_, d in g.edges(data=True) if d["kind"] == "mapping"]
    # two steps: what the paragraphs map to through curated sets (disputed and deprecated rank below draft)
    wider = scope_graph(graph, parse_scope("around:euaia:art-15:2"))
    kept = {
        mg.node(e.object if e.subject == c else e.subject).id
        for c in mg.children[art15]
        for e in mg.edges_of(c)
        if keep(e)
    }
    assert kept and kept <= set(wider.nodes)
    assert set(g.nodes) < set(wider.nodes)
    sets = {d["mapping_set"] for *_, d in wider.edges(data=True) if d["kind"] == "mapping"}
    assert sets and not sets & mg.as_published


def test_the_filters_leave_out_weak_mappings(graph: Graph) -> None:
    every = scope_graph(graph, parse_scope("framework:eu-ai-act"))
    strong = scope_graph(graph, parse_scope("framework:eu-ai-act"), min_strength=8)
    mapped = [d for *_, d in every.edges(data=True) if d["kind"] == "mapping"]
    # strength measures overlap: a no-relationship (strength 0 by rule) is never left out for it
    weak = [d for d in mapped if d["strength"] < 8 and d["relation"] != "no-relationship"]
    negatives = {d["identifier"] for d in mapped if d["relation"] == "no-relationship"}
    assert weak and negatives
    assert strong.number_of_edges() == every.number_of_edges() - len(weak)
    assert negatives <= {d["identifier"] for *_, d in strong.edges(data=True) if d["kind"] == "mapping"}


def test_gaps_scope_colours_nodes_by_verdict(built: Built, graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "gaps.cyjs"
    assert cli(built, ["export", "--format", "cytoscape", "--scope", f"gaps:{PROFILE}", "-o", str(out)]) == 0
    data = json.loads(out.read_text())
    verdicts = {n["data"]["verdict"] for n in data["elements"]["nodes"]}
    assert verdicts <= {*VERDICTS, "excluded", "not-yet-applicable", "implemented", "intermediate"}
    # each requirement is coloured by the report's own verdict (the worst where duties share a provision)
    report = gap_analysis(graph, parse_profile(json.loads(PROFILE.read_text())))
    judged = {of_gap_item(i) for i in report.items}
    assert verdicts - {"implemented", "intermediate"} <= judged
    assert {"partial", "not-covered"} <= verdicts
    assert "implemented" in verdicts
    # what each requirement rests on is in the picture, marked implemented unless it is a requirement itself
    implemented = {m["provision"] for m in json.loads(PROFILE.read_text())["implementations"]}
    nodes = {n["data"]["id"]: n["data"]["verdict"] for n in data["elements"]["nodes"]}
    rests_on = {n for n, v in nodes.items() if v == "implemented"}
    assert rests_on
    # an implemented clause implements its parts: 4 implemented -> 4.4 is what a chain ends on
    assert all(any(n == m or n.startswith(m + ".") for m in implemented) for n in rests_on)


def test_matrix_csv_and_xlsx_hold_the_same_rows(built: Built, graph: Graph, tmp_path: Path) -> None:
    header, rows = coverage_table(graph, parse_scope("pair:iso42001,iso27001"))
    assert header[:4] == ["requirement", "notation", "title", "verdict"]
    assert {r[3] for r in rows} <= set(VERDICTS) and len(rows) > 50
    files = {}
    for fmt in ("csv", "xlsx"):
        files[fmt] = tmp_path / f"m.{fmt}"
        args = ["export", "--format", fmt, "--scope", "pair:iso42001,iso27001", "-o", str(files[fmt])]
        assert cli(built, args) == 0
    from_csv = list(csv.reader(io.StringIO(files["csv"].read_text())))
    sheet = load_workbook(files["xlsx"]).active
    assert sheet is not None
    from_xlsx = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    assert from_csv == from_xlsx == [header, *rows]


def test_same_inputs_same_bytes(built: Built, tmp_path: Path) -> None:
    for fmt in ("xlsx", "gexf"):
        outs = []
        for k in range(2):
            path = tmp_path / f"{k}.{fmt}"
            assert cli(built, ["export", "--format", fmt, "--scope", "framework:iso42001", "-o", str(path)]) == 0
            outs.append(path.read_bytes())
        assert outs[0] == outs[1]


def test_heatmap_shares_add_up(graph: Graph) -> None:
    h = heatmap(graph)
    n = len(h.frameworks)
    assert len(h.cells) == n * (n - 1)
    for cell in h.cells:
        assert sum(cell.counts.values()) == cell.count
        assert set(cell.counts) == set(VERDICTS)
    cell = next(c for c in h.cells if (c.source, c.target) == ("nist-csf-2.0", "iso-iec-27001-2022"))
    assert cell.counts["unmapped"] < cell.count  # NIST's informative references reach most subcategories


@pytest.mark.parametrize(
    ("scope", "error", "says"),
    [
        ("frameworks:gdpr", InputError, "scopes are written framework:ID"),
        ("pair:gdpr", InputError, "two framework ids"),
        ("pair:gdpr,gdpr", InputError, "same framework twice"),
        ("around:euaia:art-15", InputError, "number of steps"),
        ("around:euaia:art-15:9", InputError, "give 1 to 3"),
        ("framework:iso9001", NotFound, "framework 'iso9001' does not exist"),
    ],
)
def test_bad_scopes_say_what_is_allowed(scope: str, error: type[Exception], says: str) -> None:
    with pytest.raises(error, match=says):
        parse_scope(scope)


def test_unknown_provision_is_not_found(graph: Graph) -> None:
    with pytest.raises(NotFound, match="euaia:art-999 does not exist"):
        scope_graph(graph, parse_scope("around:euaia:art-999:1"))


def test_cli_refuses_and_leaves_no_file(built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.csv"
    assert cli(built, ["export", "--format", "csv", "--scope", "around:euaia:art-15:1", "-o", str(out)]) == 2
    assert "a coverage matrix needs a framework, pair or gaps scope" in capsys.readouterr().err
    assert not out.exists()
    assert cli(built, ["export", "--format", "turtle", "--scope", f"gaps:{PROFILE}"]) == 2
    assert "carries the crosswalk, not the verdicts" in capsys.readouterr().err


def test_svg_without_graphviz_says_so(
    built: Built,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without Graphviz: no `dot` on the path
    out = tmp_path / "a.svg"
    assert cli(built, ["export", "--format", "svg", "--scope", "around:euaia:art-15:1", "-o", str(out)]) == 8
    assert "needs Graphviz's `dot`, which is not installed here" in capsys.readouterr().err
    assert not out.exists()


@needs_dot
def test_a_drawing_over_the_time_bound_is_refused(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from xwalk.export import graph_formats

    monkeypatch.setattr(graph_formats, "DOT_TIMEOUT_S", 0.001)  # any real drawing takes longer
    out = tmp_path / "a.png"
    assert cli(built, ["export", "--format", "png", "--scope", "framework:eu-ai-act", "-o", str(out)]) == 5
    assert "Graphviz took more than 0.001 s" in capsys.readouterr().err
    assert not out.exists()


def test_output_into_a_directory_or_a_missing_one(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # -o naming a directory was a traceback (IsADirectoryError) and left `DIR.part` beside it
    args = ["export", "--format", "mermaid", "--scope", "around:euaia:art-15:1", "-o"]
    assert cli(built, [*args, str(tmp_path)]) == 2
    assert f"error: {tmp_path} is a directory; -o names the file to write." in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.parent.iterdir() if p.name.startswith(tmp_path.name)) == [tmp_path.name]
    deep = tmp_path / "new" / "dir" / "a.mmd"  # a missing directory is made, as export-set does
    assert cli(built, [*args, str(deep)]) == 0
    assert deep.read_text(encoding="utf-8").startswith(("graph", "flowchart")) and list(deep.parent.iterdir()) == [deep]

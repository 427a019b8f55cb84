"""Derived mappings: composed from curated chains, never over a curated pair, shape-valid, and in
their own named graph of the real build."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from xwalk import vocab
from xwalk.build.catalogs import read_catalogs
from xwalk.build.derive import derive, derived_iri, derived_quads
from xwalk.build.pipeline import BuildResult, ontology_quads
from xwalk.build.rdfize import catalog_quads, mapping_set_quads
from xwalk.build.sssom import read_mapping_set
from xwalk.build.validate import validate
from xwalk.engine.context import Graph
from xwalk.model.mapping import MappingSet
from xwalk.model.relation import Relation

from .conftest import DATA, ROOT

A520 = vocab.provision_iri("iso-iec-27001-2022", "A.5.20")
A104 = vocab.provision_iri("iso-iec-42001-2023", "A.10.4")


def _set(name: str) -> MappingSet:
    ms = read_mapping_set(DATA / "check" / f"{name}.sssom.tsv", name, None, [])
    assert ms is not None
    return ms


def test_equal_chain_of_three_gives_one_derived_mapping() -> None:
    result = derive([_set("pair-forward")])
    assert [(d.subject, d.object) for d in result.derived] == [(A520, A104)]
    [d] = result.derived
    assert d.path.relations == {Relation.EQUAL}
    assert len(d.path.hops) == 3 and d.path.strength == 8
    assert d.iri == derived_iri(A520, A104) == derive([_set("pair-forward")]).derived[0].iri


def test_never_over_a_curated_pair() -> None:
    # bad-derivation curates A.5.20 no-relationship A.10.4: the chain no longer adds that pair
    assert derive([_set("pair-forward"), _set("bad-derivation")]).derived == ()


def test_citation_sets_and_inactive_rows_are_not_links() -> None:
    pair = _set("pair-forward")
    disputed = MappingSet(
        **{
            **pair.__dict__,
            "mappings": tuple(
                m if m.object.local != "A.10.2" else m.__class__(**{**m.__dict__, "status": "disputed"})
                for m in pair.mappings
            ),
        }
    )
    assert derive([disputed]).derived == ()
    assert derive([MappingSet(**{**pair.__dict__, "citation_as_published": True})]).derived == ()


def test_cap_keeps_the_first_pairs_and_says_so() -> None:
    result = derive([_set("pair-forward")], cap=0)
    assert (result.derived, result.pairs_found, result.capped) == ((), 1, True)


def test_derived_graph_conforms_to_the_shapes() -> None:
    """The whole derived graph of a small case, validated with every shape (the build validates a sample)."""
    pair = _set("pair-forward")
    catalogs = read_catalogs(ROOT)
    quads = ontology_quads(ROOT) + catalog_quads(catalogs) + mapping_set_quads(pair) + derived_quads(derive([pair]))
    assert validate(ROOT, quads, {}) == []


def test_derived_triples_carry_chain_sources_and_weakest_strength() -> None:
    pair = _set("pair-forward")
    store = ox.Store()
    store.extend(mapping_set_quads(pair) + derived_quads(derive([pair])))
    q = f"""PREFIX xw: <{vocab.XW}> PREFIX prov: <{vocab.PROV}>
    SELECT ?rel ?strength ?hops (COUNT(DISTINCT ?m) AS ?chain) WHERE {{
      GRAPH <{vocab.DERIVED_GRAPH}> {{ ?d a xw:DerivedMapping ; xw:relation ?rel ; xw:strength ?strength ;
           xw:hopCount ?hops ; prov:wasDerivedFrom ?m ; xw:mappingSource ?src }}
      ?m a xw:Mapping }} GROUP BY ?rel ?strength ?hops"""
    [row] = list(store.query(q, use_default_graph_as_union=True))  # type: ignore[arg-type]
    assert row["rel"].value == vocab.RELATION + "equal"
    assert (int(row["strength"].value), int(row["hops"].value), int(row["chain"].value)) == (8, 3, 3)


def test_real_build_puts_derived_mappings_in_their_own_graph(graph: Graph, built: tuple[BuildResult, Path]) -> None:
    result, _ = built
    assert result.derived is not None
    n = len(result.derived.derived)
    assert result.manifest["derived"]["mappings"] == n  # type: ignore[index]
    rows = graph.store.select(
        f"SELECT (COUNT(?d) AS ?n) WHERE {{ GRAPH <{vocab.DERIVED_GRAPH}> {{ ?d a xw:DerivedMapping }} }}"
    )
    assert int(rows[0]["n"].value) == n
    # no derived mapping sits on a pair that a curated mapping already joins (no inference: only
    # curated mappings are typed xw:Mapping in the data)
    clash = graph.store.ask(
        "ASK { ?d a xw:DerivedMapping ; xw:subject ?s ; xw:object ?o . ?m a xw:Mapping ; xw:subject ?s ; xw:object ?o }"
    )
    assert not clash

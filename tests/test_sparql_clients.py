"""Real SPARQL clients against the running service (uvicorn on 127.0.0.1), on both stores."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, N3, RDFXML, TURTLE, XML, SPARQLWrapper

from xwalk import vocab

FRAMEWORKS = f"PREFIX xw: <{vocab.XW}> SELECT ?fw WHERE {{ ?fw a xw:Framework }} ORDER BY ?fw"
ALL_FRAMEWORKS = sorted(vocab.framework_iri(f) for f in vocab.FRAMEWORK_PREFIXES)


def wrapper(live_url: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(live_url + "/sparql")
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(live_url: str, method: str) -> None:
    client = wrapper(live_url, JSON, method)
    client.setQuery(FRAMEWORKS)
    result = client.queryAndConvert()
    assert [b["fw"]["value"] for b in result["results"]["bindings"]] == ALL_FRAMEWORKS  # type: ignore[index]


def test_sparqlwrapper_select_xml_and_csv(live_url: str) -> None:
    client = wrapper(live_url, XML)
    client.setQuery(FRAMEWORKS)
    doc = client.queryAndConvert()
    uris = [n.firstChild.data for n in doc.getElementsByTagName("uri")]  # type: ignore[union-attr]
    assert uris == ALL_FRAMEWORKS
    client = wrapper(live_url, CSV)
    client.setQuery(FRAMEWORKS)
    assert client.queryAndConvert().decode().split() == ["fw", *ALL_FRAMEWORKS]  # type: ignore[union-attr]


def test_sparqlwrapper_ask(live_url: str) -> None:
    client = wrapper(live_url, JSON)
    client.setQuery(f"ASK {{ <{vocab.framework_iri('gdpr')}> ?p ?o }}")
    assert client.queryAndConvert()["boolean"] is True  # type: ignore[index]


@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, N3])
def test_sparqlwrapper_construct(live_url: str, fmt: str) -> None:
    client = wrapper(live_url, fmt)
    client.setQuery(f"PREFIX xw: <{vocab.XW}> CONSTRUCT {{ ?fw a xw:Framework }} WHERE {{ ?fw a xw:Framework }}")
    result = client.queryAndConvert()
    graph = result if isinstance(result, Graph) else Graph().parse(data=result, format="turtle")
    assert sorted(str(s) for s in graph.subjects()) == ALL_FRAMEWORKS


def test_sparqlwrapper_sees_refusals(live_url: str) -> None:
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = wrapper(live_url, JSON)
    client.setQuery("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(QueryBadFormed, match="SERVICE is refused"):
        client.query()


def test_rdflib_sparqlstore_reads_the_graph(live_url: str) -> None:
    store = SPARQLStore(live_url + "/sparql", returnFormat="json")
    graph = Graph(store=store)
    gdpr = URIRef(vocab.framework_iri("gdpr"))
    assert (gdpr, URIRef(vocab.RDF_TYPE), URIRef(vocab.XW + "Framework")) in graph
    rows = list(graph.query(FRAMEWORKS))
    assert [str(r[0]) for r in rows] == ALL_FRAMEWORKS  # type: ignore[index]
    title = next(
        graph.objects(URIRef(vocab.provision_iri("iso-iec-42001-2023", "6.1.2")), URIRef(vocab.SKOS + "prefLabel"))
    )
    assert title == Literal("AI risk assessment", lang="en")


def test_rdflib_sparqlstore_with_xml_results(live_url: str) -> None:
    graph = Graph(store=SPARQLStore(live_url + "/sparql"))  # rdflib's default: SPARQL XML results
    assert len(list(graph.query(FRAMEWORKS))) == 7
    assert bool(graph.query(f"ASK {{ <{vocab.framework_iri('gdpr')}> ?p ?o }}"))


def test_page_and_assets_over_http(live_url: str) -> None:
    page = httpx.get(live_url + "/sparql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    for asset, media in (("query.js", "text/javascript"), ("query.css", "text/css")):
        r = httpx.get(f"{live_url}/sparql/assets/{asset}")
        assert (r.status_code, r.headers["content-type"].split(";")[0]) == (200, media)
    assert httpx.get(live_url + "/sparql/assets/nothing.js").status_code == 404

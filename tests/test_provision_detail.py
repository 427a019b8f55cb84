"""The provision detail comes from the catalog read once per build (engine/catalog_index.py), not from
five queries per request. The oracle is those queries, still published (queries/api/provision.rq,
provision-mappings.rq, ancestors.rq, children.rq): on real data, the detail must say what they say."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from xwalk import vocab
from xwalk.api.app import create_app
from xwalk.build.pipeline import BuildResult
from xwalk.config import Settings
from xwalk.engine.catalog import frameworks, provision
from xwalk.engine.context import Graph
from xwalk.errors import InputError, NotFound
from xwalk.model.ids import iri_to_curie, parse_curie
from xwalk.store.base import Term

from .servers import ROOT, rename_art15


def by_queries(graph: Graph, curie: str) -> dict[str, Any]:
    """The detail as the four named queries give it (the code this module replaced, kept as the oracle)."""
    parsed = parse_curie(curie)
    assert parsed is not None
    b = {"id": Term.iri(parsed.iri)}
    row = graph.select("api/provision", b)[0]

    def refs(name: str, key: str) -> list[dict[str, str]]:
        return [
            {"id": iri_to_curie(r[key].value), "notation": r["notation"].value, "title": r["title"].value}
            for r in graph.select(name, b)
        ]

    return {
        "id": parsed.curie,
        "iri": parsed.iri,
        "framework": row["fw"].value.removeprefix(vocab.FW),
        "kind": row["kind"].value.removeprefix(vocab.XW),
        "notation": row["notation"].value,
        "title": row["title"].value,
        "url": row["url"].value if "url" in row else None,
        "summary": row["summary"].value if "summary" in row else None,
        "ancestors": refs("api/ancestors", "ancestor"),
        "children": refs("api/children", "child"),
        "mappings": [
            {
                "mapping": r["mapping"].value,
                "mapping_set": r["set"].value.removeprefix(vocab.MAPPINGS),
                "subject": iri_to_curie(r["subject"].value),
                "object": iri_to_curie(r["object"].value),
                "relation": r["relation"].value.removeprefix(vocab.RELATION),
                "strength": int(r["strength"].value),
                "status": r["status"].value.removeprefix(vocab.STATUS),
                "source": r["source"].value.removeprefix(vocab.SOURCE),
                "other": iri_to_curie(r["other"].value),
                "other_title": r["otherTitle"].value if "otherTitle" in r else None,
            }
            for r in graph.select("api/provision-mappings", b)
        ],
    }


def test_detail_says_what_the_queries_say(graph: Graph) -> None:
    """Every 7th provision of every framework, plus the much-mapped ones, against the oracle."""
    ids = sorted(iri_to_curie(r["id"].value) for r in graph.select("api/provision-ids"))
    sample = [*ids[::7], "euaia:art-15", "euaia:art-9", "iso42001:A.6.2.8", "iso27001:A.8.25", "gdpr:art-32"]
    assert len(sample) > 400
    for curie in sample:
        assert dataclasses.asdict(provision(graph, curie)) == by_queries(graph, curie), curie
    art15 = provision(graph, "euaia:art-15")
    assert art15.mappings and art15.children and art15.ancestors[0].id == "euaia:chapter-III"


def test_unknown_and_malformed_ids(graph: Graph) -> None:
    with pytest.raises(NotFound) as caught:
        provision(graph, "euaia:art-999")
    assert "euaia:art-99" in caught.value.extra["suggestions"]
    with pytest.raises(InputError, match="is not a provision id"):
        provision(graph, "nope:1")


def test_an_update_is_seen_at_once(built: tuple[BuildResult, Path]) -> None:
    """What was read for a build is not served once an update has changed the store under that build."""
    settings = Settings(root=ROOT, dist=built[1], allow_update=True, update_token=SecretStr("t0ken"))
    with TestClient(create_app(settings)) as client:
        before = client.get("/api/v1/provisions/euaia:art-15").json()
        assert before["title"] != "Renamed for the test"
        names = [f["id"] for f in client.get("/api/v1/frameworks").json()["data"]]
        rename_art15(client, "Renamed for the test")
        assert client.get("/api/v1/provisions/euaia:art-15").json()["title"] == "Renamed for the test"
        assert [f["id"] for f in client.get("/api/v1/frameworks").json()["data"]] == names


def test_frameworks_are_read_once_per_build(graph: Graph) -> None:
    first = frameworks(graph)
    assert len(first) == 7
    first.clear()  # a caller's list is its own: the one kept for the build is not touched
    assert len(frameworks(graph)) == 7


def test_a_value_kept_per_build_may_be_made_from_another(graph: Graph) -> None:
    """A builder that asks per_build for another value (the obligations read the risk hierarchy) gets it,
    instead of waiting forever on the lock its own caller holds."""
    from xwalk.engine.catalog_index import per_build

    outer = per_build(graph, "test-outer", lambda: ("outer", per_build(graph, "test-inner", lambda: "inner")))
    assert outer == ("outer", "inner")


def test_coverage_after_an_update_reads_the_store_not_the_build(built: tuple[BuildResult, Path]) -> None:
    """Deleting every mapping through /sparql leaves nothing for coverage to reach: the engine's mapping
    graph and its remembered answers were kept per content hash, which an update does not change, so
    coverage went on answering from the build (472 provisions reached, 5 mappings listed)."""
    settings = Settings(root=ROOT, dist=built[1], allow_update=True, update_token=SecretStr("t0ken"))
    coverage = "/api/v1/provisions/euaia:art-15/coverage"
    with TestClient(create_app(settings)) as client:
        assert client.get(coverage).json()["count"] > 0
        assert client.get("/api/v1/mappings", params={"subject": "euaia:art-15-1"}).json()["count"] > 0
        drop = (
            "PREFIX xw: <https://w3id.org/xwalk/ontology#> "
            "DELETE { GRAPH ?g { ?m ?p ?o } } WHERE { GRAPH ?g { ?m a xw:Mapping ; ?p ?o } }"
        )
        done = client.post("/sparql", data={"update": drop}, headers={"authorization": "Bearer t0ken"})
        assert done.status_code == 204, done.text
        for url in (coverage, coverage + "?depth=2"):
            after = client.get(url).json()
            assert after["count"] == 0, url
        assert client.get("/api/v1/mappings", params={"subject": "euaia:art-15-1"}).json()["count"] == 0

"""REST answers kept per build (api/answers.py): a repeat is the same bytes and headers as the answer
computed afresh, for GETs and a posted gap analysis; nothing is kept for errors, or served once an
update has changed the graph; the memory they take is bounded."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from xwalk.api.answers import Answers
from xwalk.build.pipeline import BuildResult

from .servers import ROOT, memory_client, rename_art15

SHOP = (ROOT / "examples" / "iso27001-shop.json").read_bytes()
COVERAGE = "/api/v1/provisions/euaia:art-15/coverage"




def _same(a: object, b: object) -> None:
    ra, rb = a, b
    assert ra.status_code == rb.status_code  # type: ignore[attr-defined]
    assert ra.content == rb.content  # type: ignore[attr-defined]
    assert ra.headers == rb.headers  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        (COVERAGE, None),
        (COVERAGE + "?direction=covers&depth=2&limit=3", None),
        ("/api/v1/provisions/euaia:art-15", None),
        ("/api/v1/provisions/euaia:art-15", "text/html"),  # 406: the same problem each time, never kept
        ("/api/v1/frameworks/eu-ai-act-2024/provisions", None),
        ("/api/v1/matrix?from=eu-ai-act-2024&to=iso-iec-42001-2023", None),
    ],
)
def test_a_repeated_get_is_the_answer_computed_afresh(
    kept_and_fresh: tuple[TestClient, TestClient], path: str, accept: str | None
) -> None:
    kept, fresh = kept_and_fresh
    headers = {"accept": accept} if accept else {}
    first = kept.get(path, headers=headers)
    again = kept.get(path, headers=headers)
    _same(first, fresh.get(path, headers=headers))
    _same(again, first)
    head = kept.head(path, headers=headers)
    assert head.status_code == first.status_code and head.content == b""
    assert head.headers == first.headers


def test_only_complete_successes_are_kept(built: tuple[BuildResult, Path]) -> None:
    with memory_client(built) as client:
        answers: Answers = client.app.state.answers  # type: ignore[attr-defined]
        assert client.get("/api/v1/provisions/euaia:art-999").status_code == 404
        assert client.get(COVERAGE + "?depth=9").status_code == 422
        assert len(answers._items) == 0
        assert client.get(COVERAGE).status_code == 200
        assert client.get(COVERAGE + "?depth=2").status_code == 200
        assert len(answers._items) == 2  # keyed by the query string too


def test_a_posted_gap_analysis_is_kept_per_profile_and_format(kept_and_fresh: tuple[TestClient, TestClient]) -> None:
    kept, fresh = kept_and_fresh
    for accept in ("application/json", "text/markdown", "text/csv"):
        headers = {"content-type": "application/json", "accept": accept}
        first = kept.post("/api/v1/gap-analysis", content=SHOP, headers=headers)
        assert first.status_code == 200
        _same(kept.post("/api/v1/gap-analysis", content=SHOP, headers=headers), first)
        _same(fresh.post("/api/v1/gap-analysis", content=SHOP, headers=headers), first)
    # another profile (another name), other parameters: each its own report
    other = SHOP.replace(b'"name": "', b'"name": "Other ', 1)
    assert other != SHOP
    headers = {"content-type": "application/json"}
    renamed = kept.post("/api/v1/gap-analysis", content=other, headers=headers)
    assert renamed.status_code == 200 and renamed.content != kept.post("/api/v1/gap-analysis", content=SHOP).content
    _same(renamed, fresh.post("/api/v1/gap-analysis", content=other, headers=headers))
    deeper = kept.post("/api/v1/gap-analysis?depth=1", content=SHOP, headers=headers)
    _same(deeper, fresh.post("/api/v1/gap-analysis?depth=1", content=SHOP, headers=headers))


def test_nothing_kept_is_served_after_an_update(built: tuple[BuildResult, Path]) -> None:
    with memory_client(built, allow_update=True, update_token=SecretStr("t0ken")) as client:
        assert client.get(COVERAGE).status_code == 200
        before = client.get("/api/v1/provisions/euaia:art-15")
        assert client.get("/api/v1/provisions/euaia:art-15").content == before.content  # now kept
        rename_art15(client, "Renamed for the cache test")
        assert client.get("/api/v1/provisions/euaia:art-15").json()["title"] == "Renamed for the cache test"
        answers: Answers = client.app.state.answers  # type: ignore[attr-defined]
        kept = len(answers._items)
        assert client.get(COVERAGE + "?depth=2").status_code == 200
        assert len(answers._items) == kept  # nothing more is kept for a changed graph


def test_the_memory_is_bounded() -> None:
    answers = Answers(8000)
    for i in range(100):
        answers.put(i, None, b"x" * 500)
    assert answers._size <= 8000
    assert answers.get(99) is not None and answers.get(0) is None  # the least recently used went first
    answers.put("huge", None, b"x" * 2000)  # over an eighth of the room: not kept
    assert answers.get("huge") is None


def test_two_accept_headers_are_not_the_one_they_join_to(kept_and_fresh: tuple[TestClient, TestClient]) -> None:
    """The route reads the first Accept header only; a request with two must not be kept under the key
    of the one header they join to (else its answer is sent to whoever sends that header)."""
    kept, fresh = kept_and_fresh
    path = "/api/v1/mapping-sets/iso-iec-27001-2022--iso-iec-42001-2023-hs"
    two = [("accept", "text/tab-separated-values;q=0.1"), ("accept", "application/json")]
    one = {"accept": "text/tab-separated-values;q=0.1,application/json"}
    assert kept.get(path, headers=two).headers["content-type"].startswith("text/tab-separated-values")
    joined = kept.get(path, headers=one)
    assert joined.headers["content-type"] == "application/json"
    _same(joined, fresh.get(path, headers=one))


def test_long_urls_count_against_the_bound(built: tuple[BuildResult, Path]) -> None:
    """A short answer under a long URL (unknown parameters are ignored) keeps the URL too: 300 bytes of
    answer under 12 KB of query string each must not fill 40 times the room the setting gives."""
    with memory_client(built, answer_cache_mb=1) as client:
        answers: Answers = client.app.state.answers  # type: ignore[attr-defined]
        pad = "a" * 12_000
        for i in range(200):
            assert client.get(f"/api/v1/version?pad={i}{pad}").status_code == 200
        held = sum(len(k[2]) + len(k[3]) + len(item[1]) for k, item in answers._items.items())
        assert 0 < held <= answers.max_bytes

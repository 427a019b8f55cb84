"""Admission and the memory cap of query workers, one test per finding: two slow queries took both
workers (20 at once: 18 waited 10 s for a 503; under mixed load 56 of 126 requests failed), and a
worker had no memory cap (one grew to 1.5 GB before the time limit)."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from xwalk.build.pipeline import BuildResult
from xwalk.errors import Busy, OverLimit
from xwalk.store.dist import load_dist
from xwalk.store.oxigraph import OxigraphStore
from xwalk.store.pool import Admission
from xwalk.store.sandbox import Confinement

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # hours, if nobody stops it
# Sorting must hold every row of a cartesian product: ~100 MB more each second here.
HUNGRY = "SELECT ?a ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
ASK = "ASK { ?s ?p ?o }"


def loaded(built: tuple[BuildResult, Path], **kwargs: object) -> OxigraphStore:
    store = OxigraphStore(**kwargs)  # type: ignore[arg-type]
    load_dist(store, built[1])
    return store


def wait_until(condition: object, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.05)


def test_two_slow_queries_leave_the_api_a_worker(built: tuple[BuildResult, Path]) -> None:
    """Slow user queries take only the user workers: the API's own query still gets the reserved one,
    and one more user query is refused at once with a retry hint, not after the slow ones' time limit."""
    store = loaded(built, workers=3, admission=Admission(wait_s=0.5, queue=16, reserved=1))
    try:
        assert store.query_raw(ASK, "json", timeout_s=60)[0] == "boolean"  # the pool is up
        pool = store._query_pool()
        with ThreadPoolExecutor(2) as ex:
            slow = [ex.submit(store.query_raw, SLOW, "json", timeout_s=4, kind="user") for _ in range(2)]
            wait_until(lambda: pool._user_slots._value == 0)  # both user slots are held
            with pytest.raises(Busy) as caught:
                store.query_raw(ASK, "json", timeout_s=60, kind="user")
            assert caught.value.status == 503 and caught.value.extra["retry_after"] >= 1
            assert not any(f.done() for f in slow)  # refused while the slow ones still run
            assert store.query_raw(ASK, "json", timeout_s=60, kind="api")[0] == "boolean"
            assert not any(f.done() for f in slow)  # ... and the API was answered meanwhile
            for f in slow:
                with pytest.raises(OverLimit, match=r"longer than 4 s"):
                    f.result()
        assert store.query_raw(ASK, "json", timeout_s=60, kind="user")[0] == "boolean"
    finally:
        store.close()


def test_a_full_queue_is_503_at_once(built: tuple[BuildResult, Path]) -> None:
    """With the queue full, the next query does not wait at all."""
    store = loaded(built, workers=1, admission=Admission(wait_s=30, queue=1, reserved=0))
    try:
        assert store.query_raw(ASK, "json", timeout_s=60)[0] == "boolean"
        pool = store._query_pool()
        with ThreadPoolExecutor(2) as ex:
            running = ex.submit(store.query_raw, SLOW, "json", timeout_s=6, kind="user")
            wait_until(lambda: pool._user_slots._value == 0)
            waiting = ex.submit(store.query_raw, ASK, "json", timeout_s=60, kind="user")
            wait_until(lambda: pool._waiting == 1)
            with pytest.raises(Busy, match="busy"):
                store.query_raw(ASK, "json", timeout_s=60, kind="user")
            assert not running.done()
            with pytest.raises(OverLimit):
                running.result()
            assert waiting.result()[0] == "boolean"  # the one that waited got the freed worker
    finally:
        store.close()


def vm_peak_bytes(pid: int) -> int:
    text = Path(f"/proc/{pid}/status").read_text()
    m = re.search(r"VmPeak:\s+(\d+) kB", text)
    assert m, text
    return int(m.group(1)) * 1024


def test_worker_memory_cap(built: tuple[BuildResult, Path]) -> None:
    """A query that needs more memory than the cap ends with 422 naming the limit; a fresh worker serves
    the next query. The cap is set 256 MiB above what a worker with the store loaded already maps."""
    probe = loaded(built, workers=1)
    try:
        probe.query_raw(ASK, "json", timeout_s=60)
        baseline = vm_peak_bytes(probe._query_pool()._all[0].proc.pid)
    finally:
        probe.close()
    cap = baseline + 256 * 2**20
    store = loaded(built, workers=1, confinement=Confinement(network=True, memory_bytes=cap))
    try:
        assert store.query_raw(ASK, "json", timeout_s=60)[0] == "boolean"
        first = store._query_pool()._all[0]
        with pytest.raises(OverLimit, match="MiB of memory") as caught:
            store.query_raw(HUNGRY, "json", timeout_s=90)
        assert caught.value.status == 422 and caught.value.extra["limit_bytes"] == cap
        assert not first.proc.is_alive()
        assert store.query_raw(ASK, "json", timeout_s=60)[0] == "boolean"  # a new worker took its place
    finally:
        store.close()

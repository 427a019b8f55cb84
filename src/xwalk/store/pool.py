"""Query workers: embedded queries under a time limit.

A pyoxigraph query cannot be cancelled from Python, so a query with a time limit runs in a worker
process that holds its own copy of the store; past the limit the worker is killed and a fresh one
takes its place. Workers start from a forkserver (one clean, single-threaded parent with pyoxigraph
already imported), so a replacement is up in milliseconds and then loads the current snapshot:
an in-memory store's N-Quads dump, or a read-only view of an on-disk store.

Each worker confines itself first (store/sandbox.py): no network, no writes, a memory cap, and it
dies with the server. Admission is bounded: a job waits at most `wait_s` for a worker, and at most
`queue` jobs wait at once; past either the caller gets Busy (503, Retry-After). User queries
("user" jobs, from /sparql) may hold all but `reserved` workers, so slow SPARQL from outside
cannot starve the API's own named queries.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import queue
import signal
import threading
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from xwalk.errors import Busy, LimitExceeded, OverLimit, QueryError, StoreError, XwalkError
from xwalk.store.execute import Job, too_slow
from xwalk.store.sandbox import Confinement

LOAD_TIMEOUT_S = 120.0
_ERRORS: dict[str, type[XwalkError]] = {
    "QueryError": QueryError,
    "LimitExceeded": LimitExceeded,
    "OverLimit": OverLimit,
    "StoreError": StoreError,
}


@dataclass(frozen=True)
class Admission:
    wait_s: float = 2.0  # longest wait for a free worker before Busy
    queue: int = 16  # most jobs waiting at once; one more is Busy at once
    reserved: int = 0  # workers that "user" jobs may not take


class FairSlots:
    """A counting semaphore that serves waiters in the order they came: a released slot goes to the
    longest waiter, never to a newcomer. threading.Semaphore lets a new caller take a slot before the
    waiter it woke, and under 8 connections on 2 user slots some requests waited 1.1 s (p99 57x p50)."""

    def __init__(self, n: int) -> None:
        self._free = n
        self._lock = threading.Lock()
        self._waiters: deque[threading.Event] = deque()

    @property
    def free(self) -> int:
        return self._free

    def acquire(self, timeout: float) -> bool:
        with self._lock:
            if self._free > 0 and not self._waiters:
                self._free -= 1
                return True
            turn = threading.Event()
            self._waiters.append(turn)
        if turn.wait(timeout):
            return True
        with self._lock:
            if turn.is_set():  # handed a slot just as the wait ran out: keep it
                return True
            self._waiters.remove(turn)
            return False

    def release(self) -> None:
        with self._lock:
            if self._waiters:
                self._waiters.popleft().set()  # the slot passes on: `free` stays as it is
            else:
                self._free += 1


@dataclass(frozen=True)
class Snapshot:
    epoch: int  # changes whenever the store is written
    path: str | None = None  # on-disk store, opened read-only by the worker
    data: bytes | None = None  # in-memory store, as N-Quads


def _serve(conn: Connection, confinement: Confinement) -> None:
    """The worker's loop: confine itself, load a snapshot, run jobs, until the parent hangs up."""
    import pyoxigraph as ox

    from xwalk.store.execute import run
    from xwalk.store.sandbox import SandboxUnavailable, confine

    refusal = ""
    try:
        confine(confinement)
    except SandboxUnavailable as exc:
        refusal = f"the query worker cannot confine itself, so it runs no query: {exc}"
    store = ox.Store()
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if refusal:
                conn.send(("error", "StoreError", refusal, {}))
            elif msg[0] == "load":
                snap: Snapshot = msg[1]
                store = ox.Store.read_only(snap.path) if snap.path else ox.Store()
                if snap.data:
                    store.bulk_load(snap.data, format=ox.RdfFormat.N_QUADS)
                conn.send(("loaded", snap.epoch))
            else:
                conn.send(("ok", run(store, msg[1])))
        except XwalkError as exc:
            conn.send(("error", type(exc).__name__, exc.detail, exc.extra))
        except MemoryError:
            conn.send(("memory",))
            return  # a worker that ran out of memory is not trusted with the next job
        except Exception as exc:  # reported to the parent, which raises StoreError
            conn.send(("error", "StoreError", f"the query worker failed: {exc!r}", {}))


def _context() -> Any:
    ctx = mp.get_context("forkserver")
    # The fork server imports these once; it must not import the parent's __main__ (a CLI or pytest).
    ctx.set_forkserver_preload(["pyoxigraph", "xwalk.store.execute"])
    return ctx


class _Worker:
    def __init__(self, ctx: Any, confinement: Confinement) -> None:
        parent, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, confinement), daemon=True, name="xwalk-query-worker")
        self.proc.start()
        child.close()
        self.conn: Connection = parent
        self.epoch = -1
        self.loading = -1  # epoch of a snapshot sent but not yet acknowledged

    def start_load(self, snap: Snapshot) -> None:
        self.conn.send(("load", snap))
        self.loading = snap.epoch

    def ensure(self, snap: Snapshot) -> None:
        if self.epoch == snap.epoch:
            return
        if self.loading != snap.epoch:
            self.start_load(snap)
        while self.epoch != snap.epoch:
            if not self.conn.poll(LOAD_TIMEOUT_S):
                raise StoreError(f"a query worker did not load the store within {LOAD_TIMEOUT_S:g} s.")
            reply = self.conn.recv()
            if reply[0] != "loaded":
                raise StoreError(f"a query worker could not load the store: {reply[-2] if len(reply) > 2 else reply}")
            self.epoch = reply[1]

    def stop(self) -> None:
        self.conn.close()  # the worker sees EOF and returns
        self.proc.join(0.5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)


def _stop_all(workers: list[_Worker]) -> None:
    for w in list(workers):
        w.stop()
    workers.clear()


class QueryPool:
    """At most `size` workers; each runs one query at a time."""

    def __init__(
        self,
        snapshot: Callable[[], Snapshot],
        size: int = 2,
        *,
        confinement: Confinement | None = None,
        admission: Admission | None = None,
    ) -> None:
        self._snapshot = snapshot
        self._size = max(1, size)
        self._confinement = confinement or Confinement()
        self._admission = admission or Admission()
        self._ctx = _context()
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        self._waiting = 0
        # "user" jobs hold a slot as well as a worker: all workers but the reserved ones
        self._user_slots = FairSlots(max(1, self._size - self._admission.reserved))
        self._finalizer = weakref.finalize(self, _stop_all, self._all)

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self._confinement)
        self._all.append(w)
        return w

    def _busy(self, waited_s: float) -> Busy:
        retry = max(1, round(self._admission.wait_s))
        return Busy(
            f"all query workers are busy (waited {waited_s:g} s); try again in {retry} s.",
            extra={"retry_after": retry, "workers": self._size},
        )

    @contextlib.contextmanager
    def _admitted(self, kind: str) -> Any:
        """A place in the bounded queue, and for a user job one of the slots it may use."""
        wait_s = self._admission.wait_s
        with self._lock:
            if self._waiting >= self._admission.queue:
                raise self._busy(0)
            self._waiting += 1
        try:
            slot = kind == "user"
            if slot and not self._user_slots.acquire(timeout=wait_s):
                raise self._busy(wait_s)
        finally:
            with self._lock:
                self._waiting -= 1
        try:
            yield
        finally:
            if slot:
                self._user_slots.release()

    def _acquire(self, wait_s: float) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._closed:
                raise StoreError("the store is closed.")
            if len(self._all) < self._size:
                return self._spawn()
        try:
            return self._idle.get(timeout=wait_s)
        except queue.Empty:
            raise self._busy(wait_s) from None

    def _discard(self, w: _Worker) -> None:
        """End a worker (stuck past its limit, or broken) and put a fresh one in its place."""
        w.stop()
        with self._lock:
            if w in self._all:
                self._all.remove(w)
            if self._closed:
                return
            fresh = self._spawn()
        with contextlib.suppress(OSError, ValueError):  # if this fails, it loads on its first job instead
            fresh.start_load(self._snapshot())
        self._idle.put(fresh)

    def _died(self, w: _Worker) -> XwalkError:
        """Why a worker ended mid-job: over its memory cap (the allocator aborts), or a crash."""
        w.proc.join(1)
        code = w.proc.exitcode
        if code == -signal.SIGSYS:
            return QueryError(
                "the query tried to open a network connection (SERVICE or LOAD), which this service never "
                "does; the operating system stopped it."
            )
        limit = self._confinement.memory_bytes
        if limit is not None and code in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV, -signal.SIGBUS):
            return _over_memory(limit)
        return StoreError(f"the query worker stopped unexpectedly (exit code {code}); a new one has been started.")

    def warm(self) -> None:
        """Start every worker now and send it the snapshot, so the first burst of queries does not wait
        for workers to start and load one by one (that put the p99 of a one-row lookup at 1.1-1.5 s)."""
        with self._lock:
            fresh = [] if self._closed else [self._spawn() for _ in range(self._size - len(self._all))]
        for w in fresh:
            with contextlib.suppress(OSError, ValueError):  # if this fails, it loads on its first job instead
                w.start_load(self._snapshot())
            self._idle.put(w)

    def run(self, job: Job, timeout_s: float, *, kind: str = "api") -> tuple[str, bytes]:
        """Run `job` in a worker within `timeout_s`; `kind` "user" for queries from outside."""
        with self._admitted(kind):
            w = self._acquire(self._admission.wait_s)
            return self._run_on(w, job, timeout_s)

    def _run_on(self, w: _Worker, job: Job, timeout_s: float) -> tuple[str, bytes]:
        try:
            w.ensure(self._snapshot())
            w.conn.send(("query", job))
            if not w.conn.poll(timeout_s):
                raise too_slow(timeout_s)
            reply = w.conn.recv()
        except LimitExceeded:
            self._discard(w)
            raise
        except (EOFError, OSError):
            error = self._died(w)
            self._discard(w)
            raise error from None
        except StoreError:
            self._discard(w)
            raise
        if job.update:
            w.epoch = -1  # its copy now differs from the store: it reloads before its next job
        if reply[0] == "memory":
            self._discard(w)
            limit = self._confinement.memory_bytes
            raise _over_memory(limit) if limit else StoreError("the query worker ran out of memory.")
        self._idle.put(w)
        if reply[0] == "ok":
            form, body = reply[1]
            return str(form), bytes(body)
        cls = _ERRORS.get(reply[1], StoreError)
        raise cls(reply[2], extra=reply[3])

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._finalizer()


def _over_memory(limit: int) -> OverLimit:
    return OverLimit(
        f"the query needed more than {limit // 2**20} MiB of memory, the limit of a query worker, and was "
        "stopped: narrow the pattern or add a LIMIT. A fresh worker has been started.",
        extra={"limit_bytes": limit},
    )

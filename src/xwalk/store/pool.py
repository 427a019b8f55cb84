"""Query workers: embedded queries under a time limit.

A pyoxigraph query cannot be cancelled from Python, so a query with a time limit runs in a worker
process that holds its own copy of the store; past the limit the worker is killed and a fresh one
takes its place. Workers start from a forkserver (one clean, single-threaded parent with pyoxigraph
already imported), so a replacement is up in milliseconds and then loads the current snapshot:
an in-memory store's N-Quads dump, or a read-only view of an on-disk store.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import queue
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from xwalk.errors import LimitExceeded, QueryError, StoreError, XwalkError
from xwalk.store.execute import Job, too_slow

LOAD_TIMEOUT_S = 120.0
_ERRORS: dict[str, type[XwalkError]] = {"QueryError": QueryError, "LimitExceeded": LimitExceeded}


@dataclass(frozen=True)
class Snapshot:
    epoch: int  # changes whenever the store is written
    path: str | None = None  # on-disk store, opened read-only by the worker
    data: bytes | None = None  # in-memory store, as N-Quads


def _serve(conn: Connection) -> None:
    """The worker's loop: load a snapshot, run jobs, until the parent hangs up."""
    import pyoxigraph as ox

    from xwalk.store.execute import run

    store = ox.Store()
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if msg[0] == "load":
                snap: Snapshot = msg[1]
                store = ox.Store.read_only(snap.path) if snap.path else ox.Store()
                if snap.data:
                    store.bulk_load(snap.data, format=ox.RdfFormat.N_QUADS)
                conn.send(("loaded", snap.epoch))
            else:
                conn.send(("ok", run(store, msg[1])))
        except XwalkError as exc:
            conn.send(("error", type(exc).__name__, exc.detail, exc.extra))
        except Exception as exc:  # reported to the parent, which raises StoreError
            conn.send(("error", "StoreError", f"the query worker failed: {exc!r}", {}))


def _context() -> Any:
    ctx = mp.get_context("forkserver")
    # The fork server imports these once; it must not import the parent's __main__ (a CLI or pytest).
    ctx.set_forkserver_preload(["pyoxigraph", "xwalk.store.execute"])
    return ctx


class _Worker:
    def __init__(self, ctx: Any) -> None:
        parent, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="xwalk-query-worker")
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
                raise StoreError(f"a query worker could not load the store: {reply[2]}")
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

    def __init__(self, snapshot: Callable[[], Snapshot], size: int = 2) -> None:
        self._snapshot = snapshot
        self._size = max(1, size)
        self._ctx = _context()
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        self._finalizer = weakref.finalize(self, _stop_all, self._all)

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx)
        self._all.append(w)
        return w

    def _acquire(self, timeout_s: float) -> _Worker:
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
            return self._idle.get(timeout=timeout_s)
        except queue.Empty:
            raise LimitExceeded(
                f"all {self._size} query workers stayed busy for {timeout_s:g} s; try again shortly."
            ) from None

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

    def run(self, job: Job, timeout_s: float) -> tuple[str, bytes]:
        w = self._acquire(timeout_s)
        try:
            w.ensure(self._snapshot())
            w.conn.send(("query", job))
            if not w.conn.poll(timeout_s):
                raise too_slow(timeout_s)
            reply = w.conn.recv()
        except LimitExceeded:
            self._discard(w)
            raise
        except (EOFError, OSError) as exc:
            self._discard(w)
            raise StoreError(f"the query worker stopped unexpectedly ({exc!r}); a new one has been started.") from None
        except StoreError:
            self._discard(w)
            raise
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

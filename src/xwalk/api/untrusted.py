"""Untrusted request bodies, read without letting a parser take the server down.

JSON (and JSON-LD) is scanned for nesting depth and number length before any parser sees it: a
10,000-deep array made Python's parser raise RecursionError, a 5,000-digit integer a ValueError,
and a 4,000-deep JSON-LD profile crashed pyoxigraph's JSON-LD parser with the whole API process.
RDF profiles (Turtle, JSON-LD) are then parsed in a confined worker process (store/sandbox.py):
if that parser still crashes, the worker dies, not the server, and the client gets a 422.
"""

from __future__ import annotations

import multiprocessing as mp
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from starlette.concurrency import run_in_threadpool

from xwalk.build.profile import profile_from_rdf, read_profile
from xwalk.errors import InvalidProfile, XwalkError
from xwalk.model.profile import Profile, parse_profile
from xwalk.store.sandbox import Confinement, confine

MAX_DEPTH = 64  # a profile is 5 levels deep; JSON-LD with contexts perhaps 10
MAX_NUMBER_CHARS = 40  # no number in a profile is longer (dates are strings)
PARSE_TIMEOUT_S = 20.0
_STRUCTURE = re.compile(rb'[\[{\]}"\\]|[-+0-9.eE]{%d,}' % (MAX_NUMBER_CHARS + 1))


def check_json_text(data: bytes) -> None:
    """InvalidProfile (422) if the JSON text nests deeper than MAX_DEPTH or holds an overlong number."""
    depth = 0
    in_string = False
    escaped_at = -1
    for m in _STRUCTURE.finditer(data):
        c, pos = m.group(), m.start()
        if in_string:
            if pos == escaped_at:
                continue
            if c == b"\\":
                escaped_at = pos + 1
            elif c == b'"':
                in_string = False
            continue
        if c == b'"':
            in_string = True
        elif c in (b"[", b"{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise InvalidProfile([("", f"the JSON nests deeper than {MAX_DEPTH} levels (at byte {pos})")])
        elif c in (b"]", b"}"):
            depth -= 1
        elif len(c) > MAX_NUMBER_CHARS and any(ch in b"0123456789" for ch in c):
            raise InvalidProfile(
                [("", f"a number of {len(c)} characters at byte {pos}: numbers here have at most {MAX_NUMBER_CHARS}")]
            )


def _parse_rdf(data: bytes, syntax: str) -> tuple[str, Any]:
    """In the worker: the JSON form of an RDF profile, or the error to raise in the server."""
    try:
        return "ok", profile_from_rdf(data, syntax)
    except InvalidProfile as exc:
        return "invalid", [(e["pointer"], e["message"]) for e in exc.errors]
    except XwalkError as exc:
        return "invalid", [("", exc.detail)]
    except (ValueError, RecursionError, MemoryError) as exc:
        return "invalid", [("", f"not a readable profile: {exc}")]


class RdfParser:
    """One confined worker process for RDF profiles, replaced when it dies."""

    def __init__(self, memory_bytes: int | None = 1024 * 2**20) -> None:
        self._confinement = Confinement(network=True, memory_bytes=memory_bytes)
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                ctx = mp.get_context("forkserver")
                self._pool = ProcessPoolExecutor(1, mp_context=ctx, initializer=confine, initargs=(self._confinement,))
            return self._pool

    def parse(self, data: bytes, syntax: str) -> dict[str, Any]:
        pool = self._executor()
        try:
            status, value = pool.submit(_parse_rdf, data, syntax).result(timeout=PARSE_TIMEOUT_S)
        except BrokenProcessPool:
            self._reset(pool)
            raise InvalidProfile(
                [("", f"the {syntax} parser failed on this profile (it crashed); check its syntax")]
            ) from None
        except TimeoutError:
            self._reset(pool)
            raise InvalidProfile(
                [("", f"the {syntax} profile took longer than {PARSE_TIMEOUT_S:g} s to parse")]
            ) from None
        if status != "ok":
            raise InvalidProfile(value)
        result: dict[str, Any] = value
        return result

    def _reset(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.kill()  # a worker stuck in a parser is not waited for
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


async def read_untrusted_profile(body: bytes, syntax: str, parser: RdfParser, *, strict: bool = True) -> Profile:
    """A checked profile from a request body, whatever the body holds (`strict` as in parse_profile)."""
    if syntax in ("json", "jsonld"):
        check_json_text(body)
    if syntax == "json":
        return await run_in_threadpool(lambda: read_profile(body, "json", strict=strict))
    raw = await run_in_threadpool(parser.parse, body, syntax)
    return parse_profile(raw, strict=strict)

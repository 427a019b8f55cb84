"""Confinement of a query worker by the operating system, so that a query the guard lets through by
mistake still cannot reach the network, write a file, start a program, or outlive the server.

pyoxigraph performs SERVICE and LOAD requests itself: the guard (store/guard.py) refuses them with
a clear 400, and this module makes a bypass of the guard harmless. In each worker, before it runs
any query:

- a seccomp filter (libseccomp through pyseccomp) makes the kernel end the worker (SIGSYS) the
  moment it asks for a socket that is not a Unix socket (it talks to the server over an inherited
  socketpair), so the pool can tell the client exactly what happened; and refuse, with EACCES,
  io_uring (which could open sockets around the filter), execve, and every open for writing,
  creating, renaming or deleting a file: a worker only reads its store;
- RLIMIT_AS caps its memory: past it an allocation fails, the worker ends, and the pool names
  the limit and starts a fresh worker;
- PR_SET_PDEATHSIG ends it when the fork server that started it ends, and the worker closes its
  copy of the fork server's "alive" pipe, so the fork server itself ends with the server process
  (multiprocessing's own rule): a `kill -9` of the server leaves no worker behind.

Reads are not filtered by path (seccomp cannot see paths); no SPARQL feature reads a local file.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import resource
import signal
import sys
from dataclasses import dataclass

_PR_SET_PDEATHSIG = 1
_PR_SET_NO_NEW_PRIVS = 38
_WRITE_FLAGS = (os.O_WRONLY, os.O_RDWR, os.O_CREAT, os.O_TRUNC, os.O_APPEND)
# Calls that change the file system by path; an open for writing is refused by its flags instead.
_PATH_WRITES = (
    "creat",
    "truncate",
    "unlink",
    "unlinkat",
    "rename",
    "renameat",
    "renameat2",
    "mkdir",
    "mkdirat",
    "rmdir",
    "link",
    "linkat",
    "symlink",
    "symlinkat",
    "chmod",
    "fchmodat",
    "chown",
    "lchown",
    "fchownat",
    "mknod",
    "mknodat",
)
_REFUSED = ("execve", "execveat", "io_uring_setup", "io_uring_enter", "io_uring_register", "ptrace", "openat2")


@dataclass(frozen=True)
class Confinement:
    """What a worker is confined to; passed to each worker process when it starts."""

    network: bool = True  # seccomp filter: no internet sockets, no writes, no execve
    memory_bytes: int | None = None  # RLIMIT_AS; None leaves it as inherited


class SandboxUnavailable(RuntimeError):
    pass


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def die_with_parent() -> None:
    """SIGKILL this process when its parent ends (Linux); a no-op elsewhere."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    if _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise SandboxUnavailable(f"prctl(PR_SET_PDEATHSIG) failed: {os.strerror(ctypes.get_errno())}")
    if os.getppid() != parent:  # the parent ended before the call took effect
        os._exit(1)


def detach_from_fork_server() -> None:
    """Close this worker's copy of the fork server's alive pipe: it then ends with the server."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    fd = getattr(server, "_forkserver_alive_fd", None)
    if isinstance(fd, int):
        with contextlib.suppress(OSError):
            os.close(fd)
        server._forkserver_alive_fd = None  # type: ignore[union-attr]


def limit_memory(limit: int | None) -> None:
    if limit is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def block_network_and_writes() -> None:
    """Install the seccomp filter (irreversible for this process and any child it would have)."""
    try:
        import pyseccomp as sc
    except (ImportError, RuntimeError) as exc:  # not Linux, or no libseccomp.so.2
        raise SandboxUnavailable(
            f"the seccomp filter cannot be installed ({exc}); install libseccomp2, or run with "
            "XWALK_QUERY_SANDBOX=false where the operating system has no seccomp."
        ) from None
    refuse = sc.ERRNO(errno.EACCES)
    f = sc.SyscallFilter(defaction=sc.ALLOW)
    f.add_rule(sc.KILL_PROCESS, "socket", sc.Arg(0, sc.NE, 1))  # AF_UNIX = 1: any other family ends it
    f.add_rule(sc.KILL_PROCESS, "socketpair", sc.Arg(0, sc.NE, 1))
    for name in _REFUSED:
        f.add_rule(sc.ERRNO(errno.ENOSYS) if name == "openat2" else refuse, name)
    for name in _PATH_WRITES:
        f.add_rule(refuse, name)
    for flag in _WRITE_FLAGS:
        f.add_rule(refuse, "open", sc.Arg(1, sc.MASKED_EQ, flag, flag))
        f.add_rule(refuse, "openat", sc.Arg(2, sc.MASKED_EQ, flag, flag))
    if _libc().prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxUnavailable(f"prctl(PR_SET_NO_NEW_PRIVS) failed: {os.strerror(ctypes.get_errno())}")
    try:
        f.load()
    except OSError as exc:
        raise SandboxUnavailable(f"the kernel refused the seccomp filter: {exc}") from None


def confine(c: Confinement) -> None:
    """Everything above, in the order that keeps each step possible (the filter last)."""
    die_with_parent()
    detach_from_fork_server()
    limit_memory(c.memory_bytes)
    if c.network:
        block_network_and_writes()

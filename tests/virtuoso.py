"""A real OpenLink Virtuoso (Debian's virtuoso-opensource, `make virtuoso`) for the remote-store tests:
its own virtuoso.ini and database in a temporary directory, SQL and HTTP on free ports of 127.0.0.1,
an account `xwalk` with a random password and the SPARQL_UPDATE role (the anonymous endpoint stays
read-only). One server per session: it takes 10-20 s to create its database.

`virtuoso_url` is the server loaded with the session's build, as `xwalk load` would; tests that do not
ask for a Virtuoso fixture never start one.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from xwalk.build.pipeline import BuildResult
from xwalk.config import Settings
from xwalk.store.dist import load_dist
from xwalk.store.remote import RemoteSparqlStore

from .servers import ROOT, die_with_parent, free_port, wait_for

BINARY, ISQL = "virtuoso-t", "isql-vt"
MAX_ROWS = 25_000  # [SPARQL] ResultSetMaxRows: above the largest answer the engine asks for (~6,000 rows)

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/vsp
ServerThreads = 8
MaxClientConnections = 8
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {max_time_s}
MaxQueryCostEstimationTime = 0
"""


def missing() -> str | None:
    if shutil.which(BINARY) and shutil.which(ISQL):
        return None
    return f"{BINARY}/{ISQL} missing (Debian virtuoso-opensource; `make virtuoso` installs it as root)"


class VirtuosoServer:
    def __init__(self, location: Path, *, max_rows: int = MAX_ROWS, max_time_s: int = 30) -> None:
        location.mkdir(parents=True, exist_ok=True)
        (location / "vsp").mkdir(exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.http_port}/sparql"
        self.user, self.password = "xwalk", secrets.token_urlsafe(16)
        ini = location / "virtuoso.ini"
        ini.write_text(
            INI.format(
                dir=location,
                sql_port=self.sql_port,
                http_port=self.http_port,
                max_rows=max_rows,
                max_time_s=max_time_s,
            )
        )
        self.log = location / "virtuoso.log"
        self.proc = subprocess.Popen(
            [BINARY, "+configfile", str(ini), "+foreground"],
            cwd=location,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=die_with_parent,
        )
        try:
            wait_for(self.url + "?query=ASK%7B%7D", self.proc, timeout_s=120)
            # a fresh database has dba/dba: give it a random password, add the writing account
            self.sql(
                f"DB.DBA.USER_CREATE('{self.user}', '{self.password}'); GRANT SPARQL_UPDATE TO \"{self.user}\"; "
                f"USER_SET_PASSWORD('dba', '{secrets.token_urlsafe(16)}');",
                password="dba",
            )
        except BaseException:
            self.stop()
            raise

    def sql(self, statements: str, *, password: str) -> str:
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", "dba", password, f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed: {done.stdout[-500:]} {done.stderr[-500:]}")
        return done.stdout

    def store(self) -> RemoteSparqlStore:
        return RemoteSparqlStore(self.url, user=self.user, password=self.password)

    def settings(self, built: tuple[BuildResult, Path], **extra: object) -> Settings:
        return Settings(  # type: ignore[arg-type]
            root=ROOT,
            dist=built[1],
            store=self.url,
            store_user=self.user,
            store_password=self.password,
            **extra,
        )

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    reason = missing()
    if reason:
        pytest.skip(reason)
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_url(virtuoso_server: VirtuosoServer, built: tuple[BuildResult, Path]) -> str:
    """The Virtuoso server, loaded with the session's build as `xwalk load` would."""
    store = virtuoso_server.store()
    load_dist(store, built[1])
    store.close()
    return virtuoso_server.url

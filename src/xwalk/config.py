"""Settings: one pydantic-settings class (env prefix XWALK_), passed explicitly everywhere."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

MARKER = "xwalk.toml"  # marks a user's own crosswalk project (`xwalk init`)
BUNDLED_DIRS = ("crosswalks", "ontology", "queries")
PACKAGED = Path(__file__).resolve().parent / "bundled"  # where a wheel carries the data (setup.py copies it)


def bundled_root() -> Path | None:
    """The data that ships with xwalk: `xwalk/bundled/` in a wheel, or the source checkout an editable
    install runs from; None when neither is there (a broken install)."""
    if (PACKAGED / "crosswalks").is_dir():
        return PACKAGED
    checkout = PACKAGED.parents[2]
    if (checkout / "crosswalks").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return None


def find_root(start: Path) -> Path | None:
    """The nearest directory, from `start` upwards, holding `xwalk.toml` or a `crosswalks/` folder."""
    for d in (start, *start.parents):
        if (d / MARKER).is_file() or (d / "crosswalks").is_dir():
            return d
    return None


def default_root() -> Path:
    """Where the sources are: found from the current directory upwards, else the bundled data."""
    found = find_root(Path.cwd())
    if found is not None:
        return found
    bundled = bundled_root()
    if bundled is None:
        raise ValueError(
            "no crosswalk sources here or above (no xwalk.toml or crosswalks/), and this xwalk install "
            "carries no bundled data: reinstall xwalk, or give --root / XWALK_ROOT."
        )
    return bundled


def cache_home() -> Path:
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "xwalk"


def describe_root(root: Path) -> str:
    """One line saying which sources a command uses, for `xwalk --version`, `build` and `serve`."""
    root = root.resolve()
    bundled = bundled_root()
    if (root / MARKER).is_file():
        return f"project {root} (xwalk.toml), extending the bundled data"
    if bundled is not None and root == bundled.resolve():
        return f"bundled data ({root})"
    return f"sources in {root}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="XWALK_", extra="ignore")

    root: Path = Field(default_factory=default_root, description="Project tree with the sources.")
    dist: Path | None = Field(default=None, description="Build output directory (default: ROOT/dist).")
    store: str = Field(
        default="memory",
        description="'memory', a directory path for an on-disk Oxigraph store, or an http(s) SPARQL URL.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)  # uvicorn would bind 99999 as 34463, silently
    data_files: list[Path] = Field(default_factory=list, description="Organisation data to serve.")
    query_timeout_s: float = Field(default=10.0, gt=0)
    max_results: int = Field(default=10_000, gt=0)
    query_workers: int = Field(default=3, gt=0, description="Processes that run embedded queries under the time limit.")
    store_update_url: str | None = Field(default=None, description="SPARQL update endpoint (default: derived).")
    store_graph_url: str | None = Field(default=None, description="Graph Store Protocol endpoint (default: derived).")
    store_user: str | None = Field(default=None, description="Account on the SPARQL server for updates and loads.")
    store_password: SecretStr | None = Field(default=None, description="Its password (environment only).")
    store_auth: Literal["digest", "basic"] = Field(default="digest", description="How the server asks for it.")
    allow_update: bool = False
    update_token: SecretStr | None = None
    remote_timeout_s: float = Field(default=30.0, gt=0)
    # Bounds of every request (docs/security.md): sizes in bytes, times in seconds.
    max_result_bytes: int = Field(default=32_000_000, gt=0, description="Largest SPARQL answer, in bytes.")
    max_query_bytes: int = Field(default=1_000_000, gt=0, description="Largest /sparql request body or URL query.")
    max_profile_bytes: int = Field(default=5_000_000, gt=0, description="Largest gap-analysis profile body.")
    body_timeout_s: float = Field(default=10.0, gt=0, description="Longest time to receive a request body.")
    header_timeout_s: float = Field(default=10.0, gt=0, description="Longest time to receive a request's headers.")
    max_connections: int = Field(default=1000, gt=0, description="Open connections past which uvicorn answers 503.")
    worker_memory_mb: int = Field(default=2048, ge=0, description="Address-space cap per query worker; 0: none.")
    query_sandbox: bool = Field(default=True, description="seccomp filter in query workers (Linux).")
    queue_wait_s: float = Field(default=2.0, gt=0, description="Longest wait for a free query worker before 503.")
    queue_size: int = Field(default=16, gt=0, description="Most queries waiting for a worker at once.")
    reserved_workers: int = Field(default=1, ge=0, description="Query workers kept for the API's own queries.")
    access_log: bool = Field(default=False, description="Log every request (uvicorn's access log) to stderr.")
    answer_cache_mb: int = Field(
        default=64, ge=0, description="Memory for REST and SPARQL answers kept per build; 0: none."
    )

    @property
    def is_bundled(self) -> bool:
        """The sources are the data packaged in the wheel (read-only by convention: never build into it)."""
        return self.root.resolve() == PACKAGED

    @property
    def dist_dir(self) -> Path:
        """ROOT/dist; for bundled data that is not writable (a wheel), the user's cache directory,
        keyed by version and a hash of the bundled sources so an upgrade never reads a stale graph."""
        if self.dist is not None:
            return self.dist
        if self.is_bundled:
            return cache_home() / f"dist-{_sources_key(self.root)}"
        return self.root / "dist"

    @property
    def queries_dir(self) -> Path:
        """ROOT/queries, or the bundled queries for a project that extends the bundled data."""
        own = self.root / "queries"
        bundled = bundled_root()
        if own.is_dir() or bundled is None:
            return own
        return bundled / "queries"


def _sources_key(root: Path) -> str:
    from xwalk import __version__

    digest = hashlib.sha256()
    for sub in BUNDLED_DIRS:
        for path in sorted((root / sub).rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return f"{__version__}-{digest.hexdigest()[:12]}"

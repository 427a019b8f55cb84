"""Settings: one pydantic-settings class (env prefix XWALK_), passed explicitly everywhere."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_root() -> Path:
    """The project tree holding crosswalks/, ontology/ and queries/ (a source checkout)."""
    here = Path(__file__).resolve().parents[2]
    return here if (here / "crosswalks").is_dir() else Path.cwd()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="XWALK_", extra="ignore")

    root: Path = Field(default_factory=default_root, description="Project tree with the sources.")
    dist: Path | None = Field(default=None, description="Build output directory (default: ROOT/dist).")
    store: str = Field(
        default="memory",
        description="'memory', a directory path for an on-disk Oxigraph store, or an http(s) SPARQL URL.",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    data_files: list[Path] = Field(default_factory=list, description="Organisation data to serve.")
    query_timeout_s: float = Field(default=10.0, gt=0)
    max_results: int = Field(default=10_000, gt=0)
    query_workers: int = Field(default=3, gt=0, description="Processes that run embedded queries under the time limit.")
    store_update_url: str | None = Field(default=None, description="SPARQL update endpoint (default: derived).")
    store_graph_url: str | None = Field(default=None, description="Graph Store Protocol endpoint (default: derived).")
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

    @property
    def dist_dir(self) -> Path:
        return self.dist if self.dist is not None else self.root / "dist"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

"""Put a build (dist/xwalk.trig + manifest.json) into any store, with its content hash."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from xwalk import vocab
from xwalk.errors import BuildMissing
from xwalk.store.base import Store

META_GRAPH = vocab.GRAPH + "meta"
BUILD_NODE = vocab.BASE + "build"


def build_dir(dist: Path) -> Path:
    """The directory of the current build: dist/current resolved once, so that the manifest and the
    graph a reader takes come from the same build even while a new one is committed (build/pipeline.py)."""
    current = dist / "current"
    if current.is_symlink():
        return dist / os.readlink(current)
    return dist  # a build written as two plain files (older layout, benchmarks/synthetic.py)


def read_build(dist: Path) -> tuple[dict[str, Any], bytes]:
    """(manifest, graph) of one build, checked against each other: a graph that is not the one its
    manifest names is never served under the manifest's content hash."""
    here = build_dir(dist)
    try:
        data: dict[str, Any] = json.loads((here / "manifest.json").read_text(encoding="utf-8"))
        trig = (here / "xwalk.trig").read_bytes()
    except FileNotFoundError:
        raise BuildMissing(f"no build in {dist}: run `xwalk build` first.") from None
    expected = data.get("files", {}).get("xwalk.trig", {}).get("sha256")
    if expected is not None and hashlib.sha256(trig).hexdigest() != expected:
        raise BuildMissing(
            f"the build in {dist} is inconsistent (its graph is not the one its manifest names, as after an "
            "interrupted build of an older xwalk): run `xwalk build` again."
        )
    return data, trig


def read_manifest(dist: Path) -> dict[str, Any]:
    return read_build(dist)[0]


def meta_turtle(manifest: dict[str, Any]) -> bytes:
    versions = " ;\n  ".join(
        f'<{vocab.XW}dataVersion> "{fw}={info["version"]}"'
        for fw, info in sorted(manifest.get("frameworks", {}).items())
    )
    text = (
        f'<{BUILD_NODE}> <{vocab.XW}contentHash> "{manifest["content_hash"]}" ;\n'
        f'  <{vocab.XW}xwalkVersion> "{manifest.get("xwalk_version", "")}"'
        + (" ;\n  " + versions if versions else "")
        + " .\n"
    )
    return text.encode()


def load_dist(store: Store, dist: Path) -> dict[str, Any]:
    manifest, trig = read_build(dist)
    store.clear()
    store.load(trig, "trig")
    store.load(meta_turtle(manifest), "turtle", graph=META_GRAPH)
    return manifest


def content_hash(store: Store) -> str | None:
    rows = store.select(f"SELECT ?h WHERE {{ GRAPH <{META_GRAPH}> {{ <{BUILD_NODE}> <{vocab.XW}contentHash> ?h }} }}")
    return rows[0]["h"].value if rows else None

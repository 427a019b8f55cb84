"""Put a build (dist/xwalk.trig + manifest.json) into any store, with its content hash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from xwalk import vocab
from xwalk.errors import BuildMissing
from xwalk.store.base import Store

META_GRAPH = vocab.GRAPH + "meta"
BUILD_NODE = vocab.BASE + "build"


def read_manifest(dist: Path) -> dict[str, Any]:
    path = dist / "manifest.json"
    if not path.exists() or not (dist / "xwalk.trig").exists():
        raise BuildMissing(f"no build in {dist}: run `xwalk build` first.")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


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
    manifest = read_manifest(dist)
    store.clear()
    store.load((dist / "xwalk.trig").read_bytes(), "trig")
    store.load(meta_turtle(manifest), "turtle", graph=META_GRAPH)
    return manifest


def content_hash(store: Store) -> str | None:
    rows = store.select(f"SELECT ?h WHERE {{ GRAPH <{META_GRAPH}> {{ <{BUILD_NODE}> <{vocab.XW}contentHash> ?h }} }}")
    return rows[0]["h"].value if rows else None

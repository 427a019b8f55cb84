"""Open the store the settings name, loaded with the current build."""

from __future__ import annotations

from pathlib import Path

from xwalk.config import Settings
from xwalk.store.base import Store
from xwalk.store.dist import content_hash, load_dist, read_manifest
from xwalk.store.oxigraph import OxigraphStore


def open_store(settings: Settings, *, load: bool = True) -> Store:
    """'memory' loads dist/ into a fresh store; a path keeps an on-disk store, reloaded when the
    build's content hash changed."""
    spec = settings.store
    store = OxigraphStore(None if spec == "memory" else Path(spec))
    if load:
        manifest = read_manifest(settings.dist_dir)
        if spec == "memory" or content_hash(store) != manifest["content_hash"]:
            load_dist(store, settings.dist_dir)
    return store

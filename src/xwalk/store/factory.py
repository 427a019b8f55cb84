"""Open the store the settings name, loaded with the current build and the organisation's data."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from xwalk import vocab
from xwalk.config import Settings
from xwalk.errors import InputError, QueryError, StoreError
from xwalk.store.base import Store
from xwalk.store.dist import BUILD_NODE, content_hash, load_dist, read_manifest
from xwalk.store.oxigraph import OxigraphStore
from xwalk.store.pool import Admission
from xwalk.store.sandbox import Confinement

DATA_FORMATS = {".ttl": "turtle", ".nt": "ntriples", ".rdf": "rdfxml", ".owl": "rdfxml", ".jsonld": "jsonld"}


def is_remote(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def open_store(settings: Settings, *, load: bool = True) -> Store:
    """'memory' loads dist/ into a fresh store; a path keeps an on-disk store, reloaded when the
    build's content hash changed; an http(s) URL is a SPARQL server that `xwalk load` filled."""
    spec = settings.store
    store: Store
    if is_remote(spec):
        from xwalk.store.remote import RemoteSparqlStore  # httpx is imported only for a remote store

        store = RemoteSparqlStore(
            spec,
            update_url=settings.store_update_url,
            graph_url=settings.store_graph_url,
            timeout_s=settings.remote_timeout_s,
            user=settings.store_user,
            password=settings.store_password.get_secret_value() if settings.store_password else None,
            auth_scheme=settings.store_auth,
        )
        if load:
            check_union_default(store)
    else:
        store = OxigraphStore(
            None if spec == "memory" else Path(spec),
            workers=settings.query_workers,
            confinement=Confinement(
                network=settings.query_sandbox,
                memory_bytes=settings.worker_memory_mb * 2**20 if settings.worker_memory_mb else None,
            ),
            admission=Admission(settings.queue_wait_s, settings.queue_size, settings.reserved_workers),
            max_result_bytes=settings.max_result_bytes,
        )
        if load:
            manifest = read_manifest(settings.dist_dir)
            if spec == "memory" or content_hash(store) != manifest["content_hash"]:
                load_dist(store, settings.dist_dir)
    if load and settings.data_files:
        load_data_files(store, settings.data_files)
    return store


def check_union_default(store: Store) -> None:
    """The engine's queries read the default graph as the union of all graphs: make sure it is."""
    if content_hash(store) is None:
        return  # nothing loaded yet: `xwalk load` fills it
    if not store.ask(f"ASK {{ <{BUILD_NODE}> <{vocab.XW}contentHash> ?h }}"):
        raise StoreError(
            "the SPARQL server does not query the union of its named graphs by default: start Oxigraph with "
            "`serve --union-default-graph` (other servers: docs/scaling.md)."
        )


def org_graph(path: Path) -> str:
    return vocab.ORG_GRAPH_BASE + quote(path.stem, safe="-._~")


def load_data_files(store: Store, files: list[Path]) -> list[str]:
    """Each file into its own named graph (ORG_GRAPH_BASE + file stem), replacing what it held."""
    graphs = []
    for path in files:
        fmt = DATA_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise InputError(
                f"{path}: organisation data must be Turtle (.ttl), N-Triples (.nt), RDF/XML (.rdf, .owl) "
                f"or JSON-LD (.jsonld), one graph per file."
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read organisation data ({exc.strerror}).") from None
        graph = org_graph(path)
        store.update(f"DROP SILENT GRAPH <{graph}>")
        try:
            store.load(data, fmt, graph=graph)
        except (StoreError, QueryError) as exc:
            raise InputError(f"{path}: {exc.detail}") from None
        graphs.append(graph)
    return graphs

"""`xwalk load`: push dist/ into a persistent store (a SPARQL server, or an on-disk Oxigraph store),
each named graph by the Graph Store Protocol, with the meta graph holding the build's content hash."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from xwalk.cli import settings_from, shown
    from xwalk.errors import InputError
    from xwalk.store.dist import content_hash, load_dist
    from xwalk.store.factory import check_union_default, is_remote, open_store

    settings = settings_from(args)
    if settings.store == "memory":
        raise InputError(
            "`xwalk load` fills a store that outlives the command: give --store http://host:port (a SPARQL server, "
            "e.g. `oxigraph serve --union-default-graph`) or --store DIR (an on-disk store), or set XWALK_STORE."
        )
    store = open_store(settings, load=False)
    try:
        manifest = load_dist(store, settings.dist_dir)
        graphs = store.graphs()
        triples = sum(int(n) for n in manifest.get("graphs", {}).values())
        trig = settings.dist_dir / "xwalk.trig"
        print(f"loaded {shown(trig)} into {settings.store}: {triples} triples in {len(graphs)} graphs")
        print(f"content hash {content_hash(store)}")
        if is_remote(settings.store):
            check_union_default(store)
        if not args.no_optimize:
            print(f"optimize: {store.optimize()}")
    finally:
        store.close()
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "load",
        help="push dist/ to the store named by --store / XWALK_STORE (a SPARQL server URL or a directory)",
        description="Replace the store's content with dist/: one Graph Store Protocol PUT per named graph, "
        "then the meta graph with the content hash, then the server's optimize step if it has one.",
    )
    p.add_argument("--no-optimize", action="store_true", help="skip the optimize step after loading")
    p.set_defaults(func=run)

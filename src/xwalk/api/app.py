"""The application factory: nothing is built at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from xwalk import __version__
from xwalk.api import openapi, problems
from xwalk.api.answers import Answers, CachedGets
from xwalk.api.limits import BodyLimits
from xwalk.api.methods import HeadAsGet
from xwalk.api.routes import (
    analysis,
    classify,
    export,
    frameworks,
    home,
    mappings,
    meta,
    obligations,
    pages,
    provisions,
    schemas,
    search,
    sparql,
    validate,
)
from xwalk.api.routes import queries as named_queries
from xwalk.api.sparql_fast import SparqlQueries
from xwalk.api.untrusted import RdfParser
from xwalk.config import Settings
from xwalk.engine.context import Graph
from xwalk.store.base import Store
from xwalk.store.factory import open_store
from xwalk.store.oxigraph import OxigraphStore


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """Build the app for these settings; `store` overrides the one the settings name (tests)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.graph.store.close()  # ends the embedded store's query workers
        app.state.rdf_parser.close()

    app = FastAPI(
        title="xwalk",
        version=__version__,
        description="Regulatory crosswalks as a knowledge graph: coverage, gaps, SPARQL.",
        lifespan=lifespan,
        docs_url=None,  # served offline by routes/home.py
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.graph = Graph(
        store if store is not None else open_store(settings), settings.queries_dir, scratch=OxigraphStore
    )
    problems.install(app)
    openapi.install(app)
    app.state.rdf_parser = RdfParser(settings.worker_memory_mb * 2**20 if settings.worker_memory_mb else None)
    app.state.answers = Answers(settings.answer_cache_mb * 2**20)
    # innermost: GET /sparql?query= (a repeated query answered from app.state.answers, api/answers.py)
    app.add_middleware(SparqlQueries, graph=app.state.graph, settings=settings, answers=app.state.answers)
    if settings.answer_cache_mb:
        app.add_middleware(CachedGets, graph=app.state.graph, answers=app.state.answers)  # inside the body limits
    app.add_middleware(
        BodyLimits,
        limits={
            "/sparql": (settings.max_query_bytes, "SPARQL request"),
            "/api/v1/gap-analysis": (settings.max_profile_bytes, "profile"),
            "/api/v1/export": (settings.max_profile_bytes, "profile"),
            "/api/v1/classify": (settings.max_profile_bytes, "profile"),
            "/api/v1/validate": (settings.max_profile_bytes, "profile"),
        },
        default=settings.max_query_bytes,
        deadline_s=settings.body_timeout_s,
    )
    app.add_middleware(HeadAsGet)
    app.include_router(meta.health_router)
    app.include_router(meta.router, prefix="/api/v1")
    app.include_router(frameworks.router, prefix="/api/v1")
    app.include_router(provisions.router, prefix="/api/v1")
    app.include_router(obligations.router, prefix="/api/v1")
    app.include_router(mappings.router, prefix="/api/v1")
    app.include_router(analysis.router, prefix="/api/v1")
    app.include_router(search.router, prefix="/api/v1")
    app.include_router(export.router, prefix="/api/v1")
    app.include_router(schemas.router, prefix="/api/v1")
    app.include_router(classify.router, prefix="/api/v1")
    app.include_router(validate.router, prefix="/api/v1")
    app.include_router(named_queries.router, prefix="/api/v1")
    app.include_router(sparql.router)
    app.include_router(pages.router)
    app.include_router(home.router)
    home.install_docs(app)
    return app

"""Request dependencies: the engine's graph and the settings, from app.state."""

from __future__ import annotations

from fastapi import Request

from xwalk.config import Settings
from xwalk.engine.context import Graph


def get_graph(request: Request) -> Graph:
    graph: Graph = request.app.state.graph
    return graph


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings

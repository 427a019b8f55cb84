"""Which writer a format name means, for `xwalk export` and GET /api/v1/export alike.

The export layer may not call the engine (docs/architecture.md §3), so the caller hands in how to make the
scope's graph and its coverage table; only the one the format needs is made, after the format checks out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from xwalk.errors import InputError
from xwalk.export.graph_formats import GRAPH_FORMATS, graph_format
from xwalk.export.matrix_formats import MATRIX_FORMATS, write_matrix_csv, write_matrix_xlsx

EXPORT_FORMATS = (*GRAPH_FORMATS, *MATRIX_FORMATS)
Table = tuple[list[str], list[list[str]]]


@dataclass(frozen=True)
class Exported:
    data: bytes
    media_type: str
    suffix: str


def check_format(name: str, *, gaps: bool) -> None:
    if name in MATRIX_FORMATS:
        return
    if name not in GRAPH_FORMATS:
        raise InputError(f"unknown export format {name!r}; formats: {', '.join(EXPORT_FORMATS)}.")
    graph_format(name, gaps=gaps)


def export(
    name: str,
    *,
    gaps: bool,
    title: str,
    make_graph: Callable[[], nx.MultiDiGraph],
    make_table: Callable[[], Table],
) -> Exported:
    check_format(name, gaps=gaps)
    if name in MATRIX_FORMATS:
        media, suffix = MATRIX_FORMATS[name]
        header, rows = make_table()
        data = write_matrix_csv(header, rows) if name == "csv" else write_matrix_xlsx(header, rows, title)
        return Exported(data, media, suffix)
    fmt = graph_format(name, gaps=gaps)
    return Exported(fmt.write(make_graph()), fmt.media_type, fmt.suffix)

"""Which serialisation a SPARQL answer gets: the `format` parameter if given, else the Accept header
(q-values, wildcards and ties by api/media.choose), per query form.

The tables map every media type a client may ask for to one of the store's format names; aliases
(application/json, application/xml, text/plain...) are answered with the type the client named.
"""

from __future__ import annotations

from dataclasses import dataclass

from xwalk.api.media import choose
from xwalk.errors import InputError

HTML = "text/html"

# Offered media types, the preferred (default) first, mapped to a store format name.
RESULTS: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPHS: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "text/plain": "ntriples",
    "application/json": "jsonld",
    "application/xml": "rdfxml",
}
# Canonical media type of each format, for answers chosen by wildcard or by the `format` parameter.
MEDIA: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
# `format=` values: short names, with json/xml read by query form (graph forms get JSON-LD, RDF/XML).
FORMAT_NAMES: dict[str, tuple[str, str]] = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", ""),
    "tsv": ("tsv", ""),
    "turtle": ("", "turtle"),
    "ttl": ("", "turtle"),
    "ntriples": ("", "ntriples"),
    "nt": ("", "ntriples"),
    "jsonld": ("", "jsonld"),
    "json-ld": ("", "jsonld"),
    "rdfxml": ("", "rdfxml"),
    "rdf": ("", "rdfxml"),
    # names SPARQLWrapper sends as `format` (N3 is a superset of Turtle, so Turtle answers it)
    "rdf+xml": ("", "rdfxml"),
    "n3": ("", "turtle"),
}
TEXTUAL = ("text/csv", "text/tab-separated-values", "text/turtle", "text/plain", "text/xml")


@dataclass(frozen=True)
class Choice:
    format: str  # a store format name, or "html" for the query page
    media: str  # the Content-Type to answer with


def is_graph_form(form: str | None) -> bool:
    return form in ("CONSTRUCT", "DESCRIBE")


def _with_charset(media: str) -> str:
    return f"{media}; charset=utf-8" if media in TEXTUAL else media


def by_format(graph: bool, fmt: str) -> str:
    """The store format a `format=` value names for this kind of result, or "" when it names none."""
    key = fmt.strip().lower()
    by_name = FORMAT_NAMES.get(key)
    table = GRAPHS if graph else RESULTS
    return by_name[1 if graph else 0] if by_name else table.get(key.split(";")[0].strip(), "")


def negotiate(form: str | None, formats: list[str], accept: str | None, *, html: bool = False) -> Choice:
    """The answer's format for a query of this form; `html` offers the query page too."""
    graph = is_graph_form(form)
    table = GRAPHS if graph else RESULTS
    if formats:
        for fmt in formats:
            if name := by_format(graph, fmt):
                return Choice(name, MEDIA[name])
        kinds = "CONSTRUCT/DESCRIBE" if graph else "SELECT/ASK"
        choices = sorted(set(table.values()))
        raise InputError(f"format={formats[0]!r} does not apply to {kinds} results; use one of {', '.join(choices)}.")
    offered = [*table, HTML] if html else list(table)
    media = choose(accept, offered)
    if media == HTML:
        return Choice("html", "text/html; charset=utf-8")
    return Choice(table[media], _with_charset(media))


def negotiate_description(accept: str | None, formats: list[str]) -> Choice:
    """The service description (an RDF graph) or, for a browser, the query page."""
    if formats:
        return negotiate("CONSTRUCT", formats, None)
    media = choose(accept, [*list(GRAPHS)[:4], HTML])
    if media == HTML:
        return Choice("html", "text/html; charset=utf-8")
    return Choice(GRAPHS[media], _with_charset(media))

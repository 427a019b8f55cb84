"""Writing mapping sets as SSSOM TSV: the header with its extension definitions, and the rows."""

from __future__ import annotations

import csv
import io
from typing import Any

import yaml

from xwalk import vocab
from xwalk.build.sssom import CITATION_KEY, COLUMNS, EXTENSIONS, LINKML, SKOS_CURIE
from xwalk.model.mapping import Mapping, MappingSet
from xwalk.model.relation import Relation


def header_meta(ms: MappingSet) -> dict[str, Any]:
    """The set's SSSOM header as a dict, in a fixed order (also used by the interchange writers)."""
    meta: dict[str, Any] = {
        "mapping_set_id": vocab.mapping_set_iri(ms.id),
        "mapping_set_title": ms.title,
    }
    if ms.description:
        meta["mapping_set_description"] = ms.description
    if ms.licence:  # an import from a format without one leaves it for `xwalk check` to ask for
        meta["license"] = ms.licence
    if ms.creators:
        meta["creator_id"] = list(ms.creators)
    meta["subject_source"] = vocab.framework_iri(ms.subject_framework)
    meta["object_source"] = vocab.framework_iri(ms.object_framework)
    if ms.mapping_date:
        meta["mapping_date"] = ms.mapping_date
    if ms.mirror_of:
        meta["mirror_of"] = ms.mirror_of
    if ms.citation_as_published:
        meta[CITATION_KEY] = True
    prefixes = sorted({vocab.FRAMEWORK_PREFIXES[ms.subject_framework], vocab.FRAMEWORK_PREFIXES[ms.object_framework]})
    meta["curie_map"] = {p: vocab.PREFIXES[p] for p in prefixes} | {
        "linkml": LINKML,
        "semapv": vocab.SEMAPV,
        "skos": vocab.SKOS,
        "xw": vocab.XW,
    }
    meta["extension_definitions"] = [
        {"slot_name": name, "property": prop, "type_hint": hint} for name, (prop, hint) in EXTENSIONS.items()
    ]
    return meta


def mapping_row(m: Mapping) -> list[str]:
    """One mapping as the cells of COLUMNS."""
    return [
        m.subject.curie,
        m.subject_label or "",
        SKOS_CURIE[m.relation],
        "Not" if m.relation is Relation.NO_RELATIONSHIP else "",
        m.object.curie,
        m.object_label or "",
        m.justification,
        "" if m.confidence is None else f"{m.confidence:g}",
        m.relation.value,
        str(m.strength),
        m.rationale,
        m.status,
        m.author or "",
        m.reviewer or "",
        m.review_date.isoformat() if m.review_date else "",
        m.source,
        m.comment or "",
    ]


def write_mapping_set(ms: MappingSet) -> str:
    """Serialise a mapping set as SSSOM TSV (stable order, the project's columns). Cited titles are
    written as they are: filling them from the catalog would change the data on a round trip."""
    head = yaml.safe_dump(header_meta(ms), sort_keys=False, allow_unicode=True, width=1000)
    out = io.StringIO()
    for line in head.splitlines():
        out.write(f"#{line}\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for m in ms.mappings:
        writer.writerow(mapping_row(m))
    return out.getvalue()

"""Writing mapping sets as SSSOM TSV: the header with its extension definitions, and the rows."""

from __future__ import annotations

import csv
import io
from typing import Any

import yaml

from xwalk import vocab
from xwalk.build.sssom import (
    AGENT_PREFIXES,
    CITATION_KEY,
    COLUMNS,
    EXTENSIONS,
    LINKML,
    SET_EXTENSIONS,
    SKOS_CURIE,
    SSSOM_VERSION,
    compress_ref,
)
from xwalk.build.sssom_rows import Baseline
from xwalk.errors import Problem
from xwalk.model.mapping import Mapping, MappingSet
from xwalk.model.relation import Relation


def _agents(ms: MappingSet) -> list[str]:
    agents = set(ms.creators)
    for m in ms.mappings:
        agents.update(a for a in (m.author, m.reviewer) if a)
    return sorted(agents)


def agent_prefixes(ms: MappingSet) -> dict[str, str]:
    """The agent prefixes the set's creators, authors and reviewers need, plus fw: for the sources."""
    used = {"fw"}
    for iri in _agents(ms):
        curie = compress_ref(iri, AGENT_PREFIXES)
        if curie != iri:
            used.add(curie.partition(":")[0])
    return {p: AGENT_PREFIXES[p] for p in sorted(used)}


def header_meta(ms: MappingSet) -> dict[str, Any]:
    """The set's SSSOM header as a dict, in a fixed order (also used by the interchange writers).
    Entity references (creators, sources) are CURIEs, as SSSOM TSV requires; the curie_map holds
    every prefix the file uses and the extension slots are declared with their xw: property."""
    agents = agent_prefixes(ms)
    meta: dict[str, Any] = {
        "sssom_version": SSSOM_VERSION,
        "mapping_set_id": vocab.mapping_set_iri(ms.id),
        "mapping_set_title": ms.title,
    }
    if ms.description:
        meta["mapping_set_description"] = ms.description
    if ms.citation_as_published:
        meta[CITATION_KEY] = True
    if ms.licence:  # an import from a format without one leaves it for `xwalk check` to ask for
        meta["license"] = ms.licence
    if ms.creators:
        meta["creator_id"] = [compress_ref(c, agents) for c in ms.creators]
    meta["subject_source"] = compress_ref(vocab.framework_iri(ms.subject_framework), agents)
    meta["object_source"] = compress_ref(vocab.framework_iri(ms.object_framework), agents)
    if ms.mapping_date:
        meta["mapping_date"] = ms.mapping_date
    if ms.mirror_of:
        meta["mirror_of"] = ms.mirror_of
    prefixes = sorted({vocab.FRAMEWORK_PREFIXES[ms.subject_framework], vocab.FRAMEWORK_PREFIXES[ms.object_framework]})
    meta["curie_map"] = (
        {p: vocab.PREFIXES[p] for p in prefixes}
        | agents
        | {
            "linkml": LINKML,
            "semapv": vocab.SEMAPV,
            "skos": vocab.SKOS,
            "xw": vocab.XW,
        }
    )
    slots = dict(EXTENSIONS)
    if ms.mirror_of:
        slots["mirror_of"] = SET_EXTENSIONS["mirror_of"]
    if ms.citation_as_published:
        slots[CITATION_KEY] = SET_EXTENSIONS[CITATION_KEY]
    meta["extension_definitions"] = [
        {"slot_name": name, "property": prop, "type_hint": hint} for name, (prop, hint) in slots.items()
    ]
    return meta


def mapping_row(m: Mapping, agents: dict[str, str] | None = None) -> list[str]:
    """One mapping as the cells of COLUMNS; author and reviewer IRIs shortened with `agents`."""
    short = agents if agents is not None else AGENT_PREFIXES
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
        compress_ref(m.author, short) if m.author else "",
        compress_ref(m.reviewer, short) if m.reviewer else "",
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
    agents = agent_prefixes(ms)
    for m in ms.mappings:
        writer.writerow(mapping_row(m, agents))
    return out.getvalue()


def baseline_of(ms: MappingSet) -> Baseline:
    """A set's rows as (subject, object) -> (relation, predicate_id, predicate_modifier), as written."""
    out: Baseline = {}
    for m in ms.mappings:
        negated = "Not" if m.relation is Relation.NO_RELATIONSHIP else ""
        out.setdefault((m.subject.curie, m.object.curie), (m.relation.value, SKOS_CURIE[m.relation], negated))
    return out


def canonical_text(text: str, file_name: str) -> str:
    """A mapping set's TSV rewritten in the writer's form (header, prefixes, CURIEs), rows unchanged.

    Used by scripts/sssom_headers.py on the curated sets and by the generators that write them, so
    a hand-edited or generated file and the writer agree byte for byte."""
    from xwalk.build.sssom import read_mapping_text
    from xwalk.errors import SourceErrors

    problems: list[Problem] = []
    ms = read_mapping_text(text, file_name, file_name, None, problems)
    if problems or ms is None:
        raise SourceErrors(problems)
    return write_mapping_set(ms)

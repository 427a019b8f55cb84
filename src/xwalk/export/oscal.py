"""OSCAL control mapping model (OSCAL 1.2 `mapping-collection`) JSON, in and out.

Out: one `mappings` entry per set (source-resource and target-resource are the framework IRIs),
one `map` per mapping with `relationship` (equal -> equal-to), `matching-rationale`, one source
and one target control (`id-ref` is the local id), `confidence-score.percentage` and `remarks`.
OSCAL has no field for strength, review status, source document, author, reviewer, review date,
justification or cited titles: they travel as `props` in the project's namespace, which OSCAL
allows and OSCAL tools that do not know them skip. UUIDs are uuid5 of our IRIs, so re-exports
are identical. In: equal-to and equivalent-to both read as equal; a map with several sources or
targets becomes one mapping per pair (a note says so).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from xwalk import vocab
from xwalk.errors import Problem
from xwalk.export.base import (
    SEMAPV_MANUAL,
    XW_NS,
    Imported,
    ImportOptions,
    Written,
    date_of,
    framework_from,
    mapping_iri,
    split_whole,
    stable_uuid,
)
from xwalk.export.idforms import framework_of_href, known_forms, resolve_in_catalog
from xwalk.model.catalog import Catalogs
from xwalk.model.mapping import Mapping, MappingSet
from xwalk.model.relation import Relation

OSCAL_VERSION = "1.2.0"
TO_OSCAL = {
    Relation.EQUAL: "equal-to",
    Relation.SUBSET_OF: "subset-of",
    Relation.SUPERSET_OF: "superset-of",
    Relation.INTERSECTS_WITH: "intersects-with",
    Relation.NO_RELATIONSHIP: "no-relationship",
}
FROM_OSCAL = {v: k for k, v in TO_OSCAL.items()} | {"equivalent-to": Relation.EQUAL}
MAP_PROPS = (
    "strength",
    "status",
    "source",
    "justification",
    "author",
    "reviewer",
    "review-date",
    "subject-label",
    "object-label",
)
LOSSES = (
    "OSCAL has no fields for strength, review status, source document, author, reviewer, review date, mapping "
    f"justification or cited titles: each map carries them as props in namespace {XW_NS}, which OSCAL tools "
    "that do not know it ignore.",
    f"the licence, creators, mirror pair and mapping set id travel as metadata props in namespace {XW_NS}.",
    "equal is written equal-to (OSCAL's equivalent-to is not used: it reads back as equal).",
)


def _prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": XW_NS, "value": value}


def write_oscal(ms: MappingSet, catalogs: Catalogs) -> Written:
    set_iri = vocab.mapping_set_iri(ms.id)
    meta_props = [_prop("mapping-set-id", set_iri)]
    if ms.licence:
        meta_props.append(_prop("license", ms.licence))
    meta_props += [_prop("creator", c) for c in ms.creators]
    if ms.mirror_of:
        meta_props.append(_prop("mirror-of", ms.mirror_of))
    if ms.citation_as_published:
        meta_props.append(_prop("citation-as-published", "true"))
    rows, whole = split_whole(ms, "OSCAL")
    rationales = sorted({m.rationale for m in ms.mappings}) or ["semantic"]
    statuses = {m.status for m in ms.mappings}
    maps = []
    for m in rows:
        values = {
            "strength": str(m.strength),
            "status": m.status,
            "source": m.source,
            "justification": m.justification,
            "author": m.author or "",
            "reviewer": m.reviewer or "",
            "review-date": m.review_date.isoformat() if m.review_date else "",
            "subject-label": m.subject_label or "",
            "object-label": m.object_label or "",
        }
        entry: dict[str, Any] = {
            "uuid": stable_uuid(mapping_iri(ms, m)),
            "matching-rationale": m.rationale,
            "relationship": TO_OSCAL[m.relation],
            "sources": [{"type": "control", "id-ref": m.subject.local}],
            "targets": [{"type": "control", "id-ref": m.object.local}],
        }
        if m.confidence is not None:
            entry["confidence-score"] = {"percentage": m.confidence}
        entry["props"] = [_prop(k, v) for k, v in values.items() if v]
        if m.comment:
            entry["remarks"] = m.comment
        maps.append(entry)
    doc = {
        "mapping-collection": {
            "uuid": stable_uuid(set_iri),
            "metadata": {
                "title": ms.title,
                "last-modified": f"{(ms.mapping_date.isoformat() if ms.mapping_date else '1970-01-01')}T00:00:00Z",
                "version": ms.mapping_date.isoformat() if ms.mapping_date else "1",
                "oscal-version": OSCAL_VERSION,
                "props": meta_props,
                "remarks": "Loss report: " + " ".join((*LOSSES, *whole)),
            },
            "provenance": {
                "method": "human" if all(m.justification == SEMAPV_MANUAL for m in ms.mappings) else "automation",
                "matching-rationale": rationales[0] if len(rationales) == 1 else "semantic",
                "status": "complete" if statuses == {"approved"} else "draft",
                "mapping-description": ms.description or ms.title,
            },
            "mappings": [
                {
                    "uuid": stable_uuid(set_iri + "#mapping"),
                    "source-resource": {"type": "catalog", "href": vocab.framework_iri(ms.subject_framework)},
                    "target-resource": {"type": "catalog", "href": vocab.framework_iri(ms.object_framework)},
                    "maps": maps,
                }
            ],
        }
    }
    return Written((json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode(), (*LOSSES, *whole))


def _props(node: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in node.get("props") or []:
        if isinstance(p, dict) and p.get("ns") == XW_NS:
            out.setdefault(str(p.get("name")), []).append(str(p.get("value")))
    return out


def read_oscal(path: Path, catalogs: Catalogs, options: ImportOptions) -> Imported:
    name = str(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        coll = doc["mapping-collection"]
        meta = coll.get("metadata") or {}
    except (ValueError, KeyError, TypeError) as exc:
        return Imported(
            None,
            [
                Problem(
                    name,
                    1,
                    "oscal-shape",
                    f"not an OSCAL mapping-collection: {exc}.",
                    "export a mapping-collection JSON document.",
                )
            ],
        )
    mp = _props(meta)
    set_iri = (mp.get("mapping-set-id") or [""])[0]
    set_id = set_iri[len(vocab.MAPPINGS) :] if set_iri.startswith(vocab.MAPPINGS) else (options.set_id or path.stem)
    problems: list[Problem] = []
    notes: list[str] = []
    mappings: list[Mapping] = []
    subj_fw = obj_fw = None
    default_rationale = str((coll.get("provenance") or {}).get("matching-rationale") or "semantic")
    places: list[str] = []  # JSON pointer of each mapping's map
    fanned = 0
    for b, block in enumerate(coll.get("mappings") or []):
        subj_fw = _resource_framework(block.get("source-resource")) or options.subject_framework
        obj_fw = _resource_framework(block.get("target-resource")) or options.object_framework
        for i, entry in enumerate(block.get("maps") or [], start=1):
            pointer = f"/mapping-collection/mappings/{b}/maps/{i - 1}"
            relation = FROM_OSCAL.get(str(entry.get("relationship", "")))
            pp = _props(entry)
            sources, targets = entry.get("sources") or [], entry.get("targets") or []
            if relation is None:
                problems.append(
                    Problem(
                        name,
                        0,
                        "oscal-relationship",
                        f"map {i}: relationship {entry.get('relationship')!r} is not one of OSCAL's.",
                        f"use one of: {', '.join(FROM_OSCAL)}.",
                        at=pointer + "/relationship",
                    )
                )
                continue
            if len(sources) * len(targets) > 1:
                fanned += 1
            for src in sources:
                for t, tgt in enumerate(targets):
                    s = resolve_in_catalog(str(src.get("id-ref", "")), subj_fw, catalogs)
                    o = resolve_in_catalog(str(tgt.get("id-ref", "")), obj_fw, catalogs)
                    for pid, ref, fw, where in (
                        (s, src.get("id-ref"), subj_fw, f"{pointer}/sources/{sources.index(src)}"),
                        (o, tgt.get("id-ref"), obj_fw, f"{pointer}/targets/{t}"),
                    ):
                        if pid is None:
                            problems.append(
                                Problem(
                                    name,
                                    0,
                                    "oscal-id-ref",
                                    f"id-ref {ref!r} is no provision of {fw or 'a framework of the project'}"
                                    f" in a form xwalk knows ({known_forms(fw or '')}).",
                                    "give --subject-framework/--object-framework, or map it by hand.",
                                    at=where + "/id-ref",
                                )
                            )
                    if s is None or o is None:
                        continue
                    places.append(pointer)

                    def one(key: str, pp: dict[str, list[str]] = pp) -> str | None:
                        values = pp.get(key)
                        return values[0] if values else None

                    strength = one("strength")
                    conf = (entry.get("confidence-score") or {}).get("percentage")
                    mappings.append(
                        Mapping(
                            set_id=set_id,
                            subject=s,
                            object=o,
                            relation=relation,
                            strength=int(strength) if strength else options.default_strength,
                            rationale=str(entry.get("matching-rationale") or default_rationale),
                            status=one("status") or options.status,
                            source=one("source") or options.source or "",
                            justification=one("justification") or SEMAPV_MANUAL,
                            line=i,
                            confidence=float(conf) if conf is not None else None,
                            subject_label=one("subject-label"),
                            object_label=one("object-label"),
                            author=one("author"),
                            reviewer=one("reviewer"),
                            review_date=date_of(one("review-date")),
                            comment=entry.get("remarks"),
                        )
                    )
    if subj_fw is None or obj_fw is None:
        return Imported(
            None,
            [
                *problems,
                Problem(
                    name,
                    1,
                    "oscal-resource",
                    "source-resource/target-resource href is not a framework of the project.",
                    "give --subject-framework and --object-framework.",
                ),
            ],
        )
    if fanned:
        notes.append(f"{fanned} map(s) have several sources or targets: one mapping per (source, target) pair.")
    description = (coll.get("provenance") or {}).get("mapping-description")
    ms = MappingSet(
        id=set_id,
        title=str(meta.get("title") or options.title or set_id),
        licence=(mp.get("license") or [options.licence])[0],
        creators=tuple(mp.get("creator") or options.creators),
        subject_framework=subj_fw,
        object_framework=obj_fw,
        file=name,
        mapping_date=date_of(meta.get("version")),  # the writer puts the mapping date there
        description=description if description != meta.get("title") else None,
        mirror_of=next(iter(mp.get("mirror-of") or []), None),
        mappings=tuple(mappings),
        citation_as_published=(mp.get("citation-as-published") or [""])[0] == "true",
    )
    return Imported(ms, problems, notes, locate=lambda k, column: (0, places[k]))


def _resource_framework(resource: object) -> str | None:
    href = str((resource or {}).get("href") or "") if isinstance(resource, dict) else ""
    return framework_from(href) or framework_of_href(href)

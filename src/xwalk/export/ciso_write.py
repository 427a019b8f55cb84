"""CISO Assistant mapping libraries, out: a library YAML as CISO Assistant's own
`backend/library/libraries/mapping-*.yaml` are (urn, locale, ref_id, name, description,
copyright, version, publication_date, provider, packager, dependencies on the two framework
libraries by their real URNs, `objects.requirement_mapping_sets` with source and target framework
URNs and `requirement_mappings` with relationship, strength_of_relationship, rationale, annotation).

Requirement node URNs are written as CISO Assistant's framework libraries name their nodes
(checked against ai-act.yaml, gdpr.yaml, iso27001-2013/2022.yaml, iso42001-2023.yaml,
nist-ai-rmf-1.0.yaml, nist-csf-2.0.yaml): ISO `a.5.1`, clauses as numbered; CSF `gv.oc-01`;
AI RMF `govern-1.1`; AI Act paragraphs `15.1`, points `10.2.a`; GDPR articles `article-5`,
paragraphs `5.1`. AI Act articles, and annexes, have no such name there (their nodes are
numbered `node<n>`): those rows are left out and listed in the loss report.
"""

from __future__ import annotations

import re

import yaml

from xwalk.export.base import Written
from xwalk.model.catalog import Catalogs
from xwalk.model.ids import ProvisionId
from xwalk.model.mapping import MappingSet
from xwalk.model.relation import Relation

# our framework id -> CISO Assistant's framework key (library urn:intuitem:risk:library:<key>)
CISO_KEYS = {
    "iso-iec-27001-2022": "iso27001-2022",
    "iso-iec-27001-2013": "iso27001-2013",
    "iso-iec-42001-2023": "iso42001-2023",
    "nist-csf-2.0": "nist-csf-2.0",
    "nist-ai-rmf-1.0": "nist-ai-rmf-1.0",
    "eu-ai-act": "ai-act",
    "gdpr": "gdpr",
}
TO_CISO = {
    Relation.EQUAL: "equal",
    Relation.SUBSET_OF: "subset",
    Relation.SUPERSET_OF: "superset",
    Relation.INTERSECTS_WITH: "intersect",
    Relation.NO_RELATIONSHIP: "not_related",
}
EU_PARAGRAPH = re.compile(r"^art-(\d+)-(\d+)((?:-[a-z]+)*)$")
GDPR_ARTICLE = re.compile(r"^art-(\d+)$")


def node_ref(pid: ProvisionId) -> str | None:
    """The ref CISO Assistant's framework library gives this provision's node, or None if it has none."""
    local = pid.local
    if pid.whole:  # a whole framework is a library, not a node
        return None
    if pid.framework.startswith("iso-iec-"):
        return local.lower()
    if pid.framework in ("nist-csf-2.0", "nist-ai-rmf-1.0"):
        return local.lower()
    if pid.framework in ("eu-ai-act", "gdpr"):
        m = EU_PARAGRAPH.match(local)
        if m:
            return ".".join([m.group(1), m.group(2), *[p for p in m.group(3).split("-") if p]])
        m = GDPR_ARTICLE.match(local)
        if m and pid.framework == "gdpr":
            return f"article-{m.group(1)}"
    return None


def node_urn(pid: ProvisionId) -> str | None:
    ref = node_ref(pid)
    return f"urn:intuitem:risk:req_node:{CISO_KEYS[pid.framework]}:{ref}" if ref is not None else None


def write_ciso(ms: MappingSet, catalogs: Catalogs) -> Written:
    src, tgt = CISO_KEYS.get(ms.subject_framework), CISO_KEYS.get(ms.object_framework)
    if src is None or tgt is None:
        raise ValueError(f"CISO Assistant has no framework library for {ms.subject_framework} or {ms.object_framework}")
    ref_id = f"mapping-{ms.id}"
    rows = []
    left_out = []
    for m in ms.mappings:
        s, o = node_urn(m.subject), node_urn(m.object)
        if s is None or o is None:
            left_out.append(f"{m.subject} -> {m.object}")
            continue
        row: dict[str, object] = {
            "source_requirement_urn": s,
            "target_requirement_urn": o,
            "relationship": TO_CISO[m.relation],
            "rationale": m.rationale,
            "strength_of_relationship": m.strength,
        }
        if m.comment:
            row["annotation"] = m.comment
        rows.append(row)
    description = ms.description or ms.title
    doc = {
        "urn": f"urn:intuitem:risk:library:{ref_id}",
        "locale": "en",
        "ref_id": ref_id,
        "name": ms.title,
        "description": description,
        "copyright": f"xwalk mapping set {ms.id}, licence {ms.licence or 'not given'}",
        "version": 1,
        "publication_date": ms.mapping_date.isoformat() if ms.mapping_date else None,
        "provider": "xwalk",
        "packager": "xwalk",
        "dependencies": [f"urn:intuitem:risk:library:{src}", f"urn:intuitem:risk:library:{tgt}"],
        "objects": {
            "requirement_mapping_sets": [
                {
                    "urn": f"urn:intuitem:risk:req_mapping_set:{ref_id}",
                    "ref_id": ref_id,
                    "name": ms.title,
                    "description": description,
                    "source_framework_urn": f"urn:intuitem:risk:framework:{src}",
                    "target_framework_urn": f"urn:intuitem:risk:framework:{tgt}",
                    "requirement_mappings": rows,
                }
            ]
        },
    }
    if doc["publication_date"] is None:
        del doc["publication_date"]
    losses = [
        "CISO Assistant mappings carry no review status, source document, confidence, author, reviewer, review "
        "date, justification or cited titles; the set's licence and creators go into `copyright` as text.",
    ]
    if left_out:
        losses.append(
            f"{len(left_out)} mapping(s) left out, their provisions have no node name in CISO Assistant's "
            f"framework library (AI Act articles and annexes are numbered node<n> there): "
            + ", ".join(left_out[:10])
            + (" ..." if len(left_out) > 10 else "")
        )
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000)
    return Written(text.encode(), tuple(losses))

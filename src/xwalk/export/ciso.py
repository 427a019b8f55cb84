"""CISO Assistant mapping libraries (YAML `objects.requirement_mapping_sets`, or the older singular
`objects.requirement_mapping_set`), in; out is ciso_write.py.

Each requirement mapping names a source and a target requirement node by URN, e.g.
`urn:intuitem:risk:req_node:iso27001-2022:a.5.1`, with `relationship` (subset, intersect,
equal, superset, not_related), `rationale`, `strength_of_relationship` and `annotation`.
The URN's framework key picks one of our frameworks and a resolver turns the node's ref into
our local id; the result must exist in the catalog, otherwise the row is reported with its line
and the closest identifiers, and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xwalk.build.sssom import suggest
from xwalk.build.yamlsrc import LineDict, line_of, load_yaml
from xwalk.errors import Problem, SourceError
from xwalk.export.base import SEMAPV_MANUAL, Imported, ImportOptions
from xwalk.model.catalog import Catalogs
from xwalk.model.ids import ProvisionId
from xwalk.model.mapping import RATIONALES, Mapping, MappingSet
from xwalk.model.relation import Relation

NODE = re.compile(r"^urn:intuitem:risk:req_node:(?P<fw>[^:]+):(?P<ref>.+)$")
FRAMEWORK = re.compile(r"^urn:intuitem:risk:framework:(?P<fw>.+)$")
RELATIONSHIPS = {
    "equal": Relation.EQUAL,
    "subset": Relation.SUBSET_OF,
    "superset": Relation.SUPERSET_OF,
    "intersect": Relation.INTERSECTS_WITH,
    "not_related": Relation.NO_RELATIONSHIP,
}


def _iso(ref: str) -> list[str]:
    # a.5.1 -> A.5.1; clauses stay as numbered
    return [ref[0].upper() + ref[1:]] if ref[:2].lower() == "a." else [ref]


def _upper(ref: str) -> list[str]:
    return [ref.upper(), ref.upper().replace(" ", "-")]


def _eu_law(ref: str) -> list[str]:
    # paragraph nodes carry "20.1", points "22.3.a"; some libraries write "art9" or "article-9"
    ref = re.sub(r"^(art(icle)?[-_ ]?)", "", ref.lower())
    parts = [p for p in re.split(r"[.()\-_ ]+", ref) if p]
    return ["art-" + "-".join(parts)] if parts else []


# CISO Assistant framework key -> (our framework id, ref -> candidate local ids)
RESOLVERS: dict[str, tuple[str, Callable[[str], list[str]]]] = {
    "iso27001-2022": ("iso-iec-27001-2022", _iso),
    "iso27001-2013": ("iso-iec-27001-2013", _iso),
    "iso42001-2023": ("iso-iec-42001-2023", _iso),
    "iso42001": ("iso-iec-42001-2023", _iso),
    "nist-csf-2.0": ("nist-csf-2.0", _upper),
    "nist-ai-rmf-1.0": ("nist-ai-rmf-1.0", _upper),
    "nist-ai-rmf": ("nist-ai-rmf-1.0", _upper),
    "ai-act": ("eu-ai-act", _eu_law),
    "gdpr": ("gdpr", _eu_law),
}


def resolve_urn(urn: str, catalogs: Catalogs) -> tuple[ProvisionId | None, str]:
    """Our identifier for a CISO Assistant requirement node URN, or None and why not."""
    m = NODE.match(urn.strip().lower())
    if m is None:
        return (
            None,
            f"{urn!r} is not a CISO Assistant requirement node URN (urn:intuitem:risk:req_node:<framework>:<ref>)",
        )
    key, ref = m.group("fw"), urn.strip()[len(urn.strip()) - len(m.group("ref")) :]
    if key not in RESOLVERS:
        return None, f"framework {key!r} of {urn} is not one the project holds (known: {', '.join(sorted(RESOLVERS))})"
    framework, candidates = RESOLVERS[key]
    tried = candidates(ref)
    for local in tried:
        if catalogs.provision(framework, local) is not None:
            return ProvisionId(framework, local), ""
    near = suggest(catalogs, ProvisionId(framework, tried[0] if tried else ref))
    hint = f" Closest: {', '.join(near)}." if near else ""
    return None, f"{urn} resolves to no provision of {framework} (tried {', '.join(tried) or 'nothing'}).{hint}"


def _framework_key(urn: object) -> str | None:
    m = FRAMEWORK.match(str(urn or "").strip().lower())
    return RESOLVERS.get(m.group("fw"), (None, None))[0] if m else None


def read_ciso(path: Path, catalogs: Catalogs, options: ImportOptions) -> Imported:
    name = str(path)
    try:
        doc = load_yaml(path, name)
    except SourceError as exc:
        return Imported(None, exc.problems)
    objects = doc.get("objects") if isinstance(doc, dict) else None
    sets: Any = None
    if isinstance(objects, dict):
        # CISO Assistant's loader takes both: the plural list, and the older singular mapping
        sets = objects.get("requirement_mapping_sets")
        if sets is None and isinstance(objects.get("requirement_mapping_set"), dict):
            sets = [objects["requirement_mapping_set"]]
    if not isinstance(sets, list) or not sets:
        return Imported(
            None,
            [
                Problem(
                    name,
                    1,
                    "ciso-shape",
                    "no objects.requirement_mapping_sets (or requirement_mapping_set) in this file.",
                    "give a CISO Assistant mapping library.",
                )
            ],
        )
    chosen = [
        s
        for s in sets
        if isinstance(s, dict) and (options.pick is None or options.pick in (s.get("ref_id"), s.get("urn")))
    ]
    if len(chosen) != 1:
        refs = ", ".join(str(s.get("ref_id")) for s in sets if isinstance(s, dict))
        return Imported(
            None,
            [
                Problem(
                    name,
                    1,
                    "ciso-pick",
                    f"{len(chosen)} mapping sets match; this file has: {refs}.",
                    "choose one with --pick REF_ID.",
                )
            ],
        )
    rms = chosen[0]
    problems: list[Problem] = []
    notes: list[str] = []
    defaulted = {"strength": 0, "rationale": 0}
    mappings: list[Mapping] = []
    set_id = options.set_id or str(rms.get("ref_id") or path.stem)
    for row in rms.get("requirement_mappings") or []:
        line = line_of(row)
        if not isinstance(row, LineDict):
            continue
        ids = []
        for key in ("source_requirement_urn", "target_requirement_urn"):
            pid, why = resolve_urn(str(row.get(key) or ""), catalogs)
            if pid is None:
                problems.append(
                    Problem(name, line, "unresolved-urn", f"{key}: {why}", "map it by hand, or fix the URN.")
                )
            ids.append(pid)
        relation = RELATIONSHIPS.get(str(row.get("relationship") or "").strip().lower())
        if relation is None:
            problems.append(
                Problem(
                    name,
                    line,
                    "ciso-relationship",
                    f"relationship {row.get('relationship')!r} is not one of CISO Assistant's.",
                    f"use one of: {', '.join(RELATIONSHIPS)}.",
                )
            )
        s, o = ids
        if s is None or o is None or relation is None:
            continue
        strength = _strength(row)
        if strength is None:
            defaulted["strength"] += 1
            strength = 0 if relation is Relation.NO_RELATIONSHIP else options.default_strength
        rationale = str(row.get("rationale") or "").lower()
        if rationale not in RATIONALES:
            defaulted["rationale"] += 1
            rationale = "semantic"
        mappings.append(
            Mapping(
                set_id=set_id,
                subject=s,
                object=o,
                relation=relation,
                strength=strength,
                rationale=rationale,
                status=options.status,
                source=options.source or set_id,
                justification=SEMAPV_MANUAL,
                line=line,
                comment=str(row["annotation"]) if row.get("annotation") else None,
            )
        )
    if defaulted["strength"]:
        notes.append(
            f"{defaulted['strength']} row(s) had no strength_of_relationship: wrote {options.default_strength} "
            f"(0 on not_related), status {options.status}; review them."
        )
    if defaulted["rationale"]:
        notes.append(f"{defaulted['rationale']} row(s) had no rationale: wrote semantic; review them.")
    subj_fw = _framework_key(rms.get("source_framework_urn")) or options.subject_framework
    obj_fw = _framework_key(rms.get("target_framework_urn")) or options.object_framework
    if subj_fw is None or obj_fw is None:
        return Imported(
            None,
            [
                *problems,
                Problem(
                    name,
                    line_of(rms),
                    "ciso-framework",
                    "source_framework_urn or target_framework_urn names no framework of the project.",
                    "give --subject-framework and --object-framework.",
                ),
            ],
        )
    ms = MappingSet(
        id=set_id,
        title=str(rms.get("name") or options.title or set_id),
        licence=options.licence,
        creators=options.creators,
        subject_framework=subj_fw,
        object_framework=obj_fw,
        file=name,
        description=str(rms["description"]) if rms.get("description") else None,
        mappings=tuple(mappings),
    )
    return Imported(ms, problems, notes)


def _strength(row: dict[str, Any]) -> int | None:
    # older libraries spell it stregth_of_relationship
    for key in ("strength_of_relationship", "stregth_of_relationship", "strength"):
        value = row.get(key)
        if isinstance(value, int) and 0 <= value <= 10:
            return value
    return None

"""Read catalog, obligation and source YAML into the model, with file:line for every defect."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xwalk import vocab
from xwalk.build.yamlsrc import LineDict, Reader, line_of, load_yaml
from xwalk.errors import Problem, SourceError, SourceErrors
from xwalk.model.catalog import (
    KINDS,
    RISK_CLASSES,
    ROLES,
    ApplicationDate,
    Catalogs,
    Framework,
    Obligation,
    ObligationCatalog,
    Provision,
    SourceDocument,
)


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def read_framework(path: Path, root: Path, problems: list[Problem]) -> Framework | None:
    name = _display(path, root)
    data = load_yaml(path, name)
    r = Reader(name, problems)
    if not isinstance(data, LineDict):
        r.problem(
            1,
            "catalog-shape",
            "a catalog must be a YAML mapping with metadata and 'provisions'.",
            "start the file with 'id: <framework-id>' (see docs/formats.md).",
        )
        return None
    fw_id = r.text(data, "id", what="the framework")
    if fw_id is not None and fw_id not in vocab.FRAMEWORK_PREFIXES:
        r.problem(
            line_of(data),
            "unknown-framework",
            f"framework id {fw_id!r} is not one of the project's framework ids.",
            f"use one of: {', '.join(sorted(vocab.FRAMEWORK_PREFIXES))}.",
        )
        fw_id = None
    if fw_id is not None and path.stem != fw_id:
        r.problem(
            line_of(data),
            "file-name",
            f"the file is named {path.name} but declares id {fw_id!r}.",
            f"rename the file to {fw_id}.yaml.",
        )
    prefix = r.text(data, "prefix", what="the framework")
    if fw_id and prefix and vocab.FRAMEWORK_PREFIXES[fw_id] != prefix:
        r.problem(
            line_of(data),
            "wrong-prefix",
            f"framework {fw_id} must use prefix {vocab.FRAMEWORK_PREFIXES[fw_id]!r}, not {prefix!r}.",
            f"write 'prefix: {vocab.FRAMEWORK_PREFIXES[fw_id]}'.",
        )
    meta = {
        k: r.text(data, k, what="the framework")
        for k in ("title", "short_title", "issuer", "version", "url", "licence")
    }
    issued = r.date(data, "issued", what="the framework")
    provisions: list[Provision] = []
    seen: dict[str, int] = {}
    raw = data.get("provisions")
    if not isinstance(raw, list) or not raw:
        r.problem(
            line_of(data),
            "missing-provisions",
            "the catalog has no 'provisions' list.",
            "add 'provisions:' with the provision tree.",
        )
    elif fw_id is not None:
        _walk(raw, fw_id, None, r, provisions, seen)
    if fw_id is None or issued is None or any(v is None for v in meta.values()):
        return None
    return Framework(
        id=fw_id,
        prefix=vocab.FRAMEWORK_PREFIXES[fw_id],
        title=str(meta["title"]),
        short_title=str(meta["short_title"]),
        issuer=str(meta["issuer"]),
        version=str(meta["version"]),
        issued=issued,
        url=str(meta["url"]),
        licence=str(meta["licence"]),
        file=name,
        rights=r.text(data, "rights", required=False),
        text_version=r.text(data, "text_version", required=False),
        supersedes=r.text(data, "supersedes", required=False),
        provisions=tuple(provisions),
    )


def _walk(nodes: list[Any], fw: str, parent: str | None, r: Reader, out: list[Provision], seen: dict[str, int]) -> None:
    for node in nodes:
        if not isinstance(node, LineDict):
            r.problem(
                line_of(node),
                "provision-shape",
                "a provision must be a mapping with id, kind, title.",
                "write it as '- id: ...' with 'kind:' and 'title:' keys.",
            )
            continue
        local = r.text(node, "id", what="a provision")
        kind = r.text(node, "kind", what=f"provision {local}")
        title = r.text(node, "title", what=f"provision {local}")
        if local is None:
            continue
        if any(c.isspace() for c in local) or "/" in local or ":" in local:
            r.problem(
                node.line,
                "bad-id",
                f"provision id {local!r} has spaces, '/' or ':'.",
                "use the local id form of docs/architecture.md §4, e.g. art-15-1 or A.8.25.",
            )
        if local in seen:
            r.problem(
                node.line,
                "duplicate-id",
                f"provision id {local!r} is already used on line {seen[local]}.",
                "give each provision its own id.",
            )
            continue
        seen[local] = node.line
        if kind is not None and kind not in KINDS:
            r.problem(
                node.line, "unknown-kind", f"provision {local} has kind {kind!r}.", f"use one of: {', '.join(KINDS)}."
            )
            kind = None
        flags = node.get("flags") or []
        declared = node.get("exhaustive")
        if declared is not None and not isinstance(declared, bool):
            r.problem(
                node.line,
                "exhaustive-shape",
                f"'exhaustive' of {local} is {declared!r}, not true or false.",
                "write 'exhaustive: true' when it says nothing beyond its parts, else false or leave it out.",
            )
            declared = None
        if kind and title:
            out.append(
                Provision(
                    framework=fw,
                    local_id=local,
                    kind=kind,
                    title=title,
                    notation=r.text(node, "notation", required=False) or local,
                    order=len(out),
                    line=node.line,
                    parent=parent,
                    url=r.text(node, "url", required=False),
                    summary=r.text(node, "summary", required=False),
                    flags=tuple(str(f) for f in flags) if isinstance(flags, list) else (str(flags),),
                    exhaustive=declared,
                )
            )
        children = node.get("children")
        if children is not None:
            if isinstance(children, list):
                _walk(children, fw, local, r, out, seen)
            else:
                r.problem(
                    node.line,
                    "children-shape",
                    f"'children' of {local} must be a list.",
                    "write children as a YAML list of provisions.",
                )


def read_obligations(path: Path, root: Path, catalogs: Catalogs, problems: list[Problem]) -> None:
    name = _display(path, root)
    data = load_yaml(path, name)
    r = Reader(name, problems)
    if not isinstance(data, LineDict):
        r.problem(
            1,
            "obligations-shape",
            "an obligations file must be a YAML mapping.",
            "see docs/formats.md, section Obligations.",
        )
        return
    fw = r.text(data, "framework", what="the obligations file")
    if fw is None:
        return
    if fw not in catalogs.frameworks:
        r.problem(
            data.line,
            "unknown-framework",
            f"no catalog for framework {fw!r}.",
            f"add crosswalks/frameworks/{fw}.yaml or fix the id.",
        )
        return
    dates: dict[str, ApplicationDate] = {}
    for node in data.get("application_dates") or []:
        if not isinstance(node, LineDict):
            continue
        rid, label, source = (r.text(node, k, what="an application date") for k in ("id", "label", "source"))
        day = r.date(node, "date", what=f"application date {rid}")
        if rid and label and source and day:
            dates[rid] = ApplicationDate(rid, day, label, source, r.text(node, "note", required=False))
    defaults: dict[str, str] = {}
    rcd = data.get("risk_class_dates") or {}
    for risk, rule in rcd.items() if isinstance(rcd, dict) else []:
        if risk not in RISK_CLASSES:
            r.problem(
                line_of(rcd),
                "unknown-risk-class",
                f"risk class {risk!r} is not in the vocabulary.",
                f"use one of: {', '.join(RISK_CLASSES)}.",
            )
        elif rule not in dates:
            r.problem(
                line_of(rcd),
                "unknown-date-rule",
                f"risk class {risk} refers to date rule {rule!r}, which is not defined.",
                "define it under application_dates or fix the id.",
            )
        else:
            defaults[risk] = rule
    obligations: list[Obligation] = []
    seen: dict[str, int] = {}
    for node in data.get("obligations") or []:
        if not isinstance(node, LineDict):
            continue
        prov = r.text(node, "provision", what="an obligation")
        role = r.text(node, "role", what=f"obligation on {prov}")
        summary = r.text(node, "summary", what=f"obligation on {prov}")
        if prov and catalogs.provision(fw, prov) is None:
            r.problem(
                node.line,
                "unknown-provision",
                f"obligation cites {fw} provision {prov!r}, which is not in the catalog.",
                f"use a local id from crosswalks/frameworks/{fw}.yaml.",
            )
            continue
        if role and role not in ROLES:
            r.problem(
                node.line,
                "unknown-role",
                f"role {role!r} is not in the role vocabulary.",
                f"use one of: {', '.join(ROLES)}.",
            )
            continue
        risks = node.get("risk")
        risk_list: list[str | None] = (
            [None] if risks is None else [str(x) for x in (risks if isinstance(risks, list) else [risks])]
        )
        override = r.text(node, "applies_from", required=False)
        if override is not None and override not in dates:
            r.problem(
                node.line,
                "unknown-date-rule",
                f"applies_from {override!r} is not a defined date rule.",
                f"use one of: {', '.join(sorted(dates))}.",
            )
            continue
        for risk in risk_list:
            if risk is not None and risk not in RISK_CLASSES:
                r.problem(
                    node.line,
                    "unknown-risk-class",
                    f"risk class {risk!r} is not in the vocabulary.",
                    f"use one of: {', '.join(RISK_CLASSES)}.",
                )
                continue
            rule = override or (defaults.get(risk) if risk else None)
            if rule is None:
                r.problem(
                    node.line,
                    "no-date",
                    f"obligation on {prov} for {risk or 'any risk class'} has no application date.",
                    "add 'applies_from: <rule>' or a risk_class_dates entry.",
                )
                continue
            if not (prov and role and summary):
                continue
            ob = Obligation(
                fw,
                prov,
                role,
                risk,
                dates[rule].date,
                rule,
                summary,
                node.line,
                r.text(node, "condition", required=False),
                r.text(node, "date_basis", required=False),
            )
            if ob.local_id in seen:
                r.problem(
                    node.line,
                    "duplicate-obligation",
                    f"{ob.local_id} is already stated on line {seen[ob.local_id]}.",
                    "merge the two entries.",
                )
                continue
            seen[ob.local_id] = node.line
            obligations.append(ob)
    catalogs.obligations[fw] = ObligationCatalog(
        fw, name, r.text(data, "text_version", required=False), tuple(dates.values()), tuple(obligations)
    )


def read_sources(path: Path, root: Path, problems: list[Problem]) -> dict[str, SourceDocument]:
    name = _display(path, root)
    data = load_yaml(path, name)
    r = Reader(name, problems)
    out: dict[str, SourceDocument] = {}
    if not isinstance(data, list):
        r.problem(
            1,
            "sources-shape",
            "sources.yaml must be a list of source documents.",
            "write '- id: ...' entries (docs/formats.md).",
        )
        return out
    for node in data:
        if not isinstance(node, LineDict):
            continue
        sid = r.text(node, "id", what="a source")
        title = r.text(node, "title", what=f"source {sid}")
        publisher = r.text(node, "publisher", what=f"source {sid}")
        if sid in out:
            r.problem(node.line, "duplicate-source", f"source id {sid!r} is defined twice.", "keep one.")
            continue
        if sid and title and publisher:
            out[sid] = SourceDocument(
                sid,
                title,
                publisher,
                r.text(node, "url", required=False),
                r.text(node, "licence", required=False),
                node.line,
                r.text(node, "note", required=False),
                r.text(node, "issued", required=False),
            )
    return out


def read_catalogs(root: Path) -> Catalogs:
    """Read crosswalks/frameworks, obligations and sources.yaml; raise every problem at once."""
    problems: list[Problem] = []
    catalogs = Catalogs()
    base = root / "crosswalks"
    for path in sorted((base / "frameworks").glob("*.yaml")):
        try:
            fw = read_framework(path, root, problems)
        except SourceError as exc:
            problems.extend(exc.problems)
            continue
        if fw is not None:
            catalogs.frameworks[fw.id] = fw
    for fw in catalogs.frameworks.values():
        if fw.supersedes and fw.supersedes not in catalogs.frameworks:
            problems.append(
                Problem(
                    fw.file,
                    1,
                    "unknown-framework",
                    f"supersedes {fw.supersedes!r}, which has no catalog.",
                    "add that catalog or drop 'supersedes'.",
                )
            )
    try:
        for path in sorted((base / "obligations").glob("*.yaml")):
            read_obligations(path, root, catalogs, problems)
        sources = base / "sources.yaml"
        if sources.exists():
            catalogs.sources = read_sources(sources, root, problems)
    except SourceError as exc:
        problems.extend(exc.problems)
    if problems:
        raise SourceErrors(problems)
    return catalogs

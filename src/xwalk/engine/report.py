"""A gap report as JSON, Markdown or CSV: deterministic text, carrying the graph's and the profile's hashes."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

from xwalk.engine.report_html import class_basis_text, render_html
from xwalk.errors import InputError
from xwalk.model.gaps import LABELS, REUSE_DEFINITION, STATUSES, Basis, GapReport, Served
from xwalk.model.results import Step, Witness

FORMATS = {"json": "application/json", "md": "text/markdown", "csv": "text/csv", "html": "text/html"}
CSV_COLUMNS = (
    "framework",
    "requirement",
    "provision",
    "notation",
    "title",
    "system",
    "role",
    "risk_class",
    "applies_from",
    "status",
    "verdict",
    "basis",
    "basis_provision",
    "implementation_status",
    "evidence",
    "relations",
    "strength",
    "witnesses",
    "reached",
    "justification",
    "remains",
    "system_classes",
    "closing_artefact_types",
    "content_hash",
    "profile_hash",
)


def render(report: GapReport, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(dataclasses.asdict(report), indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        return markdown(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "html":
        return render_html(report)
    raise InputError(f"report format {fmt!r} is not one of {', '.join(FORMATS)}.")


def chain_text(chain: list[Step]) -> str:
    return "; ".join(f"{s.subject} {s.relation} {s.object} [{s.mapping_set or 'catalog'}, {s.source}]" for s in chain)


def witness_text(ws: list[Witness]) -> str:
    """Each chain with what it alone allows, ' | ' between chains."""
    return " | ".join(f"({'/'.join(w.relations)}) {chain_text(w.steps)}" for w in ws)


def basis_text(b: Basis) -> str:
    evidence = ", ".join(e.id for e in b.evidence)
    if b.kind == "implementation":
        return f"{b.implementation_status}: {b.provision}" + (f" (evidence: {evidence})" if evidence else "")
    if b.kind == "mapping" and b.provision is not None:
        head = f"{b.verdict} by {b.provision} ({'/'.join(b.relations) or 'contradiction'}, strength {b.strength})"
        cite = f"; evidence: {evidence}" if evidence else ""
        return f"{head} via {witness_text(b.witnesses)}{cite}"
    if b.kind == "parts":
        each = "; ".join(f"{p.provision} {p.verdict}" + (f" by {p.by}" if p.by else "") for p in b.parts)
        return f"{b.verdict} through its parts: {each}"
    if b.kind == "mapping":
        return f"chains reach it from {', '.join(b.reached)}, none informative"
    if b.kind == "exclusion":
        return f"excluded: {b.justification}"
    return "no curated mapping reaches it from what is implemented"


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def markdown(r: GapReport) -> str:
    scope = "including the as-published sets" if r.include_as_published else "as-published sets left out"
    out = [
        f"# Gap analysis: {r.organisation}",
        "",
        f"As of {r.as_of}; targets {', '.join(r.targets)}; mapping chains of up to {r.depth} hops; minimum "
        f"status {r.min_status}, minimum strength {r.min_strength}; {scope}.",
        f"Graph `{r.content_hash}`, profile `{r.profile_hash}`.",
        f"Mapping sets used: {', '.join(r.mapping_sets) or 'none'}.",
        "",
        "What each status means:",
        "",
        *(f"- **{LABELS[s]}**: {r.meaning[s]}." for s in STATUSES),
        "",
        "## Summary",
        "",
        "| framework | requirements | " + " | ".join(LABELS[s] for s in STATUSES) + " | met (done) "
        "| evidence-ready (covered, to confirm) | reuse: covered / partly by other frameworks |",
        "|---|---:|" + "---:|" * len(STATUSES) + "---|---|---|",
    ]
    for s in r.summary:
        c = s.counts
        reuse = (
            f"{s.reuse.covered_percent}% / {s.reuse.partial_percent}% ({s.reuse.covered} / {s.reuse.partial} of "
            f"{s.reuse.total}) from {', '.join(s.reuse.implemented) or 'nothing'}"
        )
        out.append(
            f"| {s.framework} | {s.total} | "
            + " | ".join(str(c[k]) for k in STATUSES)
            + f" | {s.met} of {s.applicable} ({s.met_percent}%) | {s.evidence_ready} of {s.applicable} "
            f"({s.evidence_ready_percent}%) | {reuse} |"
        )
    out += ["", f"Definition of {REUSE_DEFINITION}."]
    out += systems_md(r)
    for s in r.summary:
        out += [
            "",
            f"## {s.framework}",
            "",
            "By article or section: the verdict on the whole against what is implemented (a whole divided "
            "exhaustively into parts is covered when every part is), and the parts with no cover.",
            "",
            "| article or section | title | requirements | verdict | parts with no cover |",
            "|---|---|---:|---|---|",
        ]
        for u in (u for u in r.rollup if u.framework == s.framework):
            out.append(
                f"| {_cell(u.provision)} | {_cell(u.title)} | {u.requirements} | {LABELS.get(u.verdict, u.verdict)} "
                f"| {_cell(u.note) or '-'} |"
            )
        out += [
            "",
            "| requirement | title | status | basis | what remains |",
            "|---|---|---|---|---|",
        ]
        for i in (i for i in r.items if i.framework == s.framework):
            title = i.obligation or i.title
            who = f" ({i.system})" if i.system else ""
            out.append(
                f"| {_cell(i.requirement)}{who} | {_cell(title)} | {LABELS[i.status]} | {_cell(basis_text(i.basis))} "
                f"| {_cell(i.remains) or '-'} |"
            )
    out += evidence_md(r)
    return "\n".join(out) + "\n"


def systems_md(r: GapReport) -> list[str]:
    if not r.systems:
        return []
    out = [
        "",
        "## AI systems: risk classes",
        "",
        f"Which classes the AI Act requirements come from: {r.classes_used}.",
        "",
        "| system | role | stated | derived from the facts | used | agreement | rules and facts |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in r.systems:
        out.append(
            f"| {_cell(s.system)} | {s.role} | {', '.join(s.stated) or '-'} | {', '.join(s.derived) or 'none'} "
            f"| {', '.join(s.used)} | {s.agreement}: {_cell(s.note)} | {_cell(class_basis_text(s)) or '-'} |"
        )
    return out


def _served_text(items: list[Served]) -> str:
    return ", ".join(f"{x.requirement}" + (f" ({x.system})" if x.system else "") for x in items)


def evidence_md(r: GapReport) -> list[str]:
    out = [
        "",
        "## Evidence, each artefact once",
        "",
        "Every artefact of the profile with every requirement it serves: cited by the implementation a "
        "verdict rests on, or of a type that evidences the provision (crosswalks/evidence/).",
        "",
        "| artefact | type | cited by | requirements | serves |",
        "|---|---|---|---:|---|",
    ]
    for e in r.evidence:
        out.append(
            f"| {_cell(e.id)} | {e.type} | {', '.join(e.cited_by) or '-'} | {e.requirements} "
            f"| {_cell(_served_text(e.serves)) or '-'} |"
        )
    out += [
        "",
        "## Artefacts that would close the most open requirements",
        "",
        f"Definition of {r.open_definition}.",
        "",
        "| rank | artefact type | closes | held | open requirements |",
        "|---:|---|---:|---|---|",
    ]
    for a in r.best_artefacts:
        out.append(
            f"| {a.rank} | {a.type} | {a.closes} | {', '.join(a.held) or '-'} | {_cell(_served_text(a.requirements))} |"
        )
    return out


def to_csv(r: GapReport) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    classes = {s.system: s for s in r.systems}
    closing: dict[tuple[str, str, str], list[str]] = {}
    for a in r.best_artefacts:
        for x in a.requirements:
            closing.setdefault((x.framework, x.requirement, x.system or ""), []).append(f"{a.type} (#{a.rank})")
    for i in r.items:
        b = i.basis
        c = classes.get(i.system or "")
        system_classes = f"used {'/'.join(c.used)}; {c.agreement}: {c.note}" if c else ""
        w.writerow(
            [
                i.framework,
                i.requirement,
                i.provision,
                i.notation,
                i.obligation or i.title,
                i.system or "",
                i.role or "",
                i.risk_class or "",
                i.applies_from or "",
                i.status,
                i.verdict or "",
                b.kind,
                b.provision or "",
                b.implementation_status or "",
                ";".join(e.id for e in b.evidence),
                ";".join(b.relations),
                "" if b.strength is None else str(b.strength),
                witness_text(b.witnesses),
                ";".join(b.reached),
                b.justification or "",
                i.remains,
                system_classes,
                ";".join(closing.get((i.framework, i.requirement, i.system or ""), [])),
                r.content_hash,
                r.profile_hash,
            ]
        )
    return buf.getvalue()

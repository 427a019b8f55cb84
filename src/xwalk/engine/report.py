"""A gap report as JSON, Markdown or CSV: deterministic text, carrying the graph's and the profile's hashes."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

from xwalk.engine.gaps import LABELS, Basis, GapReport
from xwalk.engine.report_html import render_html
from xwalk.engine.routes import Step
from xwalk.errors import InputError

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
    "basis",
    "basis_provision",
    "implementation_status",
    "evidence",
    "relations",
    "coverage",
    "strength",
    "chain",
    "justification",
    "remains",
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


def basis_text(b: Basis) -> str:
    evidence = ", ".join(e.id for e in b.evidence)
    if b.kind == "implementation":
        return f"{b.implementation_status}: {b.provision}" + (f" (evidence: {evidence})" if evidence else "")
    if b.kind == "mapping":
        head = f"{b.coverage} by {b.provision} ({'/'.join(b.relations)}, strength {b.strength})"
        return f"{head} via {chain_text(b.chain)}"
    if b.kind == "exclusion":
        return f"excluded: {b.justification}"
    return "no implementation or mapping"


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def markdown(r: GapReport) -> str:
    out = [
        f"# Gap analysis: {r.organisation}",
        "",
        f"As of {r.as_of}; targets {', '.join(r.targets)}; mapping chains of up to {r.depth} hops.",
        f"Graph `{r.content_hash}`, profile `{r.profile_hash}`.",
        "",
        "## Summary",
        "",
        "| framework | requirements | met | covered | partial | not covered | excluded | not yet applicable"
        " | done | reuse: covered / partly by other frameworks |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for s in r.summary:
        c = s.counts
        reuse = (
            f"{s.reuse.covered_percent}% / {s.reuse.partial_percent}% ({s.reuse.covered} / {s.reuse.partial} of "
            f"{s.reuse.total}) from {', '.join(s.reuse.implemented) or 'nothing'}"
        )
        out.append(
            f"| {s.framework} | {s.total} | {c['met']} | {c['covered']} | {c['partial']} | {c['not-covered']} "
            f"| {c['excluded']} | {c['not-yet-applicable']} | {s.done} of {s.applicable} ({s.done_percent}%) "
            f"| {reuse} |"
        )
    for s in r.summary:
        out += [
            "",
            f"## {s.framework}",
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
    return "\n".join(out) + "\n"


def to_csv(r: GapReport) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for i in r.items:
        b = i.basis
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
                b.kind,
                b.provision or "",
                b.implementation_status or "",
                ";".join(e.id for e in b.evidence),
                ";".join(b.relations),
                b.coverage or "",
                "" if b.strength is None else str(b.strength),
                chain_text(b.chain),
                b.justification or "",
                i.remains,
                r.content_hash,
                r.profile_hash,
            ]
        )
    return buf.getvalue()

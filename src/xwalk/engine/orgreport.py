"""Classification and conformance reports as JSON or Markdown: deterministic, no timestamps."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from xwalk.engine.classify import Classification, SystemClassification
from xwalk.errors import InputError

FORMATS = {"json": "application/json", "md": "text/markdown"}


def as_json(result: Any) -> str:
    return json.dumps(dataclasses.asdict(result), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _facts(facts: dict[str, Any]) -> str:
    return ", ".join(f"{k}={json.dumps(v)}" for k, v in facts.items()) or "-"


def _system_md(c: SystemClassification) -> list[str]:
    lines = [f"## {c.name} (`{c.id}`, {c.role})", ""]
    lines.append(f"Classes: {', '.join(c.classes) if c.classes else 'none determined'}.")
    if c.stated:
        lines.append(f"Stated in the profile: {', '.join(c.stated)} ({c.agreement}).")
        for k, v in c.disagreement.items():
            if v:
                lines.append(f"- {k.replace('_', ' ')}: {', '.join(v)}")
    lines.append("")
    if c.matches:
        lines += ["| class | rule | provision | facts |", "|---|---|---|---|"]
        lines += [f"| {m.risk_class} | {m.rule} | {m.provision or '-'} | {_facts(m.facts)} |" for m in c.matches]
        lines.append("")
    for d in c.derogations:
        lines.append(f"- Derogation {d.provision} for {d.point}: {d.note} ({_facts(d.facts)}).")
    if c.undetermined:
        lines += ["Undetermined (state these facts to decide):", ""]
        for u in c.undetermined:
            where = f" for {u.point}" if u.point else ""
            lines.append(f"- {u.rule} ({u.provision}{where}, {u.risk_class}): missing {', '.join(u.missing)}")
        lines.append("")
    lines.append(f"Obligations of the {c.role}: {len(c.in_force)} in force, {len(c.later)} later.")
    lines.append("")
    if c.in_force or c.later:
        lines += ["| provision | from | summary |", "|---|---|---|"]
        for o in (*c.in_force, *c.later):
            cond = f" (if: {o.condition})" if o.condition else ""
            lines.append(f"| {o.notation} | {o.applies_from} | {o.summary}{cond} |")
        lines.append("")
    return lines


def classification_md(r: Classification) -> str:
    lines = [
        f"# AI Act classification: {r.organisation}",
        "",
        f"As of {r.as_of}; {r.rules} rules; graph `{r.content_hash}`, profile `{r.profile_hash}`.",
        "",
    ]
    for c in r.systems:
        lines += _system_md(c)
    return "\n".join(lines).rstrip() + "\n"


def render(result: Any, fmt: str) -> str:
    if fmt == "json":
        return as_json(result)
    if fmt == "md":
        if isinstance(result, Classification):
            return classification_md(result)
        from xwalk.engine.conformance import ConformanceReport, conformance_md

        if isinstance(result, ConformanceReport):
            return conformance_md(result)
    raise InputError(f"no {fmt!r} rendering; use one of: {', '.join(FORMATS)}.")

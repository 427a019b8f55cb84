"""A gap report as one printable HTML page: summary with the five verdict counts, a heatmap of verdict
shares per target framework, a roll-up per article (clause, function), and every requirement with its
basis and the full chain. Self-contained (inline style, no script), deterministic, escaped throughout."""

from __future__ import annotations

import json
import re
from collections import Counter
from html import escape

from xwalk.engine.verdicts import SET_ASIDE, VERDICTS, of_gap_item
from xwalk.model.gaps import Basis, GapItem, GapReport, Served, SystemClasses
from xwalk.model.palette import VERDICT_COLOURS

COLUMNS = (*VERDICTS, *SET_ASIDE)
STYLE = """
body{font-family:system-ui,sans-serif;color:#1d1d1f;max-width:80rem;margin:0 auto;padding:1rem;font-size:14px}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.4rem 0 .4rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.3rem 0}th,td{border:1px solid #ddd;padding:.25rem .4rem;
text-align:left;vertical-align:top}th{background:#f5f5f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#555}.bar{display:flex;height:1rem;border:1px solid #999;min-width:20rem}.bar span{display:block}
.verdict{display:inline-block;padding:0 .35rem;border-radius:.2rem;border:1px solid #999;white-space:nowrap}
ol.chain{margin:0;padding-left:1.1rem}ol.chain li{font-size:.85em}ul.counts{list-style:none;padding:0;display:flex;
gap:1.2rem;flex-wrap:wrap}ul.counts li{font-size:1.05rem}
@media print{body{max-width:none;font-size:10pt;padding:0}tr,li{break-inside:avoid}h2{break-after:avoid}
a{color:inherit;text-decoration:none}@page{size:A4;margin:12mm}}
"""


def _e(text: object) -> str:
    return escape(str(text if text is not None else ""))


def _badge(verdict: str) -> str:
    colour = VERDICT_COLOURS.get(verdict, "#fff")
    return f'<span class="verdict" data-verdict="{_e(verdict)}" style="background:{colour}">{_e(verdict)}</span>'


def group_of(provision: str) -> str:
    """The article (annex, clause, control group, function) a requirement rolls up to, from its id:
    euaia:art-10-2-c -> euaia:art-10, iso42001:6.1.2 -> iso42001:6, iso27001:A.5.15 -> iso27001:A.5,
    airmf:GOVERN-1.1 -> airmf:GOVERN, csf2:GV.OC-01 -> csf2:GV."""
    prefix, _, local = provision.partition(":")
    m = re.match(r"(art-\d+|annex-[ivxlc]+)", local)
    if m:
        return f"{prefix}:{m.group(1)}"
    m = re.match(r"(A\.\d+|\d+|[A-Z]+)", local)
    return f"{prefix}:{m.group(1)}" if m else provision


def _basis(b: Basis) -> str:
    evidence = ", ".join(f"{_e(e.id)} ({_e(e.title)})" for e in b.evidence)
    if b.kind == "implementation":
        text = f"{_e(b.implementation_status)}: {_e(b.provision)}"
        return text + (f'<div class="meta">evidence: {evidence}</div>' if evidence else "")
    if b.kind == "exclusion":
        return f"excluded: {_e(b.justification)}"
    if b.kind != "mapping":
        return '<span class="meta">no implementation, no mapping reaches it</span>'
    steps = "".join(
        f"<li>{_e(s.subject)} <b>{_e(s.relation)}</b> {_e(s.object)} "
        f'<span class="meta">[{_e(s.mapping_set or "catalog")}, source {_e(s.source)}, {_e(s.status)}, '
        f"strength {s.strength}]</span></li>"
        for w in b.witnesses
        for s in w.steps
    )
    head = f"{_e(b.verdict)} by {_e(b.provision)} ({_e('/'.join(b.relations))}, strength {_e(b.strength)})"
    tail = f'<div class="meta">evidence: {evidence}</div>' if evidence else ""
    return f'{head}<ol class="chain">{steps}</ol>{tail}'


def class_basis_text(s: SystemClasses) -> str:
    """Each derived class with its rule and the facts that triggered it; derogations; what is undecided."""
    parts = [
        f"{b.risk_class} by {b.rule} ({b.provision or 'no rule applies'}"
        + (f"; {', '.join(f'{k}={json.dumps(v)}' for k, v in sorted(b.facts.items()))}" if b.facts else "")
        + ")"
        for b in s.basis
    ]
    parts += [f"derogation {d.rule} ({d.provision}{', ' + d.point if d.point else ''})" for d in s.derogations]
    parts += [f"undetermined {u.rule}: missing {', '.join(u.missing)}" for u in s.undetermined]
    return "; ".join(parts)


def _served(items: list[Served]) -> str:
    return ", ".join(_e(x.requirement) + (f" ({_e(x.system)})" if x.system else "") for x in items)


def _systems(r: GapReport) -> list[str]:
    if not r.systems:
        return []
    rows = "".join(
        f'<tr data-system="{_e(s.system)}" data-agreement="{_e(s.agreement)}"><td>{_e(s.system)}</td>'
        f"<td>{_e(s.role)}</td><td>{_e(', '.join(s.stated) or '-')}</td><td>{_e(', '.join(s.derived) or 'none')}</td>"
        f"<td>{_e(', '.join(s.used))}</td><td>{_e(s.agreement)}: {_e(s.note)}</td>"
        f"<td>{_e(class_basis_text(s))}</td></tr>"
        for s in r.systems
    )
    return [
        '<h2 id="systems">AI systems: risk classes</h2>',
        f'<p class="meta">{_e(r.classes_used)}.</p>',
        "<table id='systems-table'><thead><tr><th>system</th><th>role</th><th>stated</th><th>derived from the facts"
        "</th><th>used</th><th>agreement</th><th>rules and facts</th></tr></thead><tbody>" + rows + "</tbody></table>",
    ]


def _evidence(r: GapReport) -> list[str]:
    uses = "".join(
        f'<tr data-evidence="{_e(e.id)}"><td>{_e(e.id)}</td><td>{_e(e.type)}</td><td>{_e(", ".join(e.cited_by) or "-")}'
        f'</td><td class="n">{e.requirements}</td><td>{_served(e.serves) or "-"}</td></tr>'
        for e in r.evidence
    )
    ranks = "".join(
        f'<tr data-type="{_e(a.type)}"><td class="n">{a.rank}</td><td>{_e(a.type)}</td><td class="n">{a.closes}</td>'
        f"<td>{_e(', '.join(a.held) or '-')}</td><td>{_served(a.requirements)}</td></tr>"
        for a in r.best_artefacts
    )
    return [
        '<h2 id="evidence">Evidence, each artefact once</h2>',
        "<table id='evidence-table'><thead><tr><th>artefact</th><th>type</th><th>cited by</th><th>requirements</th>"
        "<th>serves</th></tr></thead><tbody>" + uses + "</tbody></table>",
        '<h2 id="best-artefacts">Artefacts that would close the most open requirements</h2>',
        f'<p class="meta">{_e(r.open_definition)}.</p>',
        "<table id='best-artefacts-table'><thead><tr><th>rank</th><th>artefact type</th><th>closes</th><th>held</th>"
        "<th>open requirements</th></tr></thead><tbody>" + ranks + "</tbody></table>",
    ]


def _bar(counts: Counter[str], total: int) -> str:
    spans = "".join(
        f'<span style="width:{100.0 * counts[v] / total:.1f}%;background:{VERDICT_COLOURS[v]}" '
        f'title="{v}: {counts[v]}"></span>'
        for v in COLUMNS
        if total and counts[v]
    )
    return f'<div class="bar">{spans}</div>'


def _counts_row(label: str, counts: Counter[str], attrs: str = "") -> str:
    cells = "".join(f'<td class="n" data-verdict="{v}">{counts[v]}</td>' for v in COLUMNS)
    return f"<tr{attrs}><th>{label}</th>{cells}<td class='n'>{sum(counts.values())}</td></tr>"


def render_html(r: GapReport) -> str:
    verdict = {id(i): of_gap_item(i) for i in r.items}
    everything = Counter(verdict.values())
    by_fw: dict[str, Counter[str]] = {fw: Counter() for fw in r.targets}
    for i in r.items:
        by_fw.setdefault(i.framework, Counter())[verdict[id(i)]] += 1
    head = "".join(f"<th>{_e(c)}</th>" for c in COLUMNS)
    out = [
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">',
        f"<title>Gap analysis: {_e(r.organisation)}</title><style>{STYLE}</style></head><body>",
        f"<h1>Gap analysis: {_e(r.organisation)}</h1>",
        f'<p class="meta">As of {_e(r.as_of)}; targets {_e(", ".join(r.targets))}; mapping chains of up to '
        f"{r.depth} hops. Graph <code>{_e(r.content_hash)}</code>, profile <code>{_e(r.profile_hash)}</code>.</p>",
        '<h2 id="summary">Summary</h2><ul class="counts" id="verdict-counts">',
        *(f'<li data-verdict="{v}">{_badge(v)} <b>{everything[v]}</b></li>' for v in COLUMNS),
        "</ul>",
        f'<table id="summary-table"><thead><tr><th>framework</th>{head}<th>requirements</th></tr></thead><tbody>',
        *(_counts_row(_e(fw), c, f' data-framework="{_e(fw)}"') for fw, c in by_fw.items()),
        "</tbody></table>",
        '<h2 id="heatmap">Heatmap</h2><table><tbody>',
        *(f"<tr><th>{_e(fw)}</th><td>{_bar(c, sum(c.values()))}</td></tr>" for fw, c in by_fw.items()),
        "</tbody></table>",
        *_systems(r),
        *_evidence(r),
        '<h2 id="rollup">Per article</h2>',
    ]
    for fw in by_fw:
        groups: dict[str, Counter[str]] = {}
        for i in r.items:
            if i.framework == fw:
                groups.setdefault(group_of(i.provision), Counter())[verdict[id(i)]] += 1
        out += [
            f"<h3>{_e(fw)}</h3><table class='rollup'><thead><tr><th>part</th>{head}<th>requirements</th></tr>"
            "</thead><tbody>",
            *(_counts_row(_e(g), c) for g, c in groups.items()),
            "</tbody></table>",
        ]
    out.append('<h2 id="requirements">Every requirement and its basis</h2>')
    for fw in by_fw:
        out += [
            f"<h3>{_e(fw)}</h3><table class='items'><thead><tr><th>requirement</th><th>title</th><th>verdict</th>"
            "<th>basis and chain</th><th>what remains</th></tr></thead><tbody>",
            *(_item(i, verdict[id(i)]) for i in r.items if i.framework == fw),
            "</tbody></table>",
        ]
    out.append("</body></html>\n")
    return "\n".join(out)


def _item(i: GapItem, verdict: str) -> str:
    who = f'<div class="meta">{_e(i.system)}, {_e(i.role)}</div>' if i.system else ""
    return (
        f"<tr><td>{_e(i.requirement)}{who}</td><td>{_e(i.obligation or i.title)}</td><td>{_badge(verdict)}</td>"
        f"<td>{_basis(i.basis)}</td><td>{_e(i.remains) or '-'}</td></tr>"
    )

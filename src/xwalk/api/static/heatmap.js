// The framework-by-framework coverage heatmap from GET /api/v1/heatmap: a stacked bar of the five
// verdict shares per (row, column) pair; a click opens the pair in the explorer.
"use strict";

const PALETTE = JSON.parse(document.getElementById("palette").textContent);
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function cell(c, verdicts) {
  const bar = el("div", { class: "bar" }, ...verdicts.map((v) =>
    el("span", { class: `share ${v}`, style: `width:${c.percent[v]}%;background:${PALETTE.verdicts[v]}` })));
  const title = verdicts.map((v) => `${v}: ${c.counts[v]} (${c.percent[v]}%)`).join("\n");
  const td = el("td", { class: "cell", "data-source": c.source, "data-target": c.target,
    title: `${c.source} requirements against ${c.target} (${c.count})\n${title}` },
    bar, el("div", { class: "figures" }, `${c.percent.covered}% covered · ${c.percent.partial}% partial`));
  td.addEventListener("click", () => { location.href = `/explore?scope=${encodeURIComponent(`pair:${c.source},${c.target}`)}`; });
  return td;
}

async function main() {
  const r = await fetch("/api/v1/heatmap");
  const h = await r.json();
  if (!r.ok) { $("status").textContent = `error: ${h.detail}`; return; }
  const at = new Map(h.cells.map((c) => [`${c.source} ${c.target}`, c]));
  $("heatmap").tHead.append(el("tr", {}, el("th", {}, "requirements of ↓ / covered by →"),
    ...h.frameworks.map((f) => el("th", { scope: "col" }, f))));
  const body = $("heatmap").tBodies[0];
  for (const a of h.frameworks) {
    const count = h.cells.find((c) => c.source === a)?.count ?? 0;
    body.append(el("tr", {}, el("th", { class: "row", scope: "row" }, `${a} (${count})`),
      ...h.frameworks.map((b) => (a === b ? el("td", { class: "self" }) : cell(at.get(`${a} ${b}`), h.verdicts)))));
  }
  $("legend").replaceChildren(...h.verdicts.map((v) =>
    el("span", { style: "margin-right:1rem" }, el("span", { class: "swatch", style: `background:${PALETTE.verdicts[v]}` }), v)));
  $("status").textContent = `${h.frameworks.length} frameworks, graph ${h.content_hash.slice(0, 19)}…`;
}

main();

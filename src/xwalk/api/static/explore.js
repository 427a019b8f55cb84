// The explorer: search a provision, draw it and its neighbours (GET /api/v1/export?format=cytoscape),
// expand nodes, read every mapping of a node with its source (GET /api/v1/provisions/{id}), colour by
// framework or, with a posted profile, by verdict; save the view as one self-contained HTML file.
"use strict";

const PALETTE = JSON.parse(document.getElementById("palette").textContent);
const $ = (id) => document.getElementById(id);
const status = (text) => { $("status").textContent = text; };
const cy = cytoscape({ container: $("cy"), style: xwalkGraphStyle("framework", PALETTE), wheelSensitivity: 0.3 });
let colourBy = "framework";

async function getJson(url, init) {
  const r = await fetch(url, init);
  const body = await r.json();
  if (!r.ok) throw new Error(body.detail || `${r.status} ${r.statusText}`);
  return body;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "onclick") node.addEventListener("click", v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? "")));
  return node;
}

function layout() {
  cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 70 }).run();
  cy.fit(undefined, 30);
}

// Add a scope's Cytoscape JSON to the graph; returns how many nodes were new.
async function addScope(scope, replace = false) {
  status(`loading ${scope}…`);
  const data = await getJson(`/api/v1/export?format=cytoscape&scope=${encodeURIComponent(scope)}`);
  return merge(data, replace);
}

function merge(data, replace) {
  if (replace) cy.elements().remove();
  const before = cy.nodes().length;
  const fresh = [...data.elements.nodes, ...data.elements.edges].filter((e) => cy.getElementById(e.data.id || e.data.key).empty());
  // edges of a multigraph are keyed by mapping IRI: use the key as the element id
  for (const e of fresh) if (e.data.source && !e.data.id) e.data.id = e.data.key;
  cy.add(fresh.map((e) => ({ group: e.data.source ? "edges" : "nodes", data: e.data })));
  layout();
  const added = cy.nodes().length - before;
  status(`${cy.nodes().length} provisions, ${cy.edges("[kind = 'mapping']").length} mappings on screen (${added} new)`);
  return added;
}

async function show(id, replace = false) {
  try {
    await addScope(`around:${id}:1`, replace);
    const node = cy.getElementById(id);
    cy.nodes().unselect();
    node.select();
    await detail(id);
  } catch (err) { status(`error: ${err.message}`); }
}

async function search(q) {
  const hits = $("hits");
  hits.replaceChildren();
  try {
    const body = await getJson(`/api/v1/search?q=${encodeURIComponent(q)}&limit=20`);
    for (const h of body.data) {
      hits.append(el("li", { "data-id": h.id, onclick: () => { hits.hidden = true; show(h.id, cy.nodes().empty()); } },
        `${h.id} — ${h.notation} ${h.title} (${h.framework})`));
    }
    hits.hidden = body.data.length === 0;
    status(body.data.length ? `${body.count} matches for “${q}”: pick one` : `nothing matches “${q}”`);
  } catch (err) { status(`error: ${err.message}`); }
}

function link(id) {
  return el("a", { href: `?id=${encodeURIComponent(id)}`, class: "provision", onclick: (ev) => { ev.preventDefault(); show(id); } }, id);
}

async function detail(id) {
  const panel = $("detail");
  const p = await getJson(`/api/v1/provisions/${encodeURIComponent(id)}`);
  const node = cy.getElementById(id);
  const verdict = node.nonempty() ? node.data("verdict") : undefined;
  const rows = p.mappings.map((m) => el("tr", { class: "mapping" },
    el("td", {}, m.subject === p.id ? "→" : "←", " ", link(m.other), el("div", { class: "meta" }, m.other_title)),
    el("td", {}, m.relation, el("div", { class: "meta" }, `strength ${m.strength}, ${m.status}`)),
    el("td", { class: "mapping-source" }, m.source, el("div", { class: "meta" }, m.mapping_set))));
  panel.replaceChildren(
    el("h2", {}, `${p.notation} ${p.title}`),
    el("p", { class: "meta" }, `${p.id} · ${p.framework} · ${p.kind}`, verdict ? ` · verdict: ${verdict}` : ""),
    ...(p.url ? [el("p", {}, el("a", { href: p.url, rel: "noopener" }, "Official text"))] : []),
    ...(p.summary ? [el("p", {}, p.summary)] : []),
    ...(p.ancestors.length ? [el("p", { class: "meta" }, "Part of: ", ...p.ancestors.map((a) => `${a.notation} › `))] : []),
    el("p", {}, el("button", { type: "button", id: "expand", onclick: () => show(p.id) }, "Expand neighbours"),
      ` ${p.children.length} parts, ${p.mappings.length} mappings`),
    el("table", { id: "mappings" },
      el("thead", {}, el("tr", {}, el("th", {}, "other end"), el("th", {}, "relation"), el("th", {}, "source · mapping set"))),
      el("tbody", {}, ...rows)));
}

function legend() {
  const table = colourBy === "verdict" ? PALETTE.verdicts : PALETTE.frameworks;
  const present = new Set(cy.nodes().map((n) => n.data(colourBy)));
  $("legend").replaceChildren(...Object.entries(table).filter(([k]) => present.has(k))
    .map(([k, c]) => el("span", {}, el("span", { class: "swatch", style: `background:${c}` }), k)));
}

function recolour(by) {
  colourBy = by;
  cy.style(xwalkGraphStyle(by, PALETTE));
  legend();
}

async function loadProfile(file) {
  const type = file.name.endsWith(".ttl") ? "text/turtle" : file.name.endsWith(".jsonld") ? "application/ld+json" : "application/json";
  status(`analysing ${file.name}…`);
  try {
    const data = await getJson("/api/v1/export?format=cytoscape", { method: "POST", headers: { "Content-Type": type }, body: await file.text() });
    merge(data, true);
    const option = $("colour-by").querySelector("option[value=verdict]");
    option.disabled = false;
    option.textContent = `verdict (${file.name})`;
    $("colour-by").value = "verdict";
    recolour("verdict");
  } catch (err) { status(`error: ${err.message}`); }
}

// One HTML file: the Cytoscape library, the style and the graph as drawn (positions kept), nothing else.
async function snapshot() {
  const lib = await (await fetch("/assets/vendor/cytoscape/cytoscape.min.js")).text();
  const style = await (await fetch("/assets/graph-style.js")).text();
  const safe = (s) => s.replace(/<\/(script)/gi, "<\\/$1");
  const elements = JSON.stringify(cy.elements().jsons().map((e) => ({ group: e.group, data: e.data, position: e.position })));
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>xwalk explorer: saved view</title>
<style>html,body{margin:0;height:100%;font-family:system-ui,sans-serif}#cy{position:absolute;inset:2rem 0 0 0}p{margin:.4rem 1rem;font-size:.85rem}</style></head>
<body><p>xwalk explorer, saved view: ${cy.nodes().length} provisions, ${cy.edges().length} links, coloured by ${colourBy}. Licence of the library: MIT (Cytoscape.js).</p><div id="cy"></div>
<script>${safe(lib)}</script>\n<script>${safe(style)}</script>
<script>window.cy = cytoscape({container: document.getElementById("cy"), elements: ${safe(elements)},
style: xwalkGraphStyle(${JSON.stringify(colourBy)}, ${safe(JSON.stringify(PALETTE))}), layout: {name: "preset"}});</script>
</body></html>\n`;
}

async function save() {
  const html = await snapshot();
  const a = el("a", { href: URL.createObjectURL(new Blob([html], { type: "text/html" })), download: "xwalk-explorer.html" });
  document.body.append(a);
  a.click();
  a.remove();
}

cy.on("tap", "node", (ev) => detail(ev.target.id()).catch((err) => status(`error: ${err.message}`)));
cy.on("dbltap", "node", (ev) => show(ev.target.id()));
cy.on("add remove", () => legend());
$("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); search($("search").value.trim()); });
$("colour-by").addEventListener("change", (ev) => recolour(ev.target.value));
$("profile").addEventListener("change", (ev) => ev.target.files[0] && loadProfile(ev.target.files[0]));
$("clear").addEventListener("click", () => { cy.elements().remove(); status(""); });
$("save").addEventListener("click", save);

window.xwalk = { cy, show, search, snapshot, loadProfile };

const params = new URLSearchParams(location.search);
if (params.get("id")) show(params.get("id"), true);
else if (params.get("scope")) addScope(params.get("scope"), true).catch((err) => status(`error: ${err.message}`));
else if (params.get("q")) { $("search").value = params.get("q"); search(params.get("q")); }

// The query page: YASQE (editor) and YASR (results: a sortable, paged table) from the vendored Yasgui bundle,
// the named queries as examples, downloads in every format; provision identifiers open the explorer.
// Queries go to /sparql from this script, so errors show the endpoint's problem detail and status.
"use strict";

const PREFIXES = JSON.parse(document.getElementById("config").textContent);
const ID_BASE = "https://w3id.org/xwalk/id/";
const PROVISION_PREFIXES = Object.entries(PREFIXES).filter(([, ns]) => ns.startsWith(ID_BASE));
const RESULT_FORMATS = ["json", "xml", "csv", "tsv"];
const GRAPH_FORMATS = ["turtle", "ntriples", "jsonld", "rdfxml"];
const SUFFIX = { turtle: "ttl", ntriples: "nt", jsonld: "jsonld", rdfxml: "rdf" };

const $ = (id) => document.getElementById(id);

function prologue() {
  return Object.keys(PREFIXES).sort().map((p) => `PREFIX ${p}: <${PREFIXES[p]}>`).join("\n");
}

// A provision's CURIE (euaia:art-15), or null: provisions are ID_BASE/<framework>/<local id>.
function provisionCurie(iri) {
  for (const [prefix, ns] of PROVISION_PREFIXES) {
    const local = iri.startsWith(ns) ? iri.slice(ns.length) : "";
    if (local && !local.includes("/")) return `${prefix}:${local}`;
  }
  return null;
}

const yasqe = new Yasgui.Yasqe($("editor"), {
  persistenceId: null,
  value: "",
  autocompleters: ["prefixes", "variables"], // the class and property completers ask a service elsewhere
  showQueryButton: true,
  resizeable: true,
  editorHeight: "320px",
  requestConfig: { endpoint: `${location.origin}/sparql`, method: "POST" },
});
yasqe.addPrefixes(PREFIXES);
yasqe.query = () => run(); // the editor's own button and Ctrl+Enter run through this page
const yasr = new Yasgui.Yasr($("yasr"), {
  persistenceId: null,
  prefixes: PREFIXES,
  defaultPlugin: "table",
  pluginOrder: ["table", "response"],
});

// The table redraws on sort and page: keep every provision link pointing at the explorer.
function linkProvisions(root) {
  for (const a of root.querySelectorAll("a[href^='" + ID_BASE + "']")) {
    const curie = provisionCurie(a.getAttribute("href"));
    if (!curie) continue;
    a.setAttribute("href", `/explore?id=${encodeURIComponent(curie)}`);
    a.classList.add("provision");
    a.removeAttribute("target");
    a.textContent = curie;
  }
}
new MutationObserver(() => linkProvisions($("yasr"))).observe($("yasr"), { childList: true, subtree: true });

function showDownloads(formats, query) {
  const box = $("downloads");
  box.replaceChildren(document.createTextNode("Download: "));
  for (const fmt of formats) {
    const a = document.createElement("a");
    a.href = `/sparql?${new URLSearchParams({ query, format: fmt })}`;
    a.download = `results.${SUFFIX[fmt] || fmt}`;
    a.dataset.format = fmt;
    a.textContent = fmt;
    box.append(a, " ");
  }
  box.hidden = false;
}

function showError(text) {
  $("error").textContent = text;
  $("error").hidden = false;
}

async function run() {
  const query = yasqe.getValue();
  $("error").hidden = true;
  $("downloads").hidden = true;
  $("status").textContent = "Running…";
  const started = performance.now();
  let response;
  try {
    response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: query,
    });
  } catch (err) {
    $("status").textContent = "";
    showError(`The service did not answer: ${err}`);
    return;
  }
  const ms = performance.now() - started;
  const seconds = (ms / 1000).toFixed(2);
  const type = response.headers.get("content-type") || "";
  const content = await response.text();
  if (!response.ok) {
    $("status").textContent = `Failed (${response.status}) after ${seconds} s`;
    let detail = content;
    try { const p = JSON.parse(content); detail = p.detail || p.title || content; } catch { /* not JSON */ }
    showError(detail);
    yasr.setResponse({ ok: false, status: response.status, statusText: detail, headers: response.headers, content: "" }, Math.round(ms));
    return;
  }
  yasr.setResponse({ ok: true, status: response.status, statusText: response.statusText, headers: response.headers, type: response.type, content }, Math.round(ms));
  if (type.startsWith("text/turtle")) {
    $("status").textContent = `Graph result in ${seconds} s`;
    showDownloads(GRAPH_FORMATS, query);
    return;
  }
  const doc = JSON.parse(content);
  const count = "boolean" in doc ? 1 : doc.results.bindings.length;
  $("status").textContent = `${count} row${count === 1 ? "" : "s"} in ${seconds} s`;
  showDownloads(RESULT_FORMATS, query);
}

async function loadExamples() {
  const select = $("examples");
  let listing;
  try {
    listing = await (await fetch("/api/v1/queries")).json();
  } catch (err) {
    showError(`Could not load the named queries: ${err}`);
    return;
  }
  const groups = {};
  for (const q of listing.data) {
    const folder = q.name.includes("/") ? q.name.split("/")[0] : "queries";
    if (!groups[folder]) groups[folder] = Object.assign(document.createElement("optgroup"), { label: folder });
    const option = new Option(q.name, q.name);
    option.dataset.sparql = q.sparql;
    option.dataset.summary = q.summary;
    groups[folder].append(option);
  }
  const order = Object.keys(groups).sort((a, b) => (a === "examples" ? -1 : b === "examples" ? 1 : a.localeCompare(b)));
  for (const folder of order) select.append(groups[folder]);
  select.dataset.loaded = String(listing.count);
}

function pick() {
  const option = $("examples").selectedOptions[0];
  if (!option || !option.value) return;
  yasqe.setValue(option.dataset.sparql);
  $("example-summary").textContent = option.dataset.summary;
}

function init() {
  $("prefix-list").textContent = prologue();
  const fromUrl = new URLSearchParams(location.search).get("query");
  yasqe.setValue(fromUrl || `${prologue()}\n\nSELECT ?framework ?title WHERE {\n  ?framework a xw:Framework ;\n             dcterms:title ?title .\n}\nORDER BY ?framework\n`);
  $("examples").addEventListener("change", pick);
  $("run").addEventListener("click", run);
  loadExamples();
  window.xwalkQuery = { yasqe, yasr, run };
  if (fromUrl) run();
}

init();

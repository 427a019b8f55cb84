// The query page: pick a named query or write one, run it against /sparql, show the rows.
// Plain browser JavaScript, no libraries: everything the page needs is served by the app.
"use strict";

const PREFIXES = JSON.parse(document.getElementById("config").textContent);
const ID_BASE = "https://w3id.org/xwalk/id/";
const PROVISION_PREFIXES = Object.entries(PREFIXES)
  .filter(([, ns]) => ns.startsWith(ID_BASE))
  .map(([prefix, ns]) => [prefix, ns]);
const RESULT_FORMATS = ["json", "xml", "csv", "tsv"];
const GRAPH_FORMATS = ["turtle", "ntriples", "jsonld", "rdfxml"];

const $ = (id) => document.getElementById(id);
const editor = $("editor");

function prologue() {
  return Object.keys(PREFIXES).sort()
    .map((p) => `PREFIX ${p}: <${PREFIXES[p]}>`).join("\n");
}

// The shortest CURIE for an IRI, or the IRI itself.
function shorten(iri) {
  let best = null;
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [prefix, ns];
  }
  return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
}

// A provision's CURIE (euaia:art-15), or null: provisions are ID_BASE/<framework>/<local id>.
function provisionCurie(iri) {
  for (const [prefix, ns] of PROVISION_PREFIXES) {
    const local = iri.startsWith(ns) ? iri.slice(ns.length) : "";
    if (local && !local.includes("/")) return `${prefix}:${local}`;
  }
  return null;
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    const curie = provisionCurie(term.value);
    if (curie) {
      const a = document.createElement("a");
      a.href = `/api/v1/provisions/${curie}`;
      a.textContent = curie;
      a.className = "provision";
      td.appendChild(a);
    } else {
      td.textContent = shorten(term.value);
      td.title = term.value;
    }
  } else if (term.type === "bnode") {
    td.textContent = `_:${term.value}`;
  } else {
    td.textContent = term.value;
    if (term["xml:lang"]) td.title = `@${term["xml:lang"]}`;
    else if (term.datatype) td.title = shorten(term.datatype);
  }
  return td;
}

function showTable(doc) {
  const table = $("results");
  const head = table.tHead;
  const body = table.tBodies[0];
  head.replaceChildren();
  body.replaceChildren();
  if ("boolean" in doc) {
    const tr = head.insertRow();
    tr.appendChild(Object.assign(document.createElement("th"), { textContent: "answer" }));
    body.insertRow().appendChild(Object.assign(document.createElement("td"), { textContent: String(doc.boolean) }));
    table.hidden = false;
    return 1;
  }
  const vars = doc.head.vars;
  const tr = head.insertRow();
  for (const v of vars) tr.appendChild(Object.assign(document.createElement("th"), { textContent: v }));
  for (const binding of doc.results.bindings) {
    const row = body.insertRow();
    for (const v of vars) row.appendChild(cell(binding[v]));
  }
  table.hidden = false;
  return doc.results.bindings.length;
}

function showDownloads(formats, query) {
  const box = $("downloads");
  box.replaceChildren(document.createTextNode("Download: "));
  for (const fmt of formats) {
    const a = document.createElement("a");
    a.href = `/sparql?${new URLSearchParams({ query, format: fmt })}`;
    a.download = `results.${{ turtle: "ttl", ntriples: "nt", jsonld: "jsonld", rdfxml: "rdf" }[fmt] || fmt}`;
    a.dataset.format = fmt;
    a.textContent = fmt;
    box.appendChild(a);
    box.appendChild(document.createTextNode(" "));
  }
  box.hidden = false;
}

async function run() {
  const query = editor.value;
  const status = $("status");
  $("error").hidden = true;
  $("results").hidden = true;
  $("graph").hidden = true;
  $("downloads").hidden = true;
  status.textContent = "Running…";
  const started = performance.now();
  let response;
  try {
    response = await fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        Accept: "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: query,
    });
  } catch (err) {
    status.textContent = "";
    showError(`The service did not answer: ${err}`);
    return;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const type = response.headers.get("content-type") || "";
  if (!response.ok) {
    status.textContent = `Failed (${response.status}) after ${seconds} s`;
    const problem = type.includes("json") ? await response.json() : { detail: await response.text() };
    showError(problem.detail || problem.title || `HTTP ${response.status}`);
    return;
  }
  if (type.startsWith("text/turtle")) {
    const graph = $("graph");
    graph.textContent = await response.text();
    graph.hidden = false;
    status.textContent = `Graph result in ${seconds} s`;
    showDownloads(GRAPH_FORMATS, query);
    return;
  }
  const count = showTable(await response.json());
  status.textContent = `${count} row${count === 1 ? "" : "s"} in ${seconds} s`;
  showDownloads(RESULT_FORMATS, query);
}

function showError(text) {
  const box = $("error");
  box.textContent = text;
  box.hidden = false;
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
    if (!groups[folder]) {
      groups[folder] = document.createElement("optgroup");
      groups[folder].label = folder;
    }
    const option = new Option(q.name, q.name);
    option.dataset.sparql = q.sparql;
    option.dataset.summary = q.summary;
    groups[folder].appendChild(option);
  }
  const order = Object.keys(groups).sort((a, b) => (a === "examples" ? -1 : b === "examples" ? 1 : a.localeCompare(b)));
  for (const folder of order) select.appendChild(groups[folder]);
  select.dataset.loaded = String(listing.count);
}

function pick() {
  const option = $("examples").selectedOptions[0];
  if (!option || !option.value) return;
  editor.value = option.dataset.sparql;
  $("example-summary").textContent = option.dataset.summary;
}

function init() {
  $("prefix-list").textContent = prologue();
  const fromUrl = new URLSearchParams(location.search).get("query");
  editor.value = fromUrl || `${prologue()}\n\nSELECT ?framework ?title WHERE {\n  ?framework a xw:Framework ;\n             dcterms:title ?title .\n}\nORDER BY ?framework\n`;
  $("examples").addEventListener("change", pick);
  $("run").addEventListener("click", run);
  editor.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  });
  loadExamples();
  if (fromUrl) run();
}

init();

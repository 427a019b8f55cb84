// The gap report form: post the profile to /api/v1/gap-analysis asking for HTML, then show that page.
"use strict";

const $ = (id) => document.getElementById(id);

$("file").addEventListener("change", async (ev) => {
  const file = ev.target.files[0];
  if (!file) return;
  $("profile").value = await file.text();
  $("syntax").value = file.name.endsWith(".ttl") ? "text/turtle" : file.name.endsWith(".jsonld") ? "application/ld+json" : "application/json";
});

$("run").addEventListener("click", async () => {
  $("error").hidden = true;
  $("status").textContent = "analysing…";
  const r = await fetch("/api/v1/gap-analysis", {
    method: "POST", headers: { "Content-Type": $("syntax").value, Accept: "text/html" }, body: $("profile").value,
  });
  if (!r.ok) {
    const problem = await r.json();
    const where = (problem.errors || []).map((e) => `${e.pointer || "/"}: ${e.message}`).join("\n");
    $("error").textContent = `${problem.title}: ${problem.detail}${where ? "\n" + where : ""}`;
    $("error").hidden = false;
    $("status").textContent = `failed (${r.status})`;
    return;
  }
  const html = await r.text();
  document.open();
  document.write(html);
  document.close();
});

// The Cytoscape.js style of the explorer, shared with the saved HTML file (which inlines this script).
"use strict";

function xwalkGraphStyle(colourBy, palette) {
  const colour = (key) => (node) => {
    const value = node.data(key);
    const table = key === "verdict" ? palette.verdicts : palette.frameworks;
    return table[value] || palette.other;
  };
  return [
    { selector: "node", style: {
      "background-color": colour(colourBy), "border-width": 1, "border-color": "#666",
      "label": "data(identifier)", "font-size": 9, "text-valign": "bottom", "text-margin-y": 2,
      "width": 18, "height": 18 } },
    { selector: "node[kind = 'Article'], node[kind = 'Clause'], node[kind = 'Function']", style: { "shape": "round-rectangle" } },
    { selector: "node:selected", style: { "border-width": 3, "border-color": "#0b5cad" } },
    { selector: "edge", style: {
      "width": "mapData(strength, 0, 10, 0.5, 4)", "line-color": "#8a8a8a", "curve-style": "bezier",
      "target-arrow-shape": "triangle", "target-arrow-color": "#8a8a8a", "arrow-scale": 0.6 } },
    { selector: "edge[kind = 'part-of']", style: { "width": 1, "line-style": "dashed", "line-color": "#c4c4c4",
      "target-arrow-shape": "none" } },
    { selector: "edge[relation = 'equal']", style: { "line-color": "#2e7d32", "target-arrow-color": "#2e7d32" } },
    { selector: "edge[relation = 'no-relationship']", style: { "line-color": "#c62828", "line-style": "dotted",
      "target-arrow-color": "#c62828" } },
  ];
}

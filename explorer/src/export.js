// Take the current view away: a PNG of the drawing and a GraphML file of its nodes and edges (opens in Gephi,
// yEd, networkx), written here from exactly what the view shows.

import { download } from "./ui.js";

const XML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const esc = (value) => String(value).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);

const NODE_KEYS = [
  ["name", "string"],
  ["shortName", "string"],
  ["kind", "string"],
  ["type", "string"],
  ["country", "string"],
  ["countries", "string"],
  ["distance", "int"],
];
const EDGE_KEYS = [
  ["type", "string"],
  ["role", "string"],
  ["roleClass", "string"],
  ["membershipStatus", "string"],
  ["since", "string"],
  ["until", "string"],
  ["datesDerived", "boolean"],
  ["confidence", "string"],
  ["sources", "string"],
];
const GRAPH_KEYS = [
  ["view", "string"],
  ["asOf", "string"],
  ["rolesUsed", "string"],
  ["url", "string"],
];

const nodeValue = {
  type: (n) => n.typename,
  countries: (n) => (n.countries ?? []).join(";"),
};
const edgeValue = { sources: (e) => (e.sources ?? []).join(" ") };

function dataLines(prefix, keys, item, getters = {}) {
  const lines = [];
  for (const [name] of keys) {
    const value = getters[name] ? getters[name](item) : item[name];
    if (value === null || value === undefined || value === "") continue;
    lines.push(`      <data key="${prefix}_${name}">${esc(value)}</data>`);
  }
  return lines;
}

/** GraphML text for a view: `nodes` and `edges` in the shapes queries.js returns, `meta` for graph data. */
export function toGraphML({ nodes, edges, meta = {} }) {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '  xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const [name, type] of GRAPH_KEYS)
    out.push(`  <key id="g_${name}" for="graph" attr.name="${name}" attr.type="${type}"/>`);
  for (const [name, type] of NODE_KEYS)
    out.push(`  <key id="n_${name}" for="node" attr.name="${name}" attr.type="${type}"/>`);
  for (const [name, type] of EDGE_KEYS)
    out.push(`  <key id="e_${name}" for="edge" attr.name="${name}" attr.type="${type}"/>`);
  out.push('  <graph id="partnernet" edgedefault="directed">');
  for (const [name] of GRAPH_KEYS) {
    if (meta[name]) out.push(`    <data key="g_${name}">${esc(meta[name])}</data>`);
  }
  for (const n of nodes) {
    out.push(`    <node id="${esc(n.id)}">`, ...dataLines("n", NODE_KEYS, n, nodeValue), "    </node>");
  }
  for (const e of edges) {
    out.push(
      `    <edge id="${esc(e.id)}" source="${esc(e.source)}" target="${esc(e.target)}">`,
      ...dataLines("e", EDGE_KEYS, e, edgeValue),
      "    </edge>",
    );
  }
  out.push("  </graph>", "</graphml>", "");
  return out.join("\n");
}

export function exportGraphML(view, filename) {
  const text = toGraphML(view);
  download(filename, new Blob([text], { type: "application/graphml+xml" }));
}

export function exportPNG(cy, filename) {
  const blob = cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff", maxWidth: 4000, maxHeight: 4000 });
  download(filename, blob);
}

/** A file name for an export: partnernet-<view>-<subject>-<date>.<ext>, safe on every file system. */
export function exportName(view, subject, asOf, ext) {
  const safe = (s) =>
    String(s || "")
      .replace(/^[A-Za-z]+:/, "")
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .slice(0, 60);
  return ["partnernet", view, safe(subject), asOf || "any-date"].filter(Boolean).join("-") + `.${ext}`;
}

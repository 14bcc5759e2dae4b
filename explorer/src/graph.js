// Cytoscape.js graphs (the map and the path finder's drawing): elements from network nodes and edges, a layout that
// draws the same picture for the same data, labels on hover or zoom, and the legend.

import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { graphStyle, kindColour, kindLabel, KINDS, LINK_STYLES } from "./kinds.js";
import { h, fill } from "./ui.js";

cytoscape.use(fcose);

/** A graph in `container`; `onTapNode(id)` / `onTapEdge(id)` run on a click or tap on a node / an edge. */
export function createGraph(container, { onTapNode, onTapEdge } = {}) {
  const cy = cytoscape({
    container,
    style: graphStyle(),
    minZoom: 0.1,
    maxZoom: 4,
    boxSelectionEnabled: false,
    selectionType: "single",
  });
  if (onTapNode)
    cy.on("tap", "node", (event) => {
      const node = event.target;
      if (node.hasClass("country-group")) return;
      onTapNode(node.id());
    });
  if (onTapEdge) cy.on("tap", "edge", (event) => onTapEdge(event.target.id()));
  // A label shows on hover (and always on the centre, the selection and highlighted nodes, or once zoomed in).
  cy.on("mouseover", "node", (event) => event.target.addClass("hover"));
  cy.on("mouseout", "node", (event) => event.target.removeClass("hover"));
  // Cytoscape measures its container once; a container that was hidden (another tab) has no size yet.
  new ResizeObserver(() => cy.resize()).observe(container);
  return cy;
}

export const displayName = (n) => n.shortName || n.name;

export function edgeLabel(e) {
  const role = e.type === "MEMBER_OF" ? (e.membershipStatus ?? "MEMBER").toLowerCase() : (e.role ?? "").toLowerCase();
  return role.replaceAll("_", " ");
}

const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Cytoscape elements for nodes and edges, in id order (the layout depends on the order it is given);
 * `groupByCountry` nests organisations in country boxes, `sizes` and `colours` (id -> value) override the
 * kind's defaults, `classes` (id -> class names) mark nodes and edges.
 */
export function toElements(
  nodes,
  edges,
  { groupByCountry = false, countryNames = new Map(), classes = {}, sizes = null, colours = null } = {},
) {
  const elements = [];
  const countries = new Set();
  for (const n of [...nodes].sort(byId)) {
    const parent =
      groupByCountry && n.country && !["PROJECT", "PROGRAMME", "NETWORK"].includes(n.kind)
        ? `group:${n.country}`
        : undefined;
    if (parent) countries.add(n.country);
    const data = { id: n.id, label: displayName(n), name: n.name, kind: n.kind, country: n.country ?? "", parent };
    if (sizes?.has(n.id)) data.size = sizes.get(n.id);
    if (colours?.has(n.id)) data.colour = colours.get(n.id);
    if (n.sensitive) data.sensitive = true;
    elements.push({ group: "nodes", data, classes: classes[n.id] ?? "" });
  }
  for (const code of [...countries].sort()) {
    elements.push({
      group: "nodes",
      data: {
        id: `group:${code}`,
        label: countryNames.get(code) ? `${countryNames.get(code)} (${code})` : code,
        kind: "GROUP",
      },
      classes: "country-group",
    });
  }
  for (const e of [...edges].sort(byId)) {
    elements.push({
      group: "edges",
      data: { id: e.id, source: e.source, target: e.target, type: e.type, role: e.role ?? "", label: edgeLabel(e) },
      classes: [e.roleClass === "STRUCTURAL" ? "structural" : "", classes[e.id] ?? ""].join(" ").trim(),
    });
  }
  return elements;
}

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same numbers. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of a text (FNV-1a), to seed the layout from what is drawn. */
export function hashText(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Run a layout with Math.random seeded from the drawn elements' ids: fcose (and the cose base under it) draws its
 * starting positions and tie-breaks from Math.random, so the same data gives the same picture and a shared link
 * redraws what its sender saw. The layout runs synchronously (animate: false), so the swap is confined to it.
 */
function runSeeded(cy, options) {
  const seed = hashText(
    cy
      .elements()
      .map((el) => el.id())
      .join("|"),
  );
  const random = Math.random;
  Math.random = seededRandom(seed);
  try {
    cy.layout(options).run();
  } finally {
    Math.random = random;
  }
}

/** Replace the graph's elements and lay them out (synchronously, so screenshots and tests see the result). */
export function draw(cy, elements, { layout = "fcose", roots = [] } = {}) {
  cy.batch(() => {
    cy.elements().remove();
    cy.add(elements);
  });
  const nodeCount = cy.nodes().length;
  const grouped = cy.nodes(".country-group").nonempty();
  if (!nodeCount) return;
  let options;
  if (layout === "breadthfirst") {
    options = {
      name: "breadthfirst",
      roots: roots.length ? roots : undefined,
      directed: false,
      spacingFactor: 1.1,
      animate: false,
      fit: true,
      padding: 30,
    };
  } else if (nodeCount < 3) {
    options = { name: "grid", animate: false, fit: true, padding: 60 };
  } else {
    options = {
      name: "fcose",
      quality: "default",
      randomize: true,
      animate: false,
      fit: true,
      padding: 30,
      // Country boxes need more room between them than loose nodes do.
      nodeRepulsion: grouped ? 12000 : 6000,
      idealEdgeLength: grouped ? 90 : 70,
      nestingFactor: grouped ? 0.3 : 0.6,
      nodeSeparation: 90,
      packComponents: true,
    };
  }
  runSeeded(cy, options);
  declutter(cy);
}

// What a label and a node body cover (overlays and underlays, drawn only on hover or highlight, left out).
export const LABEL = { includeNodes: false, includeLabels: true, includeOverlays: false, includeUnderlays: false };
const BODY = { includeNodes: true, includeLabels: false, includeOverlays: false, includeUnderlays: false };
const overlaps = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/**
 * Hide the labels that would collide: labels are placed greedily, the centre, ends and highlighted nodes first,
 * then bigger nodes, then by id; a label overlapping one already placed (or another node) is hidden (`crowded`)
 * until the node is hovered or selected. Labels scale with the zoom, so this holds at every zoom.
 */
export function declutter(cy) {
  const rank = (n) => (n.hasClass("root") || n.hasClass("endpoint") ? 0 : n.hasClass("highlight") ? 1 : 2);
  const nodes = cy
    .nodes()
    .not(".country-group")
    .sort((a, b) => rank(a) - rank(b) || b.width() - a.width() || (a.id() < b.id() ? -1 : 1));
  const bodies = nodes.map((n) => ({ id: n.id(), box: n.boundingBox(BODY) }));
  const placed = [];
  cy.batch(() => {
    for (const n of nodes) {
      const box = n.boundingBox(LABEL);
      const clash = placed.some((p) => overlaps(p, box)) || bodies.some((b) => b.id !== n.id() && overlaps(b.box, box));
      n.toggleClass("crowded", clash);
      if (!clash) placed.push(box);
    }
  });
}

function lineSample(style) {
  const line = `${style.width}px ${style.dashed ? "dashed" : "solid"} ${style.colour}`;
  return h("span", { class: "line-sample", style: { borderTop: line }, "aria-hidden": "true" });
}

/**
 * A legend for what the graph shows: the kinds present (or the communities, when colours are theirs), the link
 * styles present, the sensitive mark and the size rule.
 */
export function legend(container, { kinds, links = new Set(), communities = null, sensitive = false, size = "" }) {
  const swatch = (colour, text, shape = "") =>
    h(
      "span",
      { class: "legend-item" },
      h("span", { class: `swatch ${shape}`, style: { background: colour }, "aria-hidden": "true" }),
      text,
    );
  const items = communities
    ? communities.map(([label, colour]) => swatch(colour, label))
    : Object.keys(KINDS)
        .filter((k) => kinds.has(k))
        .map((k) => swatch(kindColour(k), kindLabel(k)));
  for (const [key, style] of Object.entries(LINK_STYLES))
    if (links.has(key)) items.push(h("span", { class: "legend-item" }, lineSample(style), style.label));
  if (sensitive) items.push(swatch("#fff", "Sensitive (editors only)", "sensitive"));
  if (size) items.push(h("span", { class: "legend-item muted" }, `Size: ${size}`));
  fill(container, items);
}

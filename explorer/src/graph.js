// Cytoscape.js graphs (the map and the path finder's drawing): elements from network nodes and edges, layouts.

import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { graphStyle, kindColour, kindLabel, KINDS } from "./kinds.js";
import { h, fill } from "./ui.js";

cytoscape.use(fcose);

/** A graph in `container`; `onTapNode(id)` runs on a click or tap on a node. */
export function createGraph(container, { onTapNode } = {}) {
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
  // Cytoscape measures its container once; a container that was hidden (another tab) has no size yet.
  new ResizeObserver(() => cy.resize()).observe(container);
  return cy;
}

export const displayName = (n) => n.shortName || n.name;

export function edgeLabel(e) {
  const role = e.type === "MEMBER_OF" ? (e.membershipStatus ?? "MEMBER").toLowerCase() : (e.role ?? "").toLowerCase();
  return role.replaceAll("_", " ");
}

/** Cytoscape elements for nodes and edges; `groupByCountry` nests organisations in country boxes. */
export function toElements(nodes, edges, { groupByCountry = false, countryNames = new Map(), classes = {} } = {}) {
  const elements = [];
  const countries = new Set();
  for (const n of nodes) {
    const parent =
      groupByCountry && n.country && !["PROJECT", "PROGRAMME", "NETWORK"].includes(n.kind)
        ? `group:${n.country}`
        : undefined;
    if (parent) countries.add(n.country);
    elements.push({
      group: "nodes",
      data: { id: n.id, label: displayName(n), name: n.name, kind: n.kind, country: n.country ?? "", parent },
      classes: classes[n.id] ?? "",
    });
  }
  for (const code of countries) {
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
  for (const e of edges) {
    elements.push({
      group: "edges",
      data: { id: e.id, source: e.source, target: e.target, type: e.type, role: e.role ?? "", label: edgeLabel(e) },
      classes: [e.roleClass === "STRUCTURAL" ? "structural" : "", classes[e.id] ?? ""].join(" ").trim(),
    });
  }
  return elements;
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
  cy.layout(options).run();
}

/** A legend for the kinds present in the graph. */
export function legend(container, kinds) {
  const present = Object.keys(KINDS).filter((k) => kinds.has(k));
  fill(
    container,
    present.map((k) =>
      h(
        "span",
        { class: "legend-item" },
        h("span", { class: "swatch", style: { background: kindColour(k) }, "aria-hidden": "true" }),
        kindLabel(k),
      ),
    ),
  );
}

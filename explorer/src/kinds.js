// Kinds of node, their labels, colours (Okabe-Ito, distinguishable with colour-blindness) and shapes.

export const ORG_KINDS = ["NHRI", "NATIONAL_AUTHORITY", "CIVIL_SOCIETY", "DONOR", "INTERNATIONAL", "COE_ENTITY"];

export const KINDS = {
  NHRI: { label: "NHRI", colour: "#D55E00", shape: "ellipse" },
  NATIONAL_AUTHORITY: { label: "National authority", colour: "#0072B2", shape: "ellipse" },
  CIVIL_SOCIETY: { label: "Civil society", colour: "#009E73", shape: "ellipse" },
  DONOR: { label: "Donor", colour: "#E69F00", shape: "ellipse" },
  INTERNATIONAL: { label: "International organisation", colour: "#56B4E9", shape: "ellipse" },
  COE_ENTITY: { label: "Council of Europe entity", colour: "#CC79A7", shape: "ellipse" },
  PROJECT: { label: "Project", colour: "#F0E442", shape: "round-rectangle" },
  PROGRAMME: { label: "Programme", colour: "#B8A04A", shape: "hexagon" },
  NETWORK: { label: "Network", colour: "#7B52AB", shape: "diamond" },
  COUNTRY: { label: "Country", colour: "#6B6B6B", shape: "round-tag" },
  REGION: { label: "Region", colour: "#9A9A9A", shape: "round-tag" },
  THEME: { label: "Theme", colour: "#BBBBBB", shape: "tag" },
  ACTION_PLAN: { label: "Action plan", colour: "#8FBC8F", shape: "rectangle" },
  COE_BODY: { label: "Council of Europe body", colour: "#E7A1C9", shape: "octagon" },
  OTHER: { label: "Other", colour: "#CCCCCC", shape: "ellipse" },
};

const TYPENAME_KIND = {
  Project: "PROJECT",
  Programme: "PROGRAMME",
  Network: "NETWORK",
  Country: "COUNTRY",
  Region: "REGION",
  Theme: "THEME",
  ActionPlan: "ACTION_PLAN",
  CoeBody: "COE_BODY",
};

/** The drawing kind of a node: an organisation's kind, else its type (Project -> PROJECT). */
export function kindOf(kind, typename) {
  const k = (kind ?? "").toString().toUpperCase();
  if (KINDS[k]) return k;
  if (typename && TYPENAME_KIND[typename]) return TYPENAME_KIND[typename];
  const fromLabel = k.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
  if (KINDS[fromLabel]) return fromLabel;
  if (k === "CIVIL_SOCIETY_ORGANISATION") return "CIVIL_SOCIETY";
  if (k === "INTERNATIONAL_ORGANISATION") return "INTERNATIONAL";
  return "OTHER";
}

export const kindLabel = (k) => (KINDS[k] ?? KINDS.OTHER).label;

/** How links are drawn: the legend names each style present (an edge's key is linkStyle(edge)). */
export const LINK_STYLES = {
  PARTNERSHIP: { label: "Partnership (project, programme)", colour: "#8a8a8a", width: 2, dashed: false },
  MEMBERSHIP: { label: "Network membership", colour: "#7B52AB", width: 2, dashed: true },
  STRUCTURAL: { label: "Structural (implementer, funder)", colour: "#c8c8c8", width: 2, dashed: false },
};
export const linkStyle = (e) =>
  e.type === "MEMBER_OF" ? "MEMBERSHIP" : e.roleClass === "STRUCTURAL" ? "STRUCTURAL" : "PARTNERSHIP";

// Colours of communities 1..12 (Tol's "muted" and "bright" sets, told apart with colour-blindness); further ones
// share the last, grey.
export const COMMUNITY_COLOURS = [
  "#332288",
  "#88CCEE",
  "#44AA99",
  "#117733",
  "#999933",
  "#DDCC77",
  "#CC6677",
  "#882255",
  "#AA4499",
  "#EE7733",
  "#0077BB",
  "#EE3377",
];
export const OTHER_COMMUNITY = "#DDDDDD";
export const communityColour = (index) => COMMUNITY_COLOURS[index - 1] ?? OTHER_COMMUNITY;
export const kindColour = (k) => (KINDS[k] ?? KINDS.OTHER).colour;

/** Cytoscape's stylesheet for every graph of the page. */
export function graphStyle() {
  const byKind = Object.entries(KINDS).map(([k, v]) => ({
    selector: `node[kind = "${k}"]`,
    style: { "background-color": v.colour, shape: v.shape },
  }));
  return [
    {
      selector: "node",
      style: {
        label: "data(label)",
        "font-size": 10,
        // No labels when zoomed far out (they would be unreadable); graph.js declutter() hides colliding ones.
        "min-zoomed-font-size": 7,
        "text-wrap": "ellipsis",
        "text-max-width": 120,
        "text-valign": "bottom",
        "text-margin-y": 3,
        color: "#1b1b1b",
        "text-outline-color": "#fff",
        "text-outline-width": 2,
        width: 22,
        height: 22,
        "border-width": 1,
        "border-color": "#333",
      },
    },
    ...byKind,
    { selector: "node[size]", style: { width: "data(size)", height: "data(size)" } },
    { selector: "node[colour]", style: { "background-color": "data(colour)" } },
    { selector: "node[?sensitive]", style: { "border-color": "#a00000", "border-width": 3, "border-style": "dotted" } },
    { selector: "node.crowded", style: { "text-opacity": 0 } },
    {
      selector: "node.hover, node:selected",
      style: {
        "min-zoomed-font-size": 0,
        "z-index": 10,
        "text-opacity": 1,
        "text-background-color": "#fff",
        "text-background-opacity": 0.9,
        "text-background-padding": 2,
      },
    },
    {
      selector: "node.highlight",
      style: {
        "border-width": 4,
        "border-color": "#000",
        "underlay-color": "#ffbf47",
        "underlay-padding": 5,
        "underlay-opacity": 0.8,
        "underlay-shape": "ellipse",
      },
    },
    { selector: "node.root", style: { width: 34, height: 34, "border-width": 3, "font-weight": "bold" } },
    { selector: "node.expanded", style: { "border-style": "double", "border-width": 4 } },
    { selector: "node:selected", style: { "border-color": "#000", "border-width": 4, "overlay-opacity": 0.08 } },
    { selector: "node.endpoint", style: { width: 34, height: 34, "border-width": 3, "font-weight": "bold" } },
    {
      selector: "node.country-group",
      style: {
        shape: "round-rectangle",
        "background-color": "#f4f4f4",
        "background-opacity": 0.7,
        "border-color": "#9a9a9a",
        "border-style": "dashed",
        label: "data(label)",
        "text-valign": "top",
        "text-halign": "center",
        "font-size": 12,
        "font-weight": "bold",
        padding: 12,
      },
    },
    {
      selector: "edge",
      style: {
        width: 1.5,
        "line-color": LINK_STYLES.PARTNERSHIP.colour,
        "curve-style": "bezier",
        "target-arrow-shape": "none",
        label: "",
        "font-size": 8,
        color: "#444",
        "text-rotation": "autorotate",
        "text-background-color": "#fff",
        "text-background-opacity": 0.8,
      },
    },
    {
      selector: 'edge[type = "MEMBER_OF"]',
      style: { "line-style": "dashed", "line-color": LINK_STYLES.MEMBERSHIP.colour },
    },
    { selector: "edge.structural", style: { "line-color": LINK_STYLES.STRUCTURAL.colour } },
    { selector: "edge.path", style: { width: 3, "line-color": "#333", label: "data(label)" } },
    { selector: "edge:selected", style: { width: 4, "line-color": "#14314f", label: "data(label)" } },
    { selector: "edge.highlight", style: { width: 4, "line-color": "#333" } },
    { selector: ".faded", style: { opacity: 0.15 } },
  ];
}

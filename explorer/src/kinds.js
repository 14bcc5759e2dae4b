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
        "line-color": "#8a8a8a",
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
    { selector: 'edge[type = "MEMBER_OF"]', style: { "line-style": "dashed", "line-color": "#7B52AB" } },
    { selector: "edge.structural", style: { "line-color": "#c8c8c8" } },
    { selector: "edge.path", style: { width: 3, "line-color": "#333", label: "data(label)" } },
    { selector: ".faded", style: { opacity: 0.15 } },
  ];
}

// Map: the neighbourhood of the centre drawn as a network, expandable node by node, filtered and grouped; nodes
// sized by links or broker score, coloured by kind or community; a click on a link says what it is.

import { describeError } from "./api.js";
import { createGraph, displayName, draw, legend, toElements } from "./graph.js";
import { kindBadge } from "./find.js";
import { linkStyle, ORG_KINDS, kindLabel } from "./kinds.js";
import { showEdge } from "./mapdetail.js";
import { mapLooks, SIZE_CHOICES } from "./looks.js";
import { NODE_CAP, neighbourhood, programmeProjectIds } from "./queries.js";
import { state, update } from "./state.js";
import { fill, h, notice, pluralise, status } from "./ui.js";

const $ = (id) => document.getElementById(id);
const MAP_KINDS = [...ORG_KINDS, "PROJECT", "PROGRAMME", "NETWORK"];

let cy = null;
let controller = null;
let ctx = null;
/** What the map shows now, for the list, the legend and the exports (`looks`: sizes, colours, communities). */
export const mapView = { nodes: [], edges: [], meta: {}, degree: new Map(), community: new Map() };

export function initMap(context) {
  ctx = context;
  cy = createGraph($("map-graph"), { onTapNode: (id) => expand(id), onTapEdge: (id) => openEdge(id) });
  buildForm();
  $("map-fit").addEventListener("click", () => cy.fit(undefined, 30));
}

export const mapGraph = () => cy;

function openEdge(id) {
  const edge = mapView.edges.find((e) => e.id === id);
  const names = new Map(mapView.nodes.map((n) => [n.id, n]));
  showEdge($("map-edge"), edge, names, { openCard: ctx.openCard });
}

function select(id, name, label, options, value) {
  return h(
    "label",
    { for: id },
    `${label} `,
    h(
      "select",
      { id, name },
      options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
    ),
  );
}

function buildForm() {
  const form = $("map-form");
  const kinds = h(
    "fieldset",
    { class: "kinds-filter", id: "map-kinds" },
    h("legend", {}, "Kinds (none ticked: all)"),
    MAP_KINDS.map((k) =>
      h(
        "label",
        { class: "check" },
        h("input", { type: "checkbox", name: "mk", value: k, checked: state.mk.includes(k) }),
        kindLabel(k),
      ),
    ),
  );
  const check = (id, key, text, title = null) =>
    h(
      "label",
      { class: "check", for: id, title },
      h("input", { type: "checkbox", id, name: key, checked: state[key] === "1" }),
      text,
    );
  fill(
    form,
    select(
      "map-hops",
      "hops",
      "Hops",
      [1, 2, 3].map((n) => [String(n), String(n)]),
      state.hops,
    ),
    select("map-programme", "prog", "Programme", [["", "Any programme"]], state.prog),
    select("map-country", "mc", "Country", [["", "Every country"]], state.mc),
    select("map-size", "size", "Size by", SIZE_CHOICES, state.size),
    select(
      "map-colour",
      "colour",
      "Colour by",
      [
        ["", "Kind"],
        ["community", "Community"],
      ],
      state.colour,
    ),
    check("map-group", "group", "Group by country"),
    check(
      "map-structural",
      "struct",
      "Structural roles",
      "Also follow implementer, funder and co-funder links (the hubs)",
    ),
    kinds,
  );
  form.addEventListener("change", () => {
    update({
      hops: $("map-hops").value,
      prog: $("map-programme").value,
      mc: $("map-country").value,
      size: $("map-size").value,
      colour: $("map-colour").value,
      group: $("map-group").checked ? "1" : "",
      struct: $("map-structural").checked ? "1" : "",
      mk: [...kinds.querySelectorAll("input:checked")].map((i) => i.value),
    });
  });
  form.addEventListener("submit", (event) => event.preventDefault());
}

/** Fill the programme list once programmes are known. */
export function setProgrammes(list) {
  fill(
    $("map-programme"),
    h("option", { value: "" }, "Any programme"),
    list.map((p) =>
      h("option", { value: p.id, selected: p.id === state.prog }, p.shortName ? `${p.shortName}: ${p.name}` : p.name),
    ),
  );
}

function expand(id) {
  ctx.openCard(id);
  if (id === state.sel || state.exp.includes(id)) return;
  update({ exp: [...state.exp, id] });
}

function mergeInto(nodes, edges, result) {
  for (const n of result.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
  for (const e of result.edges) if (!edges.has(e.id)) edges.set(e.id, e);
}

/** Keep what the client-side filters (country, programme) let through, and the edges between kept nodes. */
function applyFilters(nodes, edges, { centre, programmeProjects }) {
  let keep = new Set(nodes.keys());
  if (programmeProjects) {
    // As countryLinks does with a programme: the only connectors left are the programme and its projects, and the
    // only organisations those linked to them (and the centre, whatever it is).
    const isConnector = (n) => ["PROJECT", "PROGRAMME", "NETWORK"].includes(n.kind);
    const inProgramme = (n) => programmeProjects.has(n.id) || n.id === state.prog;
    const connectors = new Set([...nodes.values()].filter((n) => isConnector(n) && inProgramme(n)).map((n) => n.id));
    const linked = new Set([centre, ...connectors]);
    for (const e of edges.values()) {
      if (connectors.has(e.source)) linked.add(e.target);
      if (connectors.has(e.target)) linked.add(e.source);
    }
    keep = new Set(
      [...keep].filter(
        (id) => id === centre || (linked.has(id) && (connectors.has(id) || !isConnector(nodes.get(id)))),
      ),
    );
  }
  if (state.mc) {
    const inCountry = (n) => n.country === state.mc || (n.countries ?? []).includes(state.mc);
    const isOrg = (n) => ORG_KINDS.includes(n.kind);
    const orgsHere = new Set([...keep].filter((id) => isOrg(nodes.get(id)) && inCountry(nodes.get(id))));
    orgsHere.add(centre);
    // Connectors stay when they touch an organisation of the country; other organisations go.
    keep = new Set(
      [...keep].filter((id) => {
        const n = nodes.get(id);
        if (orgsHere.has(id)) return true;
        if (isOrg(n)) return false;
        return [...edges.values()].some(
          (e) => (e.source === id && orgsHere.has(e.target)) || (e.target === id && orgsHere.has(e.source)),
        );
      }),
    );
  }
  const keptNodes = [...nodes.values()].filter((n) => keep.has(n.id));
  const keptEdges = [...edges.values()].filter((e) => keep.has(e.source) && keep.has(e.target));
  return { nodes: keptNodes, edges: keptEdges };
}

function clearMap() {
  cy.elements().remove();
  mapView.nodes = [];
  mapView.edges = [];
  fill($("map-list"));
  fill($("map-legend"));
  $("map-edge").hidden = true;
}

/** Fetch and draw the map for the current state. */
export async function loadMap() {
  const line = $("map-status");
  const box = $("map-notice");
  controller?.abort();
  if (!state.sel) {
    clearMap();
    notice(box, "");
    status(
      line,
      "Find an institution, project or network on the left and pick it (or open an analysis result): its " +
        "neighbourhood is drawn here.",
      "empty",
    );
    return;
  }
  controller = new AbortController();
  const { signal } = controller;
  status(line, "Loading the neighbourhood…", "busy");
  const args = {
    hops: Number(state.hops),
    kinds: state.mk,
    structural: state.struct === "1",
    asOf: state.asOf,
    limit: NODE_CAP,
  };
  try {
    const [root, ...more] = await Promise.all([
      neighbourhood({ id: state.sel, ...args }, { signal }),
      ...state.exp.map((id) =>
        neighbourhood({ id, ...args, hops: 1 }, { signal }).catch((err) => ({ error: err, id })),
      ),
    ]);
    const programmeProjects = state.prog ? await programmeProjectIds(state.prog, { signal }) : null;
    const nodes = new Map();
    const edges = new Map();
    mergeInto(nodes, edges, root);
    const truncated = [root.truncated ? root : null];
    const failed = [];
    for (const r of more) {
      if (r.error) failed.push(r);
      else {
        mergeInto(nodes, edges, r);
        if (r.truncated) truncated.push(r);
      }
    }
    const view = applyFilters(nodes, edges, { centre: root.center.id, programmeProjects });
    const looks = await mapLooks(view, { regionName: ctx.regionName });
    if (signal.aborted) return;
    Object.assign(mapView, {
      nodes: view.nodes,
      edges: view.edges,
      degree: looks.degree,
      community: looks.community,
      meta: {
        view: "map",
        asOf: state.asOf,
        rolesUsed: root.rolesUsed.join(" "),
        url: window.location.href,
        centre: root.center,
      },
    });
    const classes = { [root.center.id]: "root" };
    for (const id of state.exp) classes[id] = "expanded";
    for (const id of state.hl) classes[id] = `${classes[id] ?? ""} highlight`.trim();
    draw(
      cy,
      toElements(view.nodes, view.edges, {
        groupByCountry: state.group === "1",
        countryNames: ctx.countryNames(),
        classes,
        sizes: looks.sizes,
        colours: looks.colours,
      }),
    );
    $("map-edge").hidden = true;
    legend($("map-legend"), {
      kinds: new Set(view.nodes.map((n) => n.kind)),
      links: new Set(view.edges.map(linkStyle)),
      communities: looks.legend,
      sensitive: view.nodes.some((n) => n.sensitive),
      size: looks.sizeText,
    });
    renderList(view.nodes, root.center.id);

    const notes = [...looks.notes];
    const cut = truncated.filter(Boolean);
    if (cut.length) {
      const worst = cut.reduce((a, b) => (b.totalNodes > a.totalNodes ? b : a));
      notes.unshift(
        `Truncated: the neighbourhood of ${displayName(worst.center)} has ${worst.totalNodes} nodes; only the first ${NODE_CAP} are drawn. Lower the hops or pick fewer kinds.`,
      );
    }
    for (const f of failed) notes.push(`Could not expand ${f.id}: ${describeError(f.error)}`);
    notice(box, notes.join(" "), cut.length || looks.notes.length ? "warn" : "error");
    box.dataset.truncated = cut.length ? "true" : "false";
    describe(line, view, root);
    line.dataset.nodes = String(view.nodes.length);
    line.dataset.edges = String(view.edges.length);
    fillCountries(nodes);
  } catch (err) {
    if (err?.name === "AbortError") return;
    clearMap();
    status(line, describeError(err), "error");
    line.dataset.nodes = "";
    ctx.reportError(err);
  }
}

/** The status line under the map: what is drawn, or why nothing much is. */
function describe(line, view, root) {
  const dateText = state.asOf ? ` on ${state.asOf}` : "";
  const centreIsOrg = ORG_KINDS.includes(root.center.kind);
  const partners = view.nodes.filter((n) => n.id !== root.center.id && ORG_KINDS.includes(n.kind)).length;
  const filtered = state.mk.length || state.mc || state.prog ? " under these filters" : "";
  if (view.nodes.length > 1 && centreIsOrg && partners === 0) {
    status(
      line,
      `No partner institutions of ${displayName(root.center)} within ${pluralise(Number(state.hops), "hop")}${dateText}${filtered}; ` +
        `only its ${pluralise(view.nodes.length - 1, "project or network", "projects and networks")} are drawn.`,
      "empty",
    );
  } else if (view.nodes.length <= 1) {
    status(
      line,
      `No links${dateText}: ${displayName(root.center)} has no ${state.mk.length ? "such " : ""}partners within ${pluralise(Number(state.hops), "hop")}${state.mc || state.prog ? " under these filters" : ""}.` +
        (state.struct === "1" ? "" : " Tick “Structural roles” to follow implementer and funder links too."),
      "empty",
    );
  } else {
    status(
      line,
      `${pluralise(view.nodes.length, "node")}, ${pluralise(view.edges.length, "link")} around ${displayName(root.center)}${dateText}. Click a link to see what it is.`,
    );
  }
}

function fillCountries(nodes) {
  const select = $("map-country");
  const names = ctx.countryNames();
  const codes = [
    ...new Set([...nodes.values()].flatMap((n) => (ORG_KINDS.includes(n.kind) && n.country ? [n.country] : []))),
  ].sort();
  if (state.mc && !codes.includes(state.mc)) codes.unshift(state.mc);
  fill(
    select,
    h("option", { value: "" }, "Every country"),
    codes.map((c) => h("option", { value: c, selected: c === state.mc }, names.get(c) ? `${names.get(c)} (${c})` : c)),
  );
}

/** The rows of the node table, in its order (the CSV export writes the same). */
export function nodeRows() {
  return [...mapView.nodes].sort(
    (a, b) => (a.distance ?? 9) - (b.distance ?? 9) || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1),
  );
}

/** The same nodes as a table, so everything on the canvas is reachable by keyboard and screen reader. */
function renderList(nodes, centre) {
  const community = state.colour === "community";
  const head = ["Name", "Kind", "Country", "Hops", "Links", ...(community ? ["Community"] : []), ""];
  fill(
    $("map-list"),
    h("caption", { class: "sr-only" }, "Nodes in this view"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        head.map((text) => h("th", { scope: "col" }, text)),
      ),
    ),
    h(
      "tbody",
      {},
      nodeRows().map((n) =>
        h(
          "tr",
          { dataset: { id: n.id } },
          h(
            "td",
            {},
            h("button", { type: "button", class: "linklike", onclick: () => ctx.openCard(n.id) }, n.name),
            n.sensitive ? h("span", { class: "sensitive-mark", title: "Sensitive: editors only" }, " sensitive") : "",
          ),
          h("td", {}, kindBadge(n.kind)),
          h("td", {}, n.country ?? (n.countries.length ? n.countries.join(", ") : "")),
          h("td", {}, n.distance ?? ""),
          h("td", {}, String(mapView.degree.get(n.id) ?? 0)),
          community ? h("td", {}, mapView.community.get(n.id) ? String(mapView.community.get(n.id)) : "–") : null,
          h(
            "td",
            {},
            n.id === centre
              ? h("span", { class: "muted" }, "centre")
              : state.exp.includes(n.id)
                ? h("span", { class: "muted" }, "expanded")
                : h(
                    "button",
                    { type: "button", class: "small", "aria-label": `Expand ${n.name}`, onclick: () => expand(n.id) },
                    "Expand",
                  ),
          ),
        ),
      ),
    ),
  );
}

/** Highlight a node (from the card or the list). */
export function focusNode(id) {
  if (!cy) return;
  cy.nodes().unselect();
  const node = cy.getElementById(id);
  if (node.nonempty()) node.select();
}

// Path finder: two institutions, the shortest paths between them, each hop with its role and dates.

import { describeError } from "./api.js";
import { createGraph, displayName, draw, toElements } from "./graph.js";
import { kindBadge } from "./find.js";
import { picker } from "./picker.js";
import { card, paths as fetchPaths } from "./queries.js";
import { state, update } from "./state.js";
import { fill, fmtPeriod, h, notice, pluralise, status } from "./ui.js";

const $ = (id) => document.getElementById(id);

let cy = null;
let ctx = null;
let controller = null;
export const pathView = { nodes: [], edges: [], meta: {} };
const names = new Map(); // id -> name, so a picker shows a name for an id from the URL

export function initPath(context) {
  ctx = context;
  cy = createGraph($("path-graph"), { onTapNode: (id) => ctx.openCard(id) });
  buildForm();
}

export const pathGraph = () => cy;

/** A path end: the shared picker, writing the chosen id to `key` (from | to) in the URL. */
function endPicker(key, label) {
  const made = picker({
    id: `path-${key}`,
    label,
    onPick: (hit) => {
      names.set(hit.id, hit.name);
      update({ [key]: hit.id });
    },
  });
  return { ...made, key };
}

let pickers = [];

function buildForm() {
  const form = $("path-form");
  const from = endPicker("from", "From");
  const to = endPicker("to", "To");
  pickers = [from, to];
  const maxHops = h(
    "select",
    { id: "path-maxhops" },
    [2, 3, 4, 5, 6].map((n) => h("option", { value: String(n), selected: String(n) === state.maxHops }, String(n))),
  );
  const k = h(
    "select",
    { id: "path-k" },
    [1, 2, 3, 4, 5].map((n) => h("option", { value: String(n), selected: String(n) === state.k }, String(n))),
  );
  const structural = h("input", { type: "checkbox", id: "path-structural", checked: state.struct === "1" });
  const swap = h("button", { type: "button", id: "path-swap", title: "Swap the ends" }, "⇄ Swap");
  fill(
    form,
    h("div", { class: "pickers" }, from.wrap, swap, to.wrap),
    h(
      "div",
      { class: "row" },
      h("label", { for: "path-maxhops" }, "At most ", maxHops, " hops"),
      h("label", { for: "path-k" }, "Up to ", k, " paths"),
      h(
        "label",
        { class: "check", for: "path-structural", title: "Also pass through implementers and funders (the hubs)" },
        structural,
        "Structural roles",
      ),
    ),
  );
  swap.addEventListener("click", () => update({ from: state.to, to: state.from }));
  form.addEventListener("change", (event) => {
    if (event.target.type === "search") return;
    update({ maxHops: maxHops.value, k: k.value, struct: structural.checked ? "1" : "" });
  });
  form.addEventListener("submit", (event) => event.preventDefault());
}

async function nameOf(id, signal) {
  if (!names.has(id)) {
    const c = await card(id, { signal }).catch(() => null);
    names.set(id, c?.name ?? id);
  }
  return names.get(id);
}

function hopText(hop) {
  const e = hop.edge;
  const role =
    e.type === "MEMBER_OF"
      ? `${(e.membershipStatus ?? "member").toLowerCase()} of`
      : `${e.role.toLowerCase().replaceAll("_", " ")} in`;
  const period = fmtPeriod(e.since, e.until);
  return { role, period };
}

export async function loadPath() {
  const line = $("path-status");
  const box = $("path-notice");
  const list = $("path-results");
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;
  for (const p of pickers) {
    const id = state[p.key];
    if (!id) fill(p.chosen, h("span", { class: "muted" }, "not chosen"));
    else {
      nameOf(id, signal).then((name) =>
        fill(
          p.chosen,
          h("strong", {}, name),
          " ",
          h(
            "button",
            { type: "button", class: "small", "aria-label": `Clear ${p.key}`, onclick: () => update({ [p.key]: "" }) },
            "✕",
          ),
        ),
      );
    }
  }
  if (!state.from || !state.to) {
    fill(list);
    cy.elements().remove();
    pathView.nodes = [];
    pathView.edges = [];
    notice(box, "");
    status(
      line,
      "Choose two institutions (or projects, networks): the shortest paths between them appear here.",
      "empty",
    );
    return;
  }
  if (state.from === state.to) {
    fill(list);
    status(line, "Both ends are the same: choose two different institutions.", "empty");
    return;
  }
  status(line, "Looking for paths…", "busy");
  try {
    const r = await fetchPaths(
      {
        from: state.from,
        to: state.to,
        maxHops: Number(state.maxHops),
        k: Number(state.k),
        structural: state.struct === "1",
        asOf: state.asOf,
      },
      { signal },
    );
    names.set(r.from.id, r.from.name);
    names.set(r.to.id, r.to.name);
    const dateText = state.asOf ? ` on ${state.asOf}` : "";
    if (!r.found || !r.paths.length) {
      fill(list);
      cy.elements().remove();
      pathView.nodes = [];
      pathView.edges = [];
      notice(box, "");
      status(
        line,
        `No path within ${r.maxHops} hops between ${displayName(r.from)} and ${displayName(r.to)}${dateText}.` +
          (Number(state.maxHops) < 6 ? " Allow more hops" : "") +
          (state.struct === "1" ? "." : `${Number(state.maxHops) < 6 ? " or" : ""} tick “Structural roles”.`),
        "empty",
      );
      line.dataset.paths = "0";
      return;
    }
    status(
      line,
      `${r.paths.length === 1 ? "The shortest path" : `${r.paths.length} paths, the shortest`} between ${displayName(r.from)} and ${displayName(r.to)}${dateText}: ${pluralise(r.paths[0].length, "hop")}.`,
    );
    line.dataset.paths = String(r.paths.length);
    line.dataset.hops = String(r.paths[0].length);
    notice(
      box,
      r.rolesUsed.some((x) => ["IMPLEMENTER", "FUNDER"].includes(x))
        ? "These paths may pass through implementers and funders (structural roles)."
        : "",
      "info",
    );
    renderPaths(list, r.paths);
    const nodes = new Map();
    const edges = new Map();
    for (const p of r.paths) {
      for (const hop of p.hops) {
        nodes.set(hop.from.id, hop.from);
        nodes.set(hop.to.id, hop.to);
        edges.set(hop.edge.id, hop.edge);
      }
    }
    pathView.nodes = [...nodes.values()];
    pathView.edges = [...edges.values()];
    pathView.meta = {
      view: "path",
      asOf: state.asOf,
      rolesUsed: r.rolesUsed.join(" "),
      url: window.location.href,
      from: r.from,
      to: r.to,
    };
    const classes = { [r.from.id]: "endpoint", [r.to.id]: "endpoint" };
    for (const e of edges.keys()) classes[e] = "path";
    draw(cy, toElements(pathView.nodes, pathView.edges, { classes }), { layout: "breadthfirst", roots: [r.from.id] });
  } catch (err) {
    if (err?.name === "AbortError") return;
    fill(list);
    cy.elements().remove();
    pathView.nodes = [];
    pathView.edges = [];
    status(line, describeError(err), "error");
    ctx.reportError(err);
  }
}

function renderPaths(list, found) {
  fill(
    list,
    found.map((p, i) =>
      h(
        "li",
        { class: "path" },
        h("h3", {}, `Path ${i + 1}: ${pluralise(p.length, "hop")}`),
        h(
          "ol",
          { class: "hops" },
          h("li", { class: "hop-node" }, nodeButton(p.hops[0].from)),
          p.hops.map((hop) => {
            const { role, period } = hopText(hop);
            // A participation points from the organisation to the project: say it from the organisation's side.
            const org = hop.forward ? hop.from : hop.to;
            const target = hop.forward ? hop.to : hop.from;
            return [
              h(
                "li",
                { class: "hop-edge" },
                h("span", { class: "role" }, `${displayName(org)} is ${role} ${displayName(target)}`),
                period
                  ? h(
                      "span",
                      { class: "period" },
                      ` (${period}${hop.edge.datesDerived ? ", the project's dates" : ""})`,
                    )
                  : "",
              ),
              h("li", { class: "hop-node" }, nodeButton(hop.to)),
            ];
          }),
        ),
      ),
    ),
  );
}

function nodeButton(n) {
  return [
    h(
      "button",
      { type: "button", class: "linklike", dataset: { id: n.id }, onclick: () => ctx.openCard(n.id) },
      n.name,
    ),
    " ",
    kindBadge(n.kind),
    n.country ? ` ${n.country}` : "",
  ];
}

// The Analyses tab: one panel per analysis of the API (brokers, gaps, suggested partners, shared partners,
// cross-border partners, changes, communities), its inputs in the URL, each result opening on the map.

import { describeError } from "./api.js";
import { PANELS } from "./analysis-panels.js";
import { kindBadge } from "./find.js";
import { state, toQuery, update } from "./state.js";
import { fill, h, notice, status } from "./ui.js";

const $ = (id) => document.getElementById(id);
let ctx = null;
let controller = null;

/** The URL keys each panel reads (a change of one of them reloads the open panel). */
export const ANALYSIS_KEYS = ["an", "ar", "ac", "ao", "aids", "cf", "ct", "struct", "asOf"];

/** Helpers the panels draw results with. */
export const tools = {
  /** A node's name (`short`: its short name, when it has one) as a link that opens its card. */
  node: (n, { short = false } = {}) => [
    h(
      "a",
      {
        href: `./${toQuery({ ...state, card: n.id })}`,
        class: "node-link",
        dataset: { id: n.id },
        onclick: (event) => {
          event.preventDefault();
          ctx.openCard(n.id);
        },
      },
      short ? n.shortName || n.name : n.name,
    ),
    n.sensitive ? h("span", { class: "sensitive-mark" }, " sensitive") : "",
  ],
  nodeWithKind: (n) => [...tools.node(n), " ", kindBadge(n.kind), n.country ? ` ${n.country}` : ""],
  /** A list of nodes as links (short names), the first `max` of them. */
  nodes: (list, max = 8) => [
    list.slice(0, max).map((n, i) => [i ? ", " : "", ...tools.node(n, { short: true })]),
    list.length > max ? ` and ${list.length - max} more` : "",
  ],
  /** "Show on map" (`label` says what): the map centred on `sel`, `exp` expanded, `hl` highlighted (and more keys). */
  mapButton: (label, { sel, exp = [], hl = [], ...more }) =>
    h(
      "button",
      {
        type: "button",
        class: "small show-on-map",
        // The visible text first, then what it shows: the accessible name contains what a speech user says.
        "aria-label": `Show on map: ${label}`,
        onclick: () =>
          update(
            {
              tab: "map",
              sel,
              exp: [...new Set(exp)].filter((x) => x !== sel),
              hl: [...new Set(hl)],
              card: "",
              mc: "",
              prog: "",
              ...more,
            },
            { push: true },
          ),
      },
      "Show on map",
    ),
  countryName: (code) => (ctx.countryNames().get(code) ? `${ctx.countryNames().get(code)} (${code})` : code),
  context: () => ctx,
};

export function initAnalyses(context) {
  ctx = context;
  const nav = $("an-nav");
  fill(
    nav,
    Object.entries(PANELS).map(([key, panel]) =>
      h(
        "button",
        {
          type: "button",
          id: `an-${key}`,
          "aria-pressed": state.an === key ? "true" : "false",
          onclick: () => update({ an: key }, { push: true }),
        },
        panel.label,
      ),
    ),
  );
  $("an-form").addEventListener("submit", (event) => event.preventDefault());
}

/** Draw the open panel's inputs (again when the reference lists arrive or the panel changes). */
export function buildAnalysisForm() {
  const panel = PANELS[state.an] ?? PANELS.brokers;
  for (const button of $("an-nav").querySelectorAll("button"))
    button.setAttribute("aria-pressed", button.id === `an-${state.an}` ? "true" : "false");
  fill($("an-form"), panel.form(tools));
  $("an-intro").textContent = panel.intro;
}

/** Run the open analysis and draw its results. */
export async function loadAnalysis() {
  const panel = PANELS[state.an] ?? PANELS.brokers;
  const line = $("an-status");
  const box = $("an-notice");
  const results = $("an-results");
  buildAnalysisForm();
  controller?.abort();
  const missing = panel.missing?.();
  if (missing) {
    fill(results);
    notice(box, "");
    status(line, missing, "empty");
    line.dataset.count = "";
    return;
  }
  controller = new AbortController();
  status(line, `Running ${panel.label.toLowerCase()}…`, "busy");
  delete line.dataset.count;
  try {
    const shown = await panel.load(tools, { signal: controller.signal });
    fill(results, shown.body);
    notice(box, shown.notice ?? "", "warn");
    status(line, shown.summary, shown.count ? "info" : "empty");
    line.dataset.count = String(shown.count);
    line.dataset.analysis = state.an;
  } catch (err) {
    if (err?.name === "AbortError") return;
    fill(results);
    status(line, describeError(err), "error");
    line.dataset.count = "";
    ctx.reportError(err);
  }
}

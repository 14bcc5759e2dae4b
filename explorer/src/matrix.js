// Country links: the country-by-country matrix of cross-border links as a heat map; a cell opens its projects.

import { describeError } from "./api.js";
import { kindBadge } from "./find.js";
import { ORG_KINDS, kindLabel } from "./kinds.js";
import { cellConnectors, countryLinks } from "./queries.js";
import { state, update } from "./state.js";
import { fill, fmtPeriod, h, notice, pluralise, status } from "./ui.js";

const $ = (id) => document.getElementById(id);

let ctx = null;
let controller = null;
let cellController = null;
let current = null; // the last matrix answer

export function initMatrix(context) {
  ctx = context;
  buildForm();
}

function kindSelect(id, value, label) {
  return h(
    "label",
    { for: id },
    `${label} `,
    h(
      "select",
      { id },
      h("option", { value: "", selected: !value }, "Any kind"),
      ORG_KINDS.map((k) => h("option", { value: k, selected: k === value }, kindLabel(k))),
    ),
  );
}

function buildForm() {
  const form = $("links-form");
  fill(
    form,
    h(
      "label",
      { for: "links-region" },
      "Region ",
      h("select", { id: "links-region" }, h("option", { value: "" }, "Every country")),
    ),
    kindSelect("links-ka", state.ka, "Rows"),
    kindSelect("links-kb", state.kb, "Columns"),
    h(
      "label",
      { for: "links-programme" },
      "Programme ",
      h("select", { id: "links-programme" }, h("option", { value: "" }, "Any programme")),
    ),
  );
  form.addEventListener("change", () => {
    update({
      region: $("links-region").value,
      ka: $("links-ka").value,
      kb: $("links-kb").value,
      prog: $("links-programme").value,
      cell: "",
    });
  });
  form.addEventListener("submit", (event) => event.preventDefault());
}

export function setRegions(list) {
  fill(
    $("links-region"),
    h("option", { value: "" }, "Every country"),
    list.map((r) => h("option", { value: r.key, selected: r.key === state.region }, r.name)),
  );
}

export function setMatrixProgrammes(list) {
  fill(
    $("links-programme"),
    h("option", { value: "" }, "Any programme"),
    list.map((p) =>
      h("option", { value: p.id, selected: p.id === state.prog }, p.shortName ? `${p.shortName}: ${p.name}` : p.name),
    ),
  );
}

/** White to dark red on a square-root scale, so small counts stay visible beside big ones. */
function heat(value, max) {
  if (!value) return "#ffffff";
  const t = Math.sqrt(value / max);
  const from = [255, 245, 220];
  const to = [165, 15, 21];
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * t));
  return `rgb(${c.join(",")})`;
}

export async function loadMatrix() {
  const line = $("links-status");
  const box = $("links-notice");
  const wrap = $("links-matrix");
  controller?.abort();
  controller = new AbortController();
  status(line, "Counting cross-border links…", "busy");
  try {
    const r = await countryLinks(
      {
        kindA: state.ka,
        kindB: state.kb,
        region: state.region,
        programme: state.prog,
        structural: state.struct === "1",
        asOf: state.asOf,
      },
      { signal: controller.signal },
    );
    current = r;
    notice(box, "");
    const names = ctx.countryNames();
    const cells = new Map();
    for (const c of r.cells) {
      cells.set(`${c.a}:${c.b}`, c);
      if (r.symmetric) cells.set(`${c.b}:${c.a}`, { ...c, a: c.b, b: c.a });
    }
    const max = Math.max(1, ...r.cells.map((c) => c.links));
    const total = r.cells.reduce((n, c) => n + c.links, 0);
    const who = `${state.ka ? kindLabel(state.ka) : "any actor"} ↔ ${state.kb ? kindLabel(state.kb) : "any actor"}`;
    const dateText = state.asOf ? ` on ${state.asOf}` : "";
    if (!r.countries.length) {
      fill(wrap);
      status(line, "No countries with organisations in this region.", "empty");
      return;
    }
    if (!r.cells.length) {
      status(
        line,
        `No cross-border links (${who}) between these ${pluralise(r.countries.length, "country", "countries")}${dateText}.`,
        "empty",
      );
    } else {
      status(
        line,
        `${pluralise(total, "link")} (${who}) in ${pluralise(r.cells.length, "pair")} of countries${dateText}. A cell counts actor pairs; open it for the projects behind it.`,
      );
    }
    line.dataset.total = String(total);
    const label = (code) => (names.get(code) ? `${names.get(code)} (${code})` : code);
    fill(
      wrap,
      h(
        "table",
        { class: "matrix", id: "links-table" },
        h(
          "caption",
          { class: "sr-only" },
          `Cross-border links, rows ${state.ka || "any kind"}, columns ${state.kb || "any kind"}`,
        ),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("td", {}),
            r.countries.map((c) => h("th", { scope: "col", title: label(c) }, c)),
          ),
        ),
        h(
          "tbody",
          {},
          r.countries.map((a) =>
            h(
              "tr",
              {},
              h("th", { scope: "row", title: label(a) }, h("span", { class: "row-name" }, names.get(a) ?? a), ` ${a}`),
              r.countries.map((b) => {
                if (a === b) return h("td", { class: "diag", "aria-label": "same country" }, "·");
                const c = cells.get(`${a}:${b}`);
                const key = `${a}:${b}`;
                const open = state.cell === key;
                return h(
                  "td",
                  {
                    style: { background: heat(c?.links ?? 0, max) },
                    class: (c?.links ?? 0) / max > 0.45 ? "dark" : "",
                  },
                  c
                    ? h(
                        "button",
                        {
                          type: "button",
                          class: `cell${open ? " open" : ""}`,
                          dataset: { cell: key, links: c.links },
                          "aria-pressed": open ? "true" : "false",
                          "aria-label": `${label(a)} with ${label(b)}: ${pluralise(c.links, "link")}, ${pluralise(c.projects, "project")}, ${pluralise(c.networks, "network")}`,
                          onclick: () => update({ cell: open ? "" : key }),
                        },
                        String(c.links),
                      )
                    : h("span", { class: "zero", "aria-label": "no links" }, ""),
                );
              }),
            ),
          ),
        ),
      ),
    );
    await loadCell();
  } catch (err) {
    if (err?.name === "AbortError") return;
    fill(wrap);
    fill($("links-cell"));
    $("links-cell").hidden = true;
    if (err?.kind === "bound") notice(box, describeError(err), "warn");
    status(line, describeError(err), "error");
    ctx.reportError(err);
  }
}

/** The open cell's projects, programmes and networks. */
export async function loadCell() {
  const box = $("links-cell");
  cellController?.abort();
  if (!state.cell || !current) {
    box.hidden = true;
    fill(box);
    return;
  }
  const [a, b] = state.cell.split(":");
  const cell = current.cells.find((c) => (c.a === a && c.b === b) || (current.symmetric && c.a === b && c.b === a));
  const names = ctx.countryNames();
  const label = (code) => names.get(code) ?? code;
  box.hidden = false;
  if (!cell) {
    fill(
      box,
      h("h3", {}, `${label(a)} – ${label(b)}`),
      h("p", { class: "message", dataset: { tone: "empty" } }, "No links between these countries under these filters."),
    );
    return;
  }
  cellController = new AbortController();
  fill(
    box,
    h("h3", {}, `${label(a)} – ${label(b)}`),
    h("p", { class: "muted" }, "Loading the projects behind this cell…"),
  );
  const kindA = a === cell.a ? state.ka : state.kb;
  const kindB = a === cell.a ? state.kb : state.ka;
  try {
    const found = await cellConnectors(
      { a, b, kindA, kindB, programme: state.prog, structural: state.struct === "1", asOf: state.asOf },
      { signal: cellController.signal },
    );
    const item = (x) =>
      h(
        "li",
        { dataset: { id: x.id } },
        h("button", { type: "button", class: "linklike", onclick: () => ctx.centre(x.id) }, x.name),
        " ",
        kindBadge(x.kind),
        x.programmes?.length ? ` ${x.programmes.map((p) => p.shortName || p.name).join(", ")}` : "",
        x.startDate || x.endDate ? h("span", { class: "muted" }, ` ${fmtPeriod(x.startDate, x.endDate)}`) : "",
      );
    const connectors = [...found.projects, ...found.programmes];
    fill(
      box,
      h(
        "h3",
        {},
        `${label(a)} (${state.ka ? kindLabel(state.ka) : "any kind"}) – ${label(b)} (${state.kb ? kindLabel(state.kb) : "any kind"})`,
      ),
      h(
        "p",
        {},
        `${pluralise(cell.links, "link")}: ${pluralise(cell.projects, "shared project")}, ${pluralise(cell.networks, "shared network")}${state.asOf ? ` on ${state.asOf}` : ""}.`,
      ),
      connectors.length ? h("h4", {}, "Projects and programmes") : null,
      connectors.length ? h("ul", { class: "cell-projects" }, connectors.map(item)) : null,
      found.networks.length ? h("h4", {}, "Networks") : null,
      found.networks.length ? h("ul", { class: "cell-networks" }, found.networks.map(item)) : null,
      found.projectsTotal > found.projects.length
        ? h("p", { class: "muted" }, `Showing ${found.projects.length} of ${found.projectsTotal} projects.`)
        : null,
      h("p", { class: "muted" }, "Pick one to map its neighbourhood."),
    );
  } catch (err) {
    if (err?.name === "AbortError") return;
    fill(
      box,
      h("h3", {}, `${label(a)} – ${label(b)}`),
      h("p", { class: "message", dataset: { tone: "error" } }, describeError(err)),
    );
    ctx.reportError(err);
  }
}

/** The matrix as CSV rows (one line per ordered country pair with links), or null when none is drawn. */
export function matrixRows() {
  if (!current) return null;
  const rows = [];
  for (const c of current.cells) {
    rows.push(c);
    if (current.symmetric) rows.push({ ...c, a: c.b, b: c.a });
  }
  return rows.sort((x, y) => (x.a + x.b < y.a + y.b ? -1 : 1));
}

// Find: the search box over the full-text search, its hits, and the card of the picked entity.

import { ApiError, describeError } from "./api.js";
import { ORG_KINDS, kindColour, kindLabel } from "./kinds.js";
import { card as fetchCard, ENTITY_KINDS, search } from "./queries.js";
import { state, update } from "./state.js";
import { fill, fmtDate, fmtPeriod, h, pluralise, status } from "./ui.js";

const $ = (id) => document.getElementById(id);
const KIND_NAMES = {
  ORGANISATION: "Organisations",
  PROJECT: "Projects",
  PROGRAMME: "Programmes",
  NETWORK: "Networks",
  COUNTRY: "Countries",
};

/** Can the network queries (map, path) start from an entity of this kind? Countries, themes and the like: no. */
export const isNetworkNode = (kind) => ORG_KINDS.includes(kind) || ["PROJECT", "PROGRAMME", "NETWORK"].includes(kind);

export function kindBadge(kind) {
  return h(
    "span",
    { class: "badge", dataset: { kind } },
    h("span", { class: "swatch", style: { background: kindColour(kind) }, "aria-hidden": "true" }),
    kindLabel(kind),
  );
}

const CONFIDENCE_MARKS = { HIGH: "●●●", MEDIUM: "●●○", LOW: "●○○" };
export function confidenceMark(confidence, { word = false } = {}) {
  if (!confidence)
    return h("span", { class: "confidence", title: "Confidence not recorded" }, word ? "not recorded" : "–");
  const text =
    { HIGH: "a cited source states it", MEDIUM: "inferred from sources", LOW: "weakly supported" }[confidence] ?? "";
  return h(
    "span",
    { class: "confidence", dataset: { level: confidence }, title: `Confidence ${confidence.toLowerCase()}: ${text}` },
    h("span", { "aria-hidden": "true" }, CONFIDENCE_MARKS[confidence] ?? "?"),
    word ? ` ${confidence.toLowerCase()}` : h("span", { class: "sr-only" }, `confidence ${confidence.toLowerCase()}`),
  );
}

function sourceLinks(sources) {
  if (!sources?.length) return h("span", { class: "muted" }, "no source");
  return h(
    "span",
    { class: "sources" },
    sources.map((url, i) =>
      h("a", { href: url, target: "_blank", rel: "noopener noreferrer", title: url }, `[${i + 1}]`),
    ),
  );
}

/** Is a link active on the date (YYYY-MM-DD)? Open ends count as active, like the network queries. */
export function activeOn(row, asOf) {
  if (!asOf) return true;
  return (row.since ?? "0000-00-00") <= asOf && (row.until ?? "9999-12-31") >= asOf;
}

let controller = null;
let cardController = null;
let debounce = null;

export function initFind({ onPick }) {
  const form = $("search-form");
  const input = $("search-input");
  const kinds = $("search-kinds");
  for (const k of Object.keys(KIND_NAMES)) {
    kinds.append(
      h(
        "label",
        { class: "check" },
        h("input", { type: "checkbox", name: "sk", value: k, checked: state.sk.includes(k) }),
        KIND_NAMES[k],
      ),
    );
  }
  input.value = state.q;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(debounce);
    update({ q: input.value.trim() });
    runSearch();
  });
  input.addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      if (input.value.trim().length >= 2) {
        update({ q: input.value.trim() });
        runSearch();
      }
    }, 350);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      const first = $("search-results").querySelector("button");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  kinds.addEventListener("change", () => {
    update({ sk: [...kinds.querySelectorAll("input:checked")].map((i) => i.value) });
    if (state.q) runSearch();
  });
  $("search-results").addEventListener("keydown", (event) => {
    const buttons = [...$("search-results").querySelectorAll("button")];
    const i = buttons.indexOf(document.activeElement);
    if (i < 0) return;
    if (event.key === "ArrowDown" && i < buttons.length - 1) buttons[i + 1].focus();
    else if (event.key === "ArrowUp") (i === 0 ? input : buttons[i - 1]).focus();
    else return;
    event.preventDefault();
  });
  pickHandler = onPick;
  if (state.q) runSearch();
}

let pickHandler = () => {};

export async function runSearch() {
  const text = state.q;
  const list = $("search-results");
  const line = $("search-status");
  controller?.abort();
  if (!text) {
    fill(list);
    status(line, "");
    return;
  }
  controller = new AbortController();
  status(line, `Searching for “${text}”…`, "busy");
  try {
    const kinds = state.sk.filter((k) => ENTITY_KINDS.includes(k));
    const hits = await search(text, kinds, { signal: controller.signal });
    if (!hits.length) {
      fill(list);
      status(line, `Nothing matches “${text}”. Try another spelling, a country name or an acronym.`, "empty");
      return;
    }
    status(line, `${pluralise(hits.length, "match", "matches")} for “${text}”`);
    fill(
      list,
      hits.map((hit) =>
        h(
          "li",
          {},
          h(
            "button",
            { type: "button", class: "hit", dataset: { id: hit.id }, onclick: () => pickHandler(hit) },
            h("span", { class: "hit-name" }, hit.name),
            h(
              "span",
              { class: "hit-meta" },
              kindBadge(hit.kind),
              hit.country ? ` ${hit.country}` : "",
              hit.ganhriStatus ? ` · GANHRI ${hit.ganhriStatus}` : "",
            ),
          ),
        ),
      ),
    );
  } catch (err) {
    if (err?.name === "AbortError") return;
    fill(list);
    status(line, describeError(err), "error");
    reportError(err);
  }
}

let errorReporter = () => {};
export function onApiError(fn) {
  errorReporter = fn;
}
function reportError(err) {
  if (err instanceof ApiError) errorReporter(err);
}

/** Draw the card of `id` (or hide it for ""); `actions` adds the buttons that tie it to the views. */
export async function showCard(id, actions) {
  const box = $("card");
  cardController?.abort();
  if (!id) {
    box.hidden = true;
    fill(box);
    return;
  }
  cardController = new AbortController();
  box.hidden = false;
  box.setAttribute("aria-busy", "true");
  try {
    const c = await fetchCard(id, { signal: cardController.signal });
    if (!c) {
      fill(
        box,
        h("p", { class: "message", dataset: { tone: "empty" } }, `Nothing with the id ${id} exists (any more).`),
      );
      return;
    }
    renderCard(box, c, actions);
  } catch (err) {
    if (err?.name === "AbortError") return;
    fill(box, h("p", { class: "message", dataset: { tone: "error" } }, describeError(err)));
    reportError(err);
  } finally {
    box.removeAttribute("aria-busy");
  }
}

function fact(label, ...value) {
  return [h("dt", {}, label), h("dd", {}, ...value)];
}

function renderCard(box, c, actions) {
  const facts = [];
  facts.push(
    fact("Kind", kindBadge(c.kind), c.authorityKind ? ` (${c.authorityKind.toLowerCase().replaceAll("_", " ")})` : ""),
  );
  if (c.country) facts.push(fact("Country", `${c.country.name} (${c.country.iso2})`));
  if (c.countries.length)
    facts.push(fact(c.countries.length > 1 ? "Countries" : "Country", c.countries.map((x) => x.name).join(", ")));
  if (c.kind === "NHRI") {
    facts.push(
      fact(
        "GANHRI status",
        h(
          "strong",
          { class: "ganhri" },
          c.ganhriStatus ? c.ganhriStatus.replace("NOT_ACCREDITED", "not accredited") : "unknown",
        ),
        c.ganhriStatusAsOf ? ` as of ${fmtDate(c.ganhriStatusAsOf)} ` : " ",
        c.ganhriStatusConfidence ? confidenceMark(c.ganhriStatusConfidence) : "",
      ),
    );
    facts.push(fact("NPM mandate", c.npmMandate === null ? "not stated by the sources" : c.npmMandate ? "yes" : "no"));
  }
  if (c.category) facts.push(fact("Category", c.category));
  if (c.parent) facts.push(fact("Part of", c.parent.name));
  if (c.operatedBy) facts.push(fact("Operated by", c.operatedBy.name));
  if (c.status) facts.push(fact("Status", c.status.toLowerCase()));
  if (c.startDate || c.endDate) facts.push(fact("Period", fmtPeriod(c.startDate, c.endDate)));
  if (c.budgetEur) facts.push(fact("Budget", `€${Math.round(c.budgetEur).toLocaleString("en-GB")}`));
  if (c.programmes.length) facts.push(fact("Programme", c.programmes.map((p) => p.shortName || p.name).join(", ")));
  if (c.themes.length) facts.push(fact("Themes", c.themes.map((t) => t.name).join(", ")));
  if (c.regions.length) facts.push(fact("Regions", c.regions.map((r) => r.name).join(", ")));
  facts.push(fact("Confidence", confidenceMark(c.confidence, { word: true })));

  const rows = c.links.filter((r) => activeOn(r, state.asOf));
  const hidden = c.links.length - rows.length;
  const projects = rows.filter((r) => r.node.kind === "PROJECT" || r.node.kind === "PROGRAMME");
  const networks = rows.filter((r) => r.node.kind === "NETWORK");
  const members = rows.filter((r) => !["PROJECT", "PROGRAMME", "NETWORK"].includes(r.node.kind));

  // On a narrow screen the tables start folded, so the map stays within reach below the card.
  const narrow = window.matchMedia("(max-width: 900px)").matches;
  const linkTable = (caption, list, nodeHeader) =>
    list.length
      ? h(
          "details",
          { class: "links-wrap", open: !narrow },
          h("summary", {}, `${caption} (${list.length})`),
          h(
            "table",
            { class: "links" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", { scope: "col" }, nodeHeader),
                h("th", { scope: "col" }, "Role"),
                h("th", { scope: "col" }, "Period"),
                h("th", { scope: "col" }, "Sources"),
              ),
            ),
            h(
              "tbody",
              {},
              list.map((r) =>
                h(
                  "tr",
                  {},
                  h(
                    "td",
                    {},
                    h(
                      "button",
                      {
                        type: "button",
                        class: "linklike",
                        dataset: { id: r.node.id },
                        onclick: () => actions.open(r.node.id),
                      },
                      r.node.name,
                    ),
                    r.node.country ? ` (${r.node.country})` : "",
                  ),
                  h("td", {}, r.role.toLowerCase().replaceAll("_", " ")),
                  h(
                    "td",
                    {},
                    fmtPeriod(r.since, r.until),
                    r.datesDerived
                      ? h("span", { class: "muted", title: "dates of the project, not of this participation" }, " *")
                      : "",
                  ),
                  h("td", {}, confidenceMark(r.confidence), " ", sourceLinks(r.sources)),
                ),
              ),
            ),
          ),
        )
      : null;

  fill(
    box,
    h("h2", { id: "card-title" }, c.name),
    c.shortName ? h("p", { class: "muted" }, c.shortName) : null,
    h("dl", { class: "facts" }, facts),
    isNetworkNode(c.kind)
      ? h(
          "div",
          { class: "card-actions" },
          h("button", { type: "button", onclick: () => actions.centre(c.id) }, "Map its neighbourhood"),
          h("button", { type: "button", onclick: () => actions.pathFrom(c.id) }, "Path from here"),
          h("button", { type: "button", onclick: () => actions.pathTo(c.id) }, "Path to here"),
        )
      : null,
    hidden ? h("p", { class: "muted" }, `${pluralise(hidden, "link")} not active on ${state.asOf} hidden.`) : null,
    c.linksTotal > c.linksShown
      ? h("p", { class: "muted" }, `Showing ${c.linksShown} of ${c.linksTotal} links.`)
      : null,
    linkTable("Projects and programmes", projects, "Project"),
    linkTable("Networks", networks, "Network"),
    linkTable(c.typename === "Network" ? "Members" : "Participants", members, "Organisation"),
    c.networks.length
      ? h("p", {}, "Networks formed in this project: ", c.networks.map((n) => n.shortName || n.name).join(", "))
      : null,
    h(
      "section",
      { class: "provenance" },
      h("h3", {}, "Sources"),
      c.sources.length
        ? h(
            "ol",
            {},
            c.sources.map((url) =>
              h("li", {}, h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url)),
            ),
          )
        : h("p", { class: "muted" }, "No source recorded."),
      c.notes.length ? h("h3", {}, "Notes") : null,
      c.notes.length
        ? h(
            "ul",
            {},
            c.notes.map((note) => h("li", {}, note)),
          )
        : null,
    ),
  );
}

// Find: the search box over the full-text search and its hits, and the marks cards and lists share.

import { ApiError, describeError } from "./api.js";
import { ORG_KINDS, kindColour, kindLabel } from "./kinds.js";
import { ENTITY_KINDS, search } from "./queries.js";
import { state, update } from "./state.js";
import { fill, h, pluralise, status } from "./ui.js";

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

export function sourceLinks(sources) {
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
export function reportError(err) {
  if (err instanceof ApiError) errorReporter(err);
}

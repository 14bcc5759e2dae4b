// The explorer page: wires Find, Map, Path finder and Country links to the URL state and the as-of date.

import "./style.css";
import { describeError, onBusy } from "./api.js";
import { exportGraphML, exportName, exportPNG } from "./export.js";
import { initFind, isNetworkNode, onApiError, runSearch, showCard } from "./find.js";
import { focusNode, initMap, loadMap, mapGraph, mapView, setProgrammes } from "./map.js";
import { initMatrix, loadCell, loadMatrix, setMatrixProgrammes, setRegions } from "./matrix.js";
import { initPath, loadPath, pathGraph, pathView } from "./path.js";
import { countryNames as fetchCountryNames, programmes, regions } from "./queries.js";
import { shareUrl, state, subscribe, update } from "./state.js";
import { h, tablist } from "./ui.js";

const $ = (id) => document.getElementById(id);
let names = new Map();

// --- service availability -------------------------------------------------------------------------------------

const banner = $("banner");
function reportError(err) {
  if (err?.kind !== "unavailable") return;
  banner.replaceChildren(
    describeError(err),
    " ",
    h("button", { type: "button", onclick: () => reloadAll() }, "Try again"),
  );
  banner.hidden = false;
}
function clearBanner() {
  banner.hidden = true;
}
onApiError(reportError);
onBusy((n) => {
  document.body.dataset.busy = n > 0 ? "true" : "false";
  $("main").setAttribute("aria-busy", n > 0 ? "true" : "false");
});

// --- card and selection ---------------------------------------------------------------------------------------

const cardActions = {
  open: (id) => openCard(id),
  centre: (id) => centre(id),
  pathFrom: (id) => update({ from: id, tab: "path" }, { push: true }),
  pathTo: (id) => update({ to: id, tab: "path" }, { push: true }),
};

function openCard(id) {
  update({ card: id === state.sel ? "" : id }, { push: true });
}

function centre(id) {
  update({ sel: id, card: "", exp: [], mc: "", tab: "map" }, { push: true });
}

const context = { openCard, centre, reportError, countryNames: () => names };

// --- tabs -----------------------------------------------------------------------------------------------------

const TAB_OF = { map: "tab-map", path: "tab-path", links: "tab-links" };
const tabs = tablist(document.querySelector('[role="tablist"]'), (tab) => {
  const name = Object.keys(TAB_OF).find((k) => TAB_OF[k] === tab.id);
  update({ tab: name }, { push: true });
});

function showTab() {
  for (const tab of tabs) {
    const selected = tab.id === TAB_OF[state.tab];
    tab.setAttribute("aria-selected", selected ? "true" : "false");
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !selected;
  }
  document.title = `partnernet explorer: ${{ map: "map", path: "path finder", links: "country links" }[state.tab]}`;
}

// --- as-of date, share, export --------------------------------------------------------------------------------

const asOf = $("asof");
asOf.value = state.asOf;
asOf.addEventListener("change", () => {
  if (asOf.value === "" || /^\d{4}-\d{2}-\d{2}$/.test(asOf.value)) update({ asOf: asOf.value }, { push: true });
});
$("asof-form").addEventListener("submit", (event) => event.preventDefault());
$("asof-clear").addEventListener("click", () => {
  asOf.value = "";
  update({ asOf: "" }, { push: true });
});

$("share").addEventListener("click", async () => {
  const url = shareUrl();
  const button = $("share");
  try {
    await navigator.clipboard.writeText(url);
    button.textContent = "Link copied";
  } catch {
    // No clipboard (insecure origin, permissions): show the link to copy by hand.
    window.prompt("Copy this link:", url);
  }
  setTimeout(() => {
    button.textContent = "Copy link";
  }, 2000);
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-export]");
  if (!button) return;
  const isMap = button.dataset.view === "map";
  const view = isMap ? mapView : pathView;
  const cy = isMap ? mapGraph() : pathGraph();
  const subject = isMap
    ? (view.meta.centre?.key ?? state.sel)
    : `${view.meta.from?.key ?? ""}-to-${view.meta.to?.key ?? ""}`;
  if (!view.nodes.length) {
    $(isMap ? "map-status" : "path-status").textContent = "Nothing to export: the view is empty.";
    return;
  }
  if (button.dataset.export === "png") exportPNG(cy, exportName(button.dataset.view, subject, state.asOf, "png"));
  else
    exportGraphML(
      { ...view, meta: { ...view.meta, url: window.location.href } },
      exportName(button.dataset.view, subject, state.asOf, "graphml"),
    );
});

// --- what to redraw when the state changes --------------------------------------------------------------------

const MAP_KEYS = ["sel", "hops", "mk", "prog", "mc", "group", "struct", "exp", "asOf"];
const PATH_KEYS = ["from", "to", "maxHops", "k", "struct", "asOf"];
const LINK_KEYS = ["region", "ka", "kb", "prog", "struct", "asOf"];
const stale = { map: true, path: true, links: true };

function refreshVisible() {
  if (state.tab === "map" && stale.map) {
    stale.map = false;
    loadMap().then(() => focusNode(state.card || state.sel));
  } else if (state.tab === "path" && stale.path) {
    stale.path = false;
    loadPath();
  } else if (state.tab === "links" && stale.links) {
    stale.links = false;
    loadMatrix();
  }
}

subscribe((changed) => {
  const any = (keys) => keys.some((k) => changed.has(k));
  if (any(MAP_KEYS)) stale.map = true;
  if (any(PATH_KEYS)) stale.path = true;
  if (any(LINK_KEYS)) stale.links = true;
  if (changed.has("asOf")) asOf.value = state.asOf;
  if (changed.has("tab")) showTab();
  if (changed.has("q")) {
    $("search-input").value = state.q;
    runSearch();
  }
  if (any(["sel", "card", "asOf"])) showCard(state.card || state.sel, cardActions);
  if (changed.has("card") && state.tab === "map") focusNode(state.card || state.sel);
  if (changed.has("cell") && !changed.has("region") && state.tab === "links" && !stale.links) loadCell();
  syncForms(changed);
  refreshVisible();
});

/** Forms follow the state when it changes from elsewhere (back/forward, a swapped path, a shared link). */
function syncForms(changed) {
  if (changed.has("hops")) $("map-hops").value = state.hops;
  if (changed.has("group")) $("map-group").checked = state.group === "1";
  if (changed.has("struct")) {
    $("map-structural").checked = state.struct === "1";
    $("path-structural").checked = state.struct === "1";
  }
  if (changed.has("mk"))
    for (const box of document.querySelectorAll("#map-kinds input")) box.checked = state.mk.includes(box.value);
  if (changed.has("prog")) {
    $("map-programme").value = state.prog;
    $("links-programme").value = state.prog;
  }
  if (changed.has("maxHops")) $("path-maxhops").value = state.maxHops;
  if (changed.has("k")) $("path-k").value = state.k;
  if (changed.has("region")) $("links-region").value = state.region;
  if (changed.has("ka")) $("links-ka").value = state.ka;
  if (changed.has("kb")) $("links-kb").value = state.kb;
}

function reloadAll() {
  clearBanner();
  stale.map = stale.path = stale.links = true;
  loadReferenceData();
  showCard(state.card || state.sel, cardActions);
  if (state.q) runSearch();
  refreshVisible();
}

async function loadReferenceData() {
  try {
    const [countryList, programmeList, regionList] = await Promise.all([fetchCountryNames(), programmes(), regions()]);
    names = countryList;
    setProgrammes(programmeList);
    setMatrixProgrammes(programmeList);
    setRegions(regionList);
    clearBanner();
  } catch (err) {
    reportError(err);
  }
}

// --- start ----------------------------------------------------------------------------------------------------

initFind({
  onPick: (hit) => {
    if (!isNetworkNode(hit.kind)) {
      update({ card: hit.id, tab: state.tab }, { push: true });
      return;
    }
    update({ sel: hit.id, card: "", exp: [], mc: "", tab: state.tab === "path" ? "path" : "map" }, { push: true });
    $("main").focus({ preventScroll: true });
  },
});
initMap(context);
initPath(context);
initMatrix(context);
showTab();
loadReferenceData().then(() => {
  showCard(state.card || state.sel, cardActions);
  refreshVisible();
  document.body.dataset.ready = "true";
});

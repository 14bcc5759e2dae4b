// The explorer page: wires Find, the card, Map, Path finder, Country links, Analyses and Import to the URL state,
// the as-of date, the signed-in session and the live updates.

import "./style.css";
import { describeError, onBusy } from "./api.js";
import { buildAnalysisForm, ANALYSIS_KEYS, initAnalyses, loadAnalysis } from "./analyses.js";
import { cardIsEditing, noteWhileEditing, shownCard, showCard } from "./card.js";
import { newOrganisation, newProject } from "./create.js";
import { exportAs } from "./exports.js";
import { initFind, isNetworkNode, onApiError, runSearch } from "./find.js";
import { initImport, showAccess } from "./importer.js";
import { forgetLooks } from "./looks.js";
import { focusNode, initMap, loadMap, mapView, setProgrammes } from "./map.js";
import { initMatrix, loadCell, loadMatrix, setMatrixProgrammes, setRegions } from "./matrix.js";
import { initPath, loadPath } from "./path.js";
import { liveText, startLive, restartLive } from "./live.js";
import { card, countryNames as fetchCountryNames, programmes, regions } from "./queries.js";
import { canEdit, initSessionUI, onSession } from "./session.js";
import { shareUrl, state, subscribe, update } from "./state.js";
import { fill, h, tablist } from "./ui.js";

const $ = (id) => document.getElementById(id);
let names = new Map();
let regionList = [];
let programmeList = [];
const entityNames = new Map();

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

// --- card, selection and edits --------------------------------------------------------------------------------

const ownChanges = new Set(); // change seqs of this page's own edits: no live notice for those

const cardActions = {
  open: (id) => openCard(id),
  centre: (id) => centre(id),
  pathFrom: (id) => update({ from: id, tab: "path" }, { push: true }),
  pathTo: (id) => update({ to: id, tab: "path" }, { push: true }),
  canEdit,
  saved: (result) => {
    if (result.changeSeq) ownChanges.add(result.changeSeq);
    graphChanged();
    showCard(state.card || state.sel, cardActions, {
      notice: `Saved${result.record?.version ? `: version ${result.record.version}` : ""}.`,
    });
  },
};

function openCard(id) {
  update({ card: id === state.sel ? "" : id }, { push: true });
}

function centre(id) {
  update({ sel: id, card: "", exp: [], hl: [], mc: "", tab: "map" }, { push: true });
}

/** The name of an entity by id (asked once), for pickers that show an id from the URL. */
async function nameOf(id) {
  if (!entityNames.has(id)) {
    const c = await card(id).catch(() => null);
    entityNames.set(id, c?.name ?? id);
  }
  return entityNames.get(id);
}

const context = {
  openCard,
  centre,
  reportError,
  nameOf,
  countryNames: () => names,
  regions: () => regionList,
  regionName: (key) => regionList.find((r) => r.key === key)?.name ?? key,
  programmes: () => programmeList,
};

const createCtx = {
  cancel: () => showCard(state.card || state.sel, cardActions),
  created: (id) => {
    graphChanged();
    update({ card: id }, { push: true });
    showCard(id, cardActions, { notice: "Created." });
  },
  countryNames: () => names,
  programmes: () => programmeList,
};
function openCreate(make) {
  const box = $("card");
  box.hidden = false;
  make(box, createCtx);
}
$("new-organisation").addEventListener("click", () => openCreate(newOrganisation));
$("new-project").addEventListener("click", () => openCreate(newProject));

// --- tabs -----------------------------------------------------------------------------------------------------

const TITLES = { map: "map", path: "path finder", links: "country links", analyses: "analyses", import: "import" };
const tabs = tablist(document.querySelector('[role="tablist"]'), (tab) => {
  update({ tab: tab.id.replace("tab-", "") }, { push: true });
});

function showTab() {
  for (const tab of tabs) {
    const selected = tab.id === `tab-${state.tab}`;
    tab.setAttribute("aria-selected", selected ? "true" : "false");
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !selected;
  }
  document.title = `partnernet explorer: ${TITLES[state.tab]}`;
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
  if (button) exportAs(button.dataset.export, button.dataset.view, context);
});

// --- what to redraw when the state changes --------------------------------------------------------------------

const MAP_KEYS = ["sel", "hops", "mk", "prog", "mc", "group", "struct", "exp", "hl", "size", "colour", "asOf"];
const PATH_KEYS = ["from", "to", "maxHops", "k", "struct", "asOf"];
const LINK_KEYS = ["region", "ka", "kb", "prog", "struct", "asOf"];
const stale = { map: true, path: true, links: true, analyses: true };

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
  } else if (state.tab === "analyses" && stale.analyses) {
    stale.analyses = false;
    loadAnalysis();
  }
}

subscribe((changed) => {
  const any = (keys) => keys.some((k) => changed.has(k));
  if (any(MAP_KEYS) || (changed.has("ar") && state.colour === "community")) stale.map = true;
  if (any(PATH_KEYS)) stale.path = true;
  if (any(LINK_KEYS)) stale.links = true;
  if (any(ANALYSIS_KEYS)) stale.analyses = true;
  if (any(["sel", "exp"])) $("map-live").hidden = true;
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
  const set = (id, value) => {
    if ($(id)) $(id).value = value;
  };
  if (changed.has("hops")) set("map-hops", state.hops);
  if (changed.has("size")) set("map-size", state.size);
  if (changed.has("colour")) set("map-colour", state.colour);
  if (changed.has("group")) $("map-group").checked = state.group === "1";
  if (changed.has("struct")) {
    $("map-structural").checked = state.struct === "1";
    $("path-structural").checked = state.struct === "1";
  }
  if (changed.has("mk"))
    for (const box of document.querySelectorAll("#map-kinds input")) box.checked = state.mk.includes(box.value);
  if (changed.has("prog")) {
    set("map-programme", state.prog);
    set("links-programme", state.prog);
  }
  if (changed.has("maxHops")) set("path-maxhops", state.maxHops);
  if (changed.has("k")) set("path-k", state.k);
  if (changed.has("region")) set("links-region", state.region);
  if (changed.has("ka")) set("links-ka", state.ka);
  if (changed.has("kb")) set("links-kb", state.kb);
}

/** The graph changed (an edit here, an import, a live change): every view reads it again when next shown. */
function graphChanged() {
  forgetLooks();
  stale.map = stale.path = stale.links = stale.analyses = true;
  refreshVisible();
}

function reloadAll() {
  clearBanner();
  stale.map = stale.path = stale.links = stale.analyses = true;
  loadReferenceData();
  showCard(state.card || state.sel, cardActions);
  if (state.q) runSearch();
  refreshVisible();
}

async function loadReferenceData() {
  try {
    const [countryList, programmesFound, regionsFound] = await Promise.all([
      fetchCountryNames(),
      programmes(),
      regions(),
    ]);
    names = countryList;
    programmeList = programmesFound;
    regionList = regionsFound;
    setProgrammes(programmeList);
    setMatrixProgrammes(programmeList);
    setRegions(regionList);
    buildAnalysisForm();
    clearBanner();
  } catch (err) {
    reportError(err);
  }
}

// --- live updates ---------------------------------------------------------------------------------------------

/** A change someone else committed: the card and the map update if it touches them, and say so. */
function onLiveChange(event) {
  // Wait a moment: this page's own edit answers with its seq about when the change is broadcast.
  setTimeout(() => {
    if (ownChanges.has(event.seq)) return;
    const touched = new Set([event.entityId, ...event.related]);
    const text = liveText(event);
    forgetLooks();
    stale.path = stale.links = stale.analyses = true;
    if (shownCard.id && touched.has(shownCard.id)) {
      if (cardIsEditing()) noteWhileEditing(text);
      else showCard(shownCard.id, cardActions, { notice: text });
    }
    if (mapView.nodes.some((n) => touched.has(n.id))) {
      stale.map = true;
      const line = $("map-live");
      line.textContent = text;
      line.dataset.seq = String(event.seq);
      line.hidden = false;
    }
    refreshVisible();
  }, 300);
}

// --- start ----------------------------------------------------------------------------------------------------

initSessionUI({
  onRefused: (code) => {
    banner.replaceChildren(`Signed out: the service refused your token (${code}). Sign in again to edit.`);
    banner.hidden = false;
  },
});
onSession(() => {
  $("create").hidden = !canEdit();
  showAccess();
  restartLive();
  // Editors see sensitive organisations: every view reads again with the new token.
  entityNames.clear();
  graphChanged();
  showCard(state.card || state.sel, cardActions);
  if (state.q) runSearch();
});
$("create").hidden = !canEdit();

initFind({
  onPick: (hit) => {
    if (!isNetworkNode(hit.kind)) {
      update({ card: hit.id, tab: state.tab }, { push: true });
      return;
    }
    update(
      { sel: hit.id, card: "", exp: [], hl: [], mc: "", tab: state.tab === "path" ? "path" : "map" },
      { push: true },
    );
    $("main").focus({ preventScroll: true });
  },
});
initMap(context);
initPath(context);
initMatrix(context);
initAnalyses(context);
initImport({ imported: () => graphChanged() });
showTab();
startLive({
  onChange: onLiveChange,
  onStatus: (text) =>
    fill(
      $("live-status"),
      text === "live" ? h("span", { title: "Changes by others appear as they happen" }, "● Live") : text,
    ),
});
loadReferenceData().then(() => {
  showCard(state.card || state.sel, cardActions);
  refreshVisible();
  document.body.dataset.ready = "true";
});

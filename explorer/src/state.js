// The view lives in the URL's query string, so a copied link reopens it: selection, tab, filters, date.

const DEFAULTS = {
  tab: "map", // map | path | links | analyses | import
  q: "", // search text
  sk: [], // search kinds
  sel: "", // the map's centre, an opaque global id ("Organisation:ge-pdo")
  card: "", // the entity whose card is open, when not the centre
  hops: "2",
  mk: [], // map kinds
  prog: "", // map programme filter (programme id)
  mc: "", // map country filter (country code)
  group: "", // "1": group map nodes by country
  struct: "", // "1": follow structural roles too (implementer, funder)
  exp: [], // ids expanded on the map
  hl: [], // ids highlighted on the map (an analysis result opened there)
  size: "links", // map node size: "links" (links drawn) | "broker" (broker score) | "" (same size)
  colour: "", // map node colour: "" (by kind) | "community"
  from: "",
  to: "",
  maxHops: "4",
  k: "3",
  region: "western_balkans",
  ka: "NATIONAL_AUTHORITY",
  kb: "NATIONAL_AUTHORITY",
  cell: "", // "AA:BB": the open matrix cell
  an: "brokers", // the open analysis: brokers | gaps | suggested | shared | cross | changes | communities
  ar: "western_balkans", // the analyses' region (brokers, communities; "" for every country)
  ac: "BA", // the country whose gaps are shown
  ao: "", // the organisation of suggested partners and cross-border partners
  aids: [], // the actors of shared partners
  cf: "2020-01-01", // changes from
  ct: "2020-12-31", // changes to
  asOf: "", // YYYY-MM-DD or "" for any date
};

const LISTS = new Set(["sk", "mk", "exp", "hl", "aids"]);
export const TABS = ["map", "path", "links", "analyses", "import"];

export const state = read();
const subscribers = new Set();

function read() {
  const params = new URLSearchParams(window.location.search);
  const s = structuredClone(DEFAULTS);
  for (const key of Object.keys(DEFAULTS)) {
    if (!params.has(key)) continue;
    const raw = params.get(key);
    s[key] = LISTS.has(key) ? raw.split(",").filter(Boolean) : raw;
  }
  if (!TABS.includes(s.tab)) s.tab = "map";
  if (s.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(s.asOf)) s.asOf = "";
  return s;
}

/** The query string of the current state, defaults left out so links stay short. */
export function toQuery(s = state) {
  const params = new URLSearchParams();
  for (const [key, def] of Object.entries(DEFAULTS)) {
    const value = s[key];
    if (LISTS.has(key)) {
      if (value.length) params.set(key, value.join(","));
    } else if (value !== def) {
      params.set(key, value);
    }
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * Change the state, write the URL (a new history entry when `push`), and tell subscribers which keys changed.
 */
export function update(changes, { push = false, silent = false } = {}) {
  const changed = [];
  for (const [key, value] of Object.entries(changes)) {
    const before = state[key];
    const same = LISTS.has(key) ? before.join(",") === value.join(",") : before === value;
    if (!same) {
      state[key] = LISTS.has(key) ? [...value] : value;
      changed.push(key);
    }
  }
  if (!changed.length) return;
  const url = window.location.pathname + toQuery();
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
  if (!silent) for (const fn of subscribers) fn(new Set(changed));
}

export function subscribe(fn) {
  subscribers.add(fn);
}

/** Back and forward restore the state the URL held. */
window.addEventListener("popstate", () => {
  const next = read();
  const changed = new Set(Object.keys(DEFAULTS).filter((k) => JSON.stringify(state[k]) !== JSON.stringify(next[k])));
  Object.assign(state, next);
  if (changed.size) for (const fn of subscribers) fn(changed);
});

export function shareUrl() {
  return window.location.origin + window.location.pathname + toQuery();
}

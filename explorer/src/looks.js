// How the map looks beyond kinds: node sizes (links drawn, or the API's broker score) and colours by community
// (the `communities` analysis over the same roles and date), with what the legend says about them.

import { describeError } from "./api.js";
import { communityColour, OTHER_COMMUNITY } from "./kinds.js";
import { brokerScores, communityOf, SCORED } from "./queries-analysis.js";
import { state } from "./state.js";

export const SIZE_CHOICES = [
  ["links", "Links"],
  ["broker", "Broker score"],
  ["", "Same size"],
];
const SMALL = 18;
const LARGE = 48;

// Answers reused while the roles and date stay the same (a redraw after an expansion asks nothing again); asked
// without the view's abort signal, as a later view may be waiting on the same answer.
const cache = new Map();
function cached(key, fetch) {
  if (!cache.has(key))
    cache.set(
      key,
      fetch().catch((err) => (cache.delete(key), Promise.reject(err))),
    );
  return cache.get(key);
}
/** Forget the answers (after an edit or a live change: scores and communities may have moved). */
export function forgetLooks() {
  cache.clear();
}

function scale(values) {
  const max = Math.max(1, ...values.values());
  return new Map(
    [...values].map(([id, v]) => [id, Math.round(SMALL + ((LARGE - SMALL) * Math.sqrt(v)) / Math.sqrt(max))]),
  );
}

/**
 * Sizes, colours and legend entries for the nodes and edges of `view`:
 * { degree, sizes, sizeText, colours, community, legend, notes }.
 */
export async function mapLooks(view, { regionName }) {
  const degree = new Map(view.nodes.map((n) => [n.id, 0]));
  for (const e of view.edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const structural = state.struct === "1";
  const notes = [];
  let sizes = null;
  let sizeText = "";
  if (state.size === "links") {
    sizes = scale(degree);
    sizeText = "links drawn";
  } else if (state.size === "broker") {
    try {
      const scores = await cached(`b|${structural}|${state.asOf}`, () =>
        brokerScores({ structural, asOf: state.asOf }),
      );
      sizes = scale(new Map(view.nodes.map((n) => [n.id, scores.get(n.id) ?? 0])));
      sizeText = `broker score (countries bridged; the ${SCORED} best of the graph)`;
    } catch (err) {
      notes.push(`Broker scores unavailable: ${describeError(err)}`);
    }
  }
  let colours = null;
  let community = new Map();
  let legendEntries = null;
  if (state.colour === "community") {
    try {
      community = await cached(`c|${structural}|${state.asOf}|${state.ar}`, () =>
        communityOf({ region: state.ar, structural, asOf: state.asOf }),
      );
      colours = new Map(
        view.nodes.map((n) => [n.id, community.has(n.id) ? communityColour(community.get(n.id)) : OTHER_COMMUNITY]),
      );
      const present = [...new Set(view.nodes.map((n) => community.get(n.id)).filter(Boolean))].sort((a, b) => a - b);
      const scope = state.ar ? ` of ${regionName(state.ar)}` : "";
      legendEntries = [
        ...present.slice(0, 12).map((i) => [`Community ${i}${scope}`, communityColour(i)]),
        ["Other or none", OTHER_COMMUNITY],
      ];
    } catch (err) {
      notes.push(`Communities unavailable: ${describeError(err)}`);
    }
  }
  return { degree, sizes, sizeText, colours, community, legend: legendEntries, notes };
}

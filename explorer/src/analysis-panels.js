// The panels of the Analyses tab: each one's inputs (kept in the URL), its query, and its results as lists whose
// items open on the map.

import { communityColour } from "./kinds.js";
import { picker } from "./picker.js";
import {
  brokers,
  changes,
  communities,
  crossBorderPartners,
  GAP_KINDS,
  gaps,
  MAX_SHARED,
  sharedPartners,
  suggestedPartners,
} from "./queries-analysis.js";
import { state, update } from "./state.js";
import { fill, fmtPeriod, h, pluralise } from "./ui.js";

const structural = () => state.struct === "1";

function regionSelect(t) {
  const regions = t.context().regions();
  return h(
    "label",
    { for: "an-region" },
    "Region ",
    h(
      "select",
      { id: "an-region", onchange: (e) => update({ ar: e.target.value }, { push: true }) },
      h("option", { value: "", selected: !state.ar }, "Every country"),
      regions.map((r) => h("option", { value: r.key, selected: r.key === state.ar }, r.name)),
    ),
  );
}

const structuralBox = () =>
  h(
    "label",
    { class: "check", for: "an-structural", title: "Also follow implementer, funder and co-funder links (the hubs)" },
    h("input", {
      type: "checkbox",
      id: "an-structural",
      checked: state.struct === "1",
      onchange: (e) => update({ struct: e.target.checked ? "1" : "" }, { push: true }),
    }),
    "Structural roles",
  );

/** A picker of one organisation written to `ao`, showing the chosen one. */
function orgPicker(t, label) {
  const made = picker({
    id: "an-org",
    label,
    kinds: ["ORGANISATION"],
    onPick: (hit) => update({ ao: hit.id }, { push: true }),
  });
  if (state.ao)
    t.context()
      .nameOf(state.ao)
      .then((name) => fill(made.chosen, h("strong", {}, name)));
  else fill(made.chosen, h("span", { class: "muted" }, "not chosen"));
  return made.wrap;
}

const dateText = () => (state.asOf ? ` on ${state.asOf}` : "");

export const PANELS = {
  brokers: {
    label: "Brokers",
    intro:
      "The organisations that bridge the most countries: the score counts the other countries in which some " +
      "organisation shares a project, programme or network with it.",
    form: (t) => [regionSelect(t), structuralBox()],
    async load(t, { signal }) {
      const rows = await brokers({ region: state.ar, structural: structural(), asOf: state.asOf }, { signal });
      return {
        count: rows.length,
        summary: rows.length
          ? `The ${pluralise(rows.length, "best broker")} of ${state.ar ? t.context().regionName(state.ar) : "every country"}${dateText()}.`
          : "No organisation here shares anything across a border.",
        body: h(
          "ol",
          { class: "results brokers" },
          rows.map((b) =>
            h(
              "li",
              { dataset: { id: b.node.id, score: b.score } },
              h(
                "div",
                { class: "result-head" },
                ...t.nodeWithKind(b.node),
                " ",
                t.mapButton(`${b.node.name}`, { sel: b.node.id, hl: [b.node.id] }),
              ),
              h(
                "p",
                { class: "result-body" },
                h("strong", {}, `Score ${b.score}`),
                `: bridges ${pluralise(b.reached.length, "country", "countries")} (${b.reached.join(", ")}); `,
                `${b.bridging} of its ${pluralise(b.connectors, "project or network", "projects and networks")} span countries.`,
              ),
            ),
          ),
        ),
      };
    },
  },

  gaps: {
    label: "Gaps",
    intro:
      "Structural holes around one country: NHRIs sharing no project with civil society, authorities whose " +
      "projects lack an NHRI partner, and institutions next door working on the same themes but never linked.",
    form: (t) => [
      h(
        "label",
        { for: "an-country" },
        "Country ",
        h(
          "select",
          { id: "an-country", onchange: (e) => update({ ac: e.target.value }, { push: true }) },
          [...t.context().countryNames()]
            .sort((a, b) => a[1].localeCompare(b[1]))
            .map(([code, name]) => h("option", { value: code, selected: code === state.ac }, `${name} (${code})`)),
        ),
      ),
      structuralBox(),
    ],
    async load(t, { signal }) {
      const r = await gaps({ country: state.ac, structural: structural(), asOf: state.asOf }, { signal });
      const groups = Object.entries(GAP_KINDS).map(([kind, label]) => [
        kind,
        label,
        r.gaps.filter((g) => g.kind === kind),
      ]);
      return {
        count: r.gaps.length,
        notice: r.truncated ? "Truncated: more gaps than shown." : "",
        summary: r.gaps.length
          ? `${pluralise(r.gaps.length, "gap")} around ${t.countryName(state.ac)}${dateText()}.`
          : `No gap found around ${t.countryName(state.ac)}${dateText()}.`,
        body: groups
          .filter(([, , list]) => list.length)
          .map(([kind, label, list]) => [
            h("h3", {}, `${label} (${list.length})`),
            h(
              "ul",
              { class: "results gaps", dataset: { kind } },
              list.map((g) =>
                h(
                  "li",
                  { dataset: { id: g.subject.id, other: g.other?.id ?? "" } },
                  h(
                    "p",
                    { class: "result-head" },
                    g.explanation,
                    " ",
                    t.mapButton(`the gap of ${g.subject.name}`, {
                      sel: g.subject.id,
                      exp: g.other ? [g.other.id] : [],
                      hl: [g.subject.id, ...(g.other ? [g.other.id] : [])],
                    }),
                  ),
                  h(
                    "p",
                    { class: "result-body muted" },
                    ...t.node(g.subject),
                    g.other ? [" and ", ...t.node(g.other)] : "",
                    g.evidence.length ? [". Judged on: ", ...t.nodes(g.evidence, 5)] : "",
                    g.themes.length ? `. Themes: ${g.themes.map((x) => x.name).join(", ")}` : "",
                  ),
                ),
              ),
            ),
          ]),
      };
    },
  },

  suggested: {
    label: "Suggested partners",
    intro: "Institutions abroad an organisation is not linked with yet but could be, with the reasons.",
    form: (t) => [orgPicker(t, "Organisation"), structuralBox()],
    missing: () => (state.ao ? null : "Choose an organisation: its suggested partners abroad appear here."),
    async load(t, { signal }) {
      const r = await suggestedPartners({ org: state.ao, structural: structural(), asOf: state.asOf }, { signal });
      return {
        count: r.suggestions.length,
        summary: r.suggestions.length
          ? `${pluralise(r.suggestions.length, "suggestion")} for ${r.org.name}${dateText()}, best first.`
          : `No suggestion for ${r.org.name}${dateText()}.`,
        body: h(
          "ol",
          { class: "results suggestions-list" },
          r.suggestions.map((s) =>
            h(
              "li",
              { dataset: { id: s.node.id, score: s.score } },
              h(
                "div",
                { class: "result-head" },
                ...t.nodeWithKind(s.node),
                ` · score ${s.score} `,
                t.mapButton(`${s.node.name} beside ${r.org.name}`, {
                  sel: r.org.id,
                  exp: [s.node.id, ...s.common.slice(0, 3).map((n) => n.id)],
                  hl: [r.org.id, s.node.id, ...s.common.map((n) => n.id)],
                }),
              ),
              h("p", { class: "result-body reason" }, s.reason),
              s.common.length
                ? h(
                    "p",
                    { class: "result-body muted" },
                    `Common partners (${s.commonCount}): `,
                    ...t.nodes(s.common, 5),
                  )
                : null,
            ),
          ),
        ),
      };
    },
  },

  shared: {
    label: "Shared partners",
    intro: `What links several actors (2 to ${MAX_SHARED}): the projects and networks they share, and partners of each.`,
    form(t) {
      const made = picker({
        id: "an-actor",
        label: "Add an actor",
        onPick: (hit) =>
          state.aids.length < MAX_SHARED &&
          !state.aids.includes(hit.id) &&
          update({ aids: [...state.aids, hit.id] }, { push: true }),
      });
      const chosen = h("ul", { class: "chosen-list", id: "an-actors", "aria-label": "Chosen actors" });
      Promise.all(state.aids.map((id) => t.context().nameOf(id))).then((names) =>
        fill(
          chosen,
          state.aids.map((id, i) =>
            h(
              "li",
              { dataset: { id } },
              names[i],
              " ",
              h(
                "button",
                {
                  type: "button",
                  class: "small",
                  "aria-label": `Remove ${names[i]}`,
                  onclick: () => update({ aids: state.aids.filter((x) => x !== id) }, { push: true }),
                },
                "✕",
              ),
            ),
          ),
        ),
      );
      fill(
        made.chosen,
        state.aids.length
          ? `${pluralise(state.aids.length, "actor")} chosen`
          : h("span", { class: "muted" }, "none chosen"),
      );
      return [made.wrap, chosen, structuralBox()];
    },
    missing: () => (state.aids.length >= 2 ? null : "Choose at least two actors: what links them appears here."),
    async load(t, { signal }) {
      const r = await sharedPartners({ ids: state.aids, structural: structural(), asOf: state.asOf }, { signal });
      const actorIds = r.actors.map((a) => a.id);
      return {
        count: r.partners.length,
        notice: r.truncated ? "Truncated: more shared partners than shown." : "",
        summary: r.partners.length
          ? `${pluralise(r.partners.length, "node")} linked to ${r.minShared === r.actors.length ? "all" : `at least ${r.minShared}`} of ${r.actors.map((a) => a.name).join(", ")}${dateText()}.`
          : `Nothing links ${r.actors.map((a) => a.name).join(", ")}${dateText()}.`,
        body: h(
          "ol",
          { class: "results shared" },
          r.partners.map((p) =>
            h(
              "li",
              { dataset: { id: p.node.id, count: p.count } },
              h(
                "div",
                { class: "result-head" },
                ...t.nodeWithKind(p.node),
                ` · links ${p.count} of ${r.actors.length} `,
                t.mapButton(`${p.node.name} with the actors`, {
                  sel: actorIds[0],
                  exp: [...actorIds.slice(1), p.node.id],
                  hl: [...actorIds, p.node.id],
                }),
              ),
              h(
                "p",
                { class: "result-body muted" },
                p.direct ? "Shared directly." : ["Through: ", ...t.nodes(p.via, 5)],
              ),
            ),
          ),
        ),
      };
    },
  },

  cross: {
    label: "Cross-border partners",
    intro: "Institutions in other countries that share a project, programme or network with one organisation.",
    form: (t) => [orgPicker(t, "Organisation"), structuralBox()],
    missing: () => (state.ao ? null : "Choose an organisation: its partners abroad appear here."),
    async load(t, { signal }) {
      const r = await crossBorderPartners({ org: state.ao, structural: structural(), asOf: state.asOf }, { signal });
      return {
        count: r.partners.length,
        notice: r.truncated ? "Truncated: more partners than shown." : "",
        summary: r.partners.length
          ? `${pluralise(r.partners.length, "partner")} of ${r.org.name} abroad${dateText()}, most shared links first.`
          : `${r.org.name} shares nothing with institutions abroad${dateText()}.`,
        body: h(
          "ol",
          { class: "results cross" },
          r.partners.map((p) =>
            h(
              "li",
              { dataset: { id: p.node.id, links: p.links.length } },
              h(
                "div",
                { class: "result-head" },
                ...t.nodeWithKind(p.node),
                " ",
                t.mapButton(`${p.node.name} beside ${r.org.name}`, {
                  sel: r.org.id,
                  hl: [r.org.id, p.node.id, ...p.links.map((l) => l.via.id)],
                }),
              ),
              h(
                "ul",
                { class: "result-body" },
                p.links.map((l) =>
                  h(
                    "li",
                    {},
                    ...t.node(l.via),
                    ` — ${l.roles.map((x) => x.toLowerCase()).join(", ")} / ${l.partnerRoles.map((x) => x.toLowerCase()).join(", ")}`,
                  ),
                ),
              ),
            ),
          ),
        ),
      };
    },
  },

  changes: {
    label: "Changes",
    intro: "Participations and memberships that began or ended between two days, as a timeline.",
    form: () => {
      const day = (id, key, label) =>
        h(
          "label",
          { for: id },
          `${label} `,
          h("input", {
            type: "date",
            id,
            value: state[key],
            min: "1990-01-01",
            max: "2040-12-31",
            onchange: (e) =>
              /^\d{4}-\d{2}-\d{2}$/.test(e.target.value) && update({ [key]: e.target.value }, { push: true }),
          }),
        );
      return [day("an-from", "cf", "From"), day("an-to", "ct", "To"), structuralBox()];
    },
    async load(t, { signal }) {
      const r = await changes({ from: state.cf, to: state.ct, structural: structural() }, { signal });
      const months = new Map();
      for (const c of r.changes) {
        const month = c.date.slice(0, 7);
        if (!months.has(month)) months.set(month, []);
        months.get(month).push(c);
      }
      return {
        count: r.changes.length,
        notice: r.truncated
          ? `Truncated: ${r.total} changes in the period; the first ${r.changes.length} are shown.`
          : "",
        summary: r.total
          ? `${pluralise(r.total, "link")} began or ended between ${state.cf} and ${state.ct}.`
          : `No link began or ended between ${state.cf} and ${state.ct}.`,
        body: h(
          "ol",
          { class: "timeline" },
          [...months].map(([month, list]) =>
            h(
              "li",
              { class: "timeline-month" },
              h("h3", {}, month),
              h(
                "ol",
                {},
                list.map((c) =>
                  h(
                    "li",
                    { class: "timeline-item", dataset: { edge: c.edge.id, kind: c.kind, date: c.date } },
                    h("span", { class: "timeline-date" }, c.date),
                    " ",
                    h(
                      "span",
                      { class: `change-kind change-${c.kind.toLowerCase()}` },
                      c.kind === "BEGAN" ? "began" : "ended",
                    ),
                    " ",
                    ...t.node(c.org),
                    ` ${c.edge.type === "MEMBER_OF" ? "member of" : `${c.edge.role.toLowerCase().replaceAll("_", " ")} in`} `,
                    ...t.node(c.target),
                    fmtPeriod(c.edge.since, c.edge.until)
                      ? h("span", { class: "muted" }, ` (${fmtPeriod(c.edge.since, c.edge.until)})`)
                      : "",
                    " ",
                    t.mapButton(`${c.org.name} on ${c.date}`, {
                      sel: c.org.id,
                      hl: [c.org.id, c.target.id],
                      asOf: c.date,
                    }),
                  ),
                ),
              ),
            ),
          ),
        ),
      };
    },
  },

  communities: {
    label: "Communities",
    intro:
      "Groups of organisations that work together more with each other than with the rest (modularity over the " +
      "followed links, Louvain method, a fixed seed: the same data gives the same groups).",
    form: (t) => [
      regionSelect(t),
      structuralBox(),
      h(
        "button",
        { type: "button", id: "an-colour", onclick: () => update({ tab: "map", colour: "community" }, { push: true }) },
        "Colour the map by community",
      ),
    ],
    async load(t, { signal }) {
      const r = await communities({ region: state.ar, structural: structural(), asOf: state.asOf }, { signal });
      return {
        count: r.communities.length,
        notice: r.truncated ? `Truncated: ${r.total} communities; the largest ${r.communities.length} are shown.` : "",
        summary: r.total
          ? `${pluralise(r.total, "community", "communities")} of two or more among ${pluralise(r.organisations, "organisation")} of ${state.ar ? t.context().regionName(state.ar) : "every country"}${dateText()} (modularity ${r.modularity.toFixed(2)}).`
          : "No two organisations here are linked.",
        body: h(
          "ol",
          { class: "results communities" },
          r.communities.map((c) =>
            h(
              "li",
              { dataset: { index: c.index, size: c.size } },
              h(
                "div",
                { class: "result-head" },
                h("span", { class: "swatch", style: { background: communityColour(c.index) }, "aria-hidden": "true" }),
                h("strong", {}, ` Community ${c.index}`),
                `: ${pluralise(c.size, "organisation")} in ${c.countries.join(", ") || "no country"}, ${pluralise(c.links, "link")} `,
                t.mapButton(`community ${c.index}`, {
                  sel: (c.connectors[0] ?? c.members[0]).id,
                  hl: c.members.slice(0, 60).map((m) => m.id),
                  colour: "community",
                }),
              ),
              h("p", { class: "result-body" }, "Members: ", ...t.nodes(c.members, 12)),
              c.connectors.length
                ? h("p", { class: "result-body muted" }, "Working through: ", ...t.nodes(c.connectors, 5))
                : null,
            ),
          ),
        ),
      };
    },
  },
};

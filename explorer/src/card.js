// The card of the picked entity: identity, provenance and links; for signed-in editors its edit, add-a-link and
// history panels (edit.js, create.js, history.js).

import { describeError } from "./api.js";
import { addLink } from "./create.js";
import { canEditRecord, isOrganisation, openEditor } from "./edit.js";
import { activeOn, confidenceMark, isNetworkNode, kindBadge, reportError, sourceLinks } from "./find.js";
import { historyPanel } from "./history.js";
import { card as fetchCard } from "./queries.js";
import { state } from "./state.js";
import { fill, fmtDate, fmtInstant, fmtPeriod, h, pluralise } from "./ui.js";

const $ = (id) => document.getElementById(id);
let cardController = null;
/** The card drawn now (the live updates compare changes with it). */
export const shownCard = { id: "", card: null };

/**
 * Draw the card of `id` (or hide it for ""); `actions` adds the buttons that tie it to the views and, for editors
 * (`actions.canEdit()`), the edit panels (`actions.saved(result)` after a save). `notice`: a line to show on top
 * (what changed it, for a live update).
 */
export async function showCard(id, actions, { notice = "" } = {}) {
  const box = $("card");
  cardController?.abort();
  shownCard.id = id;
  shownCard.card = null;
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
    shownCard.card = c;
    renderCard(box, c, actions);
    if (notice) box.prepend(h("p", { class: "notice live-notice", dataset: { tone: "info" }, role: "status" }, notice));
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

  const editing = actions.canEdit?.() && c.version !== null;
  const editor = h("section", { class: "card-editor", id: "card-editor", "aria-live": "polite", hidden: true });
  const closeEditor = () => {
    editor.hidden = true;
    fill(editor);
  };
  const editCtx = {
    cancel: closeEditor,
    saved: (result) => {
      closeEditor();
      actions.saved(result, c);
    },
  };
  const openRow = (row) => {
    editor.hidden = false;
    openEditor(editor, c, editCtx, row);
    editor.scrollIntoView({ block: "nearest" });
  };
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
                editing ? h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Edit")) : null,
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
                    r.node.sensitive ? h("span", { class: "sensitive-mark" }, " sensitive") : "",
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
                  editing && r.key
                    ? h(
                        "td",
                        {},
                        h(
                          "button",
                          {
                            type: "button",
                            class: "small",
                            dataset: { edit: r.key },
                            "aria-label": `Edit the ${r.record === "Membership" ? "membership" : "participation"}: ${r.node.name}`,
                            onclick: () => openRow(r),
                          },
                          "Edit",
                        ),
                      )
                    : null,
                ),
              ),
            ),
          ),
        )
      : null;

  const addable = isOrganisation(c.typename)
    ? [
        ["participation", "Add participation"],
        ["membership", "Add membership"],
      ]
    : c.typename === "Network"
      ? [["membership", "Add member"]]
      : ["Project", "Programme"].includes(c.typename)
        ? [["participation", "Add participant"]]
        : [];
  const editActions = editing
    ? h(
        "div",
        { class: "card-actions edit-actions" },
        canEditRecord(c)
          ? h(
              "button",
              {
                type: "button",
                id: "card-edit",
                onclick: () => {
                  editor.hidden = false;
                  openEditor(editor, c, editCtx);
                },
              },
              "Edit",
            )
          : null,
        addable.map(([kind, label]) =>
          h(
            "button",
            {
              type: "button",
              dataset: { add: kind },
              onclick: () => {
                editor.hidden = false;
                addLink(editor, c, kind, editCtx);
              },
            },
            label,
          ),
        ),
      )
    : null;
  fill(
    box,
    h(
      "h2",
      { id: "card-title" },
      c.name,
      c.sensitive
        ? h("span", { class: "sensitive-badge", title: "Only editors and admins see this organisation" }, "Sensitive")
        : null,
    ),
    c.shortName ? h("p", { class: "muted" }, c.shortName) : null,
    c.updatedAt
      ? h(
          "p",
          { class: "muted stamp", id: "card-stamp", dataset: { version: c.version ?? "" } },
          `Version ${c.version ?? "?"}, last changed ${fmtInstant(c.updatedAt)}${c.updatedBy ? ` by ${c.updatedBy}` : ""}`,
        )
      : null,
    editActions,
    editor,
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
    c.version !== null ? historyPanel(c.id) : null,
  );
}

/** Whether an edit or create form is open in the card (a live update must not throw the user's input away). */
export function cardIsEditing() {
  return Boolean(document.querySelector("#card-editor:not([hidden]) form, #card > .edit-form, #card form.edit-form"));
}

/** Say in the open form that the record changed meanwhile (saving then shows the conflict, both versions). */
export function noteWhileEditing(text) {
  const form = document.querySelector("#card form.edit-form");
  if (!form) return;
  form.parentElement.querySelector(".live-notice")?.remove();
  form.before(
    h(
      "p",
      { class: "notice live-notice", dataset: { tone: "warn" }, role: "status" },
      `${text} Saving now will show both versions.`,
    ),
  );
}

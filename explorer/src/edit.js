// Editing from the card (signed-in editors): organisations, projects, participations and memberships, with the
// API's userErrors beside the field, and a stale version shown as a conflict: who changed it and when, both
// versions side by side, then reload theirs or overwrite with yours.

import { describeError } from "./api.js";
import { buildForm, changedFields, choice, shown, text } from "./forms.js";
import { card as fetchCard } from "./queries.js";
import { current, mutate } from "./queries-edit.js";
import { fill, fmtInstant, h } from "./ui.js";

export const ENUMS = {
  OrganisationKind: ["NATIONAL_AUTHORITY", "NHRI", "CIVIL_SOCIETY", "DONOR", "INTERNATIONAL", "COE_ENTITY"],
  GanhriStatus: ["A", "B", "NOT_ACCREDITED"],
  AuthorityKind: [
    "MINISTRY",
    "MINISTRY_OF_JUSTICE",
    "MINISTRY_OF_INTERIOR",
    "JUDICIAL_COUNCIL",
    "PROSECUTORIAL_COUNCIL",
    "COURT",
    "CONSTITUTIONAL_COURT",
    "SUPREME_COURT",
    "PROSECUTION",
    "PRISON_SERVICE",
    "PROBATION_SERVICE",
    "POLICE",
    "TRAINING_INSTITUTION",
    "PARLIAMENT",
    "BAR_ASSOCIATION",
    "GOVERNMENT_AGENT",
    "EQUALITY_BODY",
    "GOVERNMENT",
    "OTHER",
  ],
  Confidence: ["HIGH", "MEDIUM", "LOW"],
  ProjectStatus: ["PLANNED", "ACTIVE", "COMPLETED", "UNKNOWN"],
  ParticipationRole: [
    "PARTNER",
    "BENEFICIARY",
    "CIVIL_SOCIETY_PARTNER",
    "IMPLEMENTER",
    "IMPLEMENTING_UNIT",
    "FUNDER",
    "CO_FUNDER",
  ],
  MembershipStatus: ["MEMBER", "FOUNDER", "ASSOCIATE", "OBSERVER", "INITIATOR"],
};
export const PROVENANCE_FIELDS = [
  choice("confidence", "Confidence", ENUMS.Confidence),
  { name: "sources", label: "Sources (one URL a line)", type: "lines" },
  { name: "notes", label: "Notes (one a line)", type: "lines" },
];
const DATES = [text("since", "Since", { type: "date" }), text("until", "Until", { type: "date" })];

const ORG_TYPES = [
  "Nhri",
  "NationalAuthority",
  "CivilSocietyOrganisation",
  "Donor",
  "InternationalOrganisation",
  "CoeEntity",
];
export const isOrganisation = (typename) => ORG_TYPES.includes(typename);

/** The form fields and current values of what a card shows: an organisation or a project (else null). */
function recordSpec(c) {
  const provenance = { confidence: c.confidence, sources: c.sources, notes: c.notes };
  if (isOrganisation(c.typename)) {
    const specs = [
      text("name", "Name", { required: true }),
      text("shortName", "Short name"),
      choice("kind", "Kind", ENUMS.OrganisationKind, { required: true }),
      text("category", "Category"),
      { name: "sensitive", label: "Sensitive (only editors and admins see it)", type: "check" },
    ];
    const values = {
      name: c.name,
      shortName: c.shortName,
      kind: c.orgKind,
      category: c.rawCategory,
      sensitive: c.sensitive,
    };
    if (c.typename === "Nhri") {
      specs.push(
        choice("ganhriStatus", "GANHRI status", ENUMS.GanhriStatus),
        text("ganhriStatusAsOf", "GANHRI status as of", { type: "date" }),
      );
      Object.assign(values, { ganhriStatus: c.ganhriStatus, ganhriStatusAsOf: c.ganhriStatusAsOf });
    }
    if (c.typename === "NationalAuthority") {
      specs.push(choice("authorityKind", "Authority kind", ENUMS.AuthorityKind));
      values.authorityKind = c.authorityKind;
    }
    return {
      mutation: "UPDATE_ORGANISATION",
      specs: [...specs, ...PROVENANCE_FIELDS],
      values: { ...values, ...provenance },
    };
  }
  if (c.typename === "Project") {
    return {
      mutation: "UPDATE_PROJECT",
      specs: [
        text("title", "Title", { required: true }),
        choice("status", "Status", ENUMS.ProjectStatus, { required: true }),
        text("startDate", "Start", { type: "date" }),
        text("endDate", "End", { type: "date" }),
        { name: "budgetEur", label: "Budget (EUR)", type: "number" },
        ...PROVENANCE_FIELDS,
      ],
      values: {
        title: c.title ?? c.name,
        status: c.status,
        startDate: c.startDate,
        endDate: c.endDate,
        budgetEur: c.budgetEur,
        ...provenance,
      },
    };
  }
  return null;
}

/** The form fields and values of a participation or membership row of a card. */
function rowSpec(row) {
  const provenance = { confidence: row.confidence, sources: row.sources, notes: row.notes };
  // Derived dates are the project's, not the row's own: the form starts empty, so saving keeps them derived.
  const dates = row.datesDerived ? { since: null, until: null } : { since: row.since, until: row.until };
  if (row.record === "Participation")
    return {
      mutation: "UPDATE_PARTICIPATION",
      specs: [choice("role", "Role", ENUMS.ParticipationRole, { required: true }), ...DATES, ...PROVENANCE_FIELDS],
      values: { role: row.role, ...dates, ...provenance },
    };
  return {
    mutation: "UPDATE_MEMBERSHIP",
    specs: [
      choice("membershipStatus", "Status", ENUMS.MembershipStatus, { required: true }),
      text("evidence", "Evidence"),
      ...DATES,
      ...PROVENANCE_FIELDS,
    ],
    values: { membershipStatus: row.role, evidence: row.evidence, ...dates, ...provenance },
  };
}

export const canEditRecord = (c) => recordSpec(c) !== null;

/**
 * Open the edit form of card `c` (or of its link `row`) in `box`: save sends only the changed fields with the
 * version read; `ctx.saved(result)` runs after a save, `ctx.cancel()` to close.
 */
export function openEditor(box, c, ctx, row = null) {
  const spec = row ? rowSpec(row) : recordSpec(c);
  const version = row ? row.version : c.version;
  const id = row ? row.key : c.id;
  const prefix = row ? "edit-link" : "edit";
  const conflictBox = h("section", {
    class: "conflict",
    id: `${prefix}-conflict`,
    "aria-live": "polite",
    hidden: true,
  });
  const cancel = h("button", { type: "button", onclick: () => ctx.cancel() }, "Cancel");
  const made = buildForm(prefix, spec.specs, spec.values, { submit: "Save", extra: [cancel] });
  const title = row
    ? `Edit ${row.record === "Participation" ? "participation" : "membership"}: ${row.node.name}`
    : `Edit ${c.name}`;
  fill(box, h("h3", { id: `${prefix}-title` }, title), made.form, conflictBox);
  made.form.querySelector("input, select, textarea")?.focus();

  let changes = {};
  const run = async (expectedVersion) => {
    made.say("Saving…");
    try {
      const result = await mutate(spec.mutation, { id, expectedVersion, ...changes });
      const stale = result.userErrors.find((e) => e.code === "STALE_UPDATE");
      if (stale) {
        made.say("");
        await showConflict(conflictBox, {
          c,
          row,
          spec,
          changes,
          onOverwrite: (v) => run(v),
          onReload: () => ctx.cancel(),
        });
      } else if (result.userErrors.length) made.showErrors(result.userErrors);
      else ctx.saved(result);
    } catch (err) {
      made.say(describeError(err));
    }
  };
  made.form.addEventListener("submit", (event) => {
    event.preventDefault();
    made.clearErrors();
    changes = changedFields(spec.values, made.read());
    if (!Object.keys(changes).length) {
      made.say("Nothing changed.");
      return;
    }
    run(version);
  });
}

/** The record as stored now, in the form's field names, with who changed it last. */
async function theirs(c, row) {
  if (row) {
    const fresh = await fetchCard(c.id);
    const now = fresh?.links.find((r) => r.key === row.key && r.record === row.record);
    if (!now) return null;
    return { ...rowSpec(now).values, version: now.version, updatedAt: now.updatedAt, updatedBy: now.updatedBy };
  }
  return current(c.id);
}

async function showConflict(box, { c, row, spec, changes, onOverwrite, onReload }) {
  box.hidden = false;
  fill(box, h("p", {}, "Someone else saved a change first; reading it…"));
  const now = await theirs(c, row);
  if (!now) {
    fill(
      box,
      h("p", { class: "message", dataset: { tone: "error" } }, "It was deleted meanwhile."),
      h("button", { type: "button", onclick: onReload }, "Reload"),
    );
    return;
  }
  const names = spec.specs
    .map((s) => s.name)
    .filter((n) => n in changes || JSON.stringify(now[n] ?? null) !== JSON.stringify(spec.values[n] ?? null));
  const label = (n) => spec.specs.find((s) => s.name === n).label;
  fill(
    box,
    h("h4", {}, "Conflict: changed since you opened it"),
    h(
      "p",
      { class: "conflict-who" },
      `Changed by ${now.updatedBy ?? "someone"} at ${fmtInstant(now.updatedAt) || "an unknown time"} (now version ${now.version}). `,
      "Compare, then keep their version or overwrite it with yours.",
    ),
    h(
      "table",
      { class: "conflict-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Field"),
          h("th", { scope: "col" }, "Yours"),
          h("th", { scope: "col" }, "Theirs (now)"),
        ),
      ),
      h(
        "tbody",
        {},
        names.map((n) =>
          h(
            "tr",
            { dataset: { field: n } },
            h("th", { scope: "row" }, label(n)),
            h("td", {}, shown(n in changes ? changes[n] : spec.values[n])),
            h("td", {}, shown(now[n])),
          ),
        ),
      ),
    ),
    h(
      "div",
      { class: "form-actions" },
      h("button", { type: "button", id: "conflict-reload", onclick: onReload }, "Reload theirs (drop mine)"),
      h(
        "button",
        { type: "button", id: "conflict-overwrite", class: "primary", onclick: () => onOverwrite(now.version) },
        "Overwrite with mine",
      ),
    ),
  );
  box.querySelector("#conflict-overwrite").focus();
}

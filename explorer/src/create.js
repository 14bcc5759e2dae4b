// Creating records from the page (signed-in editors): a new organisation or project, and a new participation or
// membership from a card, each form showing the API's userErrors beside the field.

import { describeError } from "./api.js";
import { ENUMS, PROVENANCE_FIELDS, isOrganisation } from "./edit.js";
import { buildForm, choice, given, text } from "./forms.js";
import { picker } from "./picker.js";
import { mutate } from "./queries-edit.js";
import { fill, h } from "./ui.js";

/** Run a create mutation from a built form: userErrors beside the fields, `done(result)` on success. */
async function submit(made, mutation, input, done) {
  made.say("Saving…");
  try {
    const result = await mutate(mutation, input);
    if (result.userErrors.length) made.showErrors(result.userErrors);
    else done(result);
  } catch (err) {
    made.say(describeError(err));
  }
}

/** The "New organisation" form in `box`; `ctx.created(id)` opens what was made, `ctx.cancel()` closes. */
export function newOrganisation(box, ctx) {
  const countries = [...ctx.countryNames()].sort((a, b) => a[1].localeCompare(b[1]));
  const specs = [
    text("name", "Name", { required: true }),
    choice("kind", "Kind", ENUMS.OrganisationKind, { required: true }),
    {
      name: "countryId",
      label: "Country",
      type: "select",
      options: [["", "—"], ...countries.map(([code, name]) => [code, `${name} (${code})`])],
    },
    text("shortName", "Short name"),
    text("id", "Id", { hint: "e.g. ba-new-ngo; left empty, the service makes one from the name" }),
    { name: "sensitive", label: "Sensitive (only editors and admins see it)", type: "check" },
    ...PROVENANCE_FIELDS,
  ];
  const cancel = h("button", { type: "button", onclick: () => ctx.cancel() }, "Cancel");
  const made = buildForm("new-org", specs, { kind: "" }, { submit: "Create", extra: [cancel] });
  fill(box, h("h2", {}, "New organisation"), made.form);
  made.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = given(made.read());
    if (values.sensitive === false) delete values.sensitive;
    submit(made, "CREATE_ORGANISATION", values, (r) => ctx.created(r.record.id));
  });
  made.form.querySelector("input")?.focus();
}

/** The "New project" form in `box`. */
export function newProject(box, ctx) {
  const specs = [
    text("title", "Title", { required: true }),
    choice("status", "Status", ENUMS.ProjectStatus),
    text("startDate", "Start", { type: "date" }),
    text("endDate", "End", { type: "date" }),
    text("countryIds", "Countries", { hint: "ISO codes separated by commas, e.g. BA, ME" }),
    {
      name: "programmeIds",
      label: "Programme",
      type: "select",
      options: [["", "—"], ...ctx.programmes().map((p) => [p.id, p.shortName ? `${p.shortName}: ${p.name}` : p.name])],
    },
    text("id", "Id", { hint: "left empty, the service makes one from the title" }),
    ...PROVENANCE_FIELDS,
  ];
  const cancel = h("button", { type: "button", onclick: () => ctx.cancel() }, "Cancel");
  const made = buildForm("new-project", specs, {}, { submit: "Create", extra: [cancel] });
  fill(box, h("h2", {}, "New project"), made.form);
  made.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = made.read();
    values.countryIds = values.countryIds ? values.countryIds.split(/[\s,;]+/).filter(Boolean) : null;
    values.programmeIds = values.programmeIds ? [values.programmeIds] : null;
    submit(made, "CREATE_PROJECT", given(values), (r) => ctx.created(r.record.id));
  });
  made.form.querySelector("input")?.focus();
}

/**
 * The "Add a link" form of card `c` in `box`: a participation (organisation in a project or programme) or a
 * membership (organisation in a network), the other end picked by search.
 */
export function addLink(box, c, kind, ctx) {
  const org = isOrganisation(c.typename);
  const membership = kind === "membership";
  const otherKinds = org ? (membership ? ["NETWORK"] : ["PROJECT", "PROGRAMME"]) : ["ORGANISATION"];
  let other = null;
  const chooser = picker({
    id: `add-${kind}-other`,
    label: org ? (membership ? "Network" : "Project or programme") : "Organisation",
    kinds: otherKinds,
    onPick: (hit) => {
      other = hit;
      fill(chooser.chosen, h("strong", {}, hit.name));
    },
  });
  fill(chooser.chosen, h("span", { class: "muted" }, "not chosen"));
  const specs = membership
    ? [
        choice("membershipStatus", "Status", ENUMS.MembershipStatus),
        text("since", "Since", { type: "date" }),
        text("until", "Until", { type: "date" }),
        ...PROVENANCE_FIELDS,
      ]
    : [
        choice("role", "Role", ENUMS.ParticipationRole, { required: true }),
        text("since", "Since", { type: "date" }),
        text("until", "Until", { type: "date" }),
        ...PROVENANCE_FIELDS,
      ];
  const cancel = h("button", { type: "button", onclick: () => ctx.cancel() }, "Cancel");
  const made = buildForm(`add-${kind}`, specs, { role: "PARTNER" }, { submit: "Add", extra: [cancel] });
  fill(box, h("h3", {}, membership ? "Add a network membership" : "Add a participation"), chooser.wrap, made.form);
  made.form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!other) {
      made.say(`Choose the ${org ? (membership ? "network" : "project or programme") : "organisation"} first.`);
      chooser.input.focus();
      return;
    }
    const ends = org
      ? {
          organisationId: c.id,
          [membership ? "networkId" : other.typename === "Programme" ? "programmeId" : "projectId"]: other.id,
        }
      : {
          organisationId: other.id,
          [c.typename === "Network" ? "networkId" : c.typename === "Programme" ? "programmeId" : "projectId"]: c.id,
        };
    submit(made, membership ? "ADD_MEMBERSHIP" : "ADD_PARTICIPATION", { ...ends, ...given(made.read()) }, (r) =>
      ctx.saved(r),
    );
  });
}

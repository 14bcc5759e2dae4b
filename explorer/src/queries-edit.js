// The documents of signed-in work: what a token may do, edits and creations with their userErrors, the audit
// log, the import's dry run and confirmation, and the live subscription. Public API only.

import { gql } from "./api.js";

// The API has no "who am I" query: the page asks what a token may do with two mutations that can never apply
// (an update and a delete of the theme "-", which no id can name), so nothing is written: FORBIDDEN says the role
// is too weak, a userError that it is strong enough. A bad token fails the whole request with its code.
const PROBE = `
mutation Probe {
  edit: updateTheme(input: { id: "Theme:-", expectedVersion: 0 }) { changeSeq }
  admin: deleteTheme(input: { id: "Theme:-" }) { changeSeq }
}`;

/** The role of the token the page now sends: "viewer" | "editor" | "admin" (rejects with the token's error). */
export async function probeRole() {
  const { data, errors } = await gql(PROBE, {}, { partial: true });
  const forbidden = new Set((errors ?? []).filter((e) => e.extensions?.code === "FORBIDDEN").map((e) => e.path?.[0]));
  if (data?.admin && !forbidden.has("admin")) return "admin";
  if (data?.edit && !forbidden.has("edit")) return "editor";
  return "viewer";
}

const RESULT = "changeSeq userErrors { field message code }";
const STAMP = "id key version updatedAt updatedBy";

export const MUTATIONS = {
  UPDATE_ORGANISATION: `
mutation UpdateOrganisation($input: UpdateOrganisationInput!) {
  updateOrganisation(input: $input) { organisation { ${STAMP} name } ${RESULT} }
}`,
  CREATE_ORGANISATION: `
mutation CreateOrganisation($input: CreateOrganisationInput!) {
  createOrganisation(input: $input) { organisation { ${STAMP} name } ${RESULT} }
}`,
  UPDATE_PROJECT: `
mutation UpdateProject($input: UpdateProjectInput!) {
  updateProject(input: $input) { project { ${STAMP} title } ${RESULT} }
}`,
  CREATE_PROJECT: `
mutation CreateProject($input: CreateProjectInput!) {
  createProject(input: $input) { project { ${STAMP} title } ${RESULT} }
}`,
  ADD_PARTICIPATION: `
mutation AddParticipation($input: AddParticipationInput!) {
  addParticipation(input: $input) { participation { ${STAMP} role } ${RESULT} }
}`,
  UPDATE_PARTICIPATION: `
mutation UpdateParticipation($input: UpdateParticipationInput!) {
  updateParticipation(input: $input) { participation { ${STAMP} role } ${RESULT} }
}`,
  ADD_MEMBERSHIP: `
mutation AddMembership($input: AddMembershipInput!) {
  addMembership(input: $input) { membership { ${STAMP} membershipStatus } ${RESULT} }
}`,
  UPDATE_MEMBERSHIP: `
mutation UpdateMembership($input: UpdateMembershipInput!) {
  updateMembership(input: $input) { membership { ${STAMP} membershipStatus } ${RESULT} }
}`,
};

/** Run one edit mutation: { record, changeSeq, userErrors } (the payload's object under `record`). */
export async function mutate(name, input) {
  const data = await gql(MUTATIONS[name], { input });
  const payload = Object.values(data)[0];
  const record = payload.organisation ?? payload.project ?? payload.participation ?? payload.membership ?? null;
  return { record, changeSeq: payload.changeSeq, userErrors: payload.userErrors };
}

// An organisation or project as it is now, to show a conflict (yours against theirs): the fields the forms edit.
// (Participations and memberships are no nodes: their rows are read again from the card.)
const CURRENT = `
query Current($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Organisation { version updatedAt updatedBy name shortName kind category sensitive confidence sources notes }
    ... on Nhri { ganhriStatus ganhriStatusAsOf ganhriStatusConfidence npmMandate }
    ... on NationalAuthority { authorityKind }
    ... on Project { version updatedAt updatedBy title status startDate endDate budgetEur confidence sources notes }
  }
}`;

/** The record `id` (a global id) as stored now, or null. */
export async function current(id) {
  const data = await gql(CURRENT, { id });
  return data.node;
}

const AUDIT = `
query History($entity: ID, $first: Int!) {
  auditLog(entity: $entity, first: $first) { seq at actor op entityType entityId related before after }
}`;
export const HISTORY_SIZE = 50;

/** Who changed `entity` (and its links) and when, newest first. */
export async function history(entity, { signal, first = HISTORY_SIZE } = {}) {
  const data = await gql(AUDIT, { entity, first }, { signal });
  return data.auditLog;
}

const IMPORT = `
mutation Import($format: ImportFormat!, $files: [ImportFileInput!]!, $dryRun: Boolean!) {
  importData(format: $format, files: $files, dryRun: $dryRun) {
    ok dryRun created changed unchanged
    kinds { kind created changed unchanged }
    records { kind key name outcome fields changes { field old new } }
    notices { file where field message }
    problems { file where field message }
  }
}`;

/** Import files ({ name, content }) as `format` (CSV | IATI | XLSX): a dry run (nothing written) or for real. */
export async function importFiles(format, files, { dryRun }) {
  const data = await gql(IMPORT, { format, files, dryRun });
  return data.importData;
}

export const GRAPH_CHANGED = `
subscription Live($afterSeq: Int) {
  graphChanged(afterSeq: $afterSeq) { seq at actor op entityType entityId related }
}`;

/** The signed-in documents by name, with the largest variables the page sends (tests check their cost). */
export function editDocuments() {
  // Inputs that name records which do not exist (or exist already, for a create): nothing is ever written.
  const provenance = { sources: ["https://example.org/a"], notes: ["a note"], confidence: "LOW" };
  const inputs = {
    UPDATE_ORGANISATION: { id: "Organisation:-", expectedVersion: 1, name: "x", ...provenance },
    CREATE_ORGANISATION: { id: "ba-moj", name: "x", kind: "NHRI", ...provenance },
    UPDATE_PROJECT: { id: "Project:-", expectedVersion: 1, title: "x", ...provenance },
    CREATE_PROJECT: { id: "ba-hf2-diversity", title: "x", ...provenance },
    ADD_PARTICIPATION: { organisationId: "-", projectId: "-", role: "PARTNER", ...provenance },
    UPDATE_PARTICIPATION: { id: "-", expectedVersion: 1, role: "PARTNER", ...provenance },
    ADD_MEMBERSHIP: { organisationId: "-", networkId: "-", ...provenance },
    UPDATE_MEMBERSHIP: { id: "-", expectedVersion: 1, membershipStatus: "MEMBER", ...provenance },
  };
  return {
    PROBE: [PROBE, {}],
    ...Object.fromEntries(Object.entries(MUTATIONS).map(([name, doc]) => [name, [doc, { input: inputs[name] }]])),
    CURRENT: [CURRENT, { id: "Organisation:ba-moj" }],
    AUDIT: [AUDIT, { entity: "Organisation:ba-moj", first: HISTORY_SIZE }],
    IMPORT: [IMPORT, { format: "CSV", files: [], dryRun: true }],
    GRAPH_CHANGED: [GRAPH_CHANGED, { afterSeq: 0 }],
  };
}

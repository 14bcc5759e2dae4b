// Import from the page: pick CSV files, an IATI activity file or a workbook, see the dry run's difference
// (what would be created, changed or left as is, and any problem), then confirm to write it.

import { describeError } from "./api.js";
import { shown } from "./forms.js";
import { importFiles } from "./queries-edit.js";
import { canEdit, isAdmin } from "./session.js";
import { fill, h, pluralise, status } from "./ui.js";

const $ = (id) => document.getElementById(id);
const FORMATS = [
  ["CSV", "CSV files (organisations.csv, projects.csv, participations.csv, memberships.csv)"],
  ["IATI", "IATI activity XML"],
  ["XLSX", "Excel workbook with those sheets"],
];
const SHOWN_RECORDS = 200;
let checked = null; // { format, files } of the last dry run without problems
let onImported = () => {};

/** A file's content as the API takes it: text, or base64 for a workbook. */
async function content(file, format) {
  if (format !== "XLSX") return file.text();
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function initImport({ imported }) {
  onImported = imported;
  const form = $("import-form");
  fill(
    form,
    h(
      "label",
      { for: "import-format" },
      "Format ",
      h(
        "select",
        { id: "import-format" },
        FORMATS.map(([value, label]) => h("option", { value }, label)),
      ),
    ),
    h(
      "label",
      { for: "import-files" },
      "Files ",
      h("input", {
        type: "file",
        id: "import-files",
        multiple: true,
        accept: ".csv,.xml,.xlsx,text/csv,text/xml,application/xml",
      }),
    ),
    h("button", { type: "submit", id: "import-check" }, "Check (dry run)"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    dryRun();
  });
  form.addEventListener("change", () => {
    checked = null;
    fill($("import-review"));
  });
  showAccess();
}

/** Say who may import: the form is for editors and admins signed in (the API lets admins write). */
export function showAccess() {
  const line = $("import-status");
  const allowed = canEdit();
  for (const el of $("import-form").elements) el.disabled = !allowed;
  if (!allowed) status(line, "Sign in with an admin token to import files.", "empty");
  else if (!isAdmin())
    status(line, "Your token is an editor's: the service lets only admins import, so it will refuse.", "empty");
  else status(line, "Pick files, then check them: nothing is written before you confirm.");
}

async function dryRun() {
  const line = $("import-status");
  const format = $("import-format").value;
  const picked = [...$("import-files").files];
  if (!picked.length) {
    status(line, "Pick at least one file.", "empty");
    return;
  }
  status(line, "Checking the files (a dry run: nothing is written)…", "busy");
  try {
    const files = await Promise.all(picked.map(async (f) => ({ name: f.name, content: await content(f, format) })));
    const result = await importFiles(format, files, { dryRun: true });
    checked = result.ok ? { format, files } : null;
    review(result);
    status(
      line,
      result.ok
        ? `Dry run: ${counts(result)}. Nothing is written yet; confirm below.`
        : `The files have ${pluralise(result.problems.length, "problem")}; nothing was written.`,
      result.ok ? "info" : "error",
    );
    line.dataset.stage = "dry-run";
  } catch (err) {
    status(line, describeError(err), "error");
  }
}

async function confirm() {
  const line = $("import-status");
  if (!checked) return;
  status(line, "Importing…", "busy");
  try {
    const result = await importFiles(checked.format, checked.files, { dryRun: false });
    checked = null;
    review(result);
    status(
      line,
      result.ok ? `Imported: ${counts(result)}.` : "The import was refused; nothing was written.",
      result.ok ? "info" : "error",
    );
    line.dataset.stage = "imported";
    if (result.ok) onImported(result);
  } catch (err) {
    status(line, describeError(err), "error");
  }
}

const counts = (r) =>
  r.dryRun
    ? `${r.created} to create, ${r.changed} to change, ${r.unchanged} unchanged`
    : `${r.created} created, ${r.changed} changed, ${r.unchanged} unchanged`;

function review(result) {
  const box = $("import-review");
  const located = (p) => h("li", {}, h("code", {}, `${p.file} ${p.where}`), p.field ? ` ${p.field}: ` : " ", p.message);
  fill(
    box,
    result.problems.length
      ? [h("h3", {}, "Problems"), h("ul", { class: "import-problems" }, result.problems.map(located))]
      : [
          h(
            "table",
            {
              class: "import-kinds",
              dataset: { created: result.created, changed: result.changed, unchanged: result.unchanged },
            },
            h("caption", {}, result.dryRun ? "What the import would do" : "What the import did"),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ["Records", "Created", "Changed", "Unchanged"].map((x) => h("th", { scope: "col" }, x)),
              ),
            ),
            h(
              "tbody",
              {},
              result.kinds.map((k) =>
                h(
                  "tr",
                  {},
                  h("th", { scope: "row" }, k.kind),
                  h("td", {}, k.created),
                  h("td", {}, k.changed),
                  h("td", {}, k.unchanged),
                ),
              ),
            ),
          ),
          result.notices.length
            ? [h("h3", {}, "To check"), h("ul", { class: "import-notices" }, result.notices.map(located))]
            : null,
          h("h3", {}, "Records"),
          h(
            "ul",
            { class: "import-records" },
            result.records.slice(0, SHOWN_RECORDS).map((r) =>
              h(
                "li",
                { dataset: { key: r.key, outcome: r.outcome } },
                h("span", { class: `outcome outcome-${r.outcome.toLowerCase()}` }, r.outcome.toLowerCase()),
                ` ${r.kind} `,
                h("strong", {}, r.name || r.key),
                r.outcome === "CHANGED" && r.changes.length
                  ? h(
                      "ul",
                      { class: "import-changes" },
                      r.changes.map((c) =>
                        h(
                          "li",
                          { dataset: { field: c.field } },
                          h("code", {}, c.field),
                          `: ${shown(c.old)} → ${shown(c.new)}`,
                        ),
                      ),
                    )
                  : "",
              ),
            ),
          ),
          result.records.length > SHOWN_RECORDS
            ? h("p", { class: "muted" }, `and ${result.records.length - SHOWN_RECORDS} more`)
            : null,
          result.dryRun && result.ok
            ? h(
                "button",
                { type: "button", id: "import-confirm", class: "primary", onclick: confirm },
                "Confirm import",
              )
            : null,
        ],
  );
}

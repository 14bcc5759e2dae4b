// The history of a record from the audit log: who changed what and when, newest first, its links included.

import { describeError } from "./api.js";
import { shown } from "./forms.js";
import { history } from "./queries-edit.js";
import { fill, fmtInstant, h, pluralise } from "./ui.js";

// Bookkeeping every change touches: not worth a line.
const STAMPS = new Set(["version", "updatedAt", "updatedBy", "createdAt", "importedAt", "importSource"]);
const OPS = { CREATE: "created", UPDATE: "changed", DELETE: "deleted" };

/** The fields a change set, with their values before and after. */
export function differences(before, after) {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys]
    .filter((k) => !STAMPS.has(k) && JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null))
    .sort()
    .map((k) => [k, before?.[k], after?.[k]]);
}

/** A collapsed "History" section for entity `id` that reads the audit log when opened (again on each opening). */
export function historyPanel(id) {
  const list = h("ol", { class: "history-list", "aria-live": "polite" });
  const panel = h("details", { class: "history", id: "card-history" }, h("summary", {}, "History"), list);
  panel.addEventListener("toggle", async () => {
    if (!panel.open) return;
    fill(list, h("li", { class: "muted" }, "Reading the audit log…"));
    try {
      const events = await history(id);
      if (!events.length) {
        fill(list, h("li", { class: "muted" }, "No change recorded since the graph was loaded."));
        return;
      }
      fill(
        list,
        events.map((e) => {
          const diff = e.op === "UPDATE" ? differences(e.before, e.after) : [];
          const what =
            e.entityId === id ? "" : ` ${e.entityType.toLowerCase()} ${e.entityId.replace(/^[A-Za-z]+:/, "")}`;
          return h(
            "li",
            { dataset: { seq: e.seq } },
            h("span", { class: "history-when" }, fmtInstant(e.at)),
            " ",
            h("strong", {}, e.actor ?? "someone"),
            ` ${OPS[e.op] ?? e.op.toLowerCase()}${what}`,
            diff.length ? `: ${pluralise(diff.length, "field")}` : "",
            diff.length
              ? h(
                  "ul",
                  { class: "history-fields" },
                  diff.slice(0, 8).map(([k, a, b]) => h("li", {}, h("code", {}, k), ` ${shown(a)} → ${shown(b)}`)),
                )
              : null,
          );
        }),
      );
    } catch (err) {
      fill(list, h("li", { class: "message", dataset: { tone: "error" } }, describeError(err)));
    }
  });
  return panel;
}

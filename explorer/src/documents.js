// Every GraphQL document the page can send, by name, with the largest variables it sends them with:
// tests/unit/test_explorer_queries.py validates each against the schema, tests/integration/test_explorer_cost.py
// checks each stays under the cost budget, and scripts/persisted.mjs registers them for allow-list mode.

import { analysisDocuments } from "./queries-analysis.js";
import { editDocuments } from "./queries-edit.js";
import { readDocuments } from "./queries.js";

/** name -> [document, largest variables]. */
export function catalogue() {
  return { ...readDocuments(), ...analysisDocuments(), ...editDocuments() };
}

/** name -> document. */
export function documents() {
  return Object.fromEntries(Object.entries(catalogue()).map(([name, [doc]]) => [name, doc]));
}

// Registers every document the page can send (documents() in src/documents.js) for the service's allow-list mode
// (PARTNERNET_PERSISTED_QUERIES=allowlist): writes {sha256: document} next to the built page, where
// service/http/persisted.py reads it. Run after `vite build` (npm run build does both).
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { documents } from "../src/documents.js";

const out = new URL("../../service/static/explorer/persisted-queries.json", import.meta.url);
const entries = Object.fromEntries(
  Object.values(documents()).map((doc) => [createHash("sha256").update(doc, "utf8").digest("hex"), doc]),
);
writeFileSync(out, JSON.stringify(entries, null, 1) + "\n");
console.log(`${Object.keys(entries).length} documents registered in ${fileURLToPath(out)}`);

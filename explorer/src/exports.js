// Take the current view away: PNG and SVG of the drawing, GraphML of its nodes and edges, CSV of the node table
// and of the country matrix, each written from exactly what the view shows.

import { csvBlob, toCSV } from "./csv.js";
import { exportGraphML, exportName, exportPNG } from "./export.js";
import { mapGraph, mapView, nodeRows } from "./map.js";
import { matrixRows } from "./matrix.js";
import { pathGraph, pathView } from "./path.js";
import { state } from "./state.js";
import { toSVG } from "./svg.js";
import { download } from "./ui.js";

const $ = (id) => document.getElementById(id);

/** Export the `view` (map | path | links) as `kind` (png | svg | graphml | csv). */
export function exportAs(kind, view, ctx) {
  if (view === "links") {
    const rows = matrixRows();
    if (!rows?.length) {
      $("links-status").textContent = "Nothing to export: the matrix is empty.";
      return;
    }
    const name = (code) => ctx.countryNames().get(code) ?? code;
    const text = toCSV(rows, [
      ["countryA", (c) => c.a],
      ["nameA", (c) => name(c.a)],
      ["countryB", (c) => c.b],
      ["nameB", (c) => name(c.b)],
      ["links", (c) => c.links],
      ["projects", (c) => c.projects],
      ["networks", (c) => c.networks],
      ["examples", (c) => c.examples.map((x) => x.id)],
    ]);
    const subject = `${state.region || "all"}-${state.ka || "any"}-${state.kb || "any"}`;
    download(exportName("country-links", subject, state.asOf, "csv"), csvBlob(text));
    return;
  }
  const isMap = view === "map";
  const v = isMap ? mapView : pathView;
  const cy = isMap ? mapGraph() : pathGraph();
  const subject = isMap ? (v.meta.centre?.key ?? state.sel) : `${v.meta.from?.key ?? ""}-to-${v.meta.to?.key ?? ""}`;
  if (!v.nodes.length) {
    $(isMap ? "map-status" : "path-status").textContent = "Nothing to export: the view is empty.";
    return;
  }
  const file = (ext) => exportName(view, subject, state.asOf, ext);
  if (kind === "png") exportPNG(cy, file("png"));
  else if (kind === "svg")
    download(
      file("svg"),
      new Blob([toSVG(cy, { title: `partnernet ${view}: ${subject}` })], { type: "image/svg+xml" }),
    );
  else if (kind === "csv") {
    const text = toCSV(nodeRows(), [
      ["id", (n) => n.id],
      ["name", (n) => n.name],
      ["shortName", (n) => n.shortName],
      ["kind", (n) => n.kind],
      ["country", (n) => n.country ?? n.countries],
      ["distance", (n) => n.distance],
      ["links", (n) => mapView.degree.get(n.id) ?? 0],
      ["community", (n) => mapView.community.get(n.id) ?? ""],
      ["sensitive", (n) => (n.sensitive ? "yes" : "")],
    ]);
    download(file("csv"), csvBlob(text));
  } else exportGraphML({ ...v, meta: { ...v.meta, url: window.location.href } }, file("graphml"));
}

// What a link on the map is: who takes part in what, in which role, when, how sure the record is, and its sources.

import { confidenceMark } from "./find.js";
import { edgeLabel } from "./graph.js";
import { LINK_STYLES, linkStyle } from "./kinds.js";
import { fill, fmtPeriod, h } from "./ui.js";

/** Show `edge` (a network edge; null hides the box) in `box`; `nodes` maps ids to the nodes drawn. */
export function showEdge(box, edge, nodes, { openCard }) {
  if (!edge) {
    box.hidden = true;
    return;
  }
  const org = nodes.get(edge.source);
  const target = nodes.get(edge.target);
  const nodeButton = (id, n) =>
    h("button", { type: "button", class: "linklike", dataset: { id }, onclick: () => openCard(id) }, n?.name ?? id);
  const role = edgeLabel(edge);
  const period = fmtPeriod(edge.since, edge.until);
  const facts = [
    ["Role", `${role}${edge.type === "MEMBER_OF" ? " (network membership)" : ""}`],
    ["Kind of link", LINK_STYLES[linkStyle(edge)].label],
    ["Dates", period ? `${period}${edge.datesDerived ? " (the project's dates)" : ""}` : "not recorded"],
    ["Confidence", confidenceMark(edge.confidence, { word: true })],
    [
      "Sources",
      edge.sources.length
        ? h(
            "ol",
            { class: "edge-sources" },
            edge.sources.map((url) =>
              h("li", {}, h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url)),
            ),
          )
        : h("span", { class: "muted" }, "no source recorded"),
    ],
  ];
  fill(
    box,
    h(
      "h3",
      { id: "map-edge-title" },
      nodeButton(edge.source, org),
      ` is ${role} ${edge.type === "MEMBER_OF" ? "of" : "in"} `,
      nodeButton(edge.target, target),
    ),
    h(
      "dl",
      { class: "facts" },
      facts.map(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]),
    ),
    h("button", { type: "button", class: "small", onclick: () => (box.hidden = true) }, "Close"),
  );
  box.dataset.edge = edge.id;
  box.hidden = false;
}

// The map as an SVG file, written from what Cytoscape drew: node positions, sizes, colours and shapes, link styles
// and labels (cytoscape has no SVG output of its own; a vector file opens in Inkscape, Illustrator, a browser).

const XML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const esc = (value) => String(value).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
const num = (x) => Math.round(x * 10) / 10;

function polygon(x, y, w, h, sides, rotate = 0) {
  const points = [];
  for (let i = 0; i < sides; i += 1) {
    const a = rotate + (2 * Math.PI * i) / sides;
    points.push(`${num(x + (w / 2) * Math.cos(a))},${num(y + (h / 2) * Math.sin(a))}`);
  }
  return points.join(" ");
}

/** An SVG shape for a node of Cytoscape's `shape` at (x, y), w by h (ellipses, rectangles, polygons). */
function shapeOf(shape, x, y, w, h, paint) {
  switch (shape) {
    case "ellipse":
      return `<ellipse cx="${num(x)}" cy="${num(y)}" rx="${num(w / 2)}" ry="${num(h / 2)}" ${paint}/>`;
    case "round-rectangle":
    case "round-tag":
    case "rectangle":
    case "tag": {
      const r = shape.startsWith("round") ? 4 : 0;
      return `<rect x="${num(x - w / 2)}" y="${num(y - h / 2)}" width="${num(w)}" height="${num(h)}" rx="${r}" ${paint}/>`;
    }
    case "hexagon":
      return `<polygon points="${polygon(x, y, w, h, 6)}" ${paint}/>`;
    case "octagon":
      return `<polygon points="${polygon(x, y, w, h, 8, Math.PI / 8)}" ${paint}/>`;
    case "diamond":
      return `<polygon points="${polygon(x, y, w, h, 4, -Math.PI / 2)}" ${paint}/>`;
    default:
      return `<ellipse cx="${num(x)}" cy="${num(y)}" rx="${num(w / 2)}" ry="${num(h / 2)}" ${paint}/>`;
  }
}

/** SVG text of the whole graph in model coordinates (every label drawn: a file has room to zoom). */
export function toSVG(cy, { title = "partnernet map" } = {}) {
  const box = cy.elements().boundingBox({ includeLabels: true });
  const pad = 20;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(box.x1 - pad)} ${num(box.y1 - pad)} ${num(box.w + 2 * pad)} ${num(box.h + 2 * pad)}" width="${num(box.w + 2 * pad)}" height="${num(box.h + 2 * pad)}" font-family="system-ui, sans-serif">`,
    `<title>${esc(title)}</title>`,
    `<rect x="${num(box.x1 - pad)}" y="${num(box.y1 - pad)}" width="${num(box.w + 2 * pad)}" height="${num(box.h + 2 * pad)}" fill="#ffffff"/>`,
    '<g class="groups">',
  ];
  for (const g of cy.nodes(".country-group")) {
    const b = g.boundingBox({ includeLabels: false });
    out.push(
      `<rect x="${num(b.x1)}" y="${num(b.y1)}" width="${num(b.w)}" height="${num(b.h)}" rx="6" fill="#f4f4f4" stroke="#9a9a9a" stroke-dasharray="5 3"/>`,
      `<text x="${num(b.x1 + b.w / 2)}" y="${num(b.y1 - 4)}" font-size="12" font-weight="bold" text-anchor="middle">${esc(g.data("label"))}</text>`,
    );
  }
  out.push("</g>", '<g class="links">');
  for (const e of cy.edges()) {
    const s = e.source().position();
    const t = e.target().position();
    const dashed = e.style("line-style") === "dashed" ? ' stroke-dasharray="6 4"' : "";
    out.push(
      `<line x1="${num(s.x)}" y1="${num(s.y)}" x2="${num(t.x)}" y2="${num(t.y)}" stroke="${e.style("line-color")}" stroke-width="${num(parseFloat(e.style("width")))}"${dashed}><title>${esc(e.data("label"))}</title></line>`,
    );
  }
  out.push("</g>", '<g class="nodes">');
  for (const n of cy.nodes().not(".country-group")) {
    const { x, y } = n.position();
    const w = n.width();
    const hgt = n.height();
    const dotted = n.data("sensitive") ? ' stroke-dasharray="2 2"' : "";
    const paint = `fill="${n.style("background-color")}" stroke="${n.style("border-color")}" stroke-width="${num(parseFloat(n.style("border-width")))}"${dotted}`;
    out.push(
      `<g><title>${esc(n.data("name") ?? n.data("label"))}</title>${shapeOf(n.style("shape"), x, y, w, hgt, paint)}`,
      `<text x="${num(x)}" y="${num(y + hgt / 2 + 12)}" font-size="10" text-anchor="middle" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(n.data("label"))}</text></g>`,
    );
  }
  out.push("</g>", "</svg>", "");
  return out.join("\n");
}

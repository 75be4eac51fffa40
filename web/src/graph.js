// The graph (Cytoscape, loaded the first time a graph is drawn): fit and zoom, full labels on
// hover, colours from the Okabe-Ito palette with a shape per type (told apart without colour),
// PNG and SVG download of the picture.
import cytoscape from "cytoscape";
import { $, element } from "./util.js";

export const TYPE_STYLES = {
  force: ["#0072B2", "star"],
  inspection: ["#D55E00", "diamond"],
  unit: ["#56B4E9", "ellipse"],
  partner: ["#009E73", "round-rectangle"],
  programme: ["#E69F00", "hexagon"],
  board: ["#CC79A7", "triangle"],
  collaboration: ["#332288", "octagon"],
  system: ["#999933", "rectangle"],
  power: ["#882255", "vee"],
  finding: ["#F0E442", "tag"],
  judgment: ["#44AA99", "barrel"],
  other: ["#BBBBBB", "ellipse"],
};
const style = (type) => TYPE_STYLES[type] || TYPE_STYLES.other;
let cy = null;

function layoutFor(focus, count) {
  if (focus) return { name: "breadthfirst", roots: [focus], circle: true, spacingFactor: 1.1, animate: false, padding: 30 };
  if (count <= 60) return { name: "concentric", concentric: (n) => n.degree(), levelWidth: () => 2, minNodeSpacing: 90, animate: false, padding: 30 };
  return { name: "cose", animate: false, padding: 30, nodeRepulsion: () => 12000, idealEdgeLength: () => 60 };
}

export function drawGraph(elements, focus, { openNode }) {
  if (cy) cy.destroy();
  const edges = elements.edges.map((edge, index) => ({ data: { ...edge.data, id: `e${index}` } }));
  cy = cytoscape({
    container: $("graph"),
    elements: { nodes: elements.nodes, edges },
    minZoom: 0.1,
    maxZoom: 3,
    style: [
      {
        selector: "node",
        style: {
          "background-color": (n) => style(n.data("type"))[0],
          shape: (n) => style(n.data("type"))[1],
          label: "data(label)",
          "font-size": 11,
          "text-wrap": "ellipsis",
          "text-max-width": 140,
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.8,
          "text-background-padding": 1,
          "min-zoomed-font-size": 7,
          width: 20,
          height: 20,
          "border-width": (n) => (n.id() === focus ? 4 : 1),
          "border-color": (n) => (n.id() === focus ? "#000000" : "#333333"),
        },
      },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#000", "text-wrap": "wrap", "z-index": 10 } },
      { selector: "node.hover", style: { "text-wrap": "wrap", "text-max-width": 260, "z-index": 20, "font-size": 12 } },
      {
        selector: "edge",
        style: {
          width: 1.3,
          "line-color": "#9aa3ad",
          "target-arrow-color": "#9aa3ad",
          "target-arrow-shape": "triangle",
          "curve-style": "bezier",
          label: "data(label)",
          "font-size": 10,
          color: "#3d4650",
          "text-rotation": "autorotate",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.85,
          "min-zoomed-font-size": 9,
        },
      },
    ],
    layout: layoutFor(focus, elements.nodes.length),
  });
  cy.on("tap", "node", (event) => openNode(event.target.id()));
  const tip = $("graph-tip");
  cy.on("mouseover", "node", (event) => {
    const node = event.target;
    node.addClass("hover");
    const pos = node.renderedPosition();
    tip.textContent = `${node.data("label")} (${node.data("type")})`;
    tip.style.left = `${pos.x + 12}px`;
    tip.style.top = `${pos.y + 12}px`;
    tip.hidden = false;
  });
  cy.on("mouseout", "node", (event) => { event.target.removeClass("hover"); tip.hidden = true; });
  listNodes(elements.nodes, openNode);
  $("graph-controls").hidden = false;
}

function listNodes(nodes, openNode) {
  const sorted = [...nodes].sort((a, b) => a.data.label.localeCompare(b.data.label));
  $("node-list").replaceChildren(...sorted.map(({ data }) => element("li", {},
    element("button", { type: "button", "data-iri": data.id, title: data.label, onclick: () => openNode(data.id) },
      element("span", { class: "swatch", style: `background:${style(data.type)[0]}`, "aria-hidden": "true" }),
      `${data.label} `, element("small", {}, data.type)))));
  const types = [...new Set(nodes.map((n) => n.data.type))].sort();
  $("legend").replaceChildren(...types.map((type) => element("li", { class: "legend-item" },
    element("span", { class: "swatch", style: `background:${style(type)[0]}`, "aria-hidden": "true" }), `${type} (${style(type)[1]})`)));
}

export function selectNode(iri) {
  if (!cy) return;
  cy.$(":selected").unselect();
  const node = cy.getElementById(iri);
  if (node.nonempty()) node.select();
}

export function control(action) {
  if (!cy) return;
  if (action === "fit") cy.fit(undefined, 30);
  else if (action === "in" || action === "out") {
    const factor = action === "in" ? 1.25 : 0.8;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  } else if (action === "png") {
    save(cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" }), "kg-graph.png");
  } else if (action === "svg") {
    save(new Blob([toSvg()], { type: "image/svg+xml" }), "kg-graph.svg");
  }
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = element("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The picture as SVG: edges as lines, nodes as circles in their type's colour, full labels.
function toSvg() {
  const box = cy.elements().boundingBox();
  const pad = 40;
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${box.x1 - pad} ${box.y1 - pad} ${box.w + 2 * pad} ${box.h + 2 * pad}" font-family="sans-serif" font-size="11">`, `<rect x="${box.x1 - pad}" y="${box.y1 - pad}" width="${box.w + 2 * pad}" height="${box.h + 2 * pad}" fill="#fff"/>`];
  cy.edges().forEach((e) => {
    const s = e.source().position();
    const t = e.target().position();
    parts.push(`<line x1="${s.x}" y1="${s.y}" x2="${t.x}" y2="${t.y}" stroke="#9aa3ad"><title>${esc(e.data("label") || "")}</title></line>`);
  });
  cy.nodes().forEach((n) => {
    const p = n.position();
    parts.push(`<circle cx="${p.x}" cy="${p.y}" r="9" fill="${style(n.data("type"))[0]}" stroke="#333"><title>${esc(n.data("type"))}</title></circle>`);
    parts.push(`<text x="${p.x}" y="${p.y + 22}" text-anchor="middle">${esc(n.data("label"))}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

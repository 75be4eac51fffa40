// The page at /: a SPARQL editor with the named queries, a sortable results table, a graph of a
// node's neighbourhood or a CONSTRUCT result, and the evidence for what the graph says about a
// node. It talks only to this server's own endpoints (/sparql, /queries, /export, /node).
import "./style.css";
import { basicSetup } from "codemirror";
import { EditorView, keymap } from "@codemirror/view";
import { Prec } from "@codemirror/state";
import { StreamLanguage } from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import cytoscape from "cytoscape";

const EXPORT_FORMATS = [
  ["graphml", "GraphML"],
  ["gexf", "GEXF"],
  ["cytoscape", "Cytoscape JSON"],
  ["node-link", "node-link JSON"],
  ["dot", "DOT"],
];
// One colour per node type, readable on white and told apart without relying on hue alone
// (the type is also in the node list and the legend).
const TYPE_COLOURS = {
  force: "#1f4e79",
  inspection: "#b03a2e",
  unit: "#2e86c1",
  partner: "#7d6608",
  programme: "#1e8449",
  board: "#6c3483",
  collaboration: "#117a65",
  system: "#5d6d7e",
  power: "#a04000",
  finding: "#d4ac0d",
  judgment: "#cb4335",
  other: "#999999",
};
const EXAMPLE = `SELECT ?inspection ?question ?grade WHERE {
  ?judgment a kgo:Judgment ;
      kgo:ofInspection ?inspection ;
      kgo:aboutQuestion/kgo:wording ?question ;
      kgo:grade ?grade .
}
ORDER BY ?inspection`;

const $ = (id) => document.getElementById(id);
const prologue = document.body.dataset.prologue || "";
const state = { view: null, cy: null, namedQueries: [] };

function element(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function status(text, isError = false) {
  const box = $("status");
  box.textContent = text;
  box.classList.toggle("error", isError);
}

async function fetchJson(url, options = {}) {
  const response = await fetch(url, options);
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const message = body && body.error ? body.error.message : String(body);
    throw new Error(message);
  }
  return body;
}

// The editor ------------------------------------------------------------------------------

const editor = new EditorView({
  doc: prologue + "\n" + EXAMPLE,
  parent: $("editor"),
  extensions: [
    Prec.highest(
      keymap.of([
        { key: "Mod-Enter", run: () => (runEditorQuery(), true) },
      ]),
    ),
    basicSetup,
    StreamLanguage.define(sparql),
    EditorView.contentAttributes.of({ "aria-label": "SPARQL query" }),
  ],
});

function queryForm(text) {
  const body = text
    .replace(/#[^\n]*/g, " ")
    .replace(/\b(PREFIX|BASE)\b[^<]*<[^>]*>/gi, " ");
  const match = body.match(/\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i);
  return match ? match[1].toUpperCase() : "SELECT";
}

async function runEditorQuery() {
  const text = editor.state.doc.toString();
  const form = queryForm(text);
  if (form === "CONSTRUCT" || form === "DESCRIBE") {
    status("Drawing the query's result…");
    await showGraph({ query: text });
    return;
  }
  status("Running…");
  try {
    const results = await fetchJson("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json",
      },
      body: new URLSearchParams({ query: text }),
    });
    await showResults(results);
  } catch (error) {
    status(`The query failed: ${error.message}`, true);
  }
}
$("run").addEventListener("click", runEditorQuery);

// Named queries ---------------------------------------------------------------------------

async function loadNamedQueries() {
  const { queries } = await fetchJson("/queries?format=json", {
    headers: { Accept: "application/json" },
  });
  state.namedQueries = queries;
  const list = $("named-queries");
  for (const query of queries) {
    list.append(
      element(
        "li",
        {},
        element(
          "button",
          { type: "button", "data-query": query.name, title: query.description, onclick: () => chooseNamed(query) },
          query.title,
        ),
      ),
    );
  }
}

function chooseNamed(query) {
  editor.dispatch({
    changes: { from: 0, to: editor.state.doc.length, insert: query.sparql },
  });
  const form = $("params");
  form.replaceChildren(element("p", { class: "description" }, query.description));
  for (const param of query.parameters) {
    const id = `param-${param.name}`;
    form.append(
      element(
        "div",
        { class: "param" },
        element("label", { for: id }, `${param.name}${param.required ? " (required)" : ""}`),
        element("input", { id, name: param.name, type: "text", ...(param.required ? { required: "" } : {}) }),
        element("small", {}, param.description),
      ),
    );
  }
  form.append(element("button", { type: "submit" }, `Run “${query.title}”`));
  form.onsubmit = (event) => {
    event.preventDefault();
    runNamed(query, new FormData(form));
  };
  form.hidden = false;
  if (query.parameters.every((p) => !p.required)) runNamed(query, new FormData(form));
  else form.querySelector("input").focus();
}

async function runNamed(query, data) {
  const params = new URLSearchParams({ format: "json" });
  for (const [key, value] of data.entries()) if (value) params.set(key, value);
  status(`Running “${query.title}”…`);
  try {
    const results = await fetchJson(`/queries/${query.name}?${params}`, {
      headers: { Accept: "application/sparql-results+json" },
    });
    await showResults(results, query.title);
  } catch (error) {
    status(`“${query.title}” failed: ${error.message}`, true);
  }
}

// Results ---------------------------------------------------------------------------------

async function labelsFor(iris) {
  const labels = new Map();
  const unique = [...new Set(iris)].slice(0, 400);
  if (!unique.length) return labels;
  const values = unique.map((iri) => `<${iri.replace(/[<>"{}|^`\\\s]/g, "")}>`).join(" ");
  const query = `${prologue}SELECT ?s (SAMPLE(?l) AS ?label) WHERE {
    VALUES ?s { ${values} }
    ?s skos:prefLabel|rdfs:label|dcterms:title ?l .
  } GROUP BY ?s`;
  try {
    const result = await fetchJson("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json",
      },
      body: new URLSearchParams({ query }),
    });
    for (const row of result.results.bindings) labels.set(row.s.value, row.label.value);
  } catch {
    // Labels are a nicety: the IRIs still show.
  }
  return labels;
}

async function showResults(results, title = "Query") {
  const box = $("results");
  if (results.boolean !== undefined) {
    box.replaceChildren(element("p", { class: "ask" }, `Answer: ${results.boolean ? "yes" : "no"}`));
    status(`${title}: done.`);
    return;
  }
  const vars = results.head.vars;
  const rows = results.results.bindings;
  const iris = rows.flatMap((row) => Object.values(row).filter((t) => t.type === "uri").map((t) => t.value));
  const labels = await labelsFor(iris);
  const table = element("table", { class: "sortable" });
  const head = element("tr");
  vars.forEach((name, index) => {
    const button = element("button", { type: "button", onclick: () => sortTable(table, index) }, name);
    head.append(element("th", { scope: "col", "aria-sort": "none" }, button));
  });
  table.append(element("thead", {}, head));
  const body = element("tbody");
  for (const row of rows) {
    const tr = element("tr");
    for (const name of vars) {
      const term = row[name];
      const td = element("td");
      if (term && term.type === "uri") {
        const label = labels.get(term.value) || shortIri(term.value);
        td.dataset.sort = label;
        td.append(nodeLink(term.value, label));
      } else if (term) {
        td.textContent = term.value;
        td.dataset.sort = term.value;
      }
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  box.replaceChildren(table);
  status(`${title}: ${rows.length} row${rows.length === 1 ? "" : "s"}.`);
}

function shortIri(iri) {
  return iri.replace(/^.*[/#](?=[^/#]+$)/, "");
}

function nodeLink(iri, label) {
  return element(
    "a",
    {
      href: `#node=${encodeURIComponent(iri)}`,
      title: iri,
      "data-iri": iri,
      onclick: (event) => {
        event.preventDefault();
        openNode(iri, { draw: true });
      },
    },
    label,
  );
}

function sortTable(table, index) {
  const th = table.tHead.rows[0].cells[index];
  const ascending = th.getAttribute("aria-sort") !== "ascending";
  for (const cell of table.tHead.rows[0].cells) cell.setAttribute("aria-sort", "none");
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const body = table.tBodies[0];
  const key = (row) => row.cells[index].dataset.sort || "";
  const rows = [...body.rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const nx = Number(x);
    const ny = Number(y);
    const order = x !== "" && y !== "" && !Number.isNaN(nx) && !Number.isNaN(ny)
      ? nx - ny
      : x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
    return ascending ? order : -order;
  });
  body.append(...rows);
}

// The graph -------------------------------------------------------------------------------

function exportParams(view) {
  const params = new URLSearchParams();
  if (view.query) params.set("query", view.query);
  if (view.focus) {
    params.set("focus", view.focus);
    params.set("depth", String(view.depth));
  }
  for (const name of view.include || []) params.append("include", name);
  return params;
}

async function showGraph(view) {
  const params = exportParams(view);
  let data;
  try {
    data = view.query
      ? await fetchJson("/export/cytoscape", {
          method: "POST",
          headers: { "Content-Type": "application/sparql-query" },
          body: view.query,
        })
      : await fetchJson(`/export/cytoscape?${params}`);
  } catch (error) {
    status(`The graph could not be drawn: ${error.message}`, true);
    return false;
  }
  state.view = view;
  if (view.query) $("focus").value = "";
  const focus = (data.data || []).find(([key]) => key === "focus");
  drawGraph(data.elements, focus ? focus[1] : null);
  showDownloads(view);
  const count = data.elements.nodes.length;
  status(`Graph: ${count} node${count === 1 ? "" : "s"}, ${data.elements.edges.length} edges.`);
  return true;
}

function layoutFor(focus, count) {
  // A neighbourhood reads best in rings around its centre; anything else is force-directed.
  if (focus) {
    return { name: "breadthfirst", roots: [focus], circle: true, spacingFactor: 1.1, animate: false, padding: 30 };
  }
  if (count <= 60) {
    // Hubs in the middle, the rest in rings by how linked they are.
    return { name: "concentric", concentric: (node) => node.degree(), levelWidth: () => 2, minNodeSpacing: 90, animate: false, padding: 30 };
  }
  return { name: "cose", animate: false, padding: 30, nodeRepulsion: () => 12000, idealEdgeLength: () => 60 };
}

function drawGraph(elements, focus) {
  if (state.cy) state.cy.destroy();
  const edges = elements.edges.map((edge, index) => ({
    data: { ...edge.data, id: `e${index}` },
  }));
  state.cy = cytoscape({
    container: $("graph"),
    elements: { nodes: elements.nodes, edges },
    minZoom: 0.1,
    maxZoom: 1.6,
    style: [
      {
        selector: "node",
        style: {
          "background-color": (node) => TYPE_COLOURS[node.data("type")] || TYPE_COLOURS.other,
          label: "data(label)",
          "font-size": 11,
          "text-wrap": "ellipsis",
          "text-max-width": 150,
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.75,
          "text-background-padding": 1,
          "min-zoomed-font-size": 7,
          width: 18,
          height: 18,
          "border-width": (node) => (node.id() === focus ? 4 : 0),
          "border-color": "#f0a500",
        },
      },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#000" } },
      {
        selector: "edge",
        style: {
          width: 1.2,
          "line-color": "#aab",
          "target-arrow-color": "#aab",
          "target-arrow-shape": "triangle",
          "curve-style": "bezier",
          label: "data(label)",
          "font-size": 8,
          color: "#556",
          "text-rotation": "autorotate",
          "text-background-color": "#fcfcfd",
          "text-background-opacity": 0.8,
          "min-zoomed-font-size": 8,
        },
      },
    ],
    layout: layoutFor(focus, elements.nodes.length),
  });
  state.cy.on("tap", "node", (event) => openNode(event.target.id()));
  const list = $("node-list");
  list.replaceChildren();
  const nodes = [...elements.nodes].sort((a, b) => a.data.label.localeCompare(b.data.label));
  for (const node of nodes) {
    const { id, label, type } = node.data;
    list.append(
      element(
        "li",
        {},
        element(
          "button",
          { type: "button", "data-iri": id, onclick: () => openNode(id) },
          element("span", { class: "swatch", style: `background:${TYPE_COLOURS[type] || TYPE_COLOURS.other}` }),
          `${label} `,
          element("small", {}, type),
        ),
      ),
    );
  }
  const types = [...new Set(elements.nodes.map((n) => n.data.type))].sort();
  $("legend").replaceChildren(
    ...types.map((type) =>
      element("span", { class: "legend-item" }, element("span", { class: "swatch", style: `background:${TYPE_COLOURS[type] || TYPE_COLOURS.other}` }), type),
    ),
  );
}

function showDownloads(view) {
  const box = $("downloads");
  box.replaceChildren(element("span", {}, "Download what is on screen:"));
  const params = exportParams(view).toString();
  for (const [format, label] of EXPORT_FORMATS) {
    box.append(element("a", { class: "button", href: `/export/${format}?${params}`, download: "" }, label));
  }
  box.hidden = false;
}

$("focus-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const data = new FormData(event.target);
  const focus = String(data.get("focus") || "").trim();
  const view = { focus: focus || null, depth: Number(data.get("depth") || 1), include: data.getAll("include") };
  status(focus ? `Drawing the neighbourhood of ${focus}…` : "Drawing the whole graph…");
  showGraph(view);
});

// A node and its evidence -------------------------------------------------------------------

async function openNode(iri, { draw = false } = {}) {
  let view;
  try {
    view = await fetchJson(`/node?iri=${encodeURIComponent(iri)}`);
  } catch (error) {
    status(`Nothing to show for ${iri}: ${error.message}`, true);
    return;
  }
  if (draw && view.nodeType) {
    $("focus").value = iri;
    const depth = Number($("depth").value || 1);
    await showGraph({ focus: iri, depth, include: ["findings", "judgments"] });
  } else if (draw) {
    // Concepts (grades, themes), reports and passages are not graph nodes.
    status(`${view.label} is not drawn in the graph; what the graph says about it is below.`);
  }
  if (state.cy) {
    state.cy.$(":selected").unselect();
    const node = state.cy.getElementById(iri);
    if (node.nonempty()) node.select();
  }
  renderNode(view);
}

function renderNode(view) {
  const section = $("node-section");
  const box = $("node");
  const statements = element("table", { class: "statements" });
  statements.append(element("thead", {}, element("tr", {}, element("th", { scope: "col" }, "property"), element("th", { scope: "col" }, "value"))));
  const body = element("tbody");
  for (const s of view.statements) {
    const property = s.direction === "in" ? `← ${s.propertyLabel}` : s.propertyLabel;
    const value = s.iri ? nodeLink(s.iri, s.value) : s.value;
    body.append(element("tr", {}, element("td", {}, property), element("td", {}, value)));
  }
  statements.append(body);
  const facts = element("ol", { class: "facts" });
  for (const fact of view.facts) {
    const item = element("li", { class: `fact fact-${fact.kind}` }, element("p", { class: "fact-text" }, fact.text));
    for (const evidence of fact.evidence) item.append(renderEvidence(evidence));
    facts.append(item);
  }
  box.replaceChildren(
    element("h3", {}, view.label),
    element("p", { class: "iri" }, element("code", {}, view.iri), " ", element("span", {}, view.types.join(", "))),
    element("h4", {}, "What the graph says"),
    element("p", { class: "hint" }, "← marks a link from the other node to this one."),
    statements,
    element("h4", {}, `Evidence (${view.facts.length} fact${view.facts.length === 1 ? "" : "s"})`),
    facts,
  );
  section.hidden = false;
  section.scrollIntoView({ block: "start" });
  box.querySelector("h3").setAttribute("tabindex", "-1");
  box.querySelector("h3").focus({ preventScroll: true });
}

function renderEvidence(evidence) {
  const quote = element("blockquote", { class: "evidence" });
  const paragraph = evidence.paragraph;
  if (paragraph) {
    const text = paragraph.text;
    quote.append(
      text.slice(0, paragraph.quoteStart),
      element("mark", {}, text.slice(paragraph.quoteStart, paragraph.quoteEnd)),
      text.slice(paragraph.quoteEnd),
    );
  } else {
    quote.append(evidence.prefix || "", element("mark", {}, evidence.exact), evidence.suffix || "");
  }
  const source = element(
    "figcaption",
    {},
    element("cite", {}, evidence.title),
    evidence.date ? `, ${evidence.date}` : "",
    ` (characters ${evidence.start}–${evidence.end})`,
  );
  return element("figure", { class: "evidence-figure" }, quote, source);
}

// Start -----------------------------------------------------------------------------------

loadNamedQueries().catch((error) => status(`The named queries could not be loaded: ${error.message}`, true));
const fromHash = decodeURIComponent((location.hash.match(/^#node=(.+)$/) || [])[1] || "");
if (fromHash) openNode(fromHash, { draw: true });

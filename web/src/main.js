// The page at /: named queries and a SPARQL editor, results as a table (linked to the evidence
// of every row, filtered, paged, downloadable), charts and a grade grid, a search box, a graph
// of a node's neighbourhood or a CONSTRUCT result, and the evidence view beside it. What is on
// screen is kept in the URL (state.js). It talks only to this server's own endpoints.
import "./style.css";
import { $, element, fetchJson, plural, status, stored } from "./util.js";
import { Editor } from "./editor.js";
import { ResultTable } from "./table.js";
import { renderNode, titleOf } from "./node.js";
import { gradeGrid } from "./grid.js";
import { closeTo, setUpSearch, suggestValues } from "./search.js";
import { readState, updateState } from "./state.js";

const EXPORT_FORMATS = [["graphml", "GraphML"], ["gexf", "GEXF"], ["cytoscape", "Cytoscape JSON"], ["node-link", "node-link JSON"], ["dot", "DOT"]];
const CHARTS = { "measure-series": "line", "force-vs-england-wales": "bars" };
const EXAMPLE = `SELECT ?inspection ?question ?grade WHERE {
  ?judgment a kgo:Judgment ;
      kgo:ofInspection ?inspection ;
      kgo:aboutQuestion/kgo:wording ?question ;
      kgo:grade ?grade .
}
ORDER BY ?inspection`;
const HISTORY_SIZE = 25;
const shortened = (text) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

const prologue = document.body.dataset.prologue || "";
const named = new Map();
let graphModule = null;
let lastResult = null;

const editor = new Editor({ parent: $("editor"), prologue, initial: `${prologue}\n${EXAMPLE}`, onRun: () => runEditorQuery() });
editor.loadTerms();

// The editor's query, and its history -------------------------------------------------------

function queryForm(text) {
  const body = text.replace(/#[^\n]*/g, " ").replace(/\b(PREFIX|BASE)\b[^<]*<[^>]*>/gi, " ");
  const match = body.match(/\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i);
  return match ? match[1].toUpperCase() : "SELECT";
}

// The query as kept in the URL and history: without the project's own prefixes, which the
// editor adds back.
const withoutPrologue = (text) => (text.startsWith(prologue) ? text.slice(prologue.length).replace(/^\n/, "") : text);

function remember(text, title) {
  const history = stored.get("kg.history", []).filter((entry) => entry.text !== text);
  history.unshift({ text, title, at: new Date().toISOString() });
  stored.set("kg.history", history.slice(0, HISTORY_SIZE));
  renderHistory();
}

function renderHistory() {
  const history = stored.get("kg.history", []);
  const select = $("history");
  select.replaceChildren(element("option", { value: "" }, history.length ? `Recent queries (${history.length})` : "No recent queries"),
    ...history.map((entry, index) => element("option", { value: String(index) }, `${entry.at.slice(0, 16).replace("T", " ")} — ${entry.title}`)));
}
$("history").addEventListener("change", (event) => {
  const entry = stored.get("kg.history", [])[Number(event.target.value)];
  if (entry) editor.setText(entry.text);
  event.target.value = "";
});

async function runEditorQuery({ push = true } = {}) {
  const text = editor.text();
  const form = queryForm(text);
  const kept = withoutPrologue(text);
  remember(kept, kept.replace(/\s+/g, " ").slice(0, 60));
  if (push) updateState({ sparql: kept, q: undefined, params: {}, chart: undefined, focus: undefined, include: undefined, depth: undefined });
  if (form === "CONSTRUCT" || form === "DESCRIBE") {
    status("Drawing the query's result…");
    await showGraph({ query: text }, { push: false });
    return;
  }
  status("Running…");
  try {
    const results = await fetchJson("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
      body: new URLSearchParams({ query: text }),
    });
    const url = (format) => `/sparql?${new URLSearchParams({ query: text, format })}`;
    await showResults(results, { title: "Query", downloads: { csv: url("csv"), json: url("json") } });
  } catch (error) {
    const marked = editor.markError(error);
    // Line numbers as the editor shows them (the hidden prefix lines are not counted).
    const message = marked ? error.message.replace(/line (\d+)/, (_, n) => `line ${Number(n) - editor.hiddenLines()}`) : error.message;
    status(`The query failed${marked ? " (marked in the editor)" : ""}: ${message}`, true);
  }
}
$("run").addEventListener("click", () => runEditorQuery());

// Named queries -------------------------------------------------------------------------------

async function loadNamedQueries() {
  const { queries } = await fetchJson("/queries?format=json", { headers: { Accept: "application/json" } });
  const list = $("named-queries");
  for (const query of queries) {
    named.set(query.name, query);
    list.append(element("li", {}, element("button", { type: "button", "data-query": query.name, title: query.description, onclick: () => chooseNamed(query) }, query.title)));
  }
}

function chooseNamed(query, { values = {}, run = null, push = true } = {}) {
  editor.setText(query.sparql);
  const form = $("params");
  form.replaceChildren(element("p", { class: "description" }, query.description));
  for (const param of query.parameters) {
    const id = `param-${param.name}`;
    const input = element("input", { id, name: param.name, type: "text", list: `${id}-values`, autocomplete: "off", required: param.required, value: values[param.name] || null });
    const datalist = element("datalist", { id: `${id}-values` });
    if (param.kind === "name") suggestValues(input, datalist);
    form.append(element("div", { class: "param" },
      element("label", { for: id }, `${param.name}${param.required ? " (required)" : ""}`), input, datalist,
      element("small", {}, param.description)));
  }
  form.append(element("button", { type: "submit" }, `Run “${query.title}”`));
  form.onsubmit = (event) => {
    event.preventDefault();
    runNamed(query, Object.fromEntries(new FormData(form).entries()));
  };
  form.hidden = false;
  const ready = query.parameters.every((p) => !p.required || values[p.name]);
  if (run ?? ready) return runNamed(query, values, { push });
  form.querySelector("input").focus();
  return null;
}

async function runNamed(query, values, { push = true } = {}) {
  const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v));
  if (push) updateState({ q: query.name, params: given, sparql: undefined, chart: undefined });
  const params = new URLSearchParams(given);
  status(`Running “${query.title}”…`);
  try {
    const results = await fetchJson(`/queries/${query.name}?${params}&format=json`, { headers: { Accept: "application/sparql-results+json" } });
    const url = (format) => `/queries/${query.name}?${new URLSearchParams({ ...given, format })}`;
    await showResults(results, { title: query.title, name: query.name, downloads: { csv: url("csv"), json: url("json") } });
    if (!results.results?.bindings.length) {
      const names = query.parameters.filter((p) => p.kind === "name" && given[p.name]);
      for (const param of names) {
        const close = await closeTo(given[param.name]);
        if (close.length) status(`“${query.title}”: 0 rows for ${param.name} “${given[param.name]}”. Close to it: ${close.join("; ")}.`);
      }
    }
  } catch (error) {
    status(`“${query.title}” failed: ${error.message}`, true);
  }
}

// Results, charts and the grade grid ----------------------------------------------------------

async function showResults(results, { title, name = null, downloads }) {
  const box = $("results");
  $("chart-box").replaceChildren();
  $("chart-box").hidden = true;
  if (results.boolean !== undefined) {
    box.replaceChildren(element("p", { class: "ask" }, `Answer: ${results.boolean ? "yes" : "no"}`));
    status(`${title}: done.`);
    return;
  }
  lastResult = { name, title, rows: results.results.bindings };
  const chartButton = CHARTS[name] ? element("button", { type: "button", id: "open-chart", onclick: () => openChart() }, CHARTS[name] === "line" ? "Show chart" : "Show bar chart") : null;
  const table = new ResultTable(box, { results, title, downloads, openNode, prologue, extra: chartButton });
  await table.ready;
  if (name === "judgments") {
    $("chart-box").replaceChildren(gradeGrid(lastResult.rows, openNode));
    $("chart-box").hidden = false;
  }
  status(`${title}: ${plural(results.results.bindings.length, "row")}.`);
}

async function openChart({ push = true } = {}) {
  if (!lastResult || !CHARTS[lastResult.name]) return;
  const box = $("chart-box");
  box.hidden = false;
  box.replaceChildren(element("p", { class: "hint" }, "Loading the chart…"));
  const charts = await import("./charts.js");
  if (CHARTS[lastResult.name] === "line") charts.measureOverTime(box, lastResult.rows, lastResult.title);
  else charts.forceAgainstNational(box, lastResult.rows);
  if (push) updateState({ chart: "1" }, { replace: true });
  box.scrollIntoView({ block: "nearest" });
}

// The graph ---------------------------------------------------------------------------------

function exportParams(view) {
  const params = new URLSearchParams();
  if (view.query) params.set("query", view.query);
  if (view.focus) {
    params.set("focus", view.focus);
    params.set("depth", String(view.depth));
  }
  for (const include of view.include || []) params.append("include", include);
  return params;
}

async function showGraph(view, { push = true } = {}) {
  let data;
  try {
    [graphModule, data] = await Promise.all([
      graphModule || import("./graph.js"),
      view.query
        ? fetchJson("/export/cytoscape", { method: "POST", headers: { "Content-Type": "application/sparql-query" }, body: view.query })
        : fetchJson(`/export/cytoscape?${exportParams(view)}`),
    ]);
  } catch (error) {
    status(`The graph could not be drawn: ${error.message}`, true);
    return false;
  }
  if (push && view.focus) updateState({ focus: view.focus, depth: String(view.depth), include: view.include });
  if (view.query) $("focus").value = "";
  else {
    $("focus").value = view.focus || "";
    $("depth").value = String(view.depth ?? 1);
    for (const box of document.querySelectorAll("#focus-form input[name=include]")) box.checked = (view.include || []).includes(box.value);
  }
  const focus = (data.data || []).find(([key]) => key === "focus");
  graphModule.drawGraph(data.elements, focus ? focus[1] : null, { openNode });
  showDownloads(view);
  const count = data.elements.nodes.length;
  status(`Graph: ${plural(count, "node")}, ${plural(data.elements.edges.length, "edge")}.`);
  return true;
}

function showDownloads(view) {
  const box = $("downloads");
  const params = exportParams(view).toString();
  box.replaceChildren(element("span", {}, "Download the data:"),
    ...EXPORT_FORMATS.map(([format, label]) => element("a", { class: "button", href: `/export/${format}?${params}`, download: "" }, label)));
  box.hidden = false;
}

$("focus-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const data = new FormData(event.target);
  const focus = String(data.get("focus") || "").trim();
  status(focus ? `Drawing the neighbourhood of ${focus}…` : "Drawing the whole graph…");
  showGraph({ focus: focus || null, depth: Number(data.get("depth") || 1), include: data.getAll("include") });
});
for (const button of document.querySelectorAll("#graph-controls button")) {
  button.addEventListener("click", () => graphModule && graphModule.control(button.dataset.action));
}

// A node and its evidence -------------------------------------------------------------------

async function openNode(iri, { draw = false, evidence = false, push = true } = {}) {
  let view;
  try {
    view = await fetchJson(`/node?iri=${encodeURIComponent(iri)}`);
  } catch (error) {
    status(`Nothing to show for ${iri}: ${error.message}`, true);
    return;
  }
  if (push) updateState({ node: iri });
  if (draw && view.nodeType) {
    await showGraph({ focus: iri, depth: Number($("depth").value || 1), include: ["findings", "judgments"] }, { push });
  } else if (draw) {
    // Concepts (grades, themes), reports and passages are not graph nodes.
    status(`${view.label} is not drawn in the graph; what the graph says about it is beside the graph.`);
  } else if (evidence) {
    status(`The evidence for ${shortened(titleOf(view))} is beside the graph.`);
  }
  if (graphModule) graphModule.selectNode(iri);
  renderNode(view, { openNode, drawNode: (node) => openNode(node, { draw: true }) });
  $("graph-section").scrollIntoView({ block: "start" });
  $("node").querySelector("h3").focus({ preventScroll: true });
}

// Search ------------------------------------------------------------------------------------

setUpSearch({
  open: (result) => openNode(result.iri, { draw: !["finding", "paragraph", "judgment", "measure"].includes(result.kind), evidence: true }),
});

// State in the URL: restored on load and on Back/Forward --------------------------------------

async function restore(state) {
  if (state.q && named.has(state.q)) {
    await chooseNamed(named.get(state.q), { values: state.params, run: true, push: false });
    if (state.chart) await openChart({ push: false });
  } else if (state.sparql) {
    editor.setText(state.sparql.startsWith("PREFIX") ? state.sparql : prologue + state.sparql);
    await runEditorQuery({ push: false });
  }
  if (state.focus) await showGraph({ focus: state.focus, depth: Number(state.depth || 1), include: state.include || [] }, { push: false });
  if (state.node) await openNode(state.node, { push: false });
}
window.addEventListener("popstate", () => restore(readState()));

renderHistory();
loadNamedQueries()
  .then(() => {
    const legacy = decodeURIComponent((location.hash.match(/^#node=(.+)$/) || [])[1] || "");
    const state = readState();
    if (legacy && !state.node) state.node = legacy;
    return restore(state);
  })
  .catch((error) => status(`The named queries could not be loaded: ${error.message}`, true));

// A SELECT result as a table: readable headers, every row linked to what it is about and to its
// evidence (a column NAME_iri makes NAME a link to that node; evidence_iri opens the fact's
// evidence), sorting, a filter box, paging, and downloads through the endpoint's formats.
import { element, fetchJson, plural, shorten, shortIri } from "./util.js";

const PAGE_SIZES = [25, 50, 100, 500];
// Headers for the named queries' columns; other names are spelt out ("end_date": "End date").
const HEADERS = {
  force_value: "Force",
  england_wales_value: "England and Wales",
  end_date: "Period end",
  measure_label: "Measure",
  first_year: "Earlier year",
  later_year: "Later year",
  first_text: "Earlier finding",
  later_text: "Later finding",
  link_method: "How linked",
  overall: "Overall?",
};

export function header(name) {
  if (HEADERS[name]) return HEADERS[name];
  const words = name.replace(/_/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const labelCache = new Map();

async function labelsFor(iris, prologue) {
  const missing = [...new Set(iris)].filter((iri) => !labelCache.has(iri)).slice(0, 400);
  if (missing.length) {
    const values = missing.map((iri) => `<${iri.replace(/[<>"{}|^`\\\s]/g, "")}>`).join(" ");
    const query = `${prologue}SELECT ?s (SAMPLE(?l) AS ?label) WHERE {
      VALUES ?s { ${values} } ?s skos:prefLabel|rdfs:label|dcterms:title ?l . } GROUP BY ?s`;
    try {
      const result = await fetchJson("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
        body: new URLSearchParams({ query }),
      });
      for (const row of result.results.bindings) labelCache.set(row.s.value, row.label.value);
    } catch {
      // Labels are a nicety: the IRIs still show.
    }
    for (const iri of missing) if (!labelCache.has(iri)) labelCache.set(iri, shortIri(iri));
  }
  return labelCache;
}

export class ResultTable {
  // results: SPARQL JSON; downloads: {csv, json} URLs; openNode(iri, {evidence}) opens a node.
  constructor(box, { results, title, downloads, openNode, prologue, extra }) {
    this.box = box;
    this.title = title;
    this.openNode = openNode;
    this.prologue = prologue;
    this.vars = results.head.vars;
    this.rows = results.results.bindings;
    const names = new Set(this.vars);
    // Companion columns are links, not columns of their own.
    this.links = new Map(this.vars.filter((v) => v.endsWith("_iri") && names.has(v.slice(0, -4))).map((v) => [v.slice(0, -4), v]));
    this.shown = this.vars.filter((v) => !(v.endsWith("_iri") && names.has(v.slice(0, -4))));
    this.sort = null;
    this.filter = "";
    this.page = 0;
    this.pageSize = 50;
    this.view = this.rows;
    this.render(downloads, extra);
  }

  cellText(row, name) {
    const term = row[name];
    if (!term) return "";
    return term.type === "uri" ? labelCache.get(term.value) || shortIri(term.value) : term.value;
  }

  render(downloads, extra) {
    const filterId = `filter-${Math.random().toString(36).slice(2, 8)}`;
    this.filterInput = element("input", {
      id: filterId, type: "search", placeholder: "words in any column", autocomplete: "off",
      oninput: () => { this.filter = this.filterInput.value.trim().toLowerCase(); this.page = 0; this.update(); },
    });
    this.pager = element("div", { class: "pager" });
    this.count = element("span", { class: "count", role: "status" });
    const tools = element(
      "div",
      { class: "toolbar table-tools" },
      element("label", { for: filterId }, "Filter"),
      this.filterInput,
      this.count,
      element("span", { class: "spacer" }),
      downloads ? element("span", {}, "Download: ") : null,
      downloads ? element("a", { class: "button", href: downloads.csv, download: "", "data-format": "csv" }, "CSV") : null,
      downloads ? element("a", { class: "button", href: downloads.json, download: "", "data-format": "json" }, "JSON") : null,
      extra || null,
    );
    this.table = element("table", { class: "sortable" });
    const head = element("tr");
    this.shown.forEach((name) => {
      const button = element("button", { type: "button", title: `Sort by ${header(name)} (${name})`, onclick: () => this.sortBy(name) }, header(name));
      head.append(element("th", { scope: "col", "aria-sort": "none", "data-var": name }, button));
    });
    this.table.append(element("thead", {}, head), element("tbody"));
    const scroller = element("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": `${this.title}: results` }, this.table);
    this.box.replaceChildren(tools, scroller, this.pager);
    this.ready = this.update();
  }

  sortBy(name) {
    const ascending = !(this.sort && this.sort.name === name && this.sort.ascending);
    this.sort = { name, ascending };
    for (const th of this.table.tHead.rows[0].cells) {
      th.setAttribute("aria-sort", th.dataset.var === name ? (ascending ? "ascending" : "descending") : "none");
    }
    this.update();
  }

  async update() {
    let rows = this.rows;
    if (this.filter) {
      rows = rows.filter((row) => this.shown.some((name) => this.cellText(row, name).toLowerCase().includes(this.filter)));
    }
    if (this.sort) {
      const { name, ascending } = this.sort;
      const key = (row) => this.cellText(row, name);
      rows = [...rows].sort((a, b) => {
        const x = key(a);
        const y = key(b);
        const numeric = x !== "" && y !== "" && !Number.isNaN(Number(x)) && !Number.isNaN(Number(y));
        const order = numeric ? Number(x) - Number(y) : x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
        return ascending ? order : -order;
      });
    }
    this.view = rows;
    const pages = Math.max(1, Math.ceil(rows.length / this.pageSize));
    this.page = Math.min(this.page, pages - 1);
    const slice = rows.slice(this.page * this.pageSize, (this.page + 1) * this.pageSize);
    const iris = slice.flatMap((row) => this.shown.map((n) => row[n]).filter((t) => t && t.type === "uri").map((t) => t.value));
    if (iris.some((iri) => !labelCache.has(iri))) await labelsFor(iris, this.prologue);
    this.table.tBodies[0].replaceChildren(...slice.map((row) => this.renderRow(row)));
    const first = rows.length ? this.page * this.pageSize + 1 : 0;
    const last = this.page * this.pageSize + slice.length;
    this.count.textContent = this.filter
      ? `${plural(rows.length, "row")} of ${this.rows.length.toLocaleString("en-GB")} match`
      : plural(rows.length, "row");
    this.renderPager(first, last, rows.length, pages);
  }

  renderRow(row) {
    const tr = element("tr");
    for (const name of this.shown) {
      const term = row[name];
      const td = element("td", { "data-var": name });
      const linkTerm = this.links.has(name) ? row[this.links.get(name)] : null;
      if (!term) {
        // empty cell
      } else if (name === "evidence" && linkTerm) {
        const quote = term.value;
        td.append(
          element("a", {
            href: `?node=${encodeURIComponent(linkTerm.value)}`,
            class: "evidence-link",
            "data-iri": linkTerm.value,
            title: "Open the evidence: the quote in its paragraph of the report",
            onclick: (event) => { event.preventDefault(); this.openNode(linkTerm.value, { evidence: true }); },
          }, quote.split(/\s+/).length <= 3 ? `“${quote}” in its context` : shorten(quote, 160)),
        );
      } else if (term.type === "uri" || (linkTerm && linkTerm.type === "uri")) {
        const iri = term.type === "uri" ? term.value : linkTerm.value;
        const label = term.type === "uri" ? labelCache.get(iri) || shortIri(iri) : term.value;
        td.append(element("a", {
          href: `?node=${encodeURIComponent(iri)}`, "data-iri": iri, title: iri,
          onclick: (event) => { event.preventDefault(); this.openNode(iri, { draw: true }); },
        }, shorten(label, 400)));
      } else {
        td.textContent = term.value;
      }
      tr.append(td);
    }
    return tr;
  }

  renderPager(first, last, total, pages) {
    const go = (page) => { this.page = page; this.update(); };
    const sizeId = `size-${Math.random().toString(36).slice(2, 8)}`;
    const size = element("select", { id: sizeId, onchange: () => { this.pageSize = Number(size.value); this.page = 0; this.update(); } },
      ...PAGE_SIZES.map((n) => element("option", { value: String(n), selected: n === this.pageSize }, String(n))));
    this.pager.replaceChildren(
      element("button", { type: "button", disabled: this.page === 0, onclick: () => go(0), "aria-label": "First page" }, "«"),
      element("button", { type: "button", disabled: this.page === 0, onclick: () => go(this.page - 1), "aria-label": "Previous page" }, "‹ Previous"),
      element("span", {}, total ? `Rows ${first.toLocaleString("en-GB")}–${last.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} (page ${this.page + 1} of ${pages})` : "No rows"),
      element("button", { type: "button", disabled: this.page >= pages - 1, onclick: () => go(this.page + 1), "aria-label": "Next page" }, "Next ›"),
      element("button", { type: "button", disabled: this.page >= pages - 1, onclick: () => go(pages - 1), "aria-label": "Last page" }, "»"),
      element("label", { for: sizeId }, "Rows per page"),
      size,
    );
  }
}

// A node and its evidence, in the panel beside the graph: what the graph says about it, and for
// every fact the quote highlighted in its paragraph of the report, grouped by report. For a
// judgment the quote is its grade word, shown with the question's heading and the sentence
// (or summary) that states it.
import { $, element, plural, shorten } from "./util.js";

// A finding has no label: it is shown by its kind and text.
export function titleOf(view) {
  const value = (suffix) => view.statements.find((s) => s.direction === "out" && s.property.endsWith(suffix))?.value;
  const text = value("#text");
  if (!text) return view.label;
  const kind = value("#findingType");
  return `${kind ? `${kind}: ` : ""}${shorten(text, 240)}`;
}

export function renderNode(view, { openNode, drawNode }) {
  const box = $("node");
  const title = titleOf(view);
  const link = (iri, label) => element("a", {
    href: `?node=${encodeURIComponent(iri)}`, "data-iri": iri,
    onclick: (event) => { event.preventDefault(); openNode(iri); },
  }, label);
  const statements = element("table", { class: "statements" },
    element("thead", {}, element("tr", {}, element("th", { scope: "col" }, "Property"), element("th", { scope: "col" }, "Value"))),
    element("tbody", {}, view.statements.map((s) => element("tr", {},
      element("td", {}, s.direction === "in" ? `← ${s.propertyLabel}` : s.propertyLabel),
      element("td", {}, s.iri ? link(s.iri, s.value) : s.value)))));
  const byReport = new Map();
  for (const fact of view.facts) {
    for (const evidence of fact.evidence) {
      const key = evidence.title || evidence.report;
      if (!byReport.has(key)) byReport.set(key, { date: evidence.date, items: [] });
      byReport.get(key).items.push({ fact, evidence });
    }
  }
  const groups = [...byReport.entries()].map(([report, { date, items }], index) => element("details",
    { class: "report-group", open: index < 3 },
    element("summary", {}, element("cite", {}, report), date ? `, ${date}` : "", ` (${plural(items.length, "fact")})`),
    element("ol", { class: "facts" }, items.map(({ fact, evidence }) => element("li", { class: `fact fact-${fact.kind}` },
      element("p", { class: "fact-text" }, fact.kind === "about" ? title : fact.text),
      renderEvidence(evidence))))));
  box.replaceChildren(...[
    element("h3", { tabindex: "-1" }, title),
    element("p", { class: "iri" }, element("code", {}, view.iri), " ", element("span", {}, view.types.join(", "))),
    view.nodeType ? element("button", { type: "button", onclick: () => drawNode(view.iri) }, "Draw its neighbourhood") : null,
    element("h4", {}, `Evidence (${plural(view.facts.length, "fact")}, ${plural(byReport.size, "report")})`),
    ...(groups.length ? groups : [element("p", { class: "hint" }, "No quote stands for this node itself; see what the graph says below.")]),
    element("details", { class: "statements-box", open: view.statements.length <= 12 },
      element("summary", {}, `What the graph says (${plural(view.statements.length, "statement")}; ← marks a link from the other node)`),
      statements),
  ].filter(Boolean));
  box.dataset.iri = view.iri;
  $("node-section").hidden = false;
  box.scrollTop = 0;
}

function renderEvidence(evidence) {
  const quote = element("blockquote", { class: "evidence" });
  const parts = [];
  if (evidence.statement) {
    const { text, marks } = evidence.statement;
    const heading = evidence.statement.heading;
    if (heading && !marks.some((m) => m.kind === "heading")) {
      parts.push(element("p", { class: "heading-far" }, "Under the heading ", element("q", {}, heading.text.replace(/\s+/g, " "))));
    }
    quote.append(...highlight(text, marks));
  } else if (evidence.paragraph) {
    const p = evidence.paragraph;
    quote.append(...highlight(p.text, [{ kind: "quote", start: p.quoteStart, end: p.quoteEnd }]));
  } else {
    quote.append(evidence.prefix || "", element("mark", { class: "quote" }, evidence.exact), evidence.suffix || "");
  }
  const caption = element("figcaption", {},
    element("cite", {}, evidence.title), evidence.date ? `, ${evidence.date}` : "",
    ` (characters ${evidence.start}–${evidence.end})`);
  return element("figure", { class: "evidence-figure" }, ...parts, quote, caption);
}

// Text with the marked ranges wrapped in <mark class="KIND"> (ranges do not overlap).
function highlight(text, marks) {
  const out = [];
  let at = 0;
  for (const mark of [...marks].sort((a, b) => a.start - b.start)) {
    if (mark.start < at) continue;
    out.push(text.slice(at, mark.start));
    out.push(element("mark", { class: mark.kind, title: mark.kind === "sentence" ? "The sentence that states it" : null }, text.slice(mark.start, mark.end)));
    at = mark.end;
  }
  out.push(text.slice(at));
  return out;
}

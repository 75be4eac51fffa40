// Graded judgments as a year-by-theme grid, each cell coloured by its grade and naming it (the
// colour is never the only cue), linked to the judgment's evidence.
import { element } from "./util.js";

// Grades from best to worst, on a colour-blind-safe blue-to-orange scale.
const GRADE_COLOURS = {
  outstanding: ["#0b4f8a", "#ffffff"],
  good: ["#6baed6", "#000000"],
  "meeting the standard": ["#c6dbef", "#000000"],
  "requires improvement": ["#fdae6b", "#000000"],
  inadequate: ["#d94801", "#ffffff"],
  ungraded: ["#eeeeee", "#000000"],
};

export function gradeGrid(rows, openNode) {
  const value = (row, name) => (row[name] ? row[name].value : "");
  const years = [...new Set(rows.map((r) => value(r, "year")))].sort();
  const themes = [...new Set(rows.map((r) => value(r, "theme")))].sort();
  const cell = new Map(rows.map((r) => [`${value(r, "theme")}|${value(r, "year")}`, r]));
  const table = element("table", { class: "grade-grid" },
    element("caption", {}, "Grades by year and theme (a link opens the sentence that states the grade)"),
    element("thead", {}, element("tr", {}, element("th", { scope: "col" }, "Theme"), years.map((y) => element("th", { scope: "col" }, y)))),
    element("tbody", {}, themes.map((theme) => element("tr", {},
      element("th", { scope: "row" }, theme),
      years.map((year) => {
        const row = cell.get(`${theme}|${year}`);
        if (!row) return element("td", { class: "empty" }, element("span", { class: "visually-hidden" }, "not graded"));
        const grade = value(row, "grade");
        const [background, ink] = GRADE_COLOURS[grade.toLowerCase()] || ["#ffffff", "#000000"];
        const iri = value(row, "evidence_iri");
        return element("td", { style: `background:${background};color:${ink}`, "data-grade": grade },
          iri ? element("a", {
            href: `?node=${encodeURIComponent(iri)}`, style: `color:${ink}`, "data-iri": iri,
            title: value(row, "question"),
            onclick: (event) => { event.preventDefault(); openNode(iri, { evidence: true }); },
          }, grade) : grade);
      })))));
  return element("div", { class: "grid-box" }, table);
}

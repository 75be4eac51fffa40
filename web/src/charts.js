// Charts of the measures (Chart.js, loaded the first time a chart is opened): a measure over
// time, the force's line against England and Wales's; and bars of the force against England
// and Wales, period by period, for one measure. Colours from the Okabe-Ito palette, and the
// England and Wales series dashed, so they are told apart without colour.
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement,
  LinearScale, PointElement, Title, Tooltip,
} from "chart.js";
import { element } from "./util.js";

Chart.register(BarController, BarElement, CategoryScale, Legend, LineController, LineElement, LinearScale, PointElement, Title, Tooltip);
const FORCE = "#0072B2";
const NATIONAL = "#D55E00";
const OTHERS = ["#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];
let current = null;

const value = (row, name) => (row[name] ? row[name].value : "");
const isNational = (area) => /england and wales/i.test(area);

function mostCommon(values) {
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) || 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function canvasIn(box, label) {
  if (current) current.destroy();
  const canvas = element("canvas", { role: "img", "aria-label": label });
  box.replaceChildren(element("div", { class: "chart-frame" }, canvas));
  return canvas;
}

// measure-series rows: period, end_date, area, value, unit, measure_label.
export function measureOverTime(box, rows, title) {
  const unit = mostCommon(rows.map((r) => value(r, "unit")));
  const drawn = rows.filter((r) => value(r, "unit") === unit && !Number.isNaN(Number(value(r, "value"))));
  const ends = [...new Set(drawn.map((r) => value(r, "end_date")))].sort();
  const periodOf = new Map(drawn.map((r) => [value(r, "end_date"), value(r, "period") || value(r, "end_date")]));
  const measures = new Set(drawn.map((r) => value(r, "measure_label")));
  const seriesKey = (r) => (measures.size > 1 ? `${value(r, "area")}: ${value(r, "measure_label")}` : value(r, "area"));
  const keys = [...new Set(drawn.map(seriesKey))].sort((a, b) => isNational(a) - isNational(b));
  let other = 0;
  const datasets = keys.map((key) => {
    const national = isNational(key);
    const colour = national ? NATIONAL : other++ === 0 ? FORCE : OTHERS[(other - 2) % OTHERS.length];
    const points = new Map(drawn.filter((r) => seriesKey(r) === key).map((r) => [value(r, "end_date"), Number(value(r, "value"))]));
    return {
      label: key, data: ends.map((end) => (points.has(end) ? points.get(end) : null)),
      borderColor: colour, backgroundColor: colour, borderDash: national ? [6, 4] : [],
      pointStyle: national ? "rectRot" : "circle", pointRadius: 5, spanGaps: true,
    };
  });
  const measure = mostCommon(drawn.map((r) => value(r, "measure_label"))) || title;
  const label = `${measure}: ${keys.join(" and ")} by period, in ${unit}`;
  current = new Chart(canvasIn(box, label), {
    type: "line",
    data: { labels: ends.map((end) => periodOf.get(end)), datasets },
    options: chartOptions(measures.size > 1 ? `${title}: ${[...measures].join("; ")}` : measure, unit),
  });
  const left = rows.length - drawn.length;
  if (left) box.append(element("p", { class: "hint" }, `${left} figure${left === 1 ? "" : "s"} in other units are in the table, not the chart.`));
}

// force-vs-england-wales rows: measure, period, force_value, england_wales_value, unit, area.
export function forceAgainstNational(box, rows) {
  const key = (r) => (value(r, "measure").includes(`(${value(r, "unit")})`) ? value(r, "measure") : `${value(r, "measure")} (${value(r, "unit")})`);
  const measures = [...new Set(rows.map(key))].sort();
  const chosen = mostCommon(rows.map(key));
  const select = element("select", { id: "chart-measure" }, measures.map((m) => element("option", { value: m, selected: m === chosen }, m)));
  const frame = element("div");
  const draw = () => {
    const picked = rows.filter((r) => key(r) === select.value);
    const periods = [...new Set(picked.map((r) => value(r, "end_date") + "\t" + (value(r, "period") || value(r, "end_date"))))].sort();
    const at = (r) => value(r, "end_date") + "\t" + (value(r, "period") || value(r, "end_date"));
    const area = value(picked[0] || {}, "area") || "Force";
    const series = (name, colour, column, dashed) => ({
      label: name, backgroundColor: colour, borderColor: "#222", borderWidth: dashed ? 2 : 0, borderDash: dashed ? [4, 3] : [],
      data: periods.map((p) => { const r = picked.find((x) => at(x) === p); return r ? Number(value(r, column)) : null; }),
    });
    if (current) current.destroy();
    const canvas = element("canvas", { role: "img", "aria-label": `${select.value}: ${area} against England and Wales, by period` });
    frame.replaceChildren(element("div", { class: "chart-frame" }, canvas));
    current = new Chart(canvas, {
      type: "bar",
      data: { labels: periods.map((p) => p.split("\t")[1]), datasets: [series(area, FORCE, "force_value", false), series("England and Wales", NATIONAL, "england_wales_value", true)] },
      options: chartOptions(select.value, value(picked[0] || {}, "unit")),
    });
  };
  select.addEventListener("change", draw);
  box.replaceChildren(element("div", { class: "toolbar" }, element("label", { for: "chart-measure" }, "Measure"), select), frame);
  draw();
}

function chartOptions(title, unit) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { title: { display: true, text: title }, legend: { position: "bottom" } },
    scales: { y: { title: { display: true, text: unit } } },
  };
}

// One search box for forces, units, partners, programmes, findings, measures and report
// paragraphs (GET /search), with suggestions as you type: a combobox, by keyboard or mouse.
import { $, element, fetchJson } from "./util.js";

const KIND_LABELS = { paragraph: "report paragraph" };

export function setUpSearch({ open }) {
  const input = $("search");
  const list = $("search-list");
  const form = $("search-form");
  let results = [];
  let active = -1;
  let timer = null;
  let asked = "";

  const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; input.removeAttribute("aria-activedescendant"); };
  const choose = (result) => { close(); open(result); };
  const highlight = (index) => {
    active = index;
    for (const [i, item] of [...list.querySelectorAll("[role=option]")].entries()) {
      item.setAttribute("aria-selected", String(i === index));
      if (i === index) { input.setAttribute("aria-activedescendant", item.id); item.scrollIntoView({ block: "nearest" }); }
    }
  };

  async function suggest(text) {
    asked = text;
    let found;
    try {
      found = await fetchJson(`/search?${new URLSearchParams({ q: text, limit: "12" })}`);
    } catch (error) {
      list.replaceChildren(element("li", { class: "search-note" }, `Search failed: ${error.message}`));
      list.hidden = false;
      return;
    }
    if (text !== asked) return; // a later keystroke's answer is on its way
    results = found.results;
    active = -1;
    if (!results.length) {
      list.replaceChildren(element("li", { class: "search-note", role: "presentation" },
        `Nothing matches “${text}”.`,
        found.close.length ? " Close: " : "",
        ...found.close.map((name) => element("button", { type: "button", class: "close-name", onclick: () => { input.value = name; suggest(name); input.focus(); } }, name))));
    } else {
      list.replaceChildren(...results.map((result, index) => element("li", {
        id: `search-option-${index}`, role: "option", "aria-selected": "false", class: "search-option", "data-iri": result.iri,
        onmousedown: (event) => { event.preventDefault(); choose(result); },
      },
      element("span", { class: `kind kind-${result.kind}` }, KIND_LABELS[result.kind] || result.kind),
      element("span", { class: "search-label" }, result.label, result.year ? ` (${result.year})` : ""),
      element("span", { class: "search-match" }, result.match.map((s) => (s.match ? element("mark", {}, s.text) : s.text))))));
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) { close(); return; }
    timer = setTimeout(() => suggest(text), 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && results.length) { event.preventDefault(); highlight((active + 1) % results.length); }
    else if (event.key === "ArrowUp" && results.length) { event.preventDefault(); highlight((active - 1 + results.length) % results.length); }
    else if (event.key === "Escape") close();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (active >= 0 && results[active]) choose(results[active]);
    else if (input.value.trim()) {
      await suggest(input.value.trim());
      if (results.length) highlight(0);
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 200));
}

// Known values for a named query's parameter, offered as the user types (a datalist).
export function suggestValues(input, datalist) {
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) return;
    timer = setTimeout(async () => {
      try {
        const found = await fetchJson(`/search?${new URLSearchParams({ q: text, limit: "8" })}`);
        const names = found.results.filter((r) => r.kind !== "paragraph" && r.kind !== "finding")
          .flatMap((r) => [r.label, ...r.names]);
        datalist.replaceChildren(...[...new Set(names)].slice(0, 10).map((name) => element("option", { value: name })));
      } catch {
        // Suggestions are a help only.
      }
    }, 200);
  });
}

// What exists close to a name that matched nothing: for a named query's "0 rows".
export async function closeTo(text) {
  try {
    const found = await fetchJson(`/search?${new URLSearchParams({ q: text, limit: "5" })}`);
    const named = found.results.filter((r) => r.kind !== "paragraph" && r.kind !== "finding").map((r) => r.label);
    return [...new Set([...named, ...found.close])].slice(0, 5);
  } catch {
    return [];
  }
}

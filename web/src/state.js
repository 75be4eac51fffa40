// What the page shows, kept in the URL's query string so that a view can be bookmarked,
// shared and undone with Back: a named query and its parameters (q, p.NAME) or the editor's
// query (sparql), the graph's focus, depth and included facts, and the open node.
const KEYS = ["q", "sparql", "focus", "depth", "include", "node", "chart"];

export function readState(search = location.search) {
  const params = new URLSearchParams(search);
  const state = { params: {} };
  for (const key of KEYS) {
    const values = params.getAll(key);
    if (values.length) state[key] = key === "include" ? values : values[0];
  }
  for (const [key, value] of params) {
    if (key.startsWith("p.")) state.params[key.slice(2)] = value;
  }
  return state;
}

function toSearch(state) {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = state[key];
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.set(key, String(value));
  }
  for (const [name, value] of Object.entries(state.params || {})) {
    if (value) params.set(`p.${name}`, value);
  }
  const text = params.toString();
  return text ? `?${text}` : location.pathname;
}

// Merge `change` into the URL's state: a new history entry, unless `replace`.
export function updateState(change, { replace = false } = {}) {
  const next = { ...readState(), ...change };
  const url = toSearch(next);
  if (url === (location.search || location.pathname)) return;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
}

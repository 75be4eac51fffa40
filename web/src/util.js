// Small helpers shared by the page's modules: elements, the status line, JSON requests.
export const $ = (id) => document.getElementById(id);

export function element(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

export function status(text, isError = false) {
  const box = $("status");
  box.textContent = text;
  box.classList.toggle("error", isError);
}

// An error from the server: its message, and the line and column it names, if any.
export class ServerError extends Error {
  constructor(message, detail = {}) {
    super(message);
    this.line = detail.line;
    this.column = detail.column;
  }
}

export async function fetchJson(url, options = {}) {
  const response = await fetch(url, options);
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const error = body && body.error ? body.error : { message: String(body) };
    const place = /line (\d+), column (\d+)/.exec(error.message || "");
    throw new ServerError(error.message, {
      line: error.line ?? (place ? Number(place[1]) : undefined),
      column: error.column ?? (place ? Number(place[2]) : undefined),
    });
  }
  return body;
}

export function shorten(text, limit = 140) {
  const flat = String(text).replace(/\s+/g, " ").trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1).trimEnd()}…`;
}

export function plural(count, word) {
  return `${count.toLocaleString("en-GB")} ${word}${count === 1 ? "" : "s"}`;
}

export function shortIri(iri) {
  return iri.replace(/^.*[/#](?=[^/#]+$)/, "");
}

// Read and write localStorage without failing where it is not allowed.
export const stored = {
  get(key, fallback) {
    try {
      const value = localStorage.getItem(key);
      return value === null ? fallback : JSON.parse(value);
    } catch {
      return fallback;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Full or disabled storage: the page works without it.
    }
  },
};

// The SPARQL editor: highlighting, the project's prefixes hidden behind a toggle, completion of
// prefixes and of the ontology's classes and properties, a warning for a term the ontology does
// not define, and the server's syntax errors marked at their line and column.
import { basicSetup } from "codemirror";
import { EditorView, keymap } from "@codemirror/view";
import { Prec } from "@codemirror/state";
import { StreamLanguage } from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { linter, forceLinting, lintGutter } from "@codemirror/lint";
import { $, fetchJson, stored } from "./util.js";

const language = StreamLanguage.define(sparql);
const PREFIX_LINE = /^\s*(PREFIX|BASE)\b[^\n]*$|^\s*#[^\n]*$|^\s*$/i;

export class Editor {
  constructor({ parent, prologue, initial, onRun }) {
    this.projectPrologue = prologue;
    this.prefixes = parsePrefixes(prologue);
    this.terms = new Map(); // namespace IRI -> Set of local names the ontology defines
    this.serverError = null;
    this.hidden = prologue; // prefix lines kept out of view while the toggle is off
    this.showPrefixes = stored.get("kg.showPrefixes", false);
    const text = stored.get("kg.editor", null) ?? initial;
    const { head, body } = splitPrologue(text);
    this.hidden = head || prologue;
    this.view = new EditorView({
      doc: this.showPrefixes ? this.hidden + body : body,
      parent,
      extensions: [
        Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (onRun(), true) }])),
        basicSetup,
        language,
        language.data.of({ autocomplete: (context) => this.complete(context) }),
        linter((view) => this.diagnostics(view), { delay: 300 }),
        lintGutter(),
        EditorView.contentAttributes.of({ "aria-label": "SPARQL query" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) {
            this.serverError = null;
            stored.set("kg.editor", this.text());
          }
        }),
      ],
    });
    // The scroll area must be reachable by keyboard (axe: scrollable-region-focusable).
    this.view.scrollDOM.setAttribute("tabindex", "0");
    this.view.scrollDOM.setAttribute("aria-label", "SPARQL query, scrollable");
    const toggle = $("show-prefixes");
    toggle.checked = this.showPrefixes;
    toggle.addEventListener("change", () => this.setShowPrefixes(toggle.checked));
  }

  // The whole query, prefixes included, as it is sent.
  text() {
    const doc = this.view.state.doc.toString();
    return this.showPrefixes ? doc : this.hidden + doc;
  }

  setText(text) {
    const { head, body } = splitPrologue(text);
    this.hidden = head || this.projectPrologue;
    const shown = this.showPrefixes ? this.hidden + body : body;
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: shown } });
  }

  setShowPrefixes(show) {
    const text = this.text();
    this.showPrefixes = show;
    stored.set("kg.showPrefixes", show);
    this.setText(text);
  }

  hiddenLines() {
    return this.showPrefixes ? 0 : this.hidden.split("\n").length - 1;
  }

  // Mark a server error at its line and column (counted in the text as sent).
  markError(error) {
    if (!error.line) return false;
    const line = error.line - this.hiddenLines();
    const doc = this.view.state.doc;
    if (line < 1 || line > doc.lines) return false;
    const at = doc.line(line);
    const from = Math.min(at.from + Math.max(0, (error.column || 1) - 1), at.to);
    this.serverError = { from, to: Math.min(at.to, from + 1) > from ? Math.min(at.to, from + 1) : from, severity: "error", message: error.message };
    forceLinting(this.view);
    return true;
  }

  async loadTerms() {
    const kgo = this.prefixes.get("kgo");
    if (!kgo) return;
    const query = `SELECT DISTINCT ?t WHERE {
      VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty rdf:Property }
      ?t a ?kind . FILTER(STRSTARTS(STR(?t), "${kgo}")) }`;
    try {
      const result = await fetchJson("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
        body: new URLSearchParams({ query: this.projectPrologue + query }),
      });
      const names = new Set(result.results.bindings.map((row) => row.t.value.slice(kgo.length)));
      this.terms.set(kgo, names);
      forceLinting(this.view);
    } catch {
      // Completion is a help: the editor works without it.
    }
  }

  complete(context) {
    const word = context.matchBefore(/[A-Za-z][\w-]*:[\w-]*|[A-Za-z][\w-]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const [prefix, local] = word.text.includes(":") ? word.text.split(":") : [null, word.text];
    if (prefix !== null) {
      const names = this.terms.get(this.prefixes.get(prefix));
      if (!names) return null;
      return {
        from: word.from + prefix.length + 1,
        options: [...names].sort().map((name) => ({
          label: name,
          type: /^[A-Z]/.test(name) ? "class" : "property",
        })),
        validFor: /^[\w-]*$/,
      };
    }
    if (local.length < 2) return null;
    return {
      from: word.from,
      options: [...this.prefixes.keys()].map((name) => ({ label: `${name}:`, type: "namespace" })),
    };
  }

  diagnostics(view) {
    const found = [];
    const kgo = this.prefixes.get("kgo");
    const known = this.terms.get(kgo);
    if (known) {
      const text = view.state.doc.toString();
      for (const match of text.matchAll(/\bkgo:([A-Za-z][\w-]*)/g)) {
        if (!known.has(match[1])) {
          found.push({
            from: match.index,
            to: match.index + match[0].length,
            severity: "warning",
            message: `kgo:${match[1]} is not in the ontology: the query will find nothing for it.`,
          });
        }
      }
    }
    if (this.serverError && this.serverError.to <= view.state.doc.length) found.push(this.serverError);
    return found;
  }
}

// A query's leading comment, PREFIX and BASE lines, and the rest.
export function splitPrologue(text) {
  const lines = text.split("\n");
  let index = 0;
  while (index < lines.length - 1 && PREFIX_LINE.test(lines[index])) index += 1;
  return { head: lines.slice(0, index).join("\n") + (index ? "\n" : ""), body: lines.slice(index).join("\n") };
}

function parsePrefixes(prologue) {
  const prefixes = new Map();
  for (const match of prologue.matchAll(/PREFIX\s+([\w-]*):\s*<([^>]*)>/gi)) prefixes.set(match[1], match[2]);
  return prefixes;
}

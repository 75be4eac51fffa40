"""Writing SPARQL results: a table for people, and CSV, TSV and SPARQL 1.1 Query Results JSON
for scripts."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

FORMATS = ("table", "csv", "tsv", "json")


def format_result(result: Result, fmt: str, width: int = 60) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if result.type == "ASK":
        return _ask(bool(result.askAnswer), fmt)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        assert graph is not None
        return graph.serialize(format="turtle")
    variables = [str(v) for v in result.vars or []]
    rows = [[row[i] if i < len(row) else None for i in range(len(variables))] for row in result]
    if fmt == "json":
        return json.dumps(
            {
                "head": {"vars": variables},
                "results": {"bindings": [_json_row(variables, row) for row in rows]},
            },
            ensure_ascii=False,
            indent=1,
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([["" if t is None else str(t) for t in row] for row in rows])
        return out.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else _tsv_term(t) for t in row) for row in rows]
        return "\n".join(lines) + "\n"
    return _table(variables, rows, width)


def _ask(answer: bool, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer})
    return ("true" if answer else "false") + "\n"


def _json_row(variables: list[str], row: list[Node | None]) -> dict:
    return {v: json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}


def json_term(term: Node) -> dict:
    """One RDF term in the SPARQL 1.1 Query Results JSON shape."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"not an RDF term: {term!r}")


def _tsv_term(term: Node) -> str:
    # TSV results write terms in their Turtle / N-Triples form, with tabs and newlines escaped.
    return term.n3().replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _table(variables: list[str], rows: list[list[Node | None]], width: int) -> str:
    def cell(term: Node | None) -> str:
        text = "" if term is None else " ".join(str(term).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [[cell(t) for t in row] for row in rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(variables)]
    rule = "-+-".join("-" * w for w in widths)
    lines = [" | ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)), rule]
    lines += [
        " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells
    ]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"

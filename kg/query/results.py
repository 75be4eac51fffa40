"""Writing SPARQL results: a table for people, and CSV, TSV and SPARQL 1.1 Query Results JSON
for scripts."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result, ResultRow
from rdflib.term import Node

from kg.errors import TooManyRows
from kg.query.formats import RESULT_FORMATS, answer_format
from kg.query.limits import current

if TYPE_CHECKING:
    from jinja2 import Template

Rows = list[list[Node | None]]


def format_result(result: Result, fmt: str, width: int = 60) -> str:
    """A result as text in one of FORMATS (what `kg query --format` prints)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if result.type == "ASK":
        return _ask(bool(result.askAnswer), fmt)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        assert graph is not None
        return graph.serialize(format="turtle")
    variables = [str(v) for v in result.vars or []]
    rows: Rows = [
        [row[i] if i < len(row) else None for i in range(len(variables))]
        for row in _solutions(result)
    ]
    return _TEXT_WRITERS[fmt](variables, rows, width)


def _solutions(result: Result) -> list[ResultRow]:
    """A SELECT's rows (iterating a Result is typed for every form's items)."""
    rows = []
    for row in result:
        assert isinstance(row, ResultRow)
        rows.append(row)
    return rows


def _json(variables: list[str], rows: Rows, _width: int) -> str:
    return json.dumps(
        {
            "head": {"vars": variables},
            "results": {"bindings": [_json_row(variables, row) for row in rows]},
        },
        ensure_ascii=False,
        indent=1,
    )


def _csv(variables: list[str], rows: Rows, _width: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([["" if t is None else str(t) for t in row] for row in rows])
    return out.getvalue()


def _tsv(variables: list[str], rows: Rows, _width: int) -> str:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else _tsv_term(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


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
    """A term in the N-Triples form TSV results use, on one line."""
    if isinstance(term, Literal):
        escaped = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
        if term.language:
            return f'"{escaped}"@{term.language}'
        if term.datatype:
            return f'"{escaped}"^^<{term.datatype}>'
        return f'"{escaped}"'
    return term.n3()


def _table(variables: list[str], rows: Rows, width: int) -> str:
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


# What `kg query --format` prints a SELECT as; the first is its default.
_TEXT_WRITERS: dict[str, Callable[[list[str], Rows, int], str]] = {
    "table": _table,
    "csv": _csv,
    "tsv": _tsv,
    "json": _json,
}
FORMATS = tuple(_TEXT_WRITERS)


def serialize_result(result: Result, fmt: str, max_rows: int | None = None) -> bytes:
    """A query result as bytes in one of kg.query.formats' formats (by name), no larger than
    kg.query.limits' max_result_bytes."""
    return check_result_size(_serialize(result, fmt, max_rows))


def check_result_size(body: bytes) -> bytes:
    """The body, or TooManyRows when it is over max_result_bytes: max_rows alone let one huge
    row through."""
    limit = current().max_result_bytes
    if len(body) > limit:
        raise TooManyRows(result_too_large(limit))
    return body


def result_too_large(limit: int) -> str:
    return f"the result is over the limit of {limit} bytes; add a LIMIT or narrow the query"


def _serialize(result: Result, fmt: str, max_rows: int | None) -> bytes:
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        assert graph is not None
        if max_rows is not None and len(graph) > max_rows:
            raise TooManyRows(f"the result has {len(graph)} triples, over the limit of {max_rows}")
        rdflib_name = answer_format(fmt).rdflib_name
        assert rdflib_name is not None  # every graph format has one
        return graph.serialize(format=rdflib_name, encoding="utf-8")
    if result.type == "SELECT" and max_rows is not None:
        rows = list(result)
        if len(rows) > max_rows:
            raise TooManyRows(
                f"the result has more than {max_rows} rows, the limit; add a LIMIT or narrow "
                "the query"
            )
    return _RESULT_WRITERS[fmt](result)


def _html(result: Result) -> str:
    """The page kg/query/templates/results.html makes of the answer: a table, an http(s) IRI a
    link. Any other IRI (javascript:, data:, file:...) is shown as text: a query can return any
    IRI it likes, and the page must not run or open what a link to it would."""
    if result.type == "ASK":
        return _results_page().render(ask=bool(result.askAnswer))
    rows = [
        [("" if term is None else str(term), is_web_link(term)) for term in row]
        for row in _solutions(result)
    ]
    variables = [str(v) for v in result.vars or []]
    return _results_page().render(ask=None, variables=variables, rows=rows)


def is_web_link(term: Node | None) -> bool:
    """An IRI a results page may link to: http or https, nothing else."""
    return isinstance(term, URIRef) and re.match(r"https?://", str(term), re.IGNORECASE) is not None


def _xml(result: Result) -> bytes:
    body = result.serialize(format="xml")
    assert body is not None  # it returns the bytes when given nowhere to write them
    return body


@cache
def _results_page() -> Template:
    # Imported here: only the service's HTML answers need Jinja, not `kg query` or the workers'
    # other formats.
    from jinja2 import Environment, PackageLoader

    environment = Environment(loader=PackageLoader("kg.query"), autoescape=True)
    return environment.get_template("results.html")


# How the service writes SELECT and ASK answers, by kg.query.formats.RESULT_FORMATS name.
_RESULT_WRITERS: dict[str, Callable[[Result], bytes]] = {
    "json": lambda result: format_result(result, "json").encode("utf-8"),
    "xml": _xml,
    "csv": lambda result: format_result(result, "csv").encode("utf-8"),
    "tsv": lambda result: format_result(result, "tsv").encode("utf-8"),
    "html": lambda result: _html(result).encode("utf-8"),
}
assert set(_RESULT_WRITERS) == {f.name for f in RESULT_FORMATS}

"""Writing query answers: by the engine's own serialisers, never through rdflib terms.

Every answer the service sends (SPARQL results as JSON, XML, CSV and TSV; graphs as Turtle,
N-Triples, JSON-LD and RDF/XML) is written by pyoxigraph (`QuerySolutions.serialize`,
`QueryBoolean.serialize`, `pyoxigraph.serialize`) from the terms the engine computed: rdflib's
terms rewrote values (0 and false as empty XML elements, INF as "inf", PT0S as P0D, the Z of a
time zone as +00:00, a double 1050 as 1050.0). What people read (the HTML results page,
`kg query`'s table) is made from the engine's JSON.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import TooManyRows
from kg.query.formats import GRAPH_FORMATS, RESULT_FORMATS
from kg.query.limits import current

if TYPE_CHECKING:
    from jinja2 import Template

Answer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

# The engine's writer for each kg.query.formats name; "html" is made from its JSON.
_RESULT_WRITERS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_GRAPH_WRITERS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
ENGINE_FORMATS = frozenset({*_RESULT_WRITERS, *_GRAPH_WRITERS, "html"})
assert {f.name for f in (*RESULT_FORMATS, *GRAPH_FORMATS)} == ENGINE_FORMATS


class _Bounded(io.BytesIO):
    """Where the engine writes an answer: the bytes, refused (TooManyRows) as soon as they pass
    the limit, so a huge answer stops while it is written rather than after."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.tell() + len(data) > self.limit:
            raise TooManyRows(result_too_large(self.limit))
        return super().write(data)


def write_answer(
    answer: Answer,
    fmt: str,
    max_rows: int | None,
    prefixes: dict[str, str] | None = None,
    max_bytes: int | None = None,
) -> bytes:
    """The engine's answer in one of kg.query.formats' formats (by name), written by the engine,
    no longer than max_rows rows (triples) and max_bytes bytes (kg.query.limits' by default)."""
    limit = current().max_result_bytes if max_bytes is None else max_bytes
    if isinstance(answer, ox.QueryTriples):
        return write_graph(answer, fmt, max_rows, prefixes, limit)
    engine_format = "json" if fmt == "html" else fmt
    out = _Bounded(limit)
    answer.serialize(out, _RESULT_WRITERS[engine_format])
    body = out.getvalue()
    if isinstance(answer, ox.QuerySolutions) and max_rows is not None:
        check_rows(body, engine_format, max_rows)
    if fmt == "html":
        return results_page(body).encode("utf-8")
    return body


def write_graph(
    triples: Iterable[ox.Triple],
    fmt: str,
    max_rows: int | None,
    prefixes: dict[str, str] | None,
    limit: int,
) -> bytes:
    """Triples written by the engine in one of kg.query.formats' graph formats (by name)."""
    kept = list(triples if max_rows is None else islice(triples, max_rows + 1))
    if max_rows is not None and len(kept) > max_rows:
        raise TooManyRows(f"the result has more than {max_rows} triples, the limit")
    wanted = _GRAPH_WRITERS[fmt]
    out = _Bounded(limit)
    ox.serialize(kept, out, wanted, prefixes=prefixes if wanted == ox.RdfFormat.TURTLE else None)
    return out.getvalue()


def check_rows(body: bytes, fmt: str, max_rows: int) -> None:
    """TooManyRows when a SELECT's answer, as the engine wrote it, holds over max_rows rows.
    Counted in the written bytes (the engine writes the rows it reads, it does not count them):
    first a bound found with bytes.count (a millisecond for a megabyte), exact but for values
    that hold the separator; only over the limit, the exact count (a regular expression that
    takes the values out: 0.15 s for 700 kB, so not for every answer)."""
    if len(body) <= max_rows * _SHORTEST_ROW[fmt] or _most_rows(body, fmt) <= max_rows:
        return
    if row_count(body, fmt) > max_rows:
        raise TooManyRows(
            f"the result has more than {max_rows} rows, the limit; add a LIMIT or narrow the query"
        )


# The fewest bytes a row takes in each format: "{}," in JSON, an empty line in TSV...
_SHORTEST_ROW = {"json": 3, "xml": len(b"<result></result>"), "csv": 2, "tsv": 1}
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_CSV_QUOTED = re.compile(rb'"[^"]*"')


def _most_rows(body: bytes, fmt: str) -> int:
    """At least as many as the rows: "},{" is written between rows of JSON (terms are keyed,
    ':{'), and only a value can hold it too; a CRLF ends a CSV row, or is in a quoted value."""
    if fmt == "json":
        return body.count(b"},{") + 1
    if fmt == "csv":
        return body.count(b"\r\n") - 1
    return row_count(body, fmt)


def row_count(body: bytes, fmt: str) -> int:
    """The rows of a SELECT's answer as the engine writes it."""
    if fmt == "xml":  # "<" in a value is written &lt;: only a row opens with <result>
        return body.count(b"<result>")
    if fmt == "tsv":  # a line per row after the header; line breaks in values are escaped
        return body.count(b"\n") - 1
    if fmt == "csv":  # a CRLF per row after the header, once quoted values are taken out
        return _CSV_QUOTED.sub(b"", body).count(b"\r\n") - 1
    # JSON, strings taken out: a row is an object in the bindings array ("[{" or ",{"), a
    # term an object after a key (":{").
    bare = _JSON_STRING.sub(b"", body)
    return bare.count(b"[{") + bare.count(b",{")


def result_too_large(limit: int) -> str:
    return f"the result is over the limit of {limit} bytes; add a LIMIT or narrow the query"


def check_result_size(body: bytes) -> bytes:
    """The body, or TooManyRows when it is over max_result_bytes."""
    limit = current().max_result_bytes
    if len(body) > limit:
        raise TooManyRows(result_too_large(limit))
    return body


# Made from the engine's JSON ---------------------------------------------------------------


def _cells(document: dict) -> tuple[list[str], list[list[dict | None]]]:
    variables = list(document["head"].get("vars", []))
    rows = [[binding.get(v) for v in variables] for binding in document["results"]["bindings"]]
    return variables, rows


def _shown(term: dict | None) -> str:
    """A term's text: its value (an IRI, a literal's lexical form, a blank node's id)."""
    if term is None:
        return ""
    if term["type"] == "bnode":
        return "_:" + term["value"]
    value = term["value"]
    return value if isinstance(value, str) else json.dumps(value)  # a triple term


def results_page(body: bytes) -> str:
    """The page kg/query/templates/results.html makes of the engine's JSON: a table, an http(s)
    IRI a link. Any other IRI (javascript:, data:, file:...) is shown as text: a query can return
    any IRI it likes, and the page must not run or open what a link to it would."""
    document = json.loads(body)
    if "boolean" in document:
        return _results_page().render(ask=bool(document["boolean"]))
    variables, rows = _cells(document)
    cells = [[(_shown(term), is_web_link(term)) for term in row] for row in rows]
    return _results_page().render(ask=None, variables=variables, rows=cells)


def is_web_link(term: dict | None) -> bool:
    """An IRI a results page may link to: http or https, nothing else."""
    return (
        term is not None
        and term["type"] == "uri"
        and re.match(r"https?://", term["value"], re.IGNORECASE) is not None
    )


def table(body: bytes, width: int = 60) -> str:
    """The engine's JSON answer as a text table (`kg query`'s default); a row with nothing
    bound is a row too."""
    document = json.loads(body)
    if "boolean" in document:
        return ("true" if document["boolean"] else "false") + "\n"
    variables, rows = _cells(document)

    def cell(term: dict | None) -> str:
        text = " ".join(_shown(term).split())
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


# What `kg query --format` prints a SELECT or ASK as; the first is its default. "table" is made
# from the engine's JSON, the others are the engine's own.
FORMATS = ("table", "csv", "tsv", "json")


def text_answer(answer: Answer, fmt: str, prefixes: dict[str, str]) -> str:
    """What `kg query` prints: a graph as Turtle, else the answer in one of FORMATS."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if isinstance(answer, ox.QueryTriples):
        return write_answer(answer, "turtle", None, prefixes, max_bytes=2**62).decode("utf-8")
    body = write_answer(answer, "json" if fmt == "table" else fmt, None, max_bytes=2**62)
    if fmt == "table":
        return table(body)
    text = body.decode("utf-8")
    return text if text.endswith("\n") else text + "\n"


@cache
def _results_page() -> Template:
    # Imported here: only the service's HTML answers need Jinja, not `kg query` or the workers'
    # other formats.
    from jinja2 import Environment, PackageLoader

    environment = Environment(loader=PackageLoader("kg.query"), autoescape=True)
    return environment.get_template("results.html")


def json_term(term: Node) -> dict:
    """An rdflib term in the SPARQL 1.1 Query Results JSON shape (for comparing rdflib's
    answers with the engine's; no answer is written from it)."""
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

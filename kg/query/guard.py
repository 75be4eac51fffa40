"""Checking a SPARQL request before it runs: a read-only endpoint that never reaches out.

- The engine (Oxigraph, in the worker that runs the query) decides what is valid SPARQL: its
  message, with line and column, is the one a syntax error is answered with (syntax_refusal).
  rdflib's parse here only learns the query's form and dataset; a text it cannot parse (it
  raises TypeError on a negative decimal, and rejects some valid queries) is read by a plain
  scan of its prologue and dataset clause instead (_scan), and left for the engine to judge.
  An empty text, or one that does not start as a query, is refused at once.
- Relative IRIs resolve against a base IRI: the endpoint's URL, given to the engine too.
- SPARQL Update (INSERT, DELETE, LOAD, CLEAR...) is refused: the endpoint is read-only.
- SERVICE is refused: it would make the server fetch from any address a client names. It is
  refused by its spelling (kg.query.service_clause) as well as in rdflib's parse, as the
  engine's parser may read the text otherwise.
- FROM / FROM NAMED and the protocol's default-graph-uri / named-graph-uri may only name graphs
  the store holds; rdflib would otherwise fetch them from the network.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from pyparsing import ParseException
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import QueryRefused
from kg.namespaces import PREFIXES
from kg.query.limits import check_query_limits
from kg.query.service_clause import refuse_service


@dataclass(frozen=True)
class CheckedQuery:
    text: str
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    base_iri: str | None = None  # relative IRIs in the text resolve against it


_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


def check_query(
    text: str,
    known_graphs: Iterable[str] | None,
    default_graph_uris: Iterable[str] = (),
    named_graph_uris: Iterable[str] = (),
    base_iri: str | None = None,
) -> CheckedQuery:
    """Parse and check a query; raise QueryRefused with a clear message if it may not run.
    With known_graphs None, the graphs it names are left for the store to check."""
    if not text.strip():
        raise QueryRefused(400, "the query is empty")
    # By spelling first: rdflib's parse below is not the engine's, and may not see SERVICE.
    refuse_service(text)
    check_query_limits(text)  # size, terms, VALUES and nesting, before the costly parse
    form, from_default, from_named = _parse(text, base_iri)
    default_graphs = tuple(default_graph_uris) or from_default
    named_graphs = tuple(named_graph_uris) or from_named
    known = set(known_graphs) if known_graphs is not None else None
    for iri in (*default_graphs, *named_graphs):
        if known is not None and iri not in known:
            raise QueryRefused(
                400,
                f"graph <{iri}> is not in this store; remote graphs are never fetched "
                "(see the service description for the graphs it holds)",
            )
    return CheckedQuery(text, form, default_graphs, named_graphs, base_iri)


def syntax_refusal(error: SyntaxError, text: str, hint: str | None = None) -> QueryRefused:
    """The engine's syntax error as the answer to a query: its message, and the line and
    column of the character it stopped at, shown; a hint when the text is not the client's
    alone (a named query's parameters were written into it). Oxigraph says "error at 2:10"
    for the character at line 2, column 9: its column is the one after."""
    message = str(error)
    found = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if found:
        line, column, reason = int(found[1]), max(1, int(found[2]) - 1), found[3]
        lines = text.split("\n")
        shown = lines[line - 1][column - 1 : column + 19] if line <= len(lines) else ""
        near = f" (at {shown!r})" if shown.strip() else ""
        message = f"SPARQL syntax error at line {line}, column {column}{near}: {reason}"
    else:
        message = f"SPARQL syntax error: {message}"
    return QueryRefused(400, f"{message} ({hint})" if hint else message)


# rdflib's SPARQL parser (pyparsing) keeps state between calls and is not safe to run in
# several threads at once: queries that arrived together failed inside it (TypeError). Every
# parse of SPARQL text in this process holds this lock (through `parsing`).
PARSER_LOCK = threading.Lock()

# The parser and rdflib's algebra recurse: about 11 Python frames a triple pattern, 26 a nested
# group, 37 a nested parenthesis, 42 a nested subquery (measured), so Python's default of 1,000
# frames failed a query of 100 triple patterns. While a query is parsed the limit is raised to
# this (room for about 350 patterns or 100 nested parentheses); deeper input is refused.
PARSE_RECURSION_LIMIT = 4000


@contextmanager
def parsing() -> Iterator[None]:
    """Hold PARSER_LOCK, with room for the parser's recursion. The limit is Python's, for the
    whole process, so it is raised only while a parse runs and restored after. Pyparsing's
    frames are Python's own (in Python 3.11 they take no C stack: 50,000 of them ran in a
    thread of 2 MB), so the raised limit cannot overflow a thread's stack."""
    with PARSER_LOCK:
        before = sys.getrecursionlimit()
        sys.setrecursionlimit(max(before, PARSE_RECURSION_LIMIT))
        try:
            yield
        finally:
            sys.setrecursionlimit(before)


_READ_ONLY = "This endpoint is read-only: SPARQL Update is not accepted."


@lru_cache(maxsize=512)
def _parse(text: str, base_iri: str | None = None) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The query's form and dataset clause, or QueryRefused. Remembered by text: parsing with
    rdflib costs tens of milliseconds, and the named queries send the same text every time.
    Where rdflib cannot parse the text, a scan reads them, and the engine judges the text."""
    try:
        with parsing():
            return _parse_unlocked(text, base_iri)
    except (_NotParsed, RecursionError):
        return _scan(text, base_iri)


class _NotParsed(Exception):
    """rdflib could not parse or translate the text: not, by itself, a reason to refuse it."""


def _parse_unlocked(
    text: str, base_iri: str | None = None
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    try:
        parsed = parseQuery(text)
    except ParseException:  # an update, or invalid, or valid but not to rdflib: _scan says
        raise _NotParsed() from None
    except Exception:  # rdflib's parse actions raise TypeError and such on valid input
        raise _NotParsed() from None
    try:
        query = translateQuery(parsed, base=base_iri, initNs=dict(PREFIXES))
    except Exception:  # rdflib raises plain exceptions for unknown prefixes and such
        raise _NotParsed() from None
    if _contains(query.algebra, "ServiceGraphPattern"):
        raise QueryRefused(400, "SERVICE is not allowed: queries never reach other endpoints.")
    form = _FORMS.get(query.algebra.name)
    if form is None:
        raise QueryRefused(400, f"unsupported query form {query.algebra.name}")
    from_default, from_named = _dataset_clause(query.algebra)
    return form, from_default, from_named


# The tokens of a query that the scan reads: strings, IRIs and comments are skipped whole.
_TOKENS = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*)'
    r'|<(?P<iri>[^<>"{}|^`\\\x00-\x20]*)>'
    r"|(?P<var>[?$]\w+)"
    r"|(?P<pname>[A-Za-z][\w.-]*)?:(?P<local>[\w.:%-]*)"
    r"|(?P<word>[A-Za-z_]\w*)"
    r"|(?P<other>\S)"
)
_FORM_WORDS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_WORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
}


def _scan(text: str, base_iri: str | None) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The form and dataset clause of a text rdflib could not parse, read from its tokens:
    the prologue (BASE, PREFIX), the first keyword (the form), and every FROM [NAMED] and the
    IRI after it (FROM stands nowhere else in a query). Whether the rest is valid SPARQL is
    for the engine to say; a text that does not start as a query is refused here."""
    tokens = [m for m in _TOKENS.finditer(text) if m.group("skip") is None]
    base, prefixes = base_iri or "", {name: str(ns) for name, ns in PREFIXES.items()}
    form: str | None = None
    default: list[str] = []
    named: list[str] = []

    def iri(match: re.Match[str]) -> str:
        if match.group("iri") is not None:
            return urljoin(base, match.group("iri"))
        return prefixes.get(match.group("pname") or "", "") + (match.group("local") or "")

    position = 0
    while position < len(tokens):
        token = tokens[position]
        word = (token.group("word") or "").upper()
        if form is None and word == "BASE" and position + 1 < len(tokens):
            base = iri(tokens[position + 1])
            position += 2
        elif form is None and word == "PREFIX" and position + 2 < len(tokens):
            prefixes[tokens[position + 1].group("pname") or ""] = iri(tokens[position + 2])
            position += 3
        elif form is None:
            if word in _UPDATE_WORDS:
                raise QueryRefused(403, _READ_ONLY)
            if word not in _FORM_WORDS:
                line = text.count("\n", 0, token.start()) + 1
                column = token.start() - (text.rfind("\n", 0, token.start()) + 1) + 1
                raise QueryRefused(
                    400,
                    f"SPARQL syntax error at line {line}, column {column}: a query starts "
                    f"with SELECT, CONSTRUCT, DESCRIBE or ASK (after any BASE and PREFIX), "
                    f"not {token.group(0)!r}",
                )
            form = word
            position += 1
        elif word == "FROM":
            is_named = (
                position + 1 < len(tokens) and tokens[position + 1].group(0).upper() == "NAMED"
            )
            position += 2 if is_named else 1
            if position < len(tokens):
                (named if is_named else default).append(iri(tokens[position]))
            position += 1
        else:
            position += 1
    if form is None:
        raise QueryRefused(400, "SPARQL syntax error: the text holds no query")
    return form, tuple(default), tuple(named)


# Brackets outside strings, IRIs and comments, to say where a query nests deepest.
_BRACKETS = re.compile(
    r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*|(?P<open>[{(\[])'
    r"|(?P<close>[})\]])"
)


def _too_deep(text: str) -> str:
    depth = deepest = 0
    where = 0
    for match in _BRACKETS.finditer(text):
        if match.group("open"):
            depth += 1
            if depth > deepest:
                deepest, where = depth, match.start()
        elif match.group("close"):
            depth -= 1
    line = text.count("\n", 0, where) + 1
    column = where - (text.rfind("\n", 0, where) + 1) + 1
    return (
        f"the query is too deeply nested or too long for the parser: it nests {deepest} "
        f"brackets deep (deepest at line {line}, column {column}); the parser takes about 100 "
        "nested groups, parentheses or subqueries, or 350 triple patterns in a group"
    )


def _dataset_clause(algebra: CompValue) -> tuple[tuple[str, ...], tuple[str, ...]]:
    default: list[str] = []
    named: list[str] = []
    for clause in algebra.get("datasetClause") or []:
        if "default" in clause:
            default.append(str(clause["default"]))
        elif "named" in clause:
            named.append(str(clause["named"]))
    return tuple(default), tuple(named)


def _contains(node: object, name: str) -> bool:
    if isinstance(node, CompValue):
        if node.name == name:
            return True
        return any(_contains(value, name) for value in node.values())
    if isinstance(node, list | tuple):
        return any(_contains(item, name) for item in node)
    return False

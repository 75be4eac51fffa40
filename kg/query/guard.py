"""Checking a SPARQL request before it runs: a read-only endpoint that never reaches out.

- A query that does not parse is refused with the parser's message and position.
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

from pyparsing import ParseException
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
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
) -> CheckedQuery:
    """Parse and check a query; raise QueryRefused with a clear message if it may not run.
    With known_graphs None, the graphs it names are left for the store to check."""
    # By spelling first: rdflib's parse below is not the engine's, and may not see SERVICE.
    refuse_service(text)
    check_query_limits(text)  # size, terms, VALUES and nesting, before the costly parse
    form, from_default, from_named = _parse(text)
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
    return CheckedQuery(text, form, default_graphs, named_graphs)


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


@lru_cache(maxsize=512)
def _parse(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The query's form and dataset clause, or QueryRefused. Remembered by text: parsing with
    rdflib costs tens of milliseconds, and the named queries send the same text every time."""
    try:
        with parsing():
            return _parse_unlocked(text)
    except RecursionError:
        raise QueryRefused(400, _too_deep(text)) from None


def _parse_unlocked(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    try:
        parsed = parseQuery(text)
    except ParseException as error:
        if _is_update(text):
            raise QueryRefused(
                403, "This endpoint is read-only: SPARQL Update is not accepted."
            ) from None
        raise QueryRefused(
            400,
            f"SPARQL syntax error at line {error.lineno}, column {error.col}: {error.msg}",
        ) from None
    try:
        query = translateQuery(parsed, initNs=dict(PREFIXES))
    except Exception as error:  # rdflib raises plain exceptions for unknown prefixes and such
        raise QueryRefused(400, f"SPARQL error: {error}") from None
    if _contains(query.algebra, "ServiceGraphPattern"):
        raise QueryRefused(400, "SERVICE is not allowed: queries never reach other endpoints.")
    form = _FORMS.get(query.algebra.name)
    if form is None:
        raise QueryRefused(400, f"unsupported query form {query.algebra.name}")
    from_default, from_named = _dataset_clause(query.algebra)
    return form, from_default, from_named


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


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


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

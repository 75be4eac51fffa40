"""Bounds on the work one request may cause, checked before anything costly runs.

rdflib's SPARQL parser (pyparsing) costs about a millisecond per term of an expression and
recurses once per level of nesting, and it runs in the service process under one lock: a
528 kB VALUES query held every query for 27 s, an IN list of 10,000 strings takes 18 s to parse,
25 nested parentheses overflow its stack. So a query is measured by a cheap scan first (bytes,
terms, VALUES terms, nesting depth) and refused with the limit in the message.

The limits are ServerSettings; `kg serve` sets them for its process and its workers
(configure), and everything else (the CLI, the tests' in-process app) uses the defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from kg.errors import QueryRefused
from kg.settings import ServerSettings


@dataclass(frozen=True)
class Limits:
    """The limits, named as their ServerSettings; defaults are the settings' defaults."""

    max_query_bytes: int = ServerSettings.max_query_bytes
    max_query_terms: int = ServerSettings.max_query_terms
    max_values: int = ServerSettings.max_values
    max_query_depth: int = ServerSettings.max_query_depth
    max_body_prefixes: int = ServerSettings.max_body_prefixes
    max_body_depth: int = ServerSettings.max_body_depth
    max_result_bytes: int = ServerSettings.max_result_bytes
    worker_memory_mb: int = ServerSettings.worker_memory_mb

    @classmethod
    def of(cls, server: ServerSettings) -> Limits:
        return cls(**{item.name: getattr(server, item.name) for item in fields(cls)})


_current = Limits()


def configure(limits: Limits) -> None:
    """The limits this process applies from now on (kg serve and its workers)."""
    global _current
    _current = limits


def current() -> Limits:
    return _current


# What the scan skips or counts. SPARQL strings and comments may hold any bracket; a comment
# ends at a line feed or a carriage return. IRIs cannot hold braces, but may hold parentheses.
_TOKEN = re.compile(
    r"""(?P<skip>\#[^\n\r]*|\s+)"""
    r"""|(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\""""
    r"""|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")"""
    r"""|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)"""
    r"""|(?P<open>[{(\[])|(?P<close>[})\]])"""
    r"""|(?P<word>[^\s{}()\[\]'"#<]+|.)""",
    re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(text: str) -> str:
    # Parsers read \\u escapes anywhere in a query before its grammar (rdflib and Oxigraph both
    # do), so the scan reads the same text they do: no keyword or bracket hides in an escape.
    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(char, text)


@dataclass(frozen=True)
class QueryShape:
    """What the scan of a query found."""

    terms: int  # outside VALUES blocks: words, numbers, IRIs, strings and punctuation
    values: int  # terms inside VALUES blocks
    depth: int  # deepest nesting of braces, parentheses and brackets
    words: tuple[str, ...]  # the upper-cased words outside strings, IRIs and comments, in order


def scan_query(text: str) -> QueryShape:
    """Count a query's terms, VALUES terms and nesting depth in one linear pass."""
    terms = values = depth = deepest = 0
    values_at: int | None = None  # the depth a VALUES block opened at, while inside one
    after_values = False
    words: list[str] = []
    for match in _TOKEN.finditer(_unescape(text)):
        kind = match.lastgroup
        if kind == "skip":
            continue
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
            # VALUES ?x { ... } or VALUES (?x ?y) { ... }: the terms are in the braces.
            if after_values and match.group() == "{":
                values_at = depth
                after_values = False
            continue
        if kind == "close":
            if values_at is not None and depth == values_at:
                values_at = None
            depth = max(0, depth - 1)
            continue
        if values_at is not None:
            values += 1
            continue
        terms += 1
        if kind == "word":
            word = match.group().upper()
            words.append(word)
            if word == "VALUES":
                after_values = True
            elif not word.startswith(("?", "$")):
                after_values = False
    return QueryShape(terms, values, deepest, tuple(words))


def check_query_limits(text: str, limits: Limits | None = None) -> QueryShape:
    """Refuse a query over a limit (413 for its size, 400 otherwise), before it is parsed."""
    limits = limits or _current
    size = len(text.encode("utf-8"))
    if size > limits.max_query_bytes:
        raise QueryRefused(
            413, f"the query is {size} bytes, over the limit of {limits.max_query_bytes} bytes"
        )
    shape = scan_query(text)
    if shape.depth > limits.max_query_depth:
        raise QueryRefused(
            400,
            f"the query nests brackets {shape.depth} deep, over the limit of "
            f"{limits.max_query_depth}; flatten it",
        )
    if shape.values > limits.max_values:
        raise QueryRefused(
            413,
            f"the query's VALUES blocks hold {shape.values} terms, over the limit of "
            f"{limits.max_values}",
        )
    if shape.terms > limits.max_query_terms:
        raise QueryRefused(
            413,
            f"the query has {shape.terms} terms (outside VALUES), over the limit of "
            f"{limits.max_query_terms}",
        )
    return shape


# Query shapes that can keep a worker busy until the timeout: they must see every solution
# before giving the first (aggregates, ordering, DISTINCT, negation, subqueries) or may walk
# the whole graph (property paths with * or +). Everything else streams, and max_rows ends it.
_EXPENSIVE_WORDS = frozenset(
    (
        "GROUP",
        "ORDER",
        "DISTINCT",
        "REDUCED",
        "COUNT",
        "SUM",
        "MIN",
        "MAX",
        "AVG",
        "SAMPLE",
        "GROUP_CONCAT",
        "FILTER",
        "MINUS",
        "EXISTS",
        "HAVING",
        "DESCRIBE",
        "CONSTRUCT",
    )
)
_PROJECTION = frozenset(("SELECT", "DISTINCT", "REDUCED"))


def is_expensive(text: str) -> bool:
    """Whether a query has a shape that may run long (see _EXPENSIVE_WORDS); cheap shapes
    are what admission keeps a worker for."""
    words = scan_query(text).words
    if _EXPENSIVE_WORDS.intersection(words) or words.count("SELECT") > 1:
        return True
    # A * or + but in SELECT * is a path closure (or arithmetic: cheap to misjudge).
    return any(
        ("*" in word or "+" in word) and not (word == "*" and previous in _PROJECTION)
        for previous, word in zip(("", *words), words, strict=False)
    )

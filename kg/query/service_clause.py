"""Refusing SERVICE by its spelling, whatever any one parser makes of the query.

The guard parses with rdflib and the engines (Oxigraph, embedded or behind `kg serve --store`)
with their own parsers, and they disagree: rdflib ends a comment only at a line feed, Oxigraph
at a carriage return too; rdflib reads \\u escapes before parsing (as SPARQL says) and Oxigraph
only inside strings and IRIs, so a `"\\u005C"` ends a string for one and not for the other.
Either way a SERVICE clause could hide from rdflib and still run. So this check does not parse:
it looks at the text as written and with its \\u escapes read, does not trust where strings or
comments end, and refuses wherever the word SERVICE (any case) stands before what a SERVICE
clause names: SILENT, an IRI, a variable or a prefixed name, after white space or comments.

False positives are possible but rare: text (in a string or comment) where the word "service"
is followed by "<", "?x", "silent" or a word ending in ":"; or an IRI such as
`<http://x/service#part>` followed, on the next line, by one of those. The message says so.
A variable or a prefixed name that ends in "service" (?service, ex:Service) is not the keyword.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from kg.errors import QueryRefused

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_WORD = re.compile(r"\w+")
_KEYWORD = re.compile("service", re.IGNORECASE)
_SILENT = re.compile("silent", re.IGNORECASE)
_PREFIXED_NAME = re.compile(r"[\w.\-\u00B7]*:")


def refuse_service(text: str) -> None:
    """Raise QueryRefused (400) if the text may hold a SERVICE clause, in any spelling."""
    for view in _views(text):
        where = _service_clause(view)
        if where is not None:
            line = view.count("\n", 0, where) + 1
            column = where - (view.rfind("\n", 0, where) + 1) + 1
            raise QueryRefused(
                400,
                "SERVICE is not allowed: queries never reach other endpoints. Refused at line "
                f"{line}, column {column}: the word SERVICE followed by SILENT, an IRI, a "
                "variable or a prefixed name (\\u escapes read, in strings and comments too); "
                "if it is only text, reword it.",
            )


def _views(text: str) -> list[str]:
    """The text as written, and with its \\u escapes read, again while that changes anything
    (a few rounds: no engine reads them twice, but nothing is lost by looking)."""
    views = [text]
    for _ in range(3):
        expanded = _ESCAPE.sub(_code_point, views[-1])
        if expanded == views[-1]:
            break
        views.append(expanded)
    return views


def _code_point(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else match.group(0)


def _service_clause(view: str) -> int | None:
    """Where a SERVICE keyword before a target stands in the view, or None."""
    if _KEYWORD.search(view) is None:  # most queries: nothing to look at
        return None
    # Where each carriage return and each line feed stands, to find where comments may end.
    line_ends = (
        [match.start() for match in re.finditer("\r", view)],
        [match.start() for match in re.finditer("\n", view)],
    )
    for word in _WORD.finditer(view):
        before = view[word.start() - 1] if word.start() > 0 else ""
        if before in ("?", "$", ":"):  # a variable, or a prefixed name's local part
            continue
        # Every occurrence, even inside a longer word (1SERVICE, trueSERVICE): a parser may
        # take the keyword without a space before it.
        for keyword in _KEYWORD.finditer(view, word.start(), word.end()):
            if _target_follows(view, keyword.end(), line_ends):
                return keyword.start()
    return None


def _target_follows(view: str, start: int, line_ends: tuple[list[int], list[int]]) -> bool:
    """Whether SILENT, an IRI, a variable or a prefixed name follows, after white space and
    comments. A comment may end at a carriage return or a line feed: both are tried."""
    todo, seen = [start], set()
    while todo:
        at = todo.pop()
        if at in seen:
            continue
        seen.add(at)
        while at < len(view) and _blank(view[at]):
            at += 1
        if at == len(view):
            continue
        char = view[at]
        if char == "#":
            for ends in line_ends:  # after the next \r, and after the next \n
                following = bisect.bisect_left(ends, at)
                if following < len(ends):
                    todo.append(ends[following] + 1)
            continue
        if char == "<" or _SILENT.match(view, at) or _PREFIXED_NAME.match(view, at):
            return True
        if char in "?$" and at + 1 < len(view) and (view[at + 1].isalnum() or view[at + 1] == "_"):
            return True
    return False


def _blank(char: str) -> bool:
    # More than SPARQL's four white space characters: skipping more only refuses more.
    return char.isspace() or unicodedata.category(char) in ("Cf", "Zs")

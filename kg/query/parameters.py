"""What a query's parameters are bound to, and how the bound values are written into its text.

A named query's parameter is bound as an RDF term, never pasted into the query text, so a value
cannot change what the query does. A name (NameOf) is first looked up (resolve_names) and
stands for every thing bearing it as a label; the query's WHERE group is written once for each
thing, joined by UNION (join_values). Stores that take the query as text (Oxigraph, a remote
SPARQL server) get each term written in by rdflib (bind_parameters); rdflib's own engine binds
single terms as initial bindings instead.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from pyoxigraph import NamedNode
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier, Node

from kg.query.guard import QueryRefused

# What may be appended to a parameter's base IRI as given (a slug).
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")

# Characters an IRI in SPARQL (IRIREF) may not hold: a parameter must not break out of <...>.
_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')
# What a query's text holds besides variables: strings, IRIs and comments are left alone.
_SKIP = (
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*)"
)
_TOKENS = re.compile(
    _SKIP + r"|(?P<bound>BOUND\s*\(\s*[?$](?P<bname>\w+)\s*\))" + r"|(?P<var>[?$](?P<name>\w+))",
    re.IGNORECASE,
)

# Where a query's WHERE group opens, strings, IRIs and comments skipped.
_WHERE = re.compile(_SKIP + r"|(?P<where>\bWHERE\s*\{)", re.IGNORECASE)
# The braces of a group, strings, IRIs and comments skipped.
_BRACES = re.compile(_SKIP + r"|[{}]")


@dataclass(frozen=True)
class NameOf:
    """A parameter value to be resolved to the things that bear it as a name (resolve_names)."""

    value: str
    base: str | None = None


# What a query's parameters are bound to: a term, the things a name stands for, or a name
# still to be looked up.
Binding = Identifier | tuple[URIRef, ...] | NameOf
# The bindings once every name is looked up: a term, or the things a name stands for.
Resolved = dict[str, Identifier | tuple[URIRef, ...]]

# The labels a thing is known by (kg.query.stores.oxigraph_store indexes them the same way).
LABELS = (
    "<http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2004/02/skos/core#altLabel>"
    "|<http://www.w3.org/2004/02/skos/core#hiddenLabel>"
)
NAME_LOOKUP = f"""SELECT DISTINCT ?thing WHERE {{
  ?thing {LABELS} ?label .
  FILTER(LCASE(STR(?label)) = LCASE(STR(?name)))
}}"""


def resolve_names(
    bindings: Mapping[str, Binding], lookup: Callable[[str], Iterable[Identifier]]
) -> Resolved:
    """The bindings with every name replaced by the IRIs of the things it names (possibly none).
    `lookup(name)` gives the things of the store at hand NAME_LOOKUP finds for the name."""
    resolved: Resolved = {}
    for variable, value in bindings.items():
        if not isinstance(value, NameOf):
            resolved[variable] = value
            continue
        if re.match(r"^https?://", value.value):
            resolved[variable] = (parameter_iri(variable, value.value),)
            continue
        things = {t for t in lookup(value.value) if isinstance(t, URIRef)}
        if value.base and SLUG.match(value.value):
            things.add(URIRef(value.base + value.value.lower()))
        resolved[variable] = tuple(sorted(things))
    return resolved


def parameter_iri(name: str, value: str) -> URIRef:
    """A parameter's value as an IRI, checked by the engine's own parser (Oxigraph): a value it
    cannot read (a space, a bad percent-encoding such as %zz, a broken host) is refused here
    with a message that names the parameter, not as a syntax error in the query it was
    written into."""
    try:
        NamedNode(value)
    except ValueError as error:
        raise QueryRefused(
            400, f"parameter {name}: {shown(value)} is not an IRI ({error})"
        ) from None
    return URIRef(value)


def shown(value: str, limit: int = 80) -> str:
    """A value quoted for a message, cut short: a message need not repeat 5,000 characters."""
    if len(value) <= limit:
        return repr(value)
    return repr(value[:limit]) + f"... ({len(value)} characters)"


def bind_parameters(text: str, bindings: Mapping[str, Node | tuple[Node, ...]]) -> str:
    """The query with each bound parameter written in as its RDF term, as rdflib's initBindings
    would bind it: BOUND(?param) becomes true. Terms are written by rdflib, never pasted.
    A parameter bound to several terms (the things a name stands for) writes the WHERE group
    once for each (join_values)."""
    if not bindings:
        return text
    written = {
        name: _term(name, term) for name, term in bindings.items() if not isinstance(term, tuple)
    }
    return join_values(_write_terms(text, written), bindings)


def join_values(text: str, bindings: Mapping[str, object]) -> str:
    """The query with the parameters bound to several terms (or none): its WHERE group written
    once for each combination of the terms, each with its terms written in as a single term is
    (_write_terms), the copies joined by UNION; a name that names nothing leaves a group that
    matches nothing. So every engine reads the same query, planned from constants. (A VALUES
    block opening the group was lost by Virtuoso 7.2 when the group also held a UNION followed
    by an OPTIONAL, tests/query/test_virtuoso.py; trailing VALUES, which SPARQL joins after the
    pattern, left Oxigraph evaluating property paths for every observation first.) Where the
    query has no WHERE group (CONSTRUCT WHERE, a WHERE keyword left out): a trailing VALUES
    clause."""
    several = {name: terms for name, terms in bindings.items() if isinstance(terms, tuple)}
    if not several:
        return text
    names = sorted(several)
    rows = list(itertools.product(*(several[name] for name in names)))
    group = _where_group(text)
    if group is None:
        written = " ".join(
            "(" + " ".join(_term(name, term) for name, term in zip(names, row, strict=True)) + ")"
            for row in rows
        )
        return f"{text}\nVALUES ({' '.join('?' + name for name in names)}) {{ {written} }}\n"
    start, end = group
    copies = [
        _write_terms(
            text[start:end],
            {name: _term(name, term) for name, term in zip(names, row, strict=True)},
        )
        for row in rows
    ]
    if not copies:
        body = " FILTER(false) "
    elif len(copies) == 1:
        body = copies[0]
    else:
        body = "\n  " + "\n  UNION\n  ".join("{" + copy + "}" for copy in copies) + "\n"
    return text[:start] + body + text[end:]


def _where_group(text: str) -> tuple[int, int] | None:
    """Where the content of the query's WHERE group starts and ends (between its braces), or
    None when it has none to write again (CONSTRUCT WHERE, a WHERE keyword left out)."""
    for match in _WHERE.finditer(text):
        if match.group("where") is None:
            continue
        if re.search(r"\bCONSTRUCT\s*$", text[: match.start()], re.IGNORECASE):
            return None
        depth = 1
        for brace in _BRACES.finditer(text, match.end()):
            if brace.group("skip") is not None:
                continue
            depth += 1 if brace.group(0) == "{" else -1
            if depth == 0:
                return match.end(), brace.start()
        return None  # unbalanced: the engine says where
    return None


def _write_terms(text: str, written: Mapping[str, str]) -> str:
    if not written:
        return text

    def replace(match: re.Match[str]) -> str:
        if match.group("bound") and match.group("bname") in written:
            return "true"
        if match.group("var") and match.group("name") in written:
            return written[match.group("name")]
        return match.group(0)

    # A parameter standing where no term may (SELECT ?param, BIND ... AS ?param) leaves a
    # query the engine refuses as a syntax error; the stores say why (PARAMETER_PLACES).
    return _TOKENS.sub(replace, text)


PARAMETER_PLACES = (
    "a named query's parameter may only stand where an RDF term can, not in SELECT or "
    "BIND ... AS, as it is written into the query as its value"
)


def _term(name: str, term: Node) -> str:
    if isinstance(term, BNode):
        raise QueryRefused(400, f"parameter {name}: a blank node cannot be sent to a store")
    if isinstance(term, URIRef) and _NOT_IN_IRI.search(str(term)):
        raise QueryRefused(400, f"parameter {name}: {shown(str(term))} is not an IRI")
    if not isinstance(term, URIRef | Literal):
        raise QueryRefused(400, f"parameter {name}: not an RDF term")
    return term.n3()

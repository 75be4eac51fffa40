"""Terms every engine of the project accepts, and a store that every engine can load.

rdflib reads IRIs and language tags more loosely than Oxigraph (an IRI with `%zz`, a language
tag of nine letters): a submission rdflib accepts could be one the query engine cannot load,
and from then on no query would run. So every submitted term is checked by Oxigraph's own
constructors (RFC 3987 IRIs with valid percent-encoding, BCP 47 language tags), and the very
N-Triples text that is stored is parsed by both engines before it is accepted.

A log written before these checks may still hold such a submission: UnloadableSubmission names
it, the term and the engine's message, and says how to revert it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.curation.log import Event, UnloadableSubmission, reverted_in

__all__ = ["UnloadableSubmission", "bad_terms", "first_unloadable", "load_problem", "term_problem"]


def term_problem(term: Node) -> str | None:
    """Why Oxigraph would refuse the term, or None when every engine takes it."""
    try:
        if isinstance(term, URIRef):
            str(term).encode("utf-8")
            ox.NamedNode(str(term))
        elif isinstance(term, Literal):
            str(term).encode("utf-8")
            if term.language:
                ox.Literal(str(term), language=term.language)
            elif term.datatype is not None:
                ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        elif not isinstance(term, BNode):
            return f"a {type(term).__name__} is not an RDF term of a triple"
    except UnicodeEncodeError:
        return "it holds characters that are not Unicode text (a lone surrogate)"
    except ValueError as error:
        return str(error)
    return None


def bad_terms(graph: Graph) -> list[tuple[Node, str]]:
    """Each term of the graph that an engine would refuse, with the reason, in a stable order."""
    seen: set[Node] = set()
    found = []
    for triple in graph:
        for term in triple:
            if term in seen:
                continue
            seen.add(term)
            problem = term_problem(term)
            if problem is not None:
                found.append((term, problem))
    return sorted(found, key=lambda item: (type(item[0]).__name__, str(item[0])))


def load_problem(ntriples: str) -> tuple[str | None, str] | None:
    """(the offending text where known, the engine's message) if Oxigraph or rdflib cannot
    read these N-Triples as the stores load them (strictly, not leniently); else None."""
    try:
        count = sum(1 for _ in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as error:
        return offending_text(ntriples, error), f"Oxigraph: {error.msg}"
    try:
        read = len(Graph().parse(data=ntriples, format="nt"))
    except Exception as error:  # rdflib raises several kinds for bad input
        return None, f"rdflib: {error}"
    lines = sum(1 for line in ntriples.splitlines() if line.strip())
    if not count == read == lines:
        return None, f"the engines read {count} and {read} triples of {lines} lines"
    return None


def offending_text(text: str, error: SyntaxError) -> str | None:
    """The text between the columns Oxigraph's message points at, on one line."""
    location = error.args[1] if len(error.args) > 1 else None
    if not isinstance(location, tuple) or len(location) < 6:
        return None
    _file, line, start, _text, end_line, end = location
    if not line or line != end_line or not start or not end:
        return None
    lines = text.splitlines()
    if line > len(lines):
        return None
    return lines[line - 1][start - 1 : end - 1].strip() or None


def first_unloadable(events: Iterable[Event]) -> UnloadableSubmission | None:
    """The first accepted, not reverted submission that an engine cannot load."""
    events = list(events)
    reverted = reverted_in(events)
    for event in events:
        if event.kind != "add" or event.id in reverted:
            continue
        problem = load_problem(event.triples or "")
        if problem is not None:
            return UnloadableSubmission(event.id, *problem)
    return None

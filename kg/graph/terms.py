"""A graph's terms, typed as the graphs here hold them.

rdflib types every term of a graph as Node, as a graph parsed from N3 may hold formulae (graphs
as terms). The graphs here are built from facts or parsed from RDF formats without formulae, so
they hold only IRIs, blank nodes and literals: Identifiers, which rdflib orders (blank nodes,
then IRIs, then literals, each by value).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib.term import Identifier, Node


def identifiers(nodes: Iterable[Node]) -> list[Identifier]:
    """The nodes as Identifiers, in the order given (in a graph here, every node is one)."""
    return [node for node in nodes if isinstance(node, Identifier)]


def identifier_pairs(pairs: Iterable[tuple[Node, Node]]) -> list[tuple[Identifier, Identifier]]:
    """The pairs (predicate and object, subject and predicate...) as pairs of Identifiers."""
    return [(a, b) for a, b in pairs if isinstance(a, Identifier) and isinstance(b, Identifier)]

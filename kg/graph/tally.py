"""What a named graph's N-Quads hold, kept so that the union of every graph can be counted
without reading graph.nq again: a key for each triple, the graph names, and the things of the
kinds the build's summary counts. A report's tally is made once, when it is extracted, and
kept in the cache with it; `kg add` then counts 500 reports' union in a fraction of a second
instead of the seconds a pass over 1.5M lines of graph.nq took."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib.namespace import RDF

from kg.namespaces import KGO

# The typed things the summary counts, by the N-Quads text of their type's predicate and object.
COUNTED = {
    f"<{RDF.type}> <{KGO.Report}>": "reports",
    f"<{RDF.type}> <{KGO.Inspection}>": "inspections",
    f"<{RDF.type}> <{KGO.Judgment}>": "judgments",
}
_TYPED = f"<{RDF.type}> <"


@dataclass(frozen=True)
class Tally:
    keys: array  # of each triple (its N-Quads text without the graph): 8 bytes of BLAKE2b
    graphs: frozenset[str]
    typed: tuple[tuple[str, frozenset[str]], ...]  # (kind of COUNTED, its subjects)


def tally(nquads: str) -> Tally:
    """The tally of sorted or unsorted N-Quads text, one quad a line, every quad in a graph."""
    keys = array("Q")
    graphs: set[str] = set()
    typed: dict[str, set[str]] = {kind: set() for kind in COUNTED.values()}
    for line in nquads.split("\n"):
        if not line:
            continue
        triple, _, graph = line.rpartition(" <")
        graphs.add(graph)
        digest = hashlib.blake2b(triple.encode("utf-8", "surrogatepass"), digest_size=8)
        keys.append(int.from_bytes(digest.digest(), "little"))
        if _TYPED in triple:
            subject, _, rest = triple.partition(" ")
            kind = COUNTED.get(rest)
            if kind:
                typed[kind].add(subject)
    return Tally(keys, frozenset(graphs), tuple((k, frozenset(s)) for k, s in typed.items()))


def counts(tallies: Iterable[Tally]) -> dict[str, int]:
    """What the union of the tallied graphs holds: each triple once, however many graphs hold
    it. Two different triples share a key with odds of about n²/2⁶⁵ (1 in 10⁷ at 1.5M
    triples): the count would then be one short."""
    keys: set[int] = set()
    graphs: set[str] = set()
    typed: dict[str, set[str]] = {kind: set() for kind in COUNTED.values()}
    for one in tallies:
        keys.update(one.keys)
        graphs |= one.graphs
        for kind, subjects in one.typed:
            typed[kind] |= subjects
    return {
        "triples": len(keys),
        "named_graphs": len(graphs),
        **{kind: len(subjects) for kind, subjects in typed.items()},
    }

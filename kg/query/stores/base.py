"""What every query engine offers (QueryStore), the catching up with the curation log that
the two in-process engines share (CuratedStore), and the reading of a name look-up's answer as
rdflib gives it (first_column).

Every store runs the same checks before a query (kg.query.guard: read-only, no SERVICE, only
graphs the store holds) and resolves names the same way (kg.query.parameters.resolve_names);
only how a query is run, and how a name look-up is run, is the engine's own.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from functools import lru_cache

from rdflib import Literal
from rdflib.query import Result, ResultRow
from rdflib.term import Identifier

from kg.curation.log import CurationLog, Event
from kg.query.guard import CheckedQuery, check_query
from kg.query.parameters import NAME_LOOKUP, Binding, Resolved, resolve_names


class QueryStore(ABC):
    """A graph to query with SPARQL. With no dataset given, the default graph is the union of
    every graph; default_graphs and named_graphs (the protocol's default-graph-uri and
    named-graph-uri) override the query's own FROM and FROM NAMED."""

    @property
    @abstractmethod
    def graph_names(self) -> frozenset[str]:
        """The names of the store's non-empty graphs."""

    @abstractmethod
    def sync(self) -> None:
        """Catch up with changes made elsewhere (the curation log) before a query."""

    @abstractmethod
    def query(
        self,
        text: str,
        bindings: Mapping[str, Binding] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Result:
        """Run a SPARQL query; parameters are bound as RDF terms, never pasted into the text.
        A query that may not run raises kg.errors.QueryRefused, with its reason."""

    @abstractmethod
    def _select(self, text: str, bindings: Mapping[str, Identifier]) -> list[Identifier]:
        """The first column of a SELECT over the union of all graphs (name lookups)."""

    def _prepare(
        self,
        text: str,
        bindings: Mapping[str, Binding] | None,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
    ) -> tuple[CheckedQuery, Resolved]:
        """The query checked against the store's graphs, and its parameters with every name
        looked up: what each engine does first."""
        self.sync()
        checked = _checked(
            text, self.graph_names, tuple(default_graphs or ()), tuple(named_graphs or ())
        )
        return checked, resolve_names(bindings or {}, self._lookup)

    def _lookup(self, name: str) -> list[Identifier]:
        """The things that bear the name as a label, any case (NAME_LOOKUP)."""
        return self._select(NAME_LOOKUP, {"name": Literal(name)})


@lru_cache(maxsize=256)
def _checked(
    text: str, known: frozenset[str], defaults: tuple[str, ...], named: tuple[str, ...]
) -> CheckedQuery:
    """check_query, remembered: the service checked the same text a moment before, and a named
    query's text comes again and again (its scans took 1-3 ms of a 5 ms answer). A refusal is
    raised again each time, not remembered."""
    return check_query(text, known, defaults, named)


class CuratedStore(QueryStore):
    """A store in this process that plays the curation log's events onto its graph when opened
    and catches up with new ones before every query, so submissions accepted by any process are
    seen at once."""

    def __init__(self, curation: CurationLog | None) -> None:
        self._curation = curation
        self._applied = 0  # the id of the last curation event played onto the graph
        self._graph_names = self._list_graphs()
        self.sync()

    @property
    def graph_names(self) -> frozenset[str]:
        return self._graph_names

    def sync(self) -> None:
        """Play curation events newer than the last one played (not thread-safe: callers that
        share a store across threads hold a lock)."""
        if self._curation is None:
            return
        events = self._curation.events(after=self._applied)
        if events:
            self._play(events)
            self._applied = events[-1].id
            self._graph_names = self._list_graphs()
            self._changed()

    def _changed(self) -> None:
        """Called once curation events have changed the graph: forget what was read of it."""

    @abstractmethod
    def _play(self, events: list[Event]) -> None:
        """Apply curation events to the store's graph, oldest first."""

    @abstractmethod
    def _list_graphs(self) -> frozenset[str]:
        """The names of the non-empty graphs the store holds now."""


def first_column(result: Result) -> list[Identifier]:
    """The first value of each row of a SELECT's result (rdflib types a result's rows as a
    union with a CONSTRUCT's triples and an ASK's answer; a SELECT has only rows)."""
    return [row[0] for row in result if isinstance(row, ResultRow)]

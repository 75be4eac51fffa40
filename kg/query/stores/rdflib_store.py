"""The graph as rdflib holds it, queryable with rdflib's engine: what validation, curation and
exports read, and what the tests query.

The service's workers and `kg query` answer with Oxigraph instead
(kg.query.stores.oxigraph_store), and `kg serve --store` with a SPARQL server
(kg.query.stores.remote_store); all three have this query method and run the same checks first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import rdflib.plugins.sparql
from rdflib import Dataset, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result
from rdflib.term import Node, Variable

from kg.curation.log import CurationLog, apply_events
from kg.graph.files import load_base
from kg.namespaces import PREFIXES
from kg.query.guard import PARSER_LOCK, check_query
from kg.query.named import Binding, resolve_names
from kg.query.stores.remote_store import join_values
from kg.settings import Settings

# FROM and FROM NAMED use only graphs the store holds (kg.query.guard refuses others);
# rdflib would otherwise fetch them from the network.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


class Store:
    """The graph to query. With a curation log, the store plays the log's events onto the
    graph when opened and catches up with new ones before every query, so submissions
    accepted by any process are seen at once."""

    def __init__(self, dataset: Dataset, curation: CurationLog | None = None) -> None:
        self.dataset = dataset
        self._curation = curation
        self._applied = 0  # the id of the last curation event played onto the dataset
        self._graph_names = frozenset[str]()
        self._list_graphs()
        self.sync()

    @classmethod
    def open(cls, settings: Settings) -> Store:
        return cls(load_base(settings), CurationLog(settings.curation_file))

    def sync(self) -> None:
        """Play curation events newer than the last one played (not thread-safe: callers that
        share a store across threads hold a lock)."""
        if self._curation is None:
            return
        events = self._curation.events(after=self._applied)
        if events:
            apply_events(self.dataset, events)
            self._applied = events[-1].id
            self._list_graphs()

    def _list_graphs(self) -> None:
        self._graph_names = frozenset(str(g.identifier) for g in self.dataset.graphs() if len(g))

    @property
    def graph_names(self) -> frozenset[str]:
        return self._graph_names

    def query(
        self,
        text: str,
        bindings: Mapping[str, Binding] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Result:
        """Run a SPARQL query; parameters are bound as RDF terms, never pasted into the text.
        A query that may not run raises kg.query.guard.QueryRefused, with its reason.

        With no dataset given, the default graph is the union of every graph. default_graphs
        and named_graphs (the protocol's default-graph-uri and named-graph-uri) override the
        query's own FROM and FROM NAMED.
        """
        self.sync()
        # The same checks as the HTTP endpoint: read-only, no SERVICE, only local graphs.
        check_query(text, self._graph_names, default_graphs or (), named_graphs or ())
        resolved = resolve_names(bindings or {}, self._select)
        # A name that stands for one thing is bound like any term: rdflib's engine starts from
        # initial bindings, but joins inline data (VALUES) only after evaluating the rest of
        # the query (19 s for programme-partners on the seeds). Several things join as VALUES.
        resolved = {
            name: value[0] if isinstance(value, tuple) and len(value) == 1 else value
            for name, value in resolved.items()
        }
        with PARSER_LOCK:
            prepared = prepareQuery(join_values(text, resolved), initNs=dict(PREFIXES))
        init = {
            Variable(name): value
            for name, value in resolved.items()
            if not isinstance(value, tuple)
        }
        target = self.dataset
        if default_graphs or named_graphs:
            prepared.algebra["datasetClause"] = None
            target = Dataset(default_union=False)
            for name in default_graphs or ():
                target.default_graph += self.dataset.graph(URIRef(name))
            for name in named_graphs or ():
                target.graph(URIRef(name)).__iadd__(self.dataset.graph(URIRef(name)))
        return target.query(prepared, initBindings=init)

    def _select(self, text: str, bindings: Mapping[str, Node]) -> list[Node]:
        """The first column of a SELECT over the union of all graphs (name lookups)."""
        init = {Variable(name): value for name, value in bindings.items()}
        with PARSER_LOCK:
            prepared = prepareQuery(text)
        return [row[0] for row in self.dataset.query(prepared, initBindings=init)]

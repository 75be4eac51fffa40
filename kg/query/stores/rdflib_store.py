"""The graph as rdflib holds it, queryable with rdflib's engine: used only where rdflib is
needed, never to answer a query: the curator (kg.curation.curator: the validation context of
/validate and /curated, SHACL over rdflib graphs), `kg export` (its --query CONSTRUCT feeds
kg.views.export, which works on rdflib graphs), the service's node view and exports (through
the curator's store), and the tests.

The service's workers and `kg query` answer with Oxigraph (kg.query.stores.oxigraph_store), the
answers written by Oxigraph itself (kg.query.results), and `kg serve --store` with a SPARQL
server (kg.query.stores.remote_store); all three are kg.query.stores.base.QueryStore.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import rdflib.plugins.sparql
from rdflib import Dataset, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result
from rdflib.term import Identifier, Variable

from kg.curation.log import CurationLog, Event, apply_events
from kg.graph.files import load_base
from kg.namespaces import PREFIXES
from kg.query.guard import parsing
from kg.query.parameters import Binding, join_values
from kg.query.stores.base import CuratedStore, first_column
from kg.settings import Settings

# FROM and FROM NAMED use only graphs the store holds (kg.query.guard refuses others);
# rdflib would otherwise fetch them from the network.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


class RdflibStore(CuratedStore):
    """The graph to query, held by rdflib, with the accepted curated submissions."""

    def __init__(self, dataset: Dataset, curation: CurationLog | None = None) -> None:
        self.dataset = dataset
        super().__init__(curation)

    @classmethod
    def open(cls, settings: Settings) -> RdflibStore:
        return cls(load_base(settings), CurationLog(settings.curation_file))

    def _play(self, events: list[Event]) -> None:
        apply_events(self.dataset, events)

    def _list_graphs(self) -> frozenset[str]:
        return frozenset(str(g.identifier) for g in self.dataset.graphs() if len(g))

    def query(
        self,
        text: str,
        bindings: Mapping[str, Binding] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Result:
        _checked, resolved = self._prepare(text, bindings, default_graphs, named_graphs)
        # A name that stands for one thing is bound like any term: rdflib's engine starts from
        # initial bindings, but joins inline data (VALUES) only after evaluating the rest of
        # the query (19 s for programme-partners on the seeds). Several things join as VALUES.
        resolved = {
            name: value[0] if isinstance(value, tuple) and len(value) == 1 else value
            for name, value in resolved.items()
        }
        with parsing():
            prepared = prepareQuery(join_values(text, resolved), initNs=dict(PREFIXES))
        init: dict[str, Identifier] = {
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

    def _select(self, text: str, bindings: Mapping[str, Identifier]) -> list[Identifier]:
        init: dict[str, Identifier] = {Variable(name): value for name, value in bindings.items()}
        with parsing():
            prepared = prepareQuery(text)
        return first_column(self.dataset.query(prepared, initBindings=init))

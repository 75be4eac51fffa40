"""A SPARQL 1.1 server as the store: for when the graph outgrows one machine.

`kg push GSP_URL` loads the built graph into any store that speaks the SPARQL 1.1 Graph Store
Protocol, one HTTP PUT per named graph (kg.graph.push), which replaces what the store held under
that name. `kg serve --store QUERY_URL` then answers queries from that store's SPARQL 1.1
Protocol query endpoint instead of the embedded engine. What the project relies on: the Query
protocol with default-graph-uri and named-graph-uri, the Graph Store Protocol's PUT, and named
graphs.

Queries pass the same checks as with the embedded store (read-only, no SERVICE, local graphs
only) before they are sent. The default graph, unless the query or the request names one, is
the union of every graph, as with the embedded store: sent as one default-graph-uri per graph
(and one named-graph-uri per graph, so GRAPH sees them all).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence

from rdflib import Dataset, Graph
from rdflib.query import Result
from rdflib.term import Identifier

from kg.errors import QueryFailed, QueryRefused, TooManyRows
from kg.graph.parsing import parse_rdf_text
from kg.namespaces import sparql_prologue
from kg.query.jobs import ParseJob, QueryJob
from kg.query.parameters import PARAMETER_PLACES, Binding, bind_parameters
from kg.query.results import serialize_result
from kg.query.service_clause import refuse_service
from kg.query.stores.base import QueryStore, first_column

_ACCEPT = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "CONSTRUCT": "application/n-triples",
    "DESCRIBE": "application/n-triples",
}


class RemoteStore(QueryStore):
    """The store behind a SPARQL 1.1 query endpoint."""

    def __init__(self, query_url: str, timeout: float = 30.0) -> None:
        self.query_url = query_url
        self.timeout = timeout
        self._graph_names: frozenset[str] | None = None

    def sync(self) -> None:
        """Nothing to catch up with: the remote store is filled by kg push, not curated here."""

    @property
    def graph_names(self) -> frozenset[str]:
        """The store's named graphs (asked once, then remembered)."""
        if self._graph_names is None:
            result = self._send("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "SELECT")
            self._graph_names = frozenset(str(name) for name in first_column(result))
        return self._graph_names

    def query(
        self,
        text: str,
        bindings: Mapping[str, Binding] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Result:
        checked, resolved = self._prepare(text, bindings, default_graphs, named_graphs)
        bound = bind_parameters(text, resolved)
        refuse_service(bound)  # what runs is the text with its parameters written in
        full = sparql_prologue() + bound
        defaults, named = checked.default_graphs, checked.named_graphs
        if not defaults and not named:
            # As the embedded store: the default graph is the union, and every graph can be
            # named in GRAPH. (Naming graphs in the request is what the protocol offers every
            # store; a store's own union-default-graph switch is not standard.)
            defaults = named = tuple(sorted(self.graph_names))
        return self._send(full, checked.form, defaults, named)

    def _select(self, text: str, bindings: Mapping[str, Identifier]) -> list[Identifier]:
        names = tuple(sorted(self.graph_names))
        result = self._send(bind_parameters(text, bindings), "SELECT", names, names)
        return first_column(result)

    def _send(
        self,
        text: str,
        form: str,
        default_graphs: Iterable[str] = (),
        named_graphs: Iterable[str] = (),
    ) -> Result:
        import requests  # here: the query workers import this module but never send

        data = [("query", text)]
        data += [("default-graph-uri", g) for g in default_graphs]
        data += [("named-graph-uri", g) for g in named_graphs]
        try:
            response = requests.post(
                self.query_url,
                data=data,
                headers={"Accept": _ACCEPT[form]},
                timeout=self.timeout,
            )
        except requests.Timeout:
            raise QueryRefused(
                503, f"the store at {self.query_url} did not answer in time"
            ) from None
        except requests.RequestException as error:
            raise QueryRefused(
                503, f"the store at {self.query_url} is unreachable: {error}"
            ) from None
        if response.status_code != 200:
            hint = f" ({PARAMETER_PLACES})" if response.status_code == 400 else ""
            raise QueryRefused(
                502 if response.status_code >= 500 else 400,
                f"the store at {self.query_url} answered {response.status_code}: "
                f"{response.text[:300]}{hint}",
            )
        if form in ("SELECT", "ASK"):
            return Result.parse(source=io.BytesIO(response.content), format="json")
        result = Result(form)
        graph = Dataset().default_graph
        graph.parse(data=response.text, format="nt")
        result.graph = graph
        return result


class RemoteQueries:
    """Runs the service's queries against the remote store (what QueryWorkers does for the
    embedded one): the store's own timeout and the HTTP timeout bound each query."""

    def __init__(self, store: RemoteStore, max_rows: int) -> None:
        self.store = store
        self.max_rows = max_rows

    def run(self, job: QueryJob) -> bytes:
        result = self.store.query(
            job.text, job.bindings, job.default_graphs or None, job.named_graphs or None
        )
        try:
            return serialize_result(result, job.format, self.max_rows)
        except TooManyRows as error:
            raise QueryFailed(400, str(error)) from None

    def graph_names(self) -> frozenset[str]:
        return self.store.graph_names

    def parse(self, job: ParseJob) -> Graph:
        # No worker to stop a runaway parse: the body limits (kg.query.limits) bound it.
        return parse_rdf_text(job.text, job.rdf_format, job.source)

    def close(self) -> None:
        pass

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
import json
from collections.abc import Iterable, Mapping, Sequence

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.query import Result
from rdflib.term import Identifier

from kg.endpoint import Credentials, send
from kg.errors import QueryFailed, QueryRefused, TooManyRows
from kg.graph.parsing import parse_rdf_text
from kg.namespaces import PREFIXES, sparql_prologue
from kg.query.formats import answer_format
from kg.query.jobs import ParseJob, QueryJob
from kg.query.limits import current
from kg.query.parameters import PARAMETER_PLACES, Binding, bind_parameters
from kg.query.results import check_result_size, check_rows, results_page, write_graph
from kg.query.service_clause import refuse_service
from kg.query.stores.base import QueryStore, first_column

_PREFIXES = {name: str(namespace) for name, namespace in PREFIXES.items()}
_GATEWAY_ERRORS = frozenset({502, 503, 504})
_ACCEPT = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "CONSTRUCT": "application/n-triples",
    "DESCRIBE": "application/n-triples",
}


class RemoteStore(QueryStore):
    """The store behind a SPARQL 1.1 query endpoint."""

    def __init__(
        self, query_url: str, timeout: float = 30.0, credentials: Credentials | None = None
    ) -> None:
        self.query_url = query_url
        self.timeout = timeout
        self.credentials = credentials
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
        full, form, defaults, named = self._ready(text, bindings, default_graphs, named_graphs)
        return self._send(full, form, defaults, named)

    def answer(self, job: QueryJob, max_rows: int) -> bytes:
        """The job's answer as the store wrote it, in the job's format, never through rdflib
        terms: SPARQL results as the store sends them (HTML made from its JSON); a graph read
        by pyoxigraph from the store's N-Triples and written by it (kg.query.results)."""
        full, form, defaults, named = self._ready(
            job.text, job.bindings, job.default_graphs or None, job.named_graphs or None
        )
        if form in ("CONSTRUCT", "DESCRIBE"):
            body = self._post(full, _ACCEPT[form], defaults, named)
            triples = (quad.triple for quad in ox.parse(body, ox.RdfFormat.N_TRIPLES))
            limit = current().max_result_bytes
            return write_graph(triples, job.format, max_rows, _PREFIXES, limit)
        fmt = "json" if job.format == "html" else job.format
        body = check_result_size(self._post(full, answer_format(fmt).media_type, defaults, named))
        if fmt == "json":
            body = standard_json(body)
        if form == "SELECT":
            check_rows(body, fmt, max_rows)
        return results_page(body).encode("utf-8") if job.format == "html" else body

    def _ready(
        self,
        text: str,
        bindings: Mapping[str, Binding] | None,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
    ) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
        """The text to send, its form, and the graphs to send it over."""
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
        return full, checked.form, tuple(defaults), tuple(named)

    def _select(self, text: str, bindings: Mapping[str, Identifier]) -> list[Identifier]:
        names = tuple(sorted(self.graph_names))
        result = self._send(bind_parameters(text, bindings), "SELECT", names, names)
        return first_column(result)

    def _post(
        self,
        text: str,
        accept: str,
        default_graphs: Iterable[str] = (),
        named_graphs: Iterable[str] = (),
    ) -> bytes:
        """The store's answer, as it wrote it in the media type asked for."""
        import requests  # here: the query workers import this module but never send

        data = [("query", text)]
        data += [("default-graph-uri", g) for g in default_graphs]
        data += [("named-graph-uri", g) for g in named_graphs]
        try:
            # Tried again when the connection fails or a gateway in front of the store says it
            # is not there (502-504); a 500 is the query's own failure, not asked twice.
            response = send(
                "POST",
                self.query_url,
                self.credentials,
                attempts=3,
                retry_statuses=_GATEWAY_ERRORS,
                data=data,
                headers={"Accept": accept},
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
        if response.status_code in (401, 403):
            raise QueryRefused(
                502,
                f"the store at {self.query_url} refused the service's credentials "
                f"({response.status_code}): see kg serve --store-credentials",
            )
        if response.status_code != 200:
            hint = f" ({PARAMETER_PLACES})" if response.status_code == 400 else ""
            raise QueryRefused(
                502 if response.status_code >= 500 else 400,
                f"the store at {self.query_url} answered {response.status_code}: "
                f"{response.text[:300]}{hint}",
            )
        return response.content

    def _send(
        self,
        text: str,
        form: str,
        default_graphs: Iterable[str] = (),
        named_graphs: Iterable[str] = (),
    ) -> Result:
        content = self._post(text, _ACCEPT[form], default_graphs, named_graphs)
        if form in ("SELECT", "ASK"):
            return Result.parse(source=io.BytesIO(content), format="json")
        result = Result(form)
        graph = Dataset().default_graph
        graph.parse(data=content.decode("utf-8"), format="nt")
        result.graph = graph
        return result


def standard_json(body: bytes) -> bytes:
    """SPARQL 1.1 JSON results: Virtuoso still writes a literal with a datatype as
    "typed-literal" (the 2007 note's name), which clients of SPARQL 1.1 do not know."""
    if b'"typed-literal"' not in body:
        return body
    answer = json.loads(body)
    for row in answer.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "typed-literal":
                term["type"] = "literal"
    return json.dumps(answer, ensure_ascii=False).encode("utf-8")


class RemoteQueries:
    """Runs the service's queries against the remote store (what QueryWorkers does for the
    embedded one): the store's own timeout and the HTTP timeout bound each query."""

    def __init__(self, store: RemoteStore, max_rows: int) -> None:
        self.store = store
        self.max_rows = max_rows

    def run(self, job: QueryJob) -> bytes:
        try:
            return self.store.answer(job, self.max_rows)
        except TooManyRows as error:
            raise QueryFailed(400, str(error)) from None

    def graph_names(self) -> frozenset[str]:
        return self.store.graph_names

    def parse(self, job: ParseJob) -> Graph:
        # No worker to stop a runaway parse: the body limits (kg.query.limits) bound it.
        return parse_rdf_text(job.text, job.rdf_format, job.source)

    def close(self) -> None:
        pass

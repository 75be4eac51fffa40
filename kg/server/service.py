"""What the HTTP layer asks of the graph: run a checked query in a worker, validate triples.

The service holds the graph in-process too (for validation context, curation and exports), and
hands queries to its backend (kg.query.jobs.QueryBackend): worker processes that can be stopped
when a query runs too long, or a remote SPARQL store.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from flask import has_request_context, request
from rdflib import Graph

from kg.curation.log import CurationLog
from kg.curation.terms import UnloadableSubmission, first_unloadable
from kg.endpoint import read_credentials
from kg.query.formats import Format
from kg.query.guard import CheckedQuery, check_query
from kg.query.jobs import ParseJob, QueryBackend, QueryJob
from kg.query.limits import Limits, configure, current
from kg.query.parameters import Binding
from kg.query.stores.remote_store import RemoteQueries, RemoteStore
from kg.query.workers import QueryWorkers
from kg.server.auth import read_tokens
from kg.settings import ServerSettings, Settings

if TYPE_CHECKING:
    from kg.curation.curator import Curator
    from kg.graph.validate import ValidationReport

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueryAnswer:
    body: bytes
    format: Format


class QueryService:
    def __init__(self, settings: Settings, server: ServerSettings) -> None:
        self.settings = settings
        self.server = server
        # Curator tokens are read first, so a bad tokens file stops the start at once.
        self.curator_tokens = (
            read_tokens(Path(server.curator_tokens)) if server.curator_tokens else {}
        )
        # Validation, curation, exports and the node view read the data folder's build with
        # rdflib, loaded on first use so that the service answers queries at once.
        self._curator: Curator | None = None
        self._curator_lock = threading.Lock()
        configure(Limits.of(server))  # this process's and its workers' (kg.query.limits)
        # A curation log written before its terms were checked may hold a submission the
        # query engine cannot load: said at start, and in the answer to every query, with how
        # to revert it, rather than leaving each query to fail on a parser error.
        self.unloadable: UnloadableSubmission | None = None
        if not server.store:
            self.unloadable = first_unloadable(CurationLog(settings.curation_file).events())
            if self.unloadable is not None:
                log.error("%s", self.unloadable.message)
        # Queries run in worker processes over Oxigraph, or on the remote store (kg serve --store).
        self.remote = (
            RemoteStore(
                server.store, server.query_timeout, read_credentials(server.store_credentials)
            )
            if server.store
            else None
        )
        self.backend: QueryBackend
        if self.remote is not None:
            self.backend = RemoteQueries(self.remote, server.max_rows)
        else:
            self.backend = QueryWorkers(
                settings.graph_file,
                settings.curation_file,
                server.workers,
                server.query_timeout,
                server.max_rows,
            )

    @property
    def curator(self) -> Curator:
        with self._curator_lock:
            if self._curator is None:
                from kg.curation.curator import Curator

                self._curator = Curator(self.settings)
            return self._curator

    @contextmanager
    def reading(self) -> Iterator[Graph]:
        """The served graph (with accepted curated submissions), held still while read: no
        submission changes it until the block ends."""
        with self.curator.lock:
            self.curator.store.sync()
            yield self.curator.store.dataset

    @property
    def graph_names(self) -> frozenset[str]:
        if self.unloadable is not None:
            raise self.unloadable
        return self.backend.graph_names()

    def check(
        self,
        text: str,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
        base_iri: str | None = None,
    ) -> CheckedQuery:
        # Which graphs the store holds is checked where the query runs (the worker, which
        # knows the curated graphs too), or here against the remote store's list.
        if self.remote is not None:
            return check_query(
                text, self.remote.graph_names, default_graph_uris, named_graph_uris, base_iri
            )
        return _checked(
            text, tuple(default_graph_uris), tuple(named_graph_uris), base_iri, current()
        )

    def run(
        self,
        checked: CheckedQuery,
        fmt: Format,
        bindings: Mapping[str, Binding] | None = None,
    ) -> QueryAnswer:
        if self.unloadable is not None:
            raise self.unloadable
        job = QueryJob(
            text=checked.text,
            format=fmt.name,
            bindings=dict(bindings or {}),
            default_graphs=checked.default_graphs,
            named_graphs=checked.named_graphs,
            base_iri=checked.base_iri,
            client=(request.remote_addr or "") if has_request_context() else "",
        )
        return QueryAnswer(self.backend.run(job), fmt)

    def parse(self, text: str, rdf_format: str, source: str) -> Graph:
        """A request body's triples, parsed by the backend (in a worker, with its timeout and
        memory cap, for the embedded store)."""
        return self.backend.parse(ParseJob(text, rdf_format, source))

    def validate(self, submitted: Graph, text: str | None = None) -> ValidationReport:
        """Validate submitted triples in the context of the served graph; nothing is stored."""
        return self.curator.check(submitted, text, "request body")

    def close(self) -> None:
        self.backend.close()


@lru_cache(maxsize=128)
def _checked(
    text: str,
    defaults: tuple[str, ...],
    named: tuple[str, ...],
    base_iri: str | None,
    limits: Limits,
) -> CheckedQuery:
    """check_query with the graphs left to the worker, remembered (under the limits it was
    checked against): a client sends the same text again and again, and its scans (limits,
    SERVICE) took a sixth of a small query's time in the service. A refusal is raised again
    each time, not remembered."""
    return check_query(text, None, defaults, named, base_iri)

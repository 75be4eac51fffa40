"""What the HTTP layer asks of the graph: run a checked query in a worker, validate triples.

The service holds the graph in-process too (for validation context and the list of graphs), and
hands queries to worker processes that can be stopped when a query runs too long.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Graph
from rdflib.term import Node

from kg.build import union_graph
from kg.formats import Format
from kg.parsing import parse_rdf_file
from kg.query_workers import QueryJob, QueryWorkers
from kg.settings import ServerSettings, Settings
from kg.sparql_guard import CheckedQuery, check_query
from kg.store import Store
from kg.validate import ValidationReport, validate_submission


@dataclass(frozen=True)
class QueryAnswer:
    body: bytes
    format: Format


class QueryService:
    def __init__(self, settings: Settings, server: ServerSettings) -> None:
        self.settings = settings
        self.server = server
        store = Store.open(settings)
        self.graph_names = store.graph_names
        self.context = union_graph(store.dataset)
        self.shapes = parse_rdf_file(settings.shapes_file)
        self.workers = QueryWorkers(
            settings.graph_file, server.workers, server.query_timeout, server.max_rows
        )

    def check(
        self,
        text: str,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
    ) -> CheckedQuery:
        return check_query(text, self.graph_names, default_graph_uris, named_graph_uris)

    def run(
        self,
        checked: CheckedQuery,
        fmt: Format,
        bindings: Mapping[str, Node] | None = None,
    ) -> QueryAnswer:
        job = QueryJob(
            text=checked.text,
            format=fmt.name,
            bindings=dict(bindings or {}),
            default_graphs=checked.default_graphs,
            named_graphs=checked.named_graphs,
        )
        return QueryAnswer(self.workers.run(job), fmt)

    def validate(self, submitted: Graph) -> ValidationReport:
        """Validate submitted triples in the context of the served graph; nothing is stored."""
        return validate_submission(self.context, self.shapes, submitted)

    def close(self) -> None:
        self.workers.close()

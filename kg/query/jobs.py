"""A query as the service hands it to a backend, and what every backend offers: the worker
processes over Oxigraph (kg.query.workers.QueryWorkers) or a remote SPARQL server
(kg.query.stores.remote_store.RemoteQueries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from kg.query.parameters import Binding


@dataclass(frozen=True)
class QueryJob:
    """A checked query to run, with the name of the format to answer in (kg.query.formats)."""

    text: str
    format: str
    bindings: dict[str, Binding] = field(default_factory=dict)
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


class QueryBackend(Protocol):
    def run(self, job: QueryJob) -> bytes:
        """The answer written in the job's format; QueryTimeout or QueryFailed (kg.errors)
        when there is none."""
        ...

    def graph_names(self) -> frozenset[str]:
        """The names of the graphs queries see, curated graphs included."""
        ...

    def close(self) -> None: ...

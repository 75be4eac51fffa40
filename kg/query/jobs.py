"""A query as the service hands it to a backend, and what every backend offers: the worker
processes over Oxigraph (kg.query.workers.QueryWorkers) or a remote SPARQL server
(kg.query.stores.remote_store.RemoteQueries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from rdflib import Graph

from kg.query.parameters import Binding


@dataclass(frozen=True)
class QueryJob:
    """A checked query to run, with the name of the format to answer in (kg.query.formats)."""

    text: str
    format: str
    bindings: dict[str, Binding] = field(default_factory=dict)
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None  # relative IRIs resolve against it (the endpoint's URL)
    client: str = ""  # who sent it (an address), for kg.query.crashes' rationing


@dataclass(frozen=True)
class ParseJob:
    """An RDF body to parse where a runaway parse can be stopped (rdflib's Turtle parser is
    quadratic in a literal's line breaks: an 800 kB literal took 43 s)."""

    text: str
    rdf_format: str  # rdflib's name for it
    source: str  # how messages name it


class QueryBackend(Protocol):
    def run(self, job: QueryJob) -> bytes:
        """The answer written in the job's format; QueryTimeout or QueryFailed (kg.errors)
        when there is none."""
        ...

    def graph_names(self) -> frozenset[str]:
        """The names of the graphs queries see, curated graphs included."""
        ...

    def parse(self, job: ParseJob) -> Graph:
        """The body's triples, or the error that says what and where."""
        ...

    def close(self) -> None: ...

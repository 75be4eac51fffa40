"""Data folders for the W3C tests and the `kg serve` processes over them.

One folder holds every graph the evaluation and protocol tests read, each named by its file's
IRI in the published suite (or, for the protocol tests, by the IRI the manifest labels it
with), so that one server answers them all: a test names its dataset with default-graph-uri
and named-graph-uri, or its query does with FROM. A second folder holds no graph at all, for
the tests whose default graph is empty (the service's default graph is otherwise the union of
all its graphs).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from kg.settings import Settings, input_fingerprint
from tests.serving import RunningServer, kg_serve
from tests.w3c import manifests

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".nt": ox.RdfFormat.N_TRIPLES,
}

# The protocol tests' graphs, by the names their manifest gives them. data0.rdf is named by
# the tests but has no file in the suite; it holds one triple here (the service refuses, by
# design, a graph it does not hold).
KASEI = "http://kasei.us/2009/09/sparql/data/"
PROTOCOL_GRAPHS = {
    KASEI + f"data{n}.rdf": manifests.SUITE / f"sparql11/protocol/data{n}.nt" for n in (1, 2, 3)
}
DATA0 = (
    f"<{KASEI}data0.rdf> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    f"<http://xmlns.com/foaf/0.1/Document> <{KASEI}data0.rdf> .\n"
)


def graph_quads(iri: str, path: Path) -> list[ox.Quad]:
    """The file's triples in the graph named iri, its blank nodes its own (a file's _:a is
    not another file's)."""
    fresh: dict[str, ox.BlankNode] = {}

    def own(term):
        if isinstance(term, ox.BlankNode):
            return fresh.setdefault(term.value, ox.BlankNode())
        return term

    graph = ox.NamedNode(iri)
    return [
        ox.Quad(own(t.subject), t.predicate, own(t.object), graph)
        for t in ox.parse(path=path, format=_FORMATS[path.suffix], base_iri=iri)
    ]


def write_data_folder(folder: Path, graphs: Mapping[str, Path], extra: str = "") -> set[str]:
    """A data folder `kg serve` serves as built: graph.nq with the graphs (those that parse),
    build.json saying it is a build of the current inputs. The names of the graphs held."""
    folder.mkdir(parents=True, exist_ok=True)
    quads: list[ox.Quad] = []
    held = set()
    for iri, path in sorted(graphs.items()):
        try:
            found = graph_quads(iri, path)
        except (SyntaxError, ValueError, OSError):
            continue
        quads += found
        if found:
            held.add(iri)
    body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) if quads else b""
    (folder / "graph.nq").write_bytes(body + extra.encode())
    settings = Settings.from_env(data_dir=str(folder))
    summary = {"inputs": input_fingerprint(settings), "triples": len(quads)}
    (folder / "build.json").write_text(json.dumps(summary))
    return held


@contextmanager
def w3c_server(folder: Path) -> Iterator[RunningServer]:
    with kg_serve(folder, "--workers", "2", "--query-timeout", "10") as server:
        yield server

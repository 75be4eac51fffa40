"""The default graph of a query that names no graph counts each triple once, whichever graphs
hold it (as Fuseki's union graph does): in Oxigraph in memory, in its on-disk copy, in rdflib,
and in a real `kg serve`, with curated submissions added and reverted while they run. The seed
graph states some triples in several report graphs (the ontology's terms, shared things), so a
union that counted per graph would give more rows than there are triples."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from kg.curation.log import CURATION_GRAPH, CurationLog
from kg.graph.files import load_graph_file
from kg.query.stores.base import CuratedStore
from kg.query.stores.disk_copy import write_disk_copy
from kg.query.stores.oxigraph_store import OxigraphStore
from kg.query.stores.rdflib_store import RdflibStore
from kg.settings import Settings
from tests.conftest import copy_build
from tests.serving import kg_serve

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
NEW = '<http://example.org/union-test> <http://example.org/p> "only curated" .\n'

Triple = tuple[str, str, str]


def triples_of(path: Path) -> tuple[set[Triple], int]:
    """The distinct triples of an N-Quads file, read here, and how many quads it holds."""
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in quads}, len(quads)


def nt(triple: Triple) -> str:
    return " ".join(triple) + " .\n"


def shared_triple(path: Path) -> Triple:
    """A triple the build states in more than one graph."""
    graphs: dict[Triple, set[str]] = {}
    for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        triple = (str(q.subject), str(q.predicate), str(q.object))
        graphs.setdefault(triple, set()).add(str(q.graph_name))
        if len(graphs[triple]) > 1:
            return triple
    raise AssertionError("no triple stands in two graphs")


def count(store: CuratedStore, text: str = COUNT) -> int:
    return int(next(iter(store.query(text)))[0])  # type: ignore[index]


def curation_triples(store: CuratedStore) -> set[Triple]:
    """What the curation graph says of the submissions (who, when, what was reverted)."""
    answer = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{CURATION_GRAPH}> {{ ?s ?p ?o }} }}")
    return {tuple(term.n3() for term in row) for row in answer}  # type: ignore[misc]


@pytest.fixture
def data(built, settings: Settings, tmp_path: Path) -> Settings:
    return copy_build(settings, tmp_path / "data")


def open_store(kind: str, data: Settings) -> CuratedStore:
    curation = CurationLog(data.curation_file)
    if kind == "oxigraph":
        return OxigraphStore(data.graph_file, curation)
    return RdflibStore(load_graph_file(data.graph_file), curation)


def test_the_seed_graph_states_some_triples_in_several_graphs(settings: Settings, built) -> None:
    distinct, quads = triples_of(settings.graph_file)
    assert quads > len(distinct)  # else the tests below could not fail


@pytest.mark.parametrize("kind", ["oxigraph", "rdflib"])
def test_the_default_graph_counts_a_triple_once(kind: str, data: Settings) -> None:
    distinct, quads = triples_of(data.graph_file)
    store = open_store(kind, data)
    assert count(store) == len(distinct)
    assert count(store, COUNT_QUADS) == quads  # GRAPH ?g still sees every graph's own triples
    # A plain SELECT gives each triple one row.
    rows = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert len(rows) == len(distinct)


def test_the_on_disk_copy_counts_a_triple_once(data: Settings) -> None:
    distinct, quads = triples_of(data.graph_file)
    copy = write_disk_copy(data.graph_file, smallest=0)
    assert copy is not None
    store = OxigraphStore.read_only(copy)
    assert count(store) == len(distinct)
    assert count(store, COUNT_QUADS) == quads


@pytest.mark.parametrize("kind", ["oxigraph", "rdflib"])
def test_curation_keeps_the_default_graph_right(kind: str, data: Settings) -> None:
    """Submissions added and reverted while the store is open: a triple leaves the default
    graph only when no graph holds it any more."""
    distinct, _quads = triples_of(data.graph_file)
    shared = shared_triple(data.graph_file)
    store = open_store(kind, data)
    log = CurationLog(data.curation_file)

    def expected(*submitted: str) -> int:
        lines = {line for text in submitted for line in text.splitlines()}
        curated = {tuple(line.removesuffix(" .").split(" ", 2)) for line in lines}
        return len(distinct | curated | curation_triples(store))

    with log.writing() as writer:
        first = writer.add(NEW + nt(shared), "tester", "a new triple and one the build has")
        second = writer.add(NEW, "tester", "the new triple again, on its own")
    assert count(store) == expected(NEW)
    with log.writing() as writer:
        writer.revert(second.id, "tester", "one of the two graphs holding it goes")
    assert count(store) == expected(NEW)  # the first submission still holds it
    with log.writing() as writer:
        writer.revert(first.id, "tester", "the other goes")
    assert count(store) == expected()  # the shared triple stays: the build holds it
    assert store.query(f"ASK {{ {' '.join(shared)} }}").askAnswer
    assert not store.query("ASK { <http://example.org/union-test> ?p ?o }").askAnswer


def test_a_served_graph_counts_each_triple_once(data: Settings) -> None:
    """A real `kg serve`: COUNT(*) is the distinct triples of graph.nq plus the curated ones,
    and drops by the reverted ones, while it runs."""
    distinct, _quads = triples_of(data.graph_file)
    log = CurationLog(data.curation_file)

    def ask(url: str, text: str) -> list[dict]:
        answer = requests.get(f"{url}/sparql", params={"query": text, "format": "json"}, timeout=60)
        assert answer.status_code == 200, answer.text
        return answer.json()["results"]["bindings"]

    def served(url: str) -> int:
        return int(ask(url, COUNT)[0]["n"]["value"])

    def curation(url: str) -> int:
        text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{CURATION_GRAPH}> {{ ?s ?p ?o }} }}"
        return int(ask(url, text)[0]["n"]["value"])

    with kg_serve(data.data_dir, "--workers", "1") as running:
        assert served(running.url) == len(distinct)
        with log.writing() as writer:
            added = writer.add(NEW, "tester", "one triple the build lacks")
        described = curation(running.url)
        assert described > 0
        assert served(running.url) == len(distinct) + 1 + described
        with log.writing() as writer:
            writer.revert(added.id, "tester", "taken back")
        described = curation(running.url)
        assert served(running.url) == len(distinct) + described

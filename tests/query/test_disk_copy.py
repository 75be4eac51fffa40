"""The on-disk copy of graph.nq that a restarted worker answers from while it loads memory: the
same answers as the in-memory store, never a copy of another graph, curated triples seen."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kg.curation.log import CurationLog
from kg.query.stores.disk_copy import WarmingStore, disk_copy, write_disk_copy
from kg.query.stores.oxigraph_store import OxigraphStore
from kg.query.workers import QueryJob, QueryWorkers
from kg.settings import Settings
from tests.conftest import copy_build

QUERIES = (
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 200",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s a ?o ; ?p ?o } LIMIT 50",
)
CURATED = '<http://example.org/curated-subject> <http://example.org/p> "seen" .\n'


@pytest.fixture
def data(built, settings: Settings, tmp_path: Path) -> Settings:
    own = copy_build(settings, tmp_path / "data")
    assert write_disk_copy(own.graph_file, smallest=0) is not None
    return own


def test_the_copy_answers_as_memory_does(data: Settings) -> None:
    copy = disk_copy(data.graph_file)
    assert copy is not None and copy.name.startswith("oxigraph-")
    on_disk, in_memory = OxigraphStore.read_only(copy), OxigraphStore(data.graph_file)
    assert on_disk.graph_names == in_memory.graph_names
    for query in QUERIES[:3]:  # ordered: the same bytes
        for fmt in ("json", "xml", "csv"):
            assert on_disk.serialize(query, fmt, 1000) == in_memory.serialize(query, fmt, 1000)
    # Unordered, the two stores may give triples in another order (SPARQL leaves it open).
    every = QUERIES[3].replace(" LIMIT 50", "")
    lines = [set(s.serialize(every, "ntriples", 10**6).splitlines()) for s in (on_disk, in_memory)]
    assert lines[0] == lines[1] and len(lines[0]) > 10


def test_a_changed_graph_has_no_copy(data: Settings) -> None:
    with data.graph_file.open("a", encoding="utf-8") as graph:
        graph.write(CURATED.replace(" .", " <http://example.org/g> ."))
    assert disk_copy(data.graph_file) is None  # size and time differ: never the old copy
    fresh = write_disk_copy(data.graph_file, smallest=0)
    assert fresh is not None and disk_copy(data.graph_file) == fresh
    assert len(list(data.data_dir.glob("oxigraph-*"))) == 1  # the old copy is removed


def test_the_same_bytes_keep_their_copy(data: Settings) -> None:
    """Copied or touched (another time), graph.nq is hashed again and its copy kept."""
    copy = disk_copy(data.graph_file)
    os.utime(data.graph_file, (1, 1))
    assert disk_copy(data.graph_file) is None
    assert write_disk_copy(data.graph_file, smallest=0) == copy
    assert disk_copy(data.graph_file) == copy


def test_small_graphs_get_no_copy(built, settings: Settings, tmp_path: Path) -> None:
    own = copy_build(settings, tmp_path / "data")
    assert write_disk_copy(own.graph_file) is None  # the seed graph loads in a moment
    assert disk_copy(own.graph_file) is None


def test_warming_answers_at_once_then_from_memory(data: Settings) -> None:
    copy = disk_copy(data.graph_file)
    assert copy is not None
    warming = WarmingStore(data.graph_file, copy, data.curation_file)
    first = warming.current().serialize(QUERIES[1], "json", 10)
    deadline = time.monotonic() + 60
    while warming.current() is not warming.current() or warming._memory is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert warming.current() is warming._memory
    assert warming.current().serialize(QUERIES[1], "json", 10) == first


def test_curated_triples_are_seen_while_warming(data: Settings) -> None:
    """The read-only copy cannot hold submissions: with any in the log, a query waits for
    memory, where they are played as always."""
    with CurationLog(data.curation_file).writing() as writer:
        writer.add(CURATED, "tester", "curated while the worker starts")
    copy = disk_copy(data.graph_file)
    assert copy is not None
    warming = WarmingStore(data.graph_file, copy, data.curation_file)
    answer = warming.current().serialize(
        'ASK { <http://example.org/curated-subject> ?p "seen" }', "json", 10
    )
    assert b"true" in answer


def test_workers_answer_from_the_copy_the_same(data: Settings) -> None:
    job = QueryJob(text=QUERIES[2], format="json")
    expected = OxigraphStore(data.graph_file).serialize(job.text, "json", 100)
    workers = QueryWorkers(data.graph_file, data.curation_file, 1, 60, 100)
    try:
        assert workers.run(job) == expected
    finally:
        workers.close()

"""Names in named-query parameters ("Derbyshire Constabulary", "EMSOU") are looked up in an index
of the labels the Oxigraph store keeps: it must find exactly what the lookup query finds, in
any case, and see labels that curated submissions add or revert while the store is open."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.curation.log import CurationLog
from kg.query.parameters import NAME_LOOKUP
from kg.query.stores.oxigraph_store import OxigraphStore
from kg.settings import Settings
from tests.conftest import copy_build

LABELS = """SELECT DISTINCT ?label WHERE {
  ?thing <http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2004/02/skos/core#altLabel>
      |<http://www.w3.org/2004/02/skos/core#hiddenLabel> ?label
}"""
CURATED = (
    "<http://example.org/lookup-test> <http://www.w3.org/2004/02/skos/core#altLabel> "
    '"Ωmega Σquad Unit" .\n'
)


@pytest.fixture
def data(built, settings: Settings, tmp_path: Path) -> Settings:
    return copy_build(settings, tmp_path / "data")


def by_query(store: OxigraphStore, name: str) -> list[URIRef]:
    found = store._select(NAME_LOOKUP, {"name": Literal(name)})
    return sorted(thing for thing in found if isinstance(thing, URIRef))


def test_the_index_finds_what_the_lookup_query_finds(data: Settings) -> None:
    store = OxigraphStore(data.graph_file)
    labels = [str(row[0]) for row in store.query(LABELS)]  # type: ignore[index]
    assert len(labels) > 500  # the seeds' gazetteer and minted things
    names = labels + [label.upper() for label in labels[::7]] + ["no such name", "ΣΊΣΥΦΟΣ", ""]
    for name in names:
        assert sorted(store._lookup(name)) == by_query(store, name), name


def test_the_index_follows_curated_labels(data: Settings) -> None:
    log = CurationLog(data.curation_file)
    store = OxigraphStore(data.graph_file, log)
    assert store._lookup("ωmega σquad unit") == []  # read, so the index exists before the add
    with log.writing() as writer:
        added = writer.add(CURATED, "tester", "a label for a name lookup")
    store.sync()
    assert store._lookup("ωmega σquad unit") == [URIRef("http://example.org/lookup-test")]
    with log.writing() as writer:
        writer.revert(added.id, "tester", "gone again")
    store.sync()
    assert store._lookup("Ωmega Σquad Unit") == []

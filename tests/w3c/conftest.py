"""The servers the W3C suites run against: real `kg serve` processes (tests/w3c/serving.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.serving import RunningServer
from tests.w3c import manifests
from tests.w3c.serving import DATA0, PROTOCOL_GRAPHS, w3c_server, write_data_folder


@dataclass
class Servers:
    data: RunningServer  # every evaluation and protocol graph
    empty: RunningServer  # no graph at all
    held: set[str]  # the graphs `data` holds


@pytest.fixture(scope="session")
def w3c(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    graphs = dict(PROTOCOL_GRAPHS)
    for test in manifests.evaluation_tests():
        text = manifests.path_of(test.query).read_text(encoding="utf-8")
        for iri in (*test.data, *test.graph_data, *manifests.from_graphs(text, test.query)):
            graphs[iri] = manifests.path_of(iri)
    data = tmp_path_factory.mktemp("w3c-data")
    held = write_data_folder(data, graphs, DATA0)
    held.add(next(iter(DATA0.split()))[1:-1])
    empty = tmp_path_factory.mktemp("w3c-empty")
    write_data_folder(empty, {})
    with w3c_server(data) as data_server, w3c_server(empty) as empty_server:
        yield Servers(data_server, empty_server, held)

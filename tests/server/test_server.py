"""The query service as a real `kg serve` process: what the in-process tests (test_http.py)
cannot show. Real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore) over a real port, the
network sandbox (nothing connects out), runaway queries stopped by killing their worker while
other clients are served by the server's threads, and start-up reporting."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from kg.settings import ServerSettings
from tests.conftest import copy_build
from tests.serving import QUERY_TIMEOUT, kg_serve

KGO = "https://w3id.org/police-inspection-kg/ontology#"
KGR = "https://w3id.org/police-inspection-kg/id/"
COUNT_JUDGMENTS = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?j a <{KGO}Judgment> }}"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def listener() -> Iterator[tuple[str, list]]:
    """A socket on loopback that records any connection: nothing may ever connect to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    connections: list = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, address = sock.accept()
                connections.append(address)
                conn.close()
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", connections
    time.sleep(0.5)  # give a late fetch the chance to show itself
    stop.set()
    thread.join(2)
    sock.close()
    assert connections == [], "the server connected out"


def count(response: requests.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# Start-up -------------------------------------------------------------------------------------


def test_listens_on_loopback_by_default(server: str) -> None:
    assert server.startswith("http://127.0.0.1:")
    assert ServerSettings().host == "127.0.0.1"


def test_a_graph_that_cannot_be_loaded_is_reported_at_once(built, settings, tmp_path) -> None:
    """The service starts (it loads in the background) and a query says why it cannot be
    answered, rather than waiting out the timeout."""
    copy_build(settings, tmp_path)
    with open(tmp_path / "graph.nq", "a", encoding="utf-8") as handle:
        handle.write("<http://example.org/broken> <http://example.org/p> .\n")
    with kg_serve(tmp_path, "--query-timeout", "60") as running:
        started = time.monotonic()
        response = requests.get(f"{running.url}/queries/judgments", params={"format": "json"})
        assert response.status_code == 503
        message = response.json()["error"]["message"]
        assert "no query worker could start" in message and "graph.nq" in message
        assert time.monotonic() - started < 30


# Safety: the network sandbox and runaway queries -----------------------------------------------


def test_no_outbound_request_from_service_from_or_load(server: str, listener) -> None:
    url, _connections = listener
    attempts = [
        {"query": f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"},
        {"query": f"SELECT * FROM <{url}/g> WHERE {{ ?s ?p ?o }}"},
        {"query": f"SELECT * FROM NAMED <{url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "default-graph-uri": f"{url}/g"},
        {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "named-graph-uri": f"{url}/g"},
        {"query": f"LOAD <{url}/g>"},
        {"update": f"LOAD <{url}/g>"},
    ]
    for params in attempts:
        response = requests.get(f"{server}/sparql", params=params)
        assert response.status_code in (400, 403), (params, response.text)


def test_no_outbound_request_from_validation(server: str, listener) -> None:
    url, _connections = listener
    remote_context = json.dumps({"@context": f"{url}/context.jsonld", "@id": "x"})
    response = requests.post(
        f"{server}/validate", data=remote_context, headers={"Content-Type": "application/ld+json"}
    )
    assert response.status_code == 400
    assert "not fetched" in response.json()["error"]["message"]
    imports = f"<{KGR}x> <http://www.w3.org/2002/07/owl#imports> <{url}/ontology.ttl> ."
    response = requests.post(
        f"{server}/validate", data=imports, headers={"Content-Type": "text/turtle"}
    )
    assert response.status_code == 200


def test_runaway_query_is_stopped_while_others_are_answered(server: str) -> None:
    outcome: dict = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["response"] = requests.get(f"{server}/sparql", params={"query": RUNAWAY})
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    # Meanwhile other clients are served.
    assert requests.get(f"{server}/health", timeout=2).status_code == 200
    assert (
        count(
            requests.get(
                f"{server}/sparql", params={"query": COUNT_JUDGMENTS}, timeout=QUERY_TIMEOUT
            )
        )
        == 16
    )
    thread.join(60)
    response = outcome["response"]
    assert response.status_code == 503
    assert "was stopped" in response.json()["error"]["message"]
    assert outcome["seconds"] < QUERY_TIMEOUT + 5
    # The stopped worker is replaced: the service keeps answering.
    time.sleep(1)
    assert count(requests.get(f"{server}/sparql", params={"query": COUNT_JUDGMENTS})) == 16


def test_queries_parsed_at_the_same_time_are_all_answered(server: str) -> None:
    """rdflib's SPARQL parser (pyparsing) is not safe to run in several threads at once: new
    queries arriving together used to fail with 500 (a TypeError inside the parser)."""
    from concurrent.futures import ThreadPoolExecutor

    def ask(number: int) -> int:
        text = f"SELECT ?j WHERE {{ ?j a <{KGO}Judgment> }} LIMIT {number}"
        return requests.get(f"{server}/sparql", params={"query": text}, timeout=60).status_code

    with ThreadPoolExecutor(8) as pool:
        for round_ in range(4):
            statuses = list(pool.map(ask, range(100 * round_ + 1, 100 * round_ + 9)))
            assert statuses == [200] * 8, statuses


# Real clients ----------------------------------------------------------------------------------


def test_sparqlwrapper(server: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(f"SELECT ?g WHERE {{ ?j <{KGO}grade> ?g }}")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert len(rows) == 16
    client.setQuery(f"CONSTRUCT {{ ?j <{KGO}grade> ?g }} WHERE {{ ?j <{KGO}grade> ?g }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 16
    client.setMethod("POST")
    client.setQuery(f"ASK {{ ?j a <{KGO}Judgment> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_rdflib_sparqlstore(server: str) -> None:
    graph = Graph(store=SPARQLStore(f"{server}/sparql", returnFormat="json"))
    rows = list(graph.query(f"SELECT ?j WHERE {{ ?j a <{KGO}Judgment> }}"))
    assert len(rows) == 16
    assert (None, URIRef(f"{KGO}grade"), URIRef(f"{KGR}grade/outstanding")) in graph

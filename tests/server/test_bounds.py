"""Bounded work on a real `kg serve`: a worker over its memory cap is replaced with a 400,
runaway queries leave a worker for a simple one, idle connections leave room for a client."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests

from kg.settings import Settings
from tests.query.test_limits import ENTITY_BOMB, RDF_XML
from tests.serving import kg_serve

ASK = "ASK { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# One row that grows without end: 33,000 squared values joined by a long separator.
HUGE_ROW = (
    'SELECT (GROUP_CONCAT(STR(?o); separator="xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") AS ?c) '
    "WHERE { ?s ?p ?o . ?a ?b ?d }"
)


@pytest.fixture(scope="module")
def bounded(built: object, settings: Settings) -> Iterator[str]:
    options = ("--workers", "2", "--query-timeout", "6", "--worker-memory-mb", "400")
    with kg_serve(settings.data_dir, *options, "--channel-timeout", "5") as running:
        yield running.url


def sparql(url: str, query: str, timeout: float = 20) -> requests.Response:
    return requests.post(
        f"{url}/sparql",
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
        timeout=timeout,
    )


def answers_ask_fast(url: str) -> None:
    started = time.monotonic()
    response = sparql(url, ASK, timeout=5)
    assert response.status_code == 200 and response.json()["boolean"] is True
    assert time.monotonic() - started < 2


def test_a_query_over_the_memory_cap_is_a_400_and_its_worker_replaced(bounded: str) -> None:
    # Before: the worker grew past 3-4 GB. Now its allocation fails at 400 MB, Oxigraph
    # aborts, and the pool says why and starts another worker.
    response = sparql(bounded, HUGE_ROW)
    assert response.status_code == 400
    assert "more than the 400 MB a query worker may use" in response.json()["error"]["message"]
    answers_ask_fast(bounded)


def test_runaways_leave_a_worker_for_a_simple_query(bounded: str) -> None:
    # Five at once, more than the two workers: before, an ASK waited for the timeout.
    answers: list[int] = []
    threads = [
        threading.Thread(target=lambda: answers.append(sparql(bounded, RUNAWAY).status_code))
        for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    for _ in range(3):
        answers_ask_fast(bounded)
    for thread in threads:
        thread.join(30)
    assert sorted(answers) == [503] * 5  # stopped at the timeout, or refused as busy


def test_idle_connections_leave_room_for_a_client(bounded: str) -> None:
    # Before: waitress's 100 connections were taken by 110 idle sockets; an ASK got no answer
    # in 15 s (measured with --connection-limit 100 --channel-timeout 120, waitress's own).
    address = urlsplit(bounded)
    host, port = address.hostname, address.port
    assert host is not None and port is not None
    idle = [socket.create_connection((host, port), timeout=5) for _ in range(110)]
    # Half of them slow: a request begun and never finished (waitress buffers it, no thread).
    for connection in idle[::2]:
        connection.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nq")
    try:
        time.sleep(0.5)
        answers_ask_fast(bounded)
        # Idle ones are closed after channel_timeout (5 s; looked for every 2 s).
        time.sleep(8)
        idle[0].settimeout(2)
        assert idle[0].recv(1) == b""
    finally:
        for connection in idle:
            connection.close()


def test_hostile_bodies_are_refused_fast_while_an_ask_is_answered(bounded: str) -> None:
    # Before: eight UTF-16 entity bombs (954 bytes, 2 MB expanded) held every thread 10 s.
    bomb = ENTITY_BOMB.encode("utf-16-le")
    namespaces = "".join(f' xmlns:n{i}="http://example.org/{i}/"' for i in range(12_000))
    prefixes = "".join(f"@prefix p{i}: <http://example.org/{i}/> .\n" for i in range(14_000))
    bodies = [(bomb, "application/rdf+xml")] * 8 + [
        (RDF_XML.replace("xmlns:ex=", namespaces + " xmlns:ex=").encode(), "application/rdf+xml"),
        (prefixes.encode(), "text/turtle"),
        (("[" * 5000 + "]" * 5000).encode(), "application/ld+json"),
    ]
    answers: list[tuple[int, str]] = []

    def post(body: bytes, media_type: str) -> None:
        response = requests.post(
            f"{bounded}/validate", data=body, headers={"Content-Type": media_type}, timeout=10
        )
        answers.append((response.status_code, response.json()["error"]["message"]))

    threads = [threading.Thread(target=post, args=body) for body in bodies]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    answers_ask_fast(bounded)
    for thread in threads:
        thread.join(10)
    assert sorted(status for status, _ in answers) == [400] * 9 + [413] * 2
    assert all("limit of" in message or "DOCTYPE" in message for _, message in answers)
    assert time.monotonic() - started < 3


def test_a_body_that_parses_too_long_is_stopped_while_an_ask_is_answered(bounded: str) -> None:
    """rdflib's Turtle parser is quadratic in a literal's line breaks: 400,000 of them take
    4 s, 950,000 (under the 1 MB body limit) over 20 s. Bodies are parsed in a query worker,
    so the query timeout (6 s here) stops it and the worker is replaced; before, the parse held
    an HTTP thread for as long as it took."""
    body = '<urn:x:s> <urn:x:p> """' + "\n" * 950_000 + '""" .\n'
    answered: list[requests.Response] = []

    def post() -> None:
        answered.append(
            requests.post(
                f"{bounded}/validate",
                data=body.encode(),
                headers={"Content-Type": "text/turtle", "Accept": "application/json"},
                timeout=60,
            )
        )

    started = time.monotonic()
    poster = threading.Thread(target=post)
    poster.start()
    time.sleep(0.5)
    answers_ask_fast(bounded)  # the other worker answers meanwhile
    poster.join(60)
    elapsed = time.monotonic() - started
    (response,) = answered
    assert response.status_code == 503, response.text
    assert "request body: reading it took longer than the 6 s limit" in response.text
    assert elapsed < 15  # the parse alone takes over 20 s
    answers_ask_fast(bounded)  # and the replaced worker is back

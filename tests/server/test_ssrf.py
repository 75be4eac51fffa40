"""SSRF through SERVICE: no query makes the service, its workers or its store fetch a URL.

Two layers, each tested alone against a real loopback listener that records connections:
- the workers have no network (a namespace of their own): with the guard switched off in a
  real worker, the SERVICE tricks reach Oxigraph and still connect nowhere;
- the guard refuses SERVICE by its spelling, whatever rdflib's parse makes of the text: a
  fuzzed corpus of spellings over /sparql (GET and both POSTs), /export, named-query
  parameters, and `kg serve --store` over a real `oxigraph serve`, where the guard alone stands
  between a client and the network.
The control tests show each trick is real: it passes rdflib's parse (the guard before this
change) and Oxigraph does connect out when nothing stops it.
"""

from __future__ import annotations

import logging
import multiprocessing
import random
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryRefused
from kg.query import workers
from kg.query.guard import _parse_unlocked, check_query
from kg.query.jobs import QueryJob
from kg.settings import Settings
from tests.query.test_remote import oxigraph  # noqa: F401 (a fixture: `oxigraph serve`)
from tests.serving import kg_serve

REFUSED = "SERVICE is not allowed"


@dataclass
class Listener:
    url: str
    connections: list = field(default_factory=list)


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A socket server on 127.0.0.1 that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.1)
    recorded = Listener(f"http://127.0.0.1:{sock.getsockname()[1]}/sparql")
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, address = sock.accept()
            except OSError:
                continue
            recorded.connections.append(address)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield recorded
    stop.set()
    thread.join(2)
    sock.close()


def settle(listener: Listener) -> list:
    time.sleep(0.3)  # a late fetch shows itself
    return listener.connections


# The corpus ----------------------------------------------------------------------------------


def tricks(url: str) -> dict[str, str]:
    """The two that got through: rdflib reads past a CR in a comment; rdflib reads \\u005C
    before parsing (so the string runs on over SERVICE), Oxigraph only within the string."""
    return {
        "comment ending at CR": f"SELECT * WHERE {{ # x\r SERVICE <{url}> {{ ?s ?p ?o }}\n }}",
        "escaped backslash": (
            f'SELECT * WHERE {{ BIND("\\u005C" AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} # " AS ?y)\n}}'
        ),
    }


KEYWORDS = [
    "SERVICE",
    "service",
    "SeRvIcE",
    "\\u0053ERVICE",
    "\\u0073ervice",
    "SERVIC\\u0045",
    "\\U00000053ERVICE",
    "\u017fervice",  # a long s: upper-cases to S
]
SEPARATORS = [" ", "\t", "\r", "\r\n", "\n", "", "# c\n", "# c\r", "# c\r\n", "\\u0020", "\u00a0"]
TARGETS = [
    "<{url}>",
    "<{url_escaped}>",
    "SILENT <{url}>",
    "silent\n<{url}>",
    "?u",
    "$u",
    "ext:sparql",
    "ext:",
]
PLACES = [
    "{clause}",
    "{{ {clause} }}",
    "{{ SELECT * WHERE {{ {clause} }} }}",
    "FILTER EXISTS {{ {clause} }}",
    "FILTER NOT EXISTS {{ {clause} }}",
    "OPTIONAL {{ {clause} }}",
    "{{ ?a ?b ?c }} UNION {{ {clause} }}",
    "?a ?b ?c MINUS {{ {clause} }}",
    "GRAPH ?g {{ {clause} }}",
    "?a ?b ?c .{clause}",
    "# x\r {clause}\n",
    'BIND("\\u005C" AS ?x) {clause} # " AS ?y)\n',
]


def spelling(url: str, keyword: str, separator: str, target: str, place: str) -> str:
    escaped = url.replace("/sparql", "\\u002Fsparql")
    name = target.format(url=url, url_escaped=escaped)
    clause = f"{keyword}{separator}{name} {{ ?s ?p ?o }}"
    where = place.format(clause=clause)
    return (
        f"PREFIX ext: <{url.removesuffix('sparql')}>\n"
        f"SELECT * WHERE {{ BIND(<{url}> AS ?u) {where} }}"
    )


def corpus(url: str) -> list[str]:
    queries = [
        spelling(url, keyword, separator, target, place)
        for keyword in KEYWORDS
        for separator in SEPARATORS
        for target in TARGETS
        for place in PLACES
        if separator or not target[0].isalpha()  # SERVICEext: would be one word
    ]
    return [*tricks(url).values(), *queries]


def sample(url: str, count: int) -> list[str]:
    """The two tricks and a fixed random sample of the corpus (for the tests over HTTP)."""
    everything = corpus(url)
    return everything[:2] + random.Random(15).sample(everything[2:], count)


# The guard, as a function --------------------------------------------------------------------


def test_every_spelling_in_the_corpus_is_refused() -> None:
    queries = corpus("http://127.0.0.1:9/sparql")
    assert len(queries) > 5000
    for query in queries:
        with pytest.raises(QueryRefused) as refused:
            check_query(query, None)
        assert refused.value.status == 400 and REFUSED in refused.value.message, repr(query)


def test_the_tricks_passed_rdflibs_parse_alone() -> None:
    """The guard before this change decided on rdflib's parse: it saw no SERVICE here."""
    for name, query in tricks("http://127.0.0.1:9/sparql").items():
        form, _default, _named = _parse_unlocked(query)
        assert form == "SELECT", name


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service ?x WHERE { ?service ?p ?x } LIMIT 1",
        "SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'probation service')) } LIMIT 1",
        "SELECT * WHERE { ?s <http://example.org/service> ?o } # the service is down\n",
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:Service ?o ; ex:service ?x }",
        "SELECT * WHERE { ?s a <http://schema.org/Service> }",
        'ASK { ?s ?p "customer service \\u00e9 desk" }',
    ],
)
def test_text_that_merely_says_service_is_not_refused(query: str) -> None:
    assert check_query(query, None).form in ("SELECT", "ASK")


# The workers, with the guard switched off ----------------------------------------------------


def _unguarded_worker(conn: Connection, graph: str, curation: str, isolated: bool) -> None:
    """A real query worker (kg.query.workers) whose guard is rdflib's parse alone, as before
    this change; with isolated False, without its network namespace either."""
    from kg.query import guard, sandbox, workers
    from kg.query.limits import Limits
    from kg.query.stores import oxigraph_store

    guard.refuse_service = oxigraph_store.refuse_service = lambda text: None  # type: ignore
    if not isolated:
        sandbox.isolate_network = lambda: "switched off by the test"  # type: ignore
    workers._worker_main(conn, graph, curation, 100, Limits())


def run_unguarded(settings: Settings, queries: list[str], isolated: bool) -> list[tuple]:
    context = multiprocessing.get_context("spawn")
    conn, child = context.Pipe()
    process = context.Process(
        target=_unguarded_worker,
        args=(child, str(settings.graph_file), str(settings.curation_file), isolated),
        daemon=True,
    )
    process.start()
    child.close()
    try:
        assert conn.poll(120), "the worker did not start"
        ready = conn.recv()
        assert ready == ("ready", None if isolated else "switched off by the test"), ready
        replies = []
        for query in queries:
            conn.send(QueryJob(query, "json"))
            assert conn.poll(30), "the worker did not answer"
            replies.append(conn.recv())
        return replies
    finally:
        process.kill()
        process.join(5)


def test_a_worker_has_no_route_even_when_the_guard_lets_service_through(
    built, settings: Settings, listener: Listener
) -> None:
    replies = run_unguarded(settings, list(tricks(listener.url).values()), isolated=True)
    for reply in replies:
        assert reply[0] == "error" and "unreachable" in reply[2].lower(), reply
    assert settle(listener) == []


def test_without_its_namespace_the_worker_connects_out(
    built, settings: Settings, listener: Listener
) -> None:
    """The control: the tricks pass rdflib's guard and the audit hook (Oxigraph's HTTP client
    is native code), and Oxigraph fetches the URL."""
    run_unguarded(settings, list(tricks(listener.url).values()), isolated=False)
    assert len(settle(listener)) >= 2


# A real `kg serve` ---------------------------------------------------------------------------


def ask_answers_quickly(url: str) -> None:
    started = time.monotonic()
    response = requests.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert response.status_code == 200 and response.json()["boolean"] is True
    assert time.monotonic() - started < 2


def assert_refused(response: requests.Response, query: str) -> None:
    assert response.status_code == 400, (query, response.status_code, response.text)
    assert REFUSED in response.json()["error"]["message"], query


def test_sparql_refuses_every_spelling(server: str, listener: Listener) -> None:
    sparql = f"{server}/sparql"
    for query in sample(listener.url, 40):
        assert_refused(requests.get(sparql, params={"query": query}, timeout=10), query)
        assert_refused(requests.post(sparql, data={"query": query}, timeout=10), query)
        body = requests.post(
            sparql,
            data=query.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query"},
            timeout=10,
        )
        assert_refused(body, query)
    assert settle(listener) == []
    ask_answers_quickly(server)


def test_export_refuses_every_spelling(server: str, listener: Listener) -> None:
    for query in sample(listener.url, 20):
        construct = query.replace("SELECT *", "CONSTRUCT { ?s ?p ?o }", 1)
        response = requests.post(f"{server}/export/graphml", data={"query": construct}, timeout=10)
        assert_refused(response, construct)
    assert settle(listener) == []
    ask_answers_quickly(server)


def test_named_query_parameters_are_terms_not_text(server: str, listener: Listener) -> None:
    for query in sample(listener.url, 5):
        response = requests.get(f"{server}/queries/entity", params={"name": query}, timeout=10)
        assert response.status_code < 500, response.text
    assert settle(listener) == []
    ask_answers_quickly(server)


# `kg serve --store` over a real `oxigraph serve`: only the guard protects ---------------------


def test_oxigraph_serve_fetches_what_a_trick_names(oxigraph: str, listener: Listener) -> None:  # noqa: F811
    """The control: the store behind --store runs SERVICE and connects out."""
    query = tricks(listener.url)["comment ending at CR"]
    requests.post(f"{oxigraph}/query", data={"query": query}, timeout=10)
    assert len(settle(listener)) >= 1


def test_serve_with_a_store_refuses_every_spelling(
    built,
    settings: Settings,
    oxigraph: str,  # noqa: F811
    listener: Listener,
) -> None:
    with kg_serve(settings.data_dir, "--store", f"{oxigraph}/query") as running:
        for query in sample(listener.url, 30):
            response = requests.get(f"{running.url}/sparql", params={"query": query}, timeout=10)
            assert_refused(response, query)
        assert settle(listener) == []
        response = requests.get(
            f"{running.url}/sparql", params={"query": "ASK {}"}, timeout=10
        )  # the store is empty here: ASK {} is true on any store
        assert response.status_code == 200 and response.json()["boolean"] is True


# `kg query`: the engine runs in the command's own process, where the guard alone protects ----


def test_kg_query_refuses_the_tricks(built, settings: Settings, listener: Listener) -> None:
    for query in tricks(listener.url).values():
        result = CliRunner().invoke(main, ["--data-dir", str(settings.data_dir), "query", query])
        assert result.exit_code == 2 and REFUSED in result.output, result.output
    assert settle(listener) == []


# Where a namespace cannot be had ---------------------------------------------------------------


def _isolate_with_unshare_refused(conn: Connection) -> None:
    """isolate_network in a fresh process whose unshare(2) always fails with EPERM."""
    import ctypes
    import errno

    from kg.query import sandbox

    class Refusing:
        def unshare(self, flags: int) -> int:
            ctypes.set_errno(errno.EPERM)
            return -1

    sandbox.ctypes.CDLL = lambda *args, **kwargs: Refusing()  # type: ignore
    conn.send(sandbox.isolate_network())


def test_a_worker_that_cannot_be_isolated_says_why() -> None:
    context = multiprocessing.get_context("spawn")
    conn, child = context.Pipe()
    process = context.Process(target=_isolate_with_unshare_refused, args=(child,))
    process.start()
    assert conn.poll(60)
    reason = conn.recv()
    process.join(10)
    assert reason is not None and "unshare(CLONE_NEWNET) failed" in reason
    assert "with a user namespace" in reason


def test_the_service_warns_when_its_workers_have_network(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    """The pool's side: a worker that reports no isolation gets a warning, once."""

    class Unisolated:
        def __init__(self, *args: object) -> None:
            self.not_isolated = "unshare(CLONE_NEWNET) failed: Operation not permitted"

        def wait_ready(self, timeout: float) -> None:
            pass

        def kill(self) -> None:
            pass

    monkeypatch.setattr(workers, "_Worker", Unisolated)
    with caplog.at_level(logging.WARNING, logger="kg.query.workers"):
        pool = workers.QueryWorkers(tmp_path / "graph.nq", tmp_path / "c.sqlite", 2, 1, 10)
        deadline = time.monotonic() + 5
        while pool._idle.qsize() < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        pool.close()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "without network isolation" in warnings[0] and "Operation not permitted" in warnings[0]

"""The pool of query worker processes, on its own: what the HTTP tests only meet by chance."""

from __future__ import annotations

import logging

import pytest

from kg.query.workers import QueryJob, QueryWorkers
from kg.settings import Settings


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2, 0.5])
def test_closing_while_workers_load_is_clean(
    built, settings: Settings, caplog: pytest.LogCaptureFixture, delay: float
) -> None:
    """kg serve stopped (SIGTERM) while a worker was still loading the graph: close() and the
    starting thread both killed it, and the second close of its pipe raised (found by running
    the README's test command)."""
    import time

    caplog.set_level(logging.ERROR, logger="kg.query.workers")
    workers = QueryWorkers(settings.graph_file, settings.curation_file, 2, 30, 100)
    time.sleep(delay)
    workers.close()
    time.sleep(0.5)  # let the starting thread see its worker die
    assert [r.getMessage() for r in caplog.records] == []


def test_a_query_waits_for_the_first_worker(built, settings: Settings) -> None:
    workers = QueryWorkers(settings.graph_file, settings.curation_file, 2, 60, 100)
    try:
        body = workers.run(QueryJob(text="ASK { ?s ?p ?o }", format="json"))
        assert b"true" in body
    finally:
        workers.close()


_CAP_PROBE = """
import resource
from kg.query.limits import Limits
from kg.query.workers import _address_space, limit_memory

held = bytearray(300 * 1024 * 1024)  # a graph held in memory: 300 MB
before = _address_space()
limit_memory(Limits(worker_memory_mb=100))
soft, hard = resource.getrlimit(resource.RLIMIT_AS)
print(before, soft, hard == resource.RLIM_INFINITY)
try:
    more = bytearray(200 * 1024 * 1024)  # over the 100 MB a query may use
    print("allocated")
except MemoryError:
    print("refused")
small = bytearray(50 * 1024 * 1024)  # within it
limit_memory(Limits(worker_memory_mb=100), loading=400 * 1024 * 1024)  # moved, not stuck
print(resource.getrlimit(resource.RLIMIT_AS)[0] > soft)
"""


def test_the_memory_cap_is_what_a_query_may_use_beyond_the_graph() -> None:
    """A fixed cap of 2000 MB left a worker holding 1M triples (730 MB) too little for its
    own full lists, which failed at random with a 400; the cap is now the worker's address
    space plus what a query may use, and only the soft limit, so it can move after a load."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _CAP_PROBE], capture_output=True, text=True, check=True
    ).stdout.split()
    before, soft, hard_unlimited = int(out[0]), int(out[1]), out[2]
    assert before > 300 * 1024 * 1024
    assert soft == before + 100 * 1024 * 1024
    assert hard_unlimited == "True"
    assert out[3:] == ["refused", "True"]

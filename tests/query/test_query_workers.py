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

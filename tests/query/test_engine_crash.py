"""A query that crashes the engine: a clear error, the worker replaced, and no way to keep the
pool restarting. `SELECT * { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o` over the 33 values of
tests/data/order-by-panic.nq (found in an earlier seed graph) aborts Oxigraph (a panic in its sort
over numbers mixed with text; bench/engine-bugs/order_by_mixed_panic.py)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import QueryFailed
from kg.query.crashes import CrashLog, panic_message
from kg.query.workers import QueryJob, QueryWorkers
from kg.settings import Settings
from tests.paths import DATA_DIR

# Over the named graph: whether the sort notices depends on the order its input comes in, and
# the default graph (written once at load) gives them in another order, which passes.
CRASHES = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o"
REPRODUCER = Path(__file__).parents[2] / "bench" / "engine-bugs" / "order_by_mixed_panic.py"
PANICS = DATA_DIR / "order-by-panic.nq"  # the reproducer's values, as a graph to serve


@pytest.fixture
def workers(settings: Settings) -> Iterator[QueryWorkers]:
    pool = QueryWorkers(PANICS, settings.curation_file, 2, 60, 100_000)
    pool.crashes = CrashLog(per_client=2)
    yield pool
    pool.close()


def test_the_reproducer_still_crashes_the_engine() -> None:
    """When this fails, the engine is mended: the refusals here may go."""
    run = subprocess.run([sys.executable, str(REPRODUCER)], capture_output=True, timeout=60)
    assert run.returncode != 0
    assert panic_message(run.stderr.decode()) == (
        "user-provided comparison function does not correctly implement a total order"
    )


def test_a_crash_is_said_the_worker_replaced_and_the_text_refused_after(
    workers: QueryWorkers,
) -> None:
    with pytest.raises(QueryFailed) as crashed:
        workers.run(QueryJob(text=CRASHES, format="json", client="a"))
    assert crashed.value.status == 422
    message = crashed.value.message
    assert "query engine (Oxigraph) failed on this query" in message
    assert "total order" in message and CRASHES in message
    # Others are answered, by the other worker and then by the one started in its place.
    for _ in range(3):
        assert b"true" in workers.run(QueryJob(text="ASK { ?s ?p ?o }", format="json"))
    # The same text, from anyone, is refused before it runs.
    with pytest.raises(QueryFailed) as again:
        workers.run(QueryJob(text="  " + CRASHES.replace(" ", "\n"), format="json", client="b"))
    assert again.value.status == 400 and "crashed the query engine" in again.value.message


def test_a_client_that_crashes_the_engine_again_and_again_is_held_off(
    workers: QueryWorkers,
) -> None:
    for variant in (CRASHES, CRASHES + " # again"):
        with pytest.raises(QueryFailed, match="failed on this query"):
            workers.run(QueryJob(text=variant, format="json", client="a"))
    with pytest.raises(QueryFailed) as held:
        workers.run(QueryJob(text=CRASHES + " # a third", format="json", client="a"))
    assert held.value.status == 429 and "ORDER BY" in held.value.message
    # Its other queries, and other clients' sorts, are answered.
    assert b"true" in workers.run(QueryJob(text="ASK { ?s ?p ?o }", format="json", client="a"))
    sorted_labels = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3"
    assert b"bindings" in workers.run(QueryJob(text=sorted_labels, format="json", client="b"))

"""Running queries in worker processes, so that a runaway query can be stopped.

rdflib evaluates SPARQL in pure Python and offers no way to cancel a query, and a thread cannot
be stopped from outside. So each query runs in one of a few worker processes, each holding the
graph; the server waits for the answer up to the timeout, and if none comes it kills that worker
and starts a fresh one while the other workers go on answering.

Workers also take themselves off the network: first a network namespace of their own with no
route anywhere (kg.query.sandbox; Oxigraph's HTTP client is native code), then an audit hook
that refuses every outbound connection and name lookup from Python, so no query can make the
server fetch a URL, whatever slips past the guard. A worker that cannot get a namespace says
so when ready, and the service logs a warning.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from kg.errors import (
    InputSyntaxError,
    KgError,
    QueryFailed,
    QueryRefused,
    QueryTimeout,
    TooManyRows,
)
from kg.graph.parsing import parse_rdf_text
from kg.query.crashes import (
    CrashLog,
    engine_failed,
    engine_output,
    panic_message,
    ran_out_of_memory,
    shown_query,
)
from kg.query.jobs import ParseJob, QueryJob
from kg.query.limits import Limits, configure, current, is_expensive
from kg.query.stores.disk_copy import WORTH_A_COPY, disk_copy

if TYPE_CHECKING:
    from kg.query.stores.oxigraph_store import OxigraphStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ListGraphs:
    """Asks a worker for the names of its store's graphs (curated graphs included)."""


def forbid_network(allowed: tuple[str, int] | None = None) -> None:
    """Refuse, in this process, every outbound connection and name lookup (audit hook), but
    for the one (host, port) given: the SPARQL store that `kg serve --store` answers from."""
    hosts: set[str] = set()
    if allowed is not None:
        host, port = allowed
        # An address is (host, port, ...); only a Python built without IPv6 gives (int, bytes)
        # for an IPv6 one, which holds no host to match.
        addresses = (info[4][0] for info in socket.getaddrinfo(host, port))
        hosts = {host} | {address for address in addresses if isinstance(address, str)}

    def hook(event: str, args: tuple) -> None:
        if event == "socket.getaddrinfo" and args[0] in hosts:
            return
        if event == "socket.connect" and allowed is not None:
            address = args[1]
            if isinstance(address, tuple) and address[0] in hosts and address[1] == allowed[1]:
                return
        if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
            raise PermissionError(f"network access is disabled in this process ({event})")

    sys.addaudithook(hook)


def limit_memory(limits: Limits, loading: int = 0) -> None:
    """Apply the service's limits in this worker, and cap its address space (RLIMIT_AS): a
    GROUP_CONCAT over a cross product grew a worker past 3-4 GB. Over the cap, an allocation
    fails; Oxigraph then aborts the process, which the pool sees and replaces.

    The cap is what the worker holds now, plus what a query may use (worker_memory_mb), plus
    `loading` bytes while a graph is still to load: a fixed cap left a worker holding 1M
    triples (730 MB) too little for the named queries' own full lists, which then failed at
    random. Only the soft limit is set, so the worker can move it once its graph is loaded;
    a query cannot."""
    configure(limits)
    if limits.worker_memory_mb <= 0:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _address_space() + limits.worker_memory_mb * 1024 * 1024 + loading
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _address_space() -> int:
    """This process's address space (VmSize), in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


# Room to load a graph, by graph.nq's size: 1M triples, 338 MiB of N-Quads, peaked at 983 MB
# of address space while loading into memory (bench/RESULTS.md, issue 16).
_LOAD_ROOM = 4


def _worker_main(
    conn: Connection,
    graph_file: str,
    curation_file: str,
    max_rows: int,
    limits: Limits,
    engine_output: str | None = None,
) -> None:
    # What the engine prints when it aborts (a panic, a failed allocation) goes to a file the
    # pool reads when this process dies (kg.query.crashes).
    if engine_output is not None:
        with open(engine_output, "ab") as output:
            os.dup2(output.fileno(), 2)
    # Before anything else, and before Oxigraph starts its threads (a user namespace needs a
    # single-threaded process).
    from kg.query.sandbox import isolate_network

    not_isolated = isolate_network()
    forbid_network()
    try:
        graph_size = Path(graph_file).stat().st_size
    except OSError:  # no graph: loading says so
        graph_size = 0
    limit_memory(limits, loading=_LOAD_ROOM * graph_size)
    # Imported here: a spawned worker starts from a bare interpreter.
    from kg.curation.log import CurationLog
    from kg.query.stores.disk_copy import WarmingStore
    from kg.query.stores.oxigraph_store import OxigraphStore

    # Oxigraph answers; the store catches up with the curation log before each query. With an
    # on-disk copy of the graph, the worker is ready at once and answers from it while it
    # loads memory (kg.query.stores.disk_copy).
    copy = disk_copy(Path(graph_file))
    engine: Callable[[], OxigraphStore]
    try:
        if copy is not None:
            loaded = partial(limit_memory, limits)  # once memory holds the graph
            engine = WarmingStore(Path(graph_file), copy, Path(curation_file), loaded).current
        else:
            engine = _always(OxigraphStore(Path(graph_file), CurationLog(Path(curation_file))))
            limit_memory(limits)
    except Exception as error:  # a graph that cannot be loaded: say why, then stop
        conn.send(("failed", f"{graph_file}: {type(error).__name__}: {error}"))
        return
    conn.send(("ready", not_isolated))
    while True:
        try:
            message: QueryJob | ListGraphs | ParseJob = conn.recv()
        except (EOFError, OSError):
            return
        try:
            store = engine()
        except Exception as error:  # the graph could not be loaded into memory
            conn.send(("error", 503, f"{graph_file}: {type(error).__name__}: {error}"))
            continue
        if isinstance(message, ListGraphs):
            store.sync()
            conn.send(("ok", store.graph_names))
            continue
        if isinstance(message, ParseJob):
            conn.send(_parsed(message, limits))
            continue
        job = message
        try:
            body = store.serialize(
                job.text,
                job.format,
                max_rows,
                job.bindings,
                job.default_graphs or None,
                job.named_graphs or None,
                base_iri=job.base_iri,
            )
            conn.send(("ok", body))
        except TooManyRows as error:
            conn.send(("error", 400, str(error)))
        except QueryRefused as error:
            conn.send(("error", error.status, error.message))
        except MemoryError:
            conn.send(("error", 400, _over_memory(limits)))
        except Exception as error:  # report any failure of one query, keep serving
            conn.send(("error", 400, f"query failed: {error}"))


def _always(store: OxigraphStore) -> Callable[[], OxigraphStore]:
    return lambda: store


def _parsed(job: ParseJob, limits: Limits) -> tuple:
    """A body parsed here, where the timeout and the memory cap apply: its triples, as the
    terms rdflib made (pickled whole, so a term another syntax could not write, such as an IRI
    with a space, reaches the submission checks that name it), or the error to raise in the
    service (rebuilt there: exceptions whose constructor takes more than a message do not
    survive the pipe)."""
    try:
        return ("ok", list(parse_rdf_text(job.text, job.rdf_format, job.source)))
    except InputSyntaxError as error:
        return ("syntax", error.source, error.line, error.column, error.reason, error.status)
    except KgError as error:
        return ("error", error.status, error.message)
    except MemoryError:
        return ("error", 400, _over_memory(limits))
    except Exception as error:  # whatever the parser raises, the worker goes on
        return ("error", 400, f"{job.source}: {error}")


class _Worker:
    def __init__(self, context, graph_file: Path, curation_file: Path, max_rows: int) -> None:
        self.conn, child = context.Pipe()
        handle, name = tempfile.mkstemp(prefix="kg-worker-", suffix=".stderr")
        os.close(handle)
        self.engine_output = Path(name)
        self.process = context.Process(
            target=_worker_main,
            args=(child, str(graph_file), str(curation_file), max_rows, current(), name),
            daemon=True,
        )
        self.process.start()
        child.close()
        # The pool's close() and the thread that starts this worker may both kill it.
        self._kill_lock = threading.Lock()
        self._killed = False
        self.not_isolated: str | None = None  # why it has network access, if it has

    def wait_ready(self, timeout: float) -> None:
        try:
            if not self.conn.poll(timeout):
                self.kill()
                raise RuntimeError("a query worker did not start in time")
            message = self.conn.recv()
        except (EOFError, OSError):  # it exited, or was killed while loading
            message = ("failed", "it exited while loading the graph")
        if message[0] != "ready":
            self.kill()
            raise RuntimeError(message[1])
        self.not_isolated = message[1]

    def kill(self) -> None:
        with self._kill_lock:
            if self._killed:
                return
            self._killed = True
        self.process.kill()
        self.process.join(5)
        self.conn.close()
        self.engine_output.unlink(missing_ok=True)


class QueryWorkers:
    """A fixed number of worker processes; each query borrows one (a kg.query.jobs.QueryBackend)."""

    def __init__(
        self, graph_file: Path, curation_file: Path, size: int, timeout: float, max_rows: int
    ) -> None:
        self.graph_file = graph_file
        self.curation_file = curation_file
        self.timeout = timeout
        self.max_rows = max_rows
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._start_error: str | None = None
        self._warned = False
        # Admission: queries of expensive shapes (kg.query.limits.is_expensive) may hold all
        # workers but one, so a runaway cannot keep a simple query from being answered.
        self._expensive = threading.BoundedSemaphore(max(1, size - 1))
        self.crashes = CrashLog()  # queries that crashed the engine, and who sent them
        # Workers start in the background while the service sets itself up; a query waits for
        # the first one ready. They load one after another rather than all at once, which on a
        # small machine made every one of them, and so the first answer, slower.
        threading.Thread(target=self._warm_up, args=(max(1, size),), daemon=True).start()

    def _warm_up(self, size: int) -> None:
        """Start the workers; the first time a large graph is served, once the first worker
        is ready, write its on-disk copy (kg.query.stores.disk_copy) for the next start."""
        self._start_more(1)
        if not self._closed and _needs_a_copy(self.graph_file):
            # At low priority, in a session of its own: it finishes even when this service
            # stops first.
            subprocess.Popen(
                [sys.executable, "-m", "kg.query.stores.disk_copy", str(self.graph_file)],
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self._start_more(size - 1)

    def _start_more(self, count: int) -> None:
        for _ in range(count):
            worker = self._start()
            if worker is None:  # closed meanwhile
                return
            try:
                worker.wait_ready(120)
            except RuntimeError as error:
                if self._closed:  # killed by close() while it loaded: nothing went wrong
                    return
                log.error("a query worker could not start: %s", error)
                self._start_error = str(error)
                with self._lock:
                    self._all.discard(worker)
                continue
            if worker.not_isolated is not None and not self._warned:
                self._warned = True
                log.warning(
                    "WARNING: query workers run without network isolation (%s); only the "
                    "guard's SERVICE refusal and the audit hook keep queries from fetching URLs",
                    worker.not_isolated,
                )
            self._idle.put(worker)

    def _start(self) -> _Worker | None:
        """A new worker, or None once the pool is closed (close() kills what it knows of)."""
        with self._lock:
            if self._closed:
                return None
            worker = _Worker(self._context, self.graph_file, self.curation_file, self.max_rows)
            self._all.add(worker)
        return worker

    def _replace(self, dead: _Worker) -> None:
        with self._lock:
            self._all.discard(dead)
        dead.kill()
        threading.Thread(target=self._start_more, args=(1,), daemon=True).start()

    def run(self, job: QueryJob) -> bytes:
        """The serialized result, or QueryTimeout / QueryFailed."""
        self.crashes.check(job.text, job.client)
        body = self._ask(job) if not is_expensive(job.text) else self._admitted(job)
        assert isinstance(body, bytes)
        return body

    def _admitted(self, job: QueryJob) -> object:
        """An expensive query's answer, once fewer than workers-1 others run; 503 when none
        finishes within the timeout."""
        if not self._expensive.acquire(timeout=self.timeout):
            raise QueryTimeout(
                f"the service stayed busy with long queries for {self.timeout:g} s; try again later"
            )
        try:
            return self._ask(job)
        finally:
            self._expensive.release()

    def graph_names(self) -> frozenset[str]:
        """The workers know them, curated graphs included, without loading anything here."""
        names = self._ask(ListGraphs())
        assert isinstance(names, frozenset)
        return names

    def _ask(self, message: QueryJob | ListGraphs | ParseJob) -> object:
        """A worker's answer to the message, or QueryTimeout / QueryFailed."""
        deadline = time.monotonic() + self.timeout
        worker = self._borrow(deadline)
        try:
            worker.conn.send(message)
            remaining = max(0.0, deadline - time.monotonic())
            if not worker.conn.poll(remaining):
                self._replace(worker)
                raise QueryTimeout(
                    f"the query ran longer than the {self.timeout:g} s limit and was stopped"
                )
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            died = self._died(worker, message)
            self._replace(worker)
            raise died from None
        self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "syntax":
            source, line, column, reason, status = reply[1:]
            error = InputSyntaxError(source, line, column, reason)
            error.status = status
            raise error
        raise QueryFailed(reply[1], reply[2])

    def parse(self, job: ParseJob) -> Graph:
        """A body's triples, parsed in a worker: a parse that outlives the timeout is stopped
        (503) and its worker replaced, as a query would be."""
        try:
            triples = self._ask(job)
        except QueryTimeout:
            raise QueryTimeout(
                f"{job.source}: reading it took longer than the {self.timeout:g} s limit and "
                "was stopped; send it in smaller parts"
            ) from None
        assert isinstance(triples, list)
        graph = Graph()
        for triple in triples:
            graph.add(triple)
        return graph

    def _borrow(self, deadline: float) -> _Worker:
        """An idle worker, waiting until the deadline; fails at once when none is alive and the
        last start failed (a graph that cannot be loaded), rather than at the timeout."""
        while True:
            try:
                return self._idle.get(timeout=min(0.2, max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                pass
            with self._lock:
                none_alive = not self._all
            if none_alive and self._start_error is not None:
                raise QueryFailed(503, f"no query worker could start: {self._start_error}")
            if time.monotonic() >= deadline:
                raise QueryTimeout(
                    f"every query worker stayed busy for {self.timeout:g} s; try again later"
                )

    def _died(self, worker: _Worker, message: object) -> QueryFailed:
        """What to answer when a worker died under a query: the engine panicked on it (422,
        remembered: kg.query.crashes), or ran out of the memory its cap allows (400); anything
        else is the service's trouble (503)."""
        worker.process.join(5)  # its pipe is closed: it is on its way out, printing why
        output = engine_output(worker.engine_output)
        panic = panic_message(output)
        if panic is not None and isinstance(message, QueryJob):
            log.error("the query engine panicked (%s) on: %s", panic, shown_query(message.text))
            self.crashes.record(message.text, message.client, panic)
            return engine_failed(message.text, panic)
        aborted = worker.process.exitcode == -signal.SIGABRT
        if ran_out_of_memory(output) or (aborted and current().worker_memory_mb > 0):
            return QueryFailed(400, _over_memory(current()))
        return QueryFailed(503, "the query worker died; the query was not answered; try again")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


def _needs_a_copy(graph: Path) -> bool:
    try:
        return graph.stat().st_size >= WORTH_A_COPY and disk_copy(graph) is None
    except OSError:  # no graph: the workers have said so
        return False


def _over_memory(limits: Limits) -> str:
    return (
        f"the query needed more than the {limits.worker_memory_mb} MB a query worker may use "
        "and was stopped; narrow it or add a LIMIT"
    )

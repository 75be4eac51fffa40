"""Queries that crash the engine: told apart from other deaths, remembered, and rationed.

A bug in Oxigraph can abort the process running a query: `SELECT * { ?s ?p ?o } ORDER BY ?o` on
the seed graph panics in the sort over mixed numbers and strings ("user-provided comparison
function does not correctly implement a total order"; reproducer in
bench/engine-bugs/order_by_mixed_panic.py), and the panic aborts (SIGABRT). A worker writes what
the engine prints on its way out to a file of its own (stderr), which the pool reads when the
worker dies: a panic is the engine's failure on that query (422, with the engine's message); a
failed allocation under the worker's memory cap is the query's size (400).

Each crash costs a worker and the seconds a new one takes to load the graph. So the text that
crashed is remembered and refused at once when sent again (400, saying why), and a client
whose queries crashed the engine too often lately may send no query of the known crashing
shape (ORDER BY) for a while (429): repeated crashes cannot keep the pool restarting while
other clients wait, and that client's other queries are still answered (behind a proxy, every
client may share one address).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict, defaultdict, deque
from pathlib import Path

from kg.errors import QueryFailed

# A client may crash the engine this many times within the window before being refused.
CRASHES_PER_CLIENT = 3
CRASH_WINDOW_SECONDS = 600.0
_REMEMBERED_TEXTS = 1000
_TAIL_BYTES = 64 * 1024


def engine_output(path: Path) -> str:
    """The end of what a worker's engine printed (its stderr file), or "" if none."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - _TAIL_BYTES))
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


_SORTS = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_PANIC = re.compile(r"panicked at [^\n]*:\n([^\n]+)")
_NO_MEMORY = re.compile(r"memory allocation of \d+ bytes failed")


def panic_message(output: str) -> str | None:
    """The engine's panic message in what it printed, if it panicked."""
    found = _PANIC.findall(output)
    return found[-1].strip() if found else None


def ran_out_of_memory(output: str) -> bool:
    return _NO_MEMORY.search(output) is not None


def shown_query(text: str, limit: int = 200) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def engine_failed(text: str, panic: str) -> QueryFailed:
    return QueryFailed(
        422,
        f"the query engine (Oxigraph) failed on this query and stopped: {panic}. The query "
        f"was not answered: {shown_query(text)!r}. This is a fault in the engine, not in the "
        "query; rewriting it (for example ORDER BY STR(?x) when ?x mixes numbers and text) "
        "may avoid it",
    )


class CrashLog:
    """The queries that crashed the engine and who sent them (thread-safe)."""

    def __init__(
        self, per_client: int = CRASHES_PER_CLIENT, window: float = CRASH_WINDOW_SECONDS
    ) -> None:
        self.per_client = per_client
        self.window = window
        self._texts: OrderedDict[str, str] = OrderedDict()  # normalised text -> panic
        self._clients: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, text: str, client: str) -> None:
        """Refuse, before it runs, a query that crashed the engine before, or any query from a
        client whose queries crashed it too often lately."""
        key = " ".join(text.split())
        with self._lock:
            panic = self._texts.get(key)
            recent = self._recent(client)
        if panic is not None:
            raise QueryFailed(
                400,
                f"this query crashed the query engine (Oxigraph) before ({panic}) and is not "
                f"run again: {shown_query(text)!r}; rewrite it (for example ORDER BY STR(?x) "
                "when ?x mixes numbers and text)",
            )
        if client and recent >= self.per_client and _SORTS.search(text):
            raise QueryFailed(
                429,
                f"{recent} of your queries crashed the query engine in the last "
                f"{self.window / 60:g} minutes; the service takes no query with ORDER BY (the "
                "shape known to crash it) from you for a while, so that others are answered",
            )

    def record(self, text: str, client: str, panic: str) -> None:
        with self._lock:
            self._texts[" ".join(text.split())] = panic
            while len(self._texts) > _REMEMBERED_TEXTS:
                self._texts.popitem(last=False)
            if client:
                self._clients[client].append(time.monotonic())

    def _recent(self, client: str) -> int:
        times = self._clients.get(client)
        if not times:
            return 0
        while times and times[0] < time.monotonic() - self.window:
            times.popleft()
        return len(times)

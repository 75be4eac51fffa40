"""An on-disk Oxigraph copy of graph.nq, so a restarted worker answers at once.

Loading graph.nq into memory takes a worker 2.6 s and more at 1M triples; opening an on-disk
Oxigraph store read-only takes 20 ms. So the first serve of a large graph writes such a copy
beside graph.nq (in a process of its own, started once the workers are, which finishes even
when the service stops first), named by graph.nq's sha256 so that it is never taken for another
graph; later workers answer from it while they load memory (WarmingStore), then drop it.

Hashing 355 MB takes 0.4 s, too long for every start: the sha256 is recorded with graph.nq's
size and modification time, and computed again only when these differ.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kg.curation.log import CurationLog

if TYPE_CHECKING:  # imported where used: the service process never loads the engine
    from kg.query.stores.oxigraph_store import OxigraphStore

# Below this size memory loads in a few tenths of a second: no copy is worth writing.
WORTH_A_COPY = 32 * 1024 * 1024
_RECORD = "oxigraph.json"
_PREFIX = "oxigraph-"
# What a copy holds besides graph.nq's quads; a copy written by an older layout is not used
# (one without the union default graph answered every query that names no graph with nothing).
_LAYOUT = "union-1"


def disk_copy(graph_file: Path) -> Path | None:
    """The on-disk store holding exactly graph_file, if one was written; never hashes."""
    try:
        record = json.loads((graph_file.parent / _RECORD).read_text(encoding="utf-8"))
        stat = graph_file.stat()
    except (OSError, ValueError):
        return None
    if (record.get("size"), record.get("mtime_ns"), record.get("layout")) != (
        stat.st_size,
        stat.st_mtime_ns,
        _LAYOUT,
    ):
        return None
    store = graph_file.parent / f"{_PREFIX}{_LAYOUT}-{record.get('sha256')}"
    return store if store.is_dir() else None


def write_disk_copy(graph_file: Path, smallest: int = WORTH_A_COPY) -> Path | None:
    """Write the on-disk copy of graph_file unless it exists (or the file is too small to need
    one); old copies are removed. Returns where it is."""
    import pyoxigraph as ox

    from kg.query.stores.oxigraph_store import load_union

    stat = graph_file.stat()
    if stat.st_size < smallest:
        return None
    digest = _sha256(graph_file)
    store = graph_file.parent / f"{_PREFIX}{_LAYOUT}-{digest}"
    if not store.is_dir():
        partial = graph_file.parent / f".{_PREFIX}{digest}.{os.getpid()}"
        shutil.rmtree(partial, ignore_errors=True)
        writer = ox.Store(str(partial))
        load_union(writer, graph_file)
        writer.flush()
        del writer  # closes the database before it is moved
        os.replace(partial, store)
    record = {
        "sha256": digest,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "layout": _LAYOUT,
    }
    partial_record = graph_file.parent / f".{_RECORD}.{os.getpid()}"
    partial_record.write_text(json.dumps(record), encoding="utf-8")
    os.replace(partial_record, graph_file.parent / _RECORD)
    for old in graph_file.parent.glob(f"{_PREFIX}*"):
        if old != store and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)  # workers that hold it open keep reading
    return store


def write_quietly(graph_file: str) -> None:
    """write_disk_copy, as a background process runs it: at low priority, and a failure (a
    full disk, a read-only folder) costs only the fast start."""
    os.nice(19)
    try:
        write_disk_copy(Path(graph_file))
    except Exception as error:  # the copy is an optimisation, never required
        print(f"no on-disk copy of {graph_file}: {error}", flush=True)


def _give_back_memory() -> None:
    """Return the closed copy's freed caches to the system (glibc keeps freed memory for
    reuse: without this a worker held 40 MiB more at 1M triples)."""
    # Not glibc: the memory is reused, only not returned.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


@contextlib.contextmanager
def _one_load_at_a_time(graph_file: Path) -> Iterator[None]:
    """Held while a worker loads memory: after a restart every worker is ready at once (the
    copy answers) and all loaded together, each load's transient memory on top of the others'
    (1.5-1.7 GiB for the service and two workers at 1M triples). A lock on a file beside the
    graph (released by the system if the worker dies); where none can be made, no waiting."""
    try:
        lock = open(graph_file.parent / ".oxigraph-loading.lock", "a")  # noqa: SIM115
    except OSError:
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class WarmingStore:
    """A worker's engine while it starts: the on-disk copy, opened read-only at once, answers
    until graph.nq is loaded into memory (in a thread: Oxigraph releases the GIL while it
    loads); from then on the in-memory store, with the curated submissions played onto it as
    always, and the copy is closed. While the curation log holds any event (the read-only copy
    cannot hold submissions), a query waits for memory, so curated triples are always seen."""

    def __init__(
        self,
        graph_file: Path,
        copy: Path,
        curation_file: Path,
        loaded: Callable[[], None] = lambda: None,
    ) -> None:
        from kg.query.stores.oxigraph_store import OxigraphStore

        self._loaded = loaded  # called once memory holds the graph (the worker's memory cap)
        self._early: OxigraphStore | None = OxigraphStore.read_only(copy)
        self._memory: OxigraphStore | None = None
        self._failed: Exception | None = None
        self._curation = CurationLog(curation_file)  # the loading thread uses its own
        self._loading = threading.Thread(
            target=self._load, args=(graph_file, CurationLog(curation_file)), daemon=True
        )
        self._loading.start()

    def _load(self, graph_file: Path, curation: CurationLog) -> None:
        from kg.query.stores.oxigraph_store import OxigraphStore

        # At low priority, with the threads Oxigraph starts for it (they inherit it): queries
        # come first while memory loads.
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        try:
            with _one_load_at_a_time(graph_file):
                self._memory = OxigraphStore(graph_file, curation)
            # The copy closes once the query that may be reading it ends (it holds its own
            # reference): its caches would otherwise add to the worker's memory.
            self._early = None
            _give_back_memory()
            self._loaded()
        except Exception as error:  # raised to a query that needs memory
            self._failed = error

    def current(self) -> OxigraphStore:
        """The store to answer the next query from."""
        early = self._early  # taken first: the loading thread drops it once memory is ready
        if self._memory is None and self._curation.events():
            self._loading.join()
        if self._memory is not None:
            return self._memory
        if self._failed is not None and self._curation.events():
            raise self._failed
        assert early is not None
        return early


if __name__ == "__main__":  # how kg.query.workers starts the writing, detached
    import sys

    write_quietly(sys.argv[1])

"""Run the build's per-report work on every core: forked worker processes, each result put
back in its item's place, so the output never depends on the order of completion. A bar on
the terminal shows progress (none when the output is not a terminal)."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TypeVar

from tqdm import tqdm

Item = TypeVar("Item")
Result = TypeVar("Result")

# tqdm's monitor thread (started with the first bar, even a disabled one) would make every later
# build see a second thread and refuse to fork (_can_fork): the bars here update often enough
# without it.
tqdm.monitor_interval = 0

# The task of the pool being run: set before the workers are forked, so they inherit it (and
# everything it refers to: the ontology, the matcher) without pickling it.
_TASK: Callable | None = None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_all(
    task: Callable[[Item], Result],
    items: Sequence[Item],
    label: str,
    jobs: int | None = None,
) -> list[Result]:
    """task(item) for every item, in as many processes as there are cores (and items), in
    this process when there is one item or one core, or when forking is not safe."""
    jobs = min(jobs or cores(), len(items))
    results: list[Result | None] = [None] * len(items)
    quiet = not sys.stderr.isatty()
    forking = jobs >= 2 and _can_fork()  # asked before a bar exists
    with tqdm(total=len(items), desc=label, unit="report", disable=quiet, leave=False) as bar:
        if not forking:
            for n, item in enumerate(items):
                results[n] = task(item)
                bar.update()
            return results  # type: ignore[return-value]
        global _TASK
        _TASK = task
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
                futures = {pool.submit(_run, item): n for n, item in enumerate(items)}
                for future in as_completed(futures):
                    results[futures[future]] = future.result()  # type: ignore[assignment]
                    bar.update()
        finally:
            _TASK = None
    return results  # type: ignore[return-value]


def _run(item: object) -> object:
    assert _TASK is not None
    return _TASK(item)


def _can_fork() -> bool:
    # Forking a process that runs other threads (a server's) can deadlock the child: such a
    # process builds in itself.
    return hasattr(os, "fork") and only_thread()


def only_thread(wait: float = 0.2) -> bool:
    """Whether this process runs no thread but this one, native ones included where the
    system says (Linux). A thread pool just shut down (the build reads its cache in two
    threads) has joined its threads while the system still counts them for a moment: with no
    other Python thread left, wait for them to end rather than build on one core."""
    deadline = time.monotonic() + wait
    while True:
        count = _thread_count()
        if count == 1:
            return True
        if threading.active_count() > 1 or time.monotonic() > deadline:
            return False
        time.sleep(0.002)


def _thread_count() -> int:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return threading.active_count()
    for line in status.splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return threading.active_count()

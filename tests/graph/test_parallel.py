"""The build's worker pool forks only when this process runs one thread; a progress bar must
not start a thread that makes every later build run on one core."""

from __future__ import annotations

import io
import subprocess
import sys
import threading

from tqdm import tqdm

from kg.graph import parallel


def test_a_progress_bar_leaves_the_build_free_to_fork() -> None:
    before = {t.name for t in threading.enumerate()}
    with tqdm(total=2, disable=True) as bar:
        bar.update(2)
    with tqdm(total=2, disable=False, file=io.StringIO()) as bar:
        bar.update(2)
    assert {t.name for t in threading.enumerate()} == before  # no tqdm_monitor


def test_results_keep_their_items_order_whatever_finishes_first() -> None:
    assert parallel.run_all(abs, [-3, 2, -1, 0], "test", jobs=2) == [3, 2, 1, 0]


_AFTER_A_POOL = """
import hashlib, os
from concurrent.futures import ThreadPoolExecutor
from kg.graph import parallel

def pid(_item):
    return os.getpid()

for _round in range(20):
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(hashlib.sha256, [b"x" * 100_000] * 50))
    assert parallel.only_thread(), "a joined thread still counted"
assert os.getpid() not in parallel.run_all(pid, [1, 2, 3, 4], "test", jobs=2), "no fork"
"""


def test_a_thread_pool_just_shut_down_leaves_the_build_free_to_fork() -> None:
    # The build reads its cache in two threads, then forks its workers: the system counts a
    # joined thread for a moment after, and a build that forked only when the count was one
    # ran on one core about one time in four. In a process of its own: a test worker runs
    # threads of its own (pytest-xdist's).
    done = subprocess.run(
        [sys.executable, "-c", _AFTER_A_POOL], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr

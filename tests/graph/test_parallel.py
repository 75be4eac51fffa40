"""The build's worker pool forks only when this process runs one thread; a progress bar must
not start a thread that makes every later build run on one core."""

from __future__ import annotations

import io
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

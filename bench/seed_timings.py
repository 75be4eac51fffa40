"""Times the build on seeds/ (in process, and as a fresh `kg build` process with its peak
memory) and every named query in process, as median and 95th percentile over repeated runs.
Run: .venv/bin/python bench/seed_timings.py [--runs N]

Prints a Markdown table to paste into bench/RESULTS.md. Never used by the tests.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

from kg.graph.build import build
from kg.query.named import list_queries
from kg.query.stores.rdflib_store import RdflibStore
from kg.settings import Settings

EXAMPLES = {
    "entity": "EMSOU",
    "name": "EMSOU",
    "programme": "IOM",
    "measure": "victim-satisfaction",
}


def timed(function, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95


def build_process(runs: int) -> tuple[float, float, float]:
    """`kg build` as a fresh process, into a new data folder each run: median and p95 wall
    time, and the largest resident memory of any of its processes (MiB). Whole-graph
    validation forks a second process that shares the first one's pages, so the peak of one
    process is the build's peak, not the sum."""
    kg = Path(sys.executable).parent / "kg"
    samples = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data:
            started = time.perf_counter()
            subprocess.run([str(kg), "--data-dir", data, "build"], check=True, capture_output=True)
            samples.append(time.perf_counter() - started)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return statistics.median(samples), p95, peak_kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        settings = replace(Settings.from_env(), data_dir=Path(data))
        # First: the in-process builds fork validation children of this process, which
        # would count in the peak memory of children.
        median, p95, peak = build_process(args.runs)
        rows = [("kg build (seeds, SHACL included)", *timed(lambda: build(settings), args.runs))]
        rows.append(("`kg build` as a fresh process", median, p95))
        store = RdflibStore.open(settings)
        for name, query in list_queries(settings.queries_dir).items():
            bindings = query.bindings(
                {p.name: EXAMPLES[p.name] for p in query.parameters if p.required}
            )
            rows.append(
                (
                    f"query {name}",
                    *timed(lambda q=query, b=bindings: list(store.query(q.text, b)), args.runs * 4),
                )
            )
    print(
        f"Python {platform.python_version()}, rdflib {version('rdflib')}, "
        f"pySHACL {version('pyshacl')}, {platform.machine()}, runs {args.runs}\n"
    )
    print("| what | median (ms) | p95 (ms) |\n| --- | --- | --- |")
    for what, median, p95 in rows:
        print(f"| {what} | {median * 1000:.0f} | {p95 * 1000:.0f} |")
    print(f"\n`kg build` as a fresh process: peak resident memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()

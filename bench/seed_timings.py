"""Times the build on seeds/ and every named query in process, as median and 95th percentile
over repeated runs. Run: .venv/bin/python bench/seed_timings.py [--runs N]

Prints a Markdown table to paste into bench/RESULTS.md. Never used by the tests.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

from kg.build import build
from kg.named_queries import list_queries
from kg.settings import Settings
from kg.store import Store

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        settings = replace(Settings.from_env(), data_dir=Path(data))
        rows = [("kg build (seeds, SHACL included)", *timed(lambda: build(settings), args.runs))]
        store = Store.open(settings)
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


if __name__ == "__main__":
    main()

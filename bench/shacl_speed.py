"""Full SHACL validation of a built graph, run after run in one process (issue 19).

Loads DIR/graph.nq (bench/synthetic.py writes one, the ontology graph inside), takes the union
as `kg build` does, and validates it with kg.graph.validate.validate_graph --runs times in this
process, printing each run's wall and CPU time, the violations found, and the peak memory.
Run it in a fresh process each time: the first run is the one issue 19 is about.

Run: .venv/bin/python bench/shacl_speed.py DIR [--runs 2] [--profile PREFIX] [--one-process]

--profile writes a cProfile of each run to PREFIX-N.prof (read it with `python -m pstats`);
--one-process validates in this process only (no fork), as a server's process would.
Never used by the tests.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import resource
import sys
import time
from pathlib import Path

from kg.graph import validate
from kg.graph.files import load_graph_file, union_graph
from kg.graph.parsing import parse_rdf_file
from kg.settings import Settings


class _GcClock:
    """Time spent in the collector's passes of this process, by generation."""

    def __init__(self) -> None:
        self.seconds = [0.0, 0.0, 0.0]
        self._started = 0.0
        gc.callbacks.append(self)

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds[info["generation"]] += time.perf_counter() - self._started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="a folder holding graph.nq")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--profile", help="write a cProfile of each run to PROFILE-N.prof")
    parser.add_argument("--one-process", action="store_true", help="never fork")
    args = parser.parse_args()

    clock = _GcClock()
    started = time.perf_counter()
    union = union_graph(load_graph_file(args.data_dir / "graph.nq"))
    shapes = parse_rdf_file(Settings.from_env().shapes_file)
    print(f"loaded {len(union):,} triples in {time.perf_counter() - started:.1f} s", flush=True)
    if args.one_process:
        validate.PARALLEL_FROM = sys.maxsize
    for run in range(1, args.runs + 1):
        profile = cProfile.Profile() if args.profile else None
        wall, cpu = time.perf_counter(), time.process_time()
        collector = list(clock.seconds)
        child = resource.getrusage(resource.RUSAGE_CHILDREN)
        if profile:
            profile.enable()
        report = validate.validate_graph(union, shapes)
        if profile:
            profile.disable()
            profile.dump_stats(f"{args.profile}-{run}.prof")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        done = resource.getrusage(resource.RUSAGE_CHILDREN)
        forked = done.ru_utime + done.ru_stime - child.ru_utime - child.ru_stime
        print(
            f"run {run}: {wall:.1f} s wall, {cpu:.1f} s cpu here + {forked:.1f} s in the child, "
            f"{len(report.violations)} violations, {len(report.warnings)} warnings, "
            "collector here by generation (s): "
            f"{[round(b - a, 1) for a, b in zip(collector, clock.seconds, strict=True)]}",
            flush=True,
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MiB (this process)")


if __name__ == "__main__":
    main()

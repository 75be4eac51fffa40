"""The whole pipeline at scale: a synthetic collection of report text (bench/synthetic_text.py)
built from scratch, rebuilt with nothing changed, and grown by one report with `kg add`, each
in a fresh process under /usr/bin/time -v (wall time and peak memory).

For each size (default 50 100 500): generate the collection in a temporary folder, then
1. `kg build` of the whole collection,
2. `kg build` again, nothing changed,
3. `kg add` of one more report (generated with the collection, left out of its manifest).
With --compare (the smallest size), the collection after `kg add` is also built in one go
and the two graphs compared: they must be the same N-Quads.

A step over --timeout seconds is stopped and recorded as such, and larger sizes are skipped;
the table then extrapolates from the two largest sizes measured, and says so.

Run: .venv/bin/python bench/synthetic_text.py is not needed first; this does it:
    .venv/bin/python bench/build_scale.py [--sizes 50 100 500] [--timeout 900] [--compare]
Prints Markdown for bench/RESULTS.md. Never used by the tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic_text import generate

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).parent / "kg"
TIME = "/usr/bin/time"
# Issue 19's targets at 500 reports.
TARGETS = {"build": (120.0, 2048.0), "rebuild": (10.0, None), "add": (5.0, None)}


@dataclass
class Run:
    step: str
    seconds: float | None  # None: stopped at the timeout or the memory limit
    cpu: float | None  # user + system seconds, its worker processes' included
    peak_mb: float | None
    triples: int | None
    ok: bool
    output: str


def measure(step: str, args: list[str], timeout: float, limit_mb: float) -> Run:
    """One kg command in a fresh process under /usr/bin/time -v, stopped past the timeout or
    when its processes together hold more than limit_mb (the machine is shared)."""
    with (
        tempfile.NamedTemporaryFile("r", suffix=".time") as report,
        tempfile.TemporaryFile("w+") as log,
    ):
        command = [TIME, "-v", "-o", report.name, str(KG), *args]
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own session: the stop takes kg and its workers
        )
        peak_sum = 0.0
        stopped = None
        try:
            while process.poll() is None:
                peak_sum = max(peak_sum, _session_rss_mb(process.pid))
                if time.monotonic() - started > timeout:
                    stopped = f"stopped after {timeout:.0f} s"
                elif peak_sum > limit_mb:
                    stopped = f"stopped at {limit_mb:.0f} MB"
                if stopped:
                    return Run(step, None, None, peak_sum, None, False, stopped)
                time.sleep(0.2)
        finally:
            if process.poll() is None:  # stopped, or this script interrupted
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        elapsed = time.monotonic() - started
        log.seek(0)
        output = log.read()
        stats = Path(report.name).read_text()
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stats)
    cpu = sum(float(t) for t in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", stats))
    triples = re.search(r"(?:Built|graph now has) (\d+) triples", output)
    # time -v gives the largest single process; with worker processes their sum is the cost.
    peak_mb = max(int(peak.group(1)) / 1024 if peak else 0.0, peak_sum)
    return Run(
        step,
        elapsed,
        cpu,
        peak_mb,
        int(triples.group(1)) if triples else None,
        process.returncode == 0,
        output,
    )


def _session_rss_mb(session: int) -> float:
    """The resident memory of every process in the session, summed (from /proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) != session:  # the session id, after state, ppid and pgrp
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue  # it ended meanwhile
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, flags=re.M)
        total += int(match.group(1)) if match else 0
    return total / 1024


def measure_size(
    reports: int, seed: int, timeout: float, limit_mb: float, compare: bool, build_only: bool
) -> list[Run]:
    with tempfile.TemporaryDirectory(prefix=f"build-scale-{reports}-") as folder:
        out = Path(folder)
        truth = generate(reports, seed, out, extra=1)
        seeds, data = out / "seeds", out / "data"
        base = ["--seeds-dir", str(seeds), "--data-dir", str(data)]
        runs = [measure("build", [*base, "build"], timeout, limit_mb)]
        if build_only or not runs[-1].ok:
            return runs
        runs.append(measure("rebuild", [*base, "build"], timeout, limit_mb))
        extra = next(t for t in truth if t["extra"])
        add = [*base, "add", str(out / "extra" / extra["file"]), "--title", extra["title"]]
        add += ["--publisher", extra["publisher"].upper()]
        if extra["date"]:
            add += ["--date", extra["date"]]
        runs.append(measure("add", add, timeout, limit_mb))
        if compare and runs[-1].ok:
            one_go = out / "one-go"
            runs.append(
                measure(
                    "build all",
                    ["--seeds-dir", str(seeds), "--data-dir", str(one_go), "build"],
                    timeout,
                    limit_mb,
                )
            )
            built = (one_go / "graph.nq").exists()
            same = built and _nquads(data / "graph.nq") == _nquads(one_go / "graph.nq")
            runs[-1].output += f"\nsame graph as build then add: {same}"
            runs[-1].ok = runs[-1].ok and same
        return runs


def _nquads(path: Path) -> list[str]:
    return sorted(path.read_text(encoding="utf-8").splitlines())


def _cell(run: Run | None) -> str:
    if run is None:
        return "–"
    if run.seconds is None:
        return run.output  # stopped: at the timeout or the memory limit
    flag = "" if run.ok else " (failed)"
    return f"{run.seconds:.1f} s ({run.cpu:.1f} s CPU), {run.peak_mb:.0f} MB{flag}"


def table(results: dict[int, list[Run]]) -> str:
    lines = [
        "| reports | triples | kg build | rebuild, nothing changed | kg add of one more |",
        "| --- | --- | --- | --- | --- |",
    ]
    for reports, runs in results.items():
        by_step = {r.step: r for r in runs}
        build = by_step.get("build")
        triples = f"{build.triples:,}" if build and build.triples else "–"
        cells = " | ".join(_cell(by_step.get(s)) for s in ("build", "rebuild", "add"))
        lines.append(f"| {reports} | {triples} | {cells} |")
    return "\n".join(lines)


def extrapolate(results: dict[int, list[Run]], target: int) -> str | None:
    """A straight line through the two largest sizes built, to `target` reports."""
    done = sorted((n, r) for n, runs in results.items() for r in runs if r.step == "build" and r.ok)
    if target in {n for n, _ in done} or len(done) < 2:
        return None
    (a, ra), (b, rb) = done[-2], done[-1]
    assert ra.seconds and rb.seconds and ra.cpu and rb.cpu and ra.peak_mb and rb.peak_mb

    def line(x: float, y: float) -> tuple[float, float]:
        """The value at `target` and the slope per report."""
        slope = (y - x) / (b - a)
        return y + slope * (target - b), slope

    seconds, per_s = line(ra.seconds, rb.seconds)
    cpu, per_cpu = line(ra.cpu, rb.cpu)
    peak, per_mb = line(ra.peak_mb, rb.peak_mb)
    return (
        f"Extrapolated (not measured) from {a} and {b} reports, a straight line: kg build of "
        f"{target} reports would take about {seconds:.0f} s ({cpu:.0f} s CPU) and "
        f"{peak:,.0f} MB ({per_s:.2f} s, {per_cpu:.2f} s CPU and {per_mb:.1f} MB per report)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 500])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per step")
    parser.add_argument(
        "--limit-mb", type=float, default=4096.0, help="stop a step holding more memory"
    )
    parser.add_argument("--build-only", action="store_true", help="only the first build")
    parser.add_argument(
        "--compare", action="store_true", help="at the smallest size, build after add vs in one go"
    )
    args = parser.parse_args()
    # Stopped with SIGTERM, the script still stops the kg it started (measure's finally).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = sorted(args.sizes)
    # The project's five seed reports, built in the same run: a yardstick for a busy machine.
    with tempfile.TemporaryDirectory(prefix="build-scale-seeds-") as folder:
        reference = measure("build", ["--data-dir", folder, "build"], args.timeout, args.limit_mb)
    print(f"seeds: {_cell(reference)}", file=sys.stderr, flush=True)
    results: dict[int, list[Run]] = {}
    for reports in sizes:
        print(f"measuring {reports} reports ...", file=sys.stderr)
        results[reports] = measure_size(
            reports,
            args.seed,
            args.timeout,
            args.limit_mb,
            args.compare and reports == sizes[0],
            args.build_only,
        )
        print(table({reports: results[reports]}).splitlines()[-1], file=sys.stderr, flush=True)
        for run in results[reports]:
            if not run.ok:
                print(f"{reports} {run.step}: {run.output[-2000:]}", file=sys.stderr)
        if any(r.seconds is None for r in results[reports]):
            break  # a larger collection would take longer still
    git = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} cores, commit {git}, seed "
        f"{args.seed}, load average {os.getloadavg()[0]:.1f} at the end; each step a fresh "
        "process (/usr/bin/time -v): wall time (CPU time, user + system), peak RSS\n"
    )
    print(table(results))
    print(
        f"\nThe seeds (5 reports, {reference.triples or 0:,} triples), same run: {_cell(reference)}"
    )
    note = extrapolate(results, max(sizes))
    if note:
        print(f"\n{note}")
    for reports, runs in results.items():
        for run in runs:
            if run.step == "build all":
                same = run.output.rsplit(": ", 1)[-1]
                print(
                    f"\n{reports} reports then `kg add` of one more, against the {reports + 1} "
                    f"built in one go ({_cell(run)}): same N-Quads: {same}"
                )
    target = TARGETS
    print(
        f"\nTargets (issue 19) at 500 reports: build under {target['build'][0]:.0f} s and "
        f"{target['build'][1]:.0f} MB, rebuild under {target['rebuild'][0]:.0f} s, "
        f"add under {target['add'][0]:.0f} s."
    )


if __name__ == "__main__":
    main()

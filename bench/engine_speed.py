"""Our service against the engine alone: `kg serve` and `oxigraph serve` IN MEMORY, same graph,
same query text, measured side by side in one run.

For each named query (and the narrowed full lists of bench/scale.py): `kg serve`'s
/queries/NAME, the same text (parameters written in, names looked up) through `kg serve`'s
/sparql, and that text through `oxigraph serve`'s /query, all asking for SPARQL JSON; the runs
interleaved (ours, ours, theirs, ...) so both meet the same load. Then `kg serve`'s first answer
after a restart and its memory (service and workers).

Run: .venv/bin/python bench/engine_speed.py DATA_DIR [--runs 7] [--old-code DIR]
DATA_DIR holds graph.nq and build.json (bench/synthetic.py --out DATA_DIR). --old-code also
runs `kg serve` from another checkout's kg package (PYTHONPATH) beside this one, in the same
rounds, for before/after figures measured side by side; the restarts then run one at a time,
each followed by --warm-up seconds of watching memory while the workers load.
Prints Markdown. Never used by the tests; needs the `oxigraph` command (test extras).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).parent))

from scale import BIN, cases, free_port, rss_mib

from kg.query.named import list_queries
from kg.query.parameters import bind_parameters, resolve_names
from kg.query.stores.disk_copy import WORTH_A_COPY, disk_copy
from kg.query.stores.oxigraph_store import OxigraphStore
from kg.settings import Settings

JSON = {"Accept": "application/sparql-results+json"}
_OPTIONS = ("--query-timeout", "120", "--workers", "2")


def start_kg(data: Path, old_code: Path | None) -> tuple[subprocess.Popen, str, float]:
    """`kg serve` on the data folder, and the seconds from start to its first answer."""
    env = dict(os.environ)
    if old_code is not None:
        env["PYTHONPATH"] = str(old_code)
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "kg"), "--data-dir", str(data), "serve", "--port", "0", *_OPTIONS],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    while True:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("kg serve did not start")
        match = re.search(r"Serving on (http://\S+)/", line)
        if match:
            url = match.group(1)
            break
    while True:
        response = requests.get(f"{url}/sparql", params={"query": "ASK {}"}, headers=JSON)
        if response.status_code == 200:
            return process, url, time.perf_counter() - started
        time.sleep(0.01)


def start_oxigraph_in_memory(
    graph: Path, same_dataset: bool = False
) -> tuple[subprocess.Popen, str]:
    """`oxigraph serve` with no --location (in memory), loaded with the same N-Quads: by
    default with --union-default-graph (Oxigraph's union, a triple once per graph that holds
    it); with same_dataset, the dataset `kg serve` answers from (kg.query.stores.oxigraph_store
    .load_union: the named graphs, and their triples once each in the default graph), so both
    do the same engine work and give the same answers."""
    port = free_port()
    union = [] if same_dataset else ["--union-default-graph"]
    process = subprocess.Popen(
        [str(BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}", *union],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            requests.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2)
            break
        except requests.ConnectionError:
            time.sleep(0.2)
    with graph.open("rb") as body:
        requests.post(
            f"{url}/store", data=body, headers={"Content-Type": "application/n-quads"}
        ).raise_for_status()
    if same_dataset:
        requests.post(
            f"{url}/update",
            data="INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
            headers={"Content-Type": "application/sparql-update"},
        ).raise_for_status()
    return process, url


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--old-code", type=Path)
    parser.add_argument("--warm-up", type=float, default=60, help="seconds to watch memory")
    parser.add_argument(
        "--settle", type=float, default=0, help="seconds to wait after the start, before timing"
    )
    args = parser.parse_args()
    settings = Settings.from_env()
    queries = list_queries(settings.queries_dir)
    graph = args.data / "graph.nq"

    # The text sent to /sparql and to oxigraph serve: parameters written in, names looked up.
    engine = OxigraphStore(graph)
    texts = {}
    for label, name, params in cases(queries):
        bindings = queries[name].bindings(params)
        resolved = resolve_names(bindings, engine._lookup)
        texts[label] = bind_parameters(queries[name].text, resolved)
    del engine

    # "after" is this checkout; with --old-code, "before" runs beside it, in the same rounds.
    codes = {"before": args.old_code, "after": None} if args.old_code else {"after": None}
    served = {key: start_kg(args.data, code) for key, code in codes.items()}
    # Two peers: Oxigraph's own union default graph (a triple once per graph that holds it),
    # and the dataset kg serve answers from (each triple once): same answers, same engine work.
    peers = {
        "union": start_oxigraph_in_memory(graph),
        "same": start_oxigraph_in_memory(graph, same_dataset=True),
    }
    time.sleep(args.settle)  # the workers warm memory from the on-disk copy meanwhile
    heads = [f"{key}: named / /sparql" for key in codes]
    rows = [
        f"| query | {' | '.join(heads)} | oxigraph serve, same dataset | oxigraph serve "
        "--union-default-graph | "
        + " | ".join(f"{key}: ratios to same / to union" for key in codes)
        + " |",
        "| --- " * (3 + 2 * len(codes)) + "|",
    ]
    try:
        for label, name, params in cases(queries):
            sends = {}
            for key, (_process, url, _first) in served.items():
                sends[f"{key} named"] = lambda u=url, n=name, p=params: requests.get(
                    f"{u}/queries/{n}", params=p, headers=JSON, timeout=300
                )
                sends[f"{key} sparql"] = lambda u=url, t=texts[label]: requests.post(
                    f"{u}/sparql", data={"query": t}, headers=JSON, timeout=300
                )
            for peer, (_process, ox_url) in peers.items():
                sends[peer] = lambda t=texts[label], u=ox_url: requests.post(
                    f"{u}/query", data={"query": t}, headers=JSON, timeout=300
                )
            samples: dict[str, list[float]] = {key: [] for key in sends}
            statuses = set()
            for run in range(args.runs + 1):  # the first round warms up, uncounted
                for key, send in sends.items():
                    started = time.perf_counter()
                    response = send()
                    elapsed = time.perf_counter() - started
                    statuses.add(response.status_code)
                    if run:
                        samples[key].append(elapsed)
            got = {key: summary(values) for key, values in samples.items()}
            same, union = got["same"][0], got["union"][0]
            ours = " | ".join(
                f"{_ms(got[f'{key} named'])} / {_ms(got[f'{key} sparql'])}" for key in codes
            )
            ratios = " | ".join(
                f"{got[f'{key} named'][0] / same:.2f} / {got[f'{key} sparql'][0] / same:.2f}; "
                f"{got[f'{key} named'][0] / union:.2f} / {got[f'{key} sparql'][0] / union:.2f}"
                for key in codes
            )
            note = "" if statuses == {200} else f" (status {sorted(statuses)})"
            rows.append(
                f"| {label}{note} | {ours} | {_ms(got['same'])} | {_ms(got['union'])} | {ratios} |"
            )
        memory = {key: rss_mib(process.pid) for key, (process, _url, _first) in served.items()}
    finally:
        for process, _url, _first in served.values():
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=60)
        for oxigraph, _url in peers.values():
            oxigraph.terminate()
            oxigraph.wait(30)
    # A restart, now that the data folder has been served once and (for a large graph) its
    # on-disk copy written (kg.query.stores.disk_copy; in the background, at low priority);
    # each alone, one after the other.
    if graph.stat().st_size >= WORTH_A_COPY:
        waited = time.monotonic() + 180
        while disk_copy(graph) is None and time.monotonic() < waited:
            time.sleep(0.5)
    rows.append("")
    for key, code in codes.items():
        process, url, again = start_kg(args.data, code)
        try:
            warming = warm_up(process.pid, url, args.warm_up)
        finally:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=60)
        rows.append(
            f"{key}: start to first answer {served[key][2]:.2f} s, after a restart {again:.2f} s "
            f"(then judgments {warming[0] * 1000:.0f} ms); memory, service and 2 workers: "
            f"{memory[key]:.0f} MiB after the queries, after the restart at most "
            f"{warming[1]:.0f} MiB in the first {args.warm_up:g} s and {warming[2]:.0f} MiB "
            "at the end."
        )
    print("\n".join(rows))


def warm_up(pid: int, url: str, seconds: float) -> tuple[float, float, float]:
    """Right after a start: the judgments query's time, then the service's and workers'
    largest memory over the next seconds (while the workers load memory), and the last."""
    started = time.perf_counter()
    requests.get(f"{url}/queries/judgments", headers=JSON, timeout=300).raise_for_status()
    judgments = time.perf_counter() - started
    peak = last = 0.0
    while time.perf_counter() - started < seconds:
        with contextlib.suppress(OSError):  # a process that ended between listing and reading
            last = rss_mib(pid)
            peak = max(peak, last)
        time.sleep(0.25)
    return judgments, peak, last


def _ms(pair: tuple[float, float]) -> str:
    return f"{pair[0] * 1000:.0f} / {pair[1] * 1000:.0f}"


if __name__ == "__main__":
    main()

"""Benchmarks at scale, side by side with Oxigraph: synthetic graphs of about 10 thousand,
100 thousand and 1 million triples (bench/synthetic.py), each measured as median and 95th
percentile over repeated runs.

For each size: `kg serve` start to its first answer on a built data folder, and its memory;
every named query in process (Oxigraph, as `kg query` runs it) and over HTTP, and the same
query sent to `oxigraph serve` loaded with the same graphs (by `kg push`), with the ratio of
our latency to Oxigraph's; HTTP throughput at 1 and 8 concurrent clients for both; full SHACL
validation and the check of a 50-triple submission; each export format of the whole graph.

Run: .venv/bin/python bench/scale.py [--sizes 10k 100k 1m] [--runs 10] [--skip-shacl-above N]
Prints Markdown for bench/RESULTS.md. Never used by the tests. Needs the `oxigraph` command
(the test extras install it).
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).parent))

from curation_timings import _conforming, submission
from seed_timings import timed
from synthetic import SIZES, generate

from kg.curation.checks import SubmissionChecker, report_texts
from kg.graph.build import build, input_fingerprint
from kg.graph.files import canonical_nquads, load_graph_file, union_graph
from kg.graph.parsing import parse_rdf_file
from kg.graph.push import push
from kg.graph.validate import validate_graph
from kg.namespaces import ONTOLOGY_GRAPH
from kg.query.formats import EXPORT_FORMATS
from kg.query.named import list_queries
from kg.query.parameters import bind_parameters, resolve_names
from kg.query.stores.oxigraph_store import OxigraphStore
from kg.query.stores.rdflib_store import RdflibStore
from kg.settings import Settings
from kg.views.export import project, serialise

EXAMPLES = {
    "entity": "EMSOU",
    "name": "EMSOU",
    "programme": "IOM",
    "measure": "victim-satisfaction",
}
# Beside each named query run with its required parameters only: the queries that list every
# force's rows, narrowed as a user with 43 forces would narrow them (bench/synthetic.py names
# its forces "Force NN Constabulary").
NARROWED = [
    ("judgments", {"force": "Force 07 Constabulary"}),
    ("areas-for-improvement", {"force": "Force 07 Constabulary"}),
    ("areas-for-improvement", {"year": "2012"}),
]
BIN = Path(sys.executable).parent


def cases(queries: dict) -> list[tuple[str, str, dict[str, str]]]:
    """(label, query name, parameters) for every query measured."""
    found = [
        (name, name, {p.name: EXAMPLES[p.name] for p in query.parameters if p.required})
        for name, query in queries.items()
    ]
    for name, params in NARROWED:
        label = f"{name} ({', '.join(f'{k}={v}' for k, v in params.items())})"
        found.append((label, name, params))
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children (the query workers), in MiB."""
    total = 0
    pids = [pid] + [
        int(p)
        for p in subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True
        ).stdout.split()
    ]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def start_kg_serve(data: Path) -> tuple[subprocess.Popen, str, float]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            str(BIN / "kg"),
            "--data-dir",
            str(data),
            "serve",
            "--port",
            "0",
            "--query-timeout",
            "120",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    while True:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("kg serve did not start")
        match = re.search(r"Serving on (http://\S+)/", line)
        if match:
            url = match.group(1)
            break
    requests.get(f"{url}/queries/judgments", params={"format": "json"}, timeout=300)
    return process, url, time.perf_counter() - started


def start_oxigraph(location: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "oxigraph"),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            requests.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2)
            return process, url
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError("oxigraph serve did not start")


def throughput(send, clients: int, seconds: float = 5.0) -> float:
    """Queries answered per second by `clients` threads sending one after another."""
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def client(i: int) -> None:
        while time.perf_counter() < stop:
            send()
            done[i] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def bench_size(size: str, runs: int, shacl_limit: int, out: list[str]) -> None:
    settings = Settings.from_env()
    work = Path(tempfile.mkdtemp(prefix=f"kg-bench-{size}-"))
    try:
        data = work / "data"
        data.mkdir()
        dataset = generate(size)
        (data / "graph.nq").write_text(canonical_nquads(dataset), encoding="utf-8")
        summary = {"inputs": input_fingerprint(settings)}  # so kg serve takes it as built
        (data / "build.json").write_text(json.dumps(summary) + "\n", encoding="utf-8")
        triples = len(dataset)
        del dataset
        out.append(f"\n### {size}: {triples:,} triples\n")
        rows: list[str] = []

        started = time.perf_counter()
        fast = OxigraphStore(data / "graph.nq")
        fast_load = time.perf_counter() - started
        queries = list_queries(settings.queries_dir)
        in_process = {}
        # The text oxigraph serve is sent: parameters written in, names already looked up
        # (our service looks them up itself, one more query, inside its measured time).
        resolved_text = {}
        for label, name, params in cases(queries):
            query = queries[name]
            bindings = query.bindings(params)
            in_process[label] = timed(
                lambda q=query, b=bindings, f=fast: list(f.query(q.text, b)), runs
            )
            resolved = resolve_names(bindings, fast._lookup)
            resolved_text[label] = bind_parameters(query.text, resolved)
        del fast
        started = time.perf_counter()
        store = RdflibStore(load_graph_file(data / "graph.nq"))  # rdflib: validation and exports
        rdflib_load = time.perf_counter() - started

        process, url, first = start_kg_serve(data)
        oxigraph, ox_url = start_oxigraph(work / "oxigraph")
        try:
            push(store.dataset, f"{ox_url}/store")
            rows.append("| named query | in process | kg serve HTTP | oxigraph HTTP | ratio |")
            rows.append("| --- | --- | --- | --- | --- |")
            for label, name, params in cases(queries):
                ours = timed(
                    lambda n=name, p=params: requests.get(
                        f"{url}/queries/{n}", params={**p, "format": "json"}, timeout=300
                    ).raise_for_status(),
                    runs,
                )
                text = resolved_text[label]
                theirs = timed(
                    lambda t=text: requests.post(
                        f"{ox_url}/query",
                        data={"query": t},
                        headers={"Accept": "application/sparql-results+json"},
                        timeout=300,
                    ).raise_for_status(),
                    runs,
                )
                rows.append(
                    f"| {label} | {_ms(in_process[label])} | {_ms(ours)} | {_ms(theirs)} | "
                    f"{ours[0] / theirs[0]:.1f} |"
                )
            judgments = queries["judgments"].text

            def ours_once() -> None:
                requests.get(f"{url}/queries/judgments", params={"format": "json"}, timeout=300)

            def theirs_once() -> None:
                requests.post(
                    f"{ox_url}/query",
                    data={"query": judgments},
                    headers={"Accept": "application/sparql-results+json"},
                    timeout=300,
                )

            rows.append("")
            rows.append("| throughput (judgments, queries/s) | kg serve | oxigraph |")
            rows.append("| --- | --- | --- |")
            for clients in (1, 8):
                rows.append(
                    f"| {clients} client(s) | {throughput(ours_once, clients):.1f} | "
                    f"{throughput(theirs_once, clients):.1f} |"
                )
            # Measured last: workers load one after another, and all have answered by now.
            memory = rss_mib(process.pid)
        finally:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=60)
            oxigraph.terminate()
            oxigraph.wait(30)

        rows.append("")
        rows.append("| other | median (ms) | p95 (ms) |")
        rows.append("| --- | --- | --- |")
        rows.append(
            f"| kg serve: start to first answer (warm data folder) | {first * 1000:.0f} | |"
        )
        rows.append(f"| kg serve: memory, service and 2 workers (MiB) | {memory:.0f} | |")
        rows.append(f"| load graph.nq into Oxigraph (one worker) | {fast_load * 1000:.0f} | |")
        rows.append(
            f"| load graph.nq into rdflib (validation, exports) | {rdflib_load * 1000:.0f} | |"
        )
        shapes = parse_rdf_file(settings.shapes_file)
        # The submission quotes a real report and points at the seeds' curation activity:
        # the seed graph joins the synthetic one for this check.
        for quad in seed_graph(work).quads((None, None, None, None)):
            store.dataset.add(quad)
        checker = SubmissionChecker(
            store.dataset,
            store.dataset.graph(ONTOLOGY_GRAPH),
            shapes,
            report_texts(settings.seeds_dir),
        )
        submitted = submission(settings)
        check = timed(lambda: _conforming(checker.check(submitted)), runs)
        rows.append(f"| check of a 50-triple submission | {_ms(check, ' | ')} |")
        if triples <= shacl_limit:
            union = union_graph(store.dataset)
            full = timed(lambda: validate_graph(union, shapes), max(1, min(runs, 3)))
            rows.append(f"| full SHACL validation | {_ms(full, ' | ')} |")
        else:
            rows.append(f"| full SHACL validation | not run above {shacl_limit:,} triples | |")
        for fmt in EXPORT_FORMATS:
            export = timed(lambda f=fmt: serialise(project(store.dataset), f), max(1, min(runs, 3)))
            rows.append(f"| export {fmt}, whole graph | {_ms(export, ' | ')} |")
        out.extend(rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def seed_graph(work: Path):
    """The seeds' graph, built into a folder of the benchmark's."""
    settings = replace(Settings.from_env(), data_dir=work / "seed")
    result = build(settings)
    assert result.validation.conforms
    return result.dataset


def _ms(pair: tuple[float, float], sep: str = " / ") -> str:
    return f"{pair[0] * 1000:.0f}{sep}{pair[1] * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", default=["10k", "100k", "1m"], choices=sorted(SIZES))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--skip-shacl-above", type=int, default=200_000)
    args = parser.parse_args()
    out = [
        f"Python {platform.python_version()}, rdflib {version('rdflib')}, pySHACL "
        f"{version('pyshacl')}, oxigraph {version('oxigraph')}, {platform.machine()}, "
        f"{platform.node()}, runs {args.runs}. Times in ms as median / p95.",
    ]
    for size in args.sizes:
        bench_size(size, args.runs, args.skip_shacl_above, out)
        print("\n".join(out), flush=True)
        out = []


if __name__ == "__main__":
    main()

"""The floor under a small query: what an HTTP round trip costs before any engine work.

Side by side, in one run, keep-alive sessions, rounds interleaved: a bare WSGI function on
waitress (reads the body, returns a constant SPARQL JSON answer), the same answer from a bare
Flask route on waitress, `kg serve`'s /sparql, and `oxigraph serve` in memory (no --location).
If the bare function alone is more than 1.1x `oxigraph serve` on `ASK {}`, no service built on
waitress and Flask can be within 1.1x of it on sub-millisecond queries, whatever it does.

Run: .venv/bin/python bench/http_floor.py DATA_DIR [--rounds 300]
DATA_DIR holds graph.nq and build.json (bench/synthetic.py --out DATA_DIR). Prints Markdown.
Never used by the tests; needs the `oxigraph` command (test extras).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).parent))

from engine_speed import JSON, start_kg, start_oxigraph_in_memory
from scale import free_port

_ANSWER = b'{"head":{},"boolean":true}'
_BARE = textwrap.dedent(
    f"""
    import sys
    from waitress import serve

    def app(environ, start_response):
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response("200 OK", [("Content-Type", "application/sparql-results+json")])
        return [{_ANSWER!r}]

    serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=4, _quiet=True)
    """
)
_FLASK = textwrap.dedent(
    f"""
    import sys
    from flask import Flask, Response, request
    from waitress import serve

    app = Flask(__name__)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql():
        request.values.get("query")
        return Response({_ANSWER!r}, mimetype="application/sparql-results+json")

    serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=4, _quiet=True)
    """
)
QUERIES = {
    "ASK {}": "ASK {}",
    "LIMIT 1": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1",
    "LIMIT 100": "SELECT * WHERE { ?s ?p ?o } LIMIT 100",
}


def start_script(source: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", source, str(port)])
    url = f"http://127.0.0.1:{port}/sparql"
    for _ in range(100):
        try:
            requests.post(url, data={"query": "ASK {}"}, timeout=2)
            return process, url
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError("a bare server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    bare, bare_url = start_script(_BARE)
    flask, flask_url = start_script(_FLASK)
    kg, kg_url, _first = start_kg(args.data, None)
    oxigraph, ox_url = start_oxigraph_in_memory(args.data / "graph.nq")
    targets = {
        "waitress, bare": bare_url,
        "Flask on waitress, bare": flask_url,
        "kg serve": f"{kg_url}/sparql",
        "oxigraph serve": f"{ox_url}/query",
    }
    sessions = {name: requests.Session() for name in targets}
    print("| query | " + " | ".join(targets) + " | kg / ox | bare waitress / ox |")
    print("| --- " * (len(targets) + 3) + "|")
    try:
        for label, query in QUERIES.items():
            samples: dict[str, list[float]] = {name: [] for name in targets}
            for round_ in range(args.rounds):
                for name, url in targets.items():
                    started = time.perf_counter()
                    response = sessions[name].post(url, data={"query": query}, headers=JSON)
                    elapsed = time.perf_counter() - started
                    response.raise_for_status()
                    if round_ >= 30:  # the first rounds warm up, uncounted
                        samples[name].append(elapsed)
            medians = {name: statistics.median(values) * 1000 for name, values in samples.items()}
            ox = medians["oxigraph serve"]
            cells = " | ".join(f"{medians[name]:.2f}" for name in targets)
            print(
                f"| {label} | {cells} | {medians['kg serve'] / ox:.2f} "
                f"| {medians['waitress, bare'] / ox:.2f} |",
                flush=True,
            )
    finally:
        for process in (bare, flask, kg, oxigraph):
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    main()

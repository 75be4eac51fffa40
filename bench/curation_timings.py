"""Times the check of a 50-triple curated submission (focused SHACL validation plus the extra
checks) on the seed graph and on a large synthetic graph, as median and 95th percentile.

The large graph is the seed graph copied N times, every node the build mints renamed per copy
(the ontology and its schemes shared), so it has the real graph's shape and size grows with N.

Run: .venv/bin/python bench/curation_timings.py [--copies 35] [--runs 20]
Prints a Markdown table for bench/RESULTS.md. Never used by the tests.
"""

from __future__ import annotations

import argparse
import platform
import resource
import tempfile
import time
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from seed_timings import timed

from kg.curation.checks import SubmissionChecker, report_texts
from kg.graph.build import build
from kg.graph.files import load_built
from kg.graph.parsing import parse_rdf_file, parse_rdf_text
from kg.namespaces import KGR, ONTOLOGY_GRAPH
from kg.settings import Settings
from kg.source.manifest import read_manifest

QUOTE = "East Midlands Special Operations Unit"


def submission(settings: Settings) -> Graph:
    """50 triples: two stated relations with their evidence (19 triples each) and six new
    partner organisations with a name and an acronym (2 triples each)."""
    _manifest, entries = read_manifest(settings.seeds_dir)
    entry = next(e for e in entries if "2015" in e.file_name)
    text = entry.path.read_text(encoding="utf-8")
    start = text.index(QUOTE)
    turtle = [
        "@prefix kgo: <https://w3id.org/police-inspection-kg/ontology#> .",
        "@prefix oa: <http://www.w3.org/ns/oa#> .",
        "@prefix org: <http://www.w3.org/ns/org#> .",
        "@prefix prov: <http://www.w3.org/ns/prov#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
    ]
    for n in range(2):
        rel = f"<{KGR}curated/relation/bench-{n}>"
        ev = f"<{KGR}curated/relation/bench-{n}/evidence"
        turtle.append(
            f"""{rel} a kgo:StatedRelation ; kgo:relationSubject <{KGR}org/emsou> ;
  kgo:relationType <{KGR}relation/member-of> ; kgo:relationObjectText "forces {n}" ;
  kgo:extractedBy "curated" .
{ev}> a oa:Annotation ; oa:hasBody {rel} ; oa:motivatedBy oa:describing ;
  prov:wasGeneratedBy <{KGR}activity/curation> ; oa:hasTarget {ev}/t> .
{ev}/t> a oa:SpecificResource ; oa:hasSource <{entry.iri}> ; oa:hasSelector {ev}/q>, {ev}/p> .
{ev}/q> a oa:TextQuoteSelector ; oa:exact "{QUOTE}" .
{ev}/p> a oa:TextPositionSelector ; oa:start "{start}"^^xsd:nonNegativeInteger ;
  oa:end "{start + len(QUOTE)}"^^xsd:nonNegativeInteger ."""
        )
    for n in range(6):
        turtle.append(
            f"<{KGR}org/bench-partner-{n}> a org:FormalOrganization ; "
            f'skos:prefLabel "Bench partner {n}"@en .'
        )
    graph = parse_rdf_text("\n".join(turtle), "turtle", "bench")
    assert len(graph) == 50, len(graph)
    return graph


def copies(dataset: Dataset, count: int) -> Dataset:
    """The dataset copied `count` times, the build's own nodes renamed in each copy."""
    shared = set(dataset.graph(ONTOLOGY_GRAPH).subjects())
    base = str(KGR)
    large = Dataset(default_union=True)
    large.graph(ONTOLOGY_GRAPH).__iadd__(dataset.graph(ONTOLOGY_GRAPH))
    quads = [q for q in dataset.quads((None, None, None, None)) if q[3] != ONTOLOGY_GRAPH]
    for k in range(count):

        def rename(term, k=k):
            if isinstance(term, URIRef) and str(term).startswith(base) and term not in shared:
                return URIRef(f"{base}copy{k}/{str(term)[len(base) :]}") if k else term
            return term

        for s, p, o, g in quads:
            large.graph(rename(g)).add((rename(s), p, rename(o)))
    return large


def _conforming(report):
    assert report.conforms, report.results
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=35)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        settings = replace(Settings.from_env(), data_dir=Path(data))
        build(settings)
        seed = load_built(settings)
        shapes = parse_rdf_file(settings.shapes_file)
        texts = report_texts(settings.seeds_dir)
        submitted = submission(settings)
        rows = []
        for label, dataset in (("seed graph", seed), (f"seed graph x{args.copies}", None)):
            if dataset is None:
                started = time.perf_counter()
                dataset = copies(seed, args.copies)
                print(f"made the large graph in {time.perf_counter() - started:.0f} s")
            checker = SubmissionChecker(dataset, dataset.graph(ONTOLOGY_GRAPH), shapes, texts)
            median, p95 = timed(lambda c=checker: _conforming(c.check(submitted)), args.runs)
            rows.append((label, len(dataset), median, p95))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"Python {platform.python_version()}, rdflib {version('rdflib')}, "
        f"pySHACL {version('pyshacl')}, {platform.machine()}, runs {args.runs}, "
        f"peak memory {peak:.0f} MiB\n"
    )
    print("| graph | triples | check of a 50-triple submission, median (ms) | p95 (ms) |")
    print("| --- | --- | --- | --- |")
    for label, triples, median, p95 in rows:
        print(f"| {label} | {triples:,} | {median * 1000:.0f} | {p95 * 1000:.0f} |")


if __name__ == "__main__":
    main()

"""The W3C SPARQL test manifests (suite/, copied from w3c/rdf-tests) read into plain records.

Every file keeps its path under suite/ and is named by the IRI it has in the published suite,
https://w3c.github.io/rdf-tests/sparql/..., so relative IRIs in queries, data and expected
results resolve as the suite's authors wrote them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection

SUITE = Path(__file__).parent / "suite"
BASE = "https://w3c.github.io/rdf-tests/sparql/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

# The manifests the suites start from (each includes others).
SYNTAX_MANIFESTS = ("sparql10/manifest-syntax.ttl", "sparql11/syntax-query/manifest.ttl")
EVALUATION_MANIFESTS = (
    "sparql10/manifest-evaluation.ttl",
    "sparql11/manifest-sparql11-query.ttl",
)
PROTOCOL_MANIFEST = "sparql11/protocol/manifest.ttl"


@dataclass(frozen=True)
class SyntaxTest:
    iri: str
    query: str  # the query file's IRI
    positive: bool


@dataclass(frozen=True)
class EvaluationTest:
    iri: str
    query: str
    data: tuple[str, ...]  # the default graph's files
    graph_data: tuple[str, ...]  # the named graphs' files (each named by its IRI)
    result: str
    lax: bool = False  # REDUCED: any cardinality from DISTINCT's to all (compared as sets)


def path_of(iri: str) -> Path:
    assert iri.startswith(BASE), iri
    return SUITE / iri[len(BASE) :]


def iri_of(path: Path) -> str:
    return BASE + path.relative_to(SUITE).as_posix()


@cache
def read_manifest(relative: str) -> Graph:
    path = SUITE / relative
    return Graph().parse(path, format="turtle", publicID=iri_of(path))


def entries(relative: str) -> list[tuple[Graph, URIRef]]:
    """The manifest's entries, those of the manifests it includes first."""
    graph = read_manifest(relative)
    found: list[tuple[Graph, URIRef]] = []
    manifest = URIRef(iri_of(SUITE / relative))
    for included in graph.objects(manifest, MF.include):
        for item in Collection(graph, included):
            found += entries(path_of(str(item)).relative_to(SUITE).as_posix())
    for listed in graph.objects(manifest, MF.entries):
        found += [(graph, URIRef(entry)) for entry in Collection(graph, listed)]
    return found


def syntax_tests() -> list[SyntaxTest]:
    tests = []
    for manifest in SYNTAX_MANIFESTS:
        for graph, entry in entries(manifest):
            kind = str(graph.value(entry, RDF.type))
            if "SyntaxTest" not in kind:
                continue
            query = graph.value(entry, MF.action)
            tests.append(SyntaxTest(str(entry), str(query), "Positive" in kind))
    return tests


def evaluation_tests() -> list[EvaluationTest]:
    tests = []
    for manifest in EVALUATION_MANIFESTS:
        for graph, entry in entries(manifest):
            if graph.value(entry, RDF.type) != MF.QueryEvaluationTest:
                continue
            action = graph.value(entry, MF.action)
            tests.append(
                EvaluationTest(
                    str(entry),
                    str(graph.value(action, QT.query)),
                    tuple(sorted(str(d) for d in graph.objects(action, QT.data))),
                    tuple(sorted(str(d) for d in graph.objects(action, QT.graphData))),
                    str(graph.value(entry, MF.result)),
                    graph.value(entry, MF.resultCardinality) == MF.LaxCardinality,
                )
            )
    return tests


# Where the suite's manifests name their tests.
_TEST_NAMESPACES = {
    "http://www.w3.org/2001/sw/DataAccess/tests/data-r2/": "sparql10/",
    "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/": "sparql11/",
    BASE: "",
}


_FROM = re.compile(r"\bFROM\s+(?:NAMED\s+)?<([^<>\s]*)>", re.IGNORECASE)


def from_graphs(text: str, base: str) -> list[str]:
    """The graphs a query's FROM and FROM NAMED clauses name, resolved against its base."""
    return [urljoin(base, iri) for iri in _FROM.findall(text)]


def short_name(iri: str) -> str:
    """A test's name as EXPECTED_FAILURES shows it: its folder under suite/ and its name
    in the manifest (sparql10/syntax-sparql1/syntax-qname-05)."""
    for namespace, folder in _TEST_NAMESPACES.items():
        if iri.startswith(namespace):
            return folder + iri[len(namespace) :].replace("/manifest#", "/").replace(
                "manifest.ttl#", ""
            )
    return iri


def expected_failures() -> dict[str, str]:
    """EXPECTED_FAILURES: `name  reason` lines, # comments."""
    listed = {}
    for line in (Path(__file__).parent / "EXPECTED_FAILURES").read_text().splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            name, _, reason = line.partition(" ")
            listed[name] = reason.strip()
    return listed

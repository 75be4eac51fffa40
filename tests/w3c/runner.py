"""Running the W3C suites against `kg serve`: each test's verdict, None when it passes.

- Syntax (SPARQL 1.0 data-r2 syntax, 1.1 syntax-query): a valid query is answered (200) unless
  refused by design (update: 403; a graph the store does not hold); an invalid one the engine
  (Oxigraph) rejects is refused with 400; nothing is answered with a 5xx.
- Evaluation: the answer, in every result format the service writes for the query's form,
  equals the suite's expected one (blank nodes up to renaming; in order when the query orders).
- Protocol: each request of the manifest (ht: vocabulary) gets a status of the expected class,
  and the expected answer and content type.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyoxigraph as ox
import requests
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection

from tests.serving import RunningServer
from tests.w3c import manifests
from tests.w3c.compare import Answer, read_expected, read_graph, read_results, same
from tests.w3c.serving import graph_quads

Verdict = str | None
_PARALLEL = 4
_TIMEOUT = 30

RESULT_FORMATS = (
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
)
GRAPH_FORMATS = (
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("text/turtle", ox.RdfFormat.TURTLE),
)


def run_all(tests: Iterable[Any], check: Callable[[Any], Verdict]) -> dict[str, Verdict]:
    tests = list(tests)
    with ThreadPoolExecutor(_PARALLEL) as pool:
        verdicts = list(pool.map(_guarded(check), tests))
    return {manifests.short_name(t.iri): v for t, v in zip(tests, verdicts, strict=True)}


def _guarded(check: Callable[[Any], Verdict]) -> Callable[[Any], Verdict]:
    def run(test: Any) -> Verdict:
        try:
            return check(test)
        except Exception as error:  # a test that cannot run is a failure, said
            return f"runner: {type(error).__name__}: {error}"

    return run


def _post(server: RunningServer, query: str, accept: str = "*/*", **dataset: list[str]):
    form = [("query", query)] + [
        (name.replace("_", "-"), iri) for name, iris in dataset.items() for iri in iris
    ]
    return requests.post(
        server.url + "/sparql", data=form, headers={"Accept": accept}, timeout=_TIMEOUT
    )


def engine_rejects(text: str, base: str) -> str | None:
    """Oxigraph's own syntax error for the text, if it has one."""
    try:
        ox.Store().query(text, base_iri=base)
    except SyntaxError as error:
        return str(error)
    return None


# --- syntax ---------------------------------------------------------------------------------

_BY_DESIGN = ("read-only", "is not in this store")


def check_syntax(server: RunningServer) -> Callable[[manifests.SyntaxTest], Verdict]:
    def check(test: manifests.SyntaxTest) -> Verdict:
        text = manifests.path_of(test.query).read_text(encoding="utf-8")
        response = _post(server, text)
        status, said = response.status_code, response.text[:300]
        if status >= 500:
            return f"{status}: {said}"
        if test.positive:
            if status == 200 or any(reason in said for reason in _BY_DESIGN):
                return None
            return f"valid query refused: {status}: {said}"
        rejected = engine_rejects(text, server.url + "/sparql")
        if rejected is not None and status != 400:
            return f"the engine rejects it ({rejected}) but the service answered {status}"
        return None

    return check


# --- evaluation -----------------------------------------------------------------------------


def check_evaluation(
    data: RunningServer, empty: RunningServer, held: set[str]
) -> Callable[[manifests.EvaluationTest], Verdict]:
    def check(test: manifests.EvaluationTest) -> Verdict:
        text = manifests.path_of(test.query).read_text(encoding="utf-8")
        # The suite's base IRI for the query is where the query file is published; a client
        # says so with BASE (the endpoint's own base is its URL).
        query = f"BASE <{test.query}>\n{text}"
        expected = read_expected(manifests.path_of(test.result), test.result)
        dataset: dict[str, list[str]] = {}
        server = empty
        if manifests.from_graphs(text, test.query):
            server = data
        elif test.data or test.graph_data:
            wanted = [*test.data, *test.graph_data]
            if any(g not in held for g in wanted):
                if any(g in held for g in wanted):
                    return "an empty or unreadable graph beside non-empty ones"
            else:
                server = data
                dataset = {"default_graph_uri": list(test.data)}
                dataset["named_graph_uri"] = list(test.graph_data)
        ordered = isinstance(expected, list) and "ORDER BY" in text.upper()
        try:
            engine = engine_answer(test, query)
        except SyntaxError as error:
            return f"the engine rejects the query: {error}"
        if test.lax:
            expected, engine = _distinct(expected), _distinct(engine)
        differ, wrong = [], []
        for accept, read in _formats(expected):
            response = _post(server, query, accept, **dataset)
            if response.status_code != 200:
                return f"{response.status_code}: {response.text[:300]}"
            actual = _distinct(read(response.content)) if test.lax else read(response.content)
            if not same(engine, actual, ordered):
                differ.append(accept)
            elif not same(expected, actual, ordered):
                wrong.append(accept)
        if differ:
            return f"the service's answer differs from the engine's in {', '.join(differ)}"
        if wrong:
            return f"the engine's answer differs from the suite's (in {', '.join(wrong)})"
        return None

    return check


def _distinct(answer: Answer) -> Answer:
    if not isinstance(answer, list):
        return answer
    seen: dict[frozenset, dict] = {}
    for row in answer:
        seen.setdefault(frozenset(row.items()), row)
    return list(seen.values())


def engine_answer(test: manifests.EvaluationTest, query: str) -> Answer:
    """The answer of Oxigraph alone (pyoxigraph, in this process) over the test's dataset."""
    store = ox.Store()
    text = manifests.path_of(test.query).read_text(encoding="utf-8")
    named = [*test.graph_data, *manifests.from_graphs(text, test.query)]
    for iri in test.data:
        for q in graph_quads(iri, manifests.path_of(iri)):
            store.add(ox.Quad(q.subject, q.predicate, q.object))
    for iri in named:
        if manifests.path_of(iri).is_file():
            store.extend(graph_quads(iri, manifests.path_of(iri)))
    answer = store.query(query)
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return [
            {n: v for n, v in zip(names, solution, strict=True) if v is not None}
            for solution in answer
        ]
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in answer)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def _formats(expected: Answer) -> list[tuple[str, Callable[[bytes], Answer]]]:
    if isinstance(expected, set):
        return [(a, lambda body, f=f: read_graph(body, f)) for a, f in GRAPH_FORMATS]
    return [(a, lambda body, f=f: read_results(body, f)) for a, f in RESULT_FORMATS]


# --- protocol -------------------------------------------------------------------------------

HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
MF = manifests.MF

_FORMAT_TYPES = {
    "boolean": ("application/sparql-results+xml", "application/sparql-results+json"),
    "tabular": (
        "application/sparql-results+xml",
        "application/sparql-results+json",
        "text/csv",
        "text/tab-separated-values",
    ),
    "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples", "application/xhtml+xml"),
}


class ProtocolTest:
    def __init__(self, graph: Graph, iri: URIRef) -> None:
        self.graph, self.iri = graph, str(iri)
        action = graph.value(iri, MF.action)
        self.requests = list(Collection(graph, graph.value(action, HT.requests)))


def protocol_tests() -> list[ProtocolTest]:
    return [
        ProtocolTest(graph, entry)
        for graph, entry in manifests.entries(manifests.PROTOCOL_MANIFEST)
        if graph.value(entry, RDF.type) == MF.ProtocolTest
    ]


def check_protocol(server: RunningServer) -> Callable[[ProtocolTest], Verdict]:
    def check(test: ProtocolTest) -> Verdict:
        g = test.graph
        for request in test.requests:
            path = str(g.value(request, HT.absolutePath))
            path = re.sub(r"^/sparql/", "/sparql", path)
            headers = {}
            for header in Collection(g, g.value(request, HT.headers) or RDF.nil):
                headers[str(g.value(header, HT.fieldName))] = str(g.value(header, HT.fieldValue))
            body = None
            content = g.value(request, HT.body)
            if content is not None:
                encoding = str(g.value(content, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(content, CNT.chars)).encode(encoding)
            response = requests.request(
                str(g.value(request, HT.methodName)),
                server.url + path,
                data=body,
                headers=headers,
                timeout=_TIMEOUT,
                allow_redirects=False,
            )
            verdict = _protocol_verdict(g, g.value(request, HT.resp), response)
            if verdict is not None:
                return verdict
        return None

    return check


def _protocol_verdict(g: Graph, expected: Any, response: requests.Response) -> Verdict:
    classes = {str(s).rsplit("StatusCode", 1)[-1] for s in g.objects(expected, MF.expectedStatus)}
    got = f"{str(response.status_code)[0]}xx"
    if got not in classes:
        wanted = "/".join(sorted(classes))
        return f"status {response.status_code}, not {wanted}: {response.text[:200]}"
    fmt = g.value(expected, MF.expectedFormat)
    media = response.headers.get("Content-Type", "").split(";")[0].strip()
    if fmt is not None and media not in _FORMAT_TYPES[str(fmt)]:
        return f"content type {media}, not one for {fmt}"
    boolean = g.value(expected, MF.expectedBoolean)
    if boolean is not None:
        answer = read_results(response.content, _RESULT_FORMAT_OF[media])
        if answer is not boolean.toPython():
            return f"answer {answer}, not {boolean}"
    return None


_RESULT_FORMAT_OF = {
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
}

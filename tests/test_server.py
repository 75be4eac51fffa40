"""The query service, tested as a client sees it: a real `kg serve` process on loopback, real
HTTP, and real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore)."""

from __future__ import annotations

import io
import json
import re
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from kg.namespaces import SH
from kg.query.named import list_queries
from kg.settings import ServerSettings, Settings
from tests.serving import kg_serve

KGO = "https://w3id.org/police-inspection-kg/ontology#"
KGR = "https://w3id.org/police-inspection-kg/id/"
COUNT_JUDGMENTS = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?j a <{KGO}Judgment> }}"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUERY_TIMEOUT = 3


@pytest.fixture(scope="module")
def server(built, settings: Settings) -> Iterator[str]:
    """`kg serve` on a free loopback port, over the session's built data folder."""
    options = ("--query-timeout", str(QUERY_TIMEOUT), "--max-rows", "500")
    options += ("--max-body-bytes", "100000", "--workers", "2")
    with kg_serve(settings.data_dir, *options) as running:
        yield running.url


@pytest.fixture
def listener() -> Iterator[tuple[str, list]]:
    """A socket on loopback that records any connection: nothing may ever connect to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    connections: list = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, address = sock.accept()
                connections.append(address)
                conn.close()
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", connections
    time.sleep(0.5)  # give a late fetch the chance to show itself
    stop.set()
    thread.join(2)
    sock.close()
    assert connections == [], "the server connected out"


def count(response: requests.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# The protocol --------------------------------------------------------------------------------


def test_listens_on_loopback_by_default(server: str) -> None:
    assert server.startswith("http://127.0.0.1:")
    assert ServerSettings().host == "127.0.0.1"


def test_query_by_get_and_both_posts(server: str) -> None:
    get = requests.get(f"{server}/sparql", params={"query": COUNT_JUDGMENTS})
    direct = requests.post(
        f"{server}/sparql",
        data=COUNT_JUDGMENTS.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    form = requests.post(f"{server}/sparql", data={"query": COUNT_JUDGMENTS})
    assert count(get) == count(direct) == count(form) == 16
    assert get.headers["Content-Type"].startswith("application/sparql-results+json")


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_select_formats(server: str, accept: str, media: str) -> None:
    response = requests.get(
        f"{server}/sparql", params={"query": COUNT_JUDGMENTS}, headers={"Accept": accept}
    )
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith(media)
    assert "16" in response.text


def test_ask(server: str) -> None:
    response = requests.get(f"{server}/sparql", params={"query": f"ASK {{ ?j a <{KGO}Judgment> }}"})
    assert response.json()["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_formats(server: str, accept: str, rdflib_format: str) -> None:
    query = f"CONSTRUCT {{ ?j <{KGO}grade> ?g }} WHERE {{ ?j <{KGO}grade> ?g }}"
    response = requests.get(f"{server}/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=response.text, format=rdflib_format)
    assert len(graph) == 16


def test_format_parameter_for_browsers(server: str) -> None:
    response = requests.get(
        f"{server}/sparql",
        params={"query": COUNT_JUDGMENTS, "format": "csv"},
        headers={"Accept": "text/html"},
    )
    assert response.headers["Content-Type"].startswith("text/csv")


def test_406_for_what_it_cannot_produce(server: str) -> None:
    response = requests.get(
        f"{server}/sparql", params={"query": COUNT_JUDGMENTS}, headers={"Accept": "image/png"}
    )
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.json()["error"]["message"]


def test_malformed_query_gets_400_with_position(server: str) -> None:
    response = requests.get(f"{server}/sparql", params={"query": "SELECT ?x WHERE {\n ?x ?y }"})
    assert response.status_code == 400
    assert re.search(r"line 2, column \d+", response.json()["error"]["message"])


def test_service_description_and_page(server: str) -> None:
    response = requests.get(f"{server}/sparql", headers={"Accept": "text/turtle"})
    assert response.headers["Content-Type"].startswith("text/turtle")
    description = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (
        URIRef(f"{server}/sparql"),
        URIRef(f"{sd}supportedLanguage"),
        URIRef(f"{sd}SPARQL11Query"),
    ) in description
    browser = requests.get(
        f"{server}/sparql", headers={"Accept": "text/html"}, allow_redirects=False
    )
    assert browser.status_code == 303 and browser.headers["Location"].endswith("/")
    assert "<form" in requests.get(f"{server}/").text


def test_default_and_named_graph_uris(server: str) -> None:
    ontology = f"{KGR}graph/ontology"
    only_ontology = requests.get(
        f"{server}/sparql", params={"query": COUNT_JUDGMENTS, "default-graph-uri": ontology}
    )
    assert count(only_ontology) == 0
    report = f"{KGR}report/2016-peel-effectiveness-derbyshire/graph"
    named = requests.get(
        f"{server}/sparql",
        params={
            "query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?j a <{KGO}Judgment> }} }}",
            "named-graph-uri": report,
        },
    )
    assert count(named) == 6


def test_cors(server: str) -> None:
    response = requests.get(
        f"{server}/sparql",
        params={"query": COUNT_JUDGMENTS},
        headers={"Origin": "https://elsewhere.example"},
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = requests.options(
        f"{server}/sparql",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_health_and_openapi(server: str) -> None:
    assert requests.get(f"{server}/health").json()["status"] == "ok"
    assert requests.get(f"{server}/openapi.json").json()["openapi"].startswith("3.")


def test_every_route_is_described_in_openapi(server: str, settings: Settings) -> None:
    from kg.server import create_app

    app = create_app(settings, ServerSettings(), service=object())  # routes only
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        # Flask answers OPTIONS on every route by itself; the API describes the ones it
        # handles (CORS preflight for POST).
        routes.setdefault(path, set()).update(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
    described = requests.get(f"{server}/openapi.json").json()["paths"]
    assert set(described) == set(routes)
    for path, methods in routes.items():
        assert set(described[path]) - {"options"} == methods, path


# Safety ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["get", "form", "update-body", "query-param"])
def test_update_is_refused(server: str, how: str) -> None:
    update = f'INSERT DATA {{ <{KGR}x> <{KGO}text> "x" }}'
    if how == "get":
        response = requests.get(f"{server}/sparql", params={"update": update})
    elif how == "form":
        response = requests.post(f"{server}/sparql", data={"update": update})
    elif how == "update-body":
        response = requests.post(
            f"{server}/sparql",
            data=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )
    else:
        response = requests.get(f"{server}/sparql", params={"query": update})
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]["message"]
    check = requests.get(f"{server}/sparql", params={"query": f"ASK {{ <{KGR}x> ?p ?o }}"})
    assert check.json()["boolean"] is False


def test_no_outbound_request_from_service_from_or_load(server: str, listener) -> None:
    url, _connections = listener
    attempts = [
        {"query": f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"},
        {"query": f"SELECT * FROM <{url}/g> WHERE {{ ?s ?p ?o }}"},
        {"query": f"SELECT * FROM NAMED <{url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "default-graph-uri": f"{url}/g"},
        {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "named-graph-uri": f"{url}/g"},
        {"query": f"LOAD <{url}/g>"},
        {"update": f"LOAD <{url}/g>"},
    ]
    for params in attempts:
        response = requests.get(f"{server}/sparql", params=params)
        assert response.status_code in (400, 403), (params, response.text)


def test_no_outbound_request_from_validation(server: str, listener) -> None:
    url, _connections = listener
    remote_context = json.dumps({"@context": f"{url}/context.jsonld", "@id": "x"})
    response = requests.post(
        f"{server}/validate", data=remote_context, headers={"Content-Type": "application/ld+json"}
    )
    assert response.status_code == 400
    assert "not fetched" in response.json()["error"]["message"]
    imports = f"<{KGR}x> <http://www.w3.org/2002/07/owl#imports> <{url}/ontology.ttl> ."
    response = requests.post(
        f"{server}/validate", data=imports, headers={"Content-Type": "text/turtle"}
    )
    assert response.status_code == 200


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/x"><ex:p>&lol3;</ex:p></rdf:Description>
</rdf:RDF>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/x"><ex:p>&xxe;</ex:p></rdf:Description>
</rdf:RDF>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "external"])
@pytest.mark.parametrize("media", ["application/rdf+xml", "application/trix"])
def test_hostile_xml_is_refused_unparsed(server: str, body: str, media: str) -> None:
    started = time.monotonic()
    response = requests.post(
        f"{server}/validate", data=body.encode(), headers={"Content-Type": media}
    )
    assert response.status_code == 400
    assert "DOCTYPE" in response.json()["error"]["message"]
    assert time.monotonic() - started < 2


def test_plain_rdf_xml_is_validated(server: str) -> None:
    body = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/x"><ex:p>v</ex:p></rdf:Description>
</rdf:RDF>"""
    response = requests.post(
        f"{server}/validate", data=body.encode(), headers={"Content-Type": "application/rdf+xml"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["conforms"] is True


def test_runaway_query_is_stopped_while_others_are_answered(server: str) -> None:
    outcome: dict = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["response"] = requests.get(f"{server}/sparql", params={"query": RUNAWAY})
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    # Meanwhile other clients are served.
    assert requests.get(f"{server}/health", timeout=2).status_code == 200
    assert (
        count(
            requests.get(
                f"{server}/sparql", params={"query": COUNT_JUDGMENTS}, timeout=QUERY_TIMEOUT
            )
        )
        == 16
    )
    thread.join(60)
    response = outcome["response"]
    assert response.status_code == 503
    assert "was stopped" in response.json()["error"]["message"]
    assert outcome["seconds"] < QUERY_TIMEOUT + 5
    # The stopped worker is replaced: the service keeps answering.
    time.sleep(1)
    assert count(requests.get(f"{server}/sparql", params={"query": COUNT_JUDGMENTS})) == 16


def test_queries_parsed_at_the_same_time_are_all_answered(server: str) -> None:
    """rdflib's SPARQL parser (pyparsing) is not safe to run in several threads at once: new
    queries arriving together used to fail with 500 (a TypeError inside the parser)."""
    from concurrent.futures import ThreadPoolExecutor

    def ask(number: int) -> int:
        text = f"SELECT ?j WHERE {{ ?j a <{KGO}Judgment> }} LIMIT {number}"
        return requests.get(f"{server}/sparql", params={"query": text}, timeout=60).status_code

    with ThreadPoolExecutor(8) as pool:
        for round_ in range(4):
            statuses = list(pool.map(ask, range(100 * round_ + 1, 100 * round_ + 9)))
            assert statuses == [200] * 8, statuses


def test_body_size_limit(server: str) -> None:
    response = requests.post(
        f"{server}/sparql",
        data=b"#" * 200_000,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 413
    assert "limit of 100000 bytes" in response.json()["error"]["message"]


def test_row_limit(server: str) -> None:
    response = requests.get(f"{server}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 400
    assert "over the limit" in response.text or "the limit" in response.json()["error"]["message"]


# Named queries -------------------------------------------------------------------------------


def test_named_queries_are_listed(server: str, settings: Settings) -> None:
    listed = {q["name"]: q for q in requests.get(f"{server}/queries").json()["queries"]}
    assert set(listed) == set(list_queries(settings.queries_dir))
    judgments = listed["judgments"]
    assert judgments["title"] == "Graded judgments"
    assert judgments["columns"] == [
        "force",
        "year",
        "programme",
        "question",
        "theme",
        "grade",
        "overall",
        "evidence",
    ]
    assert [p["name"] for p in judgments["parameters"]] == ["force", "theme"]
    page = requests.get(f"{server}/queries", headers={"Accept": "text/html"})
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Graded judgments" in page.text


def test_every_named_query_returns_its_declared_columns(server: str, settings: Settings) -> None:
    examples = {
        "entity": "EMSOU",
        "name": "EMSOU",
        "programme": "IOM",
        "measure": "victim-satisfaction",
    }
    for name, query in list_queries(settings.queries_dir).items():
        params = {p.name: examples[p.name] for p in query.parameters if p.required}
        response = requests.get(f"{server}/queries/{name}", params=params)
        assert response.status_code == 200, (name, response.text)
        assert response.json()["head"]["vars"] == list(query.columns), name


def test_named_query_with_parameter_and_format(server: str) -> None:
    response = requests.get(
        f"{server}/queries/judgments", params={"theme": "serious-organised-crime", "format": "csv"}
    )
    assert response.status_code == 200
    lines = response.text.strip().splitlines()
    assert len(lines) == 3 and all("Outstanding" in line for line in lines[1:])
    assert 'filename="judgments.csv"' in response.headers["Content-Disposition"]


def test_a_parameter_cannot_change_the_query(server: str) -> None:
    hostile = "prevention> } UNION { ?s ?p ?o"
    response = requests.get(f"{server}/queries/judgments", params={"theme": hostile})
    assert response.status_code == 400
    literal = requests.get(
        f"{server}/queries/areas-for-improvement", params={"year": "2016) || true || (1"}
    )
    assert literal.status_code == 400


def test_a_name_parameter_is_looked_up_whatever_its_case_and_cannot_change_the_query(
    server: str,
) -> None:
    def rows(name: str) -> list[dict]:
        response = requests.get(f"{server}/queries/entity", params={"name": name, "format": "json"})
        assert response.status_code == 200, response.text
        return response.json()["results"]["bindings"]

    emsou = rows("EMSOU")
    assert emsou and rows("emsou") == emsou
    assert rows("East Midlands Special Operations Unit") == emsou
    assert rows('EMSOU" ) } UNION { ?s ?p ?o } #') == []
    assert rows("no such thing") == []


def test_a_graph_that_cannot_be_loaded_is_reported_at_once(built, settings, tmp_path) -> None:
    """The service starts (it loads in the background) and a query says why it cannot be
    answered, rather than waiting out the timeout."""
    import shutil

    for name in ("graph.nq", "build.json"):
        shutil.copy2(settings.data_dir / name, tmp_path / name)
    with open(tmp_path / "graph.nq", "a", encoding="utf-8") as handle:
        handle.write("<http://example.org/broken> <http://example.org/p> .\n")
    with kg_serve(tmp_path, "--query-timeout", "60") as running:
        started = time.monotonic()
        response = requests.get(f"{running.url}/queries/judgments", params={"format": "json"})
        assert response.status_code == 503
        message = response.json()["error"]["message"]
        assert "no query worker could start" in message and "graph.nq" in message
        assert time.monotonic() - started < 30


def test_unknown_named_query_is_404(server: str) -> None:
    response = requests.get(f"{server}/queries/no-such-query")
    assert response.status_code == 404


# Validation ------------------------------------------------------------------------------------


def submission(grade: str) -> str:
    from tests.test_cli import VALID

    return VALID.replace(f"<{KGR}grade/good>", grade)


def test_validate_conforming(server: str) -> None:
    response = requests.post(
        f"{server}/validate",
        data=submission(f"<{KGR}grade/good>").encode(),
        headers={"Content-Type": "text/turtle"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["conforms"] is True


def test_validate_violation_as_json_and_turtle(server: str) -> None:
    body = submission("<https://example.org/grade/splendid>").encode()
    response = requests.post(
        f"{server}/validate", data=body, headers={"Content-Type": "text/turtle"}
    )
    report = response.json()
    assert report["conforms"] is False
    result = next(r for r in report["results"] if r["resultPath"] == f"{KGO}grade")
    assert result["focusNode"] == "https://example.org/j"
    assert result["severity"] == "Violation"
    assert result["value"] == "https://example.org/grade/splendid"
    assert result["message"]
    turtle = requests.post(
        f"{server}/validate",
        data=body,
        headers={"Content-Type": "text/turtle", "Accept": "text/turtle"},
    )
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert any(graph.subjects(predicate=None, object=SH.ValidationReport))
    # Nothing the client sent is stored.
    stored = requests.get(
        f"{server}/sparql", params={"query": "ASK { <https://example.org/j> ?p ?o }"}
    )
    assert stored.json()["boolean"] is False


def test_validate_parse_error_names_line_and_column(server: str) -> None:
    response = requests.post(
        f"{server}/validate",
        data=b'@prefix ex: <http://e/> .\nex:a ex:b "open ;\n',
        headers={"Content-Type": "text/turtle"},
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["line"] == 2 and error["column"] is not None


# Real clients ----------------------------------------------------------------------------------


def test_sparqlwrapper(server: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(f"SELECT ?g WHERE {{ ?j <{KGO}grade> ?g }}")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert len(rows) == 16
    client.setQuery(f"CONSTRUCT {{ ?j <{KGO}grade> ?g }} WHERE {{ ?j <{KGO}grade> ?g }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 16
    client.setMethod("POST")
    client.setQuery(f"ASK {{ ?j a <{KGO}Judgment> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_rdflib_sparqlstore(server: str) -> None:
    graph = Graph(store=SPARQLStore(f"{server}/sparql", returnFormat="json"))
    rows = list(graph.query(f"SELECT ?j WHERE {{ ?j a <{KGO}Judgment> }}"))
    assert len(rows) == 16
    assert (None, URIRef(f"{KGO}grade"), URIRef(f"{KGR}grade/outstanding")) in graph


# Exports and node evidence --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "media_type", "extension"),
    [
        ("graphml", "application/graphml+xml", "graphml"),
        ("gexf", "application/gexf+xml", "gexf"),
        ("cytoscape", "application/json", "cyjs"),
        ("node-link", "application/json", "json"),
        ("dot", "text/vnd.graphviz", "dot"),
    ],
)
def test_export_is_a_download_of_the_right_type(
    server: str, fmt: str, media_type: str, extension: str
) -> None:
    response = requests.get(f"{server}/export/{fmt}", params={"focus": "EMSOU", "depth": 1})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="kg-emsou.{extension}"'
    )
    assert f"{KGR}org/emsou" in response.text


def test_export_whole_graph_and_construct(server: str) -> None:
    import networkx as nx

    whole = nx.node_link_graph(requests.get(f"{server}/export/node-link").json(), edges="edges")
    assert whole.number_of_nodes() > 50
    construct = "CONSTRUCT { ?u org:unitOf ?f } WHERE { ?u org:unitOf ?f }"
    response = requests.post(
        f"{server}/export/graphml",
        data=construct.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 200, response.text
    assert 'filename="kg-construct.graphml"' in response.headers["Content-Disposition"]
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert {d["label"] for *_, d in graph.edges(data=True)} == {"unit of"}
    by_get = requests.get(f"{server}/export/dot", params={"query": construct})
    assert by_get.status_code == 200


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        ("/export/svg", {}, 404, "no export format 'svg'"),
        ("/export/dot", {"focus": "nobody"}, 404, "not the IRI, name or acronym"),
        ("/export/dot", {"focus": "EMSOU", "depth": "x"}, 400, "not a whole number"),
        ("/export/dot", {"query": "SELECT * WHERE { ?s ?p ?o }"}, 400, "not SELECT"),
        ("/export/dot", {"include": "reports"}, 400, "choose from"),
        ("/node", {}, 400, "?iri="),
        ("/node", {"iri": f"{KGR}nothing"}, 404, "is not in the graph"),
    ],
)
def test_export_and_node_errors_have_the_error_shape(
    server: str, path: str, params: dict, status: int, message: str
) -> None:
    response = requests.get(f"{server}{path}", params=params)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and message in error["message"]


def test_node_gives_facts_with_evidence_in_its_paragraph(server: str) -> None:
    view = requests.get(f"{server}/node", params={"iri": f"{KGR}org/emsou"}).json()
    assert view["label"] == "East Midlands Special Operations Unit"
    assert view["nodeType"] == "collaboration"
    assert any(s["value"] == "EMSOU" for s in view["statements"])
    kinds = {fact["kind"] for fact in view["facts"]}
    assert {"relation", "mention"} <= kinds
    for fact in view["facts"]:
        for evidence in fact["evidence"]:
            assert evidence["title"] and evidence["exact"]
            paragraph = evidence["paragraph"]
            quote = paragraph["text"][paragraph["quoteStart"] : paragraph["quoteEnd"]]
            assert quote == evidence["exact"]
    dated = [e for f in view["facts"] for e in f["evidence"] if e["date"]]
    assert "September 2008" in {e["date"] for e in dated}

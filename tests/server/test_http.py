"""The query service's HTTP behaviour, in process: the app from create_app with Flask's test
client over the session's build, queries answered by a real query worker. What needs a real
`kg serve` process (real clients and ports, the network sandbox, workers stopped on timeout,
start-up) is in test_server.py."""

from __future__ import annotations

import io
import re
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from werkzeug.test import TestResponse

from kg.namespaces import SH
from kg.query.named import list_queries
from kg.settings import Settings
from tests.named import JUDGMENT_COLUMNS
from tests.serving import SERVED

KGO = "https://w3id.org/police-inspection-kg/ontology#"
KGR = "https://w3id.org/police-inspection-kg/id/"
COUNT_JUDGMENTS = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?j a <{KGO}Judgment> }}"


def count(response: TestResponse) -> int:
    assert response.status_code == 200, response.text
    return int(response.json["results"]["bindings"][0]["n"]["value"])


def sparql(client: FlaskClient, query: str, **headers: str) -> TestResponse:
    return client.get("/sparql", query_string={"query": query}, headers=headers)


# The protocol --------------------------------------------------------------------------------


def test_query_by_get_and_both_posts(client: FlaskClient) -> None:
    get = sparql(client, COUNT_JUDGMENTS)
    direct = client.post(
        "/sparql",
        data=COUNT_JUDGMENTS.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    form = client.post("/sparql", data={"query": COUNT_JUDGMENTS})
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
def test_select_formats(client: FlaskClient, accept: str, media: str) -> None:
    response = sparql(client, COUNT_JUDGMENTS, Accept=accept)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith(media)
    assert "16" in response.text


def test_ask(client: FlaskClient) -> None:
    assert sparql(client, f"ASK {{ ?j a <{KGO}Judgment> }}").json["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_formats(client: FlaskClient, accept: str, rdflib_format: str) -> None:
    query = f"CONSTRUCT {{ ?j <{KGO}grade> ?g }} WHERE {{ ?j <{KGO}grade> ?g }}"
    response = sparql(client, query, Accept=accept)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=response.text, format=rdflib_format)
    assert len(graph) == 16


def test_format_parameter_for_browsers(client: FlaskClient) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": COUNT_JUDGMENTS, "format": "csv"},
        headers={"Accept": "text/html"},
    )
    assert response.headers["Content-Type"].startswith("text/csv")


def test_results_as_a_page(client: FlaskClient) -> None:
    """A URI is a link, an unbound variable an empty cell, and text is escaped."""
    query = (
        "SELECT ?x ?text ?none WHERE { VALUES (?x ?text) "
        """{ (<http://example.org/a?b=1&c=2> "<i>&'q'\\"") } }"""
    )
    response = client.get("/sparql", query_string={"query": query, "format": "html"})
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.text == (
        "<!doctype html><html lang=en><meta charset=utf-8><title>SPARQL results</title>"
        "<table><thead><tr><th>x</th><th>text</th><th>none</th></tr></thead><tbody><tr>"
        '<td><a href="http://example.org/a?b=1&amp;c=2">http://example.org/a?b=1&amp;c=2</a></td>'
        "<td>&lt;i&gt;&amp;&#39;q&#39;&#34;</td><td></td></tr></tbody></table></html>"
    )
    ask = client.get("/sparql", query_string={"query": "ASK {}", "format": "html"})
    assert ask.text == "<!doctype html><title>ASK</title><p>true</p>"


def test_406_for_what_it_cannot_produce(client: FlaskClient) -> None:
    response = sparql(client, COUNT_JUDGMENTS, Accept="image/png")
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.json["error"]["message"]


def test_malformed_query_gets_400_with_position(client: FlaskClient) -> None:
    response = sparql(client, "SELECT ?x WHERE {\n ?x ?y }")
    assert response.status_code == 400
    assert re.search(r"line 2, column \d+", response.json["error"]["message"])


def test_service_description_and_page(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.headers["Content-Type"].startswith("text/turtle")
    description = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (
        URIRef("http://localhost/sparql"),  # the test client's host
        URIRef(f"{sd}supportedLanguage"),
        URIRef(f"{sd}SPARQL11Query"),
    ) in description
    browser = client.get("/sparql", headers={"Accept": "text/html"})
    assert browser.status_code == 303 and browser.headers["Location"].endswith("/")
    assert "<form" in client.get("/").text


def test_default_and_named_graph_uris(client: FlaskClient) -> None:
    ontology = f"{KGR}graph/ontology"
    only_ontology = client.get(
        "/sparql", query_string={"query": COUNT_JUDGMENTS, "default-graph-uri": ontology}
    )
    assert count(only_ontology) == 0
    report = f"{KGR}report/2016-peel-effectiveness-derbyshire/graph"
    named = client.get(
        "/sparql",
        query_string={
            "query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?j a <{KGO}Judgment> }} }}",
            "named-graph-uri": report,
        },
    )
    assert count(named) == 6


def test_cors(client: FlaskClient) -> None:
    response = sparql(client, COUNT_JUDGMENTS, Origin="https://elsewhere.example")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_health_and_openapi(client: FlaskClient) -> None:
    assert client.get("/health").json["status"] == "ok"
    assert client.get("/openapi.json").json["openapi"].startswith("3.")


def test_every_route_is_described_in_openapi(app: Flask, client: FlaskClient) -> None:
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        # Flask answers OPTIONS on every route by itself; the API describes the ones it
        # handles (CORS preflight for POST).
        routes.setdefault(path, set()).update(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
    described = client.get("/openapi.json").json["paths"]
    assert set(described) == set(routes)
    for path, methods in routes.items():
        assert set(described[path]) - {"options"} == methods, path


# Safety ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["get", "form", "update-body", "query-param"])
def test_update_is_refused(client: FlaskClient, how: str) -> None:
    update = f'INSERT DATA {{ <{KGR}x> <{KGO}text> "x" }}'
    if how == "get":
        response = client.get("/sparql", query_string={"update": update})
    elif how == "form":
        response = client.post("/sparql", data={"update": update})
    elif how == "update-body":
        response = client.post(
            "/sparql",
            data=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )
    else:
        response = sparql(client, update)
    assert response.status_code == 403
    assert "read-only" in response.json["error"]["message"]
    assert sparql(client, f"ASK {{ <{KGR}x> ?p ?o }}").json["boolean"] is False


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
def test_hostile_xml_is_refused_unparsed(client: FlaskClient, body: str, media: str) -> None:
    started = time.monotonic()
    response = client.post("/validate", data=body.encode(), headers={"Content-Type": media})
    assert response.status_code == 400
    assert "DOCTYPE" in response.json["error"]["message"]
    assert time.monotonic() - started < 2


def test_plain_rdf_xml_is_validated(client: FlaskClient) -> None:
    body = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="https://w3id.org/police-inspection-kg/id/org/emsou">
    <ex:p>v</ex:p></rdf:Description>
</rdf:RDF>"""
    response = client.post(
        "/validate", data=body.encode(), headers={"Content-Type": "application/rdf+xml"}
    )
    assert response.status_code == 200, response.text
    assert response.json["conforms"] is True


ONE_TRIPLE = {
    "text/turtle": "<http://example.org/x> <http://example.org/p> 'v' .",
    "application/x-turtle": "<http://example.org/x> <http://example.org/p> 'v' .",
    "application/n-triples": '<http://example.org/x> <http://example.org/p> "v" .',
    "application/ld+json": '{"@id": "http://example.org/x", "http://example.org/p": "v"}',
    "application/trix": """<TriX xmlns="http://www.w3.org/2004/03/trix/trix-1/"><graph>
<triple><uri>http://example.org/x</uri><uri>http://example.org/p</uri><plainLiteral>v</plainLiteral>
</triple></graph></TriX>""",
}


@pytest.mark.parametrize("media", sorted(ONE_TRIPLE))
def test_rdf_bodies_are_read_by_their_content_type(client: FlaskClient, media: str) -> None:
    response = client.post("/validate", data=ONE_TRIPLE[media], headers={"Content-Type": media})
    assert response.status_code == 200, response.text
    assert response.json["triples"] == 1


# N-Triples is asked for as text/plain, and JSON-LD as application/json+ld, but a body sent so
# is refused: the Content-Types a body is read by are listed.
@pytest.mark.parametrize("media", ["text/plain", "application/json+ld", "application/json"])
def test_other_bodies_are_refused_with_the_types_read(client: FlaskClient, media: str) -> None:
    response = client.post(
        "/validate", data=ONE_TRIPLE["application/n-triples"], headers={"Content-Type": media}
    )
    assert response.status_code == 415
    assert response.json["error"]["message"] == (
        "send triples as one of application/ld+json, application/n-triples, "
        f"application/rdf+xml, application/trix, application/x-turtle, text/turtle, not {media}"
    )


def test_the_service_description_names_the_result_formats(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    description = Graph().parse(data=response.text, format="turtle")
    named = description.objects(
        URIRef("http://localhost/sparql"),
        URIRef("http://www.w3.org/ns/sparql-service-description#resultFormat"),
    )
    assert {str(iri).removeprefix("http://www.w3.org/ns/formats/") for iri in named} == {
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    }


def test_body_size_limit(client: FlaskClient) -> None:
    response = client.post(
        "/sparql",
        data=b"#" * 200_000,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 413
    assert f"limit of {SERVED.max_body_bytes} bytes" in response.json["error"]["message"]


def test_row_limit(client: FlaskClient) -> None:
    response = sparql(client, "SELECT * WHERE { ?s ?p ?o }")
    assert response.status_code == 400
    assert "over the limit" in response.text or "the limit" in response.json["error"]["message"]


# Named queries -------------------------------------------------------------------------------


def test_named_queries_are_listed(client: FlaskClient, settings: Settings) -> None:
    listed = {q["name"]: q for q in client.get("/queries").json["queries"]}
    assert set(listed) == set(list_queries(settings.queries_dir))
    judgments = listed["judgments"]
    assert judgments["title"] == "Graded judgments"
    assert judgments["columns"] == JUDGMENT_COLUMNS
    assert [p["name"] for p in judgments["parameters"]] == ["force", "theme"]
    page = client.get("/queries", headers={"Accept": "text/html"})
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Graded judgments" in page.text


def test_every_named_query_returns_its_declared_columns(
    client: FlaskClient, settings: Settings
) -> None:
    examples = {
        "entity": "EMSOU",
        "name": "EMSOU",
        "programme": "IOM",
        "measure": "victim-satisfaction",
    }
    for name, query in list_queries(settings.queries_dir).items():
        params = {p.name: examples[p.name] for p in query.parameters if p.required}
        response = client.get(f"/queries/{name}", query_string=params)
        assert response.status_code == 200, (name, response.text)
        assert response.json["head"]["vars"] == list(query.columns), name


def test_named_query_with_parameter_and_format(client: FlaskClient) -> None:
    response = client.get(
        "/queries/judgments", query_string={"theme": "serious-organised-crime", "format": "csv"}
    )
    assert response.status_code == 200
    lines = response.text.strip().splitlines()
    assert len(lines) == 3 and all("Outstanding" in line for line in lines[1:])
    assert 'filename="judgments.csv"' in response.headers["Content-Disposition"]


def test_a_parameter_cannot_change_the_query(client: FlaskClient) -> None:
    hostile = "prevention> } UNION { ?s ?p ?o"
    response = client.get("/queries/judgments", query_string={"theme": hostile})
    assert response.status_code == 400
    literal = client.get(
        "/queries/areas-for-improvement", query_string={"year": "2016) || true || (1"}
    )
    assert literal.status_code == 400


def test_a_name_parameter_is_looked_up_whatever_its_case_and_cannot_change_the_query(
    client: FlaskClient,
) -> None:
    def rows(name: str) -> list[dict]:
        response = client.get("/queries/entity", query_string={"name": name, "format": "json"})
        assert response.status_code == 200, response.text
        return response.json["results"]["bindings"]

    emsou = rows("EMSOU")
    assert emsou and rows("emsou") == emsou
    assert rows("East Midlands Special Operations Unit") == emsou
    assert rows('EMSOU" ) } UNION { ?s ?p ?o } #') == []
    assert rows("no such thing") == []


def test_unknown_named_query_is_404(client: FlaskClient) -> None:
    assert client.get("/queries/no-such-query").status_code == 404


# Validation ------------------------------------------------------------------------------------


def submission(grade: str) -> str:
    from tests.test_cli import VALID

    return VALID.replace(f"<{KGR}grade/good>", grade)


def test_validate_conforming(client: FlaskClient) -> None:
    response = client.post(
        "/validate",
        data=submission(f"<{KGR}grade/good>").encode(),
        headers={"Content-Type": "text/turtle"},
    )
    assert response.status_code == 200, response.text
    assert response.json["conforms"] is True


def test_validate_violation_as_json_and_turtle(client: FlaskClient) -> None:
    body = submission("<https://example.org/grade/splendid>").encode()
    report = client.post("/validate", data=body, headers={"Content-Type": "text/turtle"}).json
    assert report["conforms"] is False
    result = next(r for r in report["results"] if r["resultPath"] == f"{KGO}grade")
    assert result["focusNode"] == "https://example.org/j"
    assert result["severity"] == "Violation"
    assert result["value"] == "https://example.org/grade/splendid"
    assert result["message"]
    turtle = client.post(
        "/validate",
        data=body,
        headers={"Content-Type": "text/turtle", "Accept": "text/turtle"},
    )
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert any(graph.subjects(predicate=None, object=SH.ValidationReport))
    # Nothing the client sent is stored.
    assert sparql(client, "ASK { <https://example.org/j> ?p ?o }").json["boolean"] is False


def test_validate_parse_error_names_line_and_column(client: FlaskClient) -> None:
    response = client.post(
        "/validate",
        data=b'@prefix ex: <http://e/> .\nex:a ex:b "open ;\n',
        headers={"Content-Type": "text/turtle"},
    )
    assert response.status_code == 400
    error = response.json["error"]
    assert error["line"] == 2 and error["column"] is not None


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
    client: FlaskClient, fmt: str, media_type: str, extension: str
) -> None:
    response = client.get(f"/export/{fmt}", query_string={"focus": "EMSOU", "depth": 1})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="kg-emsou.{extension}"'
    )
    assert f"{KGR}org/emsou" in response.text


def test_export_whole_graph_and_construct(client: FlaskClient) -> None:
    import networkx as nx

    whole = nx.node_link_graph(client.get("/export/node-link").json, edges="edges")
    assert whole.number_of_nodes() > 50
    construct = "CONSTRUCT { ?u org:unitOf ?f } WHERE { ?u org:unitOf ?f }"
    response = client.post(
        "/export/graphml",
        data=construct.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 200, response.text
    assert 'filename="kg-construct.graphml"' in response.headers["Content-Disposition"]
    graph = nx.read_graphml(io.BytesIO(response.data))
    assert {d["label"] for *_, d in graph.edges(data=True)} == {"unit of"}
    by_get = client.get("/export/dot", query_string={"query": construct})
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
    client: FlaskClient, path: str, params: dict, status: int, message: str
) -> None:
    response = client.get(path, query_string=params)
    assert response.status_code == status
    error = response.json["error"]
    assert error["status"] == status and message in error["message"]


def test_node_gives_facts_with_evidence_in_its_paragraph(client: FlaskClient) -> None:
    view = client.get("/node", query_string={"iri": f"{KGR}org/emsou"}).json
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

"""The SPARQL 1.1 Protocol to the letter, in process (the W3C protocol suite runs against a
real `kg serve` in tests/w3c): one query per request, an empty one refused, HEAD, charsets,
the ?format= names real clients send, the service description in every RDF format, and
queries the guard once refused or failed on."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef

SELECT_E = 'SELECT ?x WHERE { VALUES ?x { "é" } }'
CONSTRUCT = "CONSTRUCT { <http://example.org/s> <http://example.org/p> 0 } WHERE {}"
SD = "http://www.w3.org/ns/sparql-service-description#"


def values(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [row["x"]["value"] for row in response.json["results"]["bindings"]]


# One query, not none ---------------------------------------------------------------------------


def test_a_repeated_query_is_refused(client: FlaskClient) -> None:
    twice = client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20*%20%7B%7D")
    assert twice.status_code == 400 and "2 queries" in twice.json["error"]["message"]
    form_and_url = client.post("/sparql?query=ASK%20%7B%7D", data={"query": "ASK {}"})
    assert form_and_url.status_code == 400
    body_and_url = client.post(
        "/sparql?query=ASK%20%7B%7D",
        data=b"ASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert body_and_url.status_code == 400


@pytest.mark.parametrize("query", ["", "   \n", "# only a comment\n"])
def test_an_empty_query_is_a_400_not_an_update(client: FlaskClient, query: str) -> None:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400, response.text
    assert "read-only" not in response.json["error"]["message"]


def test_a_graph_uri_that_is_not_an_iri_is_refused(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": "ASK {}", "default-graph-uri": "not an iri"}
    )
    assert response.status_code == 400
    assert "default-graph-uri" in response.json["error"]["message"]


def test_head_is_get_without_a_body(client: FlaskClient) -> None:
    get = client.get("/sparql", query_string={"query": "ASK {}"})
    head = client.head("/sparql", query_string={"query": "ASK {}"})
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    assert client.head("/sparql", headers={"Accept": "text/turtle"}).status_code == 200


# Charsets --------------------------------------------------------------------------------------


def test_a_form_is_read_in_its_declared_charset(client: FlaskClient) -> None:
    body = "query=" + SELECT_E.replace(" ", "+").replace("é", "%E9")
    latin1 = client.post(
        "/sparql",
        data=body.encode("ascii"),
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=ISO-8859-1"},
    )
    assert values(latin1) == ["é"]
    utf8 = client.post("/sparql", data={"query": SELECT_E})
    assert values(utf8) == ["é"]


def test_invalid_utf8_is_refused_with_its_byte_offset(client: FlaskClient) -> None:
    body = SELECT_E.encode("utf-8").replace("é".encode(), b"\xe9")
    direct = client.post("/sparql", data=body, headers={"Content-Type": "application/sparql-query"})
    assert direct.status_code == 400
    offset = body.index(b"\xe9")
    assert f"byte {offset} (0xe9)" in direct.json["error"]["message"]
    form = client.post(
        "/sparql",
        data=b"query=" + body.replace(b"\xe9", b"%E9"),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 400 and "not valid utf-8" in form.json["error"]["message"]
    url = client.get("/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%22%E9%22%20%7D")
    assert url.status_code == 400 and "query string" in url.json["error"]["message"]


def test_a_query_body_is_utf8_only(client: FlaskClient) -> None:
    response = client.post(
        "/sparql",
        data="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    )
    assert response.status_code == 400 and "UTF-8" in response.json["error"]["message"]


# ?format= as clients send it -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "name", "media"),
    [
        ("ASK {}", "xml", "application/sparql-results+xml"),
        ("ASK {}", "json", "application/sparql-results+json"),
        ("SELECT * {}", "csv", "text/csv"),
        ("SELECT * {}", "tsv", "text/tab-separated-values"),
        ("SELECT * {}", "application/sparql-results+xml", "application/sparql-results+xml"),
        (CONSTRUCT, "n3", "text/turtle"),
        (CONSTRUCT, "turtle", "text/turtle"),
        (CONSTRUCT, "xml", "application/rdf+xml"),
        (CONSTRUCT, "rdf+xml", "application/rdf+xml"),
        (CONSTRUCT, "json-ld", "application/ld+json"),
        (CONSTRUCT, "application/n-triples", "application/n-triples"),
    ],
)
def test_format_short_names(client: FlaskClient, query: str, name: str, media: str) -> None:
    response = client.get("/sparql", query_string={"query": query, "format": name})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == media


def test_an_unknown_format_leaves_it_to_accept(client: FlaskClient) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": "SELECT * {}", "format": "n3"},
        headers={"Accept": "text/csv"},
    )
    assert response.headers["Content-Type"].startswith("text/csv")
    construct = client.get(
        "/sparql",
        query_string={"query": CONSTRUCT, "format": "csv"},
        headers={"Accept": "application/rdf+xml"},
    )
    assert construct.headers["Content-Type"].startswith("application/rdf+xml")


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ],
)
def test_the_service_description_is_negotiated(
    client: FlaskClient, accept: str, rdflib_format: str
) -> None:
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == accept
    assert "Accept" in response.headers["Vary"]
    graph = Graph().parse(data=response.text, format=rdflib_format)
    endpoint = URIRef("http://localhost/sparql")
    assert (endpoint, URIRef(f"{SD}supportedLanguage"), URIRef(f"{SD}SPARQL11Query")) in graph


# Queries the engine takes ----------------------------------------------------------------------


def test_a_negative_decimal_is_answered(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * { VALUES ?x { -1.5 } }"})
    assert values(response) == ["-1.5"]


def test_relative_iris_resolve_against_the_endpoint(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT ?x { BIND(<rel#a> AS ?x) }"})
    assert values(response) == ["http://localhost/rel#a"]
    based = client.get(
        "/sparql",
        query_string={"query": "BASE <http://example.org/b/> SELECT ?x { BIND(<c> AS ?x) }"},
    )
    assert values(based) == ["http://example.org/b/c"]
    construct = client.post(
        "/sparql",
        data=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
    )
    assert construct.status_code == 200, construct.text
    assert "<http://localhost/s> <http://localhost/p>" in construct.text


def test_a_syntax_error_is_the_engines_not_a_parameter_hint(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    message = response.json["error"]["message"]
    assert response.status_code == 400
    assert message.startswith("SPARQL syntax error at line 1, column 24")
    assert "parameter" not in message


def test_a_text_that_is_no_query_is_refused_where_it_starts(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "PREFIX e: <http://e/>\nFETCH *"})
    assert response.status_code == 400
    assert "line 2, column 1" in response.json["error"]["message"]

"""Every return format and method of SPARQLWrapper, and rdflib's SPARQLStore in its default
XML, against a real `kg serve`: what they send (?format=json, xml, n3, rdf+xml, json-ld, csv,
tsv with an Accept to match) gets that format. Before, ?format= won over Accept and its
unknown names were a 406, so CONSTRUCT with N3 or RDF/XML failed."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

KGO = "https://w3id.org/police-inspection-kg/ontology#"
SELECT = f"SELECT ?g WHERE {{ ?j <{KGO}grade> ?g }}"
CONSTRUCT = f"CONSTRUCT {{ ?j <{KGO}grade> ?g }} WHERE {{ ?j <{KGO}grade> ?g }}"


def client(server: str, method: str, query: str, fmt: str) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(f"{server}/sparql")
    wrapper.setMethod(method)
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    return wrapper


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        (JSON, "application/sparql-results+json"),
        (XML, "application/sparql-results+xml"),
        (CSV, "text/csv"),
        (TSV, "text/tab-separated-values"),
    ],
)
def test_select_in_every_format(server: str, method: str, fmt: str, media: str) -> None:
    response = client(server, method, SELECT, fmt).query()
    assert response.response.headers["Content-Type"].split(";")[0] == media
    converted = response.convert()
    if fmt == JSON:
        assert len(converted["results"]["bindings"]) == 16
    elif fmt == XML:
        assert len(converted.getElementsByTagName("result")) == 16
    else:
        assert len(converted.decode().strip().splitlines()) == 17  # a header and 16 rows


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        (TURTLE, "text/turtle"),
        (N3, "text/turtle"),
        (RDFXML, "application/rdf+xml"),
        (XML, "application/rdf+xml"),
        (JSONLD, "application/ld+json"),
    ],
)
def test_construct_in_every_format(server: str, method: str, fmt: str, media: str) -> None:
    # Read as sent: SPARQLWrapper's convert() makes a ConjunctiveGraph, deprecated in rdflib.
    response = client(server, method, CONSTRUCT, fmt).query().response
    assert response.headers["Content-Type"].split(";")[0] == media
    rdflib_format = {"text/turtle": "turtle", "application/rdf+xml": "xml"}.get(media, "json-ld")
    assert len(Graph().parse(data=response.read(), format=rdflib_format)) == 16


def test_rdflib_sparqlstore_with_its_default_xml(server: str) -> None:
    graph = Graph(store=SPARQLStore(f"{server}/sparql"))
    assert len(list(graph.query(SELECT))) == 16
    assert len(graph.query(CONSTRUCT).graph) == 16
    assert (None, URIRef(f"{KGO}grade"), None) in graph

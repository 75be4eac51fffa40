"""The documents the service writes about itself, checked in process: the SPARQL service
description (Turtle, through rdflib), the OpenAPI document (a package file), and the list of
named queries for browsers (a template)."""

from __future__ import annotations

import tomllib
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask.testing import FlaskClient
from rdflib import Graph
from rdflib.compare import isomorphic

import kg
from kg.query.formats import EXPORT_FORMATS
from kg.query.named import list_queries
from kg.server import create_app
from kg.server.openapi import openapi_document
from kg.settings import ServerSettings, Settings
from tests.paths import PROJECT_ROOT

GRAPHS = ("https://example.org/graph/b", "https://example.org/graph/a")

SERVICE_DESCRIPTION = """
@prefix formats: <http://www.w3.org/ns/formats/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .

<http://localhost/sparql> a sd:Service ;
    sd:endpoint <http://localhost/sparql> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML,
        formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV, formats:Turtle,
        formats:N-Triples, formats:JSON-LD, formats:RDF_XML ;
    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ] ;
        sd:namedGraph [ a sd:NamedGraph ; sd:name <https://example.org/graph/a> ],
            [ a sd:NamedGraph ; sd:name <https://example.org/graph/b> ]
    ] ;
    rdfs:comment "Read-only SPARQL 1.1 Query endpoint over the police inspection knowledge graph. The default graph is the union of all named graphs." .
"""  # noqa: E501


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    """The app over a stand-in service: these pages need only its graph names and folders."""
    settings = Settings(
        seeds_dir=PROJECT_ROOT / "seeds",
        ontology_dir=PROJECT_ROOT / "ontology",
        queries_dir=PROJECT_ROOT / "queries",
        data_dir=Path("/nonexistent"),
    )
    service = SimpleNamespace(settings=settings, graph_names=frozenset(GRAPHS))
    return create_app(settings, ServerSettings(), service=service).test_client()  # type: ignore[arg-type]


def test_service_description_has_the_triples_it_always_had(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    served = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert isomorphic(served, Graph().parse(data=SERVICE_DESCRIPTION, format="turtle"))


def test_openapi_document_is_the_package_file_with_version_and_export_formats(
    client: FlaskClient,
) -> None:
    document = client.get("/openapi.json").get_json()
    assert document == openapi_document()
    assert document["info"]["version"] == kg.__version__
    for method in ("get", "post"):
        export = document["paths"]["/export/{fmt}"][method]
        assert export["parameters"][0]["schema"]["enum"] == list(EXPORT_FORMATS)
        assert set(export["responses"]["200"]["content"]) == {
            f.media_type for f in EXPORT_FORMATS.values()
        }
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "openapi.json" in pyproject["tool"]["setuptools"]["package-data"]["kg.server"]


def test_named_queries_listed_for_browsers(client: FlaskClient) -> None:
    response = client.get("/queries", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert page.startswith("<!doctype html><html lang=en><meta charset=utf-8>")
    assert "<title>Named queries</title><h1>Named queries</h1>" in page
    for query in list_queries(PROJECT_ROOT / "queries").values():
        link = f'<li><a href="/queries/{query.name}?format=html">'
        assert link in page
        assert unescape(page).count(query.description) == 1
    assert "'" not in page.split("<ul>", 1)[1]  # text is escaped
    as_json = client.get("/queries", headers={"Accept": "text/html"}, query_string="format=json")
    assert as_json.mimetype == "application/json"

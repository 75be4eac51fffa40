"""Real clients get exactly the values the engine computed: a real `kg serve`, SPARQLWrapper
(every return format, GET and POST) and rdflib's SPARQLStore, compared with what pyoxigraph
alone writes for the same query on the same graph. rdflib's writers dropped 0 and false from
XML results, wrote INF as "inf", PT0S as P0D, the Z of a time zone as +00:00, a double 1050 as
1050.0, blank nodes without "_:" in CSV, and lost a solution with nothing bound from CSV/TSV."""

from __future__ import annotations

import json
from xml.dom import minidom

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, GET, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper

from kg.cli import main
from kg.errors import TooManyRows
from kg.query.results import check_rows, row_count
from kg.settings import Settings

XSD = "http://www.w3.org/2001/XMLSchema#"
# Values rdflib's terms rewrote, given as the engine reads them, a row with nothing bound, and
# values the engine computes (a double, a duration, a time zone, INF and NaN).
VALUES = f"""SELECT ?zero ?zerod ?f ?inf ?nan ?dur ?z ?dbl ?lang ?dt ?sum ?half ?none WHERE {{
  VALUES (?zero ?zerod ?f ?inf ?nan ?dur ?z ?dbl ?lang ?dt) {{
    (0 0.0 false "INF"^^<{XSD}double> "NaN"^^<{XSD}double> "PT0S"^^<{XSD}duration>
     "2024-01-01T00:00:00Z"^^<{XSD}dateTime> "1050"^^<{XSD}double> "vingt"@fr
     "7"^^<http://example.org/dt>)
    (UNDEF UNDEF UNDEF UNDEF UNDEF UNDEF UNDEF UNDEF UNDEF UNDEF)
  }}
  BIND(?dbl + 0e0 AS ?sum)
  BIND(<{XSD}dayTimeDuration>(?dur) AS ?half)
}}"""
ON_THE_GRAPH = (
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && datatype(?o) != <"
    + XSD
    + "string>) } ORDER BY ?s ?p LIMIT 60"
)
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isLiteral(?o)) } ORDER BY ?s LIMIT 40"
MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
ENGINE = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


@pytest.fixture(scope="module")
def engine(built: object, settings: Settings) -> ox.Store:
    """pyoxigraph alone over the same dataset: graph.nq, its triples also in the default graph
    (as the service's workers load it, kg.query.stores.oxigraph_store.load_union)."""
    store = ox.Store()
    store.bulk_load(path=str(settings.graph_file), format=ox.RdfFormat.N_QUADS)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store


def engine_answer(engine: ox.Store, query: str, fmt: str) -> bytes:
    answer = engine.query(query)
    assert isinstance(answer, ox.QuerySolutions | ox.QueryBoolean)
    return answer.serialize(format=ENGINE[fmt])


@pytest.mark.parametrize("fmt", list(MEDIA))
@pytest.mark.parametrize("query", [VALUES, ON_THE_GRAPH], ids=["values", "graph"])
def test_the_service_sends_the_engines_own_bytes(
    server: str, engine: ox.Store, fmt: str, query: str
) -> None:
    response = requests.get(
        f"{server}/sparql", params={"query": query}, headers={"Accept": MEDIA[fmt]}, timeout=30
    )
    assert response.status_code == 200, response.text
    assert response.content == engine_answer(engine, query, fmt)


def test_the_values_rdflib_rewrote_are_the_engines(server: str) -> None:
    response = requests.get(
        f"{server}/sparql", params={"query": VALUES}, headers={"Accept": MEDIA["xml"]}, timeout=30
    )
    text = response.text
    for written in (
        f'<literal datatype="{XSD}integer">0</literal>',
        f'<literal datatype="{XSD}boolean">false</literal>',
        f'<literal datatype="{XSD}double">INF</literal>',
        f'<literal datatype="{XSD}double">NaN</literal>',
        f'<literal datatype="{XSD}duration">PT0S</literal>',
        f'<literal datatype="{XSD}dayTimeDuration">PT0S</literal>',
        f'<literal datatype="{XSD}dateTime">2024-01-01T00:00:00Z</literal>',
        f'<literal datatype="{XSD}double">1050</literal>',
        '<literal xml:lang="fr">vingt</literal>',
        "<result></result>",  # the row with nothing bound
    ):
        assert written in text


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_gets_the_engines_values(
    server: str, engine: ox.Store, method: str, fmt: str
) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setMethod(method)
    client.setReturnFormat(fmt)
    client.setQuery(VALUES)
    got = client.query().convert()
    expected = engine_answer(engine, VALUES, fmt)
    if fmt == JSON:
        assert got == json.loads(expected)
        first = got["results"]["bindings"][0]
        assert first["zero"]["value"] == "0" and first["f"]["value"] == "false"
        assert got["results"]["bindings"][1] == {}
    elif fmt == XML:
        assert got.toxml() == minidom.parseString(expected).toxml()
    else:
        assert got == expected


def test_sparqlwrapper_ask_false_and_a_blank_node_in_csv(server: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setReturnFormat(XML)
    client.setQuery("ASK { FILTER(false) }")
    assert client.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "false"
    client.setReturnFormat(CSV)
    client.setQuery("SELECT (BNODE() AS ?b) WHERE {}")
    assert client.query().convert().splitlines()[1].startswith(b"_:")


# SPARQLWrapper reads RDF/XML and JSON-LD into rdflib's deprecated ConjunctiveGraph.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt", [TURTLE, XML, JSONLD])
def test_sparqlwrapper_construct_gets_the_engines_triples(
    server: str, engine: ox.Store, fmt: str
) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setReturnFormat(fmt)
    client.setQuery(CONSTRUCT)
    got = client.query().convert()
    if not isinstance(got, Graph):  # SPARQLWrapper leaves Turtle and JSON-LD as bytes
        got = Graph().parse(data=got, format="turtle" if fmt == TURTLE else "json-ld")
    answer = engine.query(CONSTRUCT)
    expected = Graph().parse(data=ox.serialize(answer, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert {(s, p, o, getattr(o, "datatype", None)) for s, p, o in got} == {
        (s, p, o, getattr(o, "datatype", None)) for s, p, o in expected
    }


def test_rdflib_sparqlstore_reads_the_engines_values(server: str, engine: ox.Store) -> None:
    result = SPARQLStore(f"{server}/sparql").query(VALUES)
    # The row with nothing bound arrives (iterating a Result skips it: rdflib's own way).
    assert len(result.bindings) == 2 and result.bindings[1] == {}
    (first,) = list(result)
    expected = json.loads(engine_answer(engine, VALUES, "json"))["results"]["bindings"][0]
    names = ["zero", "zerod", "f", "inf", "nan", "dur", "z", "dbl", "lang", "dt", "sum", "half"]
    for name, value in zip(names, first, strict=False):  # type: ignore[call-overload]
        assert isinstance(value, Literal)
        sent = Literal(
            expected[name]["value"],
            lang=expected[name].get("xml:lang"),
            datatype=expected[name].get("datatype"),
        )
        # What rdflib makes of the engine's text: its Literal rewrites some lexical forms it
        # reads (PT0S as P0D, INF as inf, Z as +00:00, 1050 as 1050.0), on the client's side.
        assert str(value) == str(sent), name
        if name in ("zero", "zerod", "f", "lang", "dt"):  # kept as the engine wrote them
            assert str(value) == expected[name]["value"], name
        assert value.language == expected[name].get("xml:lang")
        assert (str(value.datatype) if value.datatype else None) == expected[name].get("datatype")


def test_rdflib_sparqlstore_blank_nodes_and_iris(server: str) -> None:
    rows = list(SPARQLStore(f"{server}/sparql").query("SELECT (BNODE() AS ?b) ?i WHERE {}"))
    assert isinstance(rows[0][0], BNode)  # type: ignore[index]
    rows = list(SPARQLStore(f"{server}/sparql").query(ON_THE_GRAPH))
    assert all(isinstance(row[0], URIRef) for row in rows)  # type: ignore[index]


def test_kg_query_keeps_a_row_with_nothing_bound(built: object, settings: Settings) -> None:
    run = CliRunner()
    query = "SELECT ?x WHERE { VALUES ?x { UNDEF 0 } }"
    base = ["--data-dir", str(settings.data_dir), "query", query]
    csv = run.invoke(main, [*base, "--format", "csv"])
    assert csv.exit_code == 0, csv.output
    assert csv.output.splitlines() == ["x", "", "0"]
    tsv = run.invoke(main, [*base, "--format", "tsv"]).output
    assert tsv.splitlines() == ["?x", "", "0"]
    table = run.invoke(main, base).output
    assert table.endswith("(2 rows)\n")


def test_the_results_page_shows_zero_and_false(server: str) -> None:
    query = "SELECT ?n ?f WHERE { VALUES (?n ?f) { (0 false) } }"
    page = requests.get(
        f"{server}/sparql", params={"query": query, "format": "html"}, timeout=30
    ).text
    assert "<td>0</td><td>false</td>" in page


@pytest.mark.parametrize("fmt", list(MEDIA))
def test_rows_are_counted_in_what_the_engine_wrote(engine: ox.Store, fmt: str) -> None:
    """The row limit is checked on the engine's bytes: values that look like the separators
    (a quoted CRLF, "},{", "<result>" as text, an escaped line break) are not rows."""
    tricky = ["a},{b", "x\\r\\ny", "<result>", 'q\\"}},{\\"', "1"]
    values = " ".join(f'"{v}"' for v in tricky) + " UNDEF"
    query = f"SELECT ?v ?w WHERE {{ VALUES ?v {{ {values} }} BIND(?v AS ?w) }}"
    body = engine_answer(engine, query, fmt)
    assert row_count(body, fmt) == 6
    check_rows(body, fmt, 6)
    with pytest.raises(TooManyRows, match="more than 5 rows"):
        check_rows(body, fmt, 5)

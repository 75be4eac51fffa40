"""A SPARQL server as the store: `kg push` into a real `oxigraph serve` on loopback, `kg serve
--store` answering from it, and every named query giving the embedded store's answers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.cli import main
from kg.errors import QueryRefused
from kg.query.named import list_queries
from kg.query.parameters import bind_parameters
from kg.query.results import json_term
from kg.query.stores.oxigraph_store import OxigraphStore
from kg.settings import Settings
from tests.conftest import copy_build
from tests.serving import kg_serve

EXAMPLES = {
    "entity": "SNT",
    "name": "EMSOU",
    "programme": "IOM",
    "measure": "victim-satisfaction",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`oxigraph serve` on a free loopback port with an empty on-disk store."""
    binary = Path(sys.executable).parent / "oxigraph"
    port = free_port()
    process = subprocess.Popen(
        [
            str(binary),
            "serve",
            "--location",
            str(tmp_path_factory.mktemp("oxigraph")),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2)
            break
        except requests.ConnectionError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("oxigraph serve did not start")
    yield url
    process.terminate()
    process.wait(10)


def built_graphs(settings: Settings) -> int:
    """One graph per report, the ontology, the links across reports, one per curated file."""
    reports = len(list(settings.seeds_dir.glob("*.txt")))
    return reports + 2 + len(list((settings.seeds_dir / "curated").glob("*.ttl")))


@dataclass(frozen=True)
class Pushed:
    settings: Settings  # a data folder whose build was pushed
    oxigraph: str  # the server it was pushed to


@pytest.fixture(scope="module")
def pushed(oxigraph: str, built, settings: Settings, tmp_path_factory) -> Pushed:
    own = copy_build(settings, tmp_path_factory.mktemp("remote-data"))
    data = own.data_dir
    result = CliRunner().invoke(main, ["--data-dir", str(data), "push", f"{oxigraph}/store"])
    assert result.exit_code == 0, result.output
    # One graph per report (5), the ontology, the links across reports, and one per curated file.
    assert f"Pushed {built_graphs(settings)} graphs" in result.output
    return Pushed(own, oxigraph)


def rows_of_embedded(store: OxigraphStore, text: str, bindings) -> set[tuple]:
    result = store.query(text, bindings)
    names = [str(v) for v in result.vars or []]
    return {
        tuple(
            sorted(
                (n, _value(json_term(t))) for n, t in zip(names, row, strict=True) if t is not None
            )
        )
        for row in result
    }


def rows_of_json(answer: dict) -> set[tuple]:
    return {
        tuple(sorted((name, _value(term)) for name, term in binding.items()))
        for binding in answer["results"]["bindings"]
    }


def _value(term: dict) -> tuple:
    """A term as compared across stores: blank node labels are the stores' own."""
    if term["type"] == "bnode":
        return ("bnode",)
    datatype = term.get("datatype", "")
    value = term["value"]
    if datatype == f"{XSD}string":
        datatype = ""
    if datatype == f"{XSD}decimal":
        value = str(Decimal(value).normalize())  # engines write decimals differently: 16.0, 16
    return (term["type"], value, datatype, term.get("xml:lang", ""))


def test_push_replaces_graphs_rather_than_adding(pushed: Pushed) -> None:
    oxigraph = pushed.oxigraph
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

    def triples() -> int:
        answer = requests.post(
            f"{oxigraph}/query",
            data={"query": count},
            headers={"Accept": "application/sparql-results+json"},
        ).json()
        return int(answer["results"]["bindings"][0]["n"]["value"])

    before = triples()
    result = CliRunner().invoke(
        main, ["--data-dir", str(pushed.settings.data_dir), "push", f"{oxigraph}/store"]
    )
    assert result.exit_code == 0, result.output
    assert triples() == before


def named_answers(service: str, queries_dir: Path, store: OxigraphStore) -> Iterator[tuple]:
    """(name, rows from the service over HTTP, rows from the embedded store) for each named
    query, its required parameters given their examples."""
    for name, query in list_queries(queries_dir).items():
        params = {p.name: EXAMPLES[p.name] for p in query.parameters if p.required}
        answer = requests.get(
            f"{service}/queries/{name}",
            params=params,
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        )
        assert answer.status_code == 200, (name, answer.text)
        embedded = rows_of_embedded(store, query.text, query.bindings(params))
        yield name, rows_of_json(answer.json()), embedded


def test_every_named_query_answers_as_the_embedded_store(
    pushed: Pushed, engine: OxigraphStore
) -> None:
    queries_dir = pushed.settings.queries_dir
    with kg_serve(pushed.settings.data_dir, "--store", f"{pushed.oxigraph}/query") as running:
        for name, remote, embedded in named_answers(running.url, queries_dir, engine):
            assert remote == embedded, name
            assert remote, f"{name} returned no rows"

        # The same checks as the embedded store, before anything is sent.
        refused = requests.get(
            f"{running.url}/sparql",
            params={"query": "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"},
        )
        assert refused.status_code == 400
        graphs = requests.get(
            f"{running.url}/sparql",
            params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
            headers={"Accept": "application/sparql-results+json"},
        ).json()
        assert len(graphs["results"]["bindings"]) == built_graphs(pushed.settings)


def test_parameters_are_written_in_as_terms() -> None:
    text = """SELECT ?x WHERE {
  ?x <http://example.org/p> ?param .  # ?param in a comment stays
  FILTER(!BOUND(?opt) || ?x = "?param in a string" || ?y = ?opt)
}"""
    bound = bind_parameters(
        text, {"param": Literal('say "hi"'), "opt": URIRef("http://example.org/o")}
    )
    assert '?x <http://example.org/p> "say \\"hi\\"" .  # ?param in a comment stays' in bound
    assert 'FILTER(!true || ?x = "?param in a string" || ?y = <http://example.org/o>)' in bound


def test_things_a_name_stands_for_each_get_the_where_group() -> None:
    """The WHERE group once per thing, each with its term written in, joined by UNION: what
    every engine reads the same (Virtuoso lost a VALUES block's restriction, test_virtuoso)."""
    a, b = URIRef("http://example.org/a"), URIRef("http://example.org/b")
    text = """PREFIX ex: <http://example.org/WHERE>
# WHERE { in a comment
SELECT ?s WHERE { ?s ?p "WHERE {" ; ex:q ?thing . OPTIONAL { ?s ex:r ?thing } } ORDER BY ?s"""
    bound = bind_parameters(text, {"thing": (a, b)})
    assert bound == (
        """PREFIX ex: <http://example.org/WHERE>
# WHERE { in a comment
SELECT ?s WHERE {
  { ?s ?p "WHERE {" ; ex:q <http://example.org/a> . OPTIONAL { ?s ex:r <http://example.org/a> } }
  UNION
  { ?s ?p "WHERE {" ; ex:q <http://example.org/b> . OPTIONAL { ?s ex:r <http://example.org/b> } }
} ORDER BY ?s"""
    )
    # No group to write again: a trailing VALUES clause, which SPARQL allows after any query.
    short = bind_parameters("CONSTRUCT WHERE { ?s ?p ?thing }", {"thing": (a,)})
    assert (
        short == "CONSTRUCT WHERE { ?s ?p ?thing }\nVALUES (?thing) { (<http://example.org/a>) }\n"
    )
    # A name that names nothing: no rows, not every row.
    assert "SELECT ?s WHERE { FILTER(false) } ORDER BY ?s" in bind_parameters(text, {"thing": ()})


def test_a_parameter_cannot_break_out_of_its_iri() -> None:
    with pytest.raises(QueryRefused, match="not an IRI"):
        bind_parameters("SELECT * WHERE { ?s ?p ?o }", {"o": URIRef("http://x/> } ; <y")})


def test_a_parameter_in_select_is_refused_with_the_reason(settings: Settings, built) -> None:
    store = OxigraphStore(settings.graph_file)
    with pytest.raises(QueryRefused, match="only stand where an RDF term can"):
        store.query("SELECT ?o WHERE { ?s ?p ?o }", {"o": Literal("x")})

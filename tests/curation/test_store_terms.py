"""No poisoned store: a curated submission holds only terms every engine of the project loads,
and every triple of it is checked by some shape.

The holes, each reproduced over HTTP (in process, with a curator's token) and with
`kg curate add`: an IRI with a bad percent-encoding was accepted (201) though Oxigraph cannot
load it, after which every query failed; an IRI with a space or braces gave 500; a subject the
graph does not hold, given no class, was accepted unchecked. Each is now refused, naming the
term and its line, and nothing is stored. A log that holds such a submission anyway (written by
an older version) is named, with how to revert it, by `kg query` and by `kg serve`."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from kg.cli import main
from kg.curation.curator import Curator
from kg.curation.log import CurationLog
from kg.graph.build import BuildResult
from kg.graph.files import load_built
from kg.query.stores.oxigraph_store import OxigraphStore
from kg.server import create_app
from kg.settings import Settings
from tests.conftest import copy_build
from tests.serving import SERVED, kg_serve
from tests.submissions import EMSOU, KGR, PREFIXES, SKOS_MATCH, snapshot

TOKEN = "correct-horse-battery-staple-42"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TURTLE = {"Content-Type": "text/turtle", **AUTH}
ASK = "ASK { ?s ?p ?o }"
LINK = f"<{EMSOU}> skos:exactMatch "

# Each hole: the Turtle (after the six prefix lines, so on line 7) and the term to be named.
BAD_TERMS = {
    "bad percent-encoding": (LINK + "<http://www.wikidata.org/entity/Q%zz> .", "Q%zz"),
    "cut percent-encoding": (LINK + "<http://www.wikidata.org/entity/Q%2> .", "Q%2"),
    "space": (LINK + "<http://www.wikidata.org/entity/Q 1> .", "Q 1"),
    "braces": (LINK + "<http://www.wikidata.org/entity/{Q1}> .", "{Q1}"),
    "pipe": (LINK + "<http://example.org/a|b> .", "a|b"),
    "language tag": (f'<{EMSOU}> skos:altLabel "x"@abcdefghi .', "abcdefghi"),
    "datatype": (f'<{EMSOU}> skos:note "1"^^<http://example.org/%zz> .', "%zz"),
}

UNCHECKED = {
    "no class": (
        "<urn:x:nothing> <http://www.w3.org/2000/01/rdf-schema#label> 42 .",
        "urn:x:nothing",
        "gives it no class",
    ),
    "a class no shape checks": (
        "<urn:x:thing> a <http://example.org/Thing> ; skos:note 'x' .",
        "urn:x:thing",
        "is not one the shapes check",
    ),
    "a blank node of a class with a shape": (
        "[] a kgo:Judgment .",
        "_:",
        "A judgment needs evidence",
    ),
}


@pytest.fixture(scope="module")
def data(built: BuildResult, settings: Settings, tmp_path_factory) -> Settings:
    """The module's own copy of the session's build, which its submissions are added to."""
    return copy_of(settings, tmp_path_factory.mktemp("store"))


def copy_of(settings: Settings, folder: Path) -> Settings:
    return copy_build(settings, folder / "data")


@pytest.fixture(scope="module")
def app(data: Settings, tmp_path_factory) -> Iterator[Flask]:
    """The service in process with writes on (overrides conftest's `app`, so `client` is
    this one's)."""
    tokens = tmp_path_factory.mktemp("tokens") / "tokens"
    tokens.write_text(f"alice {TOKEN}\n")
    app = create_app(data, replace(SERVED, workers=1, curator_tokens=str(tokens)))
    yield app
    app.extensions["kg"].close()


@pytest.fixture
def shared(app: Flask, share_curator) -> Curator:
    """`kg curate add` in this process uses the service's curator (same data folder)."""
    return share_curator(app.extensions["kg"].curator)


def cli(settings: Settings, *args: str):
    return CliRunner().invoke(main, ["--data-dir", str(settings.data_dir), *args])


def ask(client: FlaskClient) -> bool:
    response = client.get("/sparql", query_string={"query": ASK})
    assert response.status_code == 200, response.text
    return response.json["boolean"]


def messages(response) -> str:
    """Each result's focus node and message."""
    return "\n".join(
        f"{r['focusNode']}: {r['message']}" for r in response.json["report"]["results"]
    )


# Refused over HTTP and on the command line, nothing stored --------------------------------------


@pytest.mark.parametrize("hole", sorted(BAD_TERMS))
def test_a_term_the_engine_refuses_is_refused_over_http(
    client: FlaskClient, data: Settings, hole: str
) -> None:
    turtle, term = BAD_TERMS[hole]
    before = snapshot(data.data_dir)
    response = client.post("/curated", data=PREFIXES + turtle, headers=TURTLE)
    assert response.status_code == 422, response.text
    said = messages(response)
    assert term in said and "request body, line 7" in said and "query engine refuses" in said
    assert snapshot(data.data_dir) == before, "a refused submission changed the data folder"
    # /validate says the same, and the service still answers.
    checked = client.post("/validate", data=PREFIXES + turtle, headers=TURTLE)
    assert checked.status_code == 200 and checked.json["conforms"] is False
    assert term in "\n".join(r["message"] for r in checked.json["results"])
    assert ask(client) is True


@pytest.mark.parametrize("hole", sorted(UNCHECKED))
def test_a_subject_no_shape_checks_is_refused_over_http(
    client: FlaskClient, data: Settings, hole: str
) -> None:
    turtle, subject, why = UNCHECKED[hole]
    before = snapshot(data.data_dir)
    response = client.post("/curated", data=PREFIXES + turtle, headers=TURTLE)
    assert response.status_code == 422, response.text
    said = messages(response)
    assert subject in said and why in said
    assert snapshot(data.data_dir) == before


def test_bodies_rdflib_cannot_read_or_odd_iris_never_give_500(
    client: FlaskClient, data: Settings
) -> None:
    before = snapshot(data.data_dir)
    odd = {
        "application/n-triples": f"<{EMSOU}> <{SKOS_MATCH}> <http://example.org/a b> .",
        "application/ld+json": (
            f'{{"@id": "{EMSOU}", "{SKOS_MATCH}": {{"@id": "http://example.org/{{x}} y"}}}}'
        ),
        "text/turtle": f"<{EMSOU}> <{SKOS_MATCH}> <http://example.org/a\\u0020b> .",
    }
    for media, body in odd.items():
        response = client.post("/curated", data=body, headers={"Content-Type": media, **AUTH})
        assert response.status_code in (400, 422), (media, response.text)
        assert response.json.get("error", {}).get("message") or messages(response)
    assert snapshot(data.data_dir) == before


@pytest.mark.parametrize("hole", sorted(BAD_TERMS) + sorted(UNCHECKED))
def test_kg_curate_add_refuses_them(
    data: Settings, shared: Curator, tmp_path: Path, hole: str
) -> None:
    turtle, *said = BAD_TERMS.get(hole) or UNCHECKED[hole]
    path = tmp_path / "submission.ttl"
    path.write_text(PREFIXES + turtle, encoding="utf-8")
    before = snapshot(data.data_dir)
    result = cli(data, "curate", "add", str(path), "--author", "alice")
    assert result.exit_code == 1, result.output
    assert all(words in result.output for words in said)
    if said[0] != "_:":  # the shapes' own messages carry no line
        assert f"{path}, line 7" in result.output
    assert snapshot(data.data_dir) == before


# Whatever is accepted loads in every engine ------------------------------------------------------

VALID = [
    LINK + "<http://www.wikidata.org/entity/Q%C3%A9%2F> .",
    LINK + "<http://例え.jp/ünïcödé/Ωmega?q=ü#frag> .",
    f'<{EMSOU}> skos:altLabel "Unité spéciale"@fr-CA, "East Midlands"@en-GB-oxendict .',
    f'<{EMSOU}> skos:note "a line\\nbreak, \\"quoted\\", a tab\\t, a \\u0001 and 🚓" .',
    f'<{EMSOU}> skos:note "2024-01-02"^^xsd:date, "1.50"^^xsd:decimal, "x"^^<urn:x:dt%20x> .',
    f"<{EMSOU}> org:linkedTo [ a org:FormalOrganization ; skos:prefLabel 'A partner'@en ] .",
    f"<{EMSOU}> skos:related _:b1 . _:b1 a org:FormalOrganization ; skos:prefLabel 'B' .",
]


def fuzzed_iris(count: int) -> list[str]:
    """IRIs from characters that engines read differently: percent signs, hex digits, spaces,
    braces, non-ASCII letters."""
    rng = random.Random(15)
    alphabet = ["a", "Z", "0", "2", "F", "%", "%", "é", "例", " ", "{", "}", "|", "/", "#", "?"]
    return [
        "http://example.org/" + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
        for _ in range(count)
    ]


def test_a_store_with_every_accepted_submission_loads_in_every_engine(
    client: FlaskClient, app: Flask, data: Settings
) -> None:
    for turtle in VALID:
        response = client.post("/curated", data=PREFIXES + turtle, headers=TURTLE)
        assert response.status_code == 201, (turtle, response.text)
    curator: Curator = app.extensions["kg"].curator
    accepted = refused = 0
    for iri in fuzzed_iris(40):
        graph = Graph()
        graph.add((URIRef(EMSOU), URIRef(SKOS_MATCH), URIRef(iri)))
        graph.add((URIRef(EMSOU), URIRef(SKOS_MATCH), BNode()))
        outcome = curator.submit(graph, "fuzz")
        try:
            ox.NamedNode(iri)
            engine_takes_it = True
        except ValueError:
            engine_takes_it = False
        # Refused exactly when the engine would refuse it: the check is not stricter.
        assert outcome.status in (("accepted", "duplicate") if engine_takes_it else ("rejected",))
        accepted += engine_takes_it
        refused += not engine_takes_it
    assert accepted and refused, "the fuzz should try both kinds"

    # Loaded afresh, as a restarted service and `kg query` load it, by both engines.
    oxigraph = OxigraphStore(data.graph_file, CurationLog(data.curation_file))
    dataset = load_built(data)
    events = [e for e in CurationLog(data.curation_file).events() if e.kind == "add"]
    assert len(events) >= len(VALID) + 1
    for event in events:
        name = ox.NamedNode(str(event.graph))
        from_oxigraph = Graph()
        for quad in oxigraph._store.quads_for_pattern(None, None, None, name):
            terms = [_normal(_rdflib(t)) for t in (quad.subject, quad.predicate, quad.object)]
            from_oxigraph.add((terms[0], terms[1], terms[2]))
        from_rdflib = Graph()
        for s, p, o in dataset.graph(event.graph):
            from_rdflib.add((_normal(s), _normal(p), _normal(o)))
        assert len(from_oxigraph) == len(from_rdflib) == event.triple_count
        assert isomorphic(from_oxigraph, from_rdflib), event.triples
    assert oxigraph.query(ASK).askAnswer is True
    assert ask(client) is True


def _normal(term):
    """Terms as the engines may both write them: language tags (case-insensitive) in lower
    case, typed values in canonical form (Oxigraph stores 1.50 as 1.5)."""
    if isinstance(term, Literal) and term.language:
        return Literal(str(term), lang=term.language.lower())
    if isinstance(term, Literal) and isinstance(term.value, Decimal):
        return Literal(format(term.value.normalize(), "f"), datatype=term.datatype)
    return term


def _rdflib(term) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):  # rdflib keeps a plain literal untyped
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


# A log poisoned by an older version: named, with how to revert it ---------------------------------

POISON = f"<{EMSOU}> <{SKOS_MATCH}> <http://www.wikidata.org/entity/Q%zz> .\n"


@pytest.fixture
def poisoned(built: BuildResult, settings: Settings, tmp_path: Path) -> Settings:
    """A data folder whose log holds, as submission 1, triples Oxigraph cannot load: what
    `POST /curated` accepted before terms were checked."""
    own = copy_of(settings, tmp_path)
    with CurationLog(own.curation_file).writing() as writer:
        writer.add(POISON, "an older version", "")
    return own


def test_kg_query_and_kg_serve_name_the_submission_and_how_to_revert_it(
    poisoned: Settings,
) -> None:
    said = ("submission 1", "Q%zz", "Invalid IRI percent encoding", "kg curate revert 1")
    result = cli(poisoned, "query", ASK)
    assert result.exit_code == 2, result.output
    assert all(words in result.output for words in said), result.output
    assert "Traceback" not in result.output

    with kg_serve(poisoned.data_dir) as running:
        started = time.monotonic()
        response = requests.get(f"{running.url}/sparql", params={"query": ASK}, timeout=10)
        assert time.monotonic() - started < 2
        assert response.status_code == 503
        assert all(words in response.json()["error"]["message"] for words in said)
    assert all(words in "".join(running.output) for words in said)

    reverted = cli(poisoned, "curate", "revert", "1", "--author", "alice")
    assert reverted.exit_code == 0, reverted.output
    answered = cli(poisoned, "query", ASK, "--format", "json")
    assert answered.exit_code == 0, answered.output
    assert '"boolean": true' in answered.output or '"boolean":true' in answered.output
    with kg_serve(poisoned.data_dir) as running:
        response = requests.get(f"{running.url}/sparql", params={"query": ASK}, timeout=30)
        assert response.status_code == 200 and response.json()["boolean"] is True


def test_a_poisoned_submission_reverted_is_never_loaded(poisoned: Settings) -> None:
    with CurationLog(poisoned.curation_file).writing() as writer:
        writer.revert(1, "alice", "")
    store = OxigraphStore(poisoned.graph_file, CurationLog(poisoned.curation_file))
    assert f"{KGR}graph/curation/1" not in store.graph_names
    assert store.query(ASK).askAnswer is True

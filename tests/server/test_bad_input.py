"""Bad input against a real `kg serve`: deep nesting, huge numbers and odd IRIs get a 400 with a
message that says what is wrong, never a 500; a long but legitimate query runs; query results
as HTML link only http(s) IRIs; every response carries a strict Content-Security-Policy.

One server for the module, with curator tokens, over a private copy of the session's build (a
refused submission must leave its data folder as it was)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kg.errors import InputSyntaxError, QueryRefused
from kg.graph.parsing import parse_rdf_text
from kg.query.guard import check_query
from kg.server import CONTENT_SECURITY_POLICY
from kg.settings import Settings
from tests.conftest import copy_build
from tests.serving import kg_serve
from tests.submissions import snapshot

TOKEN = "a-curator-token-for-the-bad-input-tests"
KGO = "https://w3id.org/police-inspection-kg/ontology#"

# What the attacks sent, each of which answered 500 before.
NESTED_BRACES = "SELECT * WHERE " + "{" * 2000 + "}" * 2000
NESTED_PARENTHESES = "SELECT * WHERE { BIND(" + "(" * 25 + "1" + ")" * 25 + " AS ?x) }"
NESTED_SUBQUERIES = "SELECT * WHERE " + "{ { SELECT * WHERE " * 30 + "{ ?s ?p ?o }" + "} }" * 30
HUNDRED_PATTERNS = (
    "SELECT * WHERE { "
    + " ".join(f"?s <http://example.org/p{i}> ?o{i} ." for i in range(100))
    + " } LIMIT 1"
)
NESTED_JSON_LD = "[" * 5000 + "]" * 5000


@pytest.fixture(scope="module")
def data_dir(built, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_build(settings, tmp_path_factory.mktemp("bad-input-data")).data_dir


@pytest.fixture(scope="module")
def url(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tokens = tmp_path_factory.mktemp("tokens") / "tokens"
    tokens.write_text(f"alice {TOKEN}\n")
    with kg_serve(data_dir, "--curator-tokens", str(tokens), "--workers", "1") as running:
        yield running.url


def sparql(url: str, query: str, **params: str) -> requests.Response:
    return requests.post(
        f"{url}/sparql",
        data=query.encode("utf-8"),
        params=params,
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )


def refused(response: requests.Response, *words: str) -> str:
    """The message of a 400, checked to say what went wrong."""
    assert response.status_code == 400, (response.status_code, response.text[:300])
    message = response.json()["error"]["message"]
    for word in words:
        assert word in message, message
    return message


# Queries ------------------------------------------------------------------------------------


def test_deep_nesting_is_refused_with_where_it_nests(url: str) -> None:
    # Refused by the limits before any parser runs (kg.query.limits); past them, the guard's
    # parse answers a 400 too (tests/query/test_limits.py).
    refused(sparql(url, NESTED_BRACES), "nests brackets 2000 deep", "over the limit of 64")


def test_long_and_nested_queries_run(url: str) -> None:
    """What legitimate queries do: nested expressions, subqueries, 100 triple patterns."""
    response = sparql(url, NESTED_PARENTHESES)
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"] == [
        {
            "x": {
                "type": "literal",
                "value": "1",
                "datatype": "http://www.w3.org/2001/XMLSchema#integer",
            }
        }
    ]
    for query in (NESTED_SUBQUERIES, HUNDRED_PATTERNS):
        response = sparql(url, query)
        assert response.status_code == 200, response.text
        assert "results" in response.json()


def test_the_guard_refuses_what_it_cannot_parse_and_leaves_the_limit_as_it_was() -> None:
    limit = sys.getrecursionlimit()
    with pytest.raises(QueryRefused) as error:
        check_query(NESTED_BRACES, None)
    assert error.value.status == 400
    assert sys.getrecursionlimit() == limit
    assert check_query(HUNDRED_PATTERNS, None).form == "SELECT"
    assert sys.getrecursionlimit() == limit
    # The parser works as before after a refusal; a text it cannot parse is left for the
    # engine to judge (the next test), not refused here.
    assert check_query("SELECT * WHERE { ?s ?p }", None).form == "SELECT"
    assert sys.getrecursionlimit() == limit


def test_a_syntax_error_is_the_engines_with_line_and_column(url: str) -> None:
    message = refused(sparql(url, "SELECT * WHERE {\n  ?s ?p }"), "SPARQL syntax error")
    assert "line 2, column 9" in message
    assert "named query's parameter" not in message  # no parameters were written in


# Parameters ---------------------------------------------------------------------------------


def test_a_huge_number_is_refused(url: str) -> None:
    response = requests.get(f"{url}/queries/areas-for-improvement?year={'9' * 5000}", timeout=30)
    message = refused(response, "parameter year", "not a whole number", "5000 characters")
    assert len(message) < 300
    too_big = requests.get(f"{url}/queries/areas-for-improvement?year=9223372036854775808")
    refused(too_big, "from -9223372036854775808 to 9223372036854775807")
    fine = requests.get(f"{url}/queries/areas-for-improvement?year=2014", timeout=30)
    assert fine.status_code == 200, fine.text


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("http://example.org/%zz", "percent encoding"),
        ("http://[::1", "host"),
        ("http://example.org/a b", "code point ' '"),
        ("http://example.org/a>b", "code point '>'"),
        ("http://example.org/{x}", "code point '{'"),
    ],
)
def test_odd_iris_are_refused_naming_the_parameter(url: str, value: str, reason: str) -> None:
    for parameter in ("theme", "force"):  # an IRI parameter, and a name given as an IRI
        response = requests.get(f"{url}/queries/judgments", params={parameter: value}, timeout=30)
        refused(response, "is not an IRI", reason)


# RDF bodies ---------------------------------------------------------------------------------


def test_deeply_nested_json_ld_is_refused(url: str, data_dir: Path) -> None:
    headers = {"Content-Type": "application/ld+json"}
    refused(
        requests.post(f"{url}/validate", data=NESTED_JSON_LD, headers=headers, timeout=30),
        "nested 5000 deep, over the limit",
    )
    before = snapshot(data_dir)
    auth = {**headers, "Authorization": f"Bearer {TOKEN}"}
    response = requests.post(f"{url}/curated", data=NESTED_JSON_LD, headers=auth, timeout=30)
    refused(response, "nested 5000 deep, over the limit")
    assert snapshot(data_dir) == before


@pytest.mark.parametrize(
    ("text", "rdf_format"),
    [
        (NESTED_JSON_LD, "json-ld"),
        ('{"http://example.org/p": ' * 5000 + "1" + "}" * 5000, "json-ld"),
        ("<urn:x:s> <urn:x:p> " + "[ <urn:x:p> " * 5000 + "1" + " ]" * 5000 + " .", "turtle"),
        ("<urn:x:s> <urn:x:p> " + "( " * 5000 + "1" + " )" * 5000 + " .", "turtle"),
    ],
)
def test_deep_rdf_is_a_syntax_error(text: str, rdf_format: str) -> None:
    with pytest.raises(
        InputSyntaxError, match=r"body: .*(nested \d+ deep, over the limit|nested too deeply)"
    ):
        parse_rdf_text(text, rdf_format, "body")


# HTML ---------------------------------------------------------------------------------------


def test_html_results_link_only_web_iris(url: str) -> None:
    query = """SELECT ?iri WHERE { VALUES ?iri {
        <javascript:alert(document.cookie)> <JavaScript:alert(1)> <data:text/html,x>
        <https://example.org/a?b=1&c=2> <urn:x:y> } }"""
    response = sparql(url, query, format="html")
    assert response.status_code == 200, response.text
    page = response.text
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    links = [part.split('"')[1] for part in page.split("<a href=")[1:]]
    assert links == ["https://example.org/a?b=1&amp;c=2"]
    for shown in ("javascript:alert(document.cookie)", "JavaScript:alert(1)", "urn:x:y"):
        assert f"<td>{shown}</td>" in page


def test_html_results_escape_what_they_show(url: str) -> None:
    query = 'SELECT ?text WHERE { BIND("<script>alert(1)</script>" AS ?text) }'
    page = sparql(url, query, format="html").text
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("path", ["/", "/queries", "/queries/judgments?format=html", "/nowhere"])
def test_every_html_response_has_a_strict_policy(url: str, path: str) -> None:
    response = requests.get(f"{url}{path}", headers={"Accept": "text/html"}, timeout=30)
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"  # no inline script, no eval, nothing remote
    assert directives["frame-ancestors"] == "'none'"
    assert "*" not in policy and "http" not in policy


@pytest.mark.parametrize("event", ["99", "9" * 30])
def test_a_missing_curation_event_is_a_404(url: str, data_dir: Path, event: str) -> None:
    before = snapshot(data_dir)
    assert requests.get(f"{url}/curated/{event}", timeout=30).status_code == 404
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = requests.post(f"{url}/curated/{event}/revert", headers=auth, timeout=30)
    assert response.status_code == 404, response.text
    assert f"no curation event {event}" in response.json()["error"]["message"]
    assert snapshot(data_dir) == before

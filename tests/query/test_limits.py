"""Bounded work before parsing (kg.query.limits, kg.graph.parsing.check_body): the attacks of
issue 15 on the real functions, each refused fast with the limit in the message."""

from __future__ import annotations

import time

import pytest

from kg.errors import InputSyntaxError, KgError, QueryRefused
from kg.graph.parsing import parse_rdf_text
from kg.query.guard import check_query
from kg.query.limits import Limits, check_query_limits, is_expensive, scan_query

ENTITY_BOMB = """<?xml version="1.0" encoding="UTF-16"?>
<!DOCTYPE r [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
<rdf:Description rdf:about="http://example.org/s"><ex:p>&d;&d;</ex:p></rdf:Description></rdf:RDF>"""
RDF_XML = (
    '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/s">'
    "<ex:p>x</ex:p></rdf:Description></rdf:RDF>"
)


def refused(text: str) -> QueryRefused:
    started = time.monotonic()
    with pytest.raises(QueryRefused) as caught:
        check_query(text, None)
    assert time.monotonic() - started < 0.5  # refused by the scan, not after the parse
    return caught.value


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_xml_in_utf16_with_a_dtd_is_refused_unexpanded(encoding: str) -> None:
    # UTF-16 without a byte-order mark is valid UTF-8 text (NULs between the characters), so
    # a check of the text for "<!DOCTYPE" passed it and the entities were expanded.
    text = ENTITY_BOMB.encode(encoding).decode("utf-8")
    with pytest.raises(InputSyntaxError, match="DOCTYPE or ENTITY declaration is refused"):
        parse_rdf_text(text, "xml", "request body")


@pytest.mark.parametrize("rdf_format", ["xml", "trix"])
def test_xml_with_a_dtd_is_refused_in_utf8_too(rdf_format: str) -> None:
    with pytest.raises(InputSyntaxError, match="DOCTYPE"):
        parse_rdf_text(ENTITY_BOMB.replace('encoding="UTF-16"', ""), rdf_format, "body")


def test_plain_rdf_xml_still_parses() -> None:
    assert len(parse_rdf_text(RDF_XML, "xml", "body")) == 1


def test_thousands_of_namespaces_are_refused_fast() -> None:
    declarations = "".join(f' xmlns:n{i}="http://example.org/{i}/"' for i in range(12_000))
    body = RDF_XML.replace('xmlns:ex="', declarations + ' xmlns:ex="')
    started = time.monotonic()
    with pytest.raises(KgError, match=r"12002 prefix or namespace declarations.*limit of 200") as e:
        parse_rdf_text(body, "xml", "body")
    assert e.value.status == 413
    assert time.monotonic() - started < 1  # 11 s in rdflib before


def test_thousands_of_prefixes_are_refused_fast() -> None:
    body = "".join(f"@prefix p{i}: <http://example.org/{i}/> .\n" for i in range(14_000))
    started = time.monotonic()
    with pytest.raises(KgError, match="14000 prefix or namespace declarations") as e:
        parse_rdf_text(body + "<urn:a> <urn:b> <urn:c> .", "turtle", "body")
    assert e.value.status == 413
    assert time.monotonic() - started < 1  # 12 s in rdflib before


def test_a_few_prefixes_parse() -> None:
    body = "".join(f"@prefix p{i}: <http://example.org/{i}/> .\n" for i in range(100))
    assert len(parse_rdf_text(body + "p1:a p2:b p3:c .", "turtle", "body")) == 1


@pytest.mark.parametrize(
    ("body", "rdf_format"),
    [("[" * 5000 + "]" * 5000, "json-ld"), ("<urn:a> <urn:b> " + "[" * 500 + "]" * 500, "turtle")],
)
def test_deep_nesting_in_a_body_is_a_syntax_error(body: str, rdf_format: str) -> None:
    with pytest.raises(InputSyntaxError, match="over the limit of 64") as e:
        parse_rdf_text(body, rdf_format, "body")
    assert e.value.status == 400


def test_a_large_values_query_is_refused_before_parsing() -> None:
    values = " ".join(f"<urn:x:{i}>" for i in range(40_000))  # 528 kB: 27 s of the service
    error = refused(f"SELECT * WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?o }}")
    assert error.status == 413 and "over the limit of 100000 bytes" in error.message
    values = " ".join(f"(<urn:x:{i}> {i})" for i in range(2_000))
    error = refused(f"SELECT * WHERE {{ VALUES (?x ?y) {{ {values} }} ?x ?p ?o }}")
    assert error.status == 413 and "VALUES blocks hold 4000 terms" in error.message


def test_a_long_expression_is_refused_before_parsing() -> None:
    # An IN list of 10,000 strings took rdflib 18 s to parse.
    items = ",".join(f'"{i}"' for i in range(10_000))
    error = refused(f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o IN ({items})) }}")
    assert error.status == 413 and "over the limit of 1000" in error.message


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 2000 + "?s ?p ?o" + "}" * 2000,
        "SELECT * WHERE { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }",
        "SELECT * WHERE { FILTER(" + "\\u0028" * 100 + "1" + ")" * 100 + ") }",
    ],
    ids=["braces", "parentheses", "escaped"],
)
def test_deep_nesting_is_a_400_with_the_limit(query: str) -> None:
    error = refused(query)
    # 64 by default: 25 nested parentheses or 30 nested subqueries still run
    # (tests/server/test_bad_input.py).
    assert error.status == 400 and "over the limit of 64" in error.message


def test_brackets_in_strings_and_comments_do_not_count() -> None:
    shape = scan_query('SELECT * WHERE { ?s ?p "{{{{((((" } # ((((((((\r LIMIT 1')
    assert shape.depth == 1
    assert "LIMIT" in shape.words  # a comment ends at a carriage return too


def test_legitimate_queries_pass_the_limits() -> None:
    patterns = " . ".join(f"?s{i} <urn:p:{i}> ?o{i}" for i in range(100))
    check_query_limits(f"SELECT * WHERE {{ {patterns} }}")
    check_query_limits("SELECT * WHERE { VALUES ?x { " + "1 " * 900 + "} }")


def test_limits_come_from_the_configuration() -> None:
    with pytest.raises(QueryRefused, match="limit of 10 bytes"):
        check_query_limits("ASK { ?s ?p ?o }", Limits(max_query_bytes=10))


@pytest.mark.parametrize(
    ("query", "expensive"),
    [
        ("ASK { ?s ?p ?o }", False),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 5", False),
        ("SELECT DISTINCT * WHERE { ?s ?p ?o }", True),
        ("SELECT ?s WHERE { ?s <urn:p>+ ?o }", True),
        ("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", True),
        ("SELECT * { { SELECT * { ?s ?p ?o } } }", True),
        ('ASK { ?s ?p ?o FILTER(?o = "x") }', True),
        ("SELECT (GROUP_CONCAT(?o) AS ?c) { ?s ?p ?o }", True),
    ],
)
def test_expensive_shapes(query: str, expensive: bool) -> None:
    assert is_expensive(query) is expensive

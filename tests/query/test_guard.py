"""The guard (kg.query.guard) on texts rdflib's parser cannot read: not refused for that, their
form and dataset read by a scan, relative IRIs resolved against the base given."""

from __future__ import annotations

import pytest

from kg.errors import QueryRefused
from kg.query.guard import check_query

BASE = "http://example.org/sparql"


def test_a_negative_decimal_is_left_to_the_engine() -> None:
    # rdflib's parser raised TypeError on it (a 500 before).
    checked = check_query("SELECT * { VALUES ?x { -1.5 } }", None, base_iri=BASE)
    assert checked.form == "SELECT" and checked.base_iri == BASE


def test_the_scan_reads_the_dataset_with_prefixes_and_base() -> None:
    text = (
        "PREFIX e: <http://e.org/> # FROM <http://not/this> in a comment\n"
        'BASE <http://b.org/x/> ASK FROM <g> FROM NAMED e:h { ?s ?p "FROM <no>", -1.5 }'
    )
    checked = check_query(text, None, base_iri=BASE)
    assert checked.form == "ASK"
    assert checked.default_graphs == ("http://b.org/x/g",)
    assert checked.named_graphs == ("http://e.org/h",)


def test_a_relative_graph_resolves_against_the_endpoint_and_must_be_held() -> None:
    held = {"http://example.org/g"}
    assert check_query("ASK FROM <g> {}", held, base_iri=BASE).default_graphs == tuple(held)
    with pytest.raises(QueryRefused, match=r"<http://example\.org/other>"):
        check_query("ASK FROM <other> { ?s ?p -1.5 }", held, base_iri=BASE)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("PREFIX e: <http://e/> INSERT DATA { e:a e:b -1.5 }", 403),
        ("# nothing but a comment\n", 400),
        ("FETCH ?x", 400),
    ],
)
def test_what_is_no_query_is_refused(text: str, status: int) -> None:
    with pytest.raises(QueryRefused) as refused:
        check_query(text, None)
    assert refused.value.status == status

"""What the request path remembers between requests (kg.server.service's check, the answer's
format by Accept) never answers one request as another was answered."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.errors import QueryRefused
from kg.query.limits import Limits, configure, current

TEXT = "ASK { ?s ?p ?o }"


def test_a_check_remembered_under_one_limit_is_not_taken_under_a_stricter_one(app: Flask) -> None:
    service = app.extensions["kg"]
    assert service.check(TEXT).form == "ASK"
    before = current()
    configure(Limits(max_query_bytes=10))
    try:
        with pytest.raises(QueryRefused) as refused:
            service.check(TEXT)
        assert refused.value.status == 413
    finally:
        configure(before)
    assert service.check(TEXT).form == "ASK"


def test_a_refusal_is_given_again_each_time(app: Flask) -> None:
    service = app.extensions["kg"]
    for _ in range(2):
        with pytest.raises(QueryRefused, match="SERVICE is not allowed"):
            service.check("SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }")


@pytest.mark.parametrize(
    "accepts",
    [
        ("application/sparql-results+xml", "application/sparql-results+json", "text/csv"),
        ("text/csv", "text/tab-separated-values", "text/csv"),
    ],
)
def test_each_request_is_answered_in_the_format_its_own_accept_asks(
    client: FlaskClient, accepts: tuple[str, ...]
) -> None:
    for accept in (*accepts, *accepts):
        response = client.get("/sparql", query_string={"query": TEXT}, headers={"Accept": accept})
        assert response.status_code == 200
        assert response.mimetype == accept


def test_an_unacceptable_accept_is_refused_every_time(client: FlaskClient) -> None:
    for _ in range(2):
        response = client.get(
            "/sparql", query_string={"query": TEXT}, headers={"Accept": "image/png"}
        )
        assert response.status_code == 406

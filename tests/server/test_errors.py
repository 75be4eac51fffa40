"""The error hierarchy (kg.errors) and the one handler that turns it into the API's error shape
(kg.server.errors), checked in process on a bare Flask app."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from rdflib import Graph

from kg.curation.log import CurationLog
from kg.errors import (
    ApiError,
    Conflict,
    InputSyntaxError,
    KgError,
    NotAcceptable,
    NotFound,
    QueryFailed,
    QueryRefused,
    QueryTimeout,
    TooManyRows,
)
from kg.query.formats import RESULT_FORMATS
from kg.server.errors import register_error_handlers
from kg.views.node import node_view

CASES = [
    (KgError("bad input"), 400, "Bad Request", {}),
    (NotFound("no such thing"), 404, "Not Found", {}),
    (Conflict("already done"), 409, "Conflict", {}),
    (QueryRefused(403, "read-only"), 403, "Forbidden", {}),
    (QueryRefused(502, "the store answered 500"), 502, "Error", {}),
    (QueryFailed(500, "the worker died"), 500, "Internal Server Error", {}),
    (QueryTimeout("too slow"), 503, "Service Unavailable", {}),
    (TooManyRows("too many"), 400, "Bad Request", {}),
    (ApiError(415, "send Turtle"), 415, "Unsupported Media Type", {}),
    (InputSyntaxError("body", 2, 5, "bad syntax"), 400, "Bad Request", {"line": 2, "column": 5}),
    (InputSyntaxError("body", None, None, "not UTF-8"), 400, "Bad Request", {}),
]


def app_raising(error: Exception) -> Flask:
    app = Flask(__name__)

    @app.route("/raise", methods=["GET"])
    def fail():
        raise error

    register_error_handlers(app)
    return app


@pytest.mark.parametrize(("error", "status", "title", "details"), CASES)
def test_every_error_gets_its_status_in_the_one_shape(error, status, title, details) -> None:
    response = app_raising(error).test_client().get("/raise")
    assert response.status_code == status
    body = response.get_json()["error"]
    assert body == {
        "status": status,
        "title": title,
        "message": str(error),
        **({"line": None, "column": None} if isinstance(error, InputSyntaxError) else {}),
        **details,
    }


@pytest.mark.parametrize(("error", "status", "title", "details"), CASES)
def test_plain_text_for_clients_that_ask_for_it(error, status, title, details) -> None:
    client = app_raising(error).test_client()
    response = client.get("/raise", headers={"Accept": "text/plain"})
    assert response.status_code == status
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == f"{status} {title}: {error}\n"


def test_syntax_error_message_names_line_and_column() -> None:
    error = InputSyntaxError("request body", 3, 7, "bad syntax")
    assert str(error) == error.message == "request body, line 3, column 7: bad syntax"
    assert (error.line, error.column, error.status) == (3, 7, 400)


def test_not_acceptable_lists_what_is_offered() -> None:
    error = NotAcceptable(RESULT_FORMATS)
    assert error.status == 406 and error.offered == RESULT_FORMATS
    assert str(error).startswith("cannot produce any of the accepted media types; this result")
    assert "application/sparql-results+json" in str(error)


def test_headers_of_an_api_error_are_sent() -> None:
    challenge = {"WWW-Authenticate": 'Bearer realm="curated"'}
    app = app_raising(ApiError(401, "send a token", headers=challenge))
    response = app.test_client().get("/raise")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="curated"'
    assert response.get_json()["error"]["title"] == "Unauthorized"


def test_status_is_per_class_unless_given() -> None:
    assert KgError("x").status == 400
    assert KgError("x", 404).status == 404
    assert NotFound("x").status == 404 and NotFound("x", 410).status == 410
    assert KgError.status == 400  # an instance's status never changes its class's


def test_werkzeug_errors_get_the_same_shape() -> None:
    app = app_raising(KgError("unused"))
    client = app.test_client()
    missing = client.get("/nowhere")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["title"] == "Not Found"
    wrong_method = client.post("/raise", headers={"Accept": "text/plain"})
    assert wrong_method.status_code == 405
    assert wrong_method.get_data(as_text=True).startswith("405 Method Not Allowed: ")


def test_core_errors_carry_the_status_the_api_answers_with(tmp_path: Path) -> None:
    # Raised far from the HTTP layer, answered without a blueprint re-mapping them.
    with pytest.raises(NotFound, match="no curation event 9") as missing:
        CurationLog(tmp_path / "curation.sqlite").get(9)
    assert missing.value.status == 404
    with pytest.raises(NotFound, match="is not in the graph") as node:
        node_view(Graph(), tmp_path, "https://example.org/nothing")
    assert node.value.status == 404

"""One error shape for the whole HTTP API: {"error": {"status", "title", "message"}}, or plain
text for clients that do not take JSON."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from kg.errors import InputSyntaxError, KgError
from kg.query.formats import NotAcceptable
from kg.query.guard import QueryRefused
from kg.query.workers import QueryFailed, QueryTimeout


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        headers: dict[str, str] | None = None,
        **details: object,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.details = details


def error_response(status: int, message: str, **details: object) -> Response:
    titles = {
        400: "Bad Request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not Found",
        405: "Method Not Allowed",
        406: "Not Acceptable",
        413: "Payload Too Large",
        409: "Conflict",
        415: "Unsupported Media Type",
        422: "Unprocessable Content",
        500: "Internal Server Error",
        503: "Service Unavailable",
    }
    title = titles.get(status, "Error")
    wants_text = request.accept_mimetypes.best_match(["application/json", "text/plain"]) == (
        "text/plain"
    )
    if wants_text and not request.accept_mimetypes.accept_json:
        response = Response(f"{status} {title}: {message}\n", mimetype="text/plain")
    else:
        response = jsonify(
            {"error": {"status": status, "title": title, "message": message, **details}}
        )
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error: ApiError) -> Response:
        response = error_response(error.status, error.message, **error.details)
        response.headers.update(error.headers)
        return response

    @app.errorhandler(QueryRefused)
    def refused(error: QueryRefused) -> Response:
        return error_response(error.status, error.message)

    @app.errorhandler(QueryTimeout)
    def timeout(error: QueryTimeout) -> Response:
        return error_response(503, str(error))

    @app.errorhandler(QueryFailed)
    def failed(error: QueryFailed) -> Response:
        return error_response(error.status, error.message)

    @app.errorhandler(NotAcceptable)
    def not_acceptable(error: NotAcceptable) -> Response:
        return error_response(406, str(error))

    @app.errorhandler(InputSyntaxError)
    def syntax(error: InputSyntaxError) -> Response:
        return error_response(400, str(error), line=error.line, column=error.column)

    @app.errorhandler(KgError)
    def kg_error(error: KgError) -> Response:
        return error_response(400, str(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        message = error.description or error.name
        if error.code == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            message = f"the request body is larger than the limit of {limit} bytes"
        return error_response(error.code or 500, message)

"""One error shape for the whole HTTP API: {"error": {"status", "title", "message", ...}}, or
plain text for clients that do not take JSON. Every kg.errors.KgError carries its status, so
one handler answers them all; werkzeug's own HTTP errors (404 route, 405, 413) get the same
shape."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from kg.errors import KgError

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def error_response(status: int, message: str, **details: object) -> Response:
    title = _TITLES.get(status, "Error")
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
    @app.errorhandler(KgError)
    def kg_error(error: KgError) -> Response:
        response = error_response(error.status, error.message, **error.details)
        response.headers.update(error.headers)
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        message = error.description or error.name
        if error.code == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            message = f"the request body is larger than the limit of {limit} bytes"
        return error_response(error.code or 500, message)

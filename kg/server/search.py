"""GET /search?q=: forces, units, partners, programmes, findings, measures and report paragraphs
by name, acronym or words of their text (JSON, ranked, with the matching text), from the index
`kg build` writes beside the graph (kg.views.search_index)."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Blueprint, Response, jsonify, request

from kg.errors import ApiError
from kg.server.sparql import service
from kg.views.search_index import KIND_WEIGHT, index_path, search, write_index

blueprint = Blueprint("search", __name__)
MAX_QUERY_CHARS = 200
MAX_LIMIT = 50
_writing = threading.Lock()


@blueprint.route("/search", methods=["GET"])
def find() -> Response:
    query = request.args.get("q", "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise ApiError(400, f"the search text is longer than {MAX_QUERY_CHARS} characters")
    kind = request.args.get("kind") or None
    if kind is not None and kind not in KIND_WEIGHT:
        raise ApiError(400, f"unknown kind {kind!r}; use one of: {', '.join(KIND_WEIGHT)}")
    try:
        limit = min(MAX_LIMIT, max(1, int(request.args.get("limit", "20"))))
    except ValueError:
        raise ApiError(400, "limit must be a whole number") from None
    return jsonify(search(_index(), query, limit, kind))


def _index() -> Path:
    """The build's index; written from the served graph if the build predates it."""
    path = index_path(service().settings.data_dir)
    if not path.exists():
        with _writing, service().reading() as graph:
            if not path.exists():
                write_index(graph, path)
    return path

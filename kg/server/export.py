"""/export/<format>: the graph, a node's neighbourhood or a CONSTRUCT result as a file for Gephi,
Cytoscape or Graphviz (kg.views.export does the work)."""

from __future__ import annotations

from flask import Blueprint, Response, request
from rdflib import Graph

from kg.errors import ApiError
from kg.query.formats import EXPORT_FORMATS, EXPORT_INCLUDES, answer_format
from kg.server.sparql import service
from kg.views.export import select, serialise

blueprint = Blueprint("export", __name__)

_NTRIPLES = answer_format("ntriples")


@blueprint.route("/export/<fmt>", methods=["GET", "POST"])
def export(fmt: str) -> Response:
    if fmt not in EXPORT_FORMATS:
        raise ApiError(404, f"no export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    focus = request.values.get("focus") or None
    depth = _depth(request.values.get("depth", "1"))
    include = request.values.getlist("include")
    for name in include:
        if name not in EXPORT_INCLUDES:
            raise ApiError(400, f"include={name!r}: choose from {', '.join(EXPORT_INCLUDES)}")
    query = _query_text()
    if query is not None and focus is not None:
        raise ApiError(400, "give a focus or a query, not both")
    triples = _construct(query) if query is not None else None
    with service().reading() as context:
        graph = select(context, focus=focus, depth=depth, triples=triples, include=include)
    spec = EXPORT_FORMATS[fmt]
    response = Response(serialise(graph, fmt), content_type=spec.content_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{_download_stem(focus, query)}.{spec.extension}"'
    )
    return response


def _depth(text: str) -> int:
    try:
        depth = int(text)
    except ValueError:
        raise ApiError(400, f"depth={text!r} is not a whole number") from None
    if not 0 <= depth <= 5:
        raise ApiError(400, f"depth={depth}: give 0 to 5")
    return depth


def _query_text() -> str | None:
    """A CONSTRUCT query from ?query=, a form field, or an application/sparql-query body."""
    if request.method == "POST" and request.mimetype == "application/sparql-query":
        return request.get_data(as_text=True)
    return request.values.get("query") or None


def _construct(query: str) -> Graph:
    """Run the query in a worker, like /sparql does (same checks, timeout and row limit)."""
    checked = service().check(query)
    if checked.form not in ("CONSTRUCT", "DESCRIBE"):
        raise ApiError(400, f"export needs a CONSTRUCT or DESCRIBE query, not {checked.form}")
    answer = service().run(checked, _NTRIPLES)
    return Graph().parse(data=answer.body.decode("utf-8"), format=_NTRIPLES.rdflib_name)


def _download_stem(focus: str | None, query: str | None) -> str:
    if query is not None:
        return "kg-construct"
    if focus is None:
        return "kg"
    slug = "".join(ch if ch.isalnum() else "-" for ch in focus.rsplit("/", 1)[-1]).strip("-")
    return f"kg-{slug.lower() or 'focus'}"

"""/queries: the named queries in queries/, listed and run with bound parameters."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request

from kg.errors import ApiError
from kg.query.named import NamedQuery, list_queries, load_query
from kg.server.sparql import answer, negotiated, service

blueprint = Blueprint("named", __name__)


def query_description(query: NamedQuery) -> dict:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "parameters": [
            {
                "name": p.name,
                "required": p.required,
                "kind": p.kind,
                "base": p.base,
                "description": p.description,
            }
            for p in query.parameters
        ],
        "columns": list(query.columns),
        "url": f"/queries/{query.name}",
        "sparql": query.text,
    }


@blueprint.route("/queries", methods=["GET"])
def index() -> Response:
    queries = list_queries(service().settings.queries_dir)
    wants = request.accept_mimetypes.best_match(["application/json", "text/html"])
    if wants == "text/html" and request.args.get("format") != "json":
        page = render_template("queries.html", queries=queries.values())
        return Response(page, mimetype="text/html")
    return jsonify({"queries": [query_description(q) for q in queries.values()]})


@blueprint.route("/queries/<name>", methods=["GET"])
def run(name: str) -> Response:
    path = service().settings.queries_dir / f"{name}.rq"
    if not name.replace("-", "").replace("_", "").isalnum() or not path.is_file():
        raise ApiError(404, f"no named query {name!r}; see /queries for the list")
    query = load_query(path)
    values = {k: v for k, v in request.args.items() if k != "format"}
    bindings = query.bindings(values)
    checked = service().check(query.text)
    fmt = negotiated(checked.form, request.args.get("format"))
    return answer(service().run(checked, fmt, bindings), download_name=name)

"""The page for browsers at /, readiness at /health, and the OpenAPI description."""

from __future__ import annotations

from html import escape

from flask import Blueprint, Response, jsonify

from kg.named_queries import list_queries
from kg.server.openapi import openapi_document
from kg.server.sparql import service

blueprint = Blueprint("pages", __name__)


@blueprint.route("/", methods=["GET"])
def home() -> Response:
    queries = list_queries(service().settings.queries_dir)
    links = "".join(
        f'<li><a href="/queries/{escape(q.name)}?format=html">{escape(q.title)}</a></li>'
        for q in queries.values()
    )
    page = f"""<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Police inspection knowledge graph</title>
<h1>Police inspection knowledge graph</h1>
<p>A read-only SPARQL 1.1 endpoint at <code>/sparql</code>; named queries at
<a href="/queries">/queries</a>; the HTTP API in <a href="/openapi.json">/openapi.json</a>.</p>
<h2>Named queries</h2><ul>{links}</ul>
<h2>Query</h2>
<form action="/sparql" method="get">
<label for="query">SPARQL</label><br>
<textarea id="query" name="query" rows="10" cols="90">SELECT ?question ?grade WHERE {{
  ?j a kgo:Judgment ; kgo:aboutQuestion/kgo:wording ?question ;
     kgo:grade/skos:prefLabel ?grade .
}}</textarea><br>
<input type="hidden" name="format" value="html"><button type="submit">Run</button>
</form></html>"""
    return Response(page, mimetype="text/html")


@blueprint.route("/health", methods=["GET"])
def health() -> Response:
    return jsonify({"status": "ok", "graphs": len(service().graph_names)})


@blueprint.route("/openapi.json", methods=["GET"])
def openapi() -> Response:
    return jsonify(openapi_document())

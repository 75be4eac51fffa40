"""/sparql: the SPARQL 1.1 Protocol query operation, read-only."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, request
from flask.typing import ResponseReturnValue
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from kg.errors import ApiError
from kg.query.formats import GRAPH_FORMATS, RESULT_FORMATS, answer_format, negotiate
from kg.server.service import QueryAnswer, QueryService

blueprint = Blueprint("sparql", __name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")


def service() -> QueryService:
    return current_app.extensions["kg"]


@blueprint.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def sparql() -> ResponseReturnValue:
    if request.method == "OPTIONS":
        return Response(status=204)
    query, default_graphs, named_graphs = _read_request()
    if query is None:
        turtle = answer_format("turtle").media_type
        if request.accept_mimetypes.best_match([turtle, "text/html"]) == "text/html":
            return redirect("/", code=303)
        return Response(service_description(), mimetype=turtle)
    checked = service().check(query, default_graphs, named_graphs)
    fmt = negotiate(checked.form, request.accept_mimetypes, request.values.get("format"))
    return answer(service().run(checked, fmt))


def answer(result: QueryAnswer, download_name: str | None = None) -> Response:
    response = Response(result.body, content_type=result.format.content_type)
    response.headers["Vary"] = "Accept"
    if download_name:
        response.headers["Content-Disposition"] = (
            f'inline; filename="{download_name}.{result.format.extension}"'
        )
    return response


def _read_request() -> tuple[str | None, list[str], list[str]]:
    """The query and dataset of a protocol request, whichever of the three ways it came."""
    if request.method == "GET":
        if "update" in request.args:
            raise ApiError(403, "This endpoint is read-only: SPARQL Update is not accepted.")
        return (
            request.args.get("query"),
            request.args.getlist("default-graph-uri"),
            request.args.getlist("named-graph-uri"),
        )
    media_type = (request.mimetype or "").lower()
    if media_type == "application/x-www-form-urlencoded":
        if "update" in request.form:
            raise ApiError(403, "This endpoint is read-only: SPARQL Update is not accepted.")
        query = request.form.get("query")
        if query is None:
            raise ApiError(400, "the form has no 'query' field")
        return (
            query,
            request.form.getlist("default-graph-uri") or request.args.getlist("default-graph-uri"),
            request.form.getlist("named-graph-uri") or request.args.getlist("named-graph-uri"),
        )
    if media_type == "application/sparql-query":
        return (
            request.get_data(as_text=True),
            request.args.getlist("default-graph-uri"),
            request.args.getlist("named-graph-uri"),
        )
    if media_type == "application/sparql-update":
        raise ApiError(403, "This endpoint is read-only: SPARQL Update is not accepted.")
    raise ApiError(
        415,
        f"POST a query as application/sparql-query or application/x-www-form-urlencoded, "
        f"not {media_type or 'a body with no Content-Type'}",
    )


def service_description() -> str:
    """A SPARQL 1.1 Service Description of this endpoint, in Turtle."""
    endpoint = URIRef(request.base_url)
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS_NS)
    graph.add((endpoint, RDF.type, SD.Service))
    graph.add((endpoint, SD.endpoint, endpoint))
    graph.add((endpoint, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((endpoint, SD.feature, SD.UnionDefaultGraph))
    for fmt in (*RESULT_FORMATS, *GRAPH_FORMATS):
        if fmt.w3c_name is not None:
            graph.add((endpoint, SD.resultFormat, FORMATS_NS[fmt.w3c_name]))
    dataset = BNode("dataset")
    default = BNode("default")
    graph.add((endpoint, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for name in sorted(service().graph_names):
        named = BNode(f"g{abs(hash(name))}")
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    graph.add(
        (
            endpoint,
            URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
            Literal(
                "Read-only SPARQL 1.1 Query endpoint over the police inspection knowledge "
                "graph. The default graph is the union of all named graphs."
            ),
        )
    )
    return graph.serialize(format="turtle")

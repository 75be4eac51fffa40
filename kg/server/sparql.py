"""/sparql: the SPARQL 1.1 Protocol query operation, read-only.

The request is read strictly, as the protocol says: one query, by GET (query string), POST of
a form or POST of the query itself; parameters and bodies decoded in their declared charset
and refused, with the byte offset, when they are not valid in it (never silently replaced).
Relative IRIs in a query resolve against the endpoint's URL. The answer's format is the one
?format= names (the short names and media types SPARQLWrapper, rdflib and YASGUI send), else
the one Accept prefers.
"""

from __future__ import annotations

import codecs
from functools import lru_cache
from urllib.parse import unquote_to_bytes

from flask import Blueprint, Response, current_app, redirect, request
from flask.typing import ResponseReturnValue
from pyoxigraph import NamedNode
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.errors import ApiError
from kg.query.formats import GRAPH_FORMATS, RESULT_FORMATS, Format, negotiate
from kg.server.service import QueryAnswer, QueryService

blueprint = Blueprint("sparql", __name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")

READ_ONLY = "This endpoint is read-only: SPARQL Update is not accepted."
# Names ?format= takes beyond each format's own (kg.query.formats): SPARQLWrapper sends
# format=n3 and format=rdf+xml for CONSTRUCT and DESCRIBE.
FORMAT_NAMES = {"n3": "turtle", "rdf+xml": "rdfxml", "srj": "json", "srx": "xml"}

Params = dict[str, list[str]]


def service() -> QueryService:
    return current_app.extensions["kg"]


@blueprint.route("/sparql", methods=["GET", "HEAD", "POST", "OPTIONS"])
def sparql() -> ResponseReturnValue:
    if request.method == "OPTIONS":
        return Response(status=204)
    query, params = _read_request()
    if query is None:
        return _describe_service(params)
    checked = service().check(
        query,
        params.get("default-graph-uri", []),
        params.get("named-graph-uri", []),
        base_iri=request.base_url,
    )
    fmt = negotiated(checked.form, _format_name(checked.form, params))
    return answer(service().run(checked, fmt))


def negotiated(form: str, format_name: str | None) -> Format:
    """kg.query.formats.negotiate for this request: the answer's format from ?format= and the
    Accept header, remembered by the header's text (clients send the same few, and parsing
    and matching it took a fifth of a small query's time in the service)."""
    return _negotiated(form, request.headers.get("Accept", ""), format_name)


@lru_cache(maxsize=256)
def _negotiated(form: str, accept: str, format_name: str | None) -> Format:
    return negotiate(form, parse_accept_header(accept, MIMEAccept), format_name)


def answer(result: QueryAnswer, download_name: str | None = None) -> Response:
    response = Response(result.body, content_type=result.format.content_type)
    response.headers["Vary"] = "Accept"
    if download_name:
        response.headers["Content-Disposition"] = (
            f'inline; filename="{download_name}.{result.format.extension}"'
        )
    return response


def _read_request() -> tuple[str | None, Params]:
    """The query (None: none was sent) and the request's parameters, whichever of the three
    ways it came; the URL's parameters and the form's are read together."""
    params = _decode_form(request.query_string, "utf-8", "the URL's query string")
    body_query: list[str] = []
    if request.method == "POST":
        media_type = (request.mimetype or "").lower()
        charset = request.mimetype_params.get("charset", "utf-8")
        if media_type == "application/x-www-form-urlencoded":
            form = _decode_form(request.get_data(), charset, "the form")
            if "query" not in form and "update" not in form:
                raise ApiError(400, "the form has no 'query' field")
            for name, values in form.items():
                params.setdefault(name, []).extend(values)
        elif media_type == "application/sparql-query":
            body_query = [_decode_query(request.get_data(), charset)]
        elif media_type == "application/sparql-update":
            raise ApiError(403, READ_ONLY)
        else:
            raise ApiError(
                415,
                "POST a query as application/sparql-query or application/x-www-form-urlencoded, "
                f"not {media_type or 'a body with no Content-Type'}",
            )
    if "update" in params:
        raise ApiError(403, READ_ONLY)
    queries = params.get("query", []) + body_query
    if len(queries) > 1:
        raise ApiError(
            400,
            f"the request holds {len(queries)} queries (the 'query' parameter, or a query "
            "body and a 'query' parameter); send one",
        )
    for name in ("default-graph-uri", "named-graph-uri"):
        for iri in params.get(name, []):
            _check_graph_iri(name, iri)
    return (queries[0] if queries else None), params


def _decode_form(raw: bytes, charset: str, where: str) -> Params:
    """name=value&... pairs, percent-decoded, then decoded in the charset, strictly."""
    params: Params = {}
    for part in raw.split(b"&"):
        if not part:
            continue
        name, _, value = part.partition(b"=")
        key = _decode(unquote_to_bytes(name.replace(b"+", b" ")), charset, f"{where}: a name")
        params.setdefault(key, []).append(
            _decode(unquote_to_bytes(value.replace(b"+", b" ")), charset, f"{where}: '{key}'")
        )
    return params


def _decode_query(body: bytes, charset: str) -> str:
    """A query POSTed as itself: application/sparql-query is UTF-8, always (its registration
    in SPARQL 1.1 Query, and the protocol tests refuse UTF-16), so another declared charset is
    refused rather than misread."""
    if _codec(charset) not in ("utf-8", "ascii"):
        raise ApiError(
            400,
            f"application/sparql-query is UTF-8; the body declares charset={charset}. Send "
            "it as UTF-8, or as a form (application/x-www-form-urlencoded; charset=...)",
        )
    return _decode(body, "utf-8", "the query body")


def _decode(data: bytes, charset: str, where: str) -> str:
    try:
        return data.decode(_codec(charset))
    except UnicodeDecodeError as error:
        raise ApiError(
            400,
            f"{where} is not valid {charset}: byte {error.start} (0x{data[error.start]:02x}) "
            f"{error.reason}",
        ) from None


def _codec(charset: str) -> str:
    try:
        return codecs.lookup(charset).name
    except LookupError:
        raise ApiError(400, f"unknown charset {charset!r}") from None


def _check_graph_iri(name: str, iri: str) -> None:
    try:
        NamedNode(iri)
    except ValueError as error:
        raise ApiError(400, f"{name} {iri!r} is not an absolute IRI ({error})") from None


def _format_name(form: str, params: Params) -> str | None:
    """The format ?format= names for an answer of this form, by name or media type; None when
    it names none (then Accept decides, as the protocol lets a server do)."""
    offered = RESULT_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS
    for value in params.get("format", [])[:1]:
        wanted = value.strip().lower()
        wanted = FORMAT_NAMES.get(wanted, wanted)
        media_type = wanted.split(";")[0].strip()
        for fmt in offered:
            if fmt.known_as(wanted) or fmt.sent_as(media_type):
                return fmt.name
    return None


def _describe_service(params: Params) -> ResponseReturnValue:
    """The service description, in the RDF format asked for (Turtle by default); a browser
    is sent to the query page instead."""
    offered = [media for f in GRAPH_FORMATS for media in (f.media_type, *f.also_accepted)]
    best = request.accept_mimetypes.best_match(["text/html", *offered])
    if best == "text/html" and not params.get("format"):
        return redirect("/", code=303)
    fmt: Format = negotiate("DESCRIBE", request.accept_mimetypes, _format_name("DESCRIBE", params))
    response = Response(service_description(fmt), content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response


def service_description(fmt: Format = GRAPH_FORMATS[0]) -> str:
    """A SPARQL 1.1 Service Description of this endpoint, in an RDF format (Turtle)."""
    endpoint = URIRef(request.base_url)
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS_NS)
    graph.add((endpoint, RDF.type, SD.Service))
    graph.add((endpoint, SD.endpoint, endpoint))
    graph.add((endpoint, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((endpoint, SD.feature, SD.UnionDefaultGraph))
    for fmt_listed in (*RESULT_FORMATS, *GRAPH_FORMATS):
        if fmt_listed.w3c_name is not None:
            graph.add((endpoint, SD.resultFormat, FORMATS_NS[fmt_listed.w3c_name]))
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
    assert fmt.rdflib_name is not None  # every graph format is one rdflib writes
    return graph.serialize(format=fmt.rdflib_name)

"""/validate: SHACL validation of submitted triples, in the context of the served graph.
Nothing the client sends is stored."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from rdflib import Graph

from kg.errors import ApiError
from kg.graph.validate import ValidationReport
from kg.query.formats import RDF_BODY_MEDIA_TYPES, answer_format, rdf_body_format
from kg.server.sparql import service

blueprint = Blueprint("validation", __name__)


def read_rdf_body() -> tuple[Graph, str]:
    """The request body parsed as RDF, with its text; errors say what and where."""
    media_type = (request.mimetype or "").lower()
    body_format = rdf_body_format(media_type)
    if body_format is None:
        raise ApiError(
            415,
            f"send triples as one of {', '.join(RDF_BODY_MEDIA_TYPES)}, "
            f"not {media_type or 'a body with no Content-Type'}",
        )
    raw = request.get_data()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "the body is not UTF-8 text") from None
    # XML with a DTD, in whatever encoding it declares, is refused by the parse itself
    # (kg.graph.parsing.check_body), before any entity is read.
    assert body_format.rdflib_name is not None  # every RDF format has one
    return service().parse(text, body_format.rdflib_name, "request body"), text


@blueprint.route("/validate", methods=["POST", "OPTIONS"])
def validate() -> Response:
    if request.method == "OPTIONS":
        return Response(status=204)
    submitted, text = read_rdf_body()
    report = service().validate(submitted, text)
    turtle = answer_format("turtle")
    wants = request.accept_mimetypes.best_match(["application/json", turtle.media_type])
    if wants == turtle.media_type and "application/json" not in request.accept_mimetypes.values():
        return Response(report.graph.serialize(format="turtle"), mimetype=turtle.media_type)
    return jsonify(report_json(report, len(submitted)))


def report_json(report: ValidationReport, triples: int) -> dict:
    return {
        "conforms": report.conforms,
        "triples": triples,
        "results": [
            {
                "severity": r.severity,
                "focusNode": r.focus,
                "resultPath": r.path,
                "value": r.value,
                "message": r.message,
                "sourceShape": r.shape,
                "evidence": r.quote,
            }
            for r in report.results
        ],
    }

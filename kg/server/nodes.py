"""/node?iri=: what the graph says about one node, with the evidence for every fact (JSON)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from kg.errors import ApiError
from kg.server.sparql import service
from kg.views.node import node_view

blueprint = Blueprint("nodes", __name__)


@blueprint.route("/node", methods=["GET"])
def node() -> Response:
    iri = request.args.get("iri")
    if not iri:
        raise ApiError(400, "give the node's IRI as ?iri=")
    with service().reading() as context:
        view = node_view(context, service().settings.seeds_dir, iri)
    return jsonify(view.as_json())

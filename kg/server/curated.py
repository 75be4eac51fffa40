"""/curated: the history of curated submissions (open to read), and submitting or reverting
them (a curator's bearer token needed, and only when writes are on)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from kg.curation.log import Event
from kg.errors import ApiError
from kg.query.formats import answer_format
from kg.server.auth import curator
from kg.server.sparql import service
from kg.server.validation import read_rdf_body, report_json

blueprint = Blueprint("curated", __name__)


@blueprint.route("/curated", methods=["GET"])
def history() -> Response:
    events = service().curator.events()
    reverted = {e.reverts: e.id for e in events if e.kind == "revert"}
    return jsonify({"events": [_event_json(e, reverted.get(e.id)) for e in events]})


def _refuse_with_remote_store() -> None:
    if service().remote is not None:
        raise ApiError(
            403,
            "this service answers from a remote store: curate on the embedded store "
            "(kg curate add), then kg push",
        )


@blueprint.route("/curated", methods=["POST"])
def submit() -> Response:
    author = curator(service().curator_tokens)
    _refuse_with_remote_store()
    submitted, text = read_rdf_body()
    comment = request.args.get("comment", "")
    outcome = service().curator.submit(submitted, author, comment, text, "request body")
    if outcome.status == "rejected":
        assert outcome.report is not None
        response = jsonify(
            {
                "status": "rejected",
                "message": "the submission does not conform; nothing was stored",
                "report": report_json(outcome.report, len(submitted)),
            }
        )
        response.status_code = 422
        return response
    assert outcome.event is not None
    body = {"status": outcome.status, **_event_json(outcome.event, None)}
    if outcome.status == "duplicate":
        body["message"] = (
            f"the same triples were accepted as submission {outcome.event.id}; nothing changed"
        )
        return jsonify(body)
    assert outcome.report is not None
    body["report"] = report_json(outcome.report, len(submitted))
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = f"/curated/{outcome.event.id}"
    return response


@blueprint.route("/curated/<int:event_id>", methods=["GET"])
def show(event_id: int) -> Response:
    curation = service().curator
    event = curation.event(event_id)
    undone = curation.reverted_by(event_id) if event.kind == "add" else None
    ntriples = answer_format("ntriples").media_type
    wants = request.accept_mimetypes.best_match(["application/json", ntriples])
    if wants == ntriples and event.kind == "add":
        return Response(event.triples or "", mimetype=ntriples)
    body = _event_json(event, undone.id if undone else None)
    if event.kind == "add":
        body["ntriples"] = event.triples
    return jsonify(body)


@blueprint.route("/curated/<int:event_id>/revert", methods=["POST"])
def revert(event_id: int) -> Response:
    author = curator(service().curator_tokens)
    _refuse_with_remote_store()
    event = service().curator.revert(event_id, author, request.args.get("comment", ""))
    return jsonify({"status": "reverted", **_event_json(event, None)})


def _event_json(event: Event, reverted_by: int | None) -> dict:
    body: dict[str, object] = {
        "id": event.id,
        "kind": "submission" if event.kind == "add" else "revert",
        "created": event.created,
        "author": event.author,
        "comment": event.comment,
        "graph": str(event.graph),
    }
    if event.kind == "add":
        body.update(
            triples=event.triple_count,
            contentHash=event.content_hash,
            active=reverted_by is None,
            revertedBy=reverted_by,
        )
    else:
        body["reverts"] = event.reverts
    return body

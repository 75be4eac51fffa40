"""The page for browsers at /, readiness at /health, and the OpenAPI description."""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path

from flask import Blueprint, Response, jsonify, render_template, request, send_from_directory

from kg.namespaces import sparql_prologue
from kg.server.openapi import openapi_document
from kg.server.sparql import service

blueprint = Blueprint("pages", __name__)

# Where `npm run build --prefix web` writes the bundle, served by Flask's static route.
DIST_DIR = Path(__file__).parent / "static" / "dist"
DIST_URL = "/static/dist"


@blueprint.route("/", methods=["GET"])
def home() -> Response:
    scripts, styles = bundle_tags()
    page = render_template(
        "index.html",
        scripts=scripts,
        styles=styles,
        prologue=sparql_prologue(),
        dist=DIST_DIR,
    )
    return Response(page, mimetype="text/html")


def bundle_tags() -> tuple[list[str], list[str]]:
    """The script and stylesheet URLs of the built front end, from Vite's manifest (file names
    carry a content hash, so a browser never keeps a stale copy); none if it was not built."""
    manifest = DIST_DIR / ".vite" / "manifest.json"
    try:
        chunks = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [], []
    scripts: list[str] = []
    styles: list[str] = []
    for chunk in chunks.values():
        if chunk.get("isEntry"):
            scripts.append(f"{DIST_URL}/{chunk['file']}")
            styles.extend(f"{DIST_URL}/{css}" for css in chunk.get("css", []))
    return scripts, styles


@blueprint.route("/static/dist/assets/<path:name>", methods=["GET"])
def asset(name: str) -> Response:
    """A bundled script or stylesheet; gzipped where the build wrote NAME.gz beside it and the
    browser accepts gzip (the main script is 430 KB, 140 KB gzipped)."""
    folder = DIST_DIR / "assets"
    compressed = f"{name}.gz"
    if request.accept_encodings["gzip"] and "/" not in name and (folder / compressed).is_file():
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = send_from_directory(folder, compressed, mimetype=kind)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = send_from_directory(folder, name)
    response.vary.add("Accept-Encoding")
    return response


@blueprint.route("/health", methods=["GET"])
def health() -> Response:
    return jsonify({"status": "ok", "graphs": len(service().graph_names)})


@blueprint.route("/openapi.json", methods=["GET"])
def openapi() -> Response:
    return jsonify(openapi_document())

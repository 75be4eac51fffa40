"""The page for browsers at /, readiness at /health, and the OpenAPI description."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, Response, jsonify, render_template, request

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


@blueprint.after_app_request
def gzipped(response: Response) -> Response:
    """A bundled script or stylesheet, gzipped where the build wrote NAME.gz beside it and the
    browser accepts gzip (the main script is 430 KB, 140 KB gzipped). Flask's static route
    finds the file; only its body is swapped, so its other headers stay."""
    prefix = f"{DIST_URL}/assets/"
    if not request.path.startswith(prefix):
        return response
    response.vary.add("Accept-Encoding")
    name = request.path[len(prefix) :]
    compressed = DIST_DIR / "assets" / f"{name}.gz"
    if (
        response.status_code == 200
        and request.accept_encodings["gzip"]
        and "/" not in name
        and compressed.is_file()
    ):
        etag = response.get_etag()[0]
        response.close()  # the plain file, opened by the static route
        response.direct_passthrough = False
        response.set_data(compressed.read_bytes())
        response.headers["Content-Encoding"] = "gzip"
        if etag:
            response.set_etag(f"{etag}-gzip")
    return response


@blueprint.route("/health", methods=["GET"])
def health() -> Response:
    return jsonify({"status": "ok", "graphs": len(service().graph_names)})


@blueprint.route("/openapi.json", methods=["GET"])
def openapi() -> Response:
    return jsonify(openapi_document())

"""The query service: a Flask application over the built graph.

create_app() builds the app from settings (no app object exists at import time). Each feature
is a thin blueprint; the logic lives in the package's own modules.
"""

from __future__ import annotations

from flask import Flask, Response, request

from kg.server.errors import register_error_handlers
from kg.server.service import QueryService
from kg.settings import ServerSettings, Settings

# For every response, so that any page the service answers with (the web page at /, query
# results as HTML, a result a browser opens) can run no script but the bundle from this server,
# load nothing from elsewhere, and not be framed. Inline styles are allowed: the page sets
# style attributes (legend swatches) and its editor writes its own <style>; a style cannot run
# code.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)


def create_app(
    settings: Settings, server: ServerSettings, service: QueryService | None = None
) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = server.max_body_bytes
    app.extensions["kg"] = service or QueryService(settings, server)

    from kg.server import curated, export, named, nodes, pages, search, sparql, validation

    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(named.blueprint)
    app.register_blueprint(validation.blueprint)
    app.register_blueprint(curated.blueprint)
    app.register_blueprint(export.blueprint)
    app.register_blueprint(nodes.blueprint)
    app.register_blueprint(search.blueprint)
    app.register_blueprint(pages.blueprint)
    register_error_handlers(app)

    @app.after_request
    def cors(response: Response) -> Response:
        # Any origin may read; credentials are never allowed with it.
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "Content-Type, Content-Disposition"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept, Authorization"
            response.headers["Access-Control-Max-Age"] = "86400"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if request.path.startswith("/static/dist/assets/") and response.status_code == 200:
            # The file name holds a hash of the content: it never changes under that name.
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response

    return app

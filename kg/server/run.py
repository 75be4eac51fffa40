"""Running the service: waitress (a production WSGI server) on 127.0.0.1 unless told otherwise,
with a graceful shutdown on SIGTERM and Ctrl-C."""

from __future__ import annotations

import signal
import sys
from types import FrameType

from waitress.server import create_server

from kg.endpoint import endpoint_address
from kg.query.workers import forbid_network
from kg.server import create_app
from kg.server.service import QueryService
from kg.settings import ServerSettings, Settings, holds_current_build


def connection_settings(server: ServerSettings) -> dict[str, int]:
    """Waitress's bounds on connections. Idle or slow clients cost no thread (waitress reads
    and writes in one async loop), but at its default of 100 connections it stops accepting:
    110 idle sockets left no way in for an ASK. So it may hold many more (each costs a file
    descriptor and a little memory), closes those idle for channel_timeout seconds, and looks
    for them every few seconds rather than every 30."""
    return {
        "connection_limit": server.connection_limit,
        "channel_timeout": server.channel_timeout,
        "cleanup_interval": max(1, min(10, server.channel_timeout // 2)),
    }


def serve(settings: Settings, server: ServerSettings, echo=print) -> None:
    if not holds_current_build(settings):
        from kg.graph.build import build_conforming

        built = build_conforming(settings)
        echo(f"Built the graph from {settings.seeds_dir}: {built.summary['triples']} triples.")
    # The query workers start loading the graph first thing; the rest of the service (the
    # app, its pages, validation and exports) is set up meanwhile.
    service = QueryService(settings, server)
    app = create_app(settings, server, service)
    http = create_server(
        app,
        host=server.host,
        port=server.port,
        threads=server.threads,
        ident="police-inspection-kg",
        **connection_settings(server),
    )
    # From here on this process only accepts connections; it never makes one, but to the
    # store it answers from when that is a SPARQL server.
    forbid_network(endpoint_address(server.store) if server.store else None)

    def stop(signum: int, frame: FrameType | None) -> None:
        # Ends waitress's loop even while clients hold idle keep-alive connections open
        # (closing only the listening socket would leave the loop serving them); waitress
        # catches it and stops its threads.
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    address = http.getsockname()  # the real port when asked for port 0
    echo(f"Serving on http://{address[0]}:{address[1]}/ (SPARQL endpoint /sparql)")
    sys.stdout.flush()
    try:
        http.run()
    finally:
        http.close()
        service.close()
        echo("Stopped.")

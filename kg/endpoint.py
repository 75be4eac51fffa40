"""The address of a SPARQL store given by URL: checked by `kg push` before it sends anything, and
the one address `kg serve --store` lets its processes connect to."""

from __future__ import annotations

from urllib.parse import urlsplit

from kg.errors import KgError


def endpoint_address(url: str) -> tuple[str, int]:
    """The host and port a store URL points at (the one address the service may connect to)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KgError(f"{url}: give the store as an http(s) URL")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)

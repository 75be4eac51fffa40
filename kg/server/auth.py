"""Who may write: bearer tokens from a file of "name token" lines.

Writes are off unless the service was given such a file. Tokens are compared in constant time
(against every token, so the time does not tell which one nearly matched) and never logged.
"""

from __future__ import annotations

import hmac
from pathlib import Path

from flask import request

from kg.errors import ApiError, KgError

MIN_TOKEN_LENGTH = 16


def read_tokens(path: Path) -> dict[str, str]:
    """Curator names by token. A line is "name token"; blank lines and # comments are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise KgError(f"{path}: no such tokens file") from None
    tokens: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2:
            raise KgError(f'{path}, line {number}: write a curator as "name token"')
        name, token = parts
        if len(token) < MIN_TOKEN_LENGTH:
            raise KgError(
                f"{path}, line {number}: the token for {name} is shorter than "
                f"{MIN_TOKEN_LENGTH} characters"
            )
        if token in tokens:
            raise KgError(
                f"{path}, line {number}: the token for {name} is already {tokens[token]}'s"
            )
        tokens[token] = name
    if not tokens:
        raise KgError(f"{path}: no curators in the tokens file")
    return tokens


def curator(tokens: dict[str, str]) -> str:
    """The name of the curator whose bearer token the request carries, or an HTTP error."""
    if not tokens:
        raise ApiError(
            403,
            "writes are off: start the service with --curator-tokens FILE "
            "(or KG_CURATOR_TOKENS) to accept curated triples",
        )
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    challenge = {"WWW-Authenticate": 'Bearer realm="curated"'}
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(
            401, "send a curator's token: Authorization: Bearer <token>", headers=challenge
        )
    offered = given.strip().encode("utf-8")
    found = None
    for token, name in tokens.items():
        if hmac.compare_digest(token.encode("utf-8"), offered):
            found = name
    if found is None:
        raise ApiError(401, "the bearer token is not a curator's", headers=challenge)
    return found

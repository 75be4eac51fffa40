"""A SPARQL store given by URL: its address (checked by `kg push` before it sends anything, and the
one address `kg serve --store` lets its processes connect to), the credentials it is sent, and
sending to it with retries.

Credentials come from the environment (KG_STORE_USER and KG_STORE_PASSWORD, or KG_STORE_TOKEN;
KG_STORE_AUTH=digest for HTTP digest rather than basic) or, when given, from a file of the same
NAME=value lines; never from the command line or the URL, where they would show in the process
list, the shell's history and logs. No message says what a password or token is.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kg.errors import KgError

if TYPE_CHECKING:
    import requests

CREDENTIAL_NAMES = ("KG_STORE_USER", "KG_STORE_PASSWORD", "KG_STORE_TOKEN", "KG_STORE_AUTH")
_SCHEMES = ("basic", "digest")


def endpoint_address(url: str) -> tuple[str, int]:
    """The host and port a store URL points at (the one address the service may connect to)."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        # Not echoed: the URL holds a secret.
        raise KgError(
            "the store URL holds credentials: give them in KG_STORE_USER and KG_STORE_PASSWORD "
            "(or KG_STORE_TOKEN), or in a file given by --store-credentials"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KgError(f"{url}: give the store as an http(s) URL")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


@dataclass(frozen=True)
class Credentials:
    """Who the store is told the client is: a user and password (basic or digest), a bearer
    token, or nobody. Secrets are left out of repr."""

    user: str = ""
    password: str = field(default="", repr=False)
    token: str = field(default="", repr=False)
    scheme: str = "basic"

    @property
    def given(self) -> bool:
        return bool(self.user or self.token)

    def auth(self) -> Any:
        """The requests auth that sends these credentials (None: send none)."""
        import requests.auth

        if self.token:
            return _Bearer(self.token)
        if not self.user:
            return None
        if self.scheme == "digest":
            return requests.auth.HTTPDigestAuth(self.user, self.password)
        return requests.auth.HTTPBasicAuth(self.user, self.password)


class _Bearer:
    """Sends a bearer token (requests takes any callable as auth)."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request: Any) -> Any:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request

    def __repr__(self) -> str:
        return "_Bearer(...)"


def read_credentials(
    file: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Credentials:
    """The credentials in FILE (NAME=value lines, # comments) when given, else in the
    environment. Bad lines and unknown names are errors that say where, never what the value
    was."""
    values: dict[str, str] = {}
    if file:
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise KgError(f"{path}: cannot read the store credentials ({error.strerror})") from None
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, equals, value = line.partition("=")
            name = name.strip().removeprefix("export ").strip()
            if not equals or name not in CREDENTIAL_NAMES:
                shown = name if equals else "a line without NAME="
                raise KgError(
                    f"{path}, line {number}: {shown} is not one of {', '.join(CREDENTIAL_NAMES)}"
                )
            values[name] = value.strip().strip("'\"")
        where = str(path)
    else:
        environ = os.environ if environ is None else environ
        values = {name: environ[name] for name in CREDENTIAL_NAMES if environ.get(name)}
        where = "the environment"
    return _credentials(values, where)


def _credentials(values: Mapping[str, str], where: str) -> Credentials:
    user, password = values.get("KG_STORE_USER", ""), values.get("KG_STORE_PASSWORD", "")
    token, scheme = values.get("KG_STORE_TOKEN", ""), values.get("KG_STORE_AUTH", "basic").lower()
    if token and (user or password):
        raise KgError(f"{where}: give KG_STORE_TOKEN or KG_STORE_USER/PASSWORD, not both")
    if password and not user:
        raise KgError(f"{where}: KG_STORE_PASSWORD without KG_STORE_USER")
    if scheme not in _SCHEMES:
        raise KgError(f"{where}: KG_STORE_AUTH={scheme} is not one of {', '.join(_SCHEMES)}")
    return Credentials(user, password, token, scheme)


def send(
    method: str,
    url: str,
    credentials: Credentials | None = None,
    *,
    attempts: int = 4,
    retry_statuses: frozenset[int] = frozenset(range(500, 600)),
    backoff: float = 0.5,
    **options: Any,
) -> requests.Response:
    """One HTTP request to the store, tried again after 0.5 s, 1 s, 2 s... when the connection
    fails or the answer's status is in retry_statuses (a 4xx never is: asking again would get
    the same answer). Raises requests' own exceptions after the last attempt."""
    import requests

    auth = credentials.auth() if credentials else None
    for attempt in range(attempts):
        last = attempt == attempts - 1
        try:
            response = requests.request(method, url, auth=auth, **options)
        except requests.ConnectionError:
            if last:
                raise
        else:
            if response.status_code not in retry_statuses or last:
                return response
        time.sleep(backoff * 2**attempt)
    raise AssertionError("unreachable")  # the last attempt returns or raises

"""The project's errors: one hierarchy whose message says what went wrong and where.

Each class carries the HTTP status the query service answers it with (kg.server.errors turns
any of them into the one error shape); the `kg` command prints the message and exits with 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class KgError(Exception):
    """A problem the user can fix: bad input, a missing file, a failed check."""

    status: int = 400  # the HTTP status to answer with; a class or an instance may change it

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    @property
    def details(self) -> Mapping[str, object]:
        """Fields the error shape carries beside status, title and message."""
        return {}

    @property
    def headers(self) -> Mapping[str, str]:
        """HTTP headers to answer with beside the error (e.g. an authentication challenge)."""
        return {}


class NotFound(KgError):
    """Nothing (or more than one thing) answers to the name given: an event, a node."""

    status = 404


class Conflict(KgError):
    """A change the current state does not allow, e.g. reverting a submission twice."""

    status = 409


class InputSyntaxError(KgError):
    """A file that does not parse, with the file, line and column."""

    def __init__(self, source: str, line: int | None, column: int | None, message: str):
        self.source, self.line, self.column, self.reason = source, line, column, message
        where = source
        if line is not None:
            where += f", line {line}"
            if column is not None:
                where += f", column {column}"
        super().__init__(f"{where}: {message}")

    @property
    def details(self) -> Mapping[str, object]:
        return {"line": self.line, "column": self.column}


class QueryRefused(KgError):
    """A request the endpoint will not run: 400 (bad query), 403, 502 or 503 (remote store)."""

    def __init__(self, status: int, message: str):
        super().__init__(message, status)


class QueryFailed(KgError):
    """A query that was accepted but could not be answered (e.g. its worker died)."""

    def __init__(self, status: int, message: str):
        super().__init__(message, status)


class QueryTimeout(KgError):
    """A query that ran, or waited for a worker, longer than the limit."""

    status = 503


class TooManyRows(KgError):
    """A result larger than the configured limit."""


class _Offered(Protocol):
    @property
    def media_type(self) -> str: ...


class NotAcceptable(KgError):
    """None of the media types the client accepts can carry this result."""

    status = 406

    def __init__(self, offered: tuple[_Offered, ...]):
        self.offered = offered
        super().__init__(
            "cannot produce any of the accepted media types; this result is available as "
            + ", ".join(f.media_type for f in offered)
        )


class ApiError(KgError):
    """A request the HTTP layer refuses by itself (bad parameters, no token, wrong method)."""

    def __init__(
        self,
        status: int,
        message: str,
        headers: Mapping[str, str] | None = None,
        **details: object,
    ):
        super().__init__(message, status)
        self._headers = dict(headers or {})
        self._details = details

    @property
    def details(self) -> Mapping[str, object]:
        return self._details

    @property
    def headers(self) -> Mapping[str, str]:
        return self._headers

"""The history of curated submissions: an append-only log of events in SQLite.

Every accepted submission and every revert is one row, written in one transaction, so a process
killed mid-write leaves the log as it was before or after, never half-written; SQLite's lock
lets several processes (the service, `kg curate` on the command line) write one after another.
The triples of a submission live in the row as canonical N-Triples; the graph a user queries is
the build plus these events played in order (see apply_events).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from kg.errors import KgError, NotFound
from kg.namespaces import KGO, KGR

CURATION_GRAPH = KGR["graph/curation"]  # who submitted what, when, and what was reverted

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('add', 'revert')),
    created TEXT NOT NULL,
    author TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    content_hash TEXT,
    triples TEXT,
    triple_count INTEGER,
    reverts INTEGER REFERENCES events(id),
    CHECK (kind = 'revert' OR (triples IS NOT NULL AND content_hash IS NOT NULL)),
    CHECK (kind = 'add' OR reverts IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS events_hash ON events(content_hash);
CREATE INDEX IF NOT EXISTS events_reverts ON events(reverts);
"""


def _has_events(connection: sqlite3.Connection) -> bool:
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'"
    ).fetchone()
    return found is not None


@dataclass(frozen=True)
class Event:
    id: int
    kind: str  # "add" or "revert"
    created: str  # ISO 8601, UTC
    author: str
    comment: str
    content_hash: str | None = None  # add: sha256 of the canonical N-Triples
    triples: str | None = None  # add: canonical N-Triples
    triple_count: int | None = None
    reverts: int | None = None  # revert: the id of the add it undoes

    @property
    def graph(self) -> URIRef:
        """The named graph of an accepted submission; for a revert, the revert itself."""
        if self.kind == "add":
            return submission_graph_iri(self.id)
        return KGR[f"curation/{self.id}"]


class UnloadableSubmission(KgError):
    """An accepted submission the query engine cannot load: queries are refused until it is
    reverted."""

    status = 503

    def __init__(self, event_id: int, term: str | None, engine_message: str) -> None:
        self.event_id = event_id
        self.term = term
        what = f" because of the term {term}" if term else ""
        super().__init__(
            f"curated submission {event_id} cannot be loaded by the query engine{what}: "
            f"{engine_message}. Revert it with `kg curate revert {event_id}` (or POST "
            f"/curated/{event_id}/revert), then restart the service"
        )


def submission_graph_iri(event_id: int) -> URIRef:
    return KGR[f"graph/curation/{event_id}"]


def canonical_ntriples(graph: Graph) -> str:
    """The same triples always give the same text: blank nodes named by their place in the
    graph (RDF graph canonicalisation), lines sorted."""
    text = to_canonical_graph(graph).serialize(format="nt")
    return "".join(sorted(line + "\n" for line in text.splitlines() if line.strip()))


def content_hash(canonical: str) -> str:
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class CurationLog:
    """The log in one SQLite file; each method opens its own connection, so the object can be
    shared by threads."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are begun and ended explicitly below.
        connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA synchronous = FULL")
        return connection

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        connection = self._connect() if self.path.exists() else None
        if connection is not None and not _has_events(connection):
            # A first writer killed before its schema was committed leaves a file with no
            # table: nothing was accepted, so it reads as an empty log.
            connection.close()
            connection = None
        if connection is None:
            # Nothing curated yet: read from an empty in-memory log, create no file.
            connection = sqlite3.connect(":memory:")
            connection.row_factory = sqlite3.Row
            connection.executescript(_SCHEMA)
        try:
            yield connection
        finally:
            connection.close()

    def latest(self) -> int:
        """The id of the newest event, 0 when there is none."""
        if not self.path.exists():
            return 0  # the common case of a graph nobody curated: no file to open
        with self._reading() as db:
            return db.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]

    def events(self, after: int = 0) -> list[Event]:
        if not self.path.exists():
            return []
        with self._reading() as db:
            rows = db.execute("SELECT * FROM events WHERE id > ? ORDER BY id", (after,))
            return [_event(row) for row in rows]

    def active_with_hash(self, digest: str) -> Event | None:
        with self._reading() as db:
            return _active_with_hash(db, digest)

    def get(self, event_id: int) -> Event:
        # An id past SQLite's 64-bit integers names no event (SQLite would raise OverflowError).
        row = None
        if 0 < event_id < 2**63:
            with self._reading() as db:
                row = db.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            raise NotFound(f"no curation event {event_id}; `kg curate list` shows them")
        return _event(row)

    def reverted_by(self, event_id: int) -> Event | None:
        with self._reading() as db:
            row = db.execute("SELECT * FROM events WHERE reverts = ?", (event_id,)).fetchone()
        return _event(row) if row else None

    @contextmanager
    def writing(self) -> Iterator[LogWriter]:
        """One write transaction: the database lock is held from the start (so checks made
        inside see the latest state and no other writer slips in between), committed at the
        end, rolled back on any exception, in which case the file is left as it was."""
        connection = self._connect()
        try:
            connection.executescript(_SCHEMA)
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield LogWriter(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()


class LogWriter:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def latest(self) -> int:
        return self._db.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]

    def active_with_hash(self, digest: str) -> Event | None:
        return _active_with_hash(self._db, digest)

    def get(self, event_id: int) -> Event | None:
        row = self._db.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        return _event(row) if row else None

    def reverted_by(self, event_id: int) -> Event | None:
        row = self._db.execute("SELECT * FROM events WHERE reverts = ?", (event_id,)).fetchone()
        return _event(row) if row else None

    def add(self, canonical: str, author: str, comment: str) -> Event:
        count = sum(1 for line in canonical.splitlines() if line.strip())
        cursor = self._db.execute(
            "INSERT INTO events (kind, created, author, comment, content_hash, triples, "
            "triple_count) VALUES ('add', ?, ?, ?, ?, ?, ?)",
            (_now(), author, comment, content_hash(canonical), canonical, count),
        )
        return self._inserted(cursor.lastrowid)

    def _inserted(self, row_id: int | None) -> Event:
        """The event just inserted (sqlite gives the new row's id after an INSERT)."""
        assert row_id is not None
        event = self.get(row_id)
        assert event is not None
        return event

    def revert(self, event_id: int, author: str, comment: str) -> Event:
        cursor = self._db.execute(
            "INSERT INTO events (kind, created, author, comment, reverts) "
            "VALUES ('revert', ?, ?, ?, ?)",
            (_now(), author, comment, event_id),
        )
        return self._inserted(cursor.lastrowid)


def apply_events(dataset: Dataset, events: list[Event]) -> None:
    """Play events onto a dataset: an accepted submission becomes its own named graph, a revert
    empties that graph; both are described in the curation graph, so queries see the
    history."""
    log = dataset.graph(CURATION_GRAPH)
    undone = reverted_in(events)
    for event in events:
        creator = Literal(event.author)
        created = Literal(event.created, datatype=XSD.dateTime)
        if event.kind == "add":
            graph = dataset.graph(event.graph)
            if event.id not in undone:
                _parse_event(graph, event)
            log.add((event.graph, RDF.type, KGO.CuratedSubmission))
            log.add((event.graph, DCTERMS.contributor, creator))
            log.add((event.graph, DCTERMS.created, created))
            log.add((event.graph, KGO.contentHash, Literal(event.content_hash)))
            log.add((event.graph, KGO.tripleCount, Literal(event.triple_count)))
            if event.comment:
                log.add((event.graph, RDFS.comment, Literal(event.comment)))
        else:
            reverted = submission_graph_iri(event.reverts or 0)
            dataset.remove_graph(dataset.graph(reverted))
            log.add((event.graph, RDF.type, KGO.Revert))
            log.add((event.graph, KGO.reverts, reverted))
            log.add((event.graph, DCTERMS.contributor, creator))
            log.add((event.graph, DCTERMS.created, created))
            log.add((reverted, PROV.wasInvalidatedBy, event.graph))
            if event.comment:
                log.add((event.graph, RDFS.comment, Literal(event.comment)))


def reverted_in(events: list[Event]) -> set[int]:
    """The submissions that a revert among the events undoes: played together, they are
    never loaded, so a submission an engine cannot load can still be reverted."""
    return {e.reverts for e in events if e.kind == "revert" and e.reverts is not None}


def _parse_event(graph: Graph, event: Event) -> None:
    try:
        graph.parse(data=event.triples or "", format="nt")
    except Exception as error:  # rdflib raises several kinds for bad input
        raise UnloadableSubmission(event.id, None, f"rdflib: {error}") from None


def _active_with_hash(db: sqlite3.Connection, digest: str) -> Event | None:
    """An accepted, not reverted submission with these exact triples."""
    row = db.execute(
        "SELECT * FROM events e WHERE kind = 'add' AND content_hash = ? "
        "AND NOT EXISTS (SELECT 1 FROM events r WHERE r.reverts = e.id) ORDER BY id LIMIT 1",
        (digest,),
    ).fetchone()
    return _event(row) if row else None


def _event(row: sqlite3.Row) -> Event:
    return Event(**{key: row[key] for key in row.keys()})  # noqa: SIM118 (sqlite3.Row)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

"""The curation workflow: check a submission in the context of the whole graph, then accept it
into the log or reject it with the full report; revert an accepted one. Used by `kg curate`
and by the service's /curated routes alike.

A rejected submission writes nothing. An accepted one is one row of the curation log, written
in one transaction while the log's lock is held, after a last check against whatever other
writers added meanwhile, so concurrent submissions are all kept and each was checked against
the graph it joined.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from rdflib import Graph, URIRef

from kg.curation.checks import SubmissionChecker, report_texts
from kg.curation.log import (
    CurationLog,
    Event,
    canonical_ntriples,
    content_hash,
    submission_graph_iri,
)
from kg.errors import Conflict, KgError, NotFound
from kg.graph.parsing import parse_rdf_file
from kg.graph.validate import ValidationReport
from kg.namespaces import ONTOLOGY_GRAPH
from kg.query.stores.rdflib_store import RdflibStore
from kg.settings import Settings


@dataclass(frozen=True)
class Outcome:
    status: str  # "accepted", "duplicate" (the same triples are already accepted) or "rejected"
    event: Event | None  # the new event, or the earlier one for a duplicate
    report: ValidationReport | None  # None for a duplicate, which is not checked again

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"


class Curator:
    """Holds the graph (with accepted submissions) and the log; safe to share across threads."""

    def __init__(self, settings: Settings) -> None:
        self.log = CurationLog(settings.curation_file)
        self.store = RdflibStore.open(settings)
        dataset = self.store.dataset
        self.checker = SubmissionChecker(
            dataset,
            dataset.graph(ONTOLOGY_GRAPH),
            parse_rdf_file(settings.shapes_file),
            report_texts(settings.seeds_dir),
        )
        self.lock = threading.RLock()  # one reader or writer of the in-process graph at a time

    def check(
        self, submitted: Graph, text: str | None = None, source: str = "submission"
    ) -> ValidationReport:
        """The report for a submission, storing nothing (kg validate, POST /validate)."""
        with self.lock:
            self.store.sync()
            return self.checker.check(submitted, text, source)

    def submit(
        self,
        submitted: Graph,
        author: str,
        comment: str = "",
        text: str | None = None,
        source: str = "submission",
    ) -> Outcome:
        if len(submitted) == 0:
            raise KgError(f"{source}: the submission holds no triples")
        if not author.strip():
            raise KgError("a submission needs an author")
        for words in (author, comment):
            if _surrogates(words):
                raise KgError("an author or comment must be Unicode text")
        # Terms the query engine refuses are refused before anything else reads them (rdflib
        # cannot even write some of them), and the text to be stored is read back by every
        # engine: what the log holds always loads.
        report = self.checker.check_terms(submitted, text, source)
        if not report.conforms:
            return Outcome("rejected", None, report)
        canonical = canonical_ntriples(submitted)
        report = self.checker.check_stored_text(canonical, source)
        if not report.conforms:
            return Outcome("rejected", None, report)
        digest = content_hash(canonical)
        with self.lock:
            # Checked first without the log's lock, so other writers are not held up...
            self.store.sync()
            checked_at = self.log.latest()
            earlier = self.log.active_with_hash(digest)
            if earlier is not None:
                return Outcome("duplicate", earlier, None)
            report = self.checker.check(submitted, text, source)
            if not report.conforms:
                return Outcome("rejected", None, report)
            with self.log.writing() as writer:
                # ...and again under it if another writer added something meanwhile.
                if writer.latest() != checked_at:
                    self.store.sync()
                    earlier = writer.active_with_hash(digest)
                    if earlier is not None:
                        return Outcome("duplicate", earlier, None)
                    report = self.checker.check(submitted, text, source)
                    if not report.conforms:
                        return Outcome("rejected", None, report)
                event = writer.add(canonical, author.strip(), comment.strip())
            self.store.sync()
            return Outcome("accepted", event, report)

    def revert(self, event_id: int, author: str, comment: str = "") -> Event:
        """Undo an accepted submission; the revert is an event of its own. A submission that
        later ones build on (they point at nodes only it gives) cannot be reverted first."""
        if not author.strip():
            raise KgError("a revert needs an author")
        self.log.get(event_id)  # a missing event is refused before the log (its file) is written
        with self.lock, self.log.writing() as writer:
            event = writer.get(event_id)
            if event is None:
                raise NotFound(f"no curation event {event_id}; `kg curate list` shows them")
            if event.kind != "add":
                raise Conflict(
                    f"event {event_id} is a revert, not a submission; submit the triples "
                    "again to restore them"
                )
            undone = writer.reverted_by(event_id)
            if undone is not None:
                raise Conflict(f"submission {event_id} was already reverted by event {undone.id}")
            self.store.sync()
            self._refuse_if_depended_on(event_id)
            revert = writer.revert(event_id, author.strip(), comment.strip())
        with self.lock:
            self.store.sync()
        return revert

    def _refuse_if_depended_on(self, event_id: int) -> None:
        dataset = self.store.dataset
        name = submission_graph_iri(event_id)
        own = dataset.graph(name)
        for node in {s for s in own.subjects() if isinstance(s, URIRef)}:
            elsewhere = [
                g for _s, _p, _o, g in dataset.quads((node, None, None, None)) if g != name
            ]
            if elsewhere:
                continue  # the node stays in the graph without this submission
            users = sorted(
                {str(g) for _s, _p, _o, g in dataset.quads((None, None, node, None)) if g != name}
            )
            if users:
                raise Conflict(
                    f"submission {event_id} cannot be reverted: only it gives <{node}>, which "
                    f"{', '.join(f'<{u}>' for u in users)} point(s) at; revert those first"
                )

    def events(self) -> list[Event]:
        return self.log.events()

    def event(self, event_id: int) -> Event:
        return self.log.get(event_id)

    def reverted_by(self, event_id: int) -> Event | None:
        return self.log.reverted_by(event_id)


def _surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False

"""A fixture report extracted on its own, as the build extracts a report (no manifest, no graph).
The fixtures' forces are fictional, so the gazetteer of real forces gains them here."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from kg.extract.inspection import Reading, load_reading
from kg.extract.report import extract_report
from kg.facts import ReportExtraction
from kg.graph.files import load_ontology
from kg.graph.parsing import parse_rdf_file
from kg.settings import Settings
from kg.source.document import SourceDocument
from kg.source.manifest import ReportEntry
from kg.source.schemes import Schemes
from tests.paths import DATA_DIR

FICTIONAL_FORCE = DATA_DIR / "fictional-force.ttl"


@cache
def fictional_reading() -> Reading:
    return load_reading(load_ontology(Settings.from_env()) + parse_rdf_file(FICTIONAL_FORCE))


def extract_fixture(
    path: Path, schemes: Schemes, title: str | None = None
) -> tuple[SourceDocument, ReportExtraction]:
    entry = ReportEntry(
        iri=f"https://w3id.org/police-inspection-kg/id/report/{path.stem}",
        title=title if title is not None else path.stem,
        file_name=path.name,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        date_as_stated=None,
        path=path,
    )
    doc = SourceDocument.from_file(entry.iri, path)
    return doc, extract_report(entry, doc, schemes, fictional_reading())

"""A new report in a known layout comes out right with no code change: a fictional PEEL report
about a fictional force, written in the layout of the 2016 web page (tests/data)."""

from __future__ import annotations

import hashlib

import pytest

from kg.extract.inspection import load_reading
from kg.extract.report import extract_report
from kg.graph.files import load_ontology
from kg.graph.parsing import parse_rdf_file
from kg.settings import Settings
from kg.source.document import SourceDocument
from kg.source.manifest import ReportEntry
from kg.source.schemes import load_schemes
from tests.paths import DATA_DIR

REPORT = DATA_DIR / "fictional-peel-2019-wessex.txt"
# A fictional force is no force of the gazetteer: the test adds it, as a user would add a force.
FICTIONAL_FORCE = DATA_DIR / "fictional-force.ttl"


@pytest.fixture(scope="module")
def extraction():
    entry = ReportEntry(
        iri="https://w3id.org/police-inspection-kg/id/report/fictional-peel-2019-wessex",
        title="Wessex Vale PEEL 2019: Effectiveness",
        file_name=REPORT.name,
        sha256=hashlib.sha256(REPORT.read_bytes()).hexdigest(),
        date_as_stated="Last updated 14/02/2020",
        path=REPORT,
    )
    ontology = load_ontology(Settings.from_env()) + parse_rdf_file(FICTIONAL_FORCE)
    doc = SourceDocument.from_file(entry.iri, REPORT)
    return extract_report(entry, doc, load_schemes(ontology), load_reading(ontology))


def test_inspection(extraction) -> None:
    inspection = extraction.inspection
    assert inspection.force_name == "Wessex Vale Police"
    assert inspection.year == 2019
    # "Wessex Vale PEEL 2019 / Effectiveness": the pillars ran to 2017, so in 2019 this is
    # the effectiveness part of the 2018/19 generation.
    assert inspection.programme.slug == "peel-2018-19"


def test_judgments(extraction) -> None:
    grades = {j.question.theme.slug: (j.grade.slug, j.overall) for j in extraction.judgments}
    assert grades == {
        "overall-effectiveness": ("requires-improvement", True),
        "prevention": ("good", False),
        "investigation": ("requires-improvement", False),
        "vulnerability": ("inadequate", False),
        "serious-organised-crime": ("good", False),
    }


def test_findings(extraction) -> None:
    found = sorted((f.kind.slug, f.question.theme.slug, f.text) for f in extraction.findings)
    assert found == [
        (
            "area-for-improvement",
            "investigation",
            "The force should ensure that supervisors review every investigation plan.",
        ),
        (
            "area-for-improvement",
            "investigation",
            "The force should ensure that victims are kept informed, as the code of practice "
            "requires.",
        ),
        (
            "area-for-improvement",
            "prevention",
            "The force should make sure neighbourhood teams record their problem-solving plans.",
        ),
        (
            "cause-of-concern",
            "vulnerability",
            "The force does not assess the risk to victims of domestic abuse consistently.",
        ),
    ]

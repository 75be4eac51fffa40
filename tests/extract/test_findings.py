"""Findings keep their boundaries in every layout: fixtures written by hand in each layout
(tests/data/findings), with the findings expected of them written from their text
(tests/data/findings/expected.toml)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from rdflib import RDF, Graph

from kg.extract.findings import wrap_width
from kg.facts import FindingFact, ReportExtraction
from kg.graph.files import load_ontology
from kg.graph.parsing import parse_rdf_file
from kg.graph.rdf import add_extraction
from kg.graph.validate import validate_graph
from kg.namespaces import KGO
from kg.settings import Settings
from kg.source.document import SourceDocument
from kg.source.schemes import Schemes, load_schemes
from tests.extract.fixtures import FICTIONAL_FORCE, extract_fixture
from tests.paths import DATA_DIR

FIXTURES = DATA_DIR / "findings"
EXPECTED = tomllib.loads((FIXTURES / "expected.toml").read_text(encoding="utf-8"))["finding"]
FILES = sorted({item["file"] for item in EXPECTED})
_BULLET_MARK = re.compile(r"(?:^|\s)[•-](?=\s)")


@pytest.fixture(scope="module")
def schemes() -> Schemes:
    return load_schemes(load_ontology(Settings.from_env()))


def _extract(
    name: str, schemes: Schemes, folder: Path = FIXTURES
) -> tuple[SourceDocument, ReportExtraction]:
    return extract_fixture(folder / name, schemes)


def _theme(finding: FindingFact) -> str:
    return finding.question.theme.slug if finding.question else ""


@pytest.mark.parametrize("name", FILES)
def test_findings_as_written(name: str, schemes: Schemes) -> None:
    """Each finding's kind and whole text, in report order, and nothing else: no finding runs
    on into a heading or the next paragraph, none is cut short, no lead-in line is one."""
    _, extraction = _extract(name, schemes)
    expected = [item for item in EXPECTED if item["file"] == name]
    assert [(f.kind.slug, f.text) for f in extraction.findings] == [
        (item["kind"], item["text"]) for item in expected
    ]


@pytest.mark.parametrize("name", FILES)
def test_filed_under_the_question_whose_section_holds_it(name: str, schemes: Schemes) -> None:
    _, extraction = _extract(name, schemes)
    expected = [item for item in EXPECTED if item["file"] == name]
    for finding, item in zip(extraction.findings, expected, strict=True):
        if item.get("heading"):
            # A section headed by an area name: under that area's question, or none while such
            # headings are not read as questions; never under another question.
            assert _theme(finding) in (item["theme"], ""), item["text"]
        else:
            assert _theme(finding) == item["theme"], item["text"]


@pytest.mark.parametrize("name", FILES)
def test_recommendations_deadline_and_cause_of_concern(name: str, schemes: Schemes) -> None:
    _, extraction = _extract(name, schemes)
    expected = [item for item in EXPECTED if item["file"] == name]
    for finding, item in zip(extraction.findings, expected, strict=True):
        assert finding.deadline == item.get("deadline"), item["text"]
        concern = finding.addresses
        if "addresses" in item:
            assert concern is not None and concern.kind.slug == "cause-of-concern"
            assert concern.text.startswith(item["addresses"])
        else:
            assert concern is None, item["text"]


@pytest.mark.parametrize("name", FILES)
def test_every_quote_stands_at_its_offsets(name: str, schemes: Schemes) -> None:
    doc, extraction = _extract(name, schemes)
    for finding in extraction.findings:
        evidence = finding.evidence
        assert doc.text[evidence.start : evidence.end] == evidence.exact
        # The quote is the finding's text as laid out: with the bullets of a list it leads.
        quote = _BULLET_MARK.sub(" ", doc.clean(evidence.start, evidence.end))
        assert " ".join(quote.split()) == finding.text


def test_the_layouts_are_told_apart(schemes: Schemes) -> None:
    """Text wrapped at a page width (PDF) against a paragraph to a line (web pages)."""
    widths = {
        name: wrap_width(SourceDocument("r", (FIXTURES / name).read_text())) for name in FILES
    }
    assert widths.pop("peel-2016-pdf-wrapped.txt") is not None
    assert set(widths.values()) == {None}


def test_the_same_findings_when_the_pdf_text_is_a_paragraph_to_a_line(
    schemes: Schemes, tmp_path: Path
) -> None:
    """The PDF fixture with each paragraph and bullet joined onto one line, as a web page gives
    it: the same findings."""
    text = (FIXTURES / "peel-2016-pdf-wrapped.txt").read_text(encoding="utf-8")
    paragraphs: list[str] = []
    gap = True
    last_line = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            gap = True
            continue
        previous = paragraphs[-1] if paragraphs else ""
        runs_on = stripped[0].islower() or not (
            gap
            or stripped.startswith(("•", "How "))
            or len(previous) < 45
            or previous.endswith("?")
            or (previous.endswith(".") and len(last_line) < 65)  # its paragraph's last line
        )
        if runs_on:
            paragraphs[-1] += " " + stripped
        else:
            paragraphs.append(stripped)
        gap = False
        last_line = stripped
    (tmp_path / "one-line.txt").write_text("\n".join(paragraphs), encoding="utf-8")
    wrapped = _extract("peel-2016-pdf-wrapped.txt", schemes)[1]
    one_line = _extract("one-line.txt", schemes, tmp_path)[1]
    assert [(f.kind.slug, _theme(f), f.text) for f in one_line.findings] == [
        (f.kind.slug, _theme(f), f.text) for f in wrapped.findings
    ]


def test_a_recommendation_addresses_its_cause_of_concern_in_the_graph(schemes: Schemes) -> None:
    """kgo:addresses links each of the three recommendations to the cause of concern; the
    shapes accept it, and refuse it pointing at a finding that is no cause of concern."""
    settings = Settings.from_env()
    _, extraction = _extract("peel-2021-single-breaks.txt", schemes)
    graph = load_ontology(settings) + parse_rdf_file(FICTIONAL_FORCE)
    add_extraction(graph, extraction)
    links = list(graph.subject_objects(KGO.addresses))
    assert len(links) == 3
    concerns = {str(graph.value(concern, KGO.text)) for _, concern in links}
    assert len(concerns) == 1
    assert concerns.pop().startswith("Marlshire Police isn’t answering emergency calls")
    shapes = Graph().parse(settings.shapes_file)
    recommendations = [rec for rec, _ in links]
    assert validate_graph(graph, shapes, recommendations).violations == ()
    area = next(graph.subjects(RDF.type, KGO.AreaForImprovement))
    graph.add((recommendations[0], KGO.addresses, area))
    graph.remove((recommendations[0], KGO.addresses, links[0][1]))
    messages = [v.message for v in validate_graph(graph, shapes, recommendations).violations]
    assert any("kgo:addresses" in message for message in messages)


def test_detailed_findings_for_question_n_file_under_the_nth_question(
    schemes: Schemes, tmp_path: Path
) -> None:
    """Summaries of every question first, then each question's detail: what follows
    "Detailed findings for question 1" is the first question's, not the last one named."""
    (tmp_path / "summaries-first.txt").write_text(
        "Wexcombe PEEL 2017\n\n"
        "How effective is the force at preventing crime, tackling anti-social behaviour and "
        "keeping people safe?\n"
        "Good\n"
        "Wexcombe Police is good at preventing crime and keeping people safe.\n"
        "How effective is the force at investigating crime and reducing re-offending?\n"
        "Good\n"
        "Wexcombe Police is good at investigating crime and reducing re-offending.\n"
        "Detailed findings for question 1\n"
        "Neighbourhood teams know their communities well, but they record little of their "
        "problem-solving work.\n"
        "Areas for improvement\n"
        "- The force should record and evaluate its problem-solving work.\n"
        "Detailed findings for question 2\n"
        "Investigations are generally thorough and well supervised.\n",
        encoding="utf-8",
    )
    _, extraction = _extract("summaries-first.txt", schemes, tmp_path)
    assert [(f.text, _theme(f)) for f in extraction.findings] == [
        ("The force should record and evaluate its problem-solving work.", "prevention")
    ]


def test_a_letter_lists_its_recommendations_after_we_made_the_following(
    schemes: Schemes, tmp_path: Path
) -> None:
    """A revisit letter: "We made the following recommendations:" heads its list, so each
    bullet is a recommendation of its own; the paragraph after the list is none."""
    (tmp_path / "letter.txt").write_text(
        "Wexcombe Police: PEEL cause of concern revisit letter\n\n"
        "We made the following recommendations:\n\n"
        "  • The force should immediately review how it allocates officers to emergency "
        "incidents.\n"
        "  • Within three months, the force should review its graded response policy.\n\n"
        "We found that the force has made progress against both recommendations.\n",
        encoding="utf-8",
    )
    _, extraction = _extract("letter.txt", schemes, tmp_path)
    assert [(f.kind.slug, f.text, f.deadline) for f in extraction.findings] == [
        (
            "recommendation",
            "The force should immediately review how it allocates officers to emergency incidents.",
            None,
        ),
        (
            "recommendation",
            "Within three months, the force should review its graded response policy.",
            "Within three months",
        ),
    ]


def test_a_letter_quotes_its_cause_of_concern_after_our_inspection_found(
    schemes: Schemes, tmp_path: Path
) -> None:
    """A revisit letter quotes each cause of concern after "Our inspection found:", then the
    recommendations made for it, which address it."""
    (tmp_path / "letter.txt").write_text(
        "Wexcombe Police: PEEL cause of concern revisit letter\n\n"
        "Investigating crime\n\n"
        "Our inspection found:\n\n"
        "“Wexcombe Police does not always investigate crime effectively. This means that some "
        "victims do not get the service they deserve.”\n\n"
        "We made the following recommendations:\n\n"
        "  • Within three months, the force should make sure that investigations are "
        "supervised.\n\n"
        "We found that the force has made progress.\n",
        encoding="utf-8",
    )
    _, extraction = _extract("letter.txt", schemes, tmp_path)
    concern, recommendation = extraction.findings
    assert concern.kind.slug == "cause-of-concern"
    assert concern.text.startswith("“Wexcombe Police does not always investigate crime")
    assert recommendation.kind.slug == "recommendation"
    assert recommendation.addresses == concern


def test_a_short_finding_without_a_full_stop_is_no_heading(
    schemes: Schemes, tmp_path: Path
) -> None:
    """Under a numbered heading, a short finding that does not end with a full stop is still
    the finding; a short line that directs nothing ends the block as a heading would."""
    (tmp_path / "short.txt").write_text(
        "Wexcombe Police: PEEL 2023–2025\n"
        "Investigating crime\n"
        "Area for improvement 1\n"
        "The force should supervise investigations better\n"
        "Supervisors told us that they carry large workloads of their own.\n"
        "Area for improvement 2\n"
        "Protecting vulnerable people\n"
        "The force understands vulnerability in its area.\n",
        encoding="utf-8",
    )
    _, extraction = _extract("short.txt", schemes, tmp_path)
    assert [f.text for f in extraction.findings] == [
        "The force should supervise investigations better"
    ]

"""Grades wherever a report states them (kg.extract.grades, kg.extract.structure): on a line
of their own, in a grade table, in an area-and-grade row, or in a sentence about this
inspection; and question headings of every generation.

The fixtures (tests/data/grades) are short report fragments written for these tests in each
generation's layout; every expectation below was written by hand from reading them.
"""

from __future__ import annotations

import pytest

from kg.extract.grades import sentence_grades
from kg.extract.report import extract_report
from kg.extract.structure import QuestionHeading, scan
from kg.graph.files import load_ontology
from kg.settings import Settings
from kg.source.document import SourceDocument
from kg.source.manifest import ReportEntry
from kg.source.schemes import Schemes, load_schemes
from tests.extract.fixtures import extract_fixture, fictional_reading
from tests.paths import DATA_DIR

FIXTURES = DATA_DIR / "grades"


@pytest.fixture(scope="module")
def schemes() -> Schemes:
    return load_schemes(load_ontology(Settings.from_env()))


def _extract(name: str, title: str, schemes: Schemes):
    return extract_fixture(FIXTURES / name, schemes, title)


def _judgments(extraction) -> set[tuple[str, str, str]]:
    return {
        (j.question.theme.slug, j.grade.slug, " ".join(j.evidence.exact.split()))
        for j in extraction.judgments
    }


def _questions(extraction) -> dict[str, str]:
    return {j.question.theme.slug: j.question.wording for j in extraction.judgments}


def _assert_quotes_stand(doc: SourceDocument, extraction) -> None:
    for judgment in extraction.judgments:
        for evidence in (judgment.evidence, judgment.question.evidence):
            assert doc.text[evidence.start : evidence.end] == evidence.exact


def test_peel_2016_web_page_with_grades_in_sentences(schemes) -> None:
    doc, extraction = _extract(
        "peel-2016-efficiency-web.txt", "Wessex Vale PEEL 2016: Efficiency", schemes
    )
    assert _judgments(extraction) == {
        (
            "overall-efficiency",
            "good",
            "Wessex Vale Police is judged to be good in the efficiency with which it keeps "
            "people safe and reduces crime.",
        ),
        (
            "efficiency-demand",
            "requires-improvement",
            "Wessex Vale Police requires improvement in how well it understands the demand for "
            "its services.",
        ),
        (
            "good-use-of-resources",
            "good",
            "The force is good at using its resources to manage current demand.",
        ),
        (
            "efficiency-future",
            "outstanding",
            "We judge the force to be outstanding at planning for the future.",
        ),
    }
    assert _questions(extraction) == {
        "overall-efficiency": "How efficient is the force at keeping people safe and reducing "
        "crime?",
        "efficiency-demand": "How well does the force understand demand?",
        "good-use-of-resources": "How well does the force use its resources?",
        "efficiency-future": "How well is the force planning for demand in the future?",
    }
    overall = {j.question.theme.slug for j in extraction.judgments if j.overall}
    assert overall == {"overall-efficiency"}
    _assert_quotes_stand(doc, extraction)


def test_an_ungraded_question_is_no_heading(schemes) -> None:
    doc = SourceDocument.from_file("r", FIXTURES / "peel-2016-efficiency-web.txt")
    wordings = [item.wording for item in scan(doc, schemes) if isinstance(item, QuestionHeading)]
    # The last question has no grade after it: a part of the narrative, not a question.
    assert "How well does the force plan for the future with other organisations?" not in (wordings)
    assert "How well does the force understand demand?" in wordings


def test_a_report_that_grades_nothing_files_findings_under_its_questions(schemes) -> None:
    _doc, extraction = _extract(
        "peel-2016-leadership-ungraded.txt", "PEEL: Police leadership 2016 – Wessex Vale", schemes
    )
    assert extraction.judgments == ()
    placed = {
        f.text.split()[-1]: (f.question.theme.slug, f.question.wording)
        for f in extraction.findings
        if f.question is not None
    }
    assert placed == {
        "officers.": ("leadership", "How well does the force understand leadership?"),
        "workforce.": ("leadership", "How well does the force display leadership?"),
    }


def test_peel_2018_integrated_headline_questions(schemes) -> None:
    doc, extraction = _extract("peel-2018-integrated.txt", "Wessex Vale PEEL 2018", schemes)
    assert _judgments(extraction) == {
        ("overall-effectiveness", "requires-improvement", "Requires improvement"),
        (
            "serious-organised-crime",
            "good",
            "It is good at tackling serious and organised crime, but it needs to improve how it "
            "investigates crime.",
        ),
        (
            "overall-efficiency",
            "good",
            "The extent to which the force operates efficiently and sustainably is good.",
        ),
        (
            "overall-legitimacy",
            "outstanding",
            "Wessex Vale Police is outstanding in the way it treats the public and its workforce.",
        ),
    }
    assert _questions(extraction) == {
        "overall-effectiveness": "How effectively does the force reduce crime and keep people "
        "safe?",
        "serious-organised-crime": "tackling serious and organised crime",
        "overall-efficiency": "How efficiently does the force operate and how sustainable are "
        "its services?",
        "overall-legitimacy": "How legitimately does the force treat the public and its workforce?",
    }
    _assert_quotes_stand(doc, extraction)


def test_peel_2021_grade_table_and_area_headings(schemes) -> None:
    doc, extraction = _extract(
        "peel-2021-table.txt", "PEEL 2021/22: An inspection of Wessex Vale Police", schemes
    )
    assert _judgments(extraction) == {
        ("prevention", "good", "Good"),
        ("investigation", "adequate", "Adequate"),
        ("responding-to-the-public", "requires-improvement", "Requires improvement"),
        # Only in the table: its evidence is the grade's column header.
        ("managing-offenders", "good", "Good"),
        ("treatment-of-the-public", "adequate", "Adequate"),
        ("positive-workplace", "requires-improvement", "Requires improvement"),
        # "adequate at operating efficiently" under this area's heading is this area's grade.
        ("good-use-of-resources", "adequate", "Adequate"),
    }
    questions = _questions(extraction)
    assert questions["prevention"] == "Preventing crime and anti-social behaviour"
    assert questions["managing-offenders"] == "Managing offenders and suspects"
    assert questions["good-use-of-resources"] == "Good use of resources"
    table = next(j for j in extraction.judgments if j.question.theme.slug == "managing-offenders")
    assert doc.lines[4].start <= table.evidence.start < doc.lines[4].end  # the header row
    section = next(j for j in extraction.judgments if j.question.theme.slug == "prevention")
    assert section.evidence.start > doc.lines[12].start  # under its heading, not the table
    _assert_quotes_stand(doc, extraction)


def test_peel_2023_area_and_grade_rows(schemes) -> None:
    doc, extraction = _extract(
        "peel-2023-rows.txt", "PEEL 2023–25: An inspection of Wessex Vale Police", schemes
    )
    assert _judgments(extraction) == {
        ("treatment-of-the-public", "good", "Good"),
        ("prevention", "adequate", "Adequate"),
        ("responding-to-the-public", "inadequate", "Inadequate"),
        ("investigation", "requires-improvement", "Requires improvement"),
        ("leadership", "outstanding", "Outstanding"),
        ("vulnerability", "adequate", "Adequate"),
    }
    questions = _questions(extraction)
    assert questions["treatment-of-the-public"] == "Police powers and public treatment"
    assert questions["investigation"] == "Investigating crime"
    assert questions["leadership"] == "Leadership and force management"
    _assert_quotes_stand(doc, extraction)


# One sentence each: what it states of this inspection, written from the sentence.
SENTENCES = [
    ("Wessex Vale Police is good at investigating crime.", [("investigation", "good")]),
    (
        "The force requires improvement at investigating offending.",
        [("investigation", "requires-improvement")],
    ),
    (
        "Wessex Vale Police is outstanding at preventing crime, tackling anti-social behaviour "
        "and keeping people safe.",
        [("prevention", "outstanding")],
    ),
    (
        "We judge the force to be good at protecting vulnerable people.",
        [("vulnerability", "good")],
    ),
    (
        "Wessex Vale Police was graded as adequate at responding to the public.",
        [("responding-to-the-public", "adequate")],
    ),
    (
        "Wessex Vale Police is good at keeping people safe and reducing crime.",
        [("overall-effectiveness", "good")],
    ),
    (
        "The extent to which the force is effective at reducing crime and keeping people safe "
        "is inadequate.",
        [("overall-effectiveness", "inadequate")],
    ),
    (
        # "requires improvement" is a verb phrase: no "is" before it.
        "The extent to which Wessex Vale Police is effective at keeping people safe and "
        "reducing crime requires improvement.",
        [("overall-effectiveness", "requires-improvement")],
    ),
    ("The extent to which the force needs to change requires improvement in planning.", []),
    (
        "The areas graded as ‘inadequate’ included how the force investigates crime and how it "
        "responds to the public.",
        [("investigation", "inadequate"), ("responding-to-the-public", "inadequate")],
    ),
    (
        "It is judged to be good at ensuring its workforce behaves ethically and lawfully and "
        "outstanding at treating its workforce with fairness and respect.",
        [("legitimacy-ethics", "good"), ("positive-workplace", "outstanding")],
    ),
    (
        "Wessex Vale Police works well with partners and is good at preventing crime and "
        "anti-social behaviour.",
        [("prevention", "good")],
    ),
    ("The force works with a team that is good at preventing crime.", []),
    ("Officers work with partners and are good at preventing crime.", []),
    # A press release's lists: one area per item; a count of areas names none.
    (
        "The inspectorate found the force ‘inadequate’ in two areas – investigating crime and "
        "managing offenders.",
        [("investigation", "inadequate"), ("managing-offenders", "inadequate")],
    ),
    (
        "The areas requiring improvement are preventing crime and anti-social behaviour; "
        "treatment of the public, and good use of resources.",
        [
            ("prevention", "requires-improvement"),
            ("treatment-of-the-public", "requires-improvement"),
            ("good-use-of-resources", "requires-improvement"),
        ],
    ),
    ("Wessex Vale Police was ‘good’ in four areas.", []),
    # Two areas joined by "and" before an -ing form, unless one area's wording spans the "and".
    (
        "Wessex Vale Police is also good at investigating crime and tackling serious and "
        "organised crime.",
        [("investigation", "good"), ("serious-organised-crime", "good")],
    ),
    (
        "Wessex Vale Police is good at preventing crime and tackling anti-social behaviour.",
        [("prevention", "good")],
    ),
    (
        # One question of PEEL 2014-19 (real: Suffolk, PEEL 2015).
        "It is good at investigating crime and managing offenders, including those involved in "
        "serious and organised crime.",
        [("investigation", "good")],
    ),
    (
        # Two verbs sharing one object (real: City of London, PEEL 2018/19 press release).
        "The force is good at preventing and investigating crime.",
        [("prevention", "good"), ("investigation", "good")],
    ),
    (
        "The force is good at identifying and protecting vulnerable people.",
        [("vulnerability", "good")],
    ),
    (
        "Wessex Vale Police requires improvement at meeting current demands and using resources.",
        [("efficiency-demand", "requires-improvement")],
    ),
    (
        "The force also has an outstanding approach to workforce wellbeing and fair treatment.",
        [("positive-workplace", "outstanding")],
    ),
    ("The force has a good approach to the local council.", []),
    # An adverb between the verb and the grade (PEEL 2017 efficiency pages).
    (
        "Its planning for future demand is also assessed to be good.",
        [("efficiency-future", "good")],
    ),
    # Another year's, another inspection's, a change, a national figure, a condition, a
    # question: not this inspection's grades.
    ("In 2016, we judged Wessex Vale Police to be good at investigating crime.", []),
    ("Last year, Wessex Vale Police was judged to be good at investigating crime.", []),
    ("In our legitimacy inspection this year, the force was judged to be good.", []),
    ("Wessex Vale Police has moved from good to adequate at investigating crime.", []),
    ("Nationally, 12 forces were judged to be good at investigating crime.", []),
    ("If it improves, the force could be good at investigating crime.", []),
    ("Is the force good at investigating crime?", []),
    ("The force is not good at investigating crime.", []),
    ("Call handlers are good at identifying vulnerable people.", []),
    ("The force has a good understanding of vulnerable people.", []),
    ("Frontline officers assess risk to an adequate standard.", []),
    ("HMICFRS found the force was ‘adequate’ in one area and ‘inadequate’ in three areas.", []),
    ("The force is good at working with the local council.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_sentence_grades(schemes, sentence: str, expected: list[tuple[str, str]]) -> None:
    text = f"Wessex Vale Police PEEL 2022\n\n{sentence}\n"
    doc = SourceDocument("r", text)
    found = sentence_grades(doc, schemes)
    assert [(g.theme.slug if g.theme else None, g.grade.slug) for g in found] == expected
    for grade in found:
        assert doc.text[grade.evidence[0] : grade.evidence[1]] == sentence


def test_bullets_under_a_judgment_lead_in(schemes) -> None:
    text = (
        "HMIC judged that Wessex Vale Police:\n\n"
        "  • is ‘good’ at preventing crime, tackling anti-social behaviour and keeping people "
        "safe;\n"
        "  • ‘requires improvement’ in how it tackles serious and organised crime.\n\n"
        "The force works with partners:\n\n"
        "  • is good at sharing information with the council.\n"
    )
    found = sentence_grades(SourceDocument("r", text), schemes)
    assert [(g.theme.slug if g.theme else None, g.grade.slug) for g in found] == [
        ("prevention", "good"),
        ("serious-organised-crime", "requires-improvement"),
    ]


def test_a_scale_listed_in_order_is_no_grade(schemes) -> None:
    text = (
        "How effective is the force at investigating crime?\n\n"
        "Outstanding\nGood\nAdequate\nRequires improvement\nInadequate\n\n"
        "Wessex Vale Police requires improvement at investigating crime.\n"
    )
    doc = SourceDocument("r", text)
    entry = ReportEntry(
        iri="r",
        title="Wessex Vale",
        file_name="r.txt",
        sha256="0" * 64,
        date_as_stated=None,
        path=FIXTURES / "r.txt",
    )
    extraction = extract_report(entry, doc, schemes, fictional_reading())
    assert [(j.question.theme.slug, j.grade.slug) for j in extraction.judgments] == [
        ("investigation", "requires-improvement")
    ]


def test_the_grade_scale_ranks(schemes) -> None:
    ranks = {g.slug: g.rank for g in schemes.grades}
    five_point = ["outstanding", "good", "adequate", "requires-improvement", "inadequate"]
    assert [ranks[slug] for slug in five_point] == [5, 4, 3, 2, 1]
    assert ranks["ungraded"] is None


def test_a_list_of_areas_and_their_grades(schemes, tmp_path) -> None:
    """A commissioner's or press page lists the grades as "• <area>: <grade>"; a line whose
    text after the colon is no single grade is none."""
    path = tmp_path / "list.txt"
    path.write_text(
        "Wessex Vale Police PEEL 2023–25\n\nThe gradings awarded are:\n\n"
        "  • Investigating crime: Adequate\n"
        "  • Preventing and deterring crime and anti-social behaviour, and reducing "
        "vulnerability: Good\n"
        "  • Managing offenders and suspects: Requires improvement\n"
        "  • Responding to the public: good and improving\n",
        encoding="utf-8",
    )
    _, extraction = extract_fixture(path, schemes)
    assert {(j.question.theme.slug, j.grade.slug) for j in extraction.judgments} == {
        ("investigation", "adequate"),
        ("prevention", "good"),  # the 2023-25 name of the area
        ("managing-offenders", "requires-improvement"),
    }


def test_a_list_scraped_one_line_an_item(schemes) -> None:
    # A PEEL 2018/19 summary page as scraped: no bullets, no blank lines, items in lower case.
    text = (
        "Wessex Vale 2018/19\n"
        "Wessex Vale Police was inspected in tranche three and we found:\n"
        "the extent to which the force is effective at reducing crime and keeping people safe "
        "is good.\n"
        "the extent to which the force operates efficiently and sustainably requires "
        "improvement.\n"
        "the extent to which the force treats the public and its workforce legitimately is "
        "good.\n"
    )
    found = sentence_grades(SourceDocument("r", text), schemes)
    assert [(g.theme.slug if g.theme else None, g.grade.slug) for g in found] == [
        ("overall-effectiveness", "good"),
        ("overall-efficiency", "requires-improvement"),
        ("overall-legitimacy", "good"),
    ]
    for grade in found:
        assert text[grade.evidence[0] : grade.evidence[1]].startswith("the extent to which")

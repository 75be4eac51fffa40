"""Finding the structure of an inspection report: question headings, grade lines and blocks of
findings.

The reports come in several layouts (a web page, PEEL PDFs with two-column summaries, the 2014
crime inspection PDF, the 2008 standards-based PDF). What they share is structural, and that is
all this module keys on:

- a graded question is an interrogative heading ("How effective is the force at ...?", "How
  efficiently does the force ...?", "To what extent does ...?") ending with "?" at a line end,
  whose wording falls under a question theme; the 2008 layout names its graded area on the line
  before "Summary of judgement"; later layouts head an area with a short line naming it
  ("Investigating crime") followed by its grade line, or give area and grade on one table row
  ("Investigating crime<tab>Requires improvement");
- a grade stands on a line of its own, made only of grade words from the grade scheme ("Good",
  "Meeting the standard", or "Good GoodGood" where PDF columns merged); a line or run of lines
  listing a whole scale in order ("Outstanding Good Adequate Requires improvement Inadequate")
  is a key or a table's header, not grades (grade tables and sentences: kg.extract.grades);
- findings follow a heading that names a finding type ("Areas for improvement",
  "Recommendations", "Area(s) for improvement"), as bullets or lettered parts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.extract.findings import FindingItem, SectionEnd, Span, finding_block
from kg.extract.grades import CELL_SEPARATOR, opens_with_grade
from kg.source.document import Line, SourceDocument
from kg.source.schemes import Concept, Schemes
from kg.source.segments import ends_sentence

# "1. How effective ...", "• How efficiently ...", "Overview – How well ...", "To what extent ...":
# a question of any PEEL generation opens with how or to what extent (its theme decides).
_QUESTION_START = re.compile(
    r"^(?:[•\-*]\s*|\d+\.?\s+|[A-Z][a-z]+\s+[–-]\s+)?((?:How|To what extent)\s+\w)"
)
# The questions of the PEEL pillars 2014-17 ("How effective is the force at ...?", "How
# efficient ...", "How legitimate ...") are always graded.
_PILLAR_QUESTION = re.compile(r"How\s+(?:effective|efficient|legitimate)\s+(?:is|are)\b")
_UPDATED = re.compile(r"^Last updated\b", re.IGNORECASE)
# An area heading ("Investigating crime", "2. Good use of resources") is a short line.
_AREA_NUMBER = re.compile(r"^(?:\d+\.?\s+)")
_MAX_AREA_WORDS = 10
# A line of this many words at most, capitalised and with no stop, stands as a heading.
_HEADING_WORDS = 5
_JUDGEMENT_SUMMARY = re.compile(r"^Summary of judge?ment$", re.IGNORECASE)
_AREA_YEAR = re.compile(r"^\d{4}/\d{2,4}\s+")
_MAX_HEADING_LINES = 8
# A question's number on a line of its own, over its heading (web pages scraped line by line).
_QUESTION_NUMBER = re.compile(r"\d{1,2}[.)]?")


@dataclass(frozen=True)
class QuestionHeading:
    wording: str
    theme: Concept
    span: Span
    line: int


@dataclass(frozen=True)
class GradeMark:
    grade: Concept
    span: Span
    line: int


@dataclass(frozen=True)
class GradeGroup:
    """Grade lines standing together, separated only by blank lines; or the grade of one table
    row (`row`), which sums up and so is weaker evidence than a grade under its own heading."""

    marks: tuple[GradeMark, ...]
    line: int
    row: bool = False


StructureItem = QuestionHeading | GradeGroup | FindingItem | SectionEnd


def scan(doc: SourceDocument, schemes: Schemes) -> Iterator[StructureItem]:
    """The report's structural items, in document order."""
    lines = doc.lines
    i = 0
    section: Concept | None = None  # the theme of the question whose section this is
    while i < len(lines):
        line = lines[i]
        if line.is_blank:
            i += 1
            continue
        heading = _question_heading(doc, schemes, i)
        if heading is not None:
            question, i = heading
            # A question of the section's own theme that is no pillar question heads a part
            # of the section's narrative ("How well does the force understand the threat ...
            # posed by serious and organised crime?"), not a question of its own.
            if question.theme != section or _PILLAR_QUESTION.match(question.wording):
                section = question.theme
                yield question
            continue
        area = _judgement_area(doc, schemes, i) or area_heading(doc, schemes, i)
        if area is not None:
            yield area
            i += 1
            continue
        row = grade_row(doc, schemes, i)
        if row is not None:
            yield from row
            i += 1
            continue
        grades = _grade_group(lines, schemes, i)
        if grades is not None:
            group, i = grades
            if not _lists_scale(group, schemes):
                yield group
            continue
        block = finding_block(doc, schemes, i, lambda j: _opens_section(doc, schemes, j))
        if block is not None:
            items, i = block
            yield from items
            continue
        i += 1


def _starts_block(lines: tuple[Line, ...], i: int) -> bool:
    """A line that can open a heading: after a blank line, a sentence end, a page break, or
    a short heading ("Efficiency" over its question, in pages with single line breaks)."""
    if i == 0 or lines[i].starts_page:
        return True
    before = lines[i - 1].stripped
    return (
        not before
        or ends_sentence(before, stops=".;:!?")
        or (len(before.split()) <= _HEADING_WORDS and before[0].isupper())
        or _QUESTION_NUMBER.fullmatch(before) is not None
    )


def _question_heading(
    doc: SourceDocument, schemes: Schemes, i: int, graded: bool = True
) -> tuple[QuestionHeading, int] | None:
    """A question heading: a pillar's question ("How effective is the force at ...?") always;
    another ("How efficiently does ...?", "How well ...?", "To what extent ...?") only when a
    grade follows, since PEEL reports also head the parts of a question's narrative with
    ungraded questions ("How effectively is the force working with partners ...?"); any one
    whose wording falls under a theme when graded is False."""
    found = _question_span(doc, i)
    if found is None:
        return None
    start, end, after = found
    wording = doc.clean(start, end)
    theme = schemes.theme_of(wording)
    if theme is None:
        return None
    if graded and not _PILLAR_QUESTION.match(wording) and not _graded_after(doc, schemes, after):
        return None
    return QuestionHeading(wording, theme, Span(start, end), doc.lines[i].number), after


def ungraded_questions(doc: SourceDocument, schemes: Schemes) -> list[QuestionHeading]:
    """Every interrogative heading whose wording falls under a theme, graded or not: the
    sections of a report that grades nothing (PEEL leadership 2016), whose findings stand
    under them."""
    found = []
    i = 0
    while i < len(doc.lines):
        heading = _question_heading(doc, schemes, i, graded=False)
        if heading is None:
            i += 1
            continue
        question, i = heading
        found.append(question)
    return found


def _question_span(doc: SourceDocument, i: int) -> tuple[int, int, int] | None:
    """The span of an interrogative heading starting at line i, and the index after it."""
    lines = doc.lines
    match = _QUESTION_START.match(lines[i].stripped)
    if not match or not _starts_block(lines, i):
        return None
    start = lines[i].start + (len(lines[i].text) - len(lines[i].text.lstrip())) + match.start(1)
    for j in range(i, min(i + _MAX_HEADING_LINES, len(lines))):
        if j > i and (lines[j].is_blank or lines[j].starts_page):
            return None
        if lines[j].text.rstrip().endswith("?"):
            return start, lines[j].start + len(lines[j].text.rstrip()), j + 1
    return None


def _graded_after(doc: SourceDocument, schemes: Schemes, i: int) -> bool:
    """Whether a grade follows a question: a grade line or a sentence stating a grade, past
    blank lines, a "Last updated" line and further questions (a summary grid lists its
    questions, then their grades)."""
    lines = doc.lines
    while i < len(lines):
        text = lines[i].stripped
        if not text or _UPDATED.match(text):
            i += 1
            continue
        question = _question_span(doc, i)
        if question is not None:
            i = question[2]
            continue
        return schemes.parse_grades(text) is not None or opens_with_grade(doc, schemes, i)
    return False


def _judgement_area(doc: SourceDocument, schemes: Schemes, i: int) -> QuestionHeading | None:
    """The 2008 layout: "2007/08 Neighbourhood Policing" on the line before "Summary of
    judgement" names the graded area."""
    lines = doc.lines
    if i + 1 >= len(lines) or not _JUDGEMENT_SUMMARY.match(lines[i + 1].stripped):
        return None
    line = lines[i]
    text = line.stripped
    year = _AREA_YEAR.match(text)
    offset = line.start + len(line.text) - len(line.text.lstrip()) + (year.end() if year else 0)
    end = line.start + len(line.text.rstrip())
    wording = doc.clean(offset, end)
    theme = schemes.theme_of(wording)
    if theme is None:
        return None
    return QuestionHeading(wording, theme, Span(offset, end), line.number)


def area_heading(doc: SourceDocument, schemes: Schemes, i: int) -> QuestionHeading | None:
    """A short line naming a graded area ("Investigating crime", "Good use of resources"),
    standing as a heading, whose next line (blank lines aside) is its grade."""
    lines = doc.lines
    line = lines[i]
    text = line.stripped
    if not _starts_block(lines, i) or CELL_SEPARATOR.search(text) or text[-1] in ".,;:?!":
        return None
    number = _AREA_NUMBER.match(text)
    wording_text = text[number.end() :] if number else text
    if len(wording_text.split()) > _MAX_AREA_WORDS or schemes.parse_grades(text) is not None:
        return None
    theme = schemes.theme_of(wording_text)
    if theme is None:
        return None
    j = i + 1
    while j < len(lines) and j <= i + 3 and lines[j].is_blank:
        j += 1
    if j >= len(lines) or j > i + 3:
        return None
    grades = schemes.parse_grades(lines[j].text)
    if grades is None or len(grades) != 1:
        return None
    start = line.start + len(line.text) - len(line.text.lstrip()) + (number.end() if number else 0)
    end = line.start + len(line.text.rstrip())
    return QuestionHeading(doc.clean(start, end), theme, Span(start, end), line.number)


# The last word of a line that runs on as prose, not of an area cell ("... crime is good").
_RUNS_ON = frozenset(
    {"is", "are", "was", "were", "be", "been", "being", "as", "at", "in", "of", "to", "and"}
    | {"or", "the", "a", "an", "very", "not", "its"}
)
_MAX_ROW_AREA_WORDS = 8
_AREA_COLON_GRADE = re.compile(
    r"^\s*(?:[•▪◦●*–-]\s*)?(?P<area>[A-Z][^:]{2,120}?):\s+(?P<grade>\S.*?)\s*$"
)


def grade_row(
    doc: SourceDocument, schemes: Schemes, i: int
) -> tuple[QuestionHeading, GradeGroup] | None:
    """A table row of an area and its grade: "Investigating crime<tab>Requires improvement"
    (cells split by tabs, "|" or spaces), or, where a PDF joined the cells with one space, a
    short capitalised area and a grade at the line's end."""
    line = doc.lines[i]
    text = line.text.rstrip()
    indent = len(text) - len(text.lstrip())
    cells = [c for c in CELL_SEPARATOR.split(text.strip()) if c]
    area: tuple[int, int] | None = None
    listed = _AREA_COLON_GRADE.match(text)
    if listed is not None:  # "• Investigating crime: Adequate", a list of the grades given
        grades = schemes.parse_grades(listed.group("grade"))
        if grades is None or len(grades) != 1:
            return None
        area = listed.span("area")
        grade_at = listed.start("grade")
    elif len(cells) == 2 or (len(cells) == 3 and cells[0].rstrip(".").isdigit()):
        grades = schemes.parse_grades(cells[-1])
        if grades is None or len(grades) != 1:
            return None
        at = text.index(cells[-2], indent)
        area = (at, at + len(cells[-2]))
        grade_at = text.rindex(cells[-1])
    elif len(cells) == 1:
        found = _trailing_grade(text, schemes)
        if found is None:
            return None
        grade_at = found
        prefix = text[indent:grade_at].rstrip()
        words = prefix.split()
        if (
            not words
            or len(words) > _MAX_ROW_AREA_WORDS
            or not prefix[0].isupper()
            or re.search(r"[.,;:?!]", prefix)
            or words[-1].lower() in _RUNS_ON
        ):
            return None
        area = (indent, indent + len(prefix))
    else:
        return None
    wording = doc.clean(line.start + area[0], line.start + area[1])
    theme = schemes.theme_of(wording)
    if theme is None or schemes.parse_grades(wording) is not None:
        return None
    marks = _grade_marks(
        Line(line.number, line.start + grade_at, line.end, text[grade_at:]), schemes
    )
    if marks is None or len(marks) != 1:
        return None
    heading = QuestionHeading(
        wording, theme, Span(line.start + area[0], line.start + area[1]), line.number
    )
    return heading, GradeGroup(marks, line.number, row=True)


def _trailing_grade(text: str, schemes: Schemes) -> int | None:
    """Where a grade label ending the line starts (after white space), if one does."""
    lowered = text.lower()
    best = None
    for grade in schemes.grades:
        for label in grade.labels:
            at = len(text) - len(label)
            if at > 0 and lowered.endswith(label.lower()) and text[at - 1].isspace():
                best = at if best is None else min(best, at)
    return best


def _lists_scale(group: GradeGroup, schemes: Schemes) -> bool:
    """Whether a run of grade words is a whole PEEL scale in order, best to worst (a key or a
    table's header, "Outstanding Good Adequate Requires improvement Inadequate"), not grades
    given: four or five grades that fall at every step down to the bottom rank."""
    ranks = [m.grade.rank or 0 for m in group.marks]
    if len(ranks) < 4 or 0 in ranks:
        return False
    return ranks[-1] == 1 and all(a > b for a, b in itertools.pairwise(ranks))


def _grade_marks(line: Line, schemes: Schemes) -> tuple[GradeMark, ...] | None:
    grades = schemes.parse_grades(line.text)
    if grades is None:
        return None
    marks = []
    position = line.start
    lowered = line.text.lower()
    for grade in grades:
        # Find where this grade's label stands, scanning left to right.
        best = None
        for label in sorted(grade.labels, key=len, reverse=True):
            at = lowered.find(label.lower(), position - line.start)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, len(label))
        assert best is not None
        start = line.start + best[0]
        marks.append(GradeMark(grade, Span(start, start + best[1]), line.number))
        position = start + best[1]
    return tuple(marks)


def _grade_group(
    lines: tuple[Line, ...], schemes: Schemes, i: int
) -> tuple[GradeGroup, int] | None:
    marks = _grade_marks(lines[i], schemes)
    if marks is None:
        return None
    collected = list(marks)
    j = i + 1
    while j < len(lines):
        if lines[j].is_blank:
            j += 1
            continue
        more = _grade_marks(lines[j], schemes)
        if more is None:
            break
        collected.extend(more)
        j += 1
    return GradeGroup(tuple(collected), lines[i].number), j


def _opens_section(doc: SourceDocument, schemes: Schemes, i: int) -> bool:
    """A line that opens a new section (a question, a 2008 graded area): it ends any block of
    findings before it."""
    return (
        _question_heading(doc, schemes, i) is not None
        or _judgement_area(doc, schemes, i) is not None
        or bool(_JUDGEMENT_SUMMARY.match(doc.lines[i].stripped))
    )

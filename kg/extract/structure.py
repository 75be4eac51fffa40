"""Finding the structure of an inspection report: question headings, grade lines and blocks of
findings.

The reports come in several layouts (a web page, PEEL PDFs with two-column summaries, the 2014
crime inspection PDF, the 2008 standards-based PDF). What they share is structural, and that is
all this module keys on:

- a graded question is a heading that starts "How effective is/are ..." and ends with "?" at a
  line end; the 2008 layout names its graded area on the line before "Summary of judgement";
- a grade stands on a line of its own, made only of grade words from the grade scheme ("Good",
  "Meeting the standard", or "Good GoodGood" where PDF columns merged);
- findings follow a heading that names a finding type ("Areas for improvement",
  "Recommendations", "Area(s) for improvement"), as bullets or lettered parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.extract.findings import FindingItem, SectionEnd, Span, finding_block
from kg.source.document import Line, SourceDocument
from kg.source.schemes import Concept, Schemes
from kg.source.segments import ends_sentence

# "1. How effective ...", "• How effective ...", "Overview – How effective ..."
_QUESTION_START = re.compile(
    r"^(?:[•\-*]\s*|\d+\.?\s+|[A-Z][a-z]+\s+[–-]\s+)?(How effective (?:is|are)\b)"
)
_JUDGEMENT_SUMMARY = re.compile(r"^Summary of judge?ment$", re.IGNORECASE)
_AREA_YEAR = re.compile(r"^\d{4}/\d{2,4}\s+")
_MAX_HEADING_LINES = 8


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
    """Grade lines standing together, separated only by blank lines."""

    marks: tuple[GradeMark, ...]
    line: int


StructureItem = QuestionHeading | GradeGroup | FindingItem | SectionEnd


def scan(doc: SourceDocument, schemes: Schemes) -> Iterator[StructureItem]:
    """The report's structural items, in document order."""
    lines = doc.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.is_blank:
            i += 1
            continue
        heading = _question_heading(doc, schemes, i)
        if heading is not None:
            question, i = heading
            yield question
            continue
        area = _judgement_area(doc, schemes, i)
        if area is not None:
            yield area
            i += 1
            continue
        grades = _grade_group(lines, schemes, i)
        if grades is not None:
            group, i = grades
            yield group
            continue
        block = finding_block(doc, schemes, i, lambda j: _opens_section(doc, schemes, j))
        if block is not None:
            items, i = block
            yield from items
            continue
        i += 1


def _starts_block(lines: tuple[Line, ...], i: int) -> bool:
    """A line that can open a heading: after a blank line, a sentence end, or a page break."""
    if i == 0 or lines[i].starts_page:
        return True
    before = lines[i - 1].stripped
    return not before or ends_sentence(before, stops=".;:!?")


def _question_heading(
    doc: SourceDocument, schemes: Schemes, i: int
) -> tuple[QuestionHeading, int] | None:
    lines = doc.lines
    match = _QUESTION_START.match(lines[i].stripped)
    if not match or not _starts_block(lines, i):
        return None
    start = lines[i].start + (len(lines[i].text) - len(lines[i].text.lstrip())) + match.start(1)
    for j in range(i, min(i + _MAX_HEADING_LINES, len(lines))):
        if j > i and (lines[j].is_blank or lines[j].starts_page):
            return None
        if lines[j].text.rstrip().endswith("?"):
            end = lines[j].start + len(lines[j].text.rstrip())
            wording = doc.clean(start, end)
            theme = schemes.theme_of(wording)
            if theme is None:
                return None
            return QuestionHeading(wording, theme, Span(start, end), lines[i].number), j + 1
    return None


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

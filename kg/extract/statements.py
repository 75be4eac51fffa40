"""The statements behind the facts: for each judgment, the sentence that states its grade and the
summary paragraphs under it; the standards of the 2008 inspection-standards layout, their
summary statements and the "None identified" under them.

What this keys on is the layout inspection reports share, not any one file:

- a grade stated in a sentence ("<force> is good at ...", kg.extract.grades) is its own
  stating sentence;
- a grade standing on a line of its own is stated by the first sentence after it (the grade
  repeated on a line aside) when that sentence states the same grade (kg.extract.grades reads
  it) or names the grade's words ("... was assessed as meeting the standard"); the paragraphs
  after it, up to the next heading, grade, finding heading or standard, are its summary;
- where a grade closes a "Summary" (the 2014 crime inspections), the paragraphs between that
  heading and the grade are the summary;
- a 2008 standard is the sentence(s) standing just above a "Summary statement" line; the
  lines after that heading sum it up; "None identified" under a finding heading in its section
  says that none of that kind was found.

Precision first: a statement not found is a recall loss, a wrong one a wrong fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.findings import finding_heading, wrap_width
from kg.extract.grades import StatedGrade, sentence_grades
from kg.extract.report import OVERALL_PREFIX
from kg.facts import (
    FindingFact,
    JudgmentFact,
    QuestionFact,
    ReportExtraction,
    StandardFact,
    StatementFact,
)
from kg.source.document import SourceDocument
from kg.source.schemes import Concept, Schemes
from kg.source.segments import ends_sentence, paragraph_lines, sentences

_SUMMARY = re.compile(r"^Summary(?: of findings)?:?$", re.IGNORECASE)
_SUMMARY_STATEMENT = re.compile(r"^Summary statement:?$", re.IGNORECASE)
_UPDATED = re.compile(r"^Last updated\b", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[•▪◦●*o]|[-–](?=\s))\s+")
_NONE = re.compile(r"^(?:[•▪◦●*]\s*)?(None(?:\s+identified)?)\.?$", re.IGNORECASE)
_QUESTION = re.compile(r"^(?:\d+\.?\s+)?(?:How|To what extent)\b[^.]*\?$")
# A footnote ("13 PEEL: Police effectiveness 2015 ...", a URL) or a figure's caption: passed
# over, as it is no part of the summary and does not end it either.
_ASIDE = re.compile(
    r"^(?:\d{1,3}\s+\S|https?://|www\.|(?:Figure|Source|Table)\s+\d*)", re.IGNORECASE
)
_JUDGING = re.compile(
    r"^(?!.*\b(?:19|20)\d\d\b).*\b(?:judges?|judged|assess(?:es|ed)|grades|graded|rates|rated)\b",
    re.IGNORECASE,
)
# A line this short (in words), on its own and with no closing stop, is a heading.
_HEADING_WORDS = 10
# A summary runs to this many paragraphs at most: further on it is the report's detail.
_MAX_SUMMARY_PARAGRAPHS = 12
# A standard is a sentence or two, not a paragraph of findings.
_MAX_STANDARD_WORDS = 40


def statements(
    doc: SourceDocument, schemes: Schemes, extraction: ReportExtraction
) -> tuple[tuple[StandardFact, ...], tuple[StatementFact, ...]]:
    """The report's standards and the statements behind its judgments and standards."""
    layout = _Layout(doc, schemes)
    stated = sentence_grades(doc, schemes)
    found: list[StatementFact] = []
    for judgment in extraction.judgments:
        found.extend(_judgment_statements(doc, schemes, layout, stated, judgment))
    for finding in extraction.findings:
        if finding.kind.slug == "cause-of-concern":
            found.extend(_concern_statements(doc, layout, stated, finding))
    standards = tuple(_standards(doc, layout, extraction.questions))
    for standard, summary, nones in standards:
        if summary is not None:
            found.append(
                StatementFact(
                    "explains", doc.clean(*summary), doc.evidence(*summary), standard=standard
                )
            )
        for kind, span in nones:
            found.append(
                StatementFact(
                    "none-identified",
                    doc.clean(*span),
                    doc.evidence(*span),
                    standard=standard,
                    kind=kind,
                )
            )
    return tuple(s for s, _, _ in standards), tuple(found)


class _Layout:
    """Each paragraph of the report (as line-index runs) and which lines break a summary."""

    def __init__(self, doc: SourceDocument, schemes: Schemes) -> None:
        self.doc = doc
        self.schemes = schemes
        self.runs = list(paragraph_lines(doc))
        if wrap_width(doc) is None:
            # A paragraph to a line (a web page): a page scraped with single line breaks has
            # no blank line between its paragraphs.
            self.runs = [[i] for run in self.runs for i in run]
        self.run_of = {index: n for n, run in enumerate(self.runs) for index in run}
        # The line index of each "Summary statement" line and of each standard's last line.
        self.summary_statements = [
            i for i, line in enumerate(doc.lines) if _SUMMARY_STATEMENT.match(line.stripped)
        ]

    def is_grade(self, index: int, grade: Concept | None = None) -> bool:
        """Whether the line holds only grade words (only `grade`'s, if given)."""
        grades = self.schemes.parse_grades(self.doc.lines[index].text)
        return grades is not None and (grade is None or set(grades) == {grade})

    def breaks(self, n: int) -> bool:
        """Whether paragraph n ends a summary: a heading (a question, a finding type, a short
        line with no closing stop), a grade, or a standard (above "Summary statement")."""
        run = self.runs[n]
        first = self.doc.lines[run[0]].stripped
        if (
            self.is_grade(run[0])
            or finding_heading(self.doc.lines[run[0]], self.schemes) is not None
            or _QUESTION.match(self.doc.clean(*self.span(n)))
            or _SUMMARY.match(first)
            or _SUMMARY_STATEMENT.match(first)
        ):
            return True
        if (
            len(run) == 1
            and len(first.split()) <= _HEADING_WORDS
            and not ends_sentence(first, stops=".;:!?")
        ):
            return True
        return any(
            run[-1] < i <= run[-1] + 3 and self._only_blank(run[-1], i)
            for i in self.summary_statements
        )

    def _only_blank(self, after: int, before: int) -> bool:
        return all(self.doc.lines[j].is_blank for j in range(after + 1, before))

    def is_aside(self, n: int) -> bool:
        return bool(_ASIDE.match(self.doc.lines[self.runs[n][0]].stripped))

    def span(self, n: int) -> tuple[int, int]:
        run = self.runs[n]
        return self.doc.lines[run[0]].start, self.doc.lines[run[-1]].end


def _judgment_statements(
    doc: SourceDocument,
    schemes: Schemes,
    layout: _Layout,
    stated: list[StatedGrade],
    judgment: JudgmentFact,
) -> Iterator[StatementFact]:
    evidence = judgment.evidence
    line = doc.text.count("\n", 0, evidence.start)
    if schemes.parse_grades(evidence.exact) is None:
        # The grade is stated in a sentence: that sentence states it.
        yield StatementFact("states", doc.clean(evidence.start, evidence.end), evidence, judgment)
        return
    if not layout.is_grade(line, judgment.grade):
        # A table row or cell: a sentence elsewhere stating this grade for this very theme.
        for grade in stated:
            if grade.grade == judgment.grade and grade.theme == judgment.question.theme:
                yield _statement(doc, "states", grade.evidence, judgment)
                return
        return
    # Past the grade, the grade repeated, a "Last updated" line and blank lines.
    j = line + 1
    lines = doc.lines
    while j < len(lines) and (
        lines[j].is_blank
        or layout.is_grade(j, judgment.grade)
        or _UPDATED.match(lines[j].stripped)
        or _SUMMARY.match(lines[j].stripped)
    ):
        j += 1
    first = layout.run_of.get(j)
    if first is None or layout.breaks(first):
        yield from _summary_before(doc, layout, judgment, line)
        return
    sentence = _stating_sentence(doc, layout, stated, judgment, first)
    if sentence is not None:
        yield _statement(doc, "states", sentence, judgment)
    yield from _summary_after(doc, layout, judgment, first, sentence)


def _statement(
    doc: SourceDocument, role: str, span: tuple[int, int], judgment: JudgmentFact
) -> StatementFact:
    return StatementFact(role, doc.clean(*span), doc.evidence(*span), judgment)


def _stating_sentence(
    doc: SourceDocument,
    layout: _Layout,
    stated: list[StatedGrade],
    judgment: JudgmentFact,
    n: int,
) -> tuple[int, int] | None:
    """The sentence of paragraph n that states the judgment's grade (kg.extract.grades reads
    it), or else its first sentence if that names the grade's words."""
    start, end = layout.span(n)
    normal = doc.normalised(start, end)
    spans = sentences(normal.text)
    if not spans:
        return None
    for grade in stated:
        if not start <= grade.evidence[0] < end:
            continue
        if grade.grade == judgment.grade and _same_area(grade.theme, judgment.question.theme):
            return grade.evidence
        return None  # the paragraph first states another grade or another area's
    labels = "|".join(r"\s+".join(map(re.escape, label.split())) for label in judgment.grade.labels)
    named = re.compile(rf"\b(?:{labels})\b", re.IGNORECASE)
    for number, (a, b) in enumerate(spans):
        text = normal.text[a:b]
        # The first sentence naming the grade ("... was assessed as meeting the standard"), or
        # one judging in so many words ("HMIC judges that its performance is good").
        if named.search(text) and (number == 0 or _JUDGING.search(text)):
            return normal.source_span(a, b)
    return None


def _same_area(stated: Concept | None, judged: Concept) -> bool:
    """Whether a sentence's area is the judgment's: none named, the same, or a pillar's words
    under an area's own heading ("adequate at operating efficiently", as kg.extract.report
    reads them)."""
    return (
        stated is None
        or stated == judged
        or (stated.slug.startswith(OVERALL_PREFIX) and not judged.slug.startswith(OVERALL_PREFIX))
    )


def _summary_after(
    doc: SourceDocument,
    layout: _Layout,
    judgment: JudgmentFact,
    n: int,
    sentence: tuple[int, int] | None,
) -> Iterator[StatementFact]:
    """The paragraphs from paragraph n on, up to the next break; the stating sentence left
    out of the first."""
    for count, m in enumerate(range(n, len(layout.runs))):
        if count >= _MAX_SUMMARY_PARAGRAPHS or (count and layout.breaks(m)):
            return
        if layout.is_aside(m):
            continue
        start, end = layout.span(m)
        pieces = [(start, end)]
        if sentence is not None and m == n:  # the paragraph around the stating sentence
            pieces = [(start, sentence[0]), (sentence[1], end)]
        for a, b in pieces:
            if doc.text[a:b].strip():
                yield _statement(doc, "supports", (a, b), judgment)


def _summary_before(
    doc: SourceDocument, layout: _Layout, judgment: JudgmentFact, line: int
) -> Iterator[StatementFact]:
    """Where a grade closes a summary ("Summary", its paragraphs, then the grade), those
    paragraphs."""
    n = layout.run_of.get(line)
    if n is None or layout.runs[n][0] != line:
        return
    found: list[int] = []
    for m in range(n - 1, max(-1, n - 1 - _MAX_SUMMARY_PARAGRAPHS), -1):
        first = doc.lines[layout.runs[m][0]].stripped
        if _SUMMARY.match(first):
            if len(layout.runs[m]) > 1:  # "Summary" and its first paragraph in one run
                found.append(m)
            break
        if layout.breaks(m):
            return
        found.append(m)
    else:
        return
    for m in reversed(found):
        start, end = layout.span(m)
        head = doc.lines[layout.runs[m][0]]
        if _SUMMARY.match(head.stripped):
            start = head.end
        if doc.text[start:end].strip():
            yield _statement(doc, "supports", (start, end), judgment)


# At most this many paragraphs before a cause of concern's heading explain it.
_MAX_EXPLAINING_PARAGRAPHS = 3


def _concern_statements(
    doc: SourceDocument, layout: _Layout, stated: list[StatedGrade], concern: FindingFact
) -> Iterator[StatementFact]:
    """The paragraphs just above a cause of concern's heading, back to the heading, grade or
    finding before them: the narrative that explains it (a sentence stating a grade that
    opens them is the judgment's, left out)."""
    lines = doc.lines
    i = doc.text.count("\n", 0, concern.evidence.start) - 1
    while i >= 0 and lines[i].is_blank:
        i -= 1
    if i < 0 or finding_heading(lines[i], layout.schemes) is None:
        return
    i -= 1
    while i >= 0 and lines[i].is_blank:
        i -= 1
    n = layout.run_of.get(i)
    found: list[tuple[int, int]] = []
    while n is not None and n >= 0 and len(found) < _MAX_EXPLAINING_PARAGRAPHS:
        if layout.breaks(n) or layout.is_aside(n):
            break
        start, end = layout.span(n)
        for grade in stated:
            if grade.evidence[0] == start and grade.evidence[1] <= end:
                start = grade.evidence[1]  # the judgment's own sentence
        if doc.text[start:end].strip():
            found.append((start, end))
        n -= 1
    for span in reversed(found):
        yield StatementFact("explains", doc.clean(*span), doc.evidence(*span), finding=concern)


# --- 2008 standards ------------------------------------------------------------------------


Standard = tuple[StandardFact, tuple[int, int] | None, list[tuple[Concept, tuple[int, int]]]]


def _standards(
    doc: SourceDocument, layout: _Layout, questions: tuple[QuestionFact, ...]
) -> Iterator[Standard]:
    lines = doc.lines
    marks = layout.summary_statements
    for number, at in enumerate(marks):
        wording = _standard_span(doc, layout, at)
        if wording is None:
            continue
        before = [q for q in questions if q.evidence.end <= wording[0]]
        question = max(before, key=lambda q: q.evidence.start) if before else None
        standard = StandardFact(doc.clean(*wording), question, doc.evidence(*wording))
        # The summary: the lines after the heading, up to a blank line.
        k = at + 1
        while k < len(lines) and not lines[k].is_blank:
            k += 1
        summary = (lines[at].end, lines[k - 1].end) if k > at + 1 else None
        # The section runs to the next standard (or the next graded area's heading).
        limit = marks[number + 1] if number + 1 < len(marks) else len(lines)
        nones = list(_none_identified(doc, layout, k, limit))
        yield standard, summary, nones


def _standard_span(doc: SourceDocument, layout: _Layout, at: int) -> tuple[int, int] | None:
    """The standard's words above "Summary statement": the last sentence(s) of the paragraph
    just above it, from the line after one that ends a sentence or a bullet line."""
    lines = doc.lines
    end = at - 1
    while end >= 0 and lines[end].is_blank:
        end -= 1
    if end < 0 or at - end > 3:
        return None
    run = layout.runs[layout.run_of[end]]
    first = end
    while first > run[0]:
        before = lines[first - 1].stripped
        if ends_sentence(before) or _BULLET.match(before) or _NONE.match(before):
            break
        first -= 1
    text = doc.clean(lines[first].start, lines[end].end)
    if (
        _BULLET.match(lines[first].stripped)
        or not text[:1].isupper()
        or not ends_sentence(text)
        or len(text.split()) > _MAX_STANDARD_WORDS
    ):
        return None
    return lines[first].start, lines[end].end


def _none_identified(
    doc: SourceDocument, layout: _Layout, start: int, limit: int
) -> Iterator[tuple[Concept, tuple[int, int]]]:
    """ "None identified" standing first under a finding heading, between two lines."""
    lines = doc.lines
    kind: Concept | None = None
    for i in range(start, limit):
        if lines[i].is_blank:
            continue
        heading = finding_heading(lines[i], layout.schemes)
        if heading is not None:
            kind = heading[0]
            continue
        match = _NONE.match(lines[i].stripped)
        if kind is not None and match is not None:
            offset = lines[i].text.index(match.group(1))
            yield kind, (lines[i].start + offset, lines[i].start + offset + len(match.group(1)))
        kind = None

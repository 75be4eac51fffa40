"""Extracting one report's facts: its inspection, graded judgments and findings."""

from __future__ import annotations

import re

from kg.extract.inspection import Reading, inspection_of
from kg.extract.structure import FindingItem, GradeGroup, QuestionHeading, scan
from kg.facts import (
    FindingFact,
    JudgmentFact,
    QuestionFact,
    RecommendationPartFact,
    ReportExtraction,
)
from kg.source.document import SourceDocument
from kg.source.manifest import ReportEntry
from kg.source.schemes import Schemes

# "Within six months, ..." / "By March 2015, ..." at the head of a recommendation.
_DEADLINE = re.compile(r"^((?:Within|By) [^,]{2,40}),")
_PART_TAIL = re.compile(r"(?:\s*;\s*and|\s*;|\s+and|\s*,|\.)\s*$")

OVERALL_THEME = "overall-effectiveness"


def extract_report(
    entry: ReportEntry, doc: SourceDocument, schemes: Schemes, reading: Reading
) -> ReportExtraction:
    notes: list[str] = []
    inspection = inspection_of(entry, doc, schemes, reading, notes)
    judgments: dict[str, JudgmentFact] = {}
    # Whether a judgment's evidence is a grade standing alone under its own question (strong)
    # or one of a summary grid or a repeated page (weak): strong evidence is kept.
    strong: dict[str, bool] = {}
    findings: dict[tuple[str, str], FindingFact] = {}
    open_questions: list[QuestionHeading] = []
    current: QuestionHeading | None = None
    last_judged: QuestionHeading | None = None

    for item in scan(doc, schemes):
        if isinstance(item, QuestionHeading):
            open_questions.append(item)
            current = item
        elif isinstance(item, GradeGroup):
            pairs = _assign(item, open_questions, last_judged, doc, notes)
            alone = len(pairs) == 1 and bool(open_questions)
            for heading, mark in pairs:
                fact = JudgmentFact(
                    question=_question(doc, heading),
                    grade=mark.grade,
                    overall=heading.theme.slug == OVERALL_THEME,
                    evidence=doc.evidence(mark.span.start, mark.span.end),
                )
                earlier = judgments.get(heading.theme.slug)
                if earlier is not None and earlier.grade != fact.grade:
                    notes.append(
                        f"{doc.name}, line {mark.line}: {heading.theme.label} graded "
                        f"{fact.grade.label} here but {earlier.grade.label} earlier; "
                        "kept the one under the question's own heading"
                    )
                slug = heading.theme.slug
                if earlier is None or (alone and not strong[slug]):
                    judgments[slug] = fact
                    strong[slug] = alone
                elif earlier.grade != fact.grade and alone:
                    judgments[slug] = fact  # the question's own section has the last word
                last_judged = heading
            if pairs:
                open_questions = []
        elif isinstance(item, FindingItem):
            finding = _finding(doc, item, current)
            key = (finding.kind.slug, finding.text)
            findings.setdefault(key, finding)  # a repeated page states it again

    questions = {j.question.theme.slug: j.question for j in judgments.values()}
    for finding in findings.values():
        if finding.question is not None:
            questions.setdefault(finding.question.theme.slug, finding.question)
    return ReportExtraction(
        report=entry.iri,
        inspection=inspection,
        questions=tuple(questions.values()),
        judgments=tuple(judgments.values()),
        findings=tuple(findings.values()),
        notes=tuple(notes),
    )


def _assign(group, open_questions, last_judged, doc, notes):
    """Pair a group of grades with the questions they grade.

    As many grades as open questions: in order (a two-column summary lists its questions, then
    their grades). Fewer grades: the most recent questions (a report's list of questions in its
    introduction is not graded there). No open question: a repeated statement of the last
    judgment. One question and the same grade repeated: one judgment stated twice.
    """
    marks = list(group.marks)
    if not open_questions:
        if last_judged is not None and len(marks) == 1:
            return [(last_judged, marks[0])]
        notes.append(f"{doc.name}, line {group.line}: grade line with no question; ignored")
        return []
    if len(marks) <= len(open_questions):
        return list(zip(open_questions[-len(marks) :], marks, strict=True))
    if len(open_questions) == 1 and len({m.grade for m in marks}) == 1:
        return [(open_questions[0], marks[0])]
    notes.append(
        f"{doc.name}, line {group.line}: {len(marks)} grades for "
        f"{len(open_questions)} questions; paired in order"
    )
    return list(zip(open_questions, marks, strict=False))


def _question(doc: SourceDocument, heading: QuestionHeading) -> QuestionFact:
    return QuestionFact(
        wording=heading.wording,
        theme=heading.theme,
        evidence=doc.evidence(heading.span.start, heading.span.end),
    )


def _finding(doc: SourceDocument, item: FindingItem, current: QuestionHeading | None):
    text = doc.clean(item.span.start, item.span.end)
    deadline = _DEADLINE.match(text)
    parts = tuple(
        RecommendationPartFact(
            label=label,
            text=_PART_TAIL.sub("", doc.clean(span.start, span.end)),
            evidence=doc.evidence(span.start, span.end),
        )
        for label, span in item.parts
    )
    return FindingFact(
        kind=item.kind,
        text=text,
        question=_question(doc, current) if current is not None else None,
        evidence=doc.evidence(item.span.start, item.span.end),
        deadline=deadline.group(1) if deadline else None,
        parts=parts,
    )

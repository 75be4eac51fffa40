"""Extracting one report's facts: its inspection, graded judgments and findings."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.findings import SectionEnd
from kg.extract.grades import StatedGrade, sentence_grades, table_grades
from kg.extract.inspection import Reading, inspection_of
from kg.extract.structure import (
    FindingItem,
    GradeGroup,
    QuestionHeading,
    scan,
    ungraded_questions,
)
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
# "We recommend that within six months the force should:" leading a list of recommendations.
_LEAD_DEADLINE = re.compile(
    r"\b((?:[Ww]ithin|[Bb]y)\s+(?:[\w-]+\s+){0,3}?(?:days?|weeks?|months?|years?|\d{4}))\b"
)
_PART_TAIL = re.compile(r"(?:\s*;\s*and|\s*;|\s+and|\s*,|\.)\s*$")

# The overall judgment of a PEEL pillar (effectiveness, efficiency, legitimacy) has a theme of
# its own: overall-effectiveness, overall-efficiency, overall-legitimacy.
OVERALL_PREFIX = "overall-"
OVERALL_THEME = "overall-effectiveness"
# A sentence that names no area grades the question it stands under, if that heading is
# this near (in lines): further on, the sentence is about something else.
_UNDER_HEADING_LINES = 40


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
    headings: list[QuestionHeading] = []
    # The cause of concern that recommendations coming next in its section address.
    concern: FindingFact | None = None
    # The questions the report numbers (its graded questions but the overall one), in order.
    numbered: dict[str, QuestionHeading] = {}

    for item in scan(doc, schemes):
        if isinstance(item, QuestionHeading):
            open_questions.append(item)
            current = item
            headings.append(item)
            concern = None
            if not item.theme.slug.startswith(OVERALL_PREFIX):
                numbered.setdefault(item.theme.slug, item)
        elif isinstance(item, SectionEnd):
            # "Detailed findings for question N": question N's section, or none known yet.
            order = list(numbered.values())
            current = order[item.question - 1] if 0 < item.question <= len(order) else None
            concern = None
        elif isinstance(item, GradeGroup):
            pairs = _assign(item, open_questions, last_judged, doc, notes)
            alone = len(pairs) == 1 and bool(open_questions) and not item.row
            for heading, mark in pairs:
                fact = JudgmentFact(
                    question=_question(doc, heading),
                    grade=mark.grade,
                    overall=heading.theme.slug.startswith(OVERALL_PREFIX),
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
            addresses = concern if item.kind.slug == "recommendation" else None
            finding = _finding(doc, item, current, addresses)
            key = (finding.kind.slug, finding.text)
            findings.setdefault(key, finding)  # a repeated page states it again
            if item.kind.slug == "cause-of-concern":
                concern = findings[key]
            elif addresses is None:
                concern = None

    stated = table_grades(doc, schemes) + sentence_grades(doc, schemes)
    for slug, fact in _stated_judgments(doc, stated, headings, judgments, notes).items():
        judgments[slug] = fact
    if not judgments:
        findings = _under_ungraded_questions(doc, schemes, findings)
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


def _stated_judgments(
    doc: SourceDocument,
    stated: list[StatedGrade],
    headings: list[QuestionHeading],
    judged: dict[str, JudgmentFact],
    notes: list[str],
) -> dict[str, JudgmentFact]:
    """Judgments from grades stated in tables and sentences, for the questions no grade line
    answers (a grade line under the question's heading is the primary statement). Two of them
    giving one question different grades cancel out: which is this inspection's is unclear."""
    found: dict[str, JudgmentFact] = {}
    disputed: set[str] = set()
    themes = {h.theme.slug for h in headings}
    pillars = any(t.startswith(OVERALL_PREFIX) and t != OVERALL_THEME for t in themes)
    for grade in stated:
        heading = _heading_before(headings, grade.evidence[0], grade.line)
        theme = grade.theme
        if theme is None:
            if heading is None:
                continue
            theme = heading.theme
        elif (
            theme.slug.startswith(OVERALL_PREFIX)
            and heading is not None
            and not heading.theme.slug.startswith(OVERALL_PREFIX)
        ):
            # Under an area's own heading, a pillar's words ("adequate at operating
            # efficiently") state that area's grade.
            theme = heading.theme
        heading = heading if heading is not None and heading.theme == theme else None
        slug = theme.slug
        if slug == OVERALL_THEME and pillars and OVERALL_THEME not in themes:
            # An efficiency or legitimacy report asks how efficient (legitimate) the force is
            # "at keeping people safe and reducing crime": that phrase is its own pillar's.
            continue
        heading = heading or _heading_of(headings, slug, grade.evidence[0])
        earlier = judged.get(slug) or found.get(slug)
        if earlier is not None:
            if earlier.grade != grade.grade:
                notes.append(
                    f"{doc.name}, line {grade.line}: {theme.label} stated as {grade.grade.label} "
                    f"but graded {earlier.grade.label} elsewhere"
                )
                if slug not in judged:
                    disputed.add(slug)
            continue
        if heading is not None:
            question = _question(doc, heading)
        else:
            assert grade.area is not None  # a grade with no area has a heading
            question = QuestionFact(
                wording=doc.clean(*grade.area),
                theme=theme,
                evidence=doc.evidence(*grade.area),
            )
        found[slug] = JudgmentFact(
            question=question,
            grade=grade.grade,
            overall=slug.startswith(OVERALL_PREFIX),
            evidence=doc.evidence(*grade.evidence),
        )
    for slug in disputed:
        notes.append(f"{doc.name}: {found[slug].question.theme.label}: grades disagree; none kept")
        del found[slug]
    return found


def _heading_before(
    headings: list[QuestionHeading], offset: int, line: int
) -> QuestionHeading | None:
    before = [h for h in headings if h.span.end <= offset]
    if not before or line - before[-1].line > _UNDER_HEADING_LINES:
        return None
    return before[-1]


def _heading_of(headings: list[QuestionHeading], slug: str, offset: int) -> QuestionHeading | None:
    """The question heading of a theme, the nearest before the offset if any is."""
    own = [h for h in headings if h.theme.slug == slug]
    before = [h for h in own if h.span.end <= offset]
    return before[-1] if before else (own[0] if own else None)


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


def _under_ungraded_questions(
    doc: SourceDocument, schemes: Schemes, findings: dict[tuple[str, str], FindingFact]
) -> dict[tuple[str, str], FindingFact]:
    """A report that grades nothing still asks its questions: a finding no section holds is
    filed under the last question heading before it."""
    headings = ungraded_questions(doc, schemes)
    placed = {}
    for key, finding in findings.items():
        before = [h for h in headings if h.span.end <= finding.evidence.start]
        if finding.question is None and before:
            finding = replace(finding, question=_question(doc, before[-1]))
        placed[key] = finding
    return placed


def _question(doc: SourceDocument, heading: QuestionHeading) -> QuestionFact:
    return QuestionFact(
        wording=heading.wording,
        theme=heading.theme,
        evidence=doc.evidence(heading.span.start, heading.span.end),
    )


def _finding(
    doc: SourceDocument,
    item: FindingItem,
    current: QuestionHeading | None,
    addresses: FindingFact | None = None,
) -> FindingFact:
    """A finding; a recommendation made for a cause of concern `addresses` it. A list led by
    "... should:" is its lead and items joined, without bullets; its deadline is the lead's."""
    if item.pieces:
        text = " ".join(doc.clean(piece.start, piece.end) for piece in item.pieces)
    else:
        text = doc.clean(item.span.start, item.span.end)
    deadline = _DEADLINE.match(text)
    if deadline is None and item.pieces:
        lead = item.pieces[0]
        deadline = _LEAD_DEADLINE.search(doc.clean(lead.start, lead.end))
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
        addresses=addresses,
    )

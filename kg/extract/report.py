"""Extracting one report's facts: its inspection, graded judgments and findings."""

from __future__ import annotations

import re
from collections import Counter

from kg.extract.findings import SectionEnd
from kg.extract.structure import FindingItem, GradeGroup, QuestionHeading, scan
from kg.facts import (
    FindingFact,
    InspectionFact,
    JudgmentFact,
    QuestionFact,
    RecommendationPartFact,
    ReportExtraction,
)
from kg.source.document import SourceDocument
from kg.source.manifest import ReportEntry
from kg.source.schemes import Schemes

# "Derbyshire Constabulary", "Nottinghamshire Police": a force is named this way in every report.
_FORCE_NAME = re.compile(r"\b((?:[A-Z][a-z]+ )*[A-Z][a-z]+) (Constabulary|Police)\b")
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
# "Within six months, ..." / "By March 2015, ..." at the head of a recommendation.
_DEADLINE = re.compile(r"^((?:Within|By) [^,]{2,40}),")
# "We recommend that within six months the force should:" leading a list of recommendations.
_LEAD_DEADLINE = re.compile(
    r"\b((?:[Ww]ithin|[Bb]y)\s+(?:[\w-]+\s+){0,3}?(?:days?|weeks?|months?|years?|\d{4}))\b"
)
_PART_TAIL = re.compile(r"(?:\s*;\s*and|\s*;|\s+and|\s*,|\.)\s*$")

OVERALL_THEME = "overall-effectiveness"


def extract_report(entry: ReportEntry, doc: SourceDocument, schemes: Schemes) -> ReportExtraction:
    notes: list[str] = []
    inspection = _inspection(entry, doc, schemes, notes)
    judgments: dict[str, JudgmentFact] = {}
    # Whether a judgment's evidence is a grade standing alone under its own question (strong)
    # or one of a summary grid or a repeated page (weak): strong evidence is kept.
    strong: dict[str, bool] = {}
    findings: dict[tuple[str, str], FindingFact] = {}
    open_questions: list[QuestionHeading] = []
    current: QuestionHeading | None = None
    last_judged: QuestionHeading | None = None
    # The cause of concern that recommendations coming next in its section address.
    concern: FindingFact | None = None
    # The questions the report numbers (its graded questions but the overall one), in order.
    numbered: dict[str, QuestionHeading] = {}

    for item in scan(doc, schemes):
        if isinstance(item, QuestionHeading):
            open_questions.append(item)
            current = item
            concern = None
            if item.theme.slug != OVERALL_THEME:
                numbered.setdefault(item.theme.slug, item)
        elif isinstance(item, SectionEnd):
            # "Detailed findings for question N": question N's section, or none known yet.
            order = list(numbered.values())
            current = order[item.question - 1] if 0 < item.question <= len(order) else None
            concern = None
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
            addresses = concern if item.kind.slug == "recommendation" else None
            finding = _finding(doc, item, current, addresses)
            key = (finding.kind.slug, finding.text)
            findings.setdefault(key, finding)  # a repeated page states it again
            if item.kind.slug == "cause-of-concern":
                concern = findings[key]
            elif addresses is None:
                concern = None

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


def _inspection(
    entry: ReportEntry, doc: SourceDocument, schemes: Schemes, notes: list[str]
) -> InspectionFact | None:
    """The inspection a report records: the force it names most, the programme its title names
    (or failing that its opening text), and the year its title or stated date gives."""
    forces = Counter(m.group(0) for m in _FORCE_NAME.finditer(doc.text))
    if not forces:
        notes.append(f"{doc.name}: names no force ('<Name> Constabulary' or '<Name> Police')")
        return None
    # The force the title names (even only by its place, "Derbyshire PEEL 2016") comes first,
    # then the one named most often.
    force_name = max(
        forces,
        key=lambda name: (name in entry.title, name.split()[0] in entry.title, forces[name]),
    )
    programme = schemes.programme_of(entry.title) or schemes.programme_of(doc.text[:3000])
    if programme is None:
        notes.append(f"{doc.name}: no programme named in the title or opening text")
        return None
    year = None
    for source in (entry.title, entry.date_as_stated or ""):
        found = _YEAR.search(source)
        if found:
            year = int(found.group(1))
            break
    first = doc.text.index(force_name)
    line = next(ln for ln in doc.lines if ln.start <= first <= ln.end)
    return InspectionFact(
        force_name=force_name,
        force_slug=slugify(force_name),
        programme=programme,
        year=year,
        evidence=doc.evidence(line.start, line.end),
    )


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")

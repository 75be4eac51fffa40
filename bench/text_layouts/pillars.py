"""PEEL 2015–17, one pillar a report: effectiveness, efficiency, legitimacy (graded, an overall
question and its questions) and leadership (not graded), as the inspectorate's web page
(single line breaks, "- " bullets) or as PDF text (running header, page numbers, wrapped
lines, "•" bullets)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from text_layouts import Finding, Judgment, Slot, Written
from text_layouts.prose import (
    detail_lines,
    detail_pdf,
    figure,
    findings,
    narrative,
    pdf_lines,
    person,
)

_GRADES = ("outstanding", "good", "requires-improvement", "inadequate")
_GRADE_LINE = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires-improvement": "Requires improvement",
    "inadequate": "Inadequate",
}
_GRADE_VERB = {
    "outstanding": "is outstanding at",
    "good": "is good at",
    "requires-improvement": "requires improvement at",
    "inadequate": "is inadequate at",
}


@dataclass(frozen=True)
class Question:
    theme: str
    wording: str
    does: str  # what the grade sentence says the force is graded at
    family: str  # prose.py's family of narrative and findings


@dataclass(frozen=True)
class Pillar:
    name: str  # "Effectiveness"
    adjective: str  # "effectiveness" as in "PEEL: Police effectiveness 2016"
    overall: Question | None  # None: the pillar is not graded
    questions: tuple[Question, ...]


PILLARS = {
    "peel-effectiveness": Pillar(
        "Effectiveness",
        "effectiveness",
        Question(
            "overall-effectiveness",
            "How effective is the force at keeping people safe and reducing crime?",
            "keeping people safe and reducing crime",
            "prevention",
        ),
        (
            Question(
                "prevention",
                "How effective is the force at preventing crime, tackling anti-social "
                "behaviour and keeping people safe?",
                "preventing crime, tackling anti-social behaviour and keeping people safe",
                "prevention",
            ),
            Question(
                "investigation",
                "How effective is the force at investigating crime and reducing re-offending?",
                "investigating crime and reducing re-offending",
                "investigation",
            ),
            Question(
                "vulnerability",
                "How effective is the force at protecting those who are vulnerable from "
                "harm, and supporting victims?",
                "protecting those who are vulnerable from harm and supporting victims",
                "vulnerability",
            ),
            Question(
                "serious-organised-crime",
                "How effective is the force at tackling serious and organised crime?",
                "tackling serious and organised crime",
                "investigation",
            ),
        ),
    ),
    "peel-efficiency": Pillar(
        "Efficiency",
        "efficiency",
        Question(
            "overall-efficiency",
            "How efficient is the force at keeping people safe and reducing crime?",
            "keeping people safe and reducing crime efficiently",
            "efficiency",
        ),
        (
            Question(
                "efficiency-demand",
                "How well does the force understand demand?",
                "understanding demand for its services",
                "efficiency",
            ),
            Question(
                "efficiency-resources",
                "How efficient is the force at using its resources to meet demand?",
                "using its resources to meet demand",
                "efficiency",
            ),
            Question(
                "efficiency-future",
                "How well is the force planning for demand in the future?",
                "planning for demand in the future",
                "efficiency",
            ),
        ),
    ),
    "peel-legitimacy": Pillar(
        "Legitimacy",
        "legitimacy",
        Question(
            "overall-legitimacy",
            "How legitimate is the force at keeping people safe and reducing crime?",
            "keeping people safe and reducing crime legitimately",
            "legitimacy",
        ),
        (
            Question(
                "legitimacy-fairness",
                "To what extent does the force treat all of the people it serves with "
                "fairness and respect?",
                "treating the people it serves with fairness and respect",
                "legitimacy",
            ),
            Question(
                "legitimacy-ethics",
                "How well does the force ensure that its workforce behaves ethically and lawfully?",
                "ensuring that its workforce behaves ethically and lawfully",
                "legitimacy",
            ),
            Question(
                "legitimacy-workforce",
                "To what extent does the force treat its workforce with fairness and respect?",
                "treating its workforce with fairness and respect",
                "workforce",
            ),
        ),
    ),
    "peel-leadership": Pillar(
        "Leadership",
        "leadership",
        None,
        (
            Question(
                "leadership", "How well does the force understand leadership?", "", "workforce"
            ),
            Question("leadership", "How well does the force develop leadership?", "", "workforce"),
            Question("leadership", "How well does the force display leadership?", "", "workforce"),
        ),
    ),
}


@dataclass
class _Graded:
    question: Question
    grade: str | None
    blocks: list[tuple[str, list[str]]]  # (heading, finding texts) in printed order


def _contents(slot: Slot, rng: random.Random, out: Written) -> list[_Graded]:
    """What the report states, before it is laid out: grades and findings per question."""
    pillar = PILLARS[slot.programme]
    force = slot.force
    graded = []
    for question in pillar.questions:
        grade = rng.choice(_GRADES) if pillar.overall is not None else None
        blocks: list[tuple[str, list[str]]] = []
        if grade in ("requires-improvement", "inadequate") and rng.random() < 0.6:
            # Each cause its own words (the extractor keeps one of two identical ones).
            cause = (
                f"The force is not doing enough to make sure that it "
                f"{rng.choice(('responds to', 'protects', 'supports'))} vulnerable people "
                f"promptly when {question.does}. This means that some victims in "
                f"{force.short} may not receive the service they should."
            )
            blocks.append(("Cause of concern", [cause]))
            recs = findings(rng, force, question.family, rng.randint(1, 2), out)
            blocks.append(("Recommendations", recs))
            out.findings.append(Finding("cause-of-concern", question.theme, cause))
            out.findings += [Finding("recommendation", question.theme, t) for t in recs]
        texts = findings(rng, force, question.family, rng.randint(0, 3), out)
        if texts:
            blocks.append(("Areas for improvement", texts))
            out.findings += [Finding("area-for-improvement", question.theme, t) for t in texts]
        if grade is not None:
            out.judgments.append(Judgment(question.theme, question.wording, grade))
        graded.append(_Graded(question, grade, blocks))
    return graded


def _overall(slot: Slot, rng: random.Random, out: Written) -> str | None:
    pillar = PILLARS[slot.programme]
    if pillar.overall is None:
        return None
    grade = rng.choice(_GRADES)
    out.judgments.insert(0, Judgment(pillar.overall.theme, pillar.overall.wording, grade))
    return grade


def _publisher(slot: Slot) -> str:
    # Published after July 2017 (the 2017 pillars): HMICFRS.
    return "hmicfrs" if slot.year >= 2017 else "hmic"


def pillar_web(slot: Slot, rng: random.Random) -> Written:
    """The PEEL 2015–17 web page: "<Place> PEEL <year>", the pillar, its overall question."""
    pillar = PILLARS[slot.programme]
    force = slot.force
    date = f"Last updated {rng.randint(1, 28):02d}/{rng.randint(2, 12):02d}/{slot.year + 1}"
    out = Written("", f"{force.place} PEEL {slot.year}: {pillar.name}", date, _publisher(slot))
    overall = _overall(slot, rng, out)
    graded = _contents(slot, rng, out)
    lines = ["Skip to content", f"{force.place} PEEL {slot.year}", pillar.name]
    if pillar.overall is not None and overall is not None:
        lines += [
            pillar.overall.wording,
            date,
            _GRADE_LINE[overall],
            f"{force.name} {_GRADE_VERB[overall]} {pillar.overall.does}.",
            narrative(rng, force, pillar.overall.family, 3),
        ]
    else:
        lines += [date, narrative(rng, force, "workforce", 3)]
    lines.append(f"Questions for {pillar.name}")
    for number, item in enumerate(graded, start=1):
        question = item.question
        lines += [str(number), question.wording]
        if item.grade is not None:
            lines += [
                _GRADE_LINE[item.grade],
                f"{force.name} {_GRADE_VERB[item.grade]} {question.does}.",
            ]
        for heading, texts in item.blocks:
            lines.append(heading)
            bullet = "" if heading == "Cause of concern" else "- "
            lines += [bullet + t for t in texts]
        lines += [
            f"Detailed findings for question {number}",
            narrative(rng, force, question.family, 3),
            *detail_lines(rng, force, slot.year),
        ]
    lines += [
        figure(rng, force, slot.year),
        "Download the full report",
        f"PEEL: Police {pillar.adjective} {slot.year} – {force.name}",
    ]
    out.text = "\n".join(lines) + "\n"
    return out


def pillar_pdf(slot: Slot, rng: random.Random) -> Written:
    """The PEEL 2015–17 PDF: cover, contents, introduction, then a section per question."""
    pillar = PILLARS[slot.programme]
    force = slot.force
    publisher = _publisher(slot)
    date = f"{rng.choice(('October', 'November', 'December'))} {slot.year}"
    header = f"PEEL: Police {pillar.adjective} {slot.year} – {force.name}"
    out = Written("", header, date, publisher)
    overall = _overall(slot, rng, out)
    graded = _contents(slot, rng, out)
    pages = [
        f" PEEL: Police {pillar.adjective} {slot.year} \nAn inspection of {force.name} \n\n"
        f"{date} \n\n© {publisher.upper()} {slot.year} \n\n"
        f"www.justiceinspectorates.gov.uk/{publisher} ",
        "Contents \n\nIntroduction 3 \n"
        + "".join(f"{g.question.wording} {5 + 2 * i} \n" for i, g in enumerate(graded))
        + "Annex A – About the data 20 ",
        "Introduction \n\n"
        + pdf_lines(
            "As part of our annual inspections of police effectiveness, efficiency and "
            f"legitimacy (PEEL), we assessed the {pillar.adjective} of {force.name}. "
            f"The chief constable is {person(rng)}."
        ),
    ]
    if pillar.overall is not None and overall is not None:
        pages.append(
            f"Overview – {pillar.overall.wording} \n\nOverall judgment \n\n\n"
            f"{_GRADE_LINE[overall]} \n\n\n"
            + pdf_lines(
                f"{force.name} is judged to be {_GRADE_LINE[overall].lower()} at "
                f"{pillar.overall.does}. " + narrative(rng, force, pillar.overall.family, 2)
            )
        )
    else:
        pages.append("Overall summary \n\n" + pdf_lines(narrative(rng, force, "workforce", 3)))
    for item in graded:
        question = item.question
        page = pdf_lines(question.wording, 60) + "\n\n"
        if item.grade is not None:
            page += f"{_GRADE_LINE[item.grade]} \n\n" + pdf_lines(
                f"{force.name} {_GRADE_VERB[item.grade]} {question.does}."
            )
        page += "\n" + pdf_lines(narrative(rng, force, question.family, 3))
        page += "\n\n" + detail_pdf(rng, force, slot.year)
        for heading, texts in item.blocks:
            page += f"\n{heading} \n\n"
            if heading == "Cause of concern":
                page += pdf_lines(texts[0]) + "\n"
            else:
                page += "\n".join("• " + pdf_lines(t) for t in texts) + "\n"
        pages.append(page)
    pages.append("Annex A – About the data \n\n" + pdf_lines(figure(rng, force, slot.year)))
    text = pages[0] + "\n\n1 \n\n"
    for number, page in enumerate(pages[1:], start=2):
        text += f" {header} \n\n{page}\n\n{number} \n\n"
    out.text = text
    return out

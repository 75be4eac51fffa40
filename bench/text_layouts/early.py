"""Before PEEL: the 2008 standards inspection (PDF), the 2010 anti-social behaviour review (web
page) and the 2014 crime inspection (PDF)."""

from __future__ import annotations

import random

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

_STANDARDS = {
    "meeting-the-standard": "Meeting the standard",
    "exceeding-the-standard": "Exceeding the standard",
    "failing-to-meet-the-standard": "Failing to meet the standard",
}
_STANDARDS_AREAS = (
    (
        "neighbourhood-policing",
        "Neighbourhood Policing",
        "prevention",
        (
            "Neighbourhoods are appropriately staffed (coverage).",
            "Neighbourhood teams engage with their communities and solve problems jointly "
            "with partners.",
        ),
    ),
    (
        "citizen-focus",
        "Developing Citizen Focus Policing",
        "legitimacy",
        (
            "The force understands the needs of its citizens and acts on what they tell it.",
            "Citizen focus is led from the top of the organisation.",
        ),
    ),
)


def standards_2008(slot: Slot, rng: random.Random) -> Written:
    force = slot.force
    title = (
        f"{force.name} – HMIC Inspection: Neighbourhood Policing and Developing Citizen "
        "Focus Policing"
    )
    out = Written("", title, "September 2008", "hmic")
    parts = [
        f" {force.name} – HMIC Inspection \nNeighbourhood Policing and Developing Citizen "
        "Focus Policing \n\nSeptember 2008 \n\n1 \n",
        " Introduction to HMIC Inspections \n",
        pdf_lines(
            "In 2006, HMIC conducted a broad assessment of all 43 Home Office police forces "
            "in England and Wales, examining 23 areas of activity. It is now necessary for HMIC "
            "to focus its inspection effort on those areas of policing that are not data-rich."
        ),
        "The Grading Process \n",
        pdf_lines(
            "HMIC has moved to a new grading system based on the national standards; forces "
            "will be deemed to be meeting the standard, exceeding the standard or failing to "
            "meet the standard."
        ),
        "Force Overview and Context \n",
        pdf_lines(
            f"{force.name} serves a population of some {rng.randint(300, 2900)},000 people. "
            f"The chief constable is {person(rng)}. " + narrative(rng, force, "prevention", 2)
        ),
    ]
    page = 2
    for theme, area, family, subareas in _STANDARDS_AREAS:
        grade = rng.choice(list(_STANDARDS))
        words = _STANDARDS[grade]
        out.judgments.append(Judgment(theme, area, grade))
        parts += [
            f"{page} \n\n {area} \n\n2007/08 {area} \nSummary of judgement \n",
            f"{words} \n\n{words} \n",
            pdf_lines(
                f"Following the moderation process, {force.short} was assessed as "
                f"{words.lower()}. " + narrative(rng, force, family, 2)
            ),
        ]
        page += 1
        for statement in subareas:
            parts += [
                statement + " \n",
                "Summary statement \n" + pdf_lines(narrative(rng, force, family, 2)),
                detail_pdf(rng, force, 2008),
                "Strengths \n\n" + _bullets([narrative(rng, force, family, 1)]),
                "Area(s) for improvement \n",
            ]
            texts = findings(rng, force, family, rng.randint(0, 2), out)
            parts.append(_bullets(texts) if texts else "None identified. \n")
            out.findings += [Finding("area-for-improvement", theme, t) for t in texts]
    parts.append(f"Developing practice \nSee Appendix 2. \n\n{page} ")
    out.text = "\n".join(parts) + "\n"
    return out


def _bullets(texts: list[str]) -> str:
    return "\n".join("• " + pdf_lines(t) for t in texts) + "\n"


def asb_2010(slot: Slot, rng: random.Random) -> Written:
    force = slot.force
    title = f"Anti-social behaviour inspection report – {force.name}"
    out = Written("", title, "Published: September 2010", "hmic")
    lines = [
        "Skip to content",
        "Anti-social behaviour inspection report",
        force.name,
        "Published: September 2010",
        "Introduction",
        "In spring 2010, Her Majesty’s Inspectorate of Constabulary (HMIC) reviewed how well "
        "each of the 43 police forces in England and Wales understands and responds to "
        "anti-social behaviour (ASB).",
        f"This report sets out what we found in {force.name}. The review did not grade forces; "
        "it describes the force’s approach and the areas where it should improve.",
        "Survey results",
        f"Of the people in {force.short} who reported ASB to the police and took part in our "
        f"survey, {rng.randint(55, 85)} percent were satisfied with the way the police dealt "
        f"with their report. The figure for England and Wales was 66 percent.",
    ]
    for heading, family in (
        ("Understanding the problem", "prevention"),
        ("Identifying repeat and vulnerable victims", "vulnerability"),
        ("Working with partners", "prevention"),
    ):
        lines += [heading, narrative(rng, force, family, 3), *detail_lines(rng, force, 2010)]
        texts = findings(rng, force, family, rng.randint(0, 2), out)
        if texts:
            lines.append("Areas for improvement")
            lines += [f"- {t}" for t in texts]
            out.findings += [
                Finding("area-for-improvement", "anti-social-behaviour", t) for t in texts
            ]
    lines += [
        "Next steps",
        "HMIC will review the progress forces have made in 2012.",
    ]
    out.text = "\n".join(lines) + "\n"
    return out


_CRIME_QUESTIONS = (
    ("prevention", "How effective is the force at reducing crime and preventing offending?"),
    ("investigation", "How effective is the force at investigating offending?"),
    ("anti-social-behaviour", "How effective is the force at tackling anti-social behaviour?"),
)
_GRADES_4 = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires-improvement": "Requires improvement",
    "inadequate": "Inadequate",
}


def crime_2014(slot: Slot, rng: random.Random) -> Written:
    force = slot.force
    title = f"Crime inspection 2014: {force.name} – How effective is the force at cutting crime?"
    out = Written("", title, None, "hmic")
    grades = [rng.choice(list(_GRADES_4)) for _ in _CRIME_QUESTIONS]
    parts = [
        f" Crime inspection 2014\n{force.name}\nHow effective is the force at cutting crime?\n",
        "Overall summary\n",
        pdf_lines(narrative(rng, force, "prevention", 3)),
        pdf_lines(figure(rng, force, 2013)),
        " " + "\n\n".join(_crime_wrap(q) for _, q in _CRIME_QUESTIONS) + "\n",
        "".join(_GRADES_4[g] + " " for g in grades).rstrip() + "\n",
    ]
    families = ("prevention", "investigation", "prevention")
    for (theme, question), grade, family in zip(_CRIME_QUESTIONS, grades, families, strict=True):
        out.judgments.append(Judgment(theme, question, grade))
        parts += [
            " " + _crime_wrap(question) + "\n",
            pdf_lines(narrative(rng, force, family, 4)),
            pdf_lines(narrative(rng, force, "prevention", 4)),
            detail_pdf(rng, force, 2014),
        ]
        kind = rng.choice(("recommendation", "area-for-improvement"))
        texts = findings(rng, force, family, rng.randint(0, 2), out)
        if texts:
            heading = "Recommendations" if kind == "recommendation" else "Areas for improvement"
            parts.append(heading + "\n")
            parts += ["• " + pdf_lines(t) for t in texts]
            out.findings += [Finding(kind, theme, t) for t in texts]
        parts += [
            "Summary\n",
            "• " + pdf_lines(narrative(rng, force, family, 1)),
            _GRADES_4[grade],
        ]
    parts += [
        " What each judgment means\n",
        "HMIC uses four categories for making judgments, two are positive and two are negative.",
    ]
    out.text = "\n".join(parts) + "\n"
    return out


def _crime_wrap(question: str) -> str:
    """The question as its page heading: broken after the fifth word, as the PDFs are."""
    words = question.split()
    return " ".join(words[:8]) + " \n" + " ".join(words[8:])

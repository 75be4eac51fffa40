"""The inspectorate's web summary pages of a force's PEEL assessment: the first, 2014 (grades
stated in the opening sentences, then the questions), and 2018/19 (one sentence per pillar,
"The extent to which the force ... is <grade>.", then the HMI's observations)."""

from __future__ import annotations

import random

from text_layouts import Judgment, Slot, Written
from text_layouts.prose import detail_lines, inspector, narrative

_GRADES = ("outstanding", "good", "requires-improvement", "inadequate")
_WORDS = {
    "outstanding": "outstanding",
    "good": "good",
    "requires-improvement": "requires improvement",
    "inadequate": "inadequate",
}
_AT = {  # the grade as a sentence's verb: "is good at ...", "requires improvement at ..."
    "outstanding": "is outstanding at",
    "good": "is good at",
    "requires-improvement": "requires improvement at",
    "inadequate": "is inadequate at",
}
_2014 = (
    ("prevention", "reducing crime and preventing offending", "prevention"),
    ("investigation", "investigating offending", "investigation"),
    ("anti-social-behaviour", "tackling anti-social behaviour", "prevention"),
)


def peel_2014_web(slot: Slot, rng: random.Random) -> Written:
    force = slot.force
    date = f"Last updated {rng.randint(1, 28):02d}/11/2014"
    out = Written("", f"{force.place} PEEL 2014: Effectiveness", date, "hmic")
    grades = [rng.choice(_GRADES) for _ in _2014]
    subjects = (force.name, "The force", "It")
    opening = " ".join(
        f"{subject} {_AT[grade]} {area}."
        for subject, grade, (_, area, _) in zip(subjects, grades, _2014, strict=True)
    )
    out.judgments += [
        Judgment(theme, area, grade) for grade, (theme, area, _) in zip(grades, _2014, strict=True)
    ]
    lines = [
        "Skip to content",
        f"{force.place} PEEL 2014",
        "",
        "How well the force tackles crime",
        date,
        opening,
        narrative(rng, force, "prevention", 3),
        *detail_lines(rng, force, 2014),
        "Questions for Effectiveness",
        "",
    ]
    for _, area, family in _2014:
        question = f"How effective is the force at {area}?"
        lines += ["", question, "", narrative(rng, force, family, 3)]
        lines += detail_lines(rng, force, 2014)
    out.text = "\n\n".join(lines) + "\n"
    return out


_PILLARS_2018 = (
    (
        "overall-effectiveness",
        "effective at reducing crime and keeping people safe",
        "the force is effective at reducing crime and keeping people safe",
    ),
    (
        "overall-efficiency",
        "operates efficiently and sustainably",
        "the force operates efficiently and sustainably",
    ),
    (
        "overall-legitimacy",
        "treats the public and its workforce legitimately",
        "the force treats the public and its workforce legitimately",
    ),
)


def summary_2018_web(slot: Slot, rng: random.Random) -> Written:
    force = slot.force
    out = Written("", f"{force.place} 2018/19", None, "hmicfrs")
    lines = [
        "Skip to content",
        f"{force.place} 2018/19",
        f"Read more about {force.place}",
        "This is HMICFRS’s fifth PEEL (police effectiveness, efficiency and legitimacy) "
        f"assessment of {force.name}. PEEL is designed to give you information about how your "
        "local police force is performing in several important areas, in a way that is "
        "comparable both across England and Wales, and year on year.",
    ]
    for theme, area, clause in _PILLARS_2018:
        grade = rng.choice(_GRADES)
        lines.append(f"The extent to which {clause} {_extent(grade)}.")
        out.judgments.append(Judgment(theme, area, grade))
    lines += [
        "Download the full report",
        f"PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – {force.name}",
        f"{inspector(rng, 2018)}, Her Majesty’s Inspector of Constabulary",
        "",
        "HMI's observations",
        *detail_lines(rng, force, 2018),
    ]
    out.text = "\n\n".join(lines) + "\n"
    return out


def _extent(grade: str) -> str:
    return f"is {_WORDS[grade]}" if grade != "requires-improvement" else "requires improvement"

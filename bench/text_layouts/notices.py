"""The inspectorate's shorter pages about one force's inspection: press releases (PEEL
effectiveness 2015–17, the 2018/19 integrated assessment, 2021/22) and the PEEL 2021/22 cause
of concern revisit letter."""

from __future__ import annotations

import random

from text_layouts import Finding, Judgment, Slot, Written
from text_layouts.prose import findings, inspector, narrative, person

_QUOTED = {
    "outstanding": "is ‘outstanding’",
    "good": "is ‘good’",
    "requires-improvement": "‘requires improvement’",
    "inadequate": "is ‘inadequate’",
}
_GRADE_WORD = {
    "outstanding": "outstanding",
    "good": "good",
    "requires-improvement": "requires improvement",
    "inadequate": "inadequate",
}
_EFFECTIVENESS = (
    (
        "prevention",
        "at",
        "preventing crime, tackling anti-social behaviour and keeping people safe",
    ),
    ("investigation", "at", "how it investigates crime and reduces re-offending"),
    (
        "vulnerability",
        "at",
        "how it protects those who are vulnerable from harm, and supporting victims",
    ),
    ("serious-organised-crime", "in", "how it tackles serious and organised crime"),
)


def press_release(slot: Slot, rng: random.Random) -> Written:
    if slot.programme == "peel-2018-19":
        return _release_2018(slot, rng)
    if slot.programme == "peel-2021-22":
        return _release_2021(slot, rng)
    return _release_effectiveness(slot, rng)


def _release_effectiveness(slot: Slot, rng: random.Random) -> Written:
    force, year = slot.force, slot.year
    overall = rng.choice(list(_GRADE_WORD))
    headline = (
        f"{force.name}'s effectiveness at keeping people safe and reducing crime is "
        f"{_GRADE_WORD[overall]}"
    )
    date = f"Published on: {rng.randint(1, 28)} March {year + 1}"
    publisher = "hmicfrs" if year >= 2017 else "hmic"
    body = "HMIC" if publisher == "hmic" else "HMICFRS"
    out = Written("", headline, date, publisher)
    out.judgments.append(
        Judgment(
            "overall-effectiveness",
            "effectiveness at keeping people safe and reducing crime",
            overall,
        )
    )
    items = []
    for number, (theme, prep, area) in enumerate(_EFFECTIVENESS):
        grade = rng.choice(list(_GRADE_WORD))
        quoted = _QUOTED[grade]
        prep = "in" if grade == "requires-improvement" else prep
        last = number == len(_EFFECTIVENESS) - 1
        items.append(f"  • {quoted} {prep} {area}{'.' if last else ';'}")
        out.judgments.append(Judgment(theme, area, grade))
    items[-2] = items[-2] + " and"
    lines = [
        f"PEEL: police effectiveness {year} - force press releases",
        date,
        "Publication types: Press releases",
        "As part of our annual inspections of police effectiveness, efficiency and legitimacy "
        f"(PEEL), {body} assessed how effective police forces are at keeping people safe and "
        "reducing crime. Below are the press releases that accompany this publication.",
        "Get the force press release",
        headline,
        headline.replace("'", "’"),
        f"{body} judged that {force.name}:",
        "\n".join(items),
        f"PEEL: police effectiveness {year} – {force.name}",
        f"“{narrative(rng, force, 'prevention', 2)}",
        f"“{narrative(rng, force, 'investigation', 2)}”",
    ]
    out.text = "\n\n".join(lines) + "\n"
    return out


def _release_2018(slot: Slot, rng: random.Random) -> Written:
    force = slot.force
    grades = [rng.choice(list(_GRADE_WORD)) for _ in range(3)]
    title = f"Inspectors publish their assessment of {force.name}"
    out = Written("", title, None, "hmicfrs")
    pillars = (
        ("overall-effectiveness", "effectively reducing crime and keeping people safe"),
        (
            "overall-efficiency",
            "operating efficiently and providing sustainable services to the public",
        ),
        ("overall-legitimacy", "how it treats the public and its workforce"),
    )
    items = []
    for (theme, area), grade, end in zip(pillars, grades, (";", "; and", "."), strict=True):
        quoted = "is ‘requires improvement’" if grade == "requires-improvement" else _QUOTED[grade]
        items.append(f"  • {quoted} at {area}{end}")
        out.judgments.append(Judgment(theme, area, grade))
    lines = [
        "PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – force press releases",
        "HMICFRS has today published our findings for the forces inspected in the PEEL "
        "2018/19 assessment.",
        "Get the force press releases",
        title,
        "HM Inspectorate of Constabulary and Fire and Rescue Services has today published a "
        f"report into the performance of {force.name}. In 2018/19, HMICFRS adopted an "
        "integrated PEEL assessment (IPA) approach to our existing PEEL inspections.",
        f"Inspectors found that {force.name}:",
        "\n".join(items),
        f"HM Inspector of Constabulary {inspector(rng, 2018)} said:",
        f"“{narrative(rng, force, 'prevention', 2)}",
        f"“{narrative(rng, force, 'efficiency', 2)}”",
    ]
    out.text = "\n\n".join(lines) + "\n"
    return out


_AREAS_2021 = (
    ("recording-crime-data", "recording data about crime"),
    ("treatment-of-the-public", "treatment of the public"),
    ("prevention", "preventing crime"),
    ("responding-to-the-public", "responding to the public"),
    ("investigation", "investigating crime"),
    ("vulnerability", "protecting vulnerable people"),
    ("managing-offenders", "managing offenders"),
    ("positive-workplace", "developing a positive workplace"),
    ("good-use-of-resources", "good use of resources"),
)
_COUNT = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _noun(area: tuple[str, str]) -> bool:
    return not area[1].split()[0].endswith("ing")


def _listed(areas: list[str], sep: str, last: str) -> str:
    return areas[0] if len(areas) == 1 else f"{sep.join(areas[:-1])}{last}{areas[-1]}"


def _release_2021(slot: Slot, rng: random.Random) -> Written:
    """A force that must improve: the inadequate areas named after a dash, the areas that
    require improvement named in a sentence, the rest only counted."""
    force = slot.force
    order = list(_AREAS_2021)
    rng.shuffle(order)
    # The list after the dash as the extractor reads it: one to three areas, at most one not
    # named by an -ing word ("treatment of the public"), and that one first (items are split
    # only before an -ing word).
    bad = rng.randint(1, 3)
    inadequate: list[tuple[str, str]] = []
    for area in order:
        if len(inadequate) < bad and not (_noun(area) and any(_noun(a) for a in inadequate)):
            inadequate.append(area)
    inadequate.sort(key=lambda a: not _noun(a))
    left = [a for a in order if a not in inadequate]
    poor = rng.randint(1, 4)
    requiring, rest = left[:poor], left[poor:]
    date = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    title = f"{force.name} must improve"
    out = Written("", title, date, "hmicfrs")
    out.judgments += [Judgment(t, a, "inadequate") for t, a in inadequate]
    out.judgments += [Judgment(t, a, "requires-improvement") for t, a in requiring]
    lines = [
        f" date {date} HM Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)",
        title,
        f"{force.name} needs to urgently improve its performance after it was found to be "
        f"inadequate in {'one area' if len(inadequate) == 1 else 'several areas'}, the police "
        "inspectorate has said.",
        "His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) "
        f"graded {force.name}’s performance across nine areas of policing and found the force "
        f"was ‘adequate’ in {_COUNT[len(rest)]} area{'s' if len(rest) != 1 else ''}, "
        f"‘requires improvement’ in {_COUNT[poor]} area{'s' if poor != 1 else ''}, and "
        f"‘inadequate’ in {_COUNT[len(inadequate)]} area{'s' if len(inadequate) != 1 else ''} – "
        f"{_listed([a for _, a in inadequate], ', ', ' and ')}.",
        "HMICFRS said the areas requiring improvement are "
        f"{_listed([a for _, a in requiring], '; ', '; and ')}.",
        # After the graded sentences: a long force name makes this line too long to read as
        # a heading, and the sentence after it would be read as run on from its "2021/22".
        f"PEEL 2021/22 – An inspection of {force.name}",
        f"His Majesty’s Chief Inspector of Constabulary {inspector(rng, 2022)} said:",
        f"“{narrative(rng, force, 'responding-to-the-public', 2)}",
        f"“{narrative(rng, force, 'investigation', 2)}”",
    ]
    out.text = "\n".join(lines) + "\n"
    return out


def revisit_letter(slot: Slot, rng: random.Random) -> Written:
    """The PEEL 2021/22 cause of concern revisit letter: each cause quoted, then its
    recommendations as bullets."""
    force = slot.force
    day, month = rng.randint(1, 28), rng.choice(("March", "June", "October"))
    title = f"{force.name}: PEEL Cause of concern revisit letter"
    date = f"Published on: {day} {month} 2022"
    out = Written("", title, date, "hmicfrs")
    areas = rng.sample(
        [
            ("responding-to-the-public", "Responding to the public", "responding-to-the-public"),
            ("investigation", "Investigating crime", "investigation"),
            ("vulnerability", "Protecting vulnerable people", "vulnerability"),
        ],
        rng.randint(1, 2),
    )
    lines = [
        title,
        date,
        "Letter information",
        f"{inspector(rng, 2022)}\nHis Majesty’s Chief Inspector of Constabulary",
        f"{person(rng)}\nChief Constable\n{force.name}",
        f"Sent on:\n{day} {month} 2022\n",
        f"Between 6 and 17 September 2021, we inspected {force.name} as part of our PEEL "
        f"programme. During our inspection, we identified {_COUNT[len(areas)]} "
        f"cause{'s' if len(areas) > 1 else ''} of concern:",
    ]
    for theme, heading, family in areas:
        cause = (
            f"{force.name} is failing to make sure that {heading.lower()} meets the needs of "
            "the public. This means that it is missing some opportunities to safeguard "
            "victims."
        )
        recs = findings(rng, force, family, rng.randint(1, 3), out)
        lines += [
            heading,
            "Our inspection found:",
            f"“{cause}”",
            "We made the following recommendations:",
            "\n".join(f"  • {r}" for r in recs),
        ]
        out.findings.append(Finding("cause-of-concern", theme, cause))
        out.findings += [Finding("recommendation", theme, r) for r in recs]
    lines += [
        "Our assessment of progress",
        narrative(rng, force, areas[0][2], 3),
        "Yours sincerely,",
    ]
    out.text = "\n\n".join(lines) + "\n"
    return out

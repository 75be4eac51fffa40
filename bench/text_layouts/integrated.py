"""PEEL after the pillars: the integrated 2018/19 assessment (PDF: pillars with their graded
components), 2021/22 (web page: the five-column grade table, then a section per area) and
2023–25 (PDF: the table's cells one under another, each area's grade on a line and in a
sentence)."""

from __future__ import annotations

import random

from text_layouts import Finding, Force, Judgment, Slot, Written
from text_layouts.prose import (
    detail_lines,
    detail_pdf,
    figure,
    findings,
    inspector,
    narrative,
    pdf_lines,
    person,
)

_FOUR = ("outstanding", "good", "requires-improvement", "inadequate")
_FIVE = ("outstanding", "good", "adequate", "requires-improvement", "inadequate")
_LINE = {
    "outstanding": "Outstanding",
    "good": "Good",
    "adequate": "Adequate",
    "requires-improvement": "Requires improvement",
    "inadequate": "Inadequate",
}
_VERB = {
    "outstanding": "is outstanding at",
    "good": "is good at",
    "adequate": "is adequate at",
    "requires-improvement": "requires improvement at",
    "inadequate": "is inadequate at",
}

# 2018/19: (pillar, its question, its theme, [(component, theme, family)])
_IPA = (
    (
        "Effectiveness",
        "How effectively does the force reduce crime and keep people safe?",
        "overall-effectiveness",
        (
            ("Preventing crime and tackling anti-social behaviour", "prevention", "prevention"),
            ("Investigating crime", "investigation", "investigation"),
            ("Protecting vulnerable people", "vulnerability", "vulnerability"),
            ("Tackling serious and organised crime", "serious-organised-crime", "investigation"),
        ),
    ),
    (
        "Efficiency",
        "How efficiently does the force operate and how sustainable are its services?",
        "overall-efficiency",
        (
            ("Meeting current demands and using resources", "efficiency-resources", "efficiency"),
            ("Planning for the future", "efficiency-future", "efficiency"),
        ),
    ),
    (
        "Legitimacy",
        "How legitimately does the force treat the public and its workforce?",
        "overall-legitimacy",
        (
            ("Treating the public fairly", "legitimacy-fairness", "legitimacy"),
            ("Ethical and lawful workforce behaviour", "legitimacy-ethics", "legitimacy"),
            ("Treating the workforce fairly", "legitimacy-workforce", "workforce"),
        ),
    ),
)


def _cause(force: Force, area: str, family: str) -> str:
    """A cause of concern about one area (each area's its own: the extractor keeps one of
    two identical statements)."""
    topic = {
        "investigation": "investigations are allocated to officers with the skills to carry "
        "them out",
        "vulnerability": "vulnerable people are identified when they first contact it",
        "responding-to-the-public": "emergency calls are answered quickly enough",
    }.get(family, "it understands the demand it faces")
    return (
        f"{force.name} is not doing enough to make sure that {topic}. This means that its "
        f"work on {area[0].lower()}{area[1:]} may not give the public the service they should."
    )


def ipa_2018(slot: Slot, rng: random.Random) -> Written:
    force = slot.force
    header = f"PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – {force.name}"
    date = f"{rng.choice(('May', 'September'))} 2019"
    out = Written("", header, date, "hmicfrs")
    pillar_grades = [rng.choice(_FOUR) for _ in _IPA]
    pages = [
        "Contents \n\nWhat this report contains 1 \nOverall summary 4 \nEffectiveness 8 \n"
        "Efficiency 27 \nLegitimacy 37 \nAnnex A – About the data 49 ",
        "What this report contains \n\n"
        + pdf_lines(
            "In 2018/19, we adopted an integrated PEEL assessment (IPA) approach to our "
            "existing PEEL (police effectiveness, efficiency and legitimacy) inspections."
        ),
        "Overall summary \n\n"
        + "".join(
            f"{name} {_LINE[grade]} \n\n"
            for (name, *_), grade in zip(_IPA, pillar_grades, strict=True)
        )
        + pdf_lines(narrative(rng, force, "prevention", 3))
        + f"\n\n{inspector(rng, 2018)} \nHM Inspector of Constabulary ",
    ]
    for (name, question, theme, components), grade in zip(_IPA, pillar_grades, strict=True):
        out.judgments.append(Judgment(theme, question, grade))
        page = (
            f"{name} \n\n{pdf_lines(question, 60)}\n\n{_LINE[grade]} \n\nSummary \n\n"
            + pdf_lines(narrative(rng, force, components[0][2], 2))
        )
        for area, area_theme, family in components:
            area_grade = rng.choice(_FOUR)
            out.judgments.append(Judgment(area_theme, area, area_grade))
            page += f"\n{area} \n\n{_LINE[area_grade]} \n\n"
            page += pdf_lines(narrative(rng, force, family, 3)) + "\n\n"
            page += detail_pdf(rng, force, 2018) + "\n"
            if area_grade in ("requires-improvement", "inadequate") and rng.random() < 0.5:
                cause = _cause(force, area, family)
                items = [
                    t[len("The force should ") :].rstrip(".")
                    for t in findings(rng, force, family, 2, out)
                ]
                lead = (
                    "To address this cause of concern, we recommend that within six months "
                    "the force should:"
                )
                page += f"\nCause of concern \n\n{pdf_lines(cause)}\n\nRecommendations \n\n"
                page += pdf_lines(lead) + "\n\n"
                page += f"• {pdf_lines(items[0] + '; and')}\n\n• {pdf_lines(items[1] + '.')}\n"
                out.findings.append(Finding("cause-of-concern", area_theme, cause))
                out.findings.append(
                    Finding("recommendation", area_theme, f"{lead} {items[0]}; and {items[1]}.")
                )
            texts = findings(rng, force, family, rng.randint(0, 2), out)
            if texts:
                page += "\nAreas for improvement \n\n"
                page += "\n".join("• " + pdf_lines(t) for t in texts) + "\n"
                out.findings += [Finding("area-for-improvement", area_theme, t) for t in texts]
        pages.append(page)
    pages.append("Annex A – About the data \n\n" + pdf_lines(figure(rng, force, 2018)))
    text = (
        f" PEEL \nPolice effectiveness, efficiency and legitimacy 2018/19 \nAn inspection of "
        f"{force.name} \n\n{date} \n\n© HMICFRS 2019 \n\nwww.justiceinspectorates.gov.uk/hmicfrs "
        "\n\n1 \n\n"
    )
    for number, page in enumerate(pages, start=2):
        text += f" {header} \n\n{page}\n\n{number} \n\n"
    out.text = text
    return out


# 2021–25: (section heading, the grade sentence's words, table cell, theme, family)
_AREAS_2021 = (
    ("Recording data about crime", "recording data about crime", "Recording data about crime",
     "recording-crime-data", "investigation"),
    ("Treatment of the public", "treating people fairly and with respect",
     "Treatment of the public", "treatment-of-the-public", "legitimacy"),
    ("Preventing crime and anti-social behaviour", "preventing crime and anti-social behaviour",
     "Preventing crime", "prevention", "prevention"),
    ("Responding to the public", "responding to the public", "Responding to the public",
     "responding-to-the-public", "responding-to-the-public"),
    ("Investigating crime", "investigating crime", "Investigating crime", "investigation",
     "investigation"),
    ("Protecting vulnerable people", "protecting vulnerable people",
     "Protecting vulnerable people", "vulnerability", "vulnerability"),
    ("Managing offenders and suspects", "managing offenders and suspects",
     "Managing offenders and suspects", "managing-offenders", "investigation"),
    ("Building, supporting and protecting the workforce",
     "building, supporting and protecting its workforce", "Developing a positive workplace",
     "positive-workplace", "workforce"),
    ("Strategic planning, organisational management and value for money",
     "operating efficiently", "Good use of resources", "good-use-of-resources", "efficiency"),
)  # fmt: skip
_AREAS_2023 = (
    ("Police powers and public treatment", "treating the public fairly and with respect",
     "treatment-of-the-public", "legitimacy"),
    ("Preventing crime", "preventing crime and anti-social behaviour", "prevention",
     "prevention"),
    ("Responding to the public", "responding to the public", "responding-to-the-public",
     "responding-to-the-public"),
    ("Investigating crime", "investigating crime", "investigation", "investigation"),
    ("Protecting vulnerable people", "protecting vulnerable people", "vulnerability",
     "vulnerability"),
    ("Managing offenders and suspects", "managing offenders and suspects",
     "managing-offenders", "investigation"),
    ("Building, supporting and protecting the workforce",
     "building, supporting and protecting its workforce", "positive-workplace", "workforce"),
    ("Leadership and force management", "leadership and force management", "leadership",
     "workforce"),
)  # fmt: skip


def _area_blocks(
    force: Force,
    rng: random.Random,
    out: Written,
    area: tuple[str, str, str],
    afi: list[int],
) -> list[str]:
    """An area's cause of concern (with recommendations, each a line) and numbered areas for
    improvement, each followed by the paragraph that explains it."""
    heading, theme, family = area
    lines: list[str] = []
    if rng.random() < 0.25:
        cause = _cause(force, heading, family)
        recs = [
            f"Within {rng.choice(('three', 'six'))} months, {t[0].lower()}{t[1:]}"
            for t in findings(rng, force, family, rng.randint(1, 3), out)
        ]
        lines += ["Cause of concern", cause, "Recommendations", *recs]
        out.findings.append(Finding("cause-of-concern", theme, cause))
        out.findings += [Finding("recommendation", theme, r) for r in recs]
    for text in findings(rng, force, family, rng.randint(0, 2), out):
        afi[0] += 1
        lines += [f"Area for improvement {afi[0]}", text, narrative(rng, force, family, 2)]
        out.findings.append(Finding("area-for-improvement", theme, text))
    return lines


def peel_2021(slot: Slot, rng: random.Random) -> Written:
    force = slot.force
    date = f"Published on: {rng.randint(1, 28)} {rng.choice(('March', 'July', 'October'))} 2022"
    out = Written("", f"PEEL 2021/22: An inspection of {force.name}", date, "hmicfrs")
    grades = [rng.choice(_FIVE) for _ in _AREAS_2021]
    columns: list[list[str]] = [[] for _ in _FIVE]
    for area, grade in zip(_AREAS_2021, grades, strict=True):
        columns[_FIVE.index(grade)].append(area[2])
    rows = max(len(c) for c in columns)
    table = ["\t".join(c[i] if i < len(c) else "" for c in columns) for i in range(rows)]
    lines = [
        "Skip to content",
        f"PEEL 2021/22: An inspection of {force.name}",
        date,
        "Contents",
        "Overall summary",
        "Our judgments",
        f"Our inspection assessed how good {force.name} is in ten areas of policing. We make "
        "graded judgments in nine of these ten as follows:",
        "\t".join(_LINE[g] for g in _FIVE),
        *table,
        f"We also inspected how effective a service {force.name} gives to victims of crime. We "
        "don’t make a graded judgment in this overall area.",
        "HM Inspector’s observations",
        narrative(rng, force, "prevention", 3),
        inspector(rng, 2021),
        "HM Inspector of Constabulary",
        "Providing a service to the victims of crime",
        figure(rng, force, 2021),
    ]
    afi = [0]
    for (heading, does, _cell, theme, family), grade in zip(_AREAS_2021, grades, strict=True):
        out.judgments.append(Judgment(theme, heading, grade))
        lines += [heading, _LINE[grade], f"{force.name} {_VERB[grade]} {does}."]
        lines.append(narrative(rng, force, family, 3))
        lines += detail_lines(rng, force, 2021)
        lines += _area_blocks(force, rng, out, (heading, theme, family), afi)
    lines.append("© HMICFRS 2022")
    out.text = "\n".join(lines) + "\n"
    return out


def peel_2023(slot: Slot, rng: random.Random) -> Written:
    force = slot.force
    date = f"{rng.randint(1, 28)} {rng.choice(('March', 'June', 'October'))} {slot.year + 1}"
    header = f"PEEL 2023–25: {force.name}"
    out = Written("", f"PEEL 2023–25: An inspection of {force.name}", date, "hmicfrs")
    grades = [rng.choice(_FIVE) for _ in _AREAS_2023]
    pages = [
        "Contents \n\nOverall summary 1 \nOur judgments 1 \nHM Inspector’s summary 2 \n"
        + "".join(f"{a[0]} {5 + 3 * i} \n" for i, a in enumerate(_AREAS_2023)),
        "Overall summary \n\nOur judgments \n\n"
        + pdf_lines(
            f"Our inspection assessed how good {force.name} is in nine areas of policing. "
            "We make graded judgments in eight of these nine as follows:"
        )
        + "\n\nOutstanding Good Adequate Requires \nimprovement \nInadequate \n\n "
        + "\n\n".join(pdf_lines(a[0], 18) for a in _AREAS_2023),
        "HM Inspector’s summary \n\n"
        + pdf_lines(narrative(rng, force, "prevention", 3))
        + f"\n\n{inspector(rng, 2023)} \nHM Inspector of Constabulary \n\n"
        + pdf_lines(f"The chief constable is {person(rng)}."),
    ]
    afi = [0]
    for (heading, does, theme, family), grade in zip(_AREAS_2023, grades, strict=True):
        out.judgments.append(Judgment(theme, heading, grade))
        page = f"{heading} \n\n{_LINE[grade]} \n\n"
        page += pdf_lines(f"{force.name} {_VERB[grade]} {does}. ")
        # Paragraphs of several sentences, as the PDFs have: most lines end mid-sentence,
        # which is how the extractor tells wrapped PDF text from a web page.
        page += "\n" + pdf_lines(narrative(rng, force, family, 4))
        page += "\n\n" + pdf_lines(narrative(rng, force, "prevention", 4))
        page += "\n\n" + detail_pdf(rng, force, slot.year) + "\n"
        lines = _area_blocks(force, rng, out, (heading, theme, family), afi)
        page += "\n".join(_pdf_block(line) for line in lines)
        pages.append(page)
    text = (
        " PEEL 2023–25 \nPolice effectiveness, efficiency and legitimacy \n\n"
        f"An inspection of {force.name} \n\n{date} \n\n1 \n\n"
    )
    for number, page in enumerate(pages, start=2):
        text += f" {header} \n\n{page}\n\n{number} \n\n"
    out.text = text
    return out


def _pdf_block(line: str) -> str:
    if line.startswith(("Area for improvement", "Cause of concern", "Recommendations")):
        return f"\n{line} \n"
    return pdf_lines(line) + "\n"

"""The words of the synthetic reports: narrative paragraphs, findings, figures, people and
partner bodies, drawn from a seeded random source. Narrative avoids grade words, so the only
grades a report states are the ones its layout puts in (and says it put in)."""

from __future__ import annotations

import random
import textwrap

from text_layouts import Force, Written

PARTNERS = (
    "the local authorities",
    "the Crown Prosecution Service",
    "the National Probation Service",
    "Victim Support",
    "the regional organised crime unit",
    "the fire and rescue service",
    "the clinical commissioning groups",
    "the community safety partnerships",
    "the multi-agency safeguarding hub",
    "the National Crime Agency",
    "housing associations",
    "local schools and colleges",
    "the youth offending service",
)
FIRST_NAMES = (
    "Sarah",
    "David",
    "Helen",
    "Andrew",
    "Rachel",
    "Simon",
    "Claire",
    "Mark",
    "Joanne",
    "Paul",
    "Fiona",
    "Gareth",
    "Nadia",
    "Owen",
)
SURNAMES = (
    "Ashworth",
    "Brennan",
    "Calloway",
    "Davies",
    "Elford",
    "Fairbairn",
    "Gillespie",
    "Hartley",
    "Iqbal",
    "Jessop",
    "Kinsella",
    "Lowther",
    "Marsden",
    "Northcott",
)
# HM Inspectors who signed reports, by the years they did so.
INSPECTORS = (
    (2008, 2016, ("Zoë Billingham", "Mike Cunningham", "Dru Sharpling")),
    (2017, 2020, ("Zoë Billingham", "Matt Parr", "Wendy Williams")),
    (2021, 2022, ("Roy Wilsher", "Wendy Williams", "Andy Cooke")),
    (2023, 2030, ("Lee Freeman", "Michelle Skeer", "Roy Wilsher")),
)

# Narrative by theme: what the inspectors saw. {force} is the force's name, {short} its place,
# {partner} a partner body, {n}/{m} counts, {pct} a percentage.
_NARRATIVE = {
    "prevention": (
        "{force} gives crime prevention a high priority in its plans.",
        "Its neighbourhood teams work with {partner} to solve local problems.",
        "Officers use a structured problem-solving model, and the force reviews {n} of "
        "its problem-solving plans every quarter.",
        "Neighbourhood officers in {short} spent {pct} percent of their time in their "
        "neighbourhoods in the year we inspected.",
    ),
    "investigation": (
        "We reviewed {m} crime files, and in {n} of them the investigation plan was recorded.",
        "The force works with {partner} to bring offenders to justice.",
        "Investigators in {short} carry an average of {n} investigations each.",
        "Victims are told who is investigating their crime and how to contact them.",
    ),
    "vulnerability": (
        "The force works with {partner} to protect vulnerable people.",
        "Control room staff assess the risk to callers with a structured set of questions.",
        "The force made {n} referrals to {partner} in the six months before our inspection.",
        "Officers who attend domestic abuse incidents complete a risk assessment on every call.",
    ),
    "responding-to-the-public": (
        "The force answered {pct} percent of its emergency calls within ten seconds.",
        "Call handlers in {short} use a structured triage model to decide how to respond.",
        "The control room shares information with {partner} about people in crisis.",
    ),
    "workforce": (
        "The force surveys its workforce every year, and {pct} percent of them responded.",
        "Its wellbeing service was used by {n} officers and staff last year.",
        "Leaders in {short} hold regular open meetings with their teams.",
    ),
    "legitimacy": (
        "The force publishes its stop and search data, and a scrutiny panel meets every "
        "quarter to review it.",
        "We reviewed {m} stop and search records, and {n} of them recorded reasonable grounds.",
        "The force works with {partner} to understand the communities it serves.",
    ),
    "efficiency": (
        "The force has analysed {n} categories of demand for its services.",
        "It has planned savings of £{n}m over the next four years.",
        "The force shares several support functions with {partner}.",
    ),
}
_ACTIONS = (
    ("review", "how it"),
    ("improve", "how it"),
    ("make sure that", "it"),
    ("evaluate", "how well it"),
    ("strengthen", "how it"),
)
# What a finding is about, by theme: a verb phrase that follows "how it ...".
_TOPICS = {
    "prevention": (
        "uses problem solving in its neighbourhood teams",
        "evaluates its crime prevention activity",
        "shares what works in tackling anti-social behaviour",
        "protects neighbourhood officers from abstraction",
    ),
    "investigation": (
        "supervises investigations and records directions",
        "allocates crimes to officers with the right skills",
        "keeps victims informed of the progress of their cases",
        "pursues suspects who are circulated as wanted",
    ),
    "vulnerability": (
        "assesses the risk to victims of domestic abuse",
        "responds to reports of missing children",
        "shares information about vulnerable adults with partners",
        "reassesses risk when a response is delayed",
    ),
    "responding-to-the-public": (
        "answers emergency and non-emergency calls",
        "assesses the risk to callers who are waiting for a response",
        "attends incidents within the times its policy sets",
    ),
    "workforce": (
        "identifies and develops talent at every level",
        "supports the wellbeing of its officers and staff",
        "completes performance and development reviews",
    ),
    "legitimacy": (
        "records the grounds for stop and search",
        "gathers feedback from people with less trust in the police",
        "vets its officers and staff to the level their role requires",
        "monitors the use of force by its officers",
    ),
    "efficiency": (
        "understands the demand that is hidden or less likely to be reported",
        "matches its workforce to the demand it faces",
        "plans for the demand it will face in the future",
    ),
}
_PURPOSES = (
    "so that the public receive a consistent service",
    "so that victims get the support they need",
    "and record what it has done",
    "so that its leaders can act on what they find",
    "and share what it learns with {partner}",
    "within the next {n} months",
    "across each of its {n} local policing areas",
)


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def inspector(rng: random.Random, year: int) -> str:
    for first, last, names in INSPECTORS:
        if first <= year <= last:
            return rng.choice(names)
    return INSPECTORS[0][2][0]


def _fill(rng: random.Random, template: str, force: Force) -> str:
    return template.format(
        force=force.name,
        short=force.short,
        partner=rng.choice(PARTNERS),
        n=rng.randint(3, 40),
        m=rng.randint(41, 120),
        pct=rng.randint(55, 95),
    )


def narrative(rng: random.Random, force: Force, family: str, sentences: int = 3) -> str:
    """A paragraph of what the inspectors saw, in one family of themes."""
    pool = _NARRATIVE[family]
    chosen = rng.sample(pool, min(sentences, len(pool)))
    return " ".join(_fill(rng, s, force) for s in chosen)


def finding(rng: random.Random, force: Force, family: str) -> str:
    """One "should" sentence, different for each call in a report (topic, action, purpose)."""
    verb, lead = rng.choice(_ACTIONS)
    topic = rng.choice(_TOPICS[family])
    purpose = _fill(rng, rng.choice(_PURPOSES), force)
    return f"The force should {verb} {lead} {topic}, {purpose}."


def findings(
    rng: random.Random, force: Force, family: str, count: int, report: Written | None = None
) -> list[str]:
    """`count` findings, none of them one the report already states (the extractor, rightly,
    keeps one of two identical findings)."""
    stated = {f.text for f in report.findings} if report is not None else set()
    out: list[str] = []
    while len(out) < count:
        text = finding(rng, force, family)
        if text not in out and text not in stated:
            out.append(text)
    return out


# The detailed findings' sentences: who, what they do, with whom, to what end. No grade word
# and no "should": a detail paragraph states neither a judgment nor a finding.
_WHO = (  # (subject, whether it takes a singular verb)
    ("The force", True),
    ("Officers in {short}", False),
    ("Neighbourhood teams", False),
    ("Control room staff", False),
    ("Supervisors", False),
    ("Investigators", False),
    ("The force’s analysts", False),
    ("Senior leaders", False),
    ("Police community support officers", False),
    ("The public protection unit", True),
)
_DOES = (
    "meet every week with {partner}",
    "review the cases of repeat victims with {partner}",
    "use a structured approach to assess risk",
    "record their decisions on the force’s systems",
    "share information about offenders with {partner}",
    "brief local councillors on the priorities in each area",
    "check a sample of {n} crime records every month",
    "attend training on the Code of Practice for Victims of Crime",
    "use data from {partner} to understand local problems",
    "carry out joint visits with {partner}",
)
_WHY = (
    "to understand the threats in each of the force’s {n} neighbourhoods",
    "so that victims are kept informed",
    "to agree who will act on each problem",
    "and this work is reviewed every {n} weeks",
    "which helps the force to plan its resources",
    "as the force’s control strategy sets out",
    "and the results are published on the force’s website",
)
_PEOPLE = (
    "The chief constable, {person}, chairs a monthly performance meeting.",
    "The police and crime commissioner, {person}, holds the force to account at a public "
    "meeting every quarter.",
    "The deputy chief constable, {person}, leads the force’s work on {topic}.",
    "{person}, the head of the public protection unit, told us about the force’s plans.",
)


def _sentence(rng: random.Random, force: Force) -> str:
    who, singular = rng.choice(_WHO)
    does = _fill(rng, rng.choice(_DOES), force)
    if singular:
        does = _singular(does)
    return f"{who.format(short=force.short)} {does}, {_fill(rng, rng.choice(_WHY), force)}."


def _singular(verb_phrase: str) -> str:
    verb, _, rest = verb_phrase.partition(" ")
    verb = {"carry": "carries", "brief": "briefs"}.get(verb, verb + "s")
    return f"{verb} {rest}"


def detail(rng: random.Random, force: Force, year: int, paragraphs: int) -> list[str]:
    """Detailed findings: paragraphs of four to six sentences, now and then a figure beside
    the England and Wales figure, or a named person in post."""
    out = []
    for _ in range(paragraphs):
        sentences = [_sentence(rng, force) for _ in range(rng.randint(4, 6))]
        roll = rng.random()
        if roll < 0.3:
            sentences.append(figure(rng, force, year))
        elif roll < 0.45:
            topic = rng.choice(("vulnerability", "neighbourhood policing", "its workforce"))
            sentences.insert(0, rng.choice(_PEOPLE).format(person=person(rng), topic=topic))
        out.append(" ".join(sentences))
    return out


def figure(rng: random.Random, force: Force, year: int) -> str:
    """A force figure beside the England and Wales figure, as reports state them."""
    value = rng.randint(400, 900) / 10
    national = rng.randint(400, 900) / 10
    return (
        f"In the 12 months to 31 March {year + 1}, {force.name} recorded {value} crimes "
        f"per 1,000 population. The figure for England and Wales was {national}."
    )


def pdf_lines(text: str, width: int = 86) -> str:
    """A paragraph as PDF extraction gives it: hard line breaks, a space before each."""
    return " \n".join(textwrap.wrap(text, width)) + " "


# Detail paragraphs under each area of a full report: the length of the real ones (the seeds'
# reports run to 12–117 thousand characters).
DETAIL = (3, 8)


def detail_lines(rng: random.Random, force: Force, year: int) -> list[str]:
    """A web page's detail: a paragraph to a line."""
    return detail(rng, force, year, rng.randint(*DETAIL))


def detail_pdf(rng: random.Random, force: Force, year: int) -> str:
    """A PDF's detail: wrapped paragraphs, a blank line between them."""
    return "\n\n".join(pdf_lines(p) for p in detail(rng, force, year, rng.randint(*DETAIL)))

"""Measures minted from the text, for figures the scheme has no concept for.

A figure's measure is the head noun phrase it counts, or is a share, amount or length of:
"14 courses have been delivered" -> "courses"; "1,350 active Neighbourhood Watch Schemes" ->
"active neighbourhood watch schemes"; "at least 90% of their duty time" -> "duty time"; "a
38-week domestic abuse perpetrator scheme" -> "domestic abuse perpetrator scheme". The phrase
is the run of content words next to the figure (no function word, bracket or punctuation
inside), lower-cased; a count's phrase ends at its last plural noun, for a count counts
things. One concept per phrase and unit, narrower than measure:other-<unit> of the ontology,
with the IRI <that concept's IRI>/<phrase slug>, so two reports minting the same phrase name
the same measure.

What is no figure: a number that refers (page, paragraph, question, level, figure, table,
recommendation ... 12), a year, a date, a phone number or a time of day; these stand next to
no such noun phrase or are excluded here."""

from __future__ import annotations

import re

from kg.extract.statistics.context import ReportContext, force_match
from kg.extract.statistics.grammar import NATIONAL, PERCENT, POUNDS, TIME_UNITS, TOOK, WITHIN
from kg.extract.statistics.numerals import spelled_numbers
from kg.source.schemes import Concept
from kg.source.segments import clause_bounds

OTHER = "other-"  # measure:other-<unit slug> is the broader concept of minted measures


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that end a noun phrase: articles, prepositions, conjunctions, pronouns, auxiliaries.
_FUNCTION_WORDS = _words(
    """
    a an the of to in on for from with by at and or but nor who whom which that whose what
    where when while are is was were be been being have has had having will would can
    could should shall may might must do does did done per every each than as across
    within between into onto over under about around since until during after before
    against among through their its his her our your my this these those there here it
    they we you he she them us not no also all some any such so very more most less fewer
    only just now then both either neither other another same own if whether because
    although though via up down out off
    """
)
# Leading words that say how many, not what: dropped from a minted phrase.
_QUANTIFIERS = _words(
    """
    further additional extra more different separate
    """
)
# A plural that does not end in "s".
_PLURALS = _words(
    """
    people staff personnel children men women
    """
)
# Words naming a time or a physical quantity, not a thing counted ("three years", "a four
# year plan", "ten tonnes", "1,000 square miles"): the scheme has no unit for them.
_QUANTITY_WORDS = _words(
    """
    second seconds minute minutes hour hours day days week weeks month months year years
    times occasions decade decades mile miles square kilometres km metres tonnes kilograms
    kg litres acres hectares percent per cent percentage points pp daily weekly monthly
    yearly annual
    """
)
# A count over a time is a rate the scheme has no unit for ("three officers per month").
_PER_TIME = re.compile(
    r"\s+(?:per|a|an|each|every)\s+(?:\w+\s+)?(?:day|week|month|quarter|year)s?\b", re.I
)
# A number that refers to a part of a text or a scale, not a figure ("page 12", "level two").
_REFERENCE = re.compile(
    r"\b(?:pages?|paragraphs?|paras?|question|sections?|figures?|tables?|chapters?|levels?"
    r"|recommendations?|appendix|annex|phase|stage|tier|tranche|group|number|no\.?|version|item"
    r"|point|step"
    r"|spi|kdi|nim\s+level|grade|priority|objective|standard|part|box|annexe|schedule)\s*$",
    re.IGNORECASE,
)
# Some of a number of things, not how many there are: "the first two courses", "the other three".
_PICKED = re.compile(r"\b(?:first|last|next|previous|other|top)\s+$", re.IGNORECASE)
# The emergency and non-emergency numbers, naming calls or a service ("999 calls", "the 101
# line"), not how many.
_SERVICE = r"(?:999|101|111)(?=\s+(?:calls?|service|line|number|system)\b)"
_SERVICE_NUMBER = re.compile(rf"{_SERVICE}\s+\w+", re.IGNORECASE)
# A word, or a service's number that names calls.
_WORD = re.compile(rf"\s+([A-Za-z][A-Za-z'’-]*|{_SERVICE})", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")


# A link's words on a web page, not a statement: "View the five questions for effectiveness".
_LINK_TEXT = re.compile(r"^\W*(?:view|see|read|download|get)\s+(?:the\s+|all\s+|our\s+)?$", re.I)


def refers(text: str, start: int, wording: str) -> bool:
    """Whether the number at start is no figure: a reference ("page 12"), a year ("2007"), a
    time of day or part of a phone number or date ("9 to 5", "0800 ..."), a service's number
    ("999 calls"), a link's words ("View the five questions")."""
    if (
        _REFERENCE.search(text[:start])
        or _PICKED.search(text[:start])
        or re.match(r"\s*[:.]\d", text[start + len(wording) :])
        or _SERVICE_NUMBER.match(text, start)
        or _LINK_TEXT.match(text[:start])
    ):
        return True
    return bool(_YEAR.fullmatch(wording)) or wording.startswith("0") or text[:start].endswith(":")


def phrase_after(text: str, at: int, counted: bool) -> tuple[str, int] | None:
    """The content words straight after a figure, and where they end; for a count, up to its
    last plural noun. None if no noun phrase follows."""
    words: list[re.Match[str]] = []
    position = at
    joined = False  # "103 stop and search records": one "and" between words no plural ends
    while len(words) < 5:
        match = _WORD.match(text, position)
        if match is not None and match.group(1).lower() == "and" and counted and not joined:
            going_on = _WORD.match(text, match.end())
            if words and not any(_plural(w.group(1)) for w in words) and going_on is not None:
                joined = True
                words.append(match)
                position = match.end()
                continue
        if match is None or match.group(1).lower() in _FUNCTION_WORDS:
            break
        words.append(match)
        position = match.end()
    if words and words[-1].group(1).lower() == "and":
        words.pop()
    while words and words[0].group(1).lower() in _QUANTIFIERS:
        words.pop(0)
    # A count ends at its last plural noun ("PCSOs receiving ..."); another phrase before a
    # word that reads as a verb ("the £16,200 pilot project facilitates ...").
    if words and words[0].group(1).endswith("ing") and words[0].group(1).istitle():
        return None  # a heading, not a noun phrase ("16 Protecting vulnerable people")
    # Of two lower-case plurals in a row the second is a verb ("14 reports completes the cycle").
    cut = next(
        (
            i
            for i in range(1, len(words))
            if all(_plural(w) and w.islower() for w in (words[i - 1].group(1), words[i].group(1)))
        ),
        None,
    )
    words = words[:cut] if cut else words
    plurals = [i for i, w in enumerate(words) if _plural(w.group(1))]
    if counted:
        words = words[: plurals[-1] + 1] if plurals else []
    elif plurals and plurals[0]:
        words = words[: plurals[0]]
    if not words or any(w.group(1).lower() in _QUANTITY_WORDS for w in words):
        return None
    phrase, end = " ".join(w.group(1) for w in words), words[-1].end()
    rate = _PER_TIME.match(text, end) if counted else None
    if rate is not None:
        # A count in a length of time is a rate of its own: "sixteen PCSOs every twelve weeks".
        return phrase + " " + " ".join(rate.group(0).split()), rate.end()
    # What the head is of belongs to it: "members of staff", "members of the public".
    of = re.match(r"\s+of\s+(?:the\s+)?([A-Za-z][A-Za-z'’-]*)", text[end:])
    if counted and of is not None and _content(of.group(1)):
        phrase, end = phrase + text[end : end + of.end()], end + of.end()
        while (more := _WORD.match(text, end)) is not None and _content(more.group(1)):
            phrase, end = phrase + text[end : more.end()], more.end()
    return phrase, end


def phrase_of(text: str, at: int) -> tuple[str, int] | None:
    """The content words of "of <the/their ...> <phrase>" straight after a figure ("90% of
    their duty time")."""
    match = re.match(
        r"\s+of(?:\s+(?:the|their|its|his|her|our|all|these|those))?(?=\s)", text[at:], re.I
    )
    if match is None:
        return None
    # a share of things (plural head: "81 percent of emergency calls") or of a whole ("duty time")
    return phrase_after(text, at + match.end(), counted=True) or phrase_after(
        text, at + match.end(), counted=False
    )


def mint(context: ReportContext, phrase: str, unit: Concept) -> Concept | None:
    """The measure of this phrase in this unit, under measure:other-<unit>; None if the
    ontology has no such broader concept."""
    broader = next((m for m in context.schemes.measures if m.slug == OTHER + unit.slug), None)
    if broader is None:
        return None
    words = " ".join(phrase.split()).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", words).strip("-")
    return Concept(
        iri=f"{broader.iri}/{slug}",
        slug=f"{broader.slug}/{slug}",
        label=f"{words[:1].upper()}{words[1:]} ({unit.label})",
        labels=(),
        phrases=(),
        broader=broader.iri,
    )


def _content(word: str) -> bool:
    """A word that may go on a noun phrase: no function word, no verb in -ing."""
    return word.lower() not in _FUNCTION_WORDS and not word.lower().endswith("ing")


def _plural(word: str) -> bool:
    """Whether a word reads as a plural noun: "courses", "PCSOs", "people"; not "HYS", "bus"."""
    low = word.lower()
    if word.isupper():
        return False
    if low in _PLURALS:
        return True
    return low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s")) and len(low) > 2


# "<phrase> from <figure> to <figure>": the phrase before "from" (which may hold one "of",
# "establishment of PCSOs") names both figures of the change.
_CHANGE = re.compile(
    r"([A-Za-z][\w'’-]*(?:\s+of)?\s+[A-Za-z][\w'’-]*|[A-Za-z][\w'’-]*)\s+from\s+"
    r"(?:[-+£]?[\d,.]+\s*(?:%|per\s*cent|percent)?\s+to\s+)?$",
    re.IGNORECASE,
)
_FROM_VALUE = re.compile(r"^\s*(?:%|per\s*cent|percent)?\s+to\s+[-+£]?\d", re.IGNORECASE)
# "<phrase> of £500" ("honorarium payments of £500"), "<phrase> will cost £1.13 million".
_MONEY_OF = re.compile(r"([A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,2})\s+of\s+(?:over\s+)?$")
_MONEY_COST = re.compile(r"([A-Za-z][\w'’-]*)\s+(?:will\s+|would\s+)?costs?\s+$", re.IGNORECASE)


def is_change_start(text: str, start: int, end: int) -> bool:
    """Whether the figure is the earlier value of a change ("from 160 to 193.5")."""
    return re.search(r"\bfrom\s+$", text[:start], re.IGNORECASE) is not None and bool(
        _FROM_VALUE.match(text[end:])
    )


def measure_of_figure(
    context: ReportContext, text: str, start: int, end: int, unit: Concept, counted: bool
) -> tuple[Concept, str] | None:
    """A minted measure for the figure at text[start:end] in this unit, and the phrase it is
    minted from: a change's phrase ("establishment of PCSOs from 160 to 193.5"), else the noun
    phrase after it (a count's, a length's, a sum's: "14 courses", "a 38-week ... scheme", "the
    £16,200 pilot project"), else what it is a share of ("90% of their duty time") or, for a
    sum, what it is paid in or costs ("payments of £500", "the team will cost £1.13 million")."""
    graded = _graded_count(context, text, start, end) if counted else None
    if graded is not None:
        measure = mint(context, graded, unit)
        return (measure, graded) if measure else None
    if refers(text, start, text[start:end]) or (
        counted and text[start:end].lower() in ("1", "one")
    ):
        return None
    change = _CHANGE.search(text[:start])
    in_change = is_change_start(text, start, end) or re.search(
        r"\bfrom\s+\S+\s+to\s+$", text[:start], re.IGNORECASE
    )
    if change is not None and in_change and _noun_phrase(change.group(1), counted):
        found: tuple[str, int] | None = (change.group(1), start)
    elif unit.slug == PERCENT:
        found = phrase_of(text, end) or _nominal_after(text, end)
        if found is None and (force_match(context, text) or NATIONAL.search(text)):
            # Only a change the sentence places in the force's area or England and Wales: "a
            # safer neighbourhood team which had achieved a 20 per cent reduction in crime" is
            # one team's, not the force's.
            found = _change_in(text, end)
    else:
        found = phrase_after(text, end, counted)
        if found is None and counted and _ALL_BEFORE.search(text[:start]):
            found = phrase_of(text, end)  # "all 105 of its neighbourhoods": how many there are
        if found is None and counted:
            found = _bracketed(text, start, end)
    if found is None and unit.slug in TIME_UNITS:
        found = _time_limit(context, text, start)
    if found is None and unit.slug == POUNDS:
        found = phrase_of(text, end)  # "£9.3m of savings"
    if found is None and unit.slug == POUNDS:
        before = _MONEY_OF.search(text[:start]) or _MONEY_COST.search(text[:start])
        if before is not None:
            cost = before.re is _MONEY_COST
            words = [
                w
                for w in before.group(1).split()
                if w.lower() not in _FUNCTION_WORDS and not spelled_numbers(w)
            ]
            found = (" ".join([*words, "cost"] if cost else words), start) if words else None
    if found is None:
        return None
    measure = mint(context, found[0], unit)
    return (measure, found[0]) if measure else None


# "... was 'adequate' in one area, 'requires improvement' in five areas": how many areas (of a
# PEEL inspection's graded questions) got a grade, one measure for each grade.
_AREAS_AFTER = re.compile(
    r"\s+areas?(?:\s+of\s+policing)?(?=\s*(?:[,.;:()–—-]|and\b|$))", re.IGNORECASE
)
_QUOTES = "'‘’\"“”"
# The words before the count: "... was 'requires improvement' in ", "graded good for ".
_GRADE_IN = re.compile(rf"([A-Za-z][A-Za-z ]*)[{_QUOTES}]?\s+(?:in|for)\s+$")


# "We make graded judgments in 8 of these 9 as follows" (PEEL from 2021).
_JUDGMENTS_IN = re.compile(r"\bgraded\s+judge?ments?\s+(?:in|on|for)\s+$", re.IGNORECASE)
_OF_THESE = re.compile(r"\s+of\s+(?:these|the)\s+(?:\d+|[a-z]+)\b", re.IGNORECASE)


# "29 of the 43 forces were judged good for effectiveness": how many of them got a grade.
_GRADED_OF = re.compile(
    r"\s+of\s+(?:the|these|its|all)\s+\S+\s+([a-z]+)\s+(?:were|was|are|is|have\s+been)\s+"
    rf"(judged|graded|rated)\s+(?:as\s+)?[{_QUOTES}]?([A-Za-z ]+?)[{_QUOTES}]?"
    r"(?=\s+(?:for|in|at|on|by)\b|\s*[,.;:]|$)",
    re.IGNORECASE,
)


def _graded_count(context: ReportContext, text: str, start: int, end: int) -> str | None:
    """The phrase of a count of graded things: "areas graded <grade>" ("'adequate' in one
    area"), "areas given graded judgments" ("graded judgments in 8 of these 9"), "<things>
    judged <grade>" ("29 of the 43 forces were judged good"); None for any other count."""
    if _AREAS_AFTER.match(text, end):
        before = _GRADE_IN.search(text[max(0, start - 60) : start])
        label = _grade_label(context, before.group(1), ending=True) if before else None
        if label is not None:
            return f"areas graded {label}"
    if _JUDGMENTS_IN.search(text[:start]) and _OF_THESE.match(text, end):
        return "areas given graded judgments"
    of = _GRADED_OF.match(text, end)
    if of is not None and _plural(of.group(1)):
        label = _grade_label(context, of.group(3))
        if label is not None:
            return f"{of.group(1).lower()} {of.group(2).lower()} {label}"
    return None


def _grade_label(context: ReportContext, words: str, ending: bool = False) -> str | None:
    """The grade the words are (or, with ending, end with), as its label is written."""
    said = " ".join(words.split()).lower()
    for grade in context.schemes.grades:
        for label in (label.lower() for label in grade.labels):
            if said == label or (ending and said.endswith(" " + label)):
                return label
    return None


# "<subject> are filled": the passive verb of a time limit's clause, with its subject.
_PASSIVE = re.compile(
    r"((?:[A-Za-z][\w'’-]*\s+)?[A-Za-z][\w'’-]*)\s+(?:is|are|was|were|be|been)\s+"
    r"(?:[a-z]+ly\s+)?([a-z]+ed)\b"
)
# Words that end no noun phrase a time limit is of ("in any case within 28 days").
_NOT_HEADS = _words("case event time period times periods least latest most")


def _time_limit(context: ReportContext, text: str, start: int) -> tuple[str, int] | None:
    """What a time limit or a time taken is of: the passive verb of its clause with its subject
    ("SNT vacancies are filled ... within twenty eight days" -> "SNT vacancies filled within"),
    else the noun phrase just before it ("emergency calls within 10 seconds", "advising a
    victim within 1 day"); for a time taken, the subject that took it ("the evacuation took 90
    minutes" -> "time taken by evacuation"). None where no noun names it ("This took 90
    minutes")."""
    before = text[:start]
    within, took = WITHIN.search(before), TOOK.search(before)
    cue = within or took
    if cue is None:
        return None
    head = text[clause_bounds(text, start)[0] : cue.start()]
    if within is not None:
        passive = next(reversed(list(_PASSIVE.finditer(head))), None)  # the nearest
        if passive is not None:
            subject = _trailing_phrase(passive.group(1))
            if subject:
                return f"{subject} {passive.group(2)} within", start
        phrase = _trailing_phrase(head, verb=True)
        return (f"{phrase} within", start) if phrase else None
    # what took the time is the clause's subject, all of it ("the move to the new control room")
    subject = re.sub(r"^(?:the|a|an)\s+", "", " ".join(head.split()), flags=re.IGNORECASE)
    words = subject.split()
    if not words or len(words) > 6 or not _content(words[0]) or not _noun_phrase(subject, False):
        return None
    if force_match(context, subject) or words[-1].lower() in ("force", "constabulary"):
        return None  # "the force took 3 days to record crimes": a time of what it did
    if not all(re.fullmatch(r"[A-Za-z][\w'’-]*", word) for word in words):
        return None
    return f"time taken by {subject}", start


def _trailing_phrase(text: str, verb: bool = False) -> str:
    """The run of up to three content words that ends the text ("emergency calls"); with verb,
    the verb in -ing and article before it ("advising a victim"). Empty if the text ends in
    another word."""
    tokens = text.split()
    words: list[str] = []
    while tokens and len(words) < 3:
        service = words and _SERVICE_NUMBER.fullmatch(f"{tokens[-1]} {words[0]}")
        if not service and not re.fullmatch(r"[A-Za-z][\w'’-]*", tokens[-1]):
            break
        if not _content(tokens[-1]):
            break
        words.insert(0, tokens.pop())
    if not words or words[-1].lower() in _NOT_HEADS | _QUANTITY_WORDS:
        return ""
    article = len(tokens) >= 2 and tokens[-1].lower() in ("a", "an", "the")
    if verb and article and tokens[-2].lower().endswith("ing") and tokens[-2].isalpha():
        words = [tokens[-2], tokens[-1], *words]
    return " ".join(words)


_ALL_BEFORE = re.compile(r"\ball\s+$", re.IGNORECASE)
_BRACKET_OPEN = re.compile(r"((?:[A-Za-z][\w'’-]*\s+){0,2}[A-Za-z][\w'’-]*)\s*\(\s*$")


# A noun a percentage stands before ("100% coverage", "a 95 percent compliance rate"): a word
# of a noun's ending, so that "20 percent higher" or "88 percent said" are not read as one.
_NOMINAL = re.compile(
    r"\s+[a-z]+(?:age|ance|ence|ancy|ency|acy|ity|ment|tion|sion|ness|rate)\b(?!\s+(?:of|in)\b)"
)


def _nominal_after(text: str, end: int) -> tuple[str, int] | None:
    if _NOMINAL.match(text, end) is None:
        return None
    return phrase_after(text, end, counted=False)


def _bracketed(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The plural noun a count in brackets stands after: "a significant number of PCs (175)"."""
    before = _BRACKET_OPEN.search(text[:start])
    if before is None or not re.match(r"\s*\)", text[end:]):
        return None
    words: list[str] = []
    for word in reversed(before.group(1).split()):
        if not _content(word):
            break
        words.insert(0, word)
    if not words or not _plural(words[-1]):
        return None
    return " ".join(words), start


# "a 22 percent reduction in crime", "a 5 percent increase in the number of arrests".
_CHANGE_IN = re.compile(
    # (the words after it start with their white space, as phrase_after reads them)
    r"\s+(?:reduction|decrease|fall|drop|increase|rise)\s+in(?:\s+the)?(?:\s+number\s+of)?",
    re.IGNORECASE,
)


def _change_in(text: str, at: int) -> tuple[str, int] | None:
    """A percentage change of what follows it: "change in <noun phrase>" (the sign of the
    figure says which way, kg.extract.statistics.figures)."""
    change = _CHANGE_IN.match(text, at)
    if change is None:
        return None
    found = phrase_after(text, change.end(), counted=True) or phrase_after(
        text, change.end(), counted=False
    )
    return (f"change in {found[0]}", found[1]) if found else None


def _noun_phrase(phrase: str, counted: bool) -> bool:
    words = phrase.split()
    return all(w.lower() not in _FUNCTION_WORDS for w in (words[0], words[-1])) and (
        not counted or _plural(words[-1])
    )

"""Figures in sentences: a number with a unit ("88.0 percent (± 1.4 percent)") or next to what
it counts ("502 offenders"), with its measure, area and period read from its clause, its
sentence and the sentences before."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kg.extract.statistics.context import ReportContext, force_match
from kg.extract.statistics.grammar import (
    AT_FIGURE,
    COMPARISON_CLAUSE,
    COUNT,
    ENGLAND_AND_WALES,
    FALL_AFTER,
    FALL_BEFORE,
    FORCE,
    LISTED_AFTER,
    MARGIN,
    MONEY,
    MONEY_SCALE,
    NATIONAL,
    NUMBER,
    PERCENT,
    POUNDS,
    PREVIOUS_YEAR,
    TIME_UNITS,
    TOOK,
    WITHIN,
)
from kg.extract.statistics.minted import is_change_start, measure_of_figure
from kg.extract.statistics.numerals import spelled_numbers, spelled_shares
from kg.extract.statistics.periods import (
    Period,
    financial_year_in,
    first_period,
    named_year_in,
    opening_month,
    opening_year,
    periods_in,
    undated_in,
    year_before,
    year_in,
)
from kg.extract.statistics.phrases import GAP, find, find_all, match_phrase
from kg.extract.statistics.prose import Sentence
from kg.facts import ObservationFact
from kg.source.schemes import Concept
from kg.source.segments import CLAUSE_BREAK, clause_bounds
from kg.source.text import folded, may_contain

_CONTEXT_SENTENCES = 3
_COUNT_GAP_WORDS = 4


@dataclass(frozen=True)
class _Figure:
    value: Decimal
    unit: Concept | None  # None: a count, if a measure names what is counted
    start: int  # the number, in the sentence's text
    end: int  # the number and, where it follows at once, its unit
    number_end: int
    margin: Decimal | None
    of_phrase: bool = False  # a share in words: its measure is what it is a share of


@dataclass(frozen=True)
class _Named:
    measure: Concept
    wording: str


def sentence_facts(
    context: ReportContext, sentences: Sequence[Sentence], index: int
) -> list[ObservationFact]:
    sentence = sentences[index]
    count = context.schemes.unit_by_slug(COUNT)
    facts = []
    figures = _figures(context, sentence.text)
    counted = iter(_counted(context, sentences, index, [f for f in figures if f.unit is None]))
    listed: dict[str | None, tuple[int, _Named]] = {}  # the last figure's measure, by unit
    for figure in figures:
        if figure.unit is None:
            named = next(counted)
        else:
            named = (
                None if figure.of_phrase else _named_measure(context, sentences, index, figure.unit)
            )
        unit_slug = figure.unit.slug if figure.unit else None
        before = listed.get(unit_slug)
        if (
            named is None
            and before
            and LISTED_AFTER.fullmatch(sentence.text[before[0] : figure.start])
        ):
            named = before[1]  # "£1.13 million in 2008/09 and £1.2 million in 2009/10"
        if named is None and figure.unit is not None:
            named = _restated_figure(context, sentences, index, figure)
        if named is None:
            minted = measure_of_figure(
                context,
                sentence.text,
                figure.start,
                figure.end if figure.unit else figure.number_end,
                figure.unit or count,
                figure.unit is None,
            )
            if minted is None:
                continue
            named = _Named(*minted)
        listed[unit_slug] = (figure.end, named)
        clause = _clause(sentence.text, figure.start)
        period = _period(sentences, index, figure, clause)
        if (
            figure.unit is not None
            and figure.unit.slug in TIME_UNITS
            and WITHIN.search(sentence.text[: figure.start])
        ):
            period = None  # a time limit is a standard, of no period
        if is_change_start(sentence.text, figure.start, figure.end):
            # The earlier value of a change: as at a time the text does not date.
            period = Period(f"before {sentence.text[figure.start : figure.end]}", None, 0, False)
        first = not any(f.unit is not None and f.start < figure.start for f in figures)
        start, end = sentence.start + figure.start, sentence.start + figure.end
        facts.append(
            ObservationFact(
                measure=named.measure,
                label=named.wording,
                value=figure.value,
                unit=figure.unit or count,
                area=ENGLAND_AND_WALES
                if _forces_nationally(named.measure, sentence.text)
                else _area(context, sentence.text, figure, clause, first),
                period=period.text if period else "",
                period_end=period.end if period else None,
                margin=figure.margin,
                evidence=context.doc.evidence(*sentence.source.source_span(start, end)),
            )
        )
    return facts


def _figures(context: ReportContext, text: str) -> list[_Figure]:
    """Numbers with the unit that follows them ("88.0 percent", "79 OCGs per one million"), or
    with none (a count, if something countable stands next to it, "three policing divisions").
    The number of a margin of error ("(± 1.4 percent)") belongs to the figure before it; the
    top of a range ("30-50%") and a number in a unit ("per 1,000") are no figures."""
    figures = []
    margin_end = 0
    for match in NUMBER.finditer(text):
        before = text[: match.start()]
        if match.start() < margin_end or re.search(r"(?:\bper\s+|\d\s*[-–]\s*)$", before):
            continue
        sign, whole, fraction = match.groups()
        value = Decimal(f"{sign}{whole.replace(',', '')}{fraction or ''}")
        unit, end = _unit_after(context, text, match.end())
        margin = MARGIN.match(text[end:]) if unit is not None else None
        falls = FALL_BEFORE.search(_clause_head(text, match.start())) or FALL_AFTER.match(
            text[end:]
        )
        if unit is not None and falls:
            value = -value
        if margin is not None:
            margin_end = end + margin.end()
        figures.append(
            _Figure(
                value=value,
                unit=unit,
                start=match.start(),
                end=end,
                number_end=match.end(),
                margin=Decimal(margin.group(1)) if margin else None,
            )
        )
    for money in MONEY.finditer(text):
        whole, fraction, scale = money.groups()
        value = Decimal(f"{whole.replace(',', '')}{fraction or ''}")
        value *= MONEY_SCALE[scale.lower()] if scale else 1
        pounds = context.schemes.unit_by_slug(POUNDS)
        figures.append(_Figure(value, pounds, money.start(), money.end(), money.end(), None))
    percent = context.schemes.unit_by_slug(PERCENT)
    shares = spelled_shares(text)
    for share in shares:  # "two-thirds of forces", "nine in ten victims"
        figures.append(
            _Figure(share.value, percent, share.start, share.end, share.end, None, of_phrase=True)
        )
    for spelled in spelled_numbers(text):
        if any(share.start <= spelled.start < share.end for share in shares):
            continue
        if re.search(r"\bper\s+$", text[: spelled.start]):
            continue
        unit, end = _unit_after(context, text, spelled.end)
        if (
            unit is not None
            and not text[spelled.end : end].lstrip().startswith("-")
            and not _is_time_limit(text, spelled.start, unit)
        ):
            # in words, only a length joined by a hyphen ("a two-year programme") or a time
            # limit or time taken ("within twenty eight days")
            unit, end = None, spelled.end
        figures.append(_Figure(spelled.value, unit, spelled.start, end, spelled.end, None))
    return sorted(figures, key=lambda f: f.start)


def _is_time_limit(text: str, start: int, unit: Concept) -> bool:
    """Whether a figure in this unit at `start` is a time limit or a time taken."""
    before = text[:start]
    return unit.slug in TIME_UNITS and bool(WITHIN.search(before) or TOOK.search(before))


def _unit_after(context: ReportContext, text: str, at: int) -> tuple[Concept | None, int]:
    """The unit written straight after a number ("percent", "%", "pp"), or a rate a few words
    on ("79 OCGs per one million"); and where the number and its unit end."""
    rest = text[at:]
    for phrase, unit in context.unit_phrases():
        if phrase.lower().startswith("per "):
            pattern = rf"((?:\s+[A-Za-z'’-]+){{0,3}}?)\s+{re.escape(phrase)}(?!\w)"
            if (match := re.match(pattern, rest, re.IGNORECASE)) is not None:
                return unit, at if match.group(1) else at + match.end()
        # (not "-year-olds": an age is no length of time)
        elif (match := re.match(rf" ?{re.escape(phrase)}(?![\w-])", rest, re.I)) is not None:
            return unit, at + match.end()
    return None, at


def _clause(text: str, at: int) -> str:
    start, end = clause_bounds(text, at)
    return text[start:end]


def _clause_head(text: str, at: int) -> str:
    start, _ = clause_bounds(text, at)
    return text[start:at]


# A count or share of forces ("two forces have not yet been able to ...", "more than two-thirds
# of forces") is of the forces of England and Wales, unless the sentence speaks of a region's.
_REGIONAL = re.compile(
    r"\b(?:region(?:al|s)?|consortium|collaborat\w*|neighbour\w*|partner\w*)\b", re.IGNORECASE
)


def _forces_nationally(measure: Concept, text: str) -> bool:
    return (
        measure.slug.rsplit("/", 1)[-1] == "forces"
        and measure.broader is not None
        and (_REGIONAL.search(text) is None)
    )


def _area(context: ReportContext, text: str, figure: _Figure, clause: str, first: bool) -> str:
    """England and Wales when the figure's clause says so; or when the sentence opens by saying
    so before its first figure ("When considering all forces across England and Wales, there
    were 9 percent fewer ..."); or when the sentence speaks of England and Wales, other than
    in a comparison, and never of the force. Else the force. A figure that a comparison gives
    with "at" is the subject's own ("lower than the national average at just under 5%")."""
    head = text[clause_bounds(text, figure.start)[0] : figure.start]
    own = COMPARISON_CLAUSE.match(clause) is not None and AT_FIGURE.search(head) is not None
    if NATIONAL.search(clause) and not own:
        return ENGLAND_AND_WALES
    if force_match(context, clause):
        return FORCE
    lead = text[: clause_bounds(text, figure.start)[0]]
    if first and NATIONAL.search(lead) and not force_match(context, lead):
        return ENGLAND_AND_WALES
    if force_match(context, text) is None and any(
        NATIONAL.search(part) and not COMPARISON_CLAUSE.match(part)
        for part in CLAUSE_BREAK.split(text)
    ):
        return ENGLAND_AND_WALES
    return FORCE


# A figure given for another area, as a comparison with the figure just before it: "This
# compares with 88 percent for England and Wales", "The figure for England and Wales was 88
# percent", "compared with 85 percent nationally".
_COMPARED = re.compile(
    r"\b(?:compares|compared|comparison)\s+(?:with|to)\s+(?:(?:an?|the)\s+)?"
    r"(?:(?:\w+\s+){0,4}(?:average|rate|figure|proportion)\s+(?:of\s+)?)?"
    r"(?:(?:just|about|around|almost|nearly|over|under)\s+)?$"
    r"|\bthe\s+(?:(?:\w+\s+){0,3})?(?:figure|rate|average|proportion|percentage)\s+"
    r"(?:(?:for|in|across)\s+[\w\s]{2,40}?\s+)?(?:was|is|were|stood\s+at)\s+"
    r"(?:(?:just|about|around|almost|nearly|over|under)\s+)?$",
    re.IGNORECASE,
)


def _restated_figure(
    context: ReportContext, sentences: Sequence[Sentence], index: int, figure: _Figure
) -> _Named | None:
    """The measure of the last figure of the same unit in the sentence before (same paragraph),
    when this figure is given as a comparison with it and names no measure of its own."""
    text = sentences[index].text
    if index == 0 or not _COMPARED.search(text[: figure.start]):
        return None
    if sentences[index - 1].paragraph != sentences[index].paragraph:
        return None
    same_unit = [f for f in sentence_facts(context, sentences, index - 1) if f.unit == figure.unit]
    if not same_unit:
        return None
    return _Named(same_unit[-1].measure, same_unit[-1].label)


def _period(
    sentences: Sequence[Sentence], index: int, figure: _Figure, clause: str
) -> Period | None:
    """The period in the figure's clause, else the nearest one before it in its sentence (or
    after it), else the first one of the two sentences before ("Over this period, ...");
    "in the previous year" steps a year back."""
    text = sentences[index].text
    clause_start, clause_end = clause_bounds(text, figure.start)
    stated = [p for p in periods_in(text) if not p.baseline]
    own = [p for p in stated if clause_start <= p.start < clause_end]
    if own:
        return min(own, key=lambda p: abs(p.start - figure.start))
    before = [p for p in stated if p.start < figure.start]
    after = [p for p in stated if p.start > figure.start]
    found = before[-1] if before else after[0] if after else None
    if found is None:
        found = (
            year_in(text[clause_start:clause_end], clause_start)
            or named_year_in(text[clause_start : figure.start], clause_start)
            or financial_year_in(text[figure.start : clause_end], figure.start)
            or opening_year(text)
            or undated_in(text, figure.start)
        )
    # The two sentences before, not counting a fragment a broken line left ("Pride Park" /
    # "Stadium. The purpose was ...").
    earlier = [s for s in reversed(sentences[max(0, index - 4) : index]) if len(s.text.split()) > 2]
    for before_it in earlier[:2]:
        if found is not None:
            break
        found = (
            first_period(before_it.text)
            or opening_month(before_it.text)  # not a year: "In 2017, we judged ..." is the past
            or _year_before(before_it.text)
        )
    if found is not None and PREVIOUS_YEAR.search(clause):
        return year_before(found)
    return found


def _year_before(text: str) -> Period | None:
    """The financial year of a sentence before the figure's that states no figure of its own
    ("This question was not inspected in 2018/19 ... However, we reviewed 103 records"); one
    that does ("£1.13 million in 2008/09") gives it to its own figures."""
    if re.search(r"\d", re.sub(r"\b(?:19|20)\d\d(?:/\d\d)?\b", "", text)):
        return None
    return financial_year_in(text, 0)


def _named_measure(
    context: ReportContext, sentences: Sequence[Sentence], index: int, unit: Concept
) -> _Named | None:
    """The measure of this unit the sentence names first, else the one the nearest sentence
    before it in the paragraph names ("This is a reduction of 7 percent ...")."""
    measures = context.measures(unit)
    for back in range(index, max(-1, index - 1 - _CONTEXT_SENTENCES), -1):
        if sentences[back].paragraph != sentences[index].paragraph:
            break
        named = _earliest(sentences[back].text, measures)
        if named is not None:
            return named
    return None


def _earliest(text: str, measures: Iterable[Concept]) -> _Named | None:
    best: tuple[int, int, _Named] | None = None
    seen = folded(text)
    for measure in measures:
        for phrase in measure.labels + measure.phrases:
            match = match_phrase(text, phrase) if may_contain(seen, phrase) else None
            if match is not None:
                start, end, wording = match
                key = (start, -(end - start))
                if best is None or key < best[:2]:
                    best = (*key, _Named(measure, wording))
    return best[2] if best else None


def _counted(
    context: ReportContext, sentences: Sequence[Sentence], index: int, figures: list[_Figure]
) -> list[_Named | None]:
    """What each bare number of a sentence counts: a count measure one of whose phrases stands
    next to it ("502 offenders", "population of 987,000"), the rest of a gapped phrase ("IOM …
    offenders") in this sentence or the few before it (see _adjacent_phrase for which wins), or
    else the count the sentence before gives, restated (_restated). The numbers of one
    sentence share its window, searched once for each phrase."""
    if not figures:
        return []
    window_sentences = sentences[max(0, index - _CONTEXT_SENTENCES) : index + 1]
    window = " \n ".join(s.text for s in window_sentences)
    offset = len(window) - len(sentences[index].text)
    numbers = [(offset + figure.start, offset + figure.number_end) for figure in figures]
    best: list[tuple[tuple[int, int, int, int], _Named] | None] = [None for _ in figures]
    seen = folded(window)
    for measure in context.measures(context.schemes.unit_by_slug(COUNT)):
        for phrase in measure.labels + measure.phrases:
            if not may_contain(seen, phrase):
                continue  # no part of it can match: nothing to find next to a number
            matches = [find_all(window, part) for part in phrase.split(GAP)]
            for i, number in enumerate(numbers):
                found = _adjacent_phrase(window, offset, number, phrase, matches)
                if found is not None:
                    key, wording = found
                    current = best[i]
                    if current is None or key < current[0]:
                        best[i] = (key, _Named(measure, wording))
    return [
        found[1] if found else _restated(context, sentences, index, figure)
        for found, figure in zip(best, figures, strict=True)
    ]


def _restated(
    context: ReportContext, sentences: Sequence[Sentence], index: int, figure: _Figure
) -> _Named | None:
    """A number followed by the head word of the count the sentence just before gives, in the
    same paragraph ("There are 27 sergeants dedicated to SNTs. This has increased from the
    eight sergeants who were ..."): the same measure, at another time."""
    if index == 0 or sentences[index - 1].paragraph != sentences[index].paragraph:
        return None
    before = sentences[index - 1].text
    if not NUMBER.search(before) and not spelled_numbers(before):
        return None
    named = _earliest(before, context.measures(context.schemes.unit_by_slug(COUNT)))
    if named is None:
        return None
    head = named.wording.split()[0]
    if not re.fullmatch(r"[A-Za-z]{3,}", head):
        return None
    after = re.match(rf"\s+({re.escape(head)})\b", sentences[index].text[figure.number_end :], re.I)
    return _Named(named.measure, after.group(1)) if after else None


def _adjacent_phrase(
    window: str,
    offset: int,
    number: tuple[int, int],
    phrase: str,
    matches: Sequence[list[re.Match[str]]],
) -> tuple[tuple[int, int, int, int], str] | None:
    """A (gapped) phrase with one part next to the number, the parts before it earlier in the
    window and the parts after it later in the figure's sentence: the nearest, the one reaching
    furthest back, then the one whose later parts end soonest ("7 councillors from the County
    Council, 2 councillors from the City Council": the 7 is not the city's), then the longest.
    matches holds each part's matches in the window."""
    parts = phrase.split(GAP)
    best = None
    for k, part_matches in enumerate(matches):
        for match in part_matches:
            words = _adjacency(window, match, number)
            if words is None or (words and len(parts) > 1):
                continue  # a gapped phrase's part stands right next to the number
            spans = _parts_around(window, offset, parts, k, match)
            if spans is None:
                continue
            reach = min(s for s, _ in spans)
            tail = spans[-1][1] - match.end()  # how far on the parts after the number end
            key = (words, -reach, tail, -len(phrase))
            wording = GAP.join(window[s:e] for s, e in spans)
            if best is None or key < best[0]:
                best = (key, wording)
    return best


def _adjacency(window: str, match: re.Match[str], number: tuple[int, int]) -> int | None:
    """How many words stand between the number and the phrase after it (at most a few, no
    figures or punctuation), 0 for a phrase just before it ("population of"); None if apart."""
    if match.start() >= number[1]:
        between = window[number[1] : match.start()]
        if len(between) <= 80 and re.fullmatch(r"\s*(?:[A-Za-z'’-]+\s+)*", between):
            words = len(between.split())
            return words if words <= _COUNT_GAP_WORDS else None
    elif match.end() <= number[0]:
        between = window[match.end() : number[0]]
        if re.fullmatch(r"\s*(?:of|is|was|were|at|:)?\s*", between, re.IGNORECASE):
            return 0
    return None


def _parts_around(
    window: str, offset: int, parts: Sequence[str], k: int, match: re.Match[str]
) -> list[tuple[int, int]] | None:
    spans = [(match.start(), match.end())]
    limit = match.start()
    for part in reversed(parts[:k]):
        earlier = find_all(window[:limit], part)
        if not earlier:
            return None
        spans.insert(0, (earlier[-1].start(), earlier[-1].end()))
        limit = earlier[-1].start()
    position = match.end()
    for part in parts[k + 1 :]:
        later = find(window[position:], part)
        if later is None or position + later.start() < offset:
            return None
        spans.append((position + later.start(), position + later.end()))
        position += later.end()
    return spans

"""Periods: the time a figure is for, as the reports word it ("the 12 months to 30 June 2015",
"2007/08", "in 2014", "to date"), with its end date where it has one."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from kg.extract.statistics.grammar import (
    BASELINE_BEFORE,
    COMPARISON_CLAUSE,
    FINANCIAL_YEAR,
    MONTHS,
    OPENING_MONTH,
    OPENING_YEAR,
    PERIOD,
    REPORT_DATE,
    UNDATED,
    YEAR,
)
from kg.source.document import SourceDocument
from kg.source.segments import clause_bounds


@dataclass(frozen=True)
class Period:
    text: str  # as worded, without a footnote number stuck to the year
    end: date | None
    start: int  # where it stands in the text searched
    baseline: bool  # the earlier period of a comparison ("compared with the 12 months to ...")


def periods_in(text: str) -> list[Period]:
    found = []
    for match in PERIOD.finditer(text):
        year_end = match.start("year") + 4
        wording = re.sub(r"^the\s+", "", text[match.start() : year_end], flags=re.IGNORECASE)
        found.append(
            Period(
                text=wording,
                end=_month_end(int(match.group("year")), match.group("month"), match.group("day")),
                start=match.start(),
                baseline=bool(BASELINE_BEFORE.search(text[: match.start()])),
            )
        )
    return found


def stated_report_date(doc: SourceDocument) -> Period | None:
    """A line that is only a month and a year ("September 2008") is the report's own date, on
    its cover or in its running header: the time of a figure the text gives no date for."""
    for line in doc.lines:
        match = re.fullmatch(rf"({MONTHS})\s+((?:19|20)\d\d)", line.stripped)
        if match:
            end = _month_end(int(match.group(2)), match.group(1), None)
            return Period(f"{line.stripped} {REPORT_DATE}", end, line.start, False)
    return None


def _financial_year(text: str) -> Period | None:
    """The latest financial year a table header names ("2005/06 to 2007/08": 2007/08)."""
    years = list(FINANCIAL_YEAR.finditer(text))
    if not years:
        return None
    last = max(years, key=lambda m: int(m.group(1)))
    end_year = int(last.group(1)) + 1
    return Period(last.group(0), date(end_year, 3, 31), last.start(), False)


def _month_end(year: int, month: str, day: str | None) -> date:
    number = list(calendar.month_name).index(month.capitalize())
    if day:
        return date(year, number, int(day))
    return date(year, number, calendar.monthrange(year, number)[1])


def year_before(period: Period) -> Period:
    end = period.end
    if end is not None:
        last = calendar.monthrange(end.year - 1, end.month)[1]
        day = last if end.day == calendar.monthrange(end.year, end.month)[1] else end.day
        end = date(end.year - 1, end.month, min(day, last))
    return Period(f"the previous year, before the {period.text}", end, period.start, False)


def table_period(text: str) -> Period | None:
    stated = [p for p in periods_in(text) if not p.baseline]
    if stated:
        return max(stated, key=lambda p: p.end or date.min)
    return _financial_year(text)


def year_in(clause: str, offset: int) -> Period | None:
    """A calendar year the figure's clause gives as its time ("agreed for 2014"): to 31
    December of that year."""
    match = YEAR.search(clause)
    if match is None:
        return None
    year = int(match.group(1))
    return Period(match.group(1), date(year, 12, 31), offset + match.start(), False)


# A year naming an event or a scheme: "the 2007 'Have Your Say' initiative that achieved 3095".
_NAMED_YEAR = re.compile(r"\bthe\s+((?:19|20)\d\d)\s+(?=[‘'\"“A-Z])")


def named_year_in(text: str, offset: int) -> Period | None:
    """The year of the last event or scheme named in `text` (the words of the figure's clause
    before it) by "the <year> <Name>": to 31 December."""
    found = list(_NAMED_YEAR.finditer(text))
    if not found:
        return None
    year = int(found[-1].group(1))
    return Period(found[-1].group(1), date(year, 12, 31), offset + found[-1].start(1), False)


def opening_month(sentence: str) -> Period | None:
    """The month a sentence opens with ("In February 2008, the force held ..."): to its end.
    The sentences after it tell of the same event ("There were 440 attendees")."""
    month = OPENING_MONTH.match(sentence)
    if month is None:
        return None
    end = _month_end(int(month.group(2)), month.group(1), None)
    return Period(f"{month.group(1)} {month.group(2)}", end, month.start(1), False)


def opening_year(sentence: str) -> Period | None:
    """The year a sentence opens with ("In 2006, HMIC conducted ..."): to 31 December, or its
    month (opening_month)."""
    month = opening_month(sentence)
    if month is not None:
        return month
    match = OPENING_YEAR.match(sentence)
    if match is None:
        return None
    year = int(match.group(1))
    return Period(match.group(1), date(year, 12, 31), match.start(1), False)


def financial_year_in(text: str, offset: int) -> Period | None:
    """The first financial year a figure's clause gives as its time, from the figure on
    ("£1.13 million in 2008/09"): to 31 March of its second year."""
    match = re.search(r"\b(?:in|for|during)\s+((?:19|20)\d\d)/\d\d(?![\d/])", text, re.I)
    if match is None:
        return None
    end = date(int(match.group(1)) + 1, 3, 31)
    return Period(match.group(0).split()[-1], end, offset + match.start(1), False)


def undated_in(text: str, at: int) -> Period | None:
    """A time worded without a date in the figure's sentence ("To date, ...", "at the time of
    inspection"), the nearest to the figure: a period with no end date."""
    found = list(UNDATED.finditer(text))
    if not found:
        return None
    match = min(found, key=lambda m: abs(m.start() - at))
    return Period(match.group(0), None, match.start(), False)


def first_period(text: str) -> Period | None:
    for period in periods_in(text):
        start, end = clause_bounds(text, period.start)
        if not period.baseline and not COMPARISON_CLAUSE.match(text[start:end]):
            return period
    return None

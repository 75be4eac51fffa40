"""Figures in inspection reports: the tables PDF extraction flattened, and figures in sentences.

What is matched comes from the ontology (ontology/statistics.ttl), never from strings in here:
measures by their labels and match phrases, units by theirs. A measure's skos:prefLabel ends
with its unit in brackets ("Victim satisfaction (percent)"), and a figure only ever gets a
measure of its own unit. What this module knows is the shape of the reports:

- a table row is "<label> <number> <number> [<number> <number>]" (a chart's data label may be
  "<label> <number>%"), rows stand apart by blank lines, and the header above them names the
  areas in column order, the sub-columns ("Number of outcomes", "Rate"), the unit and often
  the period; a caption ("Figure 2: ... for the 12 months to 30 June 2015") above gives what the
  header leaves out; a note starting with "*" changes the unit or period of the starred rows
  it names. A row labelled with an area ("Derbyshire -2.7pp +1.0pp ...") belongs to a table
  whose header names the indicators (the 2008 SPI tables);
- in a sentence, a figure is a number with a unit ("88.0 percent (± 1.4 percent)", "79 OCGs per
  one million") or a number, in digits or words, next to what it counts ("502 offenders",
  "population of 987,000", "three policing divisions"); its measure is named in the sentence
  or, for "this approach" and "in this way", in the sentences just before; its period is stated
  in its clause, its sentence or the two before, and failing that it is the report's own date
  where the report states one ("September 2008"); it is England and Wales's figure when its
  clause says so ("nationally", "all forces").

Footnotes, footnote numbers, page numbers and bare URLs are left out of the prose; each figure
is kept once (repeated pages), and its evidence is the number as it stands in the file.
"""

from __future__ import annotations

import calendar
import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kg.extract.concepts import Concept, Gazetteer
from kg.facts import ObservationFact
from kg.source.document import Line, SourceDocument
from kg.source.segments import (
    CLAUSE_BREAK,
    clause_bounds,
    ends_sentence,
    prose_paragraphs,
    sentences,
)
from kg.source.text import Normalised

FORCE = "force"
ENGLAND_AND_WALES = "england-and-wales"
COUNT = "count"

# ---------------------------------------------------------------------------------------------
# The grammar of figures, periods and areas (words of English, not labels of the ontology)
# ---------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.,£$€/])([-+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d/])")
# fmt: off
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                "eighteen", "nineteen", "twenty")
# fmt: on
# A number written as a word ("the three policing divisions"); only ever a count.
_NUMBER_WORD = re.compile(rf"\b({'|'.join(NUMBER_WORDS)})\b(?![-‐])", re.IGNORECASE)
_CELL = re.compile(r"^([-+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%|pp)?$")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A date as the reports write it; a footnote number may stick to the year ("30 June 201514").
_DATE = rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<month>{_MONTHS})\s+(?P<year>(?:19|20)\d\d)"
_PERIOD = re.compile(
    r"\b(?:(?:the\s+)?(?:12|twelve)\s+months\s+(?:to|prior\s+to|ending|up\s+to)"
    r"(?:\s+the\s+end\s+of)?"
    r"|(?:the\s+)?(?:\w+[-\s])?year\s+period\s+to"
    r"|(?:the\s+)?year\s+ending(?:\s+the\s+end\s+of)?"
    r"|as\s+(?:of|at)|by"
    rf"|between\s+(?:{_MONTHS})\s+(?:19|20)\d\d\s+and)"
    rf"\s+{_DATE}(?:\d{{1,2}})?(?!\d)",
    re.IGNORECASE,
)
# A time the text gives without a date: the figure has no end date, not the report's.
_UNDATED = re.compile(
    r"\b(?:to\s+date|so\s+far|currently|at\s+present"
    r"|at\s+the\s+time\s+of\s+(?:the\s+|our\s+|this\s+)?inspection"
    r"|(?:over|in|during)\s+the\s+(?:last|past)\s+(?:\w+\s+)?(?:years?|months?)"
    r"|last\s+year)\b",
    re.IGNORECASE,
)
# A calendar year as the time of a figure in its clause ("the eight priorities agreed for 2014",
# "the eight sergeants who were dedicated ... in 2007"); not "since 2010", not "2008/09".
_YEAR = re.compile(r"\b(?:in|for|during)\s+((?:19|20)\d\d)(?![\d/])", re.IGNORECASE)
_FINANCIAL_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)/(\d\d)(?![\d/])")
# A period that is the baseline of a comparison, not the period of the figure.
_BASELINE_BEFORE = re.compile(
    r"(?:compared\s+(?:with|to)|against|than|comparing\b.*\bwith)\s+(?:the\s+)?$", re.IGNORECASE
)
_COMPARISON_CLAUSE = re.compile(r"^(?:compared|than|against)\b", re.IGNORECASE)
# The value of the comparison's subject, given after the comparison: "... than the national
# average at just under 5%".
_AT_FIGURE = re.compile(r"\bat\s+(?:(?:just|about|around|almost|nearly|over|under)\s+){0,2}$")
_PREVIOUS_YEAR = re.compile(
    r"\b(?:in|for|during)\s+the\s+previous\s+year\b|\bthe\s+year\s+before\b", re.IGNORECASE
)
_NATIONAL = re.compile(
    r"\bEngland\s+and\s+Wales\b|\bnational(?:ly)?\b|\ball\s+(?:police\s+)?forces\b", re.IGNORECASE
)
_FALL_BEFORE = re.compile(
    r"\b(?:(?:reduced|decreased|fell|fallen|dropped)\s+by|(?:a\s+)?(?:reduction|decrease|fall)"
    r"\s+of)\s+$",
    re.IGNORECASE,
)
_FALL_AFTER = re.compile(r"^\s+(?:reduction|decrease|fall|fewer)\b", re.IGNORECASE)
_MARGIN = re.compile(
    r"^\s*\(\s*(?:±|\+/-|\+/–|plus\s+or\s+minus)\s*(\d+(?:\.\d+)?)\s*[^()]{0,20}\)", re.IGNORECASE
)
# Footnote numbers stuck to a word or a sentence end ("approach1", "(MAPPAs)12", "people.2").
_FOOTNOTE_MARK = re.compile(r"(?:(?<=[A-Za-z)\]’'”])|(?<=[A-Za-z)’'”][.,;:]))\d{1,2}(?!\d)")
# A footnote at the foot of a page: "12 MAPPAs are in place ..." (not "30 June 2015 ...").
_FOOTNOTE_LINE = re.compile(rf"^\d{{1,2}}\s+(?!(?:{_MONTHS}|percent|per)\b)[A-Z]")
_URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S*\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:Page\s+)?\d{1,3}\s*$", re.IGNORECASE)
_CAPTION = re.compile(r"^\s*(?:Figure|Table)\s*\d*\s*:", re.IGNORECASE)
_NOTE = re.compile(r"^\s*\*")
_RATE_WORD = re.compile(r"\brates?\b", re.IGNORECASE)
_FORCE_SUFFIX = re.compile(r"\s+(?:Constabulary|Police(?:\s+Service)?)$")
_GAP = " … "
_MAX_HEADER_LINES = 80
_MAX_CAPTION_DISTANCE = 60
_MAX_LABEL = 70
_CONTEXT_SENTENCES = 3
_COUNT_GAP_WORDS = 4


# ---------------------------------------------------------------------------------------------
# The vocabulary: measures with their units, unit phrases, the areas' names
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Vocabulary:
    doc: SourceDocument
    gazetteer: Gazetteer
    unit_of: dict[str, Concept]  # measure slug -> its unit
    force_names: tuple[str, ...]  # "Derbyshire Constabulary", "Derbyshire"
    report_date: _Period | None  # the date the report gives itself, for figures with none

    def measures(self, unit: Concept | None, rate: bool = False) -> tuple[Concept, ...]:
        """The measures in this unit; with no unit, any measure (any but counts for a rate)."""
        if unit is not None:
            return tuple(m for m in self.gazetteer.measures if self.unit_of[m.slug] == unit)
        return tuple(
            m for m in self.gazetteer.measures if not rate or self.unit_of[m.slug].slug != COUNT
        )

    def unit_phrases(self, counts: bool = False) -> list[tuple[str, Concept]]:
        pairs = [
            (phrase, unit)
            for unit in self.gazetteer.units
            if counts or unit.slug != COUNT
            for phrase in unit.labels + unit.phrases
        ]
        return sorted(pairs, key=lambda pair: -len(pair[0]))


def measure_units(gazetteer: Gazetteer) -> dict[str, Concept]:
    """Each measure's unit: the unit whose label ends the measure's prefLabel in brackets."""
    by_label = {label.lower(): unit for unit in gazetteer.units for label in unit.labels}
    units = {}
    for measure in gazetteer.measures:
        bracket = re.search(r"\(([^()]+)\)\s*$", measure.label)
        unit = by_label.get(bracket.group(1).lower()) if bracket else None
        if unit is None:
            raise ValueError(
                f"measure {measure.iri}: its prefLabel {measure.label!r} does not end with "
                "a unit's label in brackets"
            )
        units[measure.slug] = unit
    return units


def _vocabulary(doc: SourceDocument, gazetteer: Gazetteer, force_name: str) -> _Vocabulary:
    place = _FORCE_SUFFIX.sub("", force_name)
    names = (force_name, place) if place != force_name else (force_name,)
    return _Vocabulary(doc, gazetteer, measure_units(gazetteer), names, _report_date(doc))


# ---------------------------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------------------------


def extract_statistics(
    doc: SourceDocument, gazetteer: Gazetteer, force_name: str
) -> tuple[ObservationFact, ...]:
    """Every figure the report states, once each, in document order."""
    if not gazetteer.measures:
        return ()
    vocabulary = _vocabulary(doc, gazetteer, force_name)
    facts: list[ObservationFact] = []
    table_lines: set[int] = set()
    for table in _tables(doc):
        table_lines |= table.lines
        facts.extend(_table_facts(vocabulary, table))
    sentences = _sentences(doc, table_lines)
    for index in range(len(sentences)):
        facts.extend(_sentence_facts(vocabulary, sentences, index))
    return _dated(_once(facts), vocabulary.report_date)


def _dated(
    facts: Iterable[ObservationFact], report_date: _Period | None
) -> tuple[ObservationFact, ...]:
    """A figure the text gives no time for is as at the report's own date, if it gives one; a
    figure whose time is worded without a date ("to date", "at the time of inspection") keeps
    no end date."""
    if report_date is None:
        return tuple(facts)
    return tuple(
        fact
        if fact.period_end or fact.period
        else dataclasses.replace(fact, period=report_date.text, period_end=report_date.end)
        for fact in facts
    )


def _once(facts: Iterable[ObservationFact]) -> tuple[ObservationFact, ...]:
    """Repeated pages state a figure again: keep its first statement; and drop a figure stated
    without a period where the same value of the same measure is stated with one."""
    ordered = sorted(facts, key=lambda f: f.evidence.start)
    seen: dict[tuple, ObservationFact] = {}
    for fact in ordered:
        seen.setdefault((fact.measure.slug, fact.area, fact.period_end, fact.value), fact)
    dated = {(f.measure.slug, f.area, f.value) for f in seen.values() if f.period_end}
    return tuple(
        f
        for f in seen.values()
        if f.period_end is not None or (f.measure.slug, f.area, f.value) not in dated
    )


# ---------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Period:
    text: str  # as worded, without a footnote number stuck to the year
    end: date | None
    start: int  # where it stands in the text searched
    baseline: bool  # the earlier period of a comparison ("compared with the 12 months to ...")


def _periods(text: str) -> list[_Period]:
    found = []
    for match in _PERIOD.finditer(text):
        year_end = match.start("year") + 4
        wording = re.sub(r"^the\s+", "", text[match.start() : year_end], flags=re.IGNORECASE)
        found.append(
            _Period(
                text=wording,
                end=_month_end(int(match.group("year")), match.group("month"), match.group("day")),
                start=match.start(),
                baseline=bool(_BASELINE_BEFORE.search(text[: match.start()])),
            )
        )
    return found


def _report_date(doc: SourceDocument) -> _Period | None:
    """A line that is only a month and a year ("September 2008") is the report's own date, on
    its cover or in its running header: the time of a figure the text gives no date for."""
    for line in doc.lines:
        match = re.fullmatch(rf"({_MONTHS})\s+((?:19|20)\d\d)", line.stripped)
        if match:
            end = _month_end(int(match.group(2)), match.group(1), None)
            return _Period(f"{line.stripped} (the report's date)", end, line.start, False)
    return None


def _financial_year(text: str) -> _Period | None:
    """The latest financial year a table header names ("2005/06 to 2007/08": 2007/08)."""
    years = list(_FINANCIAL_YEAR.finditer(text))
    if not years:
        return None
    last = max(years, key=lambda m: int(m.group(1)))
    end_year = int(last.group(1)) + 1
    return _Period(last.group(0), date(end_year, 3, 31), last.start(), False)


def _month_end(year: int, month: str, day: str | None) -> date:
    number = list(calendar.month_name).index(month.capitalize())
    if day:
        return date(year, number, int(day))
    return date(year, number, calendar.monthrange(year, number)[1])


def _year_before(period: _Period) -> _Period:
    end = period.end
    if end is not None:
        last = calendar.monthrange(end.year - 1, end.month)[1]
        day = last if end.day == calendar.monthrange(end.year, end.month)[1] else end.day
        end = date(end.year - 1, end.month, min(day, last))
    return _Period(f"the previous year, before the {period.text}", end, period.start, False)


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    value: Decimal
    suffix: str  # "%", "pp" or ""
    start: int  # offsets in the file
    end: int


@dataclass(frozen=True)
class _Row:
    line: int  # index into doc.lines
    label: str
    starred: bool
    cells: tuple[_Cell, ...]


@dataclass(frozen=True)
class _Table:
    rows: tuple[_Row, ...]
    header: str  # normalised
    caption: str  # normalised, or ""
    notes: tuple[str, ...]  # normalised "*" notes
    lines: frozenset[int]  # every line the table takes (header, rows, notes)


def _row(line: Line, index: int, fragments: Sequence[str] = ()) -> _Row | None:
    """A line "<label> <number> <number> ..." (or a chart's "<label> <number>%")."""
    tokens = list(re.finditer(r"\S+", line.text))
    cells: list[_Cell] = []
    while tokens and (cell := _CELL.match(tokens[-1].group(0))):
        sign, whole, fraction, suffix = cell.groups()
        value = Decimal(f"{sign}{whole.replace(',', '')}{fraction or ''}")
        token = tokens.pop()
        start, end = line.start + token.start(), line.start + token.end()
        cells.insert(0, _Cell(value, suffix or "", start, end))
    if not tokens or not (len(cells) >= 2 or (len(cells) == 1 and cells[0].suffix == "%")):
        return None
    label = " ".join([*fragments, *(t.group(0) for t in tokens)])
    if (
        len(label) > _MAX_LABEL
        or not re.search(r"[A-Za-z]", label)
        or _CAPTION.match(label)
        or re.search(rf"\b(?:{_MONTHS}|to|and|of|between|from)$", label.rstrip("*"))
    ):
        return None
    starred = label.endswith("*")
    return _Row(index, label.rstrip("*").strip(), starred, tuple(cells))


def _is_fragment(line: Line) -> bool:
    """A piece of a chart's data label broken over lines ("Commodity", "importation,")."""
    text = line.stripped
    return 0 < len(text) <= 40 and not re.search(r"\d", text) and not re.search(r"[.?!:]$", text)


def _row_blocks(doc: SourceDocument) -> Iterator[tuple[list[_Row], list[int]]]:
    """Runs of rows separated by blank lines (and, in charts, by broken data labels)."""
    rows: list[_Row] = []
    taken: list[int] = []
    fragments: list[int] = []
    for index, line in enumerate(doc.lines):
        if line.is_blank:
            continue
        row = _row(line, index)
        if row is not None:
            if fragments and len(row.cells) == 1:
                row = _row(line, index, [doc.lines[i].stripped for i in fragments]) or row
                taken.extend(fragments)
            rows.append(row)
            taken.append(index)
            fragments = []
            continue
        chart = all(len(r.cells) == 1 for r in rows)  # no rows yet counts as a chart
        if chart and _is_fragment(line) and len(fragments) < 4:
            fragments.append(index)
            continue
        if rows:
            yield rows, taken
        rows, taken, fragments = [], [], []
    if rows:
        yield rows, taken


def _tables(doc: SourceDocument) -> Iterator[_Table]:
    for rows, taken in _row_blocks(doc):
        if len(rows) < 2 and len(rows[0].cells) < 4:
            continue  # a lone line of numbers in prose is not a table
        first = min(taken)
        top = _header_top(doc, first)
        notes, note_lines = _notes(doc, top, max(taken))
        caption = _caption(doc, top)
        header = doc.clean(doc.lines[top].start, doc.lines[first].start) if top < first else ""
        lines = frozenset(range(top, first)) | frozenset(taken) | note_lines
        yield _Table(tuple(rows), header, caption, notes, lines)


def _header_top(doc: SourceDocument, first: int) -> int:
    """The header runs up from the first row to the line after the last sentence end."""
    top = first
    while top > 0 and first - top < _MAX_HEADER_LINES:
        above = doc.lines[top - 1]
        if not above.is_blank and (
            # A bracket closes a unit ("(percent)"), a colon introduces the rows: both header.
            ends_sentence(above.stripped, stops=".?!", closers="'’\"”")
            or _row(above, top - 1) is not None
        ):
            break
        top -= 1
    while top < first and doc.lines[top].is_blank:
        top += 1
    return top


def _notes(doc: SourceDocument, top: int, bottom: int) -> tuple[tuple[str, ...], frozenset[int]]:
    """Notes starting with "*" just above the header or just below the last row."""
    notes: list[str] = []
    lines: set[int] = set()
    near = [*range(max(0, top - 8), top), *range(bottom + 1, min(len(doc.lines), bottom + 5))]
    starts = [i for i in near if _NOTE.match(doc.lines[i].text)]
    for start in starts:
        end = start
        while end + 1 < len(doc.lines) and not doc.lines[end + 1].is_blank and end + 1 != top:
            end += 1
        notes.append(doc.clean(doc.lines[start].start, doc.lines[end].end).lstrip("* "))
        lines |= set(range(start, end + 1))
    return tuple(notes), frozenset(lines)


def _caption(doc: SourceDocument, top: int) -> str:
    """The nearest "Figure N: ..." caption above the table, with its wrapped lines."""
    for i in range(top - 1, max(-1, top - _MAX_CAPTION_DISTANCE), -1):
        if _CAPTION.match(doc.lines[i].text):
            end = i
            while end + 1 < top and not doc.lines[end + 1].is_blank and end - i < 3:
                end += 1
            return doc.clean(doc.lines[i].start, doc.lines[end].end)
    return ""


@dataclass(frozen=True)
class _Column:
    area: str
    unit: Concept | None  # None: the unit the row's measure has
    rate: bool = False  # a "Rate" column that names no unit: not a count


def _table_facts(vocabulary: _Vocabulary, table: _Table) -> list[ObservationFact]:
    if all(_area_of_label(vocabulary, row.label) for row in table.rows):
        return _indicator_table_facts(vocabulary, table)
    period = _table_period(table.header) or _table_period(table.caption)
    unit = _unit_in(vocabulary, table.header) or _unit_in(vocabulary, table.caption)
    areas = _area_order(vocabulary, table.header)
    facts = []
    for row in table.rows:
        columns = _columns(vocabulary, table.header, unit, areas, len(row.cells))
        if columns is None:
            continue
        row_period, row_unit = period, None
        if row.starred:
            row_period, row_unit = _note_overrides(vocabulary, table.notes, row, period)
        for cell, column in zip(row.cells, columns, strict=True):
            stated = _unit_of_suffix(vocabulary, cell.suffix) or row_unit or column.unit
            fact = _table_fact(vocabulary, row, cell, column, stated, row_period)
            if fact is not None:
                facts.append(fact)
    return facts


def _table_fact(
    vocabulary: _Vocabulary,
    row: _Row,
    cell: _Cell,
    column: _Column,
    unit: Concept | None,
    period: _Period | None,
) -> ObservationFact | None:
    """The measure of the column's unit that the row label names."""
    named = dataclasses.replace(
        vocabulary.gazetteer, measures=vocabulary.measures(unit, rate=column.rate)
    )
    measure = named.measure_of(row.label)
    if measure is None:
        return None
    return ObservationFact(
        measure=measure,
        label=row.label,
        value=cell.value,
        unit=unit or vocabulary.unit_of[measure.slug],
        area=column.area,
        period=period.text if period else "",
        period_end=period.end if period else None,
        margin=None,
        evidence=vocabulary.doc.evidence(cell.start, cell.end),
    )


def _table_period(text: str) -> _Period | None:
    stated = [p for p in _periods(text) if not p.baseline]
    if stated:
        return max(stated, key=lambda p: p.end or date.min)
    return _financial_year(text)


def _columns(
    vocabulary: _Vocabulary,
    header: str,
    unit: Concept | None,
    areas: list[str],
    cells: int,
) -> list[_Column] | None:
    """The columns: the areas in the header's order, each with the same sub-columns (one, or
    "Number of outcomes" and "Rate"); None if the row does not fit the header."""
    if cells % len(areas):
        return None
    per_area = cells // len(areas)
    if per_area == 1:
        return [_Column(area, unit) for area in areas]
    count = vocabulary.gazetteer.unit_by_slug(COUNT)
    count_at = _first_label(header, count.labels)
    rate_at = _RATE_WORD.search(header)
    if per_area != 2 or count_at is None or rate_at is None:
        return None
    rate_unit = unit if unit is not None and unit != count else None
    kinds = [(count, False), (rate_unit, True)]
    if rate_at.start() < count_at:
        kinds.reverse()
    return [_Column(area, kind, rate) for area in areas for kind, rate in kinds]


def _first_label(text: str, labels: Iterable[str]) -> int | None:
    starts = [m.start() for label in labels if (m := _find(text, label))]
    return min(starts) if starts else None


def _note_overrides(
    vocabulary: _Vocabulary, notes: Sequence[str], row: _Row, period: _Period | None
) -> tuple[_Period | None, Concept | None]:
    """A note's clause that names a starred row may give it its own period or unit."""
    unit = None
    for note in notes:
        for clause in re.split(r";\s+|\s+and\s+(?=the\b)", note):
            if not _names_row(clause, row.label):
                continue
            stated = [p for p in _periods(clause) if not p.baseline]
            period = stated[0] if stated else period
            unit = _unit_in(vocabulary, clause) or unit
    return period, unit


def _names_row(clause: str, label: str) -> bool:
    words = label.lower().split()[:2]
    return " ".join(words) in clause.lower()


def _unit_in(vocabulary: _Vocabulary, text: str) -> Concept | None:
    """The unit a header, caption or note names first."""
    best: tuple[int, int, Concept] | None = None
    for phrase, unit in vocabulary.unit_phrases():
        match = _find(text, phrase)
        if match and (best is None or (match.start(), -len(phrase)) < best[:2]):
            best = (match.start(), -len(phrase), unit)
    return best[2] if best else None


def _unit_of_suffix(vocabulary: _Vocabulary, suffix: str) -> Concept | None:
    if not suffix:
        return None
    for phrase, unit in vocabulary.unit_phrases():
        if phrase.lower() == suffix.lower():
            return unit
    return None


def _area_order(vocabulary: _Vocabulary, header: str) -> list[str]:
    """The areas a header names, in column order; the force alone if it names none."""
    found = []
    force = _force_match(vocabulary, header)
    if force is not None:
        found.append((force.start(), FORCE))
    national = re.search(r"\bEngland\s+and\s+Wales\b", header, re.IGNORECASE)
    if national is not None:
        found.append((national.start(), ENGLAND_AND_WALES))
    return [area for _, area in sorted(found)] or [FORCE]


def _force_match(vocabulary: _Vocabulary, text: str) -> re.Match[str] | None:
    matches = [m for name in vocabulary.force_names if (m := _find(text, name))]
    return min(matches, key=lambda m: m.start()) if matches else None


def _area_of_label(vocabulary: _Vocabulary, label: str) -> str | None:
    text = " ".join(label.split()).lower()
    if text in (name.lower() for name in vocabulary.force_names):
        return FORCE
    if text == "england and wales":
        return ENGLAND_AND_WALES
    return None


def _indicator_table_facts(vocabulary: _Vocabulary, table: _Table) -> list[ObservationFact]:
    """Rows are areas and the header names indicators ("SPI 2a ... KDI ... SPI 10b ..."), each
    with its sub-columns ("Difference from MSF", "2005/06 to 2007/08 change"): a column is the
    indicator's measure whose label is the indicator followed by the sub-column's words."""
    indicators = _labels_in(table.header, vocabulary.gazetteer.measures)
    named = {measure.slug for measure, _ in indicators}
    columns: list[Concept] = []
    for measure, code in indicators:
        columns.extend(_indicator_columns(vocabulary, table.header, measure, code, named))
    period = _table_period(table.header) or _table_period(table.caption)
    facts = []
    for row in table.rows:
        if len(row.cells) != len(columns):
            continue  # the header does not say which figure is which
        area = _area_of_label(vocabulary, row.label)
        for cell, measure in zip(row.cells, columns, strict=True):
            unit = _unit_of_suffix(vocabulary, cell.suffix) or vocabulary.unit_of[measure.slug]
            if area is None or unit != vocabulary.unit_of[measure.slug]:
                continue
            facts.append(
                ObservationFact(
                    measure=measure,
                    label=row.label,
                    value=cell.value,
                    unit=unit,
                    area=area,
                    period=period.text if period else "",
                    period_end=period.end if period else None,
                    margin=None,
                    evidence=vocabulary.doc.evidence(cell.start, cell.end),
                )
            )
    return facts


def _indicator_columns(
    vocabulary: _Vocabulary, header: str, indicator: Concept, code: str, named: set[str]
) -> list[Concept]:
    """The measures "<code> <sub-column words>" whose words the header holds, in its order;
    the indicator itself when it has none."""
    found = []
    prefix = code.lower() + " "
    for measure in vocabulary.gazetteer.measures:
        if measure.slug in named:
            continue
        for label in measure.labels:
            if label.lower().startswith(prefix):
                at = _find(header, label[len(prefix) :])
                if at is not None:
                    found.append((at.start(), measure))
                    break
    if found:
        return [measure for _, measure in sorted(found, key=lambda pair: pair[0])]
    return [indicator]


def _labels_in(text: str, measures: Sequence[Concept]) -> list[tuple[Concept, str]]:
    """Measures whose labels stand in the text, in order, the longest where two overlap."""
    hits = sorted(
        (
            (m.start(), -m.end(), measure, m.group(0))
            for measure in measures
            for label in measure.labels
            for m in _find_all(text, label)
        ),
        key=lambda hit: hit[:2],
    )
    found: list[tuple[Concept, str]] = []
    reached = 0
    for start, negative_end, measure, matched in hits:
        if start >= reached:
            found.append((measure, matched))
            reached = -negative_end
    return found


# ---------------------------------------------------------------------------------------------
# Prose: paragraphs and sentences, with tables, footnotes and bare URLs left out
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sentence:
    source: Normalised  # the paragraph, normalised, mapping back to the file
    masked: str  # the paragraph's text with footnote numbers blanked (same length)
    start: int
    end: int
    paragraph: int

    @property
    def text(self) -> str:
        return self.masked[self.start : self.end]


def _sentences(doc: SourceDocument, skip: set[int]) -> list[_Sentence]:
    left_out = (
        skip
        | _footnote_lines(doc)
        | {
            i
            for i, line in enumerate(doc.lines)
            if _URL_LINE.match(line.text) or _PAGE_NUMBER.match(line.text)
        }
    )
    found = []
    for number, spans in enumerate(prose_paragraphs(doc, left_out)):
        source = _joined([doc.normalised(start, end) for start, end in spans])
        if not source.text:
            continue
        masked = _FOOTNOTE_MARK.sub(lambda m: " " * len(m.group(0)), source.text)
        for start, end in sentences(masked):
            found.append(_Sentence(source, masked, start, end, number))
    return found


def _footnote_lines(doc: SourceDocument) -> set[int]:
    """Footnotes at the foot of a page: from "<n> <Capital>..." after a blank line, to the next
    blank line or page."""
    lines: set[int] = set()
    inside = False
    for i, line in enumerate(doc.lines):
        if line.is_blank or line.starts_page:
            inside = False
        after_gap = i == 0 or doc.lines[i - 1].is_blank or inside
        if not line.is_blank and after_gap and _FOOTNOTE_LINE.match(line.text):
            inside = True
        if inside and not line.is_blank:
            lines.add(i)
    return lines


def _joined(pieces: Sequence[Normalised]) -> Normalised:
    text: list[str] = []
    origin: list[int] = []
    for piece in pieces:
        if not piece.text:
            continue
        if text:
            text.append(" ")
            origin.append(piece.origin[0])
        text.append(piece.text)
        origin.extend(piece.origin)
    return Normalised("".join(text), tuple(origin))


# ---------------------------------------------------------------------------------------------
# Figures in sentences
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    value: Decimal
    unit: Concept | None  # None: a count, if a measure names what is counted
    start: int  # the number, in the sentence's text
    end: int  # the number and, where it follows at once, its unit
    number_end: int
    margin: Decimal | None


@dataclass(frozen=True)
class _Named:
    measure: Concept
    wording: str


def _sentence_facts(
    vocabulary: _Vocabulary, sentences: Sequence[_Sentence], index: int
) -> list[ObservationFact]:
    sentence = sentences[index]
    count = vocabulary.gazetteer.unit_by_slug(COUNT)
    facts = []
    figures = _figures(vocabulary, sentence.text)
    counted = iter(_counted(vocabulary, sentences, index, [f for f in figures if f.unit is None]))
    for figure in figures:
        if figure.unit is None:
            named = next(counted)
        else:
            named = _named_measure(vocabulary, sentences, index, figure.unit)
        if named is None:
            continue
        clause = _clause(sentence.text, figure.start)
        period = _period(sentences, index, figure, clause)
        first = not any(f.unit is not None and f.start < figure.start for f in figures)
        start, end = sentence.start + figure.start, sentence.start + figure.end
        facts.append(
            ObservationFact(
                measure=named.measure,
                label=named.wording,
                value=figure.value,
                unit=figure.unit or count,
                area=_area(vocabulary, sentence.text, figure, clause, first),
                period=period.text if period else "",
                period_end=period.end if period else None,
                margin=figure.margin,
                evidence=vocabulary.doc.evidence(*sentence.source.source_span(start, end)),
            )
        )
    return facts


def _figures(vocabulary: _Vocabulary, text: str) -> list[_Figure]:
    """Numbers with the unit that follows them ("88.0 percent", "79 OCGs per one million"), or
    with none (a count, if something countable stands next to it, "three policing divisions").
    The number of a margin of error ("(± 1.4 percent)") belongs to the figure before it; the
    top of a range ("30-50%") and a number in a unit ("per 1,000") are no figures."""
    figures = []
    margin_end = 0
    for match in _NUMBER.finditer(text):
        before = text[: match.start()]
        if match.start() < margin_end or re.search(r"(?:\bper\s+|\d\s*[-–]\s*)$", before):
            continue
        sign, whole, fraction = match.groups()
        value = Decimal(f"{sign}{whole.replace(',', '')}{fraction or ''}")
        unit, end = _unit_after(vocabulary, text, match.end())
        margin = _MARGIN.match(text[end:]) if unit is not None else None
        falls = _FALL_BEFORE.search(_clause_head(text, match.start())) or _FALL_AFTER.match(
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
    for match in _NUMBER_WORD.finditer(text):
        if re.search(r"\bper\s+$", text[: match.start()]):
            continue
        value = Decimal(NUMBER_WORDS.index(match.group(1).lower()) + 1)
        figures.append(_Figure(value, None, match.start(), match.end(), match.end(), None))
    return sorted(figures, key=lambda f: f.start)


def _unit_after(vocabulary: _Vocabulary, text: str, at: int) -> tuple[Concept | None, int]:
    """The unit written straight after a number ("percent", "%", "pp"), or a rate a few words
    on ("79 OCGs per one million"); and where the number and its unit end."""
    rest = text[at:]
    for phrase, unit in vocabulary.unit_phrases():
        if phrase.lower().startswith("per "):
            pattern = rf"((?:\s+[A-Za-z'’-]+){{0,3}}?)\s+{re.escape(phrase)}(?!\w)"
            if (match := re.match(pattern, rest, re.IGNORECASE)) is not None:
                return unit, at if match.group(1) else at + match.end()
        elif (match := re.match(rf" ?{re.escape(phrase)}(?!\w)", rest, re.IGNORECASE)) is not None:
            return unit, at + match.end()
    return None, at


def _clause(text: str, at: int) -> str:
    start, end = clause_bounds(text, at)
    return text[start:end]


def _clause_head(text: str, at: int) -> str:
    start, _ = clause_bounds(text, at)
    return text[start:at]


def _area(vocabulary: _Vocabulary, text: str, figure: _Figure, clause: str, first: bool) -> str:
    """England and Wales when the figure's clause says so; or when the sentence opens by saying
    so before its first figure ("When considering all forces across England and Wales, there
    were 9 percent fewer ..."); or when the sentence speaks of England and Wales, other than
    in a comparison, and never of the force. Else the force. A figure that a comparison gives
    with "at" is the subject's own ("lower than the national average at just under 5%")."""
    head = text[clause_bounds(text, figure.start)[0] : figure.start]
    own = _COMPARISON_CLAUSE.match(clause) is not None and _AT_FIGURE.search(head) is not None
    if _NATIONAL.search(clause) and not own:
        return ENGLAND_AND_WALES
    if _force_match(vocabulary, clause):
        return FORCE
    lead = text[: clause_bounds(text, figure.start)[0]]
    if first and _NATIONAL.search(lead) and not _force_match(vocabulary, lead):
        return ENGLAND_AND_WALES
    if _force_match(vocabulary, text) is None and any(
        _NATIONAL.search(part) and not _COMPARISON_CLAUSE.match(part)
        for part in CLAUSE_BREAK.split(text)
    ):
        return ENGLAND_AND_WALES
    return FORCE


def _period(
    sentences: Sequence[_Sentence], index: int, figure: _Figure, clause: str
) -> _Period | None:
    """The period in the figure's clause, else the nearest one before it in its sentence (or
    after it), else the first one of the two sentences before ("Over this period, ...");
    "in the previous year" steps a year back."""
    text = sentences[index].text
    clause_start, clause_end = clause_bounds(text, figure.start)
    stated = [p for p in _periods(text) if not p.baseline]
    own = [p for p in stated if clause_start <= p.start < clause_end]
    if own:
        return min(own, key=lambda p: abs(p.start - figure.start))
    before = [p for p in stated if p.start < figure.start]
    after = [p for p in stated if p.start > figure.start]
    found = before[-1] if before else after[0] if after else None
    if found is None:
        found = _year(text[clause_start:clause_end], clause_start) or _undated(text, figure.start)
    for back in range(index - 1, max(-1, index - 3), -1):
        if found is not None:
            break
        found = _first_period(sentences[back].text)
    if found is not None and _PREVIOUS_YEAR.search(clause):
        return _year_before(found)
    return found


def _year(clause: str, offset: int) -> _Period | None:
    """A calendar year the figure's clause gives as its time ("agreed for 2014"): to 31
    December of that year."""
    match = _YEAR.search(clause)
    if match is None:
        return None
    year = int(match.group(1))
    return _Period(match.group(1), date(year, 12, 31), offset + match.start(), False)


def _undated(text: str, at: int) -> _Period | None:
    """A time worded without a date in the figure's sentence ("To date, ...", "at the time of
    inspection"), the nearest to the figure: a period with no end date."""
    found = list(_UNDATED.finditer(text))
    if not found:
        return None
    match = min(found, key=lambda m: abs(m.start() - at))
    return _Period(match.group(0), None, match.start(), False)


def _first_period(text: str) -> _Period | None:
    for period in _periods(text):
        if not period.baseline and not _COMPARISON_CLAUSE.match(_clause(text, period.start)):
            return period
    return None


def _named_measure(
    vocabulary: _Vocabulary, sentences: Sequence[_Sentence], index: int, unit: Concept
) -> _Named | None:
    """The measure of this unit the sentence names first, else the one the nearest sentence
    before it in the paragraph names ("This is a reduction of 7 percent ...")."""
    measures = vocabulary.measures(unit)
    for back in range(index, max(-1, index - 1 - _CONTEXT_SENTENCES), -1):
        if sentences[back].paragraph != sentences[index].paragraph:
            break
        named = _earliest(sentences[back].text, measures)
        if named is not None:
            return named
    return None


def _earliest(text: str, measures: Iterable[Concept]) -> _Named | None:
    best: tuple[int, int, _Named] | None = None
    for measure in measures:
        for phrase in measure.labels + measure.phrases:
            match = _match_phrase(text, phrase)
            if match is not None:
                start, end, wording = match
                key = (start, -(end - start))
                if best is None or key < best[:2]:
                    best = (*key, _Named(measure, wording))
    return best[2] if best else None


def _counted(
    vocabulary: _Vocabulary, sentences: Sequence[_Sentence], index: int, figures: list[_Figure]
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
    for measure in vocabulary.measures(vocabulary.gazetteer.unit_by_slug(COUNT)):
        for phrase in measure.labels + measure.phrases:
            matches = [_find_all(window, part) for part in phrase.split(_GAP)]
            for i, number in enumerate(numbers):
                found = _adjacent_phrase(window, offset, number, phrase, matches)
                if found is not None:
                    key, wording = found
                    current = best[i]
                    if current is None or key < current[0]:
                        best[i] = (key, _Named(measure, wording))
    return [
        found[1] if found else _restated(vocabulary, sentences, index, figure)
        for found, figure in zip(best, figures, strict=True)
    ]


def _restated(
    vocabulary: _Vocabulary, sentences: Sequence[_Sentence], index: int, figure: _Figure
) -> _Named | None:
    """A number followed by the head word of the count the sentence just before gives, in the
    same paragraph ("There are 27 sergeants dedicated to SNTs. This has increased from the
    eight sergeants who were ..."): the same measure, at another time."""
    if index == 0 or sentences[index - 1].paragraph != sentences[index].paragraph:
        return None
    before = sentences[index - 1].text
    if not _NUMBER.search(before) and not _NUMBER_WORD.search(before):
        return None
    named = _earliest(before, vocabulary.measures(vocabulary.gazetteer.unit_by_slug(COUNT)))
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
    parts = phrase.split(_GAP)
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
            wording = _GAP.join(window[s:e] for s, e in spans)
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
        earlier = _find_all(window[:limit], part)
        if not earlier:
            return None
        spans.insert(0, (earlier[-1].start(), earlier[-1].end()))
        limit = earlier[-1].start()
    position = match.end()
    for part in parts[k + 1 :]:
        later = _find(window[position:], part)
        if later is None or position + later.start() < offset:
            return None
        spans.append((position + later.start(), position + later.end()))
        position += later.end()
    return spans


# ---------------------------------------------------------------------------------------------
# Matching labels and phrases
# ---------------------------------------------------------------------------------------------


@functools.cache
def _pattern(phrase: str) -> re.Pattern[str]:
    # Word edges where the phrase starts or ends with a word character (a number may stick to
    # its start); whitespace as any run.
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    if phrase[:1].isalnum():
        # No letter just before the phrase ("189Officers" counts officers). Asserted after its
        # first character (which stands unescaped at body[0]) rather than before it: the same
        # matches, but most places in a text now fail on that character without running the
        # look-behind, three times faster on a paragraph.
        body = body[0] + r"(?<![^\W\d_][\s\S])" + body[1:]
    tail = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return re.compile(body + tail, re.IGNORECASE)


def _find(text: str, phrase: str) -> re.Match[str] | None:
    return _pattern(phrase).search(text) if phrase.strip() else None


def _find_all(text: str, phrase: str) -> list[re.Match[str]]:
    return list(_pattern(phrase).finditer(text)) if phrase.strip() else []


def _match_phrase(text: str, phrase: str) -> tuple[int, int, str] | None:
    """Where a phrase stands in a text; a gapped phrase's parts in order."""
    parts = phrase.split(_GAP)
    position = 0
    spans = []
    for part in parts:
        match = _find(text[position:], part)
        if match is None:
            return None
        spans.append((position + match.start(), position + match.end()))
        position += match.end()
    return spans[0][0], spans[-1][1], _GAP.join(text[s:e] for s, e in spans)

"""Tables PDF extraction flattened: rows "<label> <number> <number> ...", the header above
them naming the areas, sub-columns, unit and period, a caption, and "*" notes."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kg.extract.statistics.context import (
    ReportContext,
    area_of_label,
    force_match,
    unit_in,
    unit_of_suffix,
)
from kg.extract.statistics.grammar import (
    CAPTION,
    CELL,
    COUNT,
    ENGLAND_AND_WALES,
    FORCE,
    MONTHS,
    NOTE,
    RATE_WORD,
)
from kg.extract.statistics.periods import Period, periods_in, table_period
from kg.extract.statistics.phrases import find, find_all
from kg.facts import ObservationFact
from kg.source.document import Line, SourceDocument
from kg.source.schemes import Concept
from kg.source.segments import ends_sentence

_MAX_HEADER_LINES = 80
_MAX_CAPTION_DISTANCE = 60
_MAX_LABEL = 70


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
    while tokens and (cell := CELL.match(tokens[-1].group(0))):
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
        or CAPTION.match(label)
        or re.search(rf"\b(?:{MONTHS}|to|and|of|between|from)$", label.rstrip("*"))
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


def tables_of(doc: SourceDocument) -> Iterator[_Table]:
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
    starts = [i for i in near if NOTE.match(doc.lines[i].text)]
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
        if CAPTION.match(doc.lines[i].text):
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


def table_facts(context: ReportContext, table: _Table) -> list[ObservationFact]:
    if all(area_of_label(context, row.label) for row in table.rows):
        return _indicator_table_facts(context, table)
    period = table_period(table.header) or table_period(table.caption)
    unit = unit_in(context, table.header) or unit_in(context, table.caption)
    areas = _area_order(context, table.header)
    facts = []
    for row in table.rows:
        columns = _columns(context, table.header, unit, areas, len(row.cells))
        if columns is None:
            continue
        row_period, row_unit = period, None
        if row.starred:
            row_period, row_unit = _note_overrides(context, table.notes, row, period)
        for cell, column in zip(row.cells, columns, strict=True):
            stated = unit_of_suffix(context, cell.suffix) or row_unit or column.unit
            fact = _table_fact(context, row, cell, column, stated, row_period)
            if fact is not None:
                facts.append(fact)
    return facts


def _table_fact(
    context: ReportContext,
    row: _Row,
    cell: _Cell,
    column: _Column,
    unit: Concept | None,
    period: Period | None,
) -> ObservationFact | None:
    """The measure of the column's unit that the row label names."""
    named = dataclasses.replace(context.schemes, measures=context.measures(unit, rate=column.rate))
    measure = named.measure_of(row.label)
    if measure is None:
        return None
    return ObservationFact(
        measure=measure,
        label=row.label,
        value=cell.value,
        unit=unit or context.unit_of[measure.slug],
        area=column.area,
        period=period.text if period else "",
        period_end=period.end if period else None,
        margin=None,
        evidence=context.doc.evidence(cell.start, cell.end),
    )


def _columns(
    context: ReportContext,
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
    count = context.schemes.unit_by_slug(COUNT)
    count_at = _first_label(header, count.labels)
    rate_at = RATE_WORD.search(header)
    if per_area != 2 or count_at is None or rate_at is None:
        return None
    rate_unit = unit if unit is not None and unit != count else None
    kinds = [(count, False), (rate_unit, True)]
    if rate_at.start() < count_at:
        kinds.reverse()
    return [_Column(area, kind, rate) for area in areas for kind, rate in kinds]


def _first_label(text: str, labels: Iterable[str]) -> int | None:
    starts = [m.start() for label in labels if (m := find(text, label))]
    return min(starts) if starts else None


def _note_overrides(
    context: ReportContext, notes: Sequence[str], row: _Row, period: Period | None
) -> tuple[Period | None, Concept | None]:
    """A note's clause that names a starred row may give it its own period or unit."""
    unit = None
    for note in notes:
        for clause in re.split(r";\s+|\s+and\s+(?=the\b)", note):
            if not _names_row(clause, row.label):
                continue
            stated = [p for p in periods_in(clause) if not p.baseline]
            period = stated[0] if stated else period
            unit = unit_in(context, clause) or unit
    return period, unit


def _names_row(clause: str, label: str) -> bool:
    words = label.lower().split()[:2]
    return " ".join(words) in clause.lower()


def _area_order(context: ReportContext, header: str) -> list[str]:
    """The areas a header names, in column order; the force alone if it names none."""
    found = []
    force = force_match(context, header)
    if force is not None:
        found.append((force.start(), FORCE))
    national = re.search(r"\bEngland\s+and\s+Wales\b", header, re.IGNORECASE)
    if national is not None:
        found.append((national.start(), ENGLAND_AND_WALES))
    return [area for _, area in sorted(found)] or [FORCE]


def _indicator_table_facts(context: ReportContext, table: _Table) -> list[ObservationFact]:
    """Rows are areas and the header names indicators ("SPI 2a ... KDI ... SPI 10b ..."), each
    with its sub-columns ("Difference from MSF", "2005/06 to 2007/08 change"): a column is the
    indicator's measure whose label is the indicator followed by the sub-column's words."""
    indicators = _labels_in(table.header, context.schemes.measures)
    named = {measure.slug for measure, _ in indicators}
    columns: list[Concept] = []
    for measure, code in indicators:
        columns.extend(_indicator_columns(context, table.header, measure, code, named))
    period = table_period(table.header) or table_period(table.caption)
    facts = []
    for row in table.rows:
        if len(row.cells) != len(columns):
            continue  # the header does not say which figure is which
        area = area_of_label(context, row.label)
        for cell, measure in zip(row.cells, columns, strict=True):
            unit = unit_of_suffix(context, cell.suffix) or context.unit_of[measure.slug]
            if area is None or unit != context.unit_of[measure.slug]:
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
                    evidence=context.doc.evidence(cell.start, cell.end),
                )
            )
    return facts


def _indicator_columns(
    context: ReportContext, header: str, indicator: Concept, code: str, named: set[str]
) -> list[Concept]:
    """The measures "<code> <sub-column words>" whose words the header holds, in its order;
    the indicator itself when it has none."""
    found = []
    prefix = code.lower() + " "
    for measure in context.schemes.measures:
        if measure.slug in named:
            continue
        for label in measure.labels:
            if label.lower().startswith(prefix):
                at = find(header, label[len(prefix) :])
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
            for m in find_all(text, label)
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

"""Figures in inspection reports: the tables PDF extraction flattened, and figures in sentences.

What is matched comes from the ontology (ontology/statistics.ttl), never from strings in here:
measures by their labels and match phrases, units by theirs. A measure's skos:prefLabel ends
with its unit in brackets ("Victim satisfaction (percent)"), and a figure only ever gets a
measure of its own unit. What this package knows is the shape of the reports:

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

The modules, each using only those listed before it: grammar (words of English), phrases
(matching the ontology's labels), periods, context (one report's measures, units, force and
date), tables, prose (the sentences of running prose), figures (figures in sentences).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from kg.extract.statistics.context import measure_units, report_context
from kg.extract.statistics.figures import sentence_facts
from kg.extract.statistics.periods import Period
from kg.extract.statistics.prose import prose_sentences
from kg.extract.statistics.tables import table_facts, tables_of
from kg.facts import ObservationFact
from kg.source.document import SourceDocument
from kg.source.schemes import Schemes

__all__ = ["extract_statistics", "measure_units"]


def extract_statistics(
    doc: SourceDocument, schemes: Schemes, force_name: str
) -> tuple[ObservationFact, ...]:
    """Every figure the report states, once each, in document order."""
    if not schemes.measures:
        return ()
    context = report_context(doc, schemes, force_name)
    facts: list[ObservationFact] = []
    table_lines: set[int] = set()
    for table in tables_of(doc):
        table_lines |= table.lines
        facts.extend(table_facts(context, table))
    sentences = prose_sentences(doc, table_lines)
    for index in range(len(sentences)):
        facts.extend(sentence_facts(context, sentences, index))
    return _one_value_per_key(_dated(_once(facts), context.report_date))


def _dated(
    facts: Iterable[ObservationFact], report_date: Period | None
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


def _one_value_per_key(facts: Iterable[ObservationFact]) -> tuple[ObservationFact, ...]:
    """Two values of one minted measure at one time are examples ("some sergeants supervising
    six members of staff and others eighteen") or two things of one name: keep the first, so
    that the cube's key (measure, area, period end) stays unique."""
    first: dict[tuple, ObservationFact] = {}
    return tuple(
        f
        for f in facts
        if f.measure.broader is None
        or first.setdefault((f.measure.slug, f.area, f.period_end), f) is f
    )

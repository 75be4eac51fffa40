"""What the figures of one report are read against: its document, the measures of the ontology
with their units and the units' phrases, the names of the force it inspects, and the date it
gives itself; and the lookups on them that tables and sentences share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.statistics.grammar import (
    COUNT,
    ENGLAND_AND_WALES,
    FORCE,
    FORCE_SUFFIX,
    TIME_UNITS,
)
from kg.extract.statistics.periods import Period, stated_report_date
from kg.extract.statistics.phrases import find
from kg.source.document import SourceDocument
from kg.source.schemes import Concept, Schemes


@dataclass(frozen=True)
class ReportContext:
    doc: SourceDocument
    schemes: Schemes
    unit_of: dict[str, Concept]  # measure slug -> its unit
    force_names: tuple[str, ...]  # "Derbyshire Constabulary", "Derbyshire"
    report_date: Period | None  # the date the report gives itself, for figures with none

    def measures(self, unit: Concept | None, rate: bool = False) -> tuple[Concept, ...]:
        """The measures in this unit; with no unit, any measure (any but counts for a rate)."""
        if unit is not None:
            return tuple(m for m in self.schemes.measures if self.unit_of[m.slug] == unit)
        return tuple(
            m for m in self.schemes.measures if not rate or self.unit_of[m.slug].slug != COUNT
        )

    def unit_phrases(self, counts: bool = False) -> list[tuple[str, Concept]]:
        pairs = [
            (phrase, unit)
            for unit in self.schemes.units
            if counts or unit.slug != COUNT
            for phrase in unit.labels + unit.phrases
        ]
        return sorted(pairs, key=lambda pair: -len(pair[0]))


def measure_units(schemes: Schemes) -> dict[str, Concept]:
    """Each measure's unit: the unit whose label ends the measure's prefLabel in brackets."""
    by_label = {label.lower(): unit for unit in schemes.units for label in unit.labels}
    units = {}
    for measure in schemes.measures:
        bracket = re.search(r"\(([^()]+)\)\s*$", measure.label)
        unit = by_label.get(bracket.group(1).lower()) if bracket else None
        if unit is None:
            raise ValueError(
                f"measure {measure.iri}: its prefLabel {measure.label!r} does not end with "
                "a unit's label in brackets"
            )
        units[measure.slug] = unit
    return units


def report_context(doc: SourceDocument, schemes: Schemes, force_name: str) -> ReportContext:
    place = FORCE_SUFFIX.sub("", force_name)
    names = (force_name, place) if place != force_name else (force_name,)
    return ReportContext(doc, schemes, measure_units(schemes), names, stated_report_date(doc))


def unit_in(context: ReportContext, text: str) -> Concept | None:
    """The unit a header, caption or note names first."""
    best: tuple[int, int, Concept] | None = None
    for phrase, unit in context.unit_phrases():
        if unit.slug in TIME_UNITS and phrase != unit.label:
            continue  # "second" in a header is an ordinal more often than a unit
        match = find(text, phrase)
        if match and (best is None or (match.start(), -len(phrase)) < best[:2]):
            best = (match.start(), -len(phrase), unit)
    return best[2] if best else None


def unit_of_suffix(context: ReportContext, suffix: str) -> Concept | None:
    if not suffix:
        return None
    for phrase, unit in context.unit_phrases():
        if phrase.lower() == suffix.lower():
            return unit
    return None


def force_match(context: ReportContext, text: str) -> re.Match[str] | None:
    matches = [m for name in context.force_names if (m := find(text, name))]
    return min(matches, key=lambda m: m.start()) if matches else None


def area_of_label(context: ReportContext, label: str) -> str | None:
    text = " ".join(label.split()).lower()
    if text in (name.lower() for name in context.force_names):
        return FORCE
    if text == "england and wales":
        return ENGLAND_AND_WALES
    return None

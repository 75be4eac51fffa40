"""The inspection a report records, read from its text: the force (a force of the gazetteer,
ontology/forces.ttl), the programme and its generation, the year and the inspectorate.

What the user says about a report (`kg add --title/--publisher`) is only checked against what
the text says (kg.graph.add); it never decides."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, SKOS

from kg.extract.calendar import MONTHS
from kg.facts import InspectionFact
from kg.namespaces import KGO, KGR
from kg.source.document import SourceDocument
from kg.source.manifest import ReportEntry
from kg.source.schemes import Concept, Schemes

POLICE_FORCE = KGR["organisation-type/police-force"]
INSPECTORATE = KGR["organisation-type/inspectorate"]
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
# A year as a title writes it: "2016", "2021/22", "2023–25", "2023-2025".
_TITLE_YEAR = re.compile(r"(?<![\w/])(20\d\d)(?:\s*[/–-]\s*(?:20)?\d\d)?(?![\w/])")
_DATE_LINE = re.compile(
    rf"^[ \t]*(?:Published:?[ \t]*)?(?:\d{{1,2}}[ \t]+)?(?:{MONTHS})[ \t]+((?:19|20)\d\d)[ \t]*$",
    re.MULTILINE,
)
# The title area: a report's own title, headings and opening lines.
_TITLE_LINES = 15
_OPENING = 8000
# A summary page's title line: a force's place and the year ("Merseyside 2017", "Kent 2018/19").
_PLACE_YEAR = re.compile(
    r"^[ \t]*([A-Z][\w&' -]{1,60}?)[ \t]+((?:19|20)\d\d)(?:[/–-]\d\d)?[ \t]*$", re.MULTILINE
)
# "Between 6 and 17 September 2021, we inspected ...": when the inspection was made, which a
# letter sent a year later states before its own date.
_INSPECTED = re.compile(
    r"\b((?:19|20)\d\d),?[ \t]+[Ww]e[ \t]+inspected\b"
    r"|\b[Ww]e[ \t]+inspected[ \t]+[^.\n]{0,60}?\bin[ \t]+(?:\w+[ \t]+)?((?:19|20)\d\d)\b"
)
# "... PEEL assessment of Merseyside Police for 2023-25": the period a news page says was assessed.
_ASSESSED_FOR = re.compile(
    r"\b(?:assessment|inspection)[ \t]+of[ \t]+[^.\n]{1,80}?[ \t]+for[ \t]+((?:19|20)\d\d)"
    r"(?:[ \t]*[/–-][ \t]*(?:20)?\d\d)?\b"
)
# A cover's "HMIC Inspection September 2008", "Inspection report, May 2014": the inspection's
# date, read when no title line or date line gives the year.
_INSPECTION_DATE = re.compile(
    rf"\bInspection(?:[ \t]+Report)?,?[ \t]+(?:(?:{MONTHS})[ \t]+)?((?:19|20)\d\d)\b"
)
_TITLE_LINE_LENGTH = 100
_TITLE_START = re.compile(r"^(?:\d{1,2}\s+)?[A-Z]")
_YEAR_GAP = 20
# HMIC became HMICFRS on 19 July 2017 (ontology/gazetteer.ttl): a report that names neither
# is placed by its year.
HMIC, HMICFRS = "hmic", "hmicfrs"
_HMICFRS_FROM = 2017


@dataclass(frozen=True)
class Named:
    """A force or an inspectorate: its IRI's slug, its preferred name and every name the text
    may use for it (places: the bare area name, "Derbyshire", read only in the title area)."""

    slug: str
    label: str
    names: tuple[str, ...]
    places: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """What a report's inspection is read with, from the ontology."""

    forces: tuple[Named, ...]
    inspectorates: tuple[Named, ...]
    years: dict[str, tuple[int | None, int | None]]  # programme IRI: first, last year
    narrower: dict[str, tuple[str, ...]]  # programme IRI: its narrower programmes

    @cached_property
    def _names(self) -> re.Pattern[str]:
        return _pattern(n for f in self.forces for n in f.names)

    @cached_property
    def _places(self) -> re.Pattern[str]:
        return _pattern(p for f in self.forces for p in f.places)

    def force_by_name(self, name: str) -> Named | None:
        key = _key(name)
        for force in self.forces:
            if key in {_key(n) for n in (*force.names, *force.places)}:
                return force
        return None

    def force_mentions(self, text: str, places: bool = False) -> list[tuple[int, Named]]:
        """(offset, force) of each force the text names, in order; place names only if asked."""
        found = []
        for pattern in (self._names, self._places) if places else (self._names,):
            for match in pattern.finditer(text):
                force = self.force_by_name(match.group(0))
                if force is not None:
                    found.append((match.start(), force))
        return sorted(found, key=lambda pair: pair[0])


def load_reading(ontology: Graph) -> Reading:
    def named(iri: URIRef, with_places: bool) -> Named:
        labels = [
            str(o)
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
            for o in ontology.objects(iri, p)
        ]
        places = tuple(
            sorted(
                str(o)
                for area in ontology.objects(iri, KGO.policeForceArea)
                for o in ontology.objects(area, SKOS.altLabel)
            )
            if with_places
            else ()
        )
        return Named(
            slug=str(iri).rstrip("/").rsplit("/", 1)[-1],
            label=str(ontology.value(iri, SKOS.prefLabel)),
            names=tuple(sorted(set(labels))),
            places=places,
        )

    def of_type(kind: URIRef, with_places: bool) -> tuple[Named, ...]:
        return tuple(
            sorted(
                (
                    named(iri, with_places)
                    for iri in set(ontology.subjects(ORG.classification, kind))
                    if isinstance(iri, URIRef) and ontology.value(iri, SKOS.prefLabel)
                ),
                key=lambda n: n.slug,
            )
        )

    years: dict[str, tuple[int | None, int | None]] = {}
    narrower: dict[str, tuple[str, ...]] = {}
    for programme in set(ontology.subjects(SKOS.inScheme, KGR["scheme/programme"])):
        first = _int(ontology.value(programme, KGO.firstYear))
        years[str(programme)] = (first, _int(ontology.value(programme, KGO.lastYear)))
        narrower[str(programme)] = tuple(
            sorted(str(n) for n in ontology.objects(programme, SKOS.narrower))
        )
    return Reading(of_type(POLICE_FORCE, True), of_type(INSPECTORATE, False), years, narrower)


def _int(value) -> int | None:
    return int(value) if isinstance(value, Literal) else None


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).lower()


def _pattern(names) -> re.Pattern[str]:
    """Names longest first, whatever the case and spacing; acronyms only as written."""
    words: set[str] = set()
    acronyms: set[str] = set()
    for name in names:
        (acronyms if name.isupper() and " " not in name else words).add(name)
    alternatives = [
        re.escape(n).replace(r"\ ", r"\s+") for n in sorted(words, key=len, reverse=True)
    ]
    parts = []
    if alternatives:
        parts.append(f"(?i:{'|'.join(alternatives)})")
    if acronyms:
        parts.append("|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True)))
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts) or '(?!)'})(?![\w-])")


@dataclass(frozen=True)
class TextSays:
    """What a report's text states about its inspection (None: it does not say)."""

    force: Named | None
    force_offset: int  # where the text first names the force
    programme: Concept | None
    year: int | None
    inspectorate: str
    inspectorate_named: bool  # by the text (else placed by the year)


def read_text(doc: SourceDocument, schemes: Schemes, reading: Reading) -> TextSays:
    title_area = _title_area(doc)
    force, offset = _force(doc, reading, title_area)
    title = _title_line(doc, schemes)
    year = title.year if title is not None else None
    if year is None:
        opening = doc.text[:_OPENING]
        inspected = _INSPECTED.search(opening)
        placed = _PLACE_YEAR.search(opening)
        assessed = _ASSESSED_FOR.search(opening)
        if inspected:
            year = int(inspected.group(1) or inspected.group(2))
        elif assessed:
            year = int(assessed.group(1))
        elif placed and reading.force_by_name(placed.group(1)) is not None:
            year = int(placed.group(2))  # "Merseyside 2017": the page's own title
        else:
            dated = _DATE_LINE.search(doc.text) or _INSPECTION_DATE.search(opening)
            year = int(dated.group(1)) if dated else None
    programme = None
    if title is not None:
        programme = _placed(schemes, reading, title, doc.text[title.start : title.end + 200], year)
    inspectorate, named = inspectorate_of(doc, reading, year)
    return TextSays(force, offset, programme, year, inspectorate, named)


def inspection_of(
    entry: ReportEntry, doc: SourceDocument, schemes: Schemes, reading: Reading, notes: list[str]
) -> InspectionFact | None:
    """The inspection a report records, read from its text; where the text does not state its
    programme or year, its title in the manifest does."""
    says = read_text(doc, schemes, reading)
    if says.force is None:
        notes.append(
            f"{doc.name}: names no police force of the gazetteer (ontology/forces.ttl); "
            "add the force there if it is missing"
        )
        return None
    year = says.year if says.year is not None else _first_year(entry.title)
    programme = says.programme
    for text in (entry.title, doc.text[:_OPENING]):
        if programme is None and (found := schemes.programme_of(text)) is not None:
            programme = _placed(schemes, reading, found, text, year)
    if programme is None:
        notes.append(f"{doc.name}: no programme named in the opening text or the title")
        return None
    line = next(ln for ln in doc.lines if ln.start <= says.force_offset <= ln.end)
    return InspectionFact(
        force_name=says.force.label,
        force_slug=says.force.slug,
        programme=programme,
        year=year,
        evidence=doc.evidence(line.start, line.end),
        inspectorate=says.inspectorate,
    )


def _title_area(doc: SourceDocument) -> str:
    lines = [ln.stripped for ln in doc.lines if ln.stripped][:_TITLE_LINES]
    return "\n".join(lines)


def _force(doc: SourceDocument, reading: Reading, title_area: str) -> tuple[Named | None, int]:
    """The force the title area names first (by name, or by its place alone: "Derbyshire PEEL
    2016"), else the force the text names most; and where the text first names it."""
    mentions = reading.force_mentions(doc.text)
    in_title = reading.force_mentions(title_area, places=True)
    if in_title:
        force = in_title[0][1]
    elif mentions:
        counts = Counter(f for _, f in mentions)
        force = max(counts, key=lambda f: (counts[f], -min(o for o, g in mentions if g == f)))
    else:
        return None, 0
    named = [offset for offset, f in mentions if f == force]
    if named:
        return force, named[0]
    offset = doc.text.find(title_area.splitlines()[0]) if title_area else 0
    return force, max(offset, 0)


@dataclass(frozen=True)
class _TitleLine:
    programme: Concept
    text: str
    start: int  # of the programme's name in the file
    end: int
    year: int


def _title_line(doc: SourceDocument, schemes: Schemes) -> _TitleLine | None:
    """The report's own title line in its opening: a short line that names a programme and
    then a year ("Derbyshire PEEL 2016", "PEEL: Police effectiveness 2015", "PEEL 2021/22").
    A year before the name ("In 2014, the crime inspection ...") is another inspection's."""
    for line in doc.lines:
        if line.start > _OPENING:
            break
        text = line.stripped
        if len(text) > _TITLE_LINE_LENGTH:
            continue
        programme = schemes.programme_of(text)
        if programme is None:
            continue
        named = _find(programme, text)
        year = _TITLE_YEAR.search(text, named[0]) if named is not None else None
        # A title starts with a capital (after a footnote's number) and puts the year just
        # after the programme's name; a line of running text does not.
        if named is None or year is None or year.start() - named[1] > _YEAR_GAP:
            continue
        if _TITLE_START.match(text):
            offset = line.start + line.text.index(text)
            start, end = offset + named[0], offset + named[1]
            return _TitleLine(programme, text, start, end, int(year.group(1)))
    return None


def _find(concept: Concept, text: str) -> tuple[int, int] | None:
    """Where the concept's earliest (then longest) label stands in the text."""
    best: tuple[int, int] | None = None
    for label in concept.labels:
        match = re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text, re.IGNORECASE)
        if match and (best is None or (match.start(), -match.end()) < (best[0], -best[1])):
            best = (match.start(), match.end())
    return best


def _first_year(text: str) -> int | None:
    found = _YEAR.search(text)
    return int(found.group(1)) if found else None


def _placed(
    schemes: Schemes, reading: Reading, named: Concept | _TitleLine, text: str, year: int | None
) -> Concept:
    """A programme placed in its pillar or generation: a pillar named with it ("PEEL 2016:
    Efficiency"), else the only generation that ran in its year; else the programme itself."""
    programme = named.programme if isinstance(named, _TitleLine) else named
    by_iri = {c.iri: c for c in schemes.programmes}
    family = [by_iri[i] for i in reading.narrower.get(programme.iri, ()) if i in by_iri]
    if not family:
        return programme
    if year is not None:
        # "Cleveland PEEL 2018 / Effectiveness": a pillar's name in a year it no longer ran is
        # a section of that year's generation, not the pillar.
        family = [c for c in family if _runs_in(reading.years.get(c.iri), year)] or family
    where = _find(programme, text)
    after = text[where[1] :] if where is not None else text
    # "PEEL (police effectiveness, efficiency and legitimacy)": the programme's own expansion
    # names every pillar and places the report in none.
    for label in programme.labels:
        after = re.sub(rf"(?<!\w){re.escape(label)}(?!\w)", "", after, flags=re.IGNORECASE)
    pillar = _earliest(family, after[:200])
    if pillar is not None:
        return pillar
    if year is not None:
        # Only one generation ran in a year from 2018; the pillars of 2014-2017 ran together.
        running = [c for c in family if _runs_in(reading.years.get(c.iri), year)]
        if len(running) == 1:
            return running[0]
    return programme


def _runs_in(years: tuple[int | None, int | None] | None, year: int) -> bool:
    first, last = years or (None, None)
    return first is not None and last is not None and first <= year <= last


def _earliest(concepts: list[Concept], text: str) -> Concept | None:
    best: tuple[int, int, Concept] | None = None
    for concept in concepts:
        for label in concept.labels:
            match = re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text, re.IGNORECASE)
            if match and (best is None or (match.start(), -len(label)) < best[:2]):
                best = (match.start(), -len(label), concept)
    return best[2] if best else None


def inspectorate_of(doc: SourceDocument, reading: Reading, year: int | None) -> tuple[str, bool]:
    """The inspectorate the text names (its later name first: a report of HMICFRS may recall
    HMIC's earlier work, never the reverse), else the one of the inspection's year; and
    whether the text named it."""
    named = {i.slug for i in reading.inspectorates if _pattern(i.names).search(doc.text)}
    for slug in (HMICFRS, HMIC):
        if slug in named:
            return slug, True
    return (HMICFRS if year is not None and year >= _HMICFRS_FROM else HMIC), False


def title_disagreements(
    says: TextSays, title: str, schemes: Schemes, reading: Reading
) -> list[str]:
    """Where a title the user gives a report disagrees with what the report's text states
    (its force, year and programme), each saying both; what the text leaves unsaid, or the
    title does not name, cannot disagree."""
    found = []
    named = reading.force_mentions(title, places=True)
    if says.force is not None and named and named[0][1] != says.force:
        found.append(f"the title names {named[0][1].label}, the text is about {says.force.label}")
    year = _first_year(title)
    if says.year is not None and year is not None and year != says.year:
        found.append(f"the title says {year}, the text {says.year}")
    differs = programme_disagreement(says, title, schemes, reading)
    if differs:
        found.append(f"the title names the programme {differs}")
    return found


def programme_disagreement(
    says: TextSays, named: str, schemes: Schemes, reading: Reading
) -> str | None:
    """ "<the named programme>, the text <its programme>" where a text naming a programme
    (a title, `kg add --programme`) disagrees with the report's text; else None. A pillar
    named counts; a generation is not read into a bare "PEEL"."""
    programme = schemes.programme_of(named)
    if says.programme is None or programme is None:
        return None
    # Placed in the year it names, else the text's: a pillar named for a year it no longer
    # ran is that year's generation, as in the text.
    year = _first_year(named) or says.year
    programme = _placed(schemes, reading, programme, named, year)
    family = (programme.iri, *reading.narrower.get(programme.iri, ()))
    text_family = (says.programme.iri, *reading.narrower.get(says.programme.iri, ()))
    if says.programme.iri in family or programme.iri in text_family:
        return None
    return f"{programme.label}, the text {says.programme.label}"

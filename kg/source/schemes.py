"""The SKOS schemes the extractors match against (grades, question themes, finding types,
programmes, measures and units), read from the ontology before any report so that no label
is typed into the code. (The named things the reports mention are the gazetteer's, read by
kg.extract.entities.)"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.namespaces import KGO, KGR
from kg.source.text import folded, may_contain


@dataclass(frozen=True)
class Concept:
    iri: str
    slug: str
    label: str
    labels: tuple[str, ...]
    phrases: tuple[str, ...]
    rank: int | None = None
    broader: str | None = None  # a measure minted from a report's text: its broader concept


@dataclass(frozen=True)
class Schemes:
    grades: tuple[Concept, ...]
    themes: tuple[Concept, ...]
    finding_types: tuple[Concept, ...]
    programmes: tuple[Concept, ...]
    measures: tuple[Concept, ...] = ()
    units: tuple[Concept, ...] = ()

    def measure_of(self, text: str) -> Concept | None:
        """The measure whose label or phrase occurs earliest in the text (longest on a tie)."""
        return _earliest(self.measures, text, lambda c: c.labels + c.phrases)

    def unit_by_slug(self, slug: str) -> Concept:
        return _by_slug(self.units, slug)

    def finding_type_by_slug(self, slug: str) -> Concept:
        return _by_slug(self.finding_types, slug)

    def theme_of(self, wording: str) -> Concept | None:
        """The theme whose match phrase occurs earliest in the wording (longest on a tie)."""
        found = _earliest_match(self.themes, wording, lambda c: c.phrases)
        return found[0] if found else None

    def theme_match(self, wording: str) -> tuple[Concept, int, int] | None:
        """theme_of's theme, with where its phrase stands in the wording."""
        return _earliest_match(self.themes, wording, lambda c: c.phrases)

    def programme_of(self, text: str) -> Concept | None:
        """The programme whose label or phrase occurs earliest in the text (longest on a tie)."""
        return _earliest(self.programmes, text, lambda c: c.labels + c.phrases)

    def parse_grades(self, line: str) -> tuple[Concept, ...] | None:
        """The grades of a line made only of grade words ("Good GoodGood" is three), else None."""
        rest = line.strip()
        if not rest:
            return None
        by_length = sorted(
            ((label.lower(), g) for g in self.grades for label in g.labels),
            key=lambda pair: -len(pair[0]),
        )
        found: list[Concept] = []
        while rest:
            low = rest.lower()
            for label, grade in by_length:
                if low.startswith(label):
                    found.append(grade)
                    rest = rest[len(label) :].lstrip()
                    break
            else:
                return None
        return tuple(found)

    def finding_type_of_heading(self, line: str) -> Concept | None:
        """The finding type a heading line names ("Areas for improvement"), else None."""
        text = " ".join(line.split()).lower()
        for kind in self.finding_types:
            if text in (label.lower() for label in kind.labels):
                return kind
        return None


def load_schemes(ontology: Path | Graph) -> Schemes:
    graph = ontology if isinstance(ontology, Graph) else Graph().parse(ontology)

    def scheme(name: str, required: bool = True) -> tuple[Concept, ...]:
        concepts = [
            _concept(graph, iri)
            for iri in graph.subjects(SKOS.inScheme, KGR[f"scheme/{name}"])
            if isinstance(iri, URIRef)
        ]
        if required and not concepts:
            raise ValueError(f"the ontology defines no concepts in scheme kgr:scheme/{name}")
        return tuple(sorted(concepts, key=lambda c: c.iri))

    return Schemes(
        grades=scheme("grade"),
        themes=scheme("question-theme"),
        finding_types=scheme("finding-type"),
        programmes=scheme("programme"),
        measures=scheme("measure", required=False),
        units=scheme("unit", required=False),
    )


def _concept(graph: Graph, iri: URIRef) -> Concept:
    pref = graph.value(iri, SKOS.prefLabel)
    if pref is None:
        raise ValueError(f"concept {iri} has no skos:prefLabel")
    others = sorted(
        str(o) for p in (SKOS.altLabel, SKOS.hiddenLabel) for o in graph.objects(iri, p)
    )
    rank = graph.value(iri, KGO.gradeRank)
    if rank is not None and not isinstance(rank, Literal):
        raise ValueError(f"concept {iri} has a kgo:gradeRank that is not a literal")
    return Concept(
        iri=str(iri),
        slug=str(iri).rstrip("/").rsplit("/", 1)[-1],
        label=str(pref),
        labels=(str(pref), *others),
        phrases=tuple(sorted(str(o) for o in graph.objects(iri, KGO.matchPhrase))),
        rank=int(rank) if rank is not None else None,
    )


def _by_slug(concepts: tuple[Concept, ...], slug: str) -> Concept:
    for concept in concepts:
        if concept.slug == slug:
            return concept
    raise KeyError(f"no concept with slug {slug!r}; known: {[c.slug for c in concepts]}")


@functools.cache
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    # Compiled once: the phrases outnumber re's own cache of patterns.
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)


def _earliest(concepts, text, phrases_of) -> Concept | None:
    found = _earliest_match(concepts, text, phrases_of)
    return found[0] if found else None


def _earliest_match(concepts, text, phrases_of) -> tuple[Concept, int, int] | None:
    best: tuple[int, int, Concept, int] | None = None
    seen = folded(text)
    for concept in concepts:
        for phrase in phrases_of(concept):
            match = may_contain(seen, phrase) and _phrase_pattern(phrase).search(text)
            if match:
                key = (match.start(), -len(phrase), concept, match.end())
                if best is None or key[:2] < best[:2]:
                    best = key
    return (best[2], best[0], best[3]) if best else None

"""Layouts of inspection reports as text, for bench/synthetic_text.py: each module writes one
family of the inspectorate's reports (its headings, question forms, grade lines and
sentences, finding blocks, tables) from a seeded random source, and says what it put in.

A layout function takes a `Slot` (force, programme, year) and a random.Random and returns a
`Written`: the text, the title and date a user would give `kg add`, and the judgments and
findings the text states, for the honesty check (tests/bench/test_synthetic_text.py)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Force:
    slug: str  # the IRI's last segment in ontology/forces.ttl
    name: str  # its preferred name: "Kent Police"
    place: str  # the area's short name a title uses alone: "Kent"

    @property
    def short(self) -> str:
        """How a report's running text names the force after the first time: "Kent"."""
        return self.place


@dataclass(frozen=True)
class Slot:
    """One report's force, programme (slug) and inspection year: unique in a collection."""

    force: Force
    programme: str
    year: int
    layout: str  # the layout's name, as tests/corpus/README.md names layouts


@dataclass(frozen=True)
class Judgment:
    theme: str
    area: str  # the report's own words for what is graded
    grade: str  # the grade's slug


@dataclass(frozen=True)
class Finding:
    kind: str  # area-for-improvement, recommendation, cause-of-concern
    theme: str
    text: str  # as printed, line breaks joined by single spaces, bullets left out


@dataclass
class Written:
    text: str
    title: str
    date: str | None
    publisher: str  # hmic or hmicfrs
    judgments: list[Judgment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

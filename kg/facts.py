"""Facts passed from the extractors to the RDF builder: plain, frozen Python values.

RDF appears only in kg.graph.rdf, where these are turned into triples.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kg.source.schemes import Concept


@dataclass(frozen=True)
class Evidence:
    """Where a fact stands in its report: offsets into the file as shipped and the exact quote."""

    report: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class InspectionFact:
    force_name: str
    force_slug: str
    programme: Concept
    year: int | None
    evidence: Evidence


@dataclass(frozen=True)
class QuestionFact:
    wording: str
    theme: Concept
    evidence: Evidence


@dataclass(frozen=True)
class JudgmentFact:
    question: QuestionFact
    grade: Concept
    overall: bool
    evidence: Evidence


@dataclass(frozen=True)
class RecommendationPartFact:
    label: str
    text: str
    evidence: Evidence


@dataclass(frozen=True)
class FindingFact:
    kind: Concept
    text: str
    question: QuestionFact | None
    evidence: Evidence
    deadline: str | None = None
    parts: tuple[RecommendationPartFact, ...] = ()


@dataclass(frozen=True)
class ObservationFact:
    """One figure: a value of a measure, for an area and a period, in a unit."""

    measure: Concept  # a concept of the measures scheme
    label: str  # the row label or phrase the report uses, as worded
    value: Decimal
    unit: Concept  # a concept of the units scheme
    area: str  # "force" (the inspected force's area) or "england-and-wales"
    period: str  # as worded: "12 months to 30 June 2015", "as at 1 July 2015"
    period_end: date | None  # the last day of that period
    margin: Decimal | None  # the stated margin of error (plus or minus), if any
    evidence: Evidence  # the figure as it stands in the file


@dataclass(frozen=True)
class ReportExtraction:
    """Everything extracted from one report, with notes on what looked odd."""

    report: str
    inspection: InspectionFact | None
    questions: tuple[QuestionFact, ...]
    judgments: tuple[JudgmentFact, ...]
    findings: tuple[FindingFact, ...]
    notes: tuple[str, ...]

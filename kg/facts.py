"""Facts passed from the extractors to the RDF builder: plain, frozen Python values.

RDF appears only in kg.rdf, where these are turned into triples.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.concepts import Concept


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
class ReportExtraction:
    """Everything extracted from one report, with notes on what looked odd."""

    report: str
    inspection: InspectionFact | None
    questions: tuple[QuestionFact, ...]
    judgments: tuple[JudgmentFact, ...]
    findings: tuple[FindingFact, ...]
    notes: tuple[str, ...]

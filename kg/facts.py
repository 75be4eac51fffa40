"""Facts passed from the extractors to the RDF builder: plain, frozen Python values.

Every fact type passed between stages is here, with the named things and relation types facts
refer to (Entity, RelationType; a Concept comes from kg.source.schemes). RDF appears only in
kg.graph.rdf, where these are turned into triples, with IRIs from kg.graph.iris.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kg.source.schemes import Concept


@dataclass(frozen=True)
class Evidence:
    """Where a fact stands in its report: offsets into its stored text and the exact quote;
    for a PDF, the page the quote starts on (1-based)."""

    report: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    page: int | None = None


@dataclass(frozen=True)
class InspectionFact:
    force_name: str
    force_slug: str
    programme: Concept
    year: int | None
    evidence: Evidence
    inspectorate: str = "hmic"  # the slug of the inspectorate that carried it out


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
    addresses: FindingFact | None = None  # a recommendation's cause of concern


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


@dataclass(frozen=True)
class Entity:
    """A named thing of the gazetteer (ontology/gazetteer.ttl), as kg.extract.entities finds it."""

    iri: str
    label: str
    names: frozenset[str]  # lower case, matched whatever the case
    acronyms: frozenset[str]  # matched as written
    classes: frozenset[str] = frozenset()  # its classes among entities.ENTITY_CLASSES


@dataclass(frozen=True)
class Alias:
    """A name or acronym for an entity that a report itself defines."""

    entity: Entity
    alias: str
    evidence: Evidence


@dataclass(frozen=True)
class Mention:
    entity: Entity
    evidence: Evidence  # the name as it stands in the file


@dataclass(frozen=True)
class RelationType:
    """A relation type of the ontology's scheme, with the cue phrases kg.extract.relations
    looks for."""

    iri: str
    slug: str
    label: str
    direct_property: str | None
    cues: tuple[str, ...]
    active_cues: tuple[str, ...]
    named_object_cues: tuple[str, ...] = ()
    gathering_cues: tuple[str, ...] = ()
    subject_classes: frozenset[str] = frozenset()  # empty: any
    object_classes: frozenset[str] = frozenset()  # empty: any

    def fits(self, subject: Entity, obj: Entity) -> bool:
        """Whether the two named things are of the kinds this relation joins."""
        return (not self.subject_classes or bool(self.subject_classes & subject.classes)) and (
            not self.object_classes or bool(self.object_classes & obj.classes)
        )


@dataclass(frozen=True)
class RelationFact:
    subject: Entity
    relation: RelationType
    object: Entity | None
    object_text: str | None
    evidence: Evidence


@dataclass(frozen=True)
class LinkedFinding:
    """A finding with the inspection it was made in, as the linking of findings sees it."""

    inspection: InspectionFact
    finding: FindingFact


@dataclass(frozen=True)
class FindingLinkFact:
    earlier: LinkedFinding
    later: LinkedFinding
    similarity: float


@dataclass(frozen=True)
class PostFact:
    """A post in an organisation (W3C ORG org:Post): the force's deputy chief constable, the
    police authority's chair, an HM Inspector of Constabulary of the inspectorate."""

    role: str  # a slug: "deputy-chief-constable", "chair", "head-of-community-safety"
    label: str  # the role as a title: "Deputy chief constable"
    organisation: str  # the IRI of the organisation the post is in
    organisation_label: str
    known_role: bool  # whether the role is a concept of the post roles scheme


@dataclass(frozen=True)
class HoldingFact:
    """A person the report names as holding a post ("Deputy Chief Constable (DCC) Alan
    Goodwin"), as of the report."""

    person: str  # the name as written
    post: PostFact
    evidence: Evidence


@dataclass(frozen=True)
class PostMentionFact:
    """A post the report names by its title alone ("the police and crime commissioner's
    police and crime plan"), whoever holds it."""

    post: PostFact
    evidence: Evidence  # the title as it stands in the file


@dataclass(frozen=True)
class PostChairFact:
    """A body chaired or led by a post ("the deputy chief constable chairs the board")."""

    body: Entity
    relation: str  # "chaired-by" or "led-by"
    post: PostFact
    evidence: Evidence


@dataclass(frozen=True)
class StandardFact:
    """A standard of the 2008 inspection-standards layout ("Neighbourhoods are appropriately
    staffed (coverage)."), under the graded area (question) it belongs to."""

    wording: str
    question: QuestionFact | None
    evidence: Evidence


@dataclass(frozen=True)
class StatementFact:
    """A passage that states or explains a fact: the sentence stating a judgment's grade
    ("states"), the summary paragraph(s) under it ("supports"), the text that explains a cause
    of concern or recommendation or sums up a standard ("explains"), or "None identified" under
    a standard's heading of a finding type ("none-identified", with that type as `kind`)."""

    role: str  # "states", "supports", "explains" or "none-identified"
    text: str
    evidence: Evidence
    judgment: JudgmentFact | None = None
    finding: FindingFact | None = None
    standard: StandardFact | None = None
    kind: Concept | None = None  # the finding type "None identified" stands under


@dataclass(frozen=True)
class CitationFact:
    """A report the text cites by its title ("HMIC's 2014 report, Everyone's business: ...")."""

    title: str
    year: int | None  # the year of publication where the citation states it
    evidence: Evidence  # the title as it stands in the file

"""Every IRI the builder writes, minted in one place: pure functions from a fact and its context
(the report, the inspection, the fact that holds it) to an IRI.

IRIs are built from stable keys (force, programme, year, theme, ordinal in the report, offsets,
digests of content), so a rebuild gives the same graph. kg.graph.rdf writes triples with these
IRIs, and kg.graph.build and kg.graph.add use them to name graphs, reports and findings without
writing any triples.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from rdflib import URIRef

import kg
from kg.facts import (
    CitationFact,
    Evidence,
    FindingFact,
    HoldingFact,
    InspectionFact,
    JudgmentFact,
    ObservationFact,
    PostChairFact,
    PostFact,
    QuestionFact,
    RecommendationPartFact,
    RelationFact,
    ReportExtraction,
    StandardFact,
)
from kg.namespaces import KGR

HMIC = KGR["org/hmic"]
SOFTWARE = KGR[f"software/police-inspection-kg/{kg.__version__}"]
EXTRACTION = KGR[f"activity/extraction/{kg.__version__}"]
LINKING = KGR[f"activity/linking/{kg.__version__}"]
TEXT_SIMILARITY = KGR["link-method/text-similarity"]
ENGLAND_AND_WALES = KGR["area/england-and-wales"]
STATISTICS_STRUCTURE = KGR["dsd/inspection-statistics"]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# Reports and the named graphs of the build.


def report_iri(path: Path) -> URIRef:
    """A new report of the manifest (`kg add`), named for its file."""
    return KGR[f"report/{slug(path.stem)}"]


def organisation_iri(name: str) -> URIRef:
    """A publisher the ontology does not know yet (`kg add`)."""
    return KGR[f"org/{slug(name)}"]


def report_graph_iri(report: str) -> URIRef:
    return URIRef(f"{report}/graph")


def curated_graph_iri(path: Path) -> URIRef:
    return KGR[f"graph/curated/{path.stem}"]


# A report's facts.


def inspection_iri(report: str, fact: InspectionFact) -> URIRef:
    tail = str(fact.year) if fact.year is not None else report.rstrip("/").rsplit("/", 1)[-1]
    return KGR[f"inspection/{fact.force_slug}/{fact.programme.slug}/{tail}"]


def inspectorate_iri(slug: str) -> URIRef:
    """The inspectorate that carried out an inspection: HMIC, or HMICFRS since July 2017."""
    return KGR[f"org/{slug}"]


def force_iri(force_slug: str) -> URIRef:
    return KGR[f"org/{force_slug}"]


def force_unit_iri(kind: str, force: str) -> URIRef:
    """A force's own unit, team, board or governance body of a kind (kg.extract.entities):
    the kind's IRI with the force's slug before its own, ".../unit/<force>/special-constabulary"."""
    folder, kind_slug = kind.rstrip("/").rsplit("/", 1)
    return URIRef(f"{folder}/{force.rstrip('/').rsplit('/', 1)[-1]}/{kind_slug}")


def found_organisation_iri(name: str, owner: str | None) -> URIRef:
    """An organisation a report names that the gazetteer does not know
    (kg.extract.organisations): a unit of its owner as force units are minted,
    ".../unit/derbyshire-constabulary/external-delivery-board", else a body of its own,
    ".../org/bemrose-school"."""
    if owner is not None:
        return KGR[f"unit/{owner.rstrip('/').rsplit('/', 1)[-1]}/{slug(name)}"]
    return KGR[f"org/{slug(name)}"]


def force_area_iri(force_slug: str) -> URIRef:
    return KGR[f"area/{force_slug}"]


def question_iri(inspection: URIRef, question: QuestionFact) -> URIRef:
    return URIRef(f"{inspection}/question/{question.theme.slug}")


def judgment_iri(inspection: URIRef, judgment: JudgmentFact) -> URIRef:
    return URIRef(f"{inspection}/judgment/{judgment.question.theme.slug}")


def finding_iris(inspection: URIRef, findings: Iterable[FindingFact]) -> tuple[URIRef, ...]:
    """The IRI of each finding, in order: numbered from 1 by kind and theme in report order."""
    counters: dict[tuple[str, str], int] = defaultdict(int)
    iris = []
    for finding in findings:
        theme = finding.question.theme.slug if finding.question else "general"
        key = (finding.kind.slug, theme)
        counters[key] += 1
        iris.append(URIRef(f"{inspection}/{finding.kind.slug}/{theme}-{counters[key]}"))
    return tuple(iris)


def recommendation_part_iri(finding: URIRef, part: RecommendationPartFact) -> URIRef:
    return URIRef(f"{finding}/part/{part.label}")


def fact_spans(extraction: ReportExtraction) -> list[tuple[int, int, URIRef]]:
    """The span in the file and the IRI of each question and finding of a report, in that
    order: the facts a mention can stand in."""
    if extraction.inspection is None:
        return []  # nothing of the report is written
    inspection = inspection_iri(extraction.report, extraction.inspection)
    spans = [
        (q.evidence.start, q.evidence.end, question_iri(inspection, q))
        for q in extraction.questions
    ]
    findings = finding_iris(inspection, extraction.findings)
    spans += [
        (f.evidence.start, f.evidence.end, iri)
        for f, iri in zip(extraction.findings, findings, strict=True)
    ]
    return spans


# Evidence: a Web Annotation on a fact, with one target per quoted passage.


def annotation_iri(fact: URIRef) -> URIRef:
    return URIRef(f"{fact}/evidence")


def target_iris(fact: URIRef, number: int) -> tuple[URIRef, URIRef, URIRef]:
    """The target of the annotation on a fact that quotes its number-th passage (from 0), and
    the target's quote and position selectors."""
    base = f"{fact}/evidence" if number == 0 else f"{fact}/evidence/{number + 1}"
    return URIRef(f"{base}/target"), URIRef(f"{base}/quote"), URIRef(f"{base}/position")


def page_selector_iri(target: URIRef) -> URIRef:
    """The selector of the PDF page a target's quote starts on (kg.graph.rdf)."""
    return URIRef(f"{target.removesuffix('/target')}/page")


# What the other layers find in a report: passages, mentions, relations, figures.


def passage_iri(report: str, start: int, end: int) -> URIRef:
    return URIRef(f"{report}/passage/{start}-{end}")


def mention_iri(report: str, evidence: Evidence, kind: str = "mention") -> URIRef:
    """A mention by its span; a post named by title has a kind of its own ("post-mention"),
    for the same words may also name a body ("the police and crime commissioner")."""
    return URIRef(f"{report}/{kind}/{evidence.start}-{evidence.end}")


def relation_iri(report: str, relation: RelationFact) -> URIRef:
    key = "|".join(
        [
            relation.subject.iri,
            relation.relation.iri,
            relation.object.iri if relation.object else "",
            relation.object_text or "",
        ]
    )
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    return URIRef(f"{report}/relation/{relation.relation.slug}/{digest}")


def dataset_iri(report: str) -> URIRef:
    return URIRef(f"{report}/dataset")


def observation_iri(report: str, fact: ObservationFact) -> URIRef:
    key = f"{fact.measure.slug}|{fact.area}|{fact.period_end}|{fact.unit.slug}|{fact.value}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:10]
    return URIRef(f"{report}/observation/{fact.measure.slug}/{digest}")


def area_iri(area: str, force_slug: str) -> URIRef:
    """The area of a figure: England and Wales, or the inspected force's area."""
    return ENGLAND_AND_WALES if area == "england-and-wales" else force_area_iri(force_slug)


# Across reports.


def link_iri(earlier: URIRef, later: URIRef) -> URIRef:
    digest = hashlib.sha1(f"{earlier}|{later}".encode()).hexdigest()[:12]
    return KGR[f"link/{digest}"]


# People and posts (kg.extract.people).


def post_iri(post: PostFact) -> URIRef:
    """A post in its organisation: ".../org/derbyshire-constabulary/post/chief-constable"."""
    return URIRef(f"{post.organisation.rstrip('/')}/post/{post.role}")


def post_role_iri(role: str) -> URIRef:
    return KGR[f"post-role/{role}"]


def person_iri(name: str) -> URIRef:
    """A person by name, accents folded ("Zoë Billingham" and "Zoe Billingham" are one)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return KGR[f"person/{slug(folded)}"]


def holding_iri(report: str, fact: HoldingFact) -> URIRef:
    return URIRef(f"{report}/holding/{fact.evidence.start}-{fact.evidence.end}")


def post_chair_iri(report: str, fact: PostChairFact) -> URIRef:
    digest = hashlib.sha1(f"{fact.body.iri}|{fact.post.role}".encode()).hexdigest()[:12]
    return URIRef(f"{report}/post-chair/{fact.relation}/{digest}")


# Statements, standards and cited reports (kg.extract.statements, kg.extract.citations).


def statement_iri(report: str, role: str, evidence: Evidence) -> URIRef:
    """A passage stating or explaining a fact, by its role and its span in the report."""
    return URIRef(f"{report}/statement/{role}/{evidence.start}-{evidence.end}")


def standard_iri(inspection: URIRef, standard: StandardFact) -> URIRef:
    """A 2008 standard of an inspection, by its wording ("neighbourhoods-are-appropriately-
    staffed-coverage")."""
    return URIRef(f"{inspection}/standard/{slug(standard.wording)[:80].rstrip('-')}")


def none_identified_iri(standard: URIRef, kind: str) -> URIRef:
    return URIRef(f"{standard}/none-identified/{kind}")


def cited_report_iri(title: str) -> URIRef:
    """A report cited by title: one node whichever report cites it."""
    return KGR[f"cited-report/{slug(title)[:100].rstrip('-')}"]


def citation_iri(report: str, fact: CitationFact) -> URIRef:
    return URIRef(f"{report}/citation/{fact.evidence.start}-{fact.evidence.end}")

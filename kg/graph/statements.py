"""Statements, standards and cited reports as triples (kg.extract.statements and
kg.extract.citations find them): each a node of its own with its evidence, linked to the
judgment, standard or report it is about; the judgments themselves are not changed."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from kg.facts import CitationFact, FindingFact, ReportExtraction, StandardFact, StatementFact
from kg.graph.iris import (
    citation_iri,
    cited_report_iri,
    finding_iris,
    inspection_iri,
    judgment_iri,
    none_identified_iri,
    question_iri,
    standard_iri,
    statement_iri,
)
from kg.graph.rdf import add_evidence
from kg.namespaces import KGO

_LINK = {"states": KGO.statesJudgment, "supports": KGO.supportsJudgment}


def add_statements(
    graph: Graph,
    extraction: ReportExtraction,
    standards: Iterable[StandardFact],
    statements: Iterable[StatementFact],
    citations: Iterable[CitationFact],
) -> None:
    """One report's statements, standards and citations (for a report without an inspection,
    whose judgments are not written either, only its citations)."""
    report = URIRef(extraction.report)
    _add_citations(graph, report, citations)
    fact = extraction.inspection
    if fact is None:
        return
    inspection = inspection_iri(extraction.report, fact)
    questions = {q.theme.slug for q in extraction.questions}
    minted: dict[StandardFact, URIRef] = {}
    findings = {
        _key(f): iri
        for f, iri in zip(
            extraction.findings, finding_iris(inspection, extraction.findings), strict=True
        )
    }
    for standard in standards:
        iri = minted[standard] = standard_iri(inspection, standard)
        graph.add((iri, RDF.type, KGO.Standard))
        graph.add((iri, KGO.text, Literal(standard.wording)))
        graph.add((iri, KGO.ofInspection, inspection))
        if standard.question is not None and standard.question.theme.slug in questions:
            graph.add((iri, KGO.aboutQuestion, question_iri(inspection, standard.question)))
        add_evidence(graph, iri, standard.evidence)
    for statement in statements:
        if statement.role == "none-identified":
            assert statement.standard is not None and statement.kind is not None
            iri = none_identified_iri(minted[statement.standard], statement.kind.slug)
            graph.add((iri, RDF.type, KGO.NoneIdentified))
            graph.add((iri, KGO.aboutStandard, minted[statement.standard]))
            graph.add((iri, KGO.noneOfType, URIRef(statement.kind.iri)))
            add_evidence(graph, iri, statement.evidence)
            continue
        iri = statement_iri(extraction.report, statement.role, statement.evidence)
        graph.add((iri, RDF.type, KGO.Statement))
        graph.add((iri, KGO.text, Literal(statement.text)))
        graph.add((iri, KGO.inReport, report))
        if statement.judgment is not None:
            judgment = judgment_iri(inspection, statement.judgment)
            graph.add((iri, _LINK[statement.role], judgment))
        if statement.standard is not None:
            graph.add((iri, KGO.explainsStandard, minted[statement.standard]))
        if statement.finding is not None:
            graph.add((iri, KGO.explainsFinding, findings[_key(statement.finding)]))
        add_evidence(graph, iri, statement.evidence)


def _key(finding: FindingFact) -> tuple[str, str]:
    return finding.kind.slug, finding.text


def _add_citations(graph: Graph, report: URIRef, citations: Iterable[CitationFact]) -> None:
    for citation in citations:
        cited = cited_report_iri(citation.title)
        graph.add((cited, RDF.type, DCTERMS.BibliographicResource))
        graph.add((cited, DCTERMS.title, Literal(citation.title, lang="en")))
        if citation.year is not None:
            graph.add((cited, DCTERMS.issued, Literal(str(citation.year), datatype=XSD.gYear)))
        graph.add((report, DCTERMS.references, cited))
        iri = citation_iri(str(report), citation)
        graph.add((iri, RDF.type, KGO.Citation))
        graph.add((iri, KGO.citingReport, report))
        graph.add((iri, KGO.citedReport, cited))
        add_evidence(graph, iri, citation.evidence)

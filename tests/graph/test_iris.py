"""IRIs are minted in kg.graph.iris alone: what the builder computes from it (graph names,
finding IRIs, the spans mentions stand in) is what the RDF writer wrote."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF

from kg.graph.build import BuildResult
from kg.graph.iris import fact_spans, finding_iris, inspection_iri, report_graph_iri
from kg.graph.rdf import add_extraction
from kg.namespaces import KGO


def test_every_report_has_its_named_graph(built: BuildResult) -> None:
    names = {graph.identifier for graph in built.dataset.graphs() if len(graph)}
    for extraction in built.extractions:
        assert report_graph_iri(extraction.report) in names


def test_the_writer_uses_the_iris_the_builder_computes(built: BuildResult) -> None:
    checked = 0
    for extraction in built.extractions:
        graph = Graph()
        add_extraction(graph, extraction)
        written = set(graph.subjects(KGO.findingType, None)) | set(
            graph.subjects(RDF.type, KGO.Question)
        )
        spans = fact_spans(extraction)
        assert {iri for _start, _end, iri in spans} == written
        if extraction.inspection is None:
            continue
        inspection = inspection_iri(extraction.report, extraction.inspection)
        findings = finding_iris(inspection, extraction.findings)
        assert len(set(findings)) == len(findings)  # numbering never repeats an IRI
        for finding, iri in zip(extraction.findings, findings, strict=True):
            assert (iri, KGO.ofInspection, inspection) in built.dataset
            assert (iri, KGO.text, None) in graph
            assert str(graph.value(iri, KGO.text)) == finding.text
            checked += 1
    assert checked > 100

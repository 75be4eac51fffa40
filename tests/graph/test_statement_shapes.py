"""The shapes of statements (ontology/shapes.ttl): a statement of the seeds' build conforms; one
that states, supports and explains nothing, or has no evidence, does not."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.graph.build import BuildResult
from kg.graph.files import union_graph
from kg.graph.parsing import parse_rdf_file
from kg.graph.validate import _pyshacl, _results
from kg.namespaces import KGO, OA
from kg.settings import Settings


def _statement_graph(built: BuildResult) -> tuple[Graph, URIRef]:
    """A stating sentence of the build with what its shape looks at: its own triples, the
    types of the report and judgment it links to, and its annotation."""
    union = union_graph(built.dataset)
    statement = sorted(union.subjects(KGO.statesJudgment, None))[0]
    assert isinstance(statement, URIRef)
    small = Graph()
    for triple in union.triples((statement, None, None)):
        small.add(triple)
    small.add((union.value(statement, KGO.inReport), RDF.type, KGO.Report))
    small.add((union.value(statement, KGO.statesJudgment), RDF.type, KGO.Judgment))
    annotation = next(union.subjects(OA.hasBody, statement))
    small.add((annotation, RDF.type, OA.Annotation))
    small.add((annotation, OA.hasBody, statement))
    return small, statement


def _messages(graph: Graph, focus: URIRef, settings: Settings) -> list[str]:
    shapes = parse_rdf_file(settings.shapes_file)
    results = _results(_pyshacl(graph, shapes), graph)
    return sorted(r.message for r in results if r.focus == str(focus))


def test_a_built_statement_conforms(built: BuildResult, settings: Settings) -> None:
    graph, statement = _statement_graph(built)
    assert _messages(graph, statement, settings) == []


def test_a_statement_linking_nothing_without_evidence_violates(
    built: BuildResult, settings: Settings
) -> None:
    graph, statement = _statement_graph(built)
    graph.remove((statement, KGO.statesJudgment, None))
    graph.remove((None, OA.hasBody, statement))
    assert _messages(graph, statement, settings) == [
        "A statement needs evidence: an oa:Annotation quoting the passage.",
        "A statement states or supports a judgment, or explains a standard or a finding.",
    ]

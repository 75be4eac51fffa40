"""A build worker reads a report's graph beside the ontology without copying them into one
(report_graph.with_ontology): the shapes and the search index must find in it exactly what they
find in the copy, faults included, and each triple once."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.graph.files import load_ontology
from kg.graph.iris import force_iri
from kg.graph.parsing import parse_rdf_file
from kg.graph.report_graph import (
    Context,
    check_report,
    index_entries,
    read_document,
    report_graph,
    with_ontology,
)
from kg.namespaces import KGO, OA
from kg.settings import Settings
from kg.source.manifest import read_manifest


def _first(graph: Graph, cls: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, cls))[0]


def test_the_report_beside_the_ontology_reads_as_their_copy(settings: Settings) -> None:
    ontology = load_ontology(settings)
    manifest, entries = read_manifest(settings.seeds_dir)
    context = Context.load(ontology, manifest, parse_rdf_file(settings.shapes_file), [])
    entry = next(e for e in entries if "2016" in e.path.name and "effectiveness" in e.path.name)
    doc = read_document(entry)
    graph, extraction = report_graph(context, entry, doc, ())
    assert extraction.inspection is not None
    force = force_iri(extraction.inspection.force_slug)
    # The report restates its force as the ontology states it: read once, not twice.
    shared = [t for t in graph if t in ontology]
    assert shared and all(t[0] == force or (t[0], None, None) in ontology for t in shared)
    judgment = _first(graph, KGO.Judgment)
    graph.add((judgment, KGO.notAProperty, Literal("x")))  # closed
    graph.remove((judgment, KGO.grade, None))  # minCount
    graph.set((judgment, KGO.isOverall, Literal("yes")))  # datatype
    graph.add((force, SKOS.prefLabel, Literal("A second name")))  # on a node both describe
    selector = _first(graph, OA.TextQuoteSelector)
    graph.remove((selector, OA.exact, None))
    copy = Graph()
    copy += ontology
    copy += graph

    beside = with_ontology(context, graph)

    assert len(beside) == len(copy)
    assert sorted(beside) == sorted(copy)
    found = check_report(context, graph, beside, doc)
    assert set(found) == set(check_report(context, graph, copy, doc))
    violations = {(r.focus, r.path) for r in found if r.severity == "Violation"}
    assert (str(judgment), str(KGO.notAProperty)) in violations
    assert (str(judgment), str(KGO.grade)) in violations
    assert (str(judgment), str(KGO.isOverall)) in violations
    assert index_entries(graph, beside) == index_entries(graph, copy)

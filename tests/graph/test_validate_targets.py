"""Whole-graph validation gives property shapes their node shape's targets (pySHACL then checks
each once over all its focus nodes, not once per focus node): it must find exactly what the
shapes as written find, on a built graph with faults of many kinds."""

from __future__ import annotations

from dataclasses import replace

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from kg.graph.build import BuildResult
from kg.graph.files import union_graph
from kg.graph.parsing import parse_rdf_file
from kg.graph.report_graph import Context, with_ontology
from kg.graph.validate import (
    ValidationResult,
    _pyshacl,
    _results,
    targeted_properties,
    validate_graph,
    validate_here,
)
from kg.namespaces import KGO, OA, ONTOLOGY_GRAPH, SH
from kg.settings import Settings

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
SHAPE = "https://w3id.org/police-inspection-kg/id/shape/"


def _first(graph: Graph, cls: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, cls))[0]


def _faulty(built: BuildResult) -> Graph:
    """The built graph with one fault for each kind of constraint the shapes use."""
    union = union_graph(built.dataset)
    report = _first(union, KGO.Report)
    union.add((report, DCTERMS.title, Literal("A second title")))  # maxCount
    union.add((report, KGO.originalFileName, Literal("report.pdf")))  # targetSubjectsOf
    union.remove((report, KGO.originalSha256, None))
    union.remove((report, DCTERMS["format"], None))
    union.remove((report, KGO.extractor, None))
    finding = _first(union, KGO.AreaForImprovement)
    union.remove((finding, KGO.text, None))  # minCount
    union.set((finding, KGO.findingType, URIRef(SHAPE + "no-such-type")))  # sh:in, hasValue
    judgment = _first(union, KGO.Judgment)
    union.add((judgment, KGO.notAProperty, Literal("x")))  # closed
    union.set((judgment, KGO.isOverall, Literal("yes")))  # datatype
    question = _first(union, KGO.Question)
    union.set((question, KGO.askedIn, judgment))  # sh:class
    annotation = _first(union, OA.Annotation)
    union.remove((annotation, OA.hasTarget, None))
    target = _first(union, OA.SpecificResource)
    # A third selector, a second quote selector (qualifiedMaxCount); named, as blank nodes are
    # renamed on their way back from the second process.
    extra = URIRef("https://example.org/selector/extra")
    union.add((target, OA.hasSelector, extra))
    union.add((extra, RDF.type, OA.TextQuoteSelector))
    union.add((extra, OA.exact, Literal("")))  # minLength
    position = _first(union, OA.TextPositionSelector)
    union.set((position, OA.start, Literal(10**9, datatype=XSD.nonNegativeInteger)))  # lessThan
    relation = _first(union, KGO.StatedRelation)
    union.remove((relation, KGO.relationObject, None))  # sh:or
    union.remove((relation, KGO.relationObjectText, None))
    inspection = _first(union, KGO.Inspection)
    for evidence in list(union.subjects(OA.hasBody, inspection)):  # inverse path
        union.remove((evidence, OA.hasBody, inspection))
    union.remove((inspection, KGO.year, None))  # a warning
    return union


def _unlabelled(results: tuple[ValidationResult, ...]) -> list[ValidationResult]:
    def blank(text: str | None) -> str | None:
        return "_:" if text and text.startswith("_:") else text

    return sorted(
        (replace(r, focus=blank(r.focus) or "", shape=blank(r.shape) or "") for r in results),
        key=str,
    )


def test_targeted_property_shapes_find_what_the_shapes_as_written_find(
    built: BuildResult, settings: Settings
) -> None:
    shapes = parse_rdf_file(settings.shapes_file)
    union = _faulty(built)

    as_written = _results(_pyshacl(union, shapes), union)
    targeted = _results(_pyshacl(union, targeted_properties(shapes)), union)

    assert targeted == as_written
    # In two processes (as the build runs), blank nodes come back from the second renamed.
    assert _unlabelled(validate_graph(union, shapes).results) == _unlabelled(as_written)
    shapes_hit = {r.shape.removeprefix(SHAPE) for r in as_written if r.shape.startswith(SHAPE)}
    assert {
        "Report-title",
        "Finding-text",
        "Finding-findingType",
        "AreaForImprovement-findingType",
        "Judgment",
        "Judgment-isOverall",
        "Question-askedIn",
        "Annotation-hasTarget",
        "SpecificResource-quoteSelector",
        "TextQuoteSelector-exact",
        "TextPositionSelector-start",
        "StatedRelation",
        "Inspection-evidence",
        "Inspection-year-stated",
    } <= shapes_hit
    # Report-original-complete's property shapes are blank nodes: three results on the report.
    complete = [r for r in as_written if "original file" in r.message]
    assert len(complete) == 3
    assert len(as_written) == 21


def test_every_property_shape_is_reached_one_way(settings: Settings) -> None:
    shapes = parse_rdf_file(settings.shapes_file)
    lean = targeted_properties(shapes)

    for node, prop in shapes.subject_objects(SH.property):
        kept = (node, SH.property, prop) in lean
        targeted = any((prop, p, None) in lean for p in TARGETS)
        assert kept != targeted, (node, prop)
        # Only closed shapes keep theirs: they are the properties a closed shape allows.
        assert kept == ((node, SH.closed, Literal(True)) in shapes), (node, prop)
        if targeted:  # with exactly its node shape's targets
            for p in TARGETS:
                assert set(lean.objects(prop, p)) == set(shapes.objects(node, p))
    assert len(list(lean.subjects(SH.closed, Literal(True)))) == 3


def test_a_node_shape_another_shape_refers_to_keeps_its_property_shapes() -> None:
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:Thing a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property ex:Thing-p .
ex:Thing-p sh:path ex:p ; sh:minCount 1 .
ex:Other a sh:NodeShape ; sh:targetClass ex:Other ; sh:property ex:Other-q .
ex:Other-q sh:path ex:q ; sh:node ex:Thing .
""",
        format="turtle",
    )
    lean = targeted_properties(shapes)
    ex = "https://example.org/"
    assert (URIRef(ex + "Thing"), SH.property, URIRef(ex + "Thing-p")) in lean
    assert (URIRef(ex + "Other-q"), SH.targetClass, URIRef(ex + "Other")) in lean
    assert (URIRef(ex + "Other"), SH.property, URIRef(ex + "Other-q")) not in lean


def test_report_by_report_finds_what_the_whole_graph_finds(
    built: BuildResult, settings: Settings
) -> None:
    """Faults in one report's graph: validating each report's graph beside the ontology, as
    the build's workers do (kg.graph.report_graph), finds exactly the whole graph's results
    (warnings of the other reports included)."""
    shapes = parse_rdf_file(settings.shapes_file)
    graphs = {}
    for named in built.dataset.graphs():
        graphs[named.identifier] = Graph()
        graphs[named.identifier] += named
    ontology = graphs.pop(ONTOLOGY_GRAPH)
    reports = [iri for iri in graphs if "/report/" in str(iri)]
    broken = next(iri for iri in reports if (None, RDF.type, KGO.Judgment) in graphs[iri])
    faulty = graphs[broken]
    judgment = _first(faulty, KGO.Judgment)
    faulty.add((judgment, KGO.notAProperty, Literal("x")))
    faulty.remove((judgment, KGO.grade, None))
    selector = _first(faulty, OA.TextQuoteSelector)
    faulty.remove((selector, OA.exact, None))
    whole = Graph()
    for graph in (ontology, *graphs.values()):
        whole += graph

    expected = set(_pyshacl_results(whole, shapes))
    context = Context.load(ontology, Graph(), shapes, [])
    found = set()
    for iri in reports:
        data = with_ontology(context, graphs[iri])
        found |= set(validate_here(data, context.shapes).results)

    assert found == expected
    assert len([r for r in expected if r.severity == "Violation"]) == 3


def _pyshacl_results(data: Graph, shapes: Graph) -> tuple[ValidationResult, ...]:
    return _results(_pyshacl(data, shapes), data)

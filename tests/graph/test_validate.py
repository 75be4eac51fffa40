"""Whole-graph validation runs in two processes, each with half the targeted shapes: it must
find exactly what one pySHACL run over all the shapes finds, violations of both halves
included."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, NamespaceManager

from kg.graph.build import BuildResult
from kg.graph.files import union_graph
from kg.graph.parsing import parse_rdf_file
from kg.graph.validate import (
    PARALLEL_FROM,
    ValidationReport,
    ValidationResult,
    _halves,
    _pyshacl,
    _results,
    _splittable,
    _validate_in_two,
    format_report,
)
from kg.namespaces import KGO, OA, SH
from kg.settings import Settings


def _broken_union(built: BuildResult) -> Graph:
    """The built graph with faults that different shapes find: annotations without a target,
    a quote selector without its quote, a judgment with a property its closed shape refuses."""
    union = union_graph(built.dataset)
    for annotation in sorted(union.subjects(RDF.type, OA.Annotation))[:3]:
        union.remove((annotation, OA.hasTarget, None))
    for selector in sorted(union.subjects(RDF.type, OA.TextQuoteSelector))[:2]:
        union.remove((selector, OA.exact, None))
    judgment = sorted(union.subjects(RDF.type, KGO.Judgment))[0]
    union.add((judgment, KGO.notAProperty, Literal("x")))
    return union


def test_two_processes_find_what_one_finds(built: BuildResult, settings: Settings) -> None:
    shapes = parse_rdf_file(settings.shapes_file)
    union = _broken_union(built)
    assert len(union) >= PARALLEL_FROM, "the seeds are big enough to take the two-process path"

    # Called directly: validate_graph takes this path only in a process without other threads.
    report_graph = _validate_in_two(union, shapes)
    split = ValidationReport(_results(report_graph, union), report_graph)
    single = _results(_pyshacl(union, shapes), union)

    assert split.results == single
    assert len(split.violations) == 6  # 3 annotations, 2 selectors, 1 judgment
    # Each half finds some of the faults and not all: both processes' results are in.
    first, second = _halves(union, shapes)
    by_half = [set(_results(_pyshacl(union, half), union)) for half in (first, second)]
    assert all(0 < len(found) < len(single) for found in by_half)
    assert by_half[0] | by_half[1] == set(single)
    reports = list(split.graph.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    assert split.graph.value(reports[0], SH.conforms) == Literal(False)
    assert len(list(split.graph.objects(reports[0], SH.result))) == len(single)


def test_the_halves_share_out_every_target_once(built: BuildResult, settings: Settings) -> None:
    shapes = parse_rdf_file(settings.shapes_file)
    first, second = _halves(union_graph(built.dataset), shapes)
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

    def targeted(graph: Graph) -> set[URIRef]:
        return {s for p in targets for s in graph.subjects(p, None)}

    assert targeted(first) and targeted(second)
    assert not targeted(first) & targeted(second)
    assert targeted(first) | targeted(second) == targeted(shapes)
    # Everything but the targets is kept in both, so sh:node references still resolve.
    assert len(first) + len(second) - len(shapes) == len([t for t in shapes if t[1] not in targets])


def test_a_failure_in_the_second_process_is_raised_not_lost() -> None:
    data = Graph().parse(
        data="""@prefix ex: <https://example.org/> .
ex:a a ex:Thing ; ex:p ex:b . ex:c a ex:Thing . ex:d a ex:Thing .
ex:b a ex:Other ; ex:q "x" .
""",
        format="turtle",
    )
    # The heavier shape stays in this process; the lighter one, whose pattern is not a
    # regular expression, goes to the second process, where pySHACL fails on it.
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:p ; sh:maxCount 1 ] .
ex:OtherShape a sh:NodeShape ; sh:targetClass ex:Other ;
    sh:property [ sh:path ex:q ; sh:pattern "(" ] .
""",
        format="turtle",
    )
    _first, second = _halves(data, shapes)
    assert (URIRef("https://example.org/OtherShape"), SH.targetClass, None) in second
    with pytest.raises(RuntimeError, match="second process") as raised:
        _validate_in_two(data, shapes)
    assert "re.error: missing ), unterminated subpattern" in str(raised.value)


def test_shapes_with_implicit_class_targets_are_not_split(settings: Settings) -> None:
    shapes = parse_rdf_file(settings.shapes_file)
    assert _splittable(shapes)
    implicit = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/Thing> a sh:NodeShape, rdfs:Class .
""",
        format="turtle",
    )
    assert not _splittable(shapes + implicit)


def test_a_second_process_that_dies_is_an_error_that_says_so(monkeypatch) -> None:
    import os

    import kg.graph.validate

    # The child ends at once, as if killed: no result ever comes through the pipe.
    monkeypatch.setattr(kg.graph.validate, "_validate_child", lambda *_args: os._exit(3))
    data = Graph().parse(
        data="@prefix ex: <https://example.org/> . ex:a a ex:Thing . ex:b a ex:Other .",
        format="turtle",
    )
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing .
ex:OtherShape a sh:NodeShape ; sh:targetClass ex:Other .
""",
        format="turtle",
    )
    with pytest.raises(RuntimeError, match=r"ended without a result \(exit code 3\)"):
        _validate_in_two(data, shapes)


class _Spy(NamespaceManager):
    def __init__(self, graph: Graph) -> None:
        super().__init__(graph)
        self.named: list[str] = []

    def normalizeUri(self, rdfTerm: str) -> str:  # rdflib names it
        self.named.append(rdfTerm)
        return super().normalizeUri(rdfTerm)


def test_validation_does_not_file_the_data_s_namespaces() -> None:
    """pySHACL names each result's nodes through the data graph's namespace manager, which
    files every new namespace in a trie whose insertions scan its keys: time quadratic in the
    namespaces seen, which made the first validation of 1M triples five times slower than
    the next (bench/RESULTS.md). Validation must not use it."""
    data = Graph().parse(
        data="""@prefix ex: <https://example.org/> .
<https://example.org/a/1x> a ex:Thing . <https://example.org/b/2x> a ex:Thing .
""",
        format="turtle",
    )
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:p ; sh:minCount 1 ] .
""",
        format="turtle",
    )
    spy = _Spy(data)
    data.namespace_manager = spy

    found = _results(_pyshacl(data, shapes), data)

    assert {r.focus for r in found} == {"https://example.org/a/1x", "https://example.org/b/2x"}
    assert data.namespace_manager is spy
    assert spy.named == []


def test_warnings_of_one_shape_are_one_paragraph_and_violations_each_their_own() -> None:
    def result(severity: str, focus: str, shape: str) -> ValidationResult:
        return ValidationResult(severity, focus, None, None, f"message of {shape}", shape, None)

    report = ValidationReport(
        (
            *(result("Warning", f"https://example.org/report/{n}", "no-date") for n in range(5)),
            result("Violation", "https://example.org/j/1", "grade"),
            result("Violation", "https://example.org/j/2", "grade"),
        ),
        Graph(),
    )
    text = format_report(report)
    assert text.startswith("Does not conform: 2 violation(s), 5 warning(s).")
    assert text.count("Warning") == 1
    assert "Warning (5 nodes): message of no-date" in text
    assert "https://example.org/report/0, https://example.org/report/1, " in text
    assert "and 2 more" in text
    assert "focus node: https://example.org/j/1" in text
    assert "focus node: https://example.org/j/2" in text

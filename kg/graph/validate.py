"""SHACL validation with pySHACL, and reports a person can read. The check that quotes stand
in the report files, which shapes cannot see, is kg.graph.quotes."""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, NamespaceManager
from rdflib.term import Node

from kg.graph.parallel import only_thread
from kg.namespaces import OA, SH


@dataclass(frozen=True)
class ValidationResult:
    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str
    quote: str | None  # the evidence quote of the offending fact, where it has one


@dataclass(frozen=True)
class ValidationReport:
    results: tuple[ValidationResult, ...]
    graph: Graph  # the sh:ValidationReport as RDF

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")

    @property
    def conforms(self) -> bool:
        return not self.violations


def validate_graph(
    data: Graph,
    shapes: Graph,
    focus_nodes: Iterable[Node] | None = None,
) -> ValidationReport:
    """Validate data against the shapes, without inference. The data must hold the ontology
    (the built graph does: its ontology graph is part of the union), so that sh:class sees
    subclasses through rdfs:subClassOf. With focus_nodes, only those nodes are checked.

    The ontology is not passed to pySHACL as ont_graph: pySHACL would copy every named
    individual of the gazetteer with all it links to, which grows without bound."""
    focus = sorted({str(n) for n in focus_nodes if isinstance(n, URIRef)}) if focus_nodes else None
    if focus_nodes is not None and not focus:
        return ValidationReport((), Graph())
    if focus is None:
        shapes = targeted_properties(shapes)
    with _frozen_heap():
        if focus is None and len(data) >= PARALLEL_FROM and _splittable(shapes) and _can_fork():
            results_graph = _validate_in_two(data, shapes)
        else:
            results_graph = _pyshacl(data, shapes, focus)
    return ValidationReport(_results(results_graph, data), results_graph)


def validate_here(data: Graph, shapes: Graph) -> ValidationReport:
    """Validate in this process, never split in two: for a build's workers, which already run
    one per core."""
    results_graph = _pyshacl(data, shapes)
    return ValidationReport(_results(results_graph, data), results_graph)


# Whole-graph validation splits the shapes in two halves, one per process, above this size:
# pySHACL runs in one thread, and it was 1.8 s of a 4.8 s build of the seeds (bench/RESULTS.md).
PARALLEL_FROM = 10_000
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def targeted_properties(shapes: Graph) -> Graph:
    """The same shapes, with each property shape of a node shape given that node shape's
    targets instead of being reached through its sh:property. pySHACL validates a property
    shape reached through sh:property once per focus node, building its constraints anew each
    time; a targeted one it validates once over all its focus nodes. The results are the same
    (a property shape's result names that property shape, its message, its severity and the
    focus node either way): tests/graph/test_validate_targets.py compares them.

    Left as they are: closed node shapes (their allowed properties are their property shapes'
    paths), node shapes that another shape refers to (sh:node, sh:qualifiedValueShape, sh:or:
    they must check everything wherever they are reached), node shapes with a severity or
    sh:deactivated, node shapes without targets, and property shapes that more than one
    shape refers to."""
    lean = Graph()
    lean += shapes
    referred: dict[Node, int] = {}  # how often a shape is referred to, targets aside
    for _s, predicate, o in shapes:
        if predicate not in _TARGETS:
            referred[o] = referred.get(o, 0) + 1
    for node in sorted({s for p in _TARGETS for s in shapes.subjects(p, None)}, key=str):
        if (
            referred.get(node)
            or (node, SH.closed, Literal(True)) in shapes
            or (node, SH.severity, None) in shapes
            or (node, SH.deactivated, None) in shapes
            or (node, SH.path, None) in shapes
        ):
            continue
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node, p)]
        for prop in list(shapes.objects(node, SH.property)):
            if referred.get(prop) != 1 or (prop, SH.deactivated, None) in shapes:
                continue
            lean.remove((node, SH.property, prop))
            for predicate, target in targets:
                lean.add((prop, predicate, target))
    return lean


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """The collector leaves what exists now (the data graph's millions of objects) out of its
    full collections while pySHACL runs: each one otherwise walks the whole heap, again and
    again as pySHACL's objects pile up (bench/RESULTS.md, issue 19)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _pyshacl(data: Graph, shapes: Graph, focus: list[str] | None = None) -> Graph:
    prefixes = data.namespace_manager
    data.namespace_manager = _FullIris(data)
    try:
        _conforms, results_graph, _text = validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=False,
            allow_warnings=True,
            focus_nodes=focus,
        )
    finally:
        data.namespace_manager = prefixes
    return results_graph


class _FullIris(NamespaceManager):
    """Writes every IRI in full. pySHACL describes in words each result it makes, even those a
    qualified value shape then drops (every selector of the other kind), naming nodes with the
    data graph's prefixes: rdflib files each new namespace in a trie whose every insertion
    copies and scans its keys, time quadratic in the namespaces seen, most of the first
    validation of 1M triples (bench/RESULTS.md); later runs found them filed. The description
    is pySHACL's text report, which is never read."""

    def __init__(self, graph: Graph) -> None:
        super().__init__(graph, bind_namespaces="none")

    def normalizeUri(self, rdfTerm: str) -> str:  # rdflib names it
        return f"<{rdfTerm}>"

    def bind(self, *args, **kwargs) -> None:
        pass


def _splittable(shapes: Graph) -> bool:
    # A shape that is also a class targets its instances implicitly: that target cannot be
    # given to one half only, so such shapes are validated in one process.
    return not any(
        (shape, RDF.type, cls) in shapes
        for cls in (RDFS.Class, OWL.Class)
        for kind in (SH.NodeShape, SH.PropertyShape)
        for shape in shapes.subjects(RDF.type, kind)
    )


def _can_fork() -> bool:
    # A forked child inherits the data without copying it. Forking a process that runs other
    # threads can deadlock the child (Python 3.12 warns of it), so validation in a process
    # with threads, a server's, stays in one process.
    return hasattr(os, "fork") and only_thread()


def _validate_in_two(data: Graph, shapes: Graph) -> Graph:
    """Validate with half the targeted shapes here and the other half in a forked child. A
    shape without targets validates nothing by itself (shapes it refers to with sh:node are
    still followed), so the two halves together check exactly what the whole shapes graph
    does, and their results are the same."""
    first, second = _halves(data, shapes)
    receiving, sending = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=_validate_child, args=(data, second, sending), daemon=True
    )
    child.start()
    sending.close()
    try:
        ours = _pyshacl(data, first)
        try:
            status, payload = receiving.recv()
        except EOFError:  # it died without a word (killed, out of memory)
            status, payload = "error", "it ended without a result"
    finally:
        receiving.close()
        child.join()
    if status != "ok" and child.exitcode:
        payload += f" (exit code {child.exitcode})"
    if status != "ok":
        raise RuntimeError(f"SHACL validation failed in its second process:\n{payload}")
    theirs = Graph().parse(data=payload, format="nt")
    return _merged_reports(ours, theirs)


def _validate_child(data: Graph, shapes: Graph, sending) -> None:
    answer: tuple[str, bytes | str]  # N-Triples, or the error's traceback
    try:
        answer = ("ok", _pyshacl(data, shapes).serialize(format="nt", encoding="utf-8"))
    except BaseException:  # reported to the parent, which raises it
        answer = ("error", traceback.format_exc())
    sending.send(answer)
    sending.close()


def _halves(data: Graph, shapes: Graph) -> tuple[Graph, Graph]:
    """Two copies of the shapes, each keeping the targets of about half the work: shapes are
    weighed by their focus nodes times their constraints, heaviest first, each to the
    lighter half."""
    targeted = sorted({s for p in _TARGETS for s in shapes.subjects(p, None)}, key=str)
    weights = {shape: _weight(data, shapes, shape) for shape in targeted}
    halves: tuple[list, list] = ([], [])
    loads = [0, 0]
    for shape in sorted(targeted, key=lambda s: -weights[s]):
        lighter = 0 if loads[0] <= loads[1] else 1
        halves[lighter].append(shape)
        loads[lighter] += weights[shape]
    copies = []
    for other in (halves[1], halves[0]):
        copy = Graph()
        copy += shapes
        for shape in other:
            for predicate in _TARGETS:
                copy.remove((shape, predicate, None))
        copies.append(copy)
    return copies[0], copies[1]


def _weight(data: Graph, shapes: Graph, shape: Node) -> int:
    focus: set[Node] = set(shapes.objects(shape, SH.targetNode))
    for cls in shapes.objects(shape, SH.targetClass):
        focus.update(data.subjects(RDF.type, cls))
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        focus.update(data.subjects(predicate, None))
    for predicate in shapes.objects(shape, SH.targetObjectsOf):
        focus.update(data.objects(None, predicate))
    # A qualified value shape validates every value against a further shape, and pySHACL
    # describes each value that does not conform in full before counting: three times the work
    # of another constraint, measured on the seeds' selectors.
    # A property shape with its own targets (targeted_properties) weighs as one constraint.
    parts = [shape, *shapes.objects(shape, SH.property)]
    qualified = [p for p in parts if (p, SH.qualifiedValueShape, None) in shapes]
    return max(1, len(focus)) * (len(parts) + 2 * len(qualified))


def _merged_reports(ours: Graph, theirs: Graph) -> Graph:
    """One sh:ValidationReport holding both halves' results."""
    report = ours.value(None, RDF.type, SH.ValidationReport)
    other = theirs.value(None, RDF.type, SH.ValidationReport)
    assert isinstance(report, BNode | URIRef) and other is not None
    conforms = ours.value(report, SH.conforms) == Literal(True) and theirs.value(
        other, SH.conforms
    ) == Literal(True)
    for triple in theirs:
        if triple[0] != other:
            ours.add(triple)
    for result in theirs.objects(other, SH.result):
        ours.add((report, SH.result, result))
    ours.set((report, SH.conforms, Literal(conforms)))
    return ours


def with_results(report: ValidationReport, extra: tuple[ValidationResult, ...]) -> ValidationReport:
    return ValidationReport(tuple(sorted(report.results + extra, key=_order)), report.graph)


def _results(report: Graph, data: Graph) -> tuple[ValidationResult, ...]:
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(node, SH.focusNode)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        severity = report.value(node, SH.resultSeverity)
        message = report.value(node, SH.resultMessage)
        shape = report.value(node, SH.sourceShape)
        results.append(
            ValidationResult(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=_show(report, focus),
                path=_show(report, path) if path is not None else None,
                value=_show(report, value) if value is not None else None,
                message=str(message) if message else "(no message)",
                shape=_show(report, shape),
                quote=evidence_quote(data, focus) if focus is not None else None,
            )
        )
    results.sort(key=_order)
    return tuple(results)


def _order(result: ValidationResult) -> tuple:
    severity = {"Violation": 0, "Warning": 1, "Info": 2}.get(result.severity, 3)
    return (severity, result.focus, result.path or "", result.message)


def _show(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return str(node)
    if (node, SH.inversePath, None) in graph:
        return f"^{graph.value(node, SH.inversePath)}"
    return node.n3()


def evidence_quote(data: Graph, node: Node) -> str | None:
    """The exact quote that stands as evidence for a fact, or that a selector selects."""
    exact = data.value(node, OA.exact)
    if exact is not None:
        return str(exact)
    for annotation in data.subjects(OA.hasBody, node):
        for target in data.objects(annotation, OA.hasTarget):
            for selector in data.objects(target, OA.hasSelector):
                exact = data.value(selector, OA.exact)
                if exact is not None:
                    return str(exact)
    return None


def format_report(report: ValidationReport, limit: int = 50) -> str:
    """A plain-text report: one paragraph per violation, violations first; warnings (and infos)
    of one shape with one message in one paragraph naming a few of their focus nodes (a
    collection's reports that state no date are one warning, not 65)."""
    if not report.results:
        return "Conforms: no violations, no warnings."
    lines = [
        f"{'Conforms' if report.conforms else 'Does not conform'}: "
        f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s)."
    ]
    groups: dict[tuple, list[ValidationResult]] = {}
    for result in report.results:
        key = (
            (id(result),)
            if result.severity == "Violation"
            else (result.severity, result.shape, result.message, result.path)
        )
        groups.setdefault(key, []).append(result)
    paragraphs = list(groups.values())
    for group in paragraphs[:limit]:
        result = group[0]
        lines.append("")
        if len(group) == 1:
            lines.append(f"{result.severity}: {result.message}")
            lines.append(f"  focus node: {result.focus}")
        else:
            lines.append(f"{result.severity} ({len(group)} nodes): {result.message}")
            named = ", ".join(r.focus for r in group[:_NAMED_IN_GROUP])
            more = len(group) - _NAMED_IN_GROUP
            lines.append(f"  focus nodes: {named}{f' and {more} more' if more > 0 else ''}")
        if result.path:
            lines.append(f"  path:       {result.path}")
        if result.value and len(group) == 1:
            lines.append(f"  value:      {result.value}")
        lines.append(f"  shape:      {result.shape}")
        if result.quote and len(group) == 1:
            quote = " ".join(result.quote.split())
            lines.append(f'  evidence:   "{quote[:200]}{"…" if len(quote) > 200 else ""}"')
    if len(paragraphs) > limit:
        rest = sum(len(group) for group in paragraphs[limit:])
        lines.append(f"\n… and {rest} more.")
    return "\n".join(lines)


_NAMED_IN_GROUP = 3

"""Checking triples a user submits, against the shapes and beyond, in the context of the graph.

Only the submission's focus nodes are validated, each with just the part of the graph its
shapes read (its own triples, the blank nodes they lead to, the types of the nodes it points
at, the evidence annotations that point at it, the class hierarchy), so a small submission is
checked quickly however large the graph is.

Beyond the shapes, checks with messages a curator understands: a term the query engine would
refuse (kg.curation.terms; checked first, as nothing else can be trusted to handle it); a
subject no shape would check (neither in the graph nor of a class the shapes cover); a term in
the project's ontology namespace that the ontology does not define (with "did you mean"); a
reference to a node of the project's that the graph does not hold; a literal of the wrong
datatype; evidence whose quote does not stand at the stated offsets of the stated report.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TypeGuard

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from kg.curation.terms import bad_terms, load_problem
from kg.graph.quotes import check_quotes
from kg.graph.validate import (
    ValidationReport,
    ValidationResult,
    validate_graph,
    with_results,
)
from kg.namespaces import KGO, KGR, OA, PREFIXES, SH
from kg.source.document import SourceDocument
from kg.source.manifest import read_manifest

# A range of xsd:decimal takes integers too (xsd:integer is derived from it).
_ALSO_ACCEPTED: dict[Node, set[URIRef]] = {
    XSD.decimal: {XSD.integer},
    XSD.nonNegativeInteger: {XSD.integer},
}


def report_texts(seeds_dir: Path) -> dict[str, str]:
    """The text of every report of the manifest, by report IRI, as the offsets count it."""
    _manifest, entries = read_manifest(seeds_dir)
    return {e.iri: SourceDocument.from_file(e.iri, e.path).text for e in entries}


class SubmissionChecker:
    """Checks submissions against a graph. context is the whole graph (a Dataset whose default
    graph is the union, or a Graph); ontology its terms and schemes; texts the reports."""

    def __init__(
        self, context: Graph, ontology: Graph, shapes: Graph, texts: Mapping[str, str]
    ) -> None:
        self.context = context
        self.shapes = shapes
        self.texts = texts
        self._inverse_paths = set(shapes.objects(None, SH.inversePath))
        self._defined = {s for s in ontology.subjects() if _in(s, KGO)}
        self._ranges = {
            p: r for p, r in ontology.subject_objects(RDFS.range) if _in(r, XSD) and r != XSD.string
        }
        self._hierarchy = Graph()
        for triple in ontology.triples((None, RDFS.subClassOf, None)):
            self._hierarchy.add(triple)
        # What the shapes target: instances of these classes (and of their subclasses), the
        # subjects or objects of these predicates, these nodes.
        self._covered_classes = set(shapes.objects(None, SH.targetClass)) | {
            shape
            for kind in (SH.NodeShape, SH.PropertyShape)
            for shape in shapes.subjects(RDF.type, kind)
            if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes
        }
        self._target_subjects_of = set(shapes.objects(None, SH.targetSubjectsOf))
        self._target_objects_of = set(shapes.objects(None, SH.targetObjectsOf))
        self._target_nodes = set(shapes.objects(None, SH.targetNode))

    def check(
        self, submitted: Graph, text: str | None = None, source: str = "submission"
    ) -> ValidationReport:
        """The shapes' and the extra checks' results for submitted triples; text (the
        submission as written) lets messages give line numbers. Nothing is stored."""
        engine = self.check_terms(submitted, text, source)
        if not engine.conforms:
            return engine  # the rest would have to read terms it cannot trust
        # The shapes validate named focus nodes only: blank nodes are named for the check (and
        # written as blank nodes again in its messages), so their triples are checked too.
        submitted = _skolemized(submitted)
        data = self.focused_context(submitted)
        focus = self.focus_nodes(submitted)
        report = validate_graph(data, self.shapes, focus_nodes=focus)
        where = _Locator(text, source)
        extra = (
            self._unchecked_subjects(submitted, where)
            + self._undefined_terms(submitted, where)
            + self._missing_nodes(submitted, where)
            + self._datatypes(submitted, where)
            + check_quotes(data, self.texts, _evidence_targets(submitted))
        )
        report = with_results(report, extra)
        return ValidationReport(tuple(_unskolem(r) for r in report.results), report.graph)

    def check_terms(
        self, submitted: Graph, text: str | None = None, source: str = "submission"
    ) -> ValidationReport:
        """Every term checked by the query engine's own constructors: a submission that
        passes can be written as N-Triples that every engine of the project loads."""
        where = _Locator(text, source)
        results = tuple(
            _result(
                # A literal is reported on the node it describes.
                next(iter(submitted.subjects(None, term)), term)
                if isinstance(term, Literal)
                else term,
                f"{where.at(term)}{_shown(term)} cannot enter the store: the query engine "
                f"refuses it ({problem})",
                "term the query engine refuses",
                value=term,
            )
            for term, problem in bad_terms(submitted)
        )
        return with_results(ValidationReport((), Graph()), results)

    def check_stored_text(self, ntriples: str, source: str = "submission") -> ValidationReport:
        """The N-Triples to be stored, read back strictly by every engine: the last word on
        whether the store will load (the term checks should have caught anything before)."""
        problem = load_problem(ntriples)
        if problem is None:
            return ValidationReport((), Graph())
        term, message = problem
        result = ValidationResult(
            severity="Violation",
            focus=term or "(the submission)",
            path=None,
            value=term,
            message=f"{source}: the submission cannot enter the store: {message}",
            shape="term the query engine refuses (kg.curation.checks)",
            quote=None,
        )
        return ValidationReport((result,), Graph())

    def focus_nodes(self, submitted: Graph) -> set[Node]:
        """The nodes the submission says something about, and the existing nodes it points
        at (whose shapes may now fail, e.g. a second grade on a judgment)."""
        objects = {o for o in submitted.objects() if isinstance(o, URIRef)}
        return set(submitted.subjects()) | {o for o in objects if self._exists(o)}

    def focused_context(self, submitted: Graph) -> Graph:
        """The submission plus the part of the graph that validating its focus nodes reads."""
        data = Graph()
        data += self._hierarchy
        data += submitted
        seen: set[Node] = set()
        for node in self.focus_nodes(submitted):
            self._describe(node, data, seen)
            for path in self._inverse_paths:
                for subject in self.context.subjects(path, node):
                    data.add((subject, path, node))
                    self._describe(subject, data, seen)
        for o in set(submitted.objects()):
            if isinstance(o, URIRef):
                self._add_types(o, data)
        return data

    def _describe(self, node: Node, data: Graph, seen: set[Node]) -> None:
        """A node's own triples, the blank nodes they lead to (whole), the types of the named
        nodes they lead to."""
        if node in seen:
            return
        seen.add(node)
        for triple in self.context.triples((node, None, None)):
            data.add(triple)
            obj = triple[2]
            if isinstance(obj, BNode):
                self._describe(obj, data, seen)
            elif isinstance(obj, URIRef):
                self._add_types(obj, data)

    def _add_types(self, node: URIRef, data: Graph) -> None:
        for triple in self.context.triples((node, RDF.type, None)):
            data.add(triple)

    def _exists(self, node: Node) -> bool:
        return (node, None, None) in self.context

    def _covered(self, node: Node, submitted: Graph) -> bool:
        """Whether some shape targets the node, by its classes (given in the submission or
        the graph, or a superclass of them) or by the triples it stands in."""
        if node in self._target_nodes:
            return True
        if any((node, p, None) in submitted for p in self._target_subjects_of):
            return True
        if any((None, p, node) in submitted for p in self._target_objects_of):
            return True
        classes = set(submitted.objects(node, RDF.type)) | set(self.context.objects(node, RDF.type))
        for cls in classes:
            if cls in self._covered_classes:
                return True
            supers = self._hierarchy.transitive_objects(cls, RDFS.subClassOf)
            if any(s in self._covered_classes for s in supers):
                return True
        return False

    def _unchecked_subjects(
        self, submitted: Graph, where: _Locator
    ) -> tuple[ValidationResult, ...]:
        """A subject that is neither in the graph nor of a class the shapes cover would have
        its triples checked by nothing: refused, saying why."""
        results = []
        for node in sorted(set(submitted.subjects()), key=str):
            if self._exists(node) or self._covered(node, submitted):
                continue
            if _in(node, KGR) and (node, RDF.type, None) not in submitted:
                continue  # _missing_nodes says it: a node of ours with no type is a typo
            classes = sorted(submitted.objects(node, RDF.type), key=str)
            why = (
                f"its class {', '.join(_short(c) for c in classes)} is not one the shapes check"
                if classes
                else "the submission gives it no class (rdf:type)"
            )
            results.append(
                _result(
                    node,
                    f"{where.at(node)}{_short(node) if isinstance(node, URIRef) else node.n3()} "
                    f"is not in the graph and {why}, so no shape would check its triples; "
                    "describe a node the graph holds, or give it a class the shapes cover",
                    "subject no shape checks",
                )
            )
        return tuple(results)

    def _undefined_terms(self, submitted: Graph, where: _Locator) -> tuple[ValidationResult, ...]:
        terms = {t for triple in submitted for t in triple if _in(t, KGO)}
        results = []
        for term in sorted(terms - self._defined):
            hint = _did_you_mean(term, self._defined)
            results.append(
                _result(
                    term,
                    f"{where.at(term)}{_short(term)} is not defined by the ontology{hint}",
                    "undefined term",
                )
            )
        return tuple(results)

    def _missing_nodes(self, submitted: Graph, where: _Locator) -> tuple[ValidationResult, ...]:
        results = []
        for node in sorted({o for o in submitted.objects() if _in(o, KGR)}):
            if self._exists(node) or (node, None, None) in submitted:
                continue
            results.append(
                _result(
                    node,
                    f"{where.at(node)}the submission refers to {_short(node)}, which the graph "
                    f"does not hold{self._similar_node(node)}",
                    "reference to a missing node",
                )
            )
        for node in sorted({s for s in submitted.subjects() if _in(s, KGR)}):
            if self._exists(node) or (node, RDF.type, None) in submitted:
                continue
            results.append(
                _result(
                    node,
                    f"{where.at(node)}{_short(node)} is not in the graph and the submission "
                    f"gives it no type (rdf:type), so it is taken for a typo"
                    f"{self._similar_node(node)}",
                    "reference to a missing node",
                )
            )
        return tuple(results)

    def _similar_node(self, node: URIRef) -> str:
        """A "did you mean" among the graph's nodes in the same folder (only computed for a
        submission that fails, so the scan costs nothing on the way to acceptance)."""
        folder = str(node).rsplit("/", 1)[0] + "/"
        candidates = {s for s in self.context.subjects() if str(s).startswith(folder)}
        return _did_you_mean(node, candidates)

    def _datatypes(self, submitted: Graph, where: _Locator) -> tuple[ValidationResult, ...]:
        results = []
        for s, p, o in sorted(submitted):
            if not isinstance(o, Literal):
                continue
            if o.ill_typed:
                results.append(
                    _result(
                        s,
                        f'{where.at(o)}"{o}" is not a valid {_short(o.datatype)} '
                        f"(the value of {_short(p)})",
                        "literal datatype",
                        path=p,
                        value=o,
                    )
                )
                continue
            expected = self._ranges.get(p)
            if expected is None or o.datatype == expected:
                continue
            if o.datatype in _ALSO_ACCEPTED.get(expected, ()):
                continue
            given = _short(o.datatype) if o.datatype else "a plain string"
            results.append(
                _result(
                    s,
                    f'{where.at(o)}{_short(p)} takes {_short(expected)} values, but "{o}" is '
                    f'{given}; write it as "{o}"^^{_short(expected)}',
                    "literal datatype",
                    path=p,
                    value=o,
                )
            )
        return tuple(results)


class _Locator:
    """Finds the line of a submission's text where a term is written, for messages."""

    def __init__(self, text: str | None, source: str) -> None:
        self.lines = text.splitlines() if text else []
        self.source = source

    def at(self, term: Node) -> str:
        for pattern in _spellings(term):
            for number, line in enumerate(self.lines, start=1):
                if pattern.search(line):
                    return f"{self.source}, line {number}: "
        return f"{self.source}: "


def _spellings(term: Node) -> list[re.Pattern[str]]:
    if isinstance(term, Literal):
        return [re.compile(re.escape(f'"{term}"'))]
    text = str(term)
    spellings = [re.compile(re.escape(f"<{text}>")), re.compile(re.escape(f'"{text}"'))]
    for _prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)) and len(text) > len(str(namespace)):
            local = re.escape(text[len(str(namespace)) :])
            spellings.append(re.compile(rf"(?<![\w/#-]){_prefix}:{local}(?![\w-])"))
            spellings.append(re.compile(rf":{local}(?![\w-])"))
    return spellings


# The names blank nodes are given while a submission is checked.
_BLANK = "https://blank-node.invalid/"


def _skolemized(graph: Graph) -> Graph:
    def named(term: Node) -> Node:
        return URIRef(f"{_BLANK}{term}") if isinstance(term, BNode) else term

    result = Graph()
    for s, p, o in graph:
        result.add((named(s), p, named(o)))
    return result


def _unskolem(result: ValidationResult) -> ValidationResult:
    def blank(text: str | None) -> str | None:
        if text is None:
            return None
        return re.sub(rf"<?{re.escape(_BLANK)}([^\s>]*)>?", r"_:\1", text)

    return replace(
        result,
        focus=blank(result.focus) or "",
        value=blank(result.value),
        message=blank(result.message) or "",
    )


def _shown(term: Node) -> str:
    """A term as written in N-Triples, even one rdflib would refuse to write."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term).encode("utf-8", "backslashreplace").decode("utf-8")
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype is not None:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return str(term)


def _n3(term: Node) -> str:
    try:
        return term.n3()
    except Exception:  # rdflib refuses to write an IRI it finds invalid
        return _shown(term)


def _evidence_targets(submitted: Graph) -> set[Node]:
    return set(submitted.subjects(OA.hasSelector)) | set(submitted.subjects(OA.hasSource))


def _did_you_mean(term: Node, candidates: Iterable[Node]) -> str:
    """Close names among the candidates, compared by their last part (a shared namespace
    would make every IRI look alike)."""
    by_name: dict[str, list[Node]] = {}
    for candidate in candidates:
        by_name.setdefault(_local(candidate), []).append(candidate)
    close = difflib.get_close_matches(_local(term), list(by_name), n=2, cutoff=0.7)
    # Closest first; candidates alike in name in IRI order.
    found = [_short(c) for name in close for c in sorted(by_name[name], key=str)][:2]
    return "; did you mean " + " or ".join(found) + "?" if found else ""


def _local(term: Node) -> str:
    return re.split(r"[/#]", str(term))[-1].lower()


def _short(term: Node | None) -> str:
    """kgo:year rather than the whole IRI, for messages."""
    if term is None:
        return "(none)"
    text = str(term)
    best = None
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if text.startswith(ns) and (best is None or len(ns) > len(best[1])):
            best = (prefix, ns)
    if best and "/" not in text[len(best[1]) :]:
        return f"{best[0]}:{text[len(best[1]) :]}"
    return f"<{text}>"


def _in(term: Node, namespace: object) -> TypeGuard[URIRef]:
    return isinstance(term, URIRef) and str(term).startswith(str(namespace))


def _result(
    focus: Node,
    message: str,
    check: str,
    path: Node | None = None,
    value: Node | None = None,
) -> ValidationResult:
    return ValidationResult(
        severity="Violation",
        focus=str(focus),
        path=str(path) if path is not None else None,
        value=_n3(value) if value is not None else None,
        message=message,
        shape=f"{check} (kg.curation.checks)",
        quote=None,
    )

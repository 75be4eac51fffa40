"""SHACL validation with pySHACL, and reports a person can read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

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
    _conforms, results_graph, _text = validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        allow_warnings=True,
        focus_nodes=focus,
    )
    return ValidationReport(_results(results_graph, data), results_graph)


def check_quotes(
    data: Graph, texts: Mapping[str, str], targets: Iterable[Node] | None = None
) -> tuple[ValidationResult, ...]:
    """Every quote must stand at its offsets in its report (a SHACL shape cannot read files):
    one violation for each evidence target whose oa:exact is not the report's text at
    oa:start..oa:end. texts maps report IRIs to the text of their files. targets are the
    evidence targets to check; by default every oa:SpecificResource of the data."""
    results = []
    if targets is None:
        targets = data.subjects(RDF.type, OA.SpecificResource)
    for target in set(targets):
        source = data.value(target, OA.hasSource)
        selectors = list(data.objects(target, OA.hasSelector))
        exact = next((data.value(s, OA.exact) for s in selectors if data.value(s, OA.exact)), None)
        start = next((data.value(s, OA.start) for s in selectors if data.value(s, OA.start)), None)
        end = next((data.value(s, OA.end) for s in selectors if data.value(s, OA.end)), None)
        if source is None or exact is None or start is None or end is None:
            continue  # the shapes report what is missing
        text = texts.get(str(source))
        problem = None
        if text is None:
            problem = f"the evidence points at <{source}>, which is not a report of the manifest"
        else:
            try:
                first, last = int(start), int(end)
            except ValueError:
                continue  # the shapes report a bad datatype
            if text[first:last] != str(exact):
                found = " ".join(text[first:last].split())[:80]
                problem = (
                    f"the quote does not stand at offsets {first}-{last} of the report; "
                    f'the text there is "{found}"'
                )
        if problem:
            annotation = next(data.subjects(OA.hasTarget, target), target)
            fact = data.value(annotation, OA.hasBody) or annotation
            results.append(
                ValidationResult(
                    severity="Violation",
                    focus=str(fact),
                    path=None,
                    value=None,
                    message=problem,
                    shape="quote check (kg.validate.check_quotes)",
                    quote=str(exact),
                )
            )
    return tuple(sorted(results, key=lambda r: r.focus))


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
    """A plain-text report: one paragraph per result, violations first."""
    if not report.results:
        return "Conforms: no violations, no warnings."
    lines = [
        f"{'Conforms' if report.conforms else 'Does not conform'}: "
        f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s)."
    ]
    for result in report.results[:limit]:
        lines.append("")
        lines.append(f"{result.severity}: {result.message}")
        lines.append(f"  focus node: {result.focus}")
        if result.path:
            lines.append(f"  path:       {result.path}")
        if result.value:
            lines.append(f"  value:      {result.value}")
        lines.append(f"  shape:      {result.shape}")
        if result.quote:
            quote = " ".join(result.quote.split())
            lines.append(f'  evidence:   "{quote[:200]}{"…" if len(quote) > 200 else ""}"')
    if len(report.results) > limit:
        lines.append(f"\n… and {len(report.results) - limit} more.")
    return "\n".join(lines)

"""The quote check: every evidence quote must stand at its offsets in its report's file, which a
SHACL shape cannot see (shapes read the graph, not the files). Its results join the SHACL
results of kg.graph.validate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import Graph, Literal
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.graph.validate import ValidationResult
from kg.namespaces import OA


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
            if not (isinstance(start, Literal) and isinstance(end, Literal)):
                continue  # the shapes report offsets that are not literals
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
                    shape="quote check (kg.graph.quotes.check_quotes)",
                    quote=str(exact),
                )
            )
    return tuple(sorted(results, key=lambda r: r.focus))

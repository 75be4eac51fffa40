"""The links between findings that recur (kg.extract.links), force by force. A finding recurs
only in a later inspection of its own force, so each force's links are found, written,
validated and quote-checked apart from the other forces', and kept in the cache under the keys
of that force's reports: `kg add` of one report finds again the links of its force alone."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from kg.extract.links import recurring_findings
from kg.facts import LinkedFinding, ReportExtraction
from kg.graph.iris import finding_iris, inspection_iri
from kg.graph.quotes import check_quotes
from kg.graph.rdf import add_linking, add_links
from kg.graph.report_graph import Context, beside, nquads
from kg.graph.tally import Tally, tally
from kg.graph.validate import ValidationResult, validate_here
from kg.namespaces import LINKS_GRAPH
from kg.source.manifest import ReportEntry

if TYPE_CHECKING:
    from kg.graph.cache import ReportCache


@dataclass(frozen=True)
class LinkGroup:
    """What the build keeps of one force's links besides their N-Quads (in the cache)."""

    group: str  # the name it is cached under
    results: tuple[ValidationResult, ...]  # the shapes' and the quote check's, on its links
    nquads_sha256: str
    tally: Tally


def link_groups(
    context: Context,
    entries: tuple[ReportEntry, ...],
    extractions: tuple[ReportExtraction, ...],
    keys: list[str],
    texts: Mapping[str, str],
    cache: ReportCache,
) -> list[tuple[LinkGroup, Path]]:
    """Each force's links and the file of their sorted N-Quads, by force: from the cache when
    none of the force's reports changed (their keys hold the builder's), else found again."""
    by_force: dict[str, list[int]] = {}
    for n, extraction in enumerate(extractions):
        if extraction.inspection is not None and extraction.findings:
            by_force.setdefault(extraction.inspection.force_slug, []).append(n)
    base: Graph | None = None
    found = []
    for force in sorted(by_force):
        members = by_force[force]
        name = f"{LINKS_GRAPH}/{force}"
        key = hashlib.sha256("\0".join([name, *(keys[n] for n in members)]).encode()).hexdigest()
        group = cache.load_links(name, key)
        if group is None:
            if base is None:
                base = _base(context)
            group, lines = _group(context, base, name, members, entries, extractions, texts)
            cache.store_links(key, group, lines)
        found.append((group, cache.nquads_path(name)))
    return found


def _base(context: Context) -> Graph:
    """What the links' shapes read besides the links: the ontology (the class tree, the link
    method), the manifest (each report's type, which evidence points at) and the activity."""
    base = Graph()
    base += context.ontology
    base += context.manifest
    add_linking(base)
    return base


def _group(
    context: Context,
    base: Graph,
    name: str,
    members: list[int],
    entries: tuple[ReportEntry, ...],
    extractions: tuple[ReportExtraction, ...],
    texts: Mapping[str, str],
) -> tuple[LinkGroup, bytes]:
    findings: dict[tuple[str, int], URIRef] = {}  # by report and offset
    linkable: list[LinkedFinding] = []
    for n in members:
        entry, extraction = entries[n], extractions[n]
        fact = extraction.inspection
        assert fact is not None  # link_groups groups only reports with an inspection
        inspection = inspection_iri(entry.iri, fact)
        for finding, iri in zip(
            extraction.findings, finding_iris(inspection, extraction.findings), strict=True
        ):
            findings[(entry.iri, finding.evidence.start)] = iri
            linkable.append(LinkedFinding(fact, finding))
    graph = Graph(identifier=LINKS_GRAPH)
    add_links(graph, recurring_findings(linkable), findings)
    results: tuple[ValidationResult, ...] = ()
    if len(graph):
        # Only the nodes the links describe: the findings they join were checked with their
        # reports' graphs, the activity with the ontology (kg.graph.cross).
        own = {str(s) for s in graph.subjects()}
        checked = validate_here(beside(base, graph), context.shapes).results
        results = tuple(r for r in checked if r.focus in own) + check_quotes(graph, texts)
    text = nquads(graph)
    lines = text.encode("utf-8")
    return LinkGroup(name, results, hashlib.sha256(lines).hexdigest(), tally(text)), lines

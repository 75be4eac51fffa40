"""One report's named graph: what a worker of the build does for each report, from its text to
its sorted N-Quads, validated on its own graph (plus the ontology) and quote-checked against
its own text. Nothing here reads another report: what reports share (the aliases they define)
is handed in with the context."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import partial

from rdflib import Graph, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.namespace import DCTERMS
from rdflib.paths import Path
from rdflib.plugins.serializers.nquads import _nq_row
from rdflib.term import Node

from kg.extract.citations import find_citations
from kg.extract.entities import EntityMatcher, find_mentions, load_entities, with_aliases
from kg.extract.force_units import (
    ForceUnits,
    aliases_for_force,
    load_force_units,
    mentions_for_force,
    relations_for_force,
)
from kg.extract.inspection import Reading, load_reading
from kg.extract.organisations import find_organisations
from kg.extract.people import find_people, find_post_mentions, post_chairs
from kg.extract.relations import (
    RelationType,
    find_relations,
    force_entity,
    load_relation_types,
)
from kg.extract.report import extract_report
from kg.extract.statements import statements
from kg.extract.statistics import extract_statistics
from kg.facts import Alias, Entity, ReportExtraction
from kg.graph.iris import (
    fact_spans,
    force_iri,
    force_unit_iri,
    found_organisation_iri,
    inspectorate_iri,
    report_graph_iri,
)
from kg.graph.quotes import check_quotes
from kg.graph.rdf import (
    add_aliases,
    add_extraction,
    add_force_units,
    add_mentions,
    add_observations,
    add_organisations,
    add_people,
    add_relations,
)
from kg.graph.statements import add_statements
from kg.graph.tally import Tally
from kg.graph.validate import ValidationResult, targeted_properties, validate_here
from kg.source.document import SourceDocument
from kg.source.formats import PDF
from kg.source.manifest import ReportEntry
from kg.source.schemes import Schemes, load_schemes
from kg.source.segments import paragraphs
from kg.views.search_index import Entry, entries


@dataclass(frozen=True)
class Context:
    """What every report's extraction reads besides its own text, read once per build."""

    ontology: Graph
    manifest: Graph
    shapes: Graph
    schemes: Schemes
    reading: Reading
    matcher: EntityMatcher
    units: ForceUnits
    relation_types: tuple[RelationType, ...]
    ontology_subjects: frozenset[Node]  # what with_ontology looks at for shared triples

    @classmethod
    def load(
        cls, ontology: Graph, manifest: Graph, shapes: Graph, aliases: Iterable[Alias]
    ) -> Context:
        entities = load_entities(ontology)
        return cls(
            ontology,
            manifest,
            # Each property shape run once over its focus nodes, not once per focus node:
            # the same results in about half the time (kg.graph.validate).
            targeted_properties(shapes),
            load_schemes(ontology),
            load_reading(ontology),
            # Aliases a report defines (the 2008 glossary) serve every report.
            EntityMatcher(with_aliases(entities, aliases)),
            load_force_units(ontology, entities),
            tuple(load_relation_types(ontology)),
            frozenset(ontology.subjects()),
        )


@dataclass(frozen=True)
class ReportPart:
    """What the build keeps of one report besides its N-Quads (which stay in the cache)."""

    report: str
    extraction: ReportExtraction
    results: tuple[ValidationResult, ...]  # the shapes' and the quote check's, on its graph
    index: tuple[Entry, ...]  # its search index entries (kg.views.search_index)
    nquads_sha256: str
    tally: Tally  # what its graph holds, for the build's summary


def read_document(entry: ReportEntry) -> SourceDocument:
    return SourceDocument.from_file(entry.iri, entry.path, paged=entry.media_type == PDF)


def report_graph(
    context: Context, entry: ReportEntry, doc: SourceDocument, own_aliases: tuple[Alias, ...]
) -> tuple[Graph, ReportExtraction]:
    """The report's named graph: its manifest entry and the facts extracted from its text."""
    manifest = context.manifest
    extraction = extract_report(entry, doc, context.schemes, context.reading)
    graph = Graph(identifier=report_graph_iri(entry.iri))
    # The report's manifest entry travels with the facts extracted from it.
    for triple in manifest.triples((URIRef(entry.iri), None, None)):
        graph.add(triple)
    # A publisher the ontology does not know is described in the manifest (`kg add`).
    for publisher in manifest.objects(URIRef(entry.iri), DCTERMS.publisher):
        for triple in manifest.triples((publisher, None, None)):
            graph.add(triple)
    add_extraction(graph, extraction)
    add_statements(
        graph, extraction, *statements(doc, context.schemes, extraction), find_citations(doc)
    )
    # What the report names, each force-specific thing as the inspected force's own.
    force = extraction.inspection
    inspected_iri = str(force_iri(force.force_slug)) if force else None
    matcher, units = context.matcher, context.units
    mint = _Mint()
    add_aliases(graph, entry.iri, aliases_for_force(own_aliases, units, inspected_iri, mint))
    add_mentions(
        graph,
        entry.iri,
        mentions_for_force(find_mentions(doc, matcher), units, inspected_iri, mint),
        fact_spans(extraction),
        paragraphs(doc),
        doc.evidence,
    )
    own_force = (str(force_iri(force.force_slug)), force.force_name) if force else None
    found = find_organisations(doc, matcher, own_force, found_organisation_iri)
    add_organisations(  # bodies the gazetteer does not know, found by their names' form
        graph,
        entry.iri,
        found,
        fact_spans(extraction),
        paragraphs(doc),
        doc.evidence,
    )
    inspected = force_entity(matcher, force.force_name if force else None)
    # Relations between named things, those found by their form included ("an internal
    # Safer Neighbourhoods Development group", chaired by the ACC).
    named = matcher.extended(f.entity for f in found) if found else matcher
    relations = find_relations(doc, named, context.relation_types, inspected)
    stated = relations_for_force(relations, units, inspected_iri, mint)
    add_relations(graph, entry.iri, stated)
    if force is not None:
        own = (str(force_iri(force.force_slug)), force.force_name)
        body = (str(inspectorate_iri(force.inspectorate)), force.inspectorate.upper())
        holdings = find_people(
            doc, matcher, own, body, partial(units.for_force, force=inspected_iri, mint=mint)
        )
        add_people(
            graph,
            entry.iri,
            holdings,
            post_chairs(stated, own),
            find_post_mentions(doc, matcher, own),
        )
    add_force_units(graph, mint.minted.values())
    if force is not None:
        add_observations(
            graph,
            entry.iri,
            force.force_slug,
            extract_statistics(doc, context.schemes, force.force_name),
        )
    return graph, extraction


def nquads(graph: Graph) -> str:
    """The graph's N-Quads, sorted: the lines the whole build's file is merged from. Each
    line as rdflib's N-Quads writer makes it (files.canonical_nquads), without first copying
    the graph into a dataset, which took longer than writing it."""
    rows = {_nq_row(triple, graph.identifier) for triple in graph}
    # The writer encodes with errors="replace" (a lone surrogate becomes "?"): so here.
    return "".join(sorted(row.encode("utf-8", "replace").decode("utf-8") for row in rows))


def with_ontology(context: Context, graph: Graph) -> Graph:
    """The report's graph beside the ontology: what the shapes and the search index read (the
    gazetteer's names and types, the class tree). Read through both, not copied into one: the
    copy took as long as the shapes."""
    known = context.ontology_subjects
    shared = {t for t in graph if t[0] in known and t in context.ontology}
    return _Beside(context.ontology, graph, shared)


def beside(first: Graph, second: Graph) -> Graph:
    """Two graphs read as one without copying either, each triple once."""
    return _Beside(first, second, {t for t in second if t in first})


class _Beside(ReadOnlyGraphAggregate):
    """Two graphs read as one, each triple once: those of the second that the first also holds
    (the inspected force's name and type, restated by its report) are left out of it."""

    def __init__(self, first: Graph, second: Graph, shared: set) -> None:
        super().__init__([first, second])
        self._first, self._second, self._shared = first, second, shared

    def triples(self, triple):
        s, p, o = triple
        if isinstance(p, Path):
            yield from ((s1, p, o1) for s1, o1 in p.eval(self, s, o))
            return
        yield from self._first.triples((s, p, o))
        for found in self._second.triples((s, p, o)):
            if found not in self._shared:
                yield found

    def __len__(self) -> int:
        return len(self._first) + len(self._second) - len(self._shared)


def check_report(
    context: Context, graph: Graph, data: Graph, doc: SourceDocument
) -> tuple[ValidationResult, ...]:
    """The shapes on the nodes this report's graph describes, in `data` (with_ontology: so
    sh:class sees the gazetteer and the class tree), and the quote check against its text."""
    # Only what this report's graph describes: the ontology's own nodes are checked once, on
    # the ontology (kg.graph.cross). Filtering the results is much faster than pySHACL's own
    # focus nodes, which it looks up in a list.
    own = {str(s) for s in graph.subjects()}
    results = validate_here(data, context.shapes).results
    return tuple(r for r in results if r.focus in own) + check_quotes(graph, {doc.report: doc.text})


def index_entries(graph: Graph, data: Graph) -> tuple[Entry, ...]:
    """The search index entries of the nodes the report's graph names, as `data`
    (with_ontology) describes them: an entity several reports name is merged from each one's
    entry (the names each report gives it, kg.graph.build)."""
    named = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    return tuple(e for e in entries(data) if e.iri in named)


class _Mint:
    """Mints a force's own unit of a kind, and keeps what it minted for the report's graph."""

    def __init__(self) -> None:
        self.minted: dict[str, tuple[Entity, str, str]] = {}

    def __call__(self, kind: Entity, force: str) -> Entity:
        unit = replace(kind, iri=str(force_unit_iri(kind.iri, force)))
        self.minted[unit.iri] = (unit, kind.iri, force)
        return unit

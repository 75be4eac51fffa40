"""The build: reports in seeds/ -> facts -> RDF, one named graph per report plus the ontology and
curated files -> SHACL validation -> N-Quads in the data folder."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.curation.log import CurationLog, apply_events
from kg.errors import KgError
from kg.extract.citations import find_citations
from kg.extract.entities import (
    EntityMatcher,
    find_mentions,
    learn_aliases,
    load_entities,
    with_aliases,
)
from kg.extract.force_units import (
    aliases_for_force,
    load_force_units,
    mentions_for_force,
    relations_for_force,
)
from kg.extract.inspection import load_reading
from kg.extract.links import recurring_findings
from kg.extract.people import find_people, post_chairs
from kg.extract.relations import find_relations, force_entity, load_relation_types
from kg.extract.report import extract_report
from kg.extract.statements import statements
from kg.extract.statistics import extract_statistics
from kg.facts import Entity, LinkedFinding, ReportExtraction
from kg.graph.files import (
    canonical_nquads,
    load_built,
    load_ontology,
    new_dataset,
    union_graph,
    write_atomically,
)
from kg.graph.iris import (
    curated_graph_iri,
    fact_spans,
    finding_iris,
    force_iri,
    force_unit_iri,
    inspection_iri,
    inspectorate_iri,
    report_graph_iri,
)
from kg.graph.parsing import parse_rdf_file
from kg.graph.quotes import check_quotes
from kg.graph.rdf import (
    add_aliases,
    add_extraction,
    add_force_units,
    add_links,
    add_mentions,
    add_observations,
    add_people,
    add_relations,
)
from kg.graph.statements import add_statements
from kg.graph.validate import ValidationReport, validate_graph, with_results
from kg.namespaces import KGO, LINKS_GRAPH, ONTOLOGY_GRAPH
from kg.settings import Settings, input_fingerprint
from kg.source.document import SourceDocument
from kg.source.formats import PDF
from kg.source.manifest import ReportEntry, read_manifest
from kg.source.schemes import load_schemes
from kg.source.segments import paragraphs
from kg.views.search_index import index_path, write_index


@dataclass(frozen=True)
class BuildResult:
    dataset: Dataset
    extractions: tuple[ReportExtraction, ...]
    validation: ValidationReport
    summary: dict


@dataclass(frozen=True)
class Inputs:
    """What a build reads, read once and handed to what needs it: the ontology, the manifest
    with its report entries (each checked against its file), and each report's document."""

    ontology: Graph
    manifest: Graph
    entries: tuple[ReportEntry, ...]
    documents: tuple[SourceDocument, ...]  # one per entry, in the same order

    @property
    def texts(self) -> dict[str, str]:
        """The text of each report by report IRI, as the evidence offsets count it."""
        return {doc.report: doc.text for doc in self.documents}


def read_inputs(settings: Settings) -> Inputs:
    ontology = load_ontology(settings)
    manifest, entries = read_manifest(settings.seeds_dir)
    documents = tuple(
        SourceDocument.from_file(entry.iri, entry.path, paged=entry.media_type == PDF)
        for entry in entries
    )
    return Inputs(ontology, manifest, entries, documents)


def assemble(
    settings: Settings, inputs: Inputs, only: str | None = None, previous: Dataset | None = None
) -> tuple[Dataset, tuple[ReportExtraction, ...]]:
    """Extract every report and gather the graph, without validating or writing it.

    With `only` (a report IRI) and the previous build, only that report's named graph is
    built anew; the others are taken from the previous build. Every report's findings are
    still read, cheaply, because links between findings span reports."""
    ontology, manifest = inputs.ontology, inputs.manifest
    schemes = load_schemes(ontology)
    reading = load_reading(ontology)
    dataset = new_dataset()
    dataset.graph(ONTOLOGY_GRAPH).__iadd__(ontology)
    # Aliases a report defines (the 2008 glossary) serve every report.
    entities = load_entities(ontology)
    aliases = {doc.report: learn_aliases(doc, entities) for doc in inputs.documents}
    matcher = EntityMatcher(with_aliases(entities, (a for v in aliases.values() for a in v)))
    units = load_force_units(ontology, entities)
    relation_types = load_relation_types(ontology)
    extractions = []
    findings: dict[tuple[str, int], URIRef] = {}  # by report and offset, for the links
    linkable: list[LinkedFinding] = []
    minted_by: dict[URIRef, ReportEntry] = {}  # inspection IRI: the report whose facts it holds
    for entry, doc in zip(inputs.entries, inputs.documents, strict=True):
        extraction = extract_report(entry, doc, schemes, reading)
        extractions.append(extraction)
        if extraction.inspection is not None:
            inspection = inspection_iri(entry.iri, extraction.inspection)
            _check_unique(minted_by, inspection, entry, extraction)
            for finding, iri in zip(
                extraction.findings, finding_iris(inspection, extraction.findings), strict=True
            ):
                findings[(entry.iri, finding.evidence.start)] = iri
                linkable.append(LinkedFinding(extraction.inspection, finding))
        name = report_graph_iri(entry.iri)
        if only is not None and previous is not None and entry.iri != only:
            dataset.graph(name).__iadd__(previous.graph(name))  # kept from the previous build
            continue
        graph = dataset.graph(name)
        # The report's manifest entry travels with the facts extracted from it.
        for triple in manifest.triples((URIRef(entry.iri), None, None)):
            graph.add(triple)
        # A publisher the ontology does not know is described in the manifest (`kg add`).
        for publisher in manifest.objects(URIRef(entry.iri), DCTERMS.publisher):
            for triple in manifest.triples((publisher, None, None)):
                graph.add(triple)
        add_extraction(graph, extraction)
        add_statements(
            graph, extraction, *statements(doc, schemes, extraction), find_citations(doc)
        )
        # What the report names, each force-specific thing as the inspected force's own.
        inspected_iri = (
            str(force_iri(extraction.inspection.force_slug)) if extraction.inspection else None
        )
        mint = _Mint()
        add_aliases(
            graph, entry.iri, aliases_for_force(aliases[doc.report], units, inspected_iri, mint)
        )
        add_mentions(
            graph,
            entry.iri,
            mentions_for_force(find_mentions(doc, matcher), units, inspected_iri, mint),
            fact_spans(extraction),
            paragraphs(doc),
            doc.evidence,
        )
        inspected = force_entity(
            matcher, extraction.inspection.force_name if extraction.inspection else None
        )
        relations = find_relations(doc, matcher, relation_types, inspected)
        stated = relations_for_force(relations, units, inspected_iri, mint)
        add_relations(graph, entry.iri, stated)
        if extraction.inspection is not None:
            force = extraction.inspection
            own = (str(force_iri(force.force_slug)), force.force_name)
            body = (str(inspectorate_iri(force.inspectorate)), force.inspectorate.upper())
            holdings = find_people(
                doc, matcher, own, body, partial(units.for_force, force=inspected_iri, mint=mint)
            )
            add_people(graph, entry.iri, holdings, post_chairs(stated, own))
        add_force_units(graph, mint.minted.values())
        if extraction.inspection is not None:
            force = extraction.inspection
            add_observations(
                graph,
                entry.iri,
                force.force_slug,
                extract_statistics(doc, schemes, force.force_name),
            )
    add_links(dataset.graph(LINKS_GRAPH), recurring_findings(linkable), findings)
    curated_dir = settings.seeds_dir / "curated"
    if curated_dir.is_dir():
        for path in sorted(curated_dir.glob("*.ttl")):
            dataset.graph(curated_graph_iri(path)).__iadd__(parse_rdf_file(path))
    return dataset, tuple(extractions)


def _check_unique(
    minted_by: dict[URIRef, ReportEntry],
    inspection: URIRef,
    entry: ReportEntry,
    extraction: ReportExtraction,
) -> None:
    """Two reports whose facts would be minted under one inspection IRI (the same force,
    programme and year) would merge different judgments and findings into one: stop, naming
    both, rather than let the shapes report the merged facts' violations one by one."""
    if not (extraction.judgments or extraction.findings or extraction.questions):
        return
    earlier = minted_by.setdefault(inspection, entry)
    if earlier is not entry:
        fact = extraction.inspection
        assert fact is not None
        raise KgError(
            f"{earlier.file_name} and {entry.file_name} would both record the inspection "
            f"<{inspection}> ({fact.force_name}, {fact.programme.label}, "
            f"{fact.year if fact.year is not None else 'no year'}), and so mint the same IRIs "
            "for different judgments and findings. Check the force, programme and year each "
            "report's text states (its title line), or keep only one of them in seeds/."
        )


class _Mint:
    """Mints a force's own unit of a kind, and keeps what it minted for the report's graph."""

    def __init__(self) -> None:
        self.minted: dict[str, tuple[Entity, str, str]] = {}

    def __call__(self, kind: Entity, force: str) -> Entity:
        unit = replace(kind, iri=str(force_unit_iri(kind.iri, force)))
        self.minted[unit.iri] = (unit, kind.iri, force)
        return unit


def build(settings: Settings, write: bool = True, only: str | None = None) -> BuildResult:
    """Build and validate the graph; write it to the data folder only if it conforms. With
    `only`, rebuild just that report's named graph on top of the last build."""
    with _fewer_collections():
        return _build(settings, write, only)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """A build makes hundreds of thousands of small objects that live to its end (terms,
    triples, facts); Python's cyclic collector traversed them again and again, 0.6 s of a
    5 s build. Collecting less often saves most of that for 3 MiB more at the peak."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _build(settings: Settings, write: bool, only: str | None) -> BuildResult:
    previous = load_built(settings) if only is not None and settings.graph_file.exists() else None
    inputs = read_inputs(settings)
    dataset, extractions = assemble(settings, inputs, only, previous)
    shapes = parse_rdf_file(settings.shapes_file)
    union = union_graph(dataset)
    counts = _counts(union)  # before the curated submissions join the union
    # Curated submissions are validated with the rest, but stay out of graph.nq: they live in
    # the curation log and are played onto the graph when it is loaded.
    curated = new_dataset()
    apply_events(curated, CurationLog(settings.curation_file).events())
    union += union_graph(curated)
    validation = with_results(validate_graph(union, shapes), check_quotes(union, inputs.texts))
    summary = _summary(dataset, counts, extractions, validation)
    summary["inputs"] = input_fingerprint(settings)
    if write and validation.conforms:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        write_atomically(settings.graph_file, canonical_nquads(dataset))
        write_atomically(settings.summary_file, json.dumps(summary, indent=2) + "\n")
        write_index(union, index_path(settings.data_dir))  # for GET /search
    return BuildResult(dataset, extractions, validation, summary)


def build_conforming(settings: Settings) -> BuildResult:
    """Build and write the graph, or fail if it does not conform to the shapes."""
    result = build(settings)
    if not result.validation.conforms:
        raise KgError("the graph does not conform to the shapes; run `kg build` to see why")
    return result


def _counts(union: Graph) -> dict:
    """What the union of the built graphs holds: triples, reports, inspections, judgments."""

    def count(cls: URIRef) -> int:
        return len(set(union.subjects(RDF.type, cls)))

    return {
        "triples": len(union),
        "reports": count(KGO.Report),
        "inspections": count(KGO.Inspection),
        "judgments": count(KGO.Judgment),
    }


def _summary(
    dataset: Dataset,
    counts: dict,
    extractions: tuple[ReportExtraction, ...],
    validation: ValidationReport,
) -> dict:
    findings = sum(len(e.findings) for e in extractions)
    return {
        "triples": counts["triples"],
        "named_graphs": sum(1 for g in dataset.graphs() if len(g)),
        "reports": counts["reports"],
        "inspections": counts["inspections"],
        "judgments": counts["judgments"],
        "findings": findings,
        "conforms": validation.conforms,
        "violations": len(validation.violations),
        "warnings": len(validation.warnings),
        "notes": [note for e in extractions for note in e.notes],
    }

"""The build: reports in seeds/ -> facts -> RDF, one named graph per report plus the ontology and
curated files -> SHACL validation -> N-Quads in the data folder.

Report by report (kg.graph.report_graph): each report's graph is extracted, validated on its
own with the ontology, written to the cache as sorted N-Quads and dropped, in as many
processes as there are cores; an unchanged report is taken from the cache (kg.graph.cache).
What needs more than one report runs on what it needs: the aliases reports define, the links
between recurring findings (force by force, kg.graph.links), the unique inspection check and
the curated graphs. graph.nq is the sorted parts one after the other, so memory does not grow
with the collection."""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef

from kg.curation.log import CurationLog, apply_events
from kg.errors import KgError
from kg.extract.entities import learn_aliases, load_entities
from kg.facts import Alias, ReportExtraction
from kg.graph.cache import (
    ReportCache,
    aliases_digest,
    builder_fingerprint,
    report_key,
)
from kg.graph.cross import ReportTexts, cross_results, merge_write
from kg.graph.files import (
    load_graph_file,
    load_ontology,
    new_dataset,
    union_graph,
    write_atomically,
)
from kg.graph.iris import curated_graph_iri, inspection_iri
from kg.graph.links import link_groups
from kg.graph.parallel import run_all
from kg.graph.parsing import parse_rdf_file
from kg.graph.rdf import add_linking
from kg.graph.report_graph import (
    Context,
    ReportPart,
    check_report,
    index_entries,
    nquads,
    read_document,
    report_graph,
    with_ontology,
)
from kg.graph.tally import tally
from kg.graph.validate import ValidationReport, with_results
from kg.namespaces import KGO, LINKS_GRAPH, ONTOLOGY_GRAPH
from kg.settings import Settings, input_fingerprint
from kg.source.manifest import ReportEntry, read_manifest
from kg.views.search_index import Entry, entries, index_path, write_entries


@dataclass(frozen=True)
class BuildResult:
    extractions: tuple[ReportExtraction, ...]
    validation: ValidationReport
    summary: dict
    nquads_file: Path = field(repr=False)  # the merged N-Quads (graph.nq when written)

    @cached_property
    def dataset(self) -> Dataset:
        """The built graph, read back from its N-Quads (only when asked: it is the whole)."""
        return load_graph_file(self.nquads_file)


def build(settings: Settings, write: bool = True) -> BuildResult:
    """Build and validate the graph; write it to the data folder only if it conforms. Every
    report whose inputs did not change is taken from the cache, so `kg add` extracts only
    its new report."""
    with _fewer_collections():
        return _build(settings, write)


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


def _build(settings: Settings, write: bool) -> BuildResult:
    ontology = load_ontology(settings)
    manifest, entries_ = read_manifest(settings.seeds_dir)
    shapes = parse_rdf_file(settings.shapes_file)
    builder = builder_fingerprint(settings)
    cache = ReportCache(settings.data_dir / "cache")
    aliases = _aliases(cache, builder, ontology, entries_)
    every_alias = [a for found in aliases for a in found]
    context = Context.load(ontology, manifest, shapes, every_alias)
    shared = aliases_digest(every_alias)
    keys = [report_key(builder, e, _manifest_lines(manifest, e), shared) for e in entries_]
    # Two threads: one hashes a part's N-Quads (without the GIL) while the other unpickles.
    with ThreadPoolExecutor(2) as pool:
        parts: list[ReportPart | None] = list(pool.map(cache.load, [e.iri for e in entries_], keys))
    todo = [n for n, part in enumerate(parts) if part is None]

    def extract_and_check(n: int) -> ReportPart:
        entry = entries_[n]
        doc = read_document(entry)
        graph, extraction = report_graph(context, entry, doc, aliases[n])
        text = nquads(graph)
        lines = text.encode("utf-8")
        data = with_ontology(context, graph)
        part = ReportPart(
            entry.iri,
            extraction,
            check_report(context, graph, data, doc),
            index_entries(graph, data),
            hashlib.sha256(lines).hexdigest(),
            tally(text),
        )
        cache.store(keys[n], part, lines)
        return part

    for n, part in zip(todo, run_all(extract_and_check, todo, "extracting"), strict=True):
        parts[n] = part
    done = tuple(p for p in parts if p is not None)
    extractions = tuple(p.extraction for p in done)
    _check_unique_inspections(entries_, extractions)

    cross = new_dataset()
    cross.graph(ONTOLOGY_GRAPH).__iadd__(ontology)
    add_linking(cross.graph(LINKS_GRAPH))
    curated_dir = settings.seeds_dir / "curated"
    if curated_dir.is_dir():
        for path in sorted(curated_dir.glob("*.ttl")):
            cross.graph(curated_graph_iri(path)).__iadd__(parse_rdf_file(path))
    texts = ReportTexts(entries_)
    groups = link_groups(context, entries_, extractions, keys, texts, cache)
    report_files = [cache.nquads_path(e.iri) for e in entries_]
    files = report_files + [path for _group, path in groups]
    # Curated submissions are validated with the rest, but stay out of graph.nq: they live in
    # the curation log and are played onto the graph when it is loaded.
    submitted = new_dataset()
    apply_events(submitted, CurationLog(settings.curation_file).events())
    curated = Graph()
    for graph in cross.graphs():
        if graph.identifier not in (ONTOLOGY_GRAPH, LINKS_GRAPH):
            curated += graph
    curated += union_graph(submitted)
    # The checks across reports depend on every report and the curated graphs: with none of
    # them changed (a rebuild), their results are the cached ones.
    cross_key = hashlib.sha256(
        "\0".join([builder, *keys, *sorted(curated.serialize(format="nt").split("\n"))]).encode()
    ).hexdigest()
    found = cache.load_value("cross", cross_key)
    if not isinstance(found, tuple):
        found = cross_results(context, cross.graph(LINKS_GRAPH), curated, texts, files, cache)
        cache.store_value("cross", cross_key, found)
    # A node two graphs describe (an ontology's entity a report gives an alias) may be
    # reported by both checks: once is what validating the union says.
    every = set(found) | {r for p in done for r in p.results}
    every |= {r for group, _path in groups for r in group.results}
    validation = with_results(ValidationReport((), Graph()), tuple(every))

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    target = settings.graph_file if write and validation.conforms else cache.unwritten_path()
    tallies = [p.tally for p in done] + [group.tally for group, _path in groups]
    counts = merge_write(target, files, cross, tallies)
    cache.prune({e.iri for e in entries_} | {group.group for group, _path in groups})
    summary = _summary(counts, extractions, validation)
    summary["inputs"] = input_fingerprint(settings)
    if write and validation.conforms:
        write_atomically(settings.summary_file, json.dumps(summary, indent=2) + "\n")
        write_entries(
            _index(cross, manifest, entries_, done), index_path(settings.data_dir)
        )  # for GET /search
    return BuildResult(extractions, validation, summary, target)


def _aliases(
    cache: ReportCache, builder: str, ontology: Graph, entries_: tuple[ReportEntry, ...]
) -> list[tuple[Alias, ...]]:
    """The aliases each report defines (read from its text once, then from the cache)."""
    entities = load_entities(ontology)
    found = []
    for entry in entries_:
        key = hashlib.sha256(f"{builder}\0{entry.iri}\0{entry.sha256}".encode()).hexdigest()
        aliases = cache.load_aliases(entry.iri, key)
        if aliases is None:
            aliases = learn_aliases(read_document(entry), entities)
            cache.store_aliases(entry.iri, key, aliases)
        found.append(aliases)
    return found


def _manifest_lines(manifest: Graph, entry: ReportEntry) -> str:
    """The report's manifest entry as its graph holds it (with an unknown publisher's)."""
    part = Graph()
    subject = URIRef(entry.iri)
    part += manifest.triples((subject, None, None))
    for publisher in manifest.objects(subject, None):
        part += manifest.triples((publisher, None, None))
    return "".join(sorted(part.serialize(format="nt").splitlines(keepends=True)))


def _check_unique_inspections(
    entries_: tuple[ReportEntry, ...], extractions: tuple[ReportExtraction, ...]
) -> None:
    """Two reports whose facts would be minted under one inspection IRI (the same force,
    programme and year) would merge different judgments and findings into one: stop, naming
    both, rather than let the shapes report the merged facts' violations one by one."""
    minted_by: dict[URIRef, ReportEntry] = {}
    for entry, extraction in zip(entries_, extractions, strict=True):
        fact = extraction.inspection
        if fact is None or not (
            extraction.judgments or extraction.findings or extraction.questions
        ):
            continue
        inspection = inspection_iri(entry.iri, fact)
        earlier = minted_by.setdefault(inspection, entry)
        if earlier is not entry:
            raise KgError(
                f"{earlier.file_name} and {entry.file_name} would both record the inspection "
                f"<{inspection}> ({fact.force_name}, {fact.programme.label}, "
                f"{fact.year if fact.year is not None else 'no year'}), and so mint the same "
                "IRIs for different judgments and findings. Check the force, programme and "
                "year each report's text states (its title line), or keep only one of them "
                "in seeds/."
            )


def _index(
    cross: Dataset,
    manifest: Graph,
    entries_: tuple[ReportEntry, ...],
    parts: tuple[ReportPart, ...],
) -> list[Entry]:
    """The search index: each report's entries from its part, and those of the nodes the
    ontology, the links and the curated files describe from them, with what the reports say
    of their inspections (a curated passage's year). A node in several is one entry with the
    names each gives it, as indexing the union of the graphs would have it."""
    context = union_graph(cross)
    context += manifest
    for entry, part in zip(entries_, parts, strict=True):
        fact = part.extraction.inspection
        if fact is not None:
            inspection = inspection_iri(entry.iri, fact)
            context.add((inspection, KGO.reportedIn, URIRef(entry.iri)))
            if fact.year is not None:
                context.add((inspection, KGO.year, Literal(fact.year)))
    found: dict[str, Entry] = {}
    for item in [*entries(context), *(e for p in parts for e in p.index)]:
        known = found.setdefault(item.iri, item)
        if known.names != item.names:
            names = sorted(set(known.names.splitlines()) | set(item.names.splitlines()))
            found[item.iri] = replace(known, names="\n".join(names))
    return sorted(found.values(), key=lambda e: e.iri)


def build_conforming(settings: Settings) -> BuildResult:
    """Build and write the graph, or fail if it does not conform to the shapes."""
    result = build(settings)
    if not result.validation.conforms:
        raise KgError("the graph does not conform to the shapes; run `kg build` to see why")
    return result


def _summary(
    counts: dict, extractions: tuple[ReportExtraction, ...], validation: ValidationReport
) -> dict:
    return {
        "triples": counts["triples"],
        "named_graphs": counts["named_graphs"],
        "reports": counts["reports"],
        "inspections": counts["inspections"],
        "judgments": counts["judgments"],
        "findings": sum(len(e.findings) for e in extractions),
        "conforms": validation.conforms,
        "violations": len(validation.violations),
        "warnings": len(validation.warnings),
        "notes": [note for e in extractions for note in e.notes],
    }

"""The manifest of reports (seeds/manifest.ttl): which files the graph is built from, and their
metadata. The build refuses a file whose sha256 does not match its entry.

kgo:fileName always names the text the extractors read. A report added as a PDF or an HTML
page keeps its original beside that text, named by kgo:originalFileName with its own
kgo:originalSha256, its type (dcterms:format) and the kgo:extractor that read it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.errors import KgError
from kg.namespaces import KGO
from kg.source.formats import TEXT


@dataclass(frozen=True)
class ReportEntry:
    iri: str
    title: str
    file_name: str
    sha256: str
    date_as_stated: str | None
    path: Path  # the text
    # A PDF's or an HTML page's original (None: the report was added as text) and its type.
    original: Path | None = None
    media_type: str = TEXT


def read_manifest(seeds_dir: Path) -> tuple[Graph, tuple[ReportEntry, ...]]:
    """The manifest graph and its report entries, each checked against its file."""
    manifest_path = seeds_dir / "manifest.ttl"
    if not manifest_path.exists():
        raise KgError(f"{manifest_path}: no manifest; every report in seeds/ needs an entry")
    graph = Graph().parse(manifest_path, format="turtle")
    entries = []
    for iri in sorted(graph.subjects(RDF.type, KGO.Report), key=str):
        if not isinstance(iri, URIRef):
            raise KgError(f"{manifest_path}: a report must be named by an IRI, not {iri!r}")

        def required(prop: URIRef, iri: URIRef = iri) -> str:
            value = graph.value(iri, prop)
            if not isinstance(value, Literal):
                raise KgError(f"{manifest_path}: report <{iri}> has no {graph.qname(prop)}")
            return str(value)

        file_name = required(KGO.fileName)
        path = seeds_dir / file_name
        if not path.is_file():
            raise KgError(f"{manifest_path}: report <{iri}> names {file_name}, not in {seeds_dir}")
        expected = required(KGO.sha256)
        _check_digest(path, expected)
        original_name = graph.value(iri, KGO.originalFileName)
        original = None
        if original_name is not None:
            original = seeds_dir / str(original_name)
            if not original.is_file():
                raise KgError(
                    f"{manifest_path}: report <{iri}> names its original {original_name}, "
                    f"not in {seeds_dir}"
                )
            _check_digest(original, required(KGO.originalSha256))
        fmt = graph.value(iri, DCTERMS["format"])
        date = graph.value(iri, KGO.dateAsStated)
        entries.append(
            ReportEntry(
                iri=str(iri),
                title=required(DCTERMS.title),
                file_name=file_name,
                sha256=expected,
                date_as_stated=str(date) if date is not None else None,
                path=path,
                original=original,
                media_type=str(fmt) if fmt is not None else TEXT,
            )
        )
    return graph, tuple(entries)


def _check_digest(path: Path, expected: str) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise KgError(
            f"{path}: sha256 is {digest} but the manifest says {expected}; "
            "the reports are kept byte for byte"
        )

"""`kg add`: bring a new report (text, a PDF or an HTML page) into seeds/, record it in the
manifest, and rebuild only its named graph."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.errors import KgError
from kg.extract.inspection import (
    load_reading,
    programme_disagreement,
    read_text,
    title_disagreements,
)
from kg.graph.build import BuildResult, build
from kg.graph.files import load_ontology, write_atomically
from kg.graph.iris import inspectorate_iri, organisation_iri, report_iri
from kg.namespaces import KGO
from kg.settings import Settings
from kg.source.document import SourceDocument
from kg.source.formats import TEXT_SUFFIX, decode_text, extract
from kg.source.manifest import read_manifest
from kg.source.schemes import load_schemes

OGL = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def publisher_iri(settings: Settings, publisher: str) -> tuple[URIRef, bool]:
    """The organisation the ontology knows by this name or acronym, or a new IRI (True)."""
    ontology = load_ontology(settings)
    wanted = " ".join(publisher.split()).lower()
    for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
        for node, label in ontology.subject_objects(prop):
            if isinstance(node, URIRef) and " ".join(str(label).split()).lower() == wanted:
                return node, False
    return organisation_iri(publisher), True


@dataclass(frozen=True)
class Stated:
    """What the user may state of a report besides its title (`kg add --force/--programme/
    --year`): each is checked against the text, never written in its place."""

    force: str | None = None
    programme: str | None = None
    year: int | None = None


def check_metadata(
    settings: Settings,
    name: str,
    text: str,
    title: str,
    publisher: str,
    organisation: URIRef,
    stated: Stated | None = None,
) -> None:
    """What the user says of a report (its title's force, year and programme; its publisher)
    against what its text states: a disagreement is refused, saying both, before anything is
    written. A text that names no force of the gazetteer is refused too."""
    ontology = load_ontology(settings)
    schemes, reading = load_schemes(ontology), load_reading(ontology)
    says = read_text(SourceDocument("", text, name), schemes, reading)
    if says.force is None:
        raise KgError(
            f"{name}: the text names no police force of the gazetteer (ontology/forces.ttl); "
            "add the force there if it is missing"
        )
    problems = title_disagreements(says, title, schemes, reading)
    stated = stated or Stated()
    if stated.force is not None:
        force = reading.force_by_name(stated.force)
        if force is None:
            problems.append(f"--force {stated.force} is no police force of the gazetteer")
        elif force != says.force:
            problems.append(f"--force is {force.label}, the text is about {says.force.label}")
    if stated.year is not None and says.year is not None and stated.year != says.year:
        problems.append(f"--year is {stated.year}, the text says {says.year}")
    if stated.programme is not None:
        differs = programme_disagreement(says, stated.programme, schemes, reading)
        if schemes.programme_of(stated.programme) is None:
            problems.append(f"--programme {stated.programme} is no programme of the scheme")
        elif differs:
            problems.append(f"--programme is {differs}")
    named = inspectorate_iri(says.inspectorate)
    if says.inspectorate_named and organisation != named:
        label = ontology.value(named, SKOS.altLabel) or says.inspectorate
        problems.append(f"--publisher is {publisher}, the text names {label}")
    if problems:
        raise KgError(f"{name}: what was given disagrees with the text: " + "; ".join(problems))


def add_report(
    settings: Settings,
    source: Path,
    title: str,
    publisher: str,
    date: str | None,
    stated: Stated | None = None,
) -> BuildResult:
    """Add a report given as text, a PDF or an HTML page (told by its content). A PDF or a
    page is kept byte for byte with its text beside it (NAME.pdf and NAME.pdf.txt); the text
    is what the extractors read. Nothing is written until the file has been read."""
    if source.is_dir():
        raise KgError(f"{source}: is a directory; give the report's file")
    if not source.is_file():
        raise KgError(f"{source}: no such file")
    data = source.read_bytes()
    extracted = extract(source, data)
    text = extracted.text if extracted is not None else decode_text(source, data)
    if not text.strip():
        raise KgError(f"{source}: the file is empty; a report needs its text")
    text_name = source.name + TEXT_SUFFIX if extracted is not None else source.name
    text_bytes = text.encode("utf-8") if extracted is not None else data
    # What goes into seeds/: the text, and the original beside it.
    files = {text_name: text_bytes}
    if extracted is not None:
        files[source.name] = data
    _manifest, entries = read_manifest(settings.seeds_dir)
    taken = {e.file_name for e in entries} | {e.original.name for e in entries if e.original}
    for name, content in files.items():
        if name in taken:
            raise KgError(f"{name}: the manifest already has a report of that name")
        target = settings.seeds_dir / name
        if target.exists() and target.read_bytes() != content:
            raise KgError(f"{target}: a different file of that name is already in seeds/")
    report = report_iri(source)
    if any(e.iri == str(report) for e in entries):
        raise KgError(f"<{report}> is already in the manifest")
    organisation, is_new = publisher_iri(settings, publisher)
    check_metadata(settings, source.name, text, title, publisher, organisation, stated)

    manifest_path = settings.seeds_dir / "manifest.ttl"
    before = manifest_path.read_text(encoding="utf-8")
    entry = [
        f"\n<{report}> a <{KGO.Report}> ;",
        f"    <{DCTERMS.title}> {json.dumps(title, ensure_ascii=False)} ;",
        f"    <{DCTERMS.publisher}> <{organisation}> ;",
    ]
    if date:
        entry.append(f"    <{KGO.dateAsStated}> {json.dumps(date, ensure_ascii=False)} ;")
    entry += [
        f"    <{KGO.fileName}> {json.dumps(text_name, ensure_ascii=False)} ;",
        f"    <{KGO.sourceFileName}> {json.dumps(source.name, ensure_ascii=False)} ;",
        f'    <{KGO.sha256}> "{hashlib.sha256(text_bytes).hexdigest()}" ;',
    ]
    if extracted is not None:
        entry += [
            f"    <{KGO.originalFileName}> {json.dumps(source.name, ensure_ascii=False)} ;",
            f'    <{KGO.originalSha256}> "{hashlib.sha256(data).hexdigest()}" ;',
            f'    <{DCTERMS["format"]}> "{extracted.media_type}" ;',
            f"    <{KGO.extractor}> {json.dumps(extracted.extractor)} ;",
        ]
    entry.append(f"    <{DCTERMS.license}> <{OGL}> .")
    if is_new:
        entry += [
            f"<{organisation}> a <http://www.w3.org/ns/org#FormalOrganization> ;",
            f"    <http://www.w3.org/2004/02/skos/core#prefLabel> "
            f"{json.dumps(publisher, ensure_ascii=False)}@en .",
        ]
    copied = []
    try:
        for name, content in files.items():
            target = settings.seeds_dir / name
            if not target.exists():
                copied.append(target)
                target.write_bytes(content)
        write_atomically(manifest_path, before + "\n".join(entry) + "\n")
        result = build(settings)
    except BaseException:
        _undo(manifest_path, before, copied)
        raise
    if not result.validation.conforms:
        _undo(manifest_path, before, copied)
    return result


def _undo(manifest_path: Path, before: str, copied: list[Path]) -> None:
    """A report that does not build leaves seeds/ as it was."""
    write_atomically(manifest_path, before)
    for path in copied:
        path.unlink(missing_ok=True)

"""Curated submissions for the curation tests, in Turtle. Quotes and offsets are read off the
report files themselves."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.settings import Settings
from kg.source.manifest import read_manifest

KGR = "https://w3id.org/police-inspection-kg/id/"
EMSOU = f"{KGR}org/emsou"
EMSOU_QUOTE = "East Midlands Special Operations Unit"
SKOS_MATCH = "http://www.w3.org/2004/02/skos/core#exactMatch"
PREFIXES = """@prefix kgo: <https://w3id.org/police-inspection-kg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of a folder by name, with the digest of its content."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def report_quote(settings: Settings, stem: str, quote: str) -> tuple[str, int, int]:
    """A report's IRI and the offsets of the first place the quote stands in its file."""
    _manifest, entries = read_manifest(settings.seeds_dir)
    entry = next(e for e in entries if stem in e.file_name)
    with open(entry.path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    start = text.index(quote)
    return entry.iri, start, start + len(quote)


def relation_with_evidence(name: str, report: str, quote: str, start: int, end: int) -> str:
    """A curated stated relation about EMSOU with its evidence, in Turtle."""
    rel = f"<{KGR}curated/relation/{name}>"
    ev = f"<{KGR}curated/relation/{name}/evidence"
    return (
        PREFIXES
        + f"""
{rel} a kgo:StatedRelation ;
    kgo:relationSubject <{EMSOU}> ;
    kgo:relationType <{KGR}relation/member-of> ;
    kgo:relationObjectText "the five East Midlands police forces" ;
    kgo:extractedBy "curated" .
{ev}> a oa:Annotation ;
    oa:hasBody {rel} ;
    oa:motivatedBy oa:describing ;
    prov:wasGeneratedBy <{KGR}activity/curation> ;
    oa:hasTarget {ev}/target> .
{ev}/target> a oa:SpecificResource ;
    oa:hasSource <{report}> ;
    oa:hasSelector {ev}/quote>, {ev}/position> .
{ev}/quote> a oa:TextQuoteSelector ; oa:exact "{quote}" .
{ev}/position> a oa:TextPositionSelector ;
    oa:start "{start}"^^xsd:nonNegativeInteger ; oa:end "{end}"^^xsd:nonNegativeInteger .
"""
    )


def good_relation(settings: Settings, name: str = "test") -> str:
    report, start, end = report_quote(settings, "2015", EMSOU_QUOTE)
    return relation_with_evidence(name, report, EMSOU_QUOTE, start, end)


def without_evidence(settings: Settings) -> str:
    return good_relation(settings).split(f"<{KGR}curated/relation/test/evidence>")[0]


def wikidata_link(n: int) -> str:
    return PREFIXES + f"<{EMSOU}> skos:exactMatch <http://www.wikidata.org/entity/Q{n}> .\n"

"""Every format the project reads or writes, in one registry, and content negotiation.

A Format says what a format is called (its name, and the other names ?format= takes), how it is
sent (its media type, and the media types clients send that mean the same), what a file of it is
called (its extension; for RDF input, every file name ending read as it), and, for RDF, rdflib's
name for it, which both parses and writes it, and its name in the W3C's list of formats (the
service description of /sparql names them). The writers for the other formats are keyed by
name beside what they write: SPARQL results in kg.query.results, nodes and edges in
kg.views.export (each checks at import that it writes exactly the formats listed here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from werkzeug.datastructures import MIMEAccept

from kg.errors import NotAcceptable


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str  # the Content-Type it is sent with
    extension: str  # of a file of it (Content-Disposition), without the dot
    aliases: tuple[str, ...] = ()  # other names ?format= takes for it
    also_accepted: tuple[str, ...] = ()  # media types clients send that mean the same
    rdflib_name: str | None = None  # rdflib's parser and serializer for it
    suffixes: tuple[str, ...] = ()  # file name endings read as it (kg validate, kg add)
    also_posted: tuple[str, ...] = ()  # other Content-Types a request body of it may carry
    w3c_name: str | None = None  # its IRI under http://www.w3.org/ns/formats/, if it has one

    @property
    def content_type(self) -> str:
        """The Content-Type header it is sent with: text is always UTF-8, so say so."""
        if self.media_type.startswith("text/") or self.media_type.endswith(("json", "xml")):
            return self.media_type + "; charset=utf-8"
        return self.media_type

    def known_as(self, name: str) -> bool:
        return name == self.name or name in self.aliases

    def sent_as(self, media_type: str) -> bool:
        return media_type == self.media_type or media_type in self.also_accepted

    def body_media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.also_posted)


# The answers to SELECT and ASK; the first is the default.
RESULT_FORMATS = (
    Format(
        "json",
        "application/sparql-results+json",
        "srj",
        also_accepted=("application/json",),
        w3c_name="SPARQL_Results_JSON",
    ),
    Format(
        "xml",
        "application/sparql-results+xml",
        "srx",
        also_accepted=("application/xml", "text/xml"),
        w3c_name="SPARQL_Results_XML",
    ),
    Format("csv", "text/csv", "csv", w3c_name="SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", "tsv", w3c_name="SPARQL_Results_TSV"),
    Format("html", "text/html", "html"),
)
# The answers to CONSTRUCT and DESCRIBE (and RDF files read); the first is the default.
GRAPH_FORMATS = (
    Format(
        "turtle",
        "text/turtle",
        "ttl",
        aliases=("ttl",),
        also_accepted=("application/x-turtle",),
        rdflib_name="turtle",
        suffixes=(".ttl", ".turtle"),
        also_posted=("application/x-turtle",),
        w3c_name="Turtle",
    ),
    Format(
        "ntriples",
        "application/n-triples",
        "nt",
        aliases=("nt", "n-triples"),
        also_accepted=("text/plain",),
        rdflib_name="nt",
        suffixes=(".nt", ".ntriples"),
        w3c_name="N-Triples",
    ),
    Format(
        "jsonld",
        "application/ld+json",
        "jsonld",
        aliases=("json-ld", "json"),
        also_accepted=("application/json+ld",),
        rdflib_name="json-ld",
        suffixes=(".jsonld", ".json"),
        w3c_name="JSON-LD",
    ),
    Format(
        "rdfxml",
        "application/rdf+xml",
        "rdf",
        aliases=("xml", "rdf"),
        rdflib_name="xml",
        w3c_name="RDF_XML",
    ),
)
# RDF that is read (build inputs, kg validate) but never answered with.
DATASET_FORMATS = (
    Format("trig", "application/trig", "trig", rdflib_name="trig", suffixes=(".trig",)),
    Format("nquads", "application/n-quads", "nq", rdflib_name="nquads", suffixes=(".nq",)),
    Format("trix", "application/trix", "trix", rdflib_name="trix"),
)
# The graph as nodes and edges (kg.views.export writes them).
EXPORT_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("graphml", "application/graphml+xml", "graphml"),
        Format("gexf", "application/gexf+xml", "gexf"),
        Format("cytoscape", "application/json", "cyjs"),
        Format("node-link", "application/json", "json"),
        Format("dot", "text/vnd.graphviz", "dot"),
    )
}
# What an export may add to the named things and inspections.
EXPORT_INCLUDES = ("findings", "judgments")


def answer_format(name: str) -> Format:
    """A query answer's format (RESULT_FORMATS, GRAPH_FORMATS) by its name."""
    return next(f for f in (*RESULT_FORMATS, *GRAPH_FORMATS) if f.name == name)


def rdf_file_format(suffix: str) -> Format | None:
    """The RDF format a file ending in suffix (".ttl") is read as, if any."""
    return next(
        (f for f in (*GRAPH_FORMATS, *DATASET_FORMATS) if suffix.lower() in f.suffixes), None
    )


RDF_FILE_SUFFIXES = tuple(s for f in (*GRAPH_FORMATS, *DATASET_FORMATS) for s in f.suffixes)

# The RDF /validate and /curated read from a request body: triples, so not TriG or N-Quads. A body
# is read by its Content-Type: the format's media type, or one it is also_posted as; not by
# also_accepted, which is for Accept (text/plain is no definite format for a body).
RDF_BODY_FORMATS = tuple(
    f
    for f in (*GRAPH_FORMATS, *DATASET_FORMATS)
    if f.name in ("turtle", "ntriples", "jsonld", "rdfxml", "trix")
)
RDF_BODY_MEDIA_TYPES = sorted(m for f in RDF_BODY_FORMATS for m in f.body_media_types())


def rdf_body_format(media_type: str) -> Format | None:
    """The format of a request body sent with this Content-Type, if it is one read as RDF."""
    return next((f for f in RDF_BODY_FORMATS if media_type in f.body_media_types()), None)


def negotiate(form: str, accept: MIMEAccept, format_param: str | None) -> Format:
    """The format to answer a query of this form with: ?format= first, then Accept."""
    offered = RESULT_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS
    if format_param:
        wanted = format_param.lower()
        chosen = next((f for f in offered if f.known_as(wanted)), None)
        if chosen is None:
            raise NotAcceptable(offered)
        return chosen
    if not accept or accept.best in (None, "*/*"):
        return offered[0]
    candidates = [media for f in offered for media in (f.media_type, *f.also_accepted)]
    best = accept.best_match(candidates)
    if best is None:
        raise NotAcceptable(offered)
    return next(f for f in offered if f.sent_as(best))

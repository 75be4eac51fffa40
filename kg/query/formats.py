"""Result formats and content negotiation for SPARQL results and RDF graphs."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept

from kg.errors import NotAcceptable


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str


RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", "srj"),
    Format("xml", "application/sparql-results+xml", "srx"),
    Format("csv", "text/csv", "csv"),
    Format("tsv", "text/tab-separated-values", "tsv"),
    Format("html", "text/html", "html"),
)
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", "ttl"),
    Format("ntriples", "application/n-triples", "nt"),
    Format("jsonld", "application/ld+json", "jsonld"),
    Format("rdfxml", "application/rdf+xml", "rdf"),
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
# Short names a browser user may type in ?format=, per kind of result.
_ALIASES = {
    "select": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "html": "html"},
    "graph": {
        "turtle": "turtle",
        "ttl": "turtle",
        "nt": "ntriples",
        "ntriples": "ntriples",
        "n-triples": "ntriples",
        "jsonld": "jsonld",
        "json-ld": "jsonld",
        "json": "jsonld",
        "rdfxml": "rdfxml",
        "xml": "rdfxml",
        "rdf": "rdfxml",
    },
}
# Media types clients send that mean the same as ours.
_EQUIVALENT = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json+ld": "application/ld+json",
}


def negotiate(form: str, accept: MIMEAccept, format_param: str | None) -> Format:
    """The format to answer a query of this form with: ?format= first, then Accept."""
    kind = "select" if form in ("SELECT", "ASK") else "graph"
    offered = RESULT_FORMATS if kind == "select" else GRAPH_FORMATS
    by_name = {f.name: f for f in offered}
    if format_param:
        name = _ALIASES[kind].get(format_param.lower())
        if name is None:
            raise NotAcceptable(offered)
        return by_name[name]
    if not accept or accept.best in (None, "*/*"):
        return offered[0]
    candidates: list[str] = []
    for f in offered:
        candidates.append(f.media_type)
        candidates.extend(alias for alias, target in _EQUIVALENT.items() if target == f.media_type)
    best = accept.best_match(candidates)
    if best is None:
        raise NotAcceptable(offered)
    target = _EQUIVALENT.get(best, best)
    return next(f for f in offered if f.media_type == target)

"""The RDF namespaces the project mints and reuses, in one place."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

KGO = Namespace("https://w3id.org/police-inspection-kg/ontology#")
KGR = Namespace("https://w3id.org/police-inspection-kg/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
SH = Namespace("http://www.w3.org/ns/shacl#")

ONTOLOGY_GRAPH = KGR["graph/ontology"]
LINKS_GRAPH = KGR["graph/links"]  # links across reports: recurring findings

# rdflib defines its own vocabularies (ORG, SKOS...) as DefinedNamespace classes.
PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "kgo": KGO,
    "kgr": KGR,
    "oa": OA,
    "qb": QB,
    "sh": SH,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}


def sparql_prologue() -> str:
    """PREFIX declarations for every namespace above, for queries typed by users."""
    return "".join(f"PREFIX {name}: <{ns}>\n" for name, ns in PREFIXES.items())

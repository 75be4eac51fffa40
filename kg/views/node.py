"""What the graph says about one node, and the evidence for each fact: the quote inside its
paragraph of the source report, with the report's title and date. The web page shows it when a
node is clicked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Identifier, Node

from kg.errors import NotFound
from kg.graph.terms import identifier_pairs, identifiers
from kg.namespaces import KGO, OA
from kg.query.formats import EXPORT_INCLUDES
from kg.source.document import SourceDocument
from kg.source.segments import paragraph_around, paragraphs
from kg.views.export import Projector
from kg.views.statement import add_statements

MAX_FACTS = 200  # mentions of a common name run into the hundreds; the page shows the first
PARAGRAPH_CHARS = 1200  # the most of a paragraph shown either side of a quote


@dataclass(frozen=True)
class NodeView:
    iri: str
    label: str
    types: list[str]
    node_type: str | None  # its type in the export's projection; None if not drawn there
    statements: list[dict]
    facts: list[dict]

    def as_json(self) -> dict:
        return {
            "iri": self.iri,
            "label": self.label,
            "types": self.types,
            "nodeType": self.node_type,
            "statements": self.statements,
            "facts": self.facts,
        }


def label_of(graph: Graph, node: Node) -> str:
    for prop in (SKOS.prefLabel, RDFS.label, DCTERMS.title):
        values = sorted(identifiers(graph.objects(node, prop)))
        english = [v for v in values if isinstance(v, Literal) and v.language == "en"]
        if english or values:
            return str((english or values)[0])
    text = str(node)
    if not isinstance(node, URIRef):
        return text
    # No label: the IRI's last part, camelCase spelt out ("memberOf" reads "member of").
    tail = re.split(r"[#/]", text.rstrip("/#"))[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", tail).lower() if tail.isalpha() else tail


def node_view(graph: Graph, seeds_dir: Path, iri: str) -> NodeView:
    node = URIRef(iri)
    if (node, None, None) not in graph and (None, None, node) not in graph:
        raise NotFound(f"<{iri}> is not in the graph")
    statements = []
    for p, o in sorted(identifier_pairs(graph.predicate_objects(node))):
        if o != OWL.NamedIndividual:  # an OWL bookkeeping type, nothing to a reader
            statements.append(_statement(graph, p, o, "out"))
    for s, p in sorted(identifier_pairs(graph.subject_predicates(node))):
        if p in (OA.hasBody, KGO.mentionOf, KGO.mentions, KGO.relationSubject, KGO.relationObject):
            continue  # shown as facts with their evidence below
        statements.append(_statement(graph, p, s, "in"))
    facts = []
    bodies: list[tuple[Node, str, str]] = [(node, "about", label_of(graph, node))]
    relations = set(graph.subjects(KGO.relationSubject, node)) | set(
        graph.subjects(KGO.relationObject, node)
    )
    for relation in sorted(identifiers(relations)):
        bodies.append((relation, "relation", _relation_text(graph, relation)))
    for mention in sorted(identifiers(graph.subjects(KGO.mentionOf, node))):
        bodies.append((mention, "mention", _mention_text(graph, mention)))
    for body, kind, text in bodies[:MAX_FACTS]:
        found = (_evidence(graph, seeds_dir, target) for target in _targets(graph, body))
        evidence = [item for item in found if item is not None]
        if kind == "about":  # a judgment's grade word, with the sentence that states it
            add_statements(graph, seeds_dir, node, evidence)
        if evidence:
            facts.append({"fact": str(body), "kind": kind, "text": text, "evidence": evidence})
    types = sorted(
        label_of(graph, t) for t in graph.objects(node, RDF.type) if t != OWL.NamedIndividual
    )
    node_type = Projector(graph, EXPORT_INCLUDES).node_type(node)
    return NodeView(str(node), label_of(graph, node), types, node_type, statements, facts)


def _statement(graph: Graph, predicate: Node, value: Node, direction: str) -> dict:
    item = {
        "direction": direction,
        "property": str(predicate),
        "propertyLabel": label_of(graph, predicate),
        "value": str(value),
    }
    if isinstance(value, URIRef):
        item["iri"] = str(value)
        item["value"] = label_of(graph, value)
    return item


def _mention_text(graph: Graph, mention: Node) -> str:
    container = graph.value(mention, KGO.mentionedIn)
    if container is None:
        return "named and defined (its acronym or full name)"
    text = graph.value(container, KGO.text) or graph.value(container, KGO.wording)
    if text is not None:
        return f"named in: {_shorten(str(text))}"
    report = graph.value(container, KGO.inReport)
    if report is not None:
        return f"named in a paragraph of “{label_of(graph, report)}”"
    return f"named in {label_of(graph, container)}"


def _relation_text(graph: Graph, relation: Node) -> str:
    subject = graph.value(relation, KGO.relationSubject)
    kind = graph.value(relation, KGO.relationType)
    obj = graph.value(relation, KGO.relationObject)
    obj_text = graph.value(relation, KGO.relationObjectText)
    parts = [
        label_of(graph, subject) if subject is not None else "?",
        label_of(graph, kind) if kind is not None else "relates to",
        str(obj_text) if obj_text is not None else label_of(graph, obj) if obj else "?",
    ]
    return " ".join(parts)


def _targets(graph: Graph, body: Node) -> list[Identifier]:
    return sorted(
        identifiers(
            target
            for annotation in graph.subjects(OA.hasBody, body)
            for target in graph.objects(annotation, OA.hasTarget)
        )
    )


def _evidence(graph: Graph, seeds_dir: Path, target: Node) -> dict | None:
    """The quote a target selects, in its paragraph of the report; None for a target with no
    report (SHACL requires one: shape:SpecificResource-hasSource)."""
    report = graph.value(target, OA.hasSource)
    if report is None:
        return None
    item: dict = {"report": str(report), "title": label_of(graph, report)}
    date = graph.value(report, KGO.dateAsStated) or graph.value(report, DCTERMS.issued)
    item["date"] = str(date) if date is not None else ""
    for selector in graph.objects(target, OA.hasSelector):
        if (selector, RDF.type, OA.TextQuoteSelector) in graph:
            item["exact"] = str(graph.value(selector, OA.exact))
            item["prefix"] = str(graph.value(selector, OA.prefix) or "")
            item["suffix"] = str(graph.value(selector, OA.suffix) or "")
        elif (selector, RDF.type, OA.TextPositionSelector) in graph:
            item["start"] = _offset(graph, selector, OA.start)
            item["end"] = _offset(graph, selector, OA.end)
    file_name = graph.value(report, KGO.fileName)
    if file_name is not None and "start" in item:
        item["paragraph"] = paragraph(seeds_dir / str(file_name), item["start"], item["end"])
    return item


def _offset(graph: Graph, selector: Node, prop: URIRef) -> int:
    """A position selector's start or end: an integer literal (SHACL requires exactly one)."""
    value = graph.value(selector, prop)
    if not isinstance(value, Literal):
        raise ValueError(f"{selector}: {prop} is not an integer literal")
    return int(value)


def paragraph(path: Path, start: int, end: int) -> dict | None:
    """The paragraph around text[start:end] (as kg.source.segments splits the report, so the
    same as its passages), cut to a readable length, with the quote's offsets inside it so the
    page can highlight it."""
    read = _read(path)
    if read is None:
        return None
    text, spans = read
    if not 0 <= start < end <= len(text):
        return None
    p_start, p_end = paragraph_around(spans, start, end)
    p_start = max(p_start, start - PARAGRAPH_CHARS)
    p_end = min(p_end, end + PARAGRAPH_CHARS)
    return {
        "text": text[p_start:p_end],
        "start": p_start,
        "end": p_end,
        "quoteStart": start - p_start,
        "quoteEnd": end - p_start,
    }


@lru_cache(maxsize=32)
def _read(path: Path) -> tuple[str, list[tuple[int, int]]] | None:
    """A report's text and its paragraphs."""
    try:
        doc = SourceDocument.from_file("", path)
    except OSError:
        return None
    return doc.text, paragraphs(doc)


def _shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

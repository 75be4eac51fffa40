"""The graph as nodes and edges, for people who work in Gephi, Cytoscape or Graphviz.

project() turns the RDF into a networkx MultiDiGraph: nodes are the named things (forces, units,
partners, programmes, boards...), the inspections and, when asked, the findings and judgments;
edges are the relations between them with readable labels. Every attribute is a plain string or
integer (never None), so GraphML and GEXF can carry it. serialise() writes one of the
export formats (kg.query.formats.EXPORT_FORMATS).
"""

from __future__ import annotations

import difflib
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import KgError, NotFound
from kg.graph.terms import identifiers
from kg.namespaces import KGO
from kg.query.formats import EXPORT_FORMATS, EXPORT_INCLUDES, Format

# The class that makes a resource a node, and the type it gets; the first match wins, so a
# force (an organisation with a police force area) is checked before other organisations.
_ENTITY_TYPES: tuple[tuple[URIRef, str], ...] = (
    (KGO.Inspection, "inspection"),
    (KGO.GovernanceBody, "board"),
    (KGO.MultiAgencyArrangement, "programme"),
    (KGO.Initiative, "programme"),
    (ORG.OrganizationalCollaboration, "collaboration"),
    (ORG.OrganizationalUnit, "unit"),
    (KGO.InformationSystem, "system"),
    (KGO.LegalPower, "power"),
    (ORG.FormalOrganization, "partner"),
)
_FACT_TYPES: dict[str, tuple[tuple[URIRef, str], ...]] = {
    "findings": (
        (KGO.AreaForImprovement, "finding"),
        (KGO.Recommendation, "finding"),
        (KGO.CauseOfConcern, "finding"),
        (KGO.Strength, "finding"),
        (KGO.WorkInProgress, "finding"),
    ),
    "judgments": ((KGO.Judgment, "judgment"),),
}
assert set(_FACT_TYPES) == set(EXPORT_INCLUDES)

# Predicates that are bookkeeping, not relations a reader would draw (every finding is
# attributed to the inspectorate: 170 edges to one node say nothing).
_SKIPPED_PREDICATES = {RDF.type, KGO.aboutQuestion, PROV.wasAttributedTo}


def export_format(name: str) -> Format:
    try:
        return EXPORT_FORMATS[name]
    except KeyError:
        known = ", ".join(EXPORT_FORMATS)
        raise KgError(f"unknown export format {name!r}; use one of: {known}") from None


class Projector:
    """Reads node and edge attributes from the whole graph (the context), so that a part of it
    (a CONSTRUCT result) is drawn with the same labels, types, years and grades."""

    def __init__(self, context: Graph, include: Iterable[str] = ()) -> None:
        self.context = context
        unknown = set(include) - set(EXPORT_INCLUDES)
        if unknown:
            raise KgError(
                f"cannot include {', '.join(sorted(unknown))}; "
                f"choose from: {', '.join(EXPORT_INCLUDES)}"
            )
        self.types = list(_ENTITY_TYPES)
        for name in sorted(include):
            self.types.extend(_FACT_TYPES[name])
        self._relation_labels: dict[Node, str] = {
            prop: self._label(relation)
            for relation, prop in context.subject_objects(KGO.asProperty)
            if isinstance(prop, URIRef)
        }

    def node_type(self, node: Node) -> str | None:
        if not isinstance(node, URIRef):
            return None
        classes = set(self.context.objects(node, RDF.type))
        for cls, name in self.types:
            if cls in classes:
                if name == "partner" and (node, KGO.policeForceArea, None) in self.context:
                    return "force"
                return name
        return None

    def nodes(self) -> list[URIRef]:
        found = {
            s
            for cls, _ in self.types
            for s in self.context.subjects(RDF.type, cls)
            if isinstance(s, URIRef) and self.node_type(s) is not None
        }
        return sorted(found)

    def attributes(self, node: URIRef) -> dict[str, str | int]:
        ctx = self.context
        kind = self.node_type(node) or "other"
        attrs: dict[str, str | int] = {"type": kind, "label": self._label(node), "iri": str(node)}
        inspection = node if kind == "inspection" else ctx.value(node, KGO.ofInspection)
        if inspection is not None:
            year = ctx.value(inspection, KGO.year)
            if year is not None:
                attrs["year"] = int(str(year))
            programme = ctx.value(inspection, KGO.programme)
            if programme is not None:
                attrs["programme"] = self._label(programme)
        grade = ctx.value(node, KGO.grade)
        if grade is not None:
            attrs["grade"] = self._label(grade)
        finding_type = ctx.value(node, KGO.findingType)
        if finding_type is not None:
            attrs["finding_type"] = self._label(finding_type)
            text = str(ctx.value(node, KGO.text) or "")
            attrs["text"] = text
            attrs["label"] = f"{attrs['finding_type']}: {_shorten(text)}"
        classification = ctx.value(node, ORG.classification)
        if classification is not None:
            attrs["classification"] = self._label(classification)
        return attrs

    def edge_label(self, predicate: Node) -> str:
        if predicate in self._relation_labels:
            return self._relation_labels[predicate]
        return self._label(predicate)

    def _label(self, node: Node) -> str:
        for prop in (SKOS.prefLabel, RDFS.label):
            values = identifiers(self.context.objects(node, prop))
            if values:
                english = [v for v in values if isinstance(v, Literal) and v.language == "en"]
                return str(sorted(english or values)[0])
        return _local_name(str(node))

    def add_triples(self, graph: nx.MultiDiGraph, triples: Iterable[tuple[Node, Node, Node]]):
        for s, p, o in triples:
            # rdflib terms hash differently from the plain strings the graph is keyed by.
            if p in _SKIPPED_PREDICATES or str(s) not in graph or str(o) not in graph or s == o:
                continue
            graph.add_edge(
                str(s), str(o), key=str(p), label=self.edge_label(p), predicate=str(p), weight=1
            )


def project(context: Graph, include: Iterable[str] = ()) -> nx.MultiDiGraph:
    """The whole graph as nodes and edges."""
    projector = Projector(context, include)
    graph = nx.MultiDiGraph()
    nodes = projector.nodes()
    for node in nodes:
        graph.add_node(str(node), **projector.attributes(node))
    wanted = set(nodes)
    projector.add_triples(
        graph,
        ((s, p, o) for s in wanted for p, o in context.predicate_objects(s) if o in wanted),
    )
    _add_mentions(context, graph)
    return graph


def project_triples(context: Graph, triples: Graph, include: Iterable[str] = ()) -> nx.MultiDiGraph:
    """A CONSTRUCT result as nodes and edges: every IRI it links becomes a node (typed and
    labelled from the whole graph), every link between two IRIs an edge."""
    projector = Projector(context, include)
    graph = nx.MultiDiGraph()
    for s, p, o in triples:
        if p == RDF.type or not isinstance(s, URIRef) or not isinstance(o, URIRef):
            continue
        for node in (s, o):
            if str(node) not in graph:
                graph.add_node(str(node), **projector.attributes(node))
    projector.add_triples(graph, ((s, p, o) for s, p, o in triples))
    # A CONSTRUCT of typed things only (no links) still shows its nodes.
    for s in triples.subjects(RDF.type, None):
        if isinstance(s, URIRef) and str(s) not in graph:
            graph.add_node(str(s), **projector.attributes(s))
    return graph


def _add_mentions(context: Graph, graph: nx.MultiDiGraph) -> None:
    """An inspection mentions a thing when its report names it: one edge, weighted by how many
    times, so that things no relation links still sit next to the inspections that name them."""
    inspections_of_report: dict[Node, list[Node]] = {}
    for inspection, its_report in context.subject_objects(KGO.reportedIn):
        inspections_of_report.setdefault(its_report, []).append(inspection)
    counts: Counter[tuple[str, str]] = Counter()
    for mention, thing in context.subject_objects(KGO.mentionOf):
        if str(thing) not in graph:
            continue
        container = context.value(mention, KGO.mentionedIn)
        inspections: list[Node] = []
        report = context.value(container, KGO.inReport) if container is not None else None
        if report is not None:
            inspections = inspections_of_report.get(report, [])
        elif container is not None:
            owner = context.value(container, KGO.ofInspection) or context.value(
                container, KGO.askedIn
            )
            inspections = [owner] if owner is not None else []
        for inspection in inspections:
            if str(inspection) in graph:
                counts[(str(inspection), str(thing))] += 1
    for (inspection_id, thing_id), count in sorted(counts.items()):
        graph.add_edge(
            inspection_id,
            thing_id,
            key=str(KGO.mentions),
            label="mentions",
            predicate=str(KGO.mentions),
            weight=count,
        )


def neighbourhood(graph: nx.MultiDiGraph, focus: str, depth: int) -> nx.MultiDiGraph:
    """The nodes within depth links of focus (either direction), and the edges among them."""
    if depth < 0:
        raise KgError(f"depth must be 0 or more, not {depth}")
    return nx.ego_graph(graph, focus, radius=depth, undirected=True).copy()


def resolve_focus(context: Graph, graph: nx.MultiDiGraph, name: str) -> str:
    """The node a user means by an IRI, a label or an acronym (case does not matter)."""
    if name in graph:
        return name
    wanted = name.strip().casefold()
    matches: set[str] = set()
    names: dict[str, str] = {}
    for node in graph.nodes:
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label):
            for label in context.objects(URIRef(node), prop):
                names[str(label)] = node
                if str(label).strip().casefold() == wanted:
                    matches.add(node)
    if len(matches) == 1:
        return matches.pop()
    if matches:
        listed = "; ".join(f"{graph.nodes[m]['label']} <{m}>" for m in sorted(matches))
        raise NotFound(f"{name!r} names more than one thing: {listed}. Give the IRI instead.")
    close = difflib.get_close_matches(name, list(names), n=5, cutoff=0.6)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise NotFound(f"{name!r} is not the IRI, name or acronym of a node of the graph.{hint}")


def serialise(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """The graph in one of EXPORT_FORMATS, as bytes: the same graph always gives the same
    bytes (but for the date GEXF's writer stamps)."""
    return _WRITERS[export_format(fmt).name](_in_order(graph))


def _in_order(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with its nodes, then its edges, in sorted order. networkx writes them in the
    order they were added, which followed rdflib's set iteration and so changed from run to
    run (and GraphML's edge ids with it)."""
    out = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    for node in sorted(graph.nodes):
        out.add_node(node, **graph.nodes[node])
    edges = sorted(
        graph.edges(data=True),
        key=lambda edge: (edge[0], edge[1], json.dumps(edge[2], sort_keys=True, default=str)),
    )
    for source, target, attrs in edges:
        out.add_edge(source, target, **attrs)
    return out


def _graphml(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(_with_token_ids(graph), buffer, encoding="utf-8")
    return buffer.getvalue()


def _gexf(graph: nx.MultiDiGraph) -> bytes:
    # networkx's writer always sets a name on <graph>, which the GEXF 1.2 schema does not
    # allow (Gephi ignores it); it is dropped before writing.
    writer = GEXFWriter(encoding="utf-8", version="1.2draft")
    writer.add_graph(graph)
    writer.graph_element.attrib.pop("name", None)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _cytoscape(graph: nx.MultiDiGraph) -> bytes:
    data = nx.cytoscape_data(graph, name="label")
    return json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8")


def _node_link(graph: nx.MultiDiGraph) -> bytes:
    data = nx.node_link_data(graph, edges="edges")
    return json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8")


def _dot(graph: nx.MultiDiGraph) -> bytes:
    return to_dot(graph).encode("utf-8")


def _with_token_ids(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with node ids n0, n1... and edge ids e0, e1...: GraphML's schema types ids as
    XML name tokens, which an IRI (with its slashes) is not. The IRI stays in the iri attribute."""
    ids = {node: f"n{number}" for number, node in enumerate(graph.nodes)}
    out = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    for node, attrs in graph.nodes(data=True):
        out.add_node(ids[node], **attrs)
    for number, (source, target, attrs) in enumerate(graph.edges(data=True)):
        out.add_edge(ids[source], ids[target], key=f"e{number}", **attrs)
    return out


def to_dot(graph: nx.MultiDiGraph) -> str:
    """Graphviz DOT, every ID and value quoted (IRIs hold colons, which DOT reads as ports)."""
    lines = ["digraph kg {", "  node [shape=box, style=rounded];"]
    for node, attrs in graph.nodes(data=True):
        lines.append(f"  {_dot_quote(node)} [{_dot_attrs(attrs)}];")
    for source, target, attrs in graph.edges(data=True):
        lines.append(f"  {_dot_quote(source)} -> {_dot_quote(target)} [{_dot_attrs(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_attrs(attrs: dict[str, object]) -> str:
    return ", ".join(f"{key}={_dot_quote(str(value))}" for key, value in sorted(attrs.items()))


def _dot_quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _local_name(iri: str) -> str:
    tail = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", tail).replace("-", " ").lower()


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def select(
    context: Graph,
    *,
    focus: str | None = None,
    depth: int = 1,
    triples: Graph | None = None,
    include: Iterable[str] = (),
) -> nx.MultiDiGraph:
    """What to export: a CONSTRUCT result, the neighbourhood of focus, or the whole graph."""
    if triples is not None and focus is not None:
        raise KgError("give a focus or a query, not both")
    if triples is not None:
        return project_triples(context, triples, include)
    graph = project(context, include)
    if focus is None:
        return graph
    node = resolve_focus(context, graph, focus)
    part = neighbourhood(graph, node, depth)
    # Graph-level data, so a viewer can centre the layout on it.
    part.graph.update(focus=node, depth=depth)
    return part


# The writer of each of kg.query.formats.EXPORT_FORMATS, by name.
_WRITERS: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "cytoscape": _cytoscape,
    "node-link": _node_link,
    "dot": _dot,
}
assert set(_WRITERS) == set(EXPORT_FORMATS)

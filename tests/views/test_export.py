"""Exports for Gephi, Cytoscape and Graphviz: every format reads back with the same nodes, edges
and attributes; the XML formats have the structure their specifications require."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pydot
import pytest
from click.testing import CliRunner
from lxml import etree
from rdflib import Graph

from kg.cli import main
from kg.errors import KgError
from kg.graph.files import union_graph
from kg.query.formats import EXPORT_FORMATS
from kg.query.stores.rdflib_store import RdflibStore
from kg.settings import Settings
from kg.views.export import project, select, serialise
from tests.paths import DATA_DIR

KGR = "https://w3id.org/police-inspection-kg/id/"
EMSOU = f"{KGR}org/emsou"
FORCE = f"{KGR}org/derbyshire-constabulary"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://www.gexf.net/1.2draft"
# The published GraphML and GEXF schemas (tests/data/schemas/README.md says where from).
SCHEMAS = DATA_DIR / "schemas"


@pytest.fixture(scope="module")
def context(store: RdflibStore) -> Graph:
    return union_graph(store.dataset)


@pytest.fixture(scope="module")
def sample(context: Graph) -> nx.MultiDiGraph:
    """EMSOU's neighbourhood with findings and judgments: every kind of attribute occurs."""
    return select(context, focus="EMSOU", depth=2, include=("findings", "judgments"))


def _edges(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, d["predicate"]) for u, v, d in graph.edges(data=True)}


def _nodes(graph: nx.MultiDiGraph) -> dict[str, dict]:
    return {n: dict(d) for n, d in graph.nodes(data=True)}


def test_the_projection_has_the_kinds_of_node_and_readable_edges(context: Graph) -> None:
    graph = project(context, include=("findings", "judgments"))
    types = {d["type"] for _, d in graph.nodes(data=True)}
    assert {"force", "unit", "partner", "programme", "board", "inspection"} <= types
    assert {"finding", "judgment"} <= types
    assert "finding" not in {d["type"] for _, d in project(context).nodes(data=True)}
    labels = {d["label"] for *_, d in graph.edges(data=True)}
    assert {"unit of", "inspected force", "mentions", "of inspection"} <= labels
    for _, attrs in graph.nodes(data=True):
        assert {"type", "label", "iri"} <= set(attrs)
        assert all(isinstance(v, str | int) for v in attrs.values()), attrs
    judgment = next(d for _, d in graph.nodes(data=True) if d["type"] == "judgment")
    assert isinstance(judgment["year"], int) and judgment["grade"]
    # An inspection mentions the things its report names, weighted by how often.
    mentions = [d for u, v, d in graph.edges(data=True) if v == EMSOU and d["label"] == "mentions"]
    assert mentions and all(d["weight"] >= 1 for d in mentions)


def test_focus_by_acronym_iri_or_label(context: Graph) -> None:
    by_acronym = select(context, focus="emsou", depth=1)
    by_iri = select(context, focus=EMSOU, depth=1)
    by_label = select(context, focus="East Midlands Special Operations Unit", depth=1)
    assert set(by_acronym) == set(by_iri) == set(by_label)
    assert EMSOU in by_acronym and FORCE in by_acronym
    assert set(select(context, focus="EMSOU", depth=0)) == {EMSOU}
    assert len(select(context, focus="EMSOU", depth=2)) > len(by_acronym)


def test_unknown_and_ambiguous_focus_say_what_to_use(context: Graph) -> None:
    with pytest.raises(KgError, match="Did you mean: EMSOU"):
        select(context, focus="EMSOUU")
    two = Graph().parse(
        data=f"""
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix kgo: <https://w3id.org/police-inspection-kg/ontology#> .
        <{KGR}board/a> a kgo:GovernanceBody ;
            skos:prefLabel "Board A"@en ; skos:altLabel "LCJB"@en .
        <{KGR}board/b> a kgo:GovernanceBody ;
            skos:prefLabel "Board B"@en ; skos:altLabel "LCJB"@en .
        """,
        format="turtle",
    )
    with pytest.raises(KgError, match=r"more than one thing: Board A <.*board/a>; Board B"):
        select(two, focus="LCJB")


def test_a_construct_result_is_projected_with_the_whole_graph_s_labels(
    context: Graph, store: RdflibStore
) -> None:
    result = store.query("CONSTRUCT { ?u org:unitOf ?f } WHERE { ?u org:unitOf ?f }")
    graph = select(context, triples=result.graph)
    assert graph.number_of_edges() == len(result.graph)
    assert graph.nodes[FORCE]["type"] == "force"
    assert graph.nodes[FORCE]["label"] == "Derbyshire Constabulary"
    assert {d["label"] for *_, d in graph.edges(data=True)} == {"unit of"}


def _read(fmt: str, data: bytes) -> nx.MultiDiGraph:
    if fmt == "graphml":
        return by_iri(nx.read_graphml(io.BytesIO(data), force_multigraph=True))
    if fmt == "gexf":
        return nx.MultiDiGraph(nx.read_gexf(io.BytesIO(data), version="1.2draft"))
    if fmt == "cytoscape":
        return nx.cytoscape_graph(json.loads(data), name="label")
    if fmt == "node-link":
        return nx.node_link_graph(json.loads(data), edges="edges")
    return _read_dot(data.decode("utf-8"))


def by_iri(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML ids are name tokens (n0, n1...); the IRI is the iri attribute."""
    return nx.relabel_nodes(graph, {n: d["iri"] for n, d in graph.nodes(data=True)})


def _read_dot(text: str) -> nx.MultiDiGraph:
    """DOT read with pydot's parser, quotes taken off IDs and values."""
    (dot,) = pydot.graph_from_dot_data(text)
    graph = nx.MultiDiGraph()

    def unquote(value: str) -> str:
        return json.loads(value) if value.startswith('"') else value

    for node in dot.get_nodes():
        if node.get_name() in ("node", "edge", "graph"):
            continue
        attrs = {k: unquote(v) for k, v in node.get_attributes().items()}
        graph.add_node(unquote(node.get_name()), **attrs)
    for edge in dot.get_edges():
        attrs = {k: unquote(v) for k, v in edge.get_attributes().items()}
        graph.add_edge(unquote(edge.get_source()), unquote(edge.get_destination()), **attrs)
    return graph


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_every_format_reads_back_the_same(sample: nx.MultiDiGraph, fmt: str) -> None:
    back = _read(fmt, serialise(sample, fmt))
    assert set(back.nodes) == set(sample.nodes)
    assert back.number_of_edges() == sample.number_of_edges()
    assert _edges(back) == _edges(sample)
    for node, attrs in _nodes(sample).items():
        read = back.nodes[node]
        for key, value in attrs.items():
            # DOT has no types: every value is text there.
            expected = str(value) if fmt == "dot" else value
            assert read.get(key) == expected, (fmt, node, key)


def test_graphml_structure(sample: nx.MultiDiGraph) -> None:
    """What graphml.xsd requires of a document: the namespace, keys declared before the graph
    with a domain and a type, data referring only to declared keys, edges between nodes."""
    root = ET.fromstring(serialise(sample, "graphml"))
    ns = {"g": GRAPHML_NS}
    assert root.tag == f"{{{GRAPHML_NS}}}graphml"
    children = [child.tag.split("}")[1] for child in root]
    assert children.index("graph") > max(i for i, c in enumerate(children) if c == "key")
    keys = {}
    for key in root.findall("g:key", ns):
        assert key.get("for") in ("node", "edge", "graph", "all")
        assert key.get("attr.type") in ("string", "int", "long", "float", "double", "boolean")
        keys[key.get("id")] = key
    (graph,) = root.findall("g:graph", ns)
    assert graph.get("edgedefault") == "directed"
    ids = [node.get("id") for node in graph.findall("g:node", ns)]
    assert len(ids) == len(set(ids)) == sample.number_of_nodes()
    # Ids, keys and attribute names are xs:NMTOKEN in the schema.
    token = re.compile(r"^[\w.:-]+$")
    for edge in graph.findall("g:edge", ns):
        assert edge.get("source") in ids and edge.get("target") in ids
        assert token.match(edge.get("id"))
    assert all(token.match(i) for i in ids)
    assert all(token.match(k) and token.match(v.get("attr.name")) for k, v in keys.items())
    for data in root.iter(f"{{{GRAPHML_NS}}}data"):
        assert data.get("key") in keys
    int_keys = {k for k, v in keys.items() if v.get("attr.type") in ("int", "long")}
    for data in root.iter(f"{{{GRAPHML_NS}}}data"):
        if data.get("key") in int_keys:
            int(data.text or "")


def test_gexf_structure(sample: nx.MultiDiGraph) -> None:
    """What the GEXF 1.2 schema requires: the namespace and version, attribute classes declared
    with types, every attvalue naming a declared attribute, edges between declared nodes."""
    root = ET.fromstring(serialise(sample, "gexf"))
    ns = {"x": GEXF_NS}
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.2"
    (graph,) = root.findall("x:graph", ns)
    assert graph.get("defaultedgetype") == "directed"
    declared = {}
    for attributes in graph.findall("x:attributes", ns):
        assert attributes.get("class") in ("node", "edge")
        for attribute in attributes.findall("x:attribute", ns):
            assert attribute.get("type") in (
                "integer",
                "long",
                "double",
                "float",
                "boolean",
                "string",
                "liststring",
                "anyURI",
            )
            declared[(attributes.get("class"), attribute.get("id"))] = attribute.get("title")
    nodes = graph.findall("x:nodes/x:node", ns)
    ids = {node.get("id") for node in nodes}
    assert len(ids) == len(nodes) == sample.number_of_nodes()
    assert all(node.get("label") for node in nodes)
    for kind, path in (("node", "x:nodes/x:node"), ("edge", "x:edges/x:edge")):
        for element in graph.findall(path, ns):
            for value in element.findall("x:attvalues/x:attvalue", ns):
                assert (kind, value.get("for")) in declared
                assert value.get("value") is not None
    for edge in graph.findall("x:edges/x:edge", ns):
        assert edge.get("source") in ids and edge.get("target") in ids
    assert {"type", "iri", "year", "grade"} <= set(declared.values())


@pytest.mark.parametrize(("fmt", "schema"), [("graphml", "graphml.xsd"), ("gexf", "gexf.xsd")])
@pytest.mark.parametrize("include", [(), ("findings", "judgments")])
def test_graphml_and_gexf_validate_against_their_published_schemas(
    context: Graph, fmt: str, schema: str, include: tuple[str, ...]
) -> None:
    """The whole graph, with and without findings and judgments (every attribute type)."""
    validator = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    document = etree.fromstring(serialise(project(context, include=include), fmt))
    if not validator.validate(document):
        errors = [f"line {e.line}: {e.message}" for e in validator.error_log][:10]
        pytest.fail(f"{fmt} export does not validate against {schema}:\n" + "\n".join(errors))


def test_the_schemas_reject_what_they_should(sample: nx.MultiDiGraph) -> None:
    """The validation above can fail: an edge without a target, an undeclared attribute type."""
    graphml = etree.XMLSchema(etree.parse(str(SCHEMAS / "graphml.xsd")))
    document = etree.fromstring(serialise(sample, "graphml"))
    next(document.iter(f"{{{GRAPHML_NS}}}edge")).attrib.pop("target")
    assert not graphml.validate(document)
    gexf = etree.XMLSchema(etree.parse(str(SCHEMAS / "gexf.xsd")))
    document = etree.fromstring(serialise(sample, "gexf"))
    next(document.iter(f"{{{GEXF_NS}}}attribute")).set("type", "text")
    assert not gexf.validate(document)


@pytest.fixture
def run(built, settings: Settings, curator, share_curator):
    share_curator(curator)  # kg export reads the graph loaded once

    def invoke(*args: str):
        return CliRunner().invoke(main, ["--data-dir", str(settings.data_dir), *args])

    return invoke


def test_kg_export_writes_a_file(run, tmp_path: Path) -> None:
    out = tmp_path / "emsou.graphml"
    result = run(
        "export", "--format", "graphml", "--focus", "EMSOU", "--depth", "2", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert "nodes and" in result.output
    graph = by_iri(nx.read_graphml(out))
    assert EMSOU in graph and graph.nodes[EMSOU]["type"] == "collaboration"


def test_kg_export_a_construct_query(run, tmp_path: Path) -> None:
    query = tmp_path / "units.rq"
    query.write_text("CONSTRUCT { ?u org:unitOf ?f } WHERE { ?u org:unitOf ?f }")
    result = run("export", "--format", "node-link", "--query", str(query))
    assert result.exit_code == 0, result.output
    graph = nx.node_link_graph(json.loads(result.stdout), edges="edges")
    assert FORCE in graph and graph.number_of_edges() > 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "dot", "--focus", "nobody"], "not the IRI, name or acronym"),
        (["--format", "dot", "--focus", "EMSOU", "--query", "x.rq"], "not both"),
        (["--format", "dot", "--query", "missing.rq"], "no such query file"),
        (["--format", "svg"], "Invalid value for '--format'"),
    ],
)
def test_kg_export_errors(run, args: list[str], message: str) -> None:
    result = run("export", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_kg_export_help() -> None:
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0
    assert "--focus" in result.output and "graphml" in result.output


def test_the_same_graph_exports_to_the_same_bytes_in_every_process(
    built, settings: Settings, tmp_path: Path
) -> None:
    """rdflib's sets iterate in an order that depends on the process's hash seed; the export
    must not: two processes with different seeds write the same file."""
    kg = Path(sys.executable).parent / "kg"
    written = []
    for seed in ("1", "2"):
        out = tmp_path / f"kg-{seed}.graphml"
        subprocess.run(
            [
                str(kg),
                "--data-dir",
                str(settings.data_dir),
                "export",
                "--format",
                "graphml",
                "--out",
                str(out),
            ],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
        )
        written.append(out.read_bytes())
    assert written[0] == written[1]
    # Sorted: the first edge's source is the smallest node id's IRI in order.
    graph = nx.read_graphml(io.BytesIO(written[0]))
    iris = [attrs["iri"] for _node, attrs in graph.nodes(data=True)]
    assert iris == sorted(iris)

"""Copy from a checkout of w3c/rdf-tests the files the W3C tests here read (their manifests,
queries, data and expected results) into suite/, keeping their paths.

    python -m tests.w3c.copy_suite /path/to/rdf-tests
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from rdflib import Graph, URIRef

from tests.w3c import manifests


def needed(checkout: Path) -> set[Path]:
    """Every file of the suite the manifests name, manifests included."""
    sparql = checkout / "sparql"
    found: set[Path] = set()
    todo = [
        sparql / m
        for m in (
            *manifests.SYNTAX_MANIFESTS,
            *manifests.EVALUATION_MANIFESTS,
            manifests.PROTOCOL_MANIFEST,
        )
    ]
    while todo:
        path = todo.pop()
        if path in found or not path.is_file():
            continue
        found.add(path)
        if path.suffix == ".rq":  # the graphs its FROM clauses name
            iri = manifests.BASE + path.relative_to(sparql).as_posix()
            for graph in manifests.from_graphs(path.read_text(encoding="utf-8"), iri):
                if graph.startswith(manifests.BASE):
                    todo.append(sparql / graph[len(manifests.BASE) :])
        if path.name.startswith("manifest") and path.suffix == ".ttl":
            iri = manifests.BASE + path.relative_to(sparql).as_posix()
            graph = Graph().parse(path, format="turtle", publicID=iri)
            for term in graph.all_nodes():
                if isinstance(term, URIRef) and str(term).startswith(manifests.BASE):
                    todo.append(sparql / str(term)[len(manifests.BASE) :].split("#")[0])
    return found


def main(checkout: Path) -> None:
    sparql = checkout / "sparql"
    for path in sorted(needed(checkout)):
        target = manifests.SUITE / path.relative_to(sparql)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    for licence in ("sparql10/LICENSE",):
        shutil.copyfile(sparql / licence, manifests.SUITE / licence)


if __name__ == "__main__":
    main(Path(sys.argv[1]))

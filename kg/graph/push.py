"""Publishing the built graph to a SPARQL store through the SPARQL 1.1 Graph Store Protocol
(`kg push`), for `kg serve --store` to answer from (kg.query.stores.remote_store)."""

from __future__ import annotations

from rdflib import Dataset

from kg.errors import KgError


def push(dataset: Dataset, graph_store_url: str, timeout: float = 300.0) -> list[tuple[str, int]]:
    """PUT every non-empty named graph of the dataset into the store (Graph Store Protocol):
    each replaces the graph of that name. Returns the graphs and their sizes."""
    import requests

    pushed = []
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not len(graph) or str(graph.identifier).startswith("urn:x-rdflib:"):
            continue
        body = graph.serialize(format="nt", encoding="utf-8")
        try:
            response = requests.put(
                graph_store_url,
                params={"graph": str(graph.identifier)},
                data=body,
                headers={"Content-Type": "application/n-triples"},
                timeout=timeout,
            )
        except requests.RequestException as error:
            raise KgError(f"{graph_store_url}: cannot reach the store ({error})") from None
        if response.status_code not in (200, 201, 204):
            raise KgError(
                f"{graph_store_url}: the store answered {response.status_code} for graph "
                f"<{graph.identifier}>: {response.text[:300]}"
            )
        pushed.append((str(graph.identifier), len(graph)))
    return pushed

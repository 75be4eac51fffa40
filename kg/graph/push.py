"""Publishing the built graph to a SPARQL store through the SPARQL 1.1 Graph Store Protocol
(`kg push`), for `kg serve --store` to answer from (kg.query.stores.remote_store)."""

from __future__ import annotations

import sys

from rdflib import Dataset
from tqdm import tqdm

from kg.endpoint import Credentials, send
from kg.errors import KgError


def push(
    dataset: Dataset,
    graph_store_url: str,
    credentials: Credentials | None = None,
    timeout: float = 300.0,
) -> list[tuple[str, int]]:
    """PUT every non-empty named graph of the dataset into the store (Graph Store Protocol):
    each replaces the graph of that name, so a push tried again (send's retries on connection
    errors and 5xx) changes nothing. Returns the graphs and their sizes. A progress bar on
    stderr when it is a terminal."""
    import requests

    graphs = [
        graph
        for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier))
        if len(graph) and not str(graph.identifier).startswith("urn:x-rdflib:")
    ]
    pushed = []
    progress = tqdm(
        total=sum(len(g) for g in graphs),
        unit=" triples",
        unit_scale=True,
        desc="push",
        file=sys.stderr,
        disable=None,  # quiet when not on a terminal
    )
    with progress:
        for graph in graphs:
            body = graph.serialize(format="nt", encoding="utf-8")
            try:
                response = send(
                    "PUT",
                    graph_store_url,
                    credentials,
                    params={"graph": str(graph.identifier)},
                    data=body,
                    headers={"Content-Type": "application/n-triples"},
                    timeout=timeout,
                )
            except requests.RequestException as error:
                raise KgError(f"{graph_store_url}: cannot reach the store ({error})") from None
            if response.status_code in (401, 403):
                given = "none were given"
                if credentials and credentials.given:
                    given = "the credentials given were refused"
                raise KgError(
                    f"{graph_store_url}: the store answered {response.status_code} for graph "
                    f"<{graph.identifier}>: it wants credentials and {given} (KG_STORE_USER and "
                    "KG_STORE_PASSWORD, KG_STORE_TOKEN, KG_STORE_AUTH=digest, or "
                    "--store-credentials FILE)"
                )
            if response.status_code not in (200, 201, 204):
                raise KgError(
                    f"{graph_store_url}: the store answered {response.status_code} for graph "
                    f"<{graph.identifier}>: {response.text[:300]}"
                )
            pushed.append((str(graph.identifier), len(graph)))
            progress.update(len(graph))
    return pushed

"""A SPARQL 1.1 server as the store: for when the graph outgrows one machine.

`kg push GSP_URL` loads the built graph into any store that speaks the SPARQL 1.1 Graph Store
Protocol, one HTTP PUT per named graph (which replaces what the store held under that name).
`kg serve --store QUERY_URL` then answers queries from that store's SPARQL 1.1 Protocol query
endpoint instead of the embedded engine. What the project relies on: the Query protocol with
default-graph-uri and named-graph-uri, the Graph Store Protocol's PUT, and named graphs.

Queries pass the same checks as with the embedded store (read-only, no SERVICE, local graphs
only) before they are sent. The default graph, unless the query or the request names one, is
the union of every graph, as with the embedded store: sent as one default-graph-uri per graph
(and one named-graph-uri per graph, so GRAPH sees them all).
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KgError, QueryFailed, QueryRefused, TooManyRows
from kg.namespaces import sparql_prologue
from kg.query.guard import check_query
from kg.query.named import Binding, resolve_names
from kg.query.workers import QueryJob

_ACCEPT = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "CONSTRUCT": "application/n-triples",
    "DESCRIBE": "application/n-triples",
}
# Characters an IRI in SPARQL (IRIREF) may not hold: a parameter must not break out of <...>.
_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')
# What a query's text holds besides variables: strings, IRIs and comments are left alone.
_SKIP = (
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*)"
)
_TOKENS = re.compile(
    _SKIP + r"|(?P<bound>BOUND\s*\(\s*[?$](?P<bname>\w+)\s*\))" + r"|(?P<var>[?$](?P<name>\w+))",
    re.IGNORECASE,
)

# Where a query's WHERE group opens, strings, IRIs and comments skipped.
_WHERE = re.compile(_SKIP + r"|(?P<where>\bWHERE\s*\{)", re.IGNORECASE)


class RemoteStore:
    """The store behind a SPARQL 1.1 query endpoint, with Store's query method."""

    def __init__(self, query_url: str, timeout: float = 30.0) -> None:
        self.query_url = query_url
        self.timeout = timeout
        self._graph_names: frozenset[str] | None = None

    @property
    def graph_names(self) -> frozenset[str]:
        """The store's named graphs (asked once, then remembered)."""
        if self._graph_names is None:
            result = self._send("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "SELECT")
            self._graph_names = frozenset(str(row[0]) for row in result)
        return self._graph_names

    def query(
        self,
        text: str,
        bindings: Mapping[str, Binding] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Result:
        checked = check_query(text, self.graph_names, default_graphs or (), named_graphs or ())
        resolved = resolve_names(bindings or {}, self._select)
        full = sparql_prologue() + bind_parameters(text, resolved)
        defaults, named = checked.default_graphs, checked.named_graphs
        if not defaults and not named:
            # As the embedded store: the default graph is the union, and every graph can be
            # named in GRAPH. (Naming graphs in the request is what the protocol offers every
            # store; a store's own union-default-graph switch is not standard.)
            defaults = named = tuple(sorted(self.graph_names))
        return self._send(full, checked.form, defaults, named)

    def _select(self, text: str, bindings: Mapping[str, Node]) -> list[Node]:
        """The first column of a SELECT over the union of all graphs (name lookups)."""
        names = tuple(sorted(self.graph_names))
        result = self._send(bind_parameters(text, bindings), "SELECT", names, names)
        return [row[0] for row in result]

    def _send(
        self,
        text: str,
        form: str,
        default_graphs: Iterable[str] = (),
        named_graphs: Iterable[str] = (),
    ) -> Result:
        import requests  # here: the query workers import this module but never send

        data = [("query", text)]
        data += [("default-graph-uri", g) for g in default_graphs]
        data += [("named-graph-uri", g) for g in named_graphs]
        try:
            response = requests.post(
                self.query_url,
                data=data,
                headers={"Accept": _ACCEPT[form]},
                timeout=self.timeout,
            )
        except requests.Timeout:
            raise QueryRefused(
                503, f"the store at {self.query_url} did not answer in time"
            ) from None
        except requests.RequestException as error:
            raise QueryRefused(
                503, f"the store at {self.query_url} is unreachable: {error}"
            ) from None
        if response.status_code != 200:
            hint = f" ({PARAMETER_PLACES})" if response.status_code == 400 else ""
            raise QueryRefused(
                502 if response.status_code >= 500 else 400,
                f"the store at {self.query_url} answered {response.status_code}: "
                f"{response.text[:300]}{hint}",
            )
        if form in ("SELECT", "ASK"):
            return Result.parse(source=io.BytesIO(response.content), format="json")
        result = Result(form)
        graph = Dataset().default_graph
        graph.parse(data=response.text, format="nt")
        result.graph = graph
        return result


def bind_parameters(text: str, bindings: Mapping[str, Node | tuple[Node, ...]]) -> str:
    """The query with each bound parameter written in as its RDF term, as rdflib's initBindings
    would bind it: BOUND(?param) becomes true. Terms are written by rdflib, never pasted.
    A parameter bound to several terms (the things a name stands for) is joined to the query
    as inline data instead (join_values)."""
    if not bindings:
        return text
    written = {
        name: _term(name, term) for name, term in bindings.items() if not isinstance(term, tuple)
    }
    return join_values(_write_terms(text, written), bindings)


def join_values(text: str, bindings: Mapping[str, object]) -> str:
    """The query with the parameters bound to several terms (or none) joined to it as a VALUES
    block at the start of its WHERE group, where engines plan from it (trailing VALUES, which
    SPARQL joins after the pattern, left Oxigraph evaluating property paths for every
    observation first); as a trailing VALUES clause where the query has no WHERE group to open
    (CONSTRUCT WHERE, a WHERE keyword left out)."""
    several = {name: terms for name, terms in bindings.items() if isinstance(terms, tuple)}
    if not several:
        return text
    names = sorted(several)
    rows = itertools.product(*(several[name] for name in names))
    written = " ".join(
        "(" + " ".join(_term(name, term) for name, term in zip(names, row, strict=True)) + ")"
        for row in rows
    )
    block = f"VALUES ({' '.join('?' + name for name in names)}) {{ {written} }}"
    for match in _WHERE.finditer(text):
        if match.group("where") is None:
            continue
        if re.search(r"\bCONSTRUCT\s*$", text[: match.start()], re.IGNORECASE):
            break
        return f"{text[: match.end()]}\n  {block}\n{text[match.end() :]}"
    return f"{text}\n{block}\n"


def _write_terms(text: str, written: Mapping[str, str]) -> str:
    if not written:
        return text

    def replace(match: re.Match[str]) -> str:
        if match.group("bound") and match.group("bname") in written:
            return "true"
        if match.group("var") and match.group("name") in written:
            return written[match.group("name")]
        return match.group(0)

    # A parameter standing where no term may (SELECT ?param, BIND ... AS ?param) leaves a
    # query the engine refuses as a syntax error; the stores say why (PARAMETER_PLACES).
    return _TOKENS.sub(replace, text)


PARAMETER_PLACES = (
    "a named query's parameter may only stand where an RDF term can, not in SELECT or "
    "BIND ... AS, as it is written into the query as its value"
)


def _term(name: str, term: Node) -> str:
    if isinstance(term, BNode):
        raise QueryRefused(400, f"parameter {name}: a blank node cannot be sent to a store")
    if isinstance(term, URIRef) and _NOT_IN_IRI.search(str(term)):
        raise QueryRefused(400, f"parameter {name}: {str(term)!r} is not an IRI")
    if not isinstance(term, URIRef | Literal):
        raise QueryRefused(400, f"parameter {name}: not an RDF term")
    return term.n3()


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


def endpoint_address(url: str) -> tuple[str, int]:
    """The host and port a store URL points at (the one address the service may connect to)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KgError(f"{url}: give the store as an http(s) URL")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


class RemoteQueries:
    """Runs the service's queries against the remote store (what QueryWorkers does for the
    embedded one): the store's own timeout and the HTTP timeout bound each query."""

    def __init__(self, store: RemoteStore, max_rows: int) -> None:
        self.store = store
        self.max_rows = max_rows

    def run(self, job: QueryJob) -> bytes:
        from kg.query.results import serialize_result

        result = self.store.query(
            job.text, job.bindings, job.default_graphs or None, job.named_graphs or None
        )
        try:
            return serialize_result(result, job.format, self.max_rows)
        except TooManyRows as error:
            raise QueryFailed(400, str(error)) from None

    def close(self) -> None:
        pass

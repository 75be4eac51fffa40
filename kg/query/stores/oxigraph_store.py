"""The query engine of the service's workers: Oxigraph (pyoxigraph), in memory.

rdflib's SPARQL engine evaluates in pure Python, 7 to 40 times slower than Oxigraph on the same
queries even on small graphs (bench/RESULTS.md), and loads N-Quads far slower. So the worker
processes that answer /sparql and the named queries load the built N-Quads into Oxigraph and
query it; answers are written by the engine itself (kg.query.results.write_answer), never
through rdflib terms, which rewrote values. rdflib remains the library the builder, validation,
curation and exports use; query() still gives an rdflib Result, for the QueryStore interface.

Same contract as kg.query.stores.rdflib_store.RdflibStore (kg.query.stores.base): the guard's
checks run first (read-only, no SERVICE, only graphs the store holds); the default graph is the
union of all graphs unless the query or the request names graphs, each triple once however many
graphs hold it (load_union); parameters are written in as
RDF terms (kg.query.parameters.bind_parameters); the curation log is played onto the store when
opened and caught up with before every query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier, Variable

from kg.curation.log import (
    CURATION_GRAPH,
    CurationLog,
    Event,
    UnloadableSubmission,
    reverted_in,
    submission_graph_iri,
)
from kg.curation.terms import offending_text
from kg.namespaces import PREFIXES
from kg.query.guard import syntax_refusal
from kg.query.parameters import LABELS, PARAMETER_PLACES, Binding, bind_parameters
from kg.query.results import text_answer, write_answer
from kg.query.service_clause import refuse_service
from kg.query.stores.base import CuratedStore

_PREFIXES = {name: str(namespace) for name, namespace in PREFIXES.items()}
# The labels NAME_LOOKUP matches, each keyed as it compares them; and a name's key.
_LABELS = f"SELECT ?thing (LCASE(STR(?label)) AS ?key) WHERE {{ ?thing {LABELS} ?label }}"
_NAME = ox.Variable("name")
_KEY = "SELECT ?name (LCASE(STR(?name)) AS ?key) WHERE {}"
_XSD_STRING = str(XSD.string)


class OxigraphStore(CuratedStore):
    """The graph to query, loaded into Oxigraph, with the accepted curated submissions."""

    def __init__(self, graph_file: Path, curation: CurationLog | None = None) -> None:
        self._store = ox.Store()
        self._names: dict[str, list[URIRef]] | None = None
        load_union(self._store, graph_file)
        super().__init__(curation)

    @classmethod
    def read_only(cls, location: Path) -> OxigraphStore:
        """An on-disk store (kg.query.stores.disk_copy), opened read-only at once: no curation
        log is played onto it (it could not take the submissions)."""
        store = cls.__new__(cls)
        store._store = ox.Store.read_only(str(location))
        store._names = None
        CuratedStore.__init__(store, None)
        return store

    def _lookup(self, name: str) -> list[Identifier]:
        """NAME_LOOKUP's answer from an index of every label, read once (until curation changes
        the graph): the lookup scanned the labels on every named query with a name (1-2 ms of a
        5-10 ms answer at 1M triples). Keys are lower-cased by the engine, as LCASE does."""
        if self._names is None:
            names: dict[str, list[URIRef]] = {}
            labels = self._store.query(_LABELS)
            assert isinstance(labels, ox.QuerySolutions)
            for row in labels:
                if isinstance(row["thing"], ox.NamedNode):
                    names.setdefault(row["key"].value, []).append(URIRef(row["thing"].value))
            self._names = names
        keyed = self._store.query(_KEY, substitutions={_NAME: ox.Literal(name)})
        assert isinstance(keyed, ox.QuerySolutions)
        key = next(iter(keyed))["key"].value
        return list(dict.fromkeys(self._names.get(key, [])))

    def _changed(self) -> None:
        self._names = None

    def _play(self, events: list[Event]) -> None:
        # A submission reverted among these events is never loaded (see reverted_in).
        reverted = reverted_in(events)
        for event in events:
            self._apply(event, load_triples=event.id not in reverted)

    def _apply(self, event: Event, load_triples: bool) -> None:
        # The description of each event goes into the curation graph, as kg.curation.log
        # writes it for rdflib; one small rdflib graph per event, serialised for Oxigraph.
        from rdflib import Dataset

        from kg.curation.log import apply_events

        if event.kind == "add" and load_triples:
            # Loaded from the log's own text, strictly: a term Oxigraph refuses names the
            # submission, rather than failing every query with a parser error.
            triples = event.triples or ""
            try:
                for graph in (ox.NamedNode(str(event.graph)), ox.DefaultGraph()):
                    self._store.load(triples, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
            except SyntaxError as error:
                raise UnloadableSubmission(
                    event.id, offending_text(triples, error), f"Oxigraph: {error.msg}"
                ) from None
        scratch = Dataset()
        apply_events(scratch, [replace(event, triples="")] if event.kind == "add" else [event])
        if event.kind == "revert":
            self._clear(ox.NamedNode(str(submission_graph_iri(event.reverts or 0))))
        data = scratch.graph(CURATION_GRAPH).serialize(format="nt", encoding="utf-8")
        try:
            for graph in (ox.NamedNode(str(CURATION_GRAPH)), ox.DefaultGraph()):
                self._store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        except SyntaxError as error:
            raise UnloadableSubmission(event.id, None, f"Oxigraph: {error.msg}") from None

    def _clear(self, graph: ox.NamedNode) -> None:
        """Empty a named graph; its triples leave the default graph unless another graph
        still holds them."""
        triples = [
            (q.subject, q.predicate, q.object)
            for q in self._store.quads_for_pattern(None, None, None, graph)
        ]
        self._store.clear_graph(graph)
        for subject, predicate, object_ in triples:
            held = (
                q
                for q in self._store.quads_for_pattern(subject, predicate, object_)
                if not isinstance(q.graph_name, ox.DefaultGraph)
            )
            if next(held, None) is None:
                self._store.remove(ox.Quad(subject, predicate, object_))

    def _list_graphs(self) -> frozenset[str]:
        return frozenset(
            g.value
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode)
            and next(iter(self._store.quads_for_pattern(None, None, None, g)), None) is not None
        )

    def query(
        self,
        text: str,
        bindings: Mapping[str, Binding] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Result:
        # The QueryStore interface, for tests and callers that want rdflib terms; the service
        # and `kg query` never come here (serialize, text_answer).
        return _result(*self._run(text, bindings, default_graphs, named_graphs))

    def serialize(
        self,
        text: str,
        fmt: str,
        max_rows: int,
        bindings: Mapping[str, Binding] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> bytes:
        """The answer in one of kg.query.formats' formats (by name), as the service sends it:
        written by the engine from its own terms (kg.query.results.write_answer)."""
        _form, answer = self._run(text, bindings, default_graphs, named_graphs, base_iri)
        return write_answer(answer, fmt, max_rows, _PREFIXES)

    def text_answer(self, text: str, fmt: str, bindings: Mapping[str, Binding]) -> str:
        """What `kg query` prints (kg.query.results.text_answer)."""
        _form, answer = self._run(text, bindings, None, None)
        return text_answer(answer, fmt, _PREFIXES)

    def _run(
        self,
        text: str,
        bindings: Mapping[str, Binding] | None,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        base_iri: str | None = None,
    ) -> tuple[str, Any]:
        checked, resolved = self._prepare(text, bindings, default_graphs, named_graphs)
        bound = bind_parameters(text, resolved)
        refuse_service(bound)  # what runs is the text with its parameters written in
        options: dict = {"prefixes": _PREFIXES, "base_iri": base_iri}
        defaults, named = checked.default_graphs, checked.named_graphs
        if defaults or named:
            options["default_graph"] = [ox.NamedNode(g) for g in defaults]
            options["named_graphs"] = [ox.NamedNode(g) for g in named]
        # Otherwise the store's default graph: the union, each triple once (load_union); not
        # Oxigraph's use_default_graph_as_union, which yields a triple once per graph.
        try:
            answer = self._store.query(bound, **options)
        except SyntaxError as error:  # the engine decides what is SPARQL (kg.query.guard)
            raise syntax_refusal(error, bound, PARAMETER_PLACES if resolved else None) from None
        return checked.form, answer

    def _select(self, text: str, bindings: Mapping[str, Identifier]) -> list[Identifier]:
        answer = self._store.query(bind_parameters(text, bindings))
        assert isinstance(answer, ox.QuerySolutions)  # the name look-up is a SELECT
        return [_term(solution[0]) for solution in answer]


def load_union(store: ox.Store, graph_file: Path) -> None:
    """Load graph.nq's named graphs, and write their triples into the default graph too, each
    once (a graph is a set): queries that name no graph read it, so a triple stated in several
    report graphs is one row, as in Fuseki's union graph. Oxigraph's own union default graph
    (use_default_graph_as_union) gives it once per graph. The named graphs stay, for GRAPH ?g."""
    # graph.nq is the build's own output, written from validated terms: Oxigraph may skip
    # checking every IRI and language tag again (lenient), and reads the file itself.
    # 4.0 -> 2.6 s for 1M triples (bench/RESULTS.md); a syntax error still fails the load.
    # load, not bulk_load: into memory, the bulk loader peaked at 727 MiB and kept 489 MiB
    # at 1M triples, load 427 and 389 MiB, in no more time (bench/RESULTS.md, issue 16).
    store.load(path=str(graph_file), format=ox.RdfFormat.N_QUADS, lenient=True)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def _result(form: str, answer) -> Result:
    result = Result(form)
    if form == "ASK":
        result.askAnswer = bool(answer)
    elif form in ("CONSTRUCT", "DESCRIBE"):
        graph = Graph()
        for triple in answer:
            graph.add((_term(triple.subject), _term(triple.predicate), _term(triple.object)))
        result.graph = graph
    else:
        variables = [Variable(v.value) for v in answer.variables]
        result.vars = variables
        result.bindings = [
            {
                var: _term(value)
                for var, value in zip(variables, solution, strict=True)
                if value is not None
            }
            for solution in answer
        ]
    return result


def _term(term) -> Identifier:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term in a result: {term!r}")

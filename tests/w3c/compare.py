"""Reading SPARQL answers (the endpoint's, and the suite's expected ones in SRX, SRJ, TSV or
an RDF result set) as Oxigraph terms, and comparing them: solutions as multisets (in order
when the query orders them), graphs after canonicalisation, blank nodes up to renaming."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox

RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
Row = dict[str, object]
Answer = bool | list[Row] | set[ox.Quad]

_RESULTS = {
    ".srx": ox.QueryResultsFormat.XML,
    ".srj": ox.QueryResultsFormat.JSON,
    ".tsv": ox.QueryResultsFormat.TSV,
}
_RDF = {".ttl": ox.RdfFormat.TURTLE, ".rdf": ox.RdfFormat.RDF_XML, ".nt": ox.RdfFormat.N_TRIPLES}


def read_results(data: bytes, fmt: ox.QueryResultsFormat) -> Answer:
    parsed = ox.parse_query_results(data, fmt)
    if isinstance(parsed, ox.QueryBoolean):
        return bool(parsed)
    names = [v.value for v in parsed.variables]
    return [
        {name: value for name, value in zip(names, solution, strict=True) if value is not None}
        for solution in parsed
    ]


def read_graph(data: bytes, fmt: ox.RdfFormat, base: str | None = None) -> set[ox.Quad]:
    dataset = ox.Dataset(
        ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(data, fmt, base_iri=base)
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def read_expected(path: Path, base: str) -> Answer:
    data = path.read_bytes()
    if path.suffix in _RESULTS:
        return read_results(data, _RESULTS[path.suffix])
    triples = list(ox.parse(data, _RDF[path.suffix], base_iri=base))
    result_sets = [
        t.subject for t in triples if t.predicate == RDF_TYPE and t.object.value == RS + "ResultSet"
    ]
    if not result_sets:
        return read_graph(data, _RDF[path.suffix], base)
    return _result_set(triples, result_sets[0])


def _result_set(triples: list[ox.Triple], result_set: object) -> Answer:
    """An answer written in the suite's result-set vocabulary (rs:), ordered by rs:index."""
    about: dict[object, dict[str, list]] = {}
    for t in triples:
        about.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)
    top = about[result_set]
    if RS + "boolean" in top:
        return top[RS + "boolean"][0].value == "true"
    rows = []
    for solution in top.get(RS + "solution", []):
        row: Row = {}
        for binding in about.get(solution, {}).get(RS + "binding", []):
            fields = about[binding]
            row[fields[RS + "variable"][0].value] = fields[RS + "value"][0]
        index = about.get(solution, {}).get(RS + "index")
        rows.append((int(index[0].value) if index else 0, row))
    return [row for _, row in sorted(rows, key=lambda item: item[0])]


def same(expected: Answer, actual: Answer, ordered: bool) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, set) or isinstance(actual, set):
        return expected == actual
    if len(expected) != len(actual):
        return False
    if ordered:
        return _match(expected, actual, {}, ordered=True)
    # Rows without blank nodes must match exactly; the rest up to a renaming of blank nodes.
    plain = Counter(_key(r) for r in expected if not _has_bnode(r))
    if plain != Counter(_key(r) for r in actual if not _has_bnode(r)):
        return False
    return _match(
        [r for r in expected if _has_bnode(r)], [r for r in actual if _has_bnode(r)], {}, False
    )


def _key(row: Row) -> frozenset:
    return frozenset(row.items())


def _has_bnode(row: Row) -> bool:
    return any(isinstance(v, ox.BlankNode) for v in row.values())


def _match(expected: list[Row], actual: list[Row], names: dict, ordered: bool) -> bool:
    if not expected:
        return not actual
    first, rest = expected[0], expected[1:]
    candidates = [0] if ordered else range(len(actual))
    for i in candidates:
        extended = _unify(first, actual[i], names)
        if extended is not None and _match(rest, actual[:i] + actual[i + 1 :], extended, ordered):
            return True
    return False


def _unify(expected: Row, actual: Row, names: dict) -> dict | None:
    if expected.keys() != actual.keys():
        return None
    names = dict(names)
    used = set(names.values())
    for variable, value in expected.items():
        other = actual[variable]
        if isinstance(value, ox.BlankNode) and isinstance(other, ox.BlankNode):
            if value in names:
                if names[value] != other:
                    return None
            elif other in used:
                return None
            else:
                names[value] = other
                used.add(other)
        elif value != other:
            return None
    return names

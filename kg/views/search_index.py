"""The search index behind GET /search: every drawn node (forces, units, partners, programmes,
boards, inspections...), every finding and judgment, every measure and every report paragraph
that names something, with its names, acronyms and text, in an SQLite FTS5 table written next
to the graph at build time (`kg build`) and read by the server."""

from __future__ import annotations

import difflib
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.graph.terms import identifiers
from kg.namespaces import KGO, OA
from kg.query.formats import EXPORT_INCLUDES
from kg.views.export import Projector
from kg.views.node import label_of

INDEX_NAME = "search.sqlite3"
# Named things first, then what the reports say about them: a kind's weight is added to the
# text's rank (bm25, smaller is better), so at equal match a force outranks a paragraph.
KIND_WEIGHT = {
    "force": -4.0,
    "partner": -3.0,
    "unit": -3.0,
    "programme": -3.0,
    "board": -3.0,
    "collaboration": -3.0,
    "system": -3.0,
    "power": -3.0,
    "person": -3.0,
    "measure": -2.5,
    "inspection": -2.0,
    "judgment": -1.5,
    "finding": -1.0,
    "paragraph": 0.0,
}
MAX_TEXT = 4000  # characters of a paragraph's text kept in the index
_START, _END = "\x02", "\x03"  # what snippet() wraps a match in; never in report text
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Entry:
    iri: str
    kind: str
    label: str
    names: str  # other names and acronyms, one a line
    text: str
    year: str


def index_path(data_dir: Path) -> Path:
    return data_dir / INDEX_NAME


def entries(graph: Graph) -> list[Entry]:
    """What the index holds, from the built graph."""
    projector = Projector(graph, EXPORT_INCLUDES)
    found: dict[str, Entry] = {}
    for node in projector.nodes():
        attrs = projector.attributes(node)
        kind = str(attrs["type"])
        names = sorted({str(n) for n in graph.objects(node, SKOS.altLabel)})
        text = str(attrs.get("text", ""))
        label = label_of(graph, node) if kind != "finding" else str(attrs["label"])
        if kind == "judgment":
            question = graph.value(graph.value(node, KGO.aboutQuestion), KGO.wording)
            text = f"{attrs.get('grade', '')}: {question or ''}"
        found[str(node)] = Entry(
            str(node), kind, label, "\n".join(names), text, str(attrs.get("year", ""))
        )
    for measure in identifiers(graph.objects(None, KGO.measure)):
        if isinstance(measure, URIRef) and str(measure) not in found:
            other = "\n".join(sorted({str(n) for n in graph.objects(measure, SKOS.altLabel)}))
            definition = str(graph.value(measure, SKOS.definition) or "")
            found[str(measure)] = Entry(
                str(measure), "measure", label_of(graph, measure), other, definition, ""
            )
    for passage in identifiers(graph.subjects(RDF.type, KGO.Passage)):
        quote = _quote(graph, passage) if isinstance(passage, URIRef) else ""
        if quote and str(passage) not in found:
            report = graph.value(passage, KGO.inReport)
            inspection = graph.value(None, KGO.reportedIn, report) if report else None
            year = graph.value(inspection, KGO.year) if inspection is not None else None
            title = label_of(graph, report) if report is not None else ""
            found[str(passage)] = Entry(
                str(passage),
                "paragraph",
                f"Paragraph of {title}",
                "",
                quote[:MAX_TEXT],
                str(year or ""),
            )
    return sorted(found.values(), key=lambda e: e.iri)


def _quote(graph: Graph, body: URIRef) -> str:
    for annotation in graph.subjects(OA.hasBody, body):
        for target in graph.objects(annotation, OA.hasTarget):
            for selector in graph.objects(target, OA.hasSelector):
                exact = graph.value(selector, OA.exact)
                if exact is not None:
                    return " ".join(str(exact).split())
    return ""


def write_index(graph: Graph, path: Path) -> float:
    """Write the index for `graph` to `path` (replacing it whole); the seconds it took."""
    return write_entries(entries(graph), path)


def write_entries(found: list[Entry], path: Path) -> float:
    """Write these entries as the index at `path` (replacing it whole); the seconds it took."""
    began = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(partial) as db:
        db.execute(
            "CREATE VIRTUAL TABLE entries USING fts5(label, names, text, kind UNINDEXED,"
            " iri UNINDEXED, year UNINDEXED, tokenize='unicode61 remove_diacritics 2',"
            " prefix='1 2 3')"
        )
        db.executemany(
            "INSERT INTO entries (label, names, text, kind, iri, year) VALUES (?, ?, ?, ?, ?, ?)",
            [(e.label, e.names, e.text, e.kind, e.iri, e.year) for e in found],
        )
        db.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(entries, row)")
    db.close()
    os.replace(partial, path)
    return time.perf_counter() - began


def match_expression(query: str) -> str | None:
    """The FTS5 query for what a user typed: every word, the last one as a prefix (it may be
    half typed), quoted so that no word is read as an operator."""
    words = _WORD.findall(query)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search(path: Path, query: str, limit: int = 20, kind: str | None = None) -> dict:
    """Ranked entries matching `query`, each with the matching text (segments marked as
    matches); when nothing matches, the known names and words closest to what was typed."""
    expression = match_expression(query)
    if expression is None:
        return {"query": query, "results": [], "close": []}
    weights = " ".join(f"WHEN '{k}' THEN {w}" for k, w in KIND_WEIGHT.items())
    sql = (
        "SELECT iri, kind, label, names, year,"
        f" snippet(entries, -1, '{_START}', '{_END}', '…', 24),"
        f" bm25(entries, 10.0, 8.0, 1.0) + CASE kind {weights} ELSE 0 END AS score"
        " FROM entries WHERE entries MATCH ?"
        + (" AND kind = ?" if kind else "")
        + " ORDER BY score LIMIT ?"
    )
    params: list[object] = [expression, *([kind] if kind else []), limit]
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute(sql, params).fetchall()
        results = [
            {
                "iri": iri,
                "kind": kind_,
                "label": label,
                "names": names.splitlines(),
                "year": year,
                "match": _segments(snippet),
                "score": round(score, 3),
            }
            for iri, kind_, label, names, year, snippet, score in rows
        ]
        close = [] if results else _close(db, query)
    db.close()
    return {"query": query, "results": results, "close": close}


def _segments(snippet: str) -> list[dict]:
    """A snippet as text segments, each saying whether it is a match (no markup to escape)."""
    parts: list[dict] = []
    for piece in re.split(f"({_START}[^{_END}]*{_END})", snippet):
        if piece:
            hit = piece.startswith(_START)
            parts.append({"text": piece.strip(_START + _END), "match": hit})
    return parts


def _close(db: sqlite3.Connection, query: str) -> list[str]:
    """Names, then indexed words, that are spelt like what was typed."""
    names = [row[0] for row in db.execute("SELECT label FROM entries WHERE kind != 'paragraph'")]
    names += [n for (row,) in db.execute("SELECT names FROM entries") for n in row.splitlines()]
    close = difflib.get_close_matches(query, sorted(set(names)), n=5, cutoff=0.6)
    lowered = {n.casefold(): n for n in names}
    close += [
        lowered[m]
        for m in difflib.get_close_matches(query.casefold(), sorted(lowered), n=5, cutoff=0.6)
    ]
    words = [row[0] for row in db.execute("SELECT term FROM terms WHERE doc >= 1")]
    for word in _WORD.findall(query.casefold()):
        close += difflib.get_close_matches(word, words, n=3, cutoff=0.75)
    return list(dict.fromkeys(c for c in close if c.casefold() != query.casefold()))[:8]

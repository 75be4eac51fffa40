"""What the build checks and writes across reports: the shapes and the quote check on the
graphs no single report holds (the ontology, the linking activity, the curated graphs), and
graph.nq written from every report's and every force's links' sorted N-Quads without holding
them all."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from kg.errors import KgError
from kg.graph.files import canonical_nquads
from kg.graph.quotes import check_quotes
from kg.graph.report_graph import Context, read_document
from kg.graph.tally import Tally, counts, tally
from kg.graph.validate import ValidationResult, validate_here
from kg.source.manifest import ReportEntry

if TYPE_CHECKING:
    from kg.graph.cache import ReportCache


def cross_results(
    context: Context,
    linking: Graph,
    curated: Graph,
    texts: Mapping[str, str],
    files: list[Path],
    cache: ReportCache | None = None,
) -> tuple[ValidationResult, ...]:
    """The shapes on the nodes the ontology, the linking activity and the curated graphs
    describe (each force's links are checked on their own, kg.graph.links), and the quote
    check on the curated graphs' evidence. A curated triple may say more of a node a report or
    a link describes: what the N-Quads files (the reports', the links') say of the nodes the
    curated graphs name is read, so that such a node is validated as the union holds it."""
    data = Graph()
    data += context.ontology
    data += context.manifest  # each report's type and file, which evidence points at
    data += linking
    data += curated
    if len(curated):
        # Not the ontology's nodes nor the reports themselves (their evidence points at them
        # from everywhere): what the data holds of those already serves sh:class.
        known = set(context.ontology.subjects()) | set(context.manifest.subjects())
        described = {_term(n) for n in curated.subjects() if n not in known}
        named = {_term(n) for n in _nodes(curated) if n not in known} - described
        data += _neighbourhood(described, named, files, cache)
    # Only the nodes these graphs describe: the reports' nodes were checked with their graph.
    focus = set(context.ontology.subjects()) | set(linking.subjects()) | set(curated.subjects())
    own = {str(s) for s in focus}
    results = tuple(r for r in validate_here(data, context.shapes).results if r.focus in own)
    return results + check_quotes(curated, texts)


def _nodes(graph: Graph) -> Iterator[object]:
    for s, _p, o in graph:
        yield s
        if isinstance(o, URIRef):
            yield o


def _term(node: object) -> str:
    return f"<{node}>" if isinstance(node, URIRef) else str(node)


def _neighbourhood(
    described: set[str], named: set[str], files: list[Path], cache: ReportCache | None
) -> Graph:
    """What the reports' graphs say of the nodes the curated graphs describe (as subject or
    object) and the types of those they only name, then the types of the nodes at the other
    end of the first (what sh:class reads), from the reports that had any. What each file
    holds of them is kept in the cache, so that `kg add` reads only its new report's file."""
    type_predicate = f"<{RDF.type}>"
    terms = hashlib.sha256(
        "\0".join(["described", *sorted(described), "named", *sorted(named)]).encode()
    ).hexdigest()
    kept = cache.load_value("neighbourhood", terms) if cache is not None else None
    before: dict[str, tuple[str, list[str], set[str]]] = kept if isinstance(kept, dict) else {}
    found: dict[str, tuple[str, list[str], set[str]]] = {}
    near: list[str] = []
    ends: set[str] = set()
    hit: list[Path] = []
    for path in files:
        stated = path.stat()
        # The file as written: a write changes its time (kg.graph.files.write_atomically).
        version = f"{stated.st_size}:{stated.st_mtime_ns}"
        known = before.get(path.name)
        if known is None or known[0] != version:
            known = (version, *_near(path, described, named, type_predicate))
        found[path.name] = known
        _version, lines, other_ends = known
        if lines:
            near.extend(lines)
            ends.update(other_ends)
            hit.append(path)
    if cache is not None and found != before:
        cache.store_value("neighbourhood", terms, found)
    ends -= described | named
    for path in hit:
        with open(path, encoding="utf-8", newline="\n") as handle:
            for line in handle:
                subject, predicate, _obj = _terms(line)
                if subject in ends and predicate == type_predicate:
                    near.append(line)
    dataset = Dataset()
    dataset.parse(data="".join(near), format="nquads")
    found_graph = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        found_graph.add((s, p, o))
    return found_graph


def _near(
    path: Path, described: set[str], named: set[str], type_predicate: str
) -> tuple[list[str], set[str]]:
    """The lines of one file about the described nodes and the types of the named ones, and
    the nodes at the other end of the first."""
    near: list[str] = []
    ends: set[str] = set()
    with open(path, encoding="utf-8", newline="\n") as handle:
        for line in handle:
            subject, predicate, obj = _terms(line)
            if subject in described or obj in described:
                near.append(line)
                ends.update((subject, obj))
            elif subject in named and predicate == type_predicate:
                near.append(line)
    return near, ends


def _terms(line: str) -> tuple[str, str, str]:
    """An N-Quads line's subject, predicate and (when it is an IRI) object, without parsing:
    a literal's last word is no IRI, so it matches nothing."""
    subject, predicate, rest = line.split(" ", 2)
    return subject, predicate, rest.rsplit(" ", 2)[0]


class ReportTexts(Mapping[str, str]):
    """Reports' texts by IRI, read when a quote asks for one."""

    def __init__(self, entries: tuple[ReportEntry, ...]) -> None:
        self._entries = {e.iri: e for e in entries}
        self._read: dict[str, str] = {}

    def __getitem__(self, report: str) -> str:
        if report not in self._read:
            self._read[report] = read_document(self._entries[report]).text
        return self._read[report]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def merge_write(target: Path, files: list[Path], cross: Dataset, tallies: list[Tally]) -> dict:
    """Write graph.nq (or the unwritten build's file): the cross graphs' sorted N-Quads, then
    each file's (every report's, every force's links'), one after the other in the order
    given. Each graph's lines are in one sorted block, so a build that brings one report in
    (`kg add`) copies the other files as they are: no merge of every line. What the union of
    the graphs holds is counted from the tallies (kg.graph.tally) and the cross graphs'."""
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}")
    cross_lines = canonical_nquads(cross)
    try:
        with open(temp, "wb") as out:
            out.write(cross_lines.encode("utf-8"))
            out.flush()
            # cat copies the files while this process counts: a thread of this process
            # copying file by file waited for the GIL after each one.
            # Named from their folder (the cache's) where they share one: a shorter command.
            folders = {f.parent for f in files}
            folder = folders.pop() if len(folders) == 1 else None
            names = [f.name if folder else str(f) for f in files]
            copying = subprocess.Popen(
                ["cat", "--", *names], stdin=subprocess.DEVNULL, stdout=out, cwd=folder
            )
            try:
                counted = counts([*tallies, tally(cross_lines)])
            finally:
                if copying.wait() != 0:
                    raise KgError(f"could not copy the graphs' N-Quads into {temp}")
            if target.exists():  # the file keeps its mode, as kg.graph.files.write_atomically
                os.fchmod(out.fileno(), stat.S_IMODE(target.stat().st_mode))
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return counted

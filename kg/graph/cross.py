"""What the build checks and writes across reports: the shapes and the quote check on the
graphs no single report holds (the ontology, the links between recurring findings, the curated
graphs), and graph.nq merged from every report's sorted N-Quads without holding them all."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from kg.graph.files import canonical_nquads
from kg.graph.quotes import check_quotes
from kg.graph.report_graph import Context, read_document
from kg.graph.tally import Tally, counts, tally
from kg.graph.validate import ValidationResult, validate_here
from kg.source.manifest import ReportEntry


def cross_results(
    context: Context,
    links: Graph,
    curated: Graph,
    entries: tuple[ReportEntry, ...],
    report_file: Callable[[str], Path],
) -> tuple[ValidationResult, ...]:
    """The shapes on the nodes the ontology, the links and the curated graphs describe, and the
    quote check on their evidence. A curated triple may say more of a node a report describes:
    what the reports say of the nodes the curated graphs name is read from their N-Quads, so
    that such a node is validated as the union holds it."""
    data = Graph()
    data += context.ontology
    data += context.manifest  # each report's type and file, which evidence points at
    data += links
    data += curated
    if len(curated):
        # Not the ontology's nodes nor the reports themselves (their evidence points at them
        # from everywhere): what the data holds of those already serves sh:class.
        known = set(context.ontology.subjects()) | set(context.manifest.subjects())
        described = {_term(n) for n in curated.subjects() if n not in known}
        named = {_term(n) for n in _nodes(curated) if n not in known} - described
        data += _neighbourhood(described, named, [report_file(e.iri) for e in entries])
    # Only the nodes these graphs describe: the reports' nodes were checked with their graph.
    focus = set(context.ontology.subjects()) | set(links.subjects()) | set(curated.subjects())
    own = {str(s) for s in focus}
    results = tuple(r for r in validate_here(data, context.shapes).results if r.focus in own)
    evidence = Graph()
    evidence += links
    evidence += curated
    return results + check_quotes(evidence, _Texts(entries))


def _nodes(graph: Graph) -> Iterator[object]:
    for s, _p, o in graph:
        yield s
        if isinstance(o, URIRef):
            yield o


def _term(node: object) -> str:
    return f"<{node}>" if isinstance(node, URIRef) else str(node)


def _neighbourhood(described: set[str], named: set[str], files: list[Path]) -> Graph:
    """What the reports' graphs say of the nodes the curated graphs describe (as subject or
    object) and the types of those they only name, then the types of the nodes at the other
    end of the first (what sh:class reads), from the reports that had any."""
    type_predicate = f"<{RDF.type}>"
    near: list[str] = []
    ends: set[str] = set()
    hit: list[Path] = []
    for path in files:
        found = len(near)
        with open(path, encoding="utf-8", newline="\n") as handle:
            for line in handle:
                subject, predicate, obj = _terms(line)
                if subject in described or obj in described:
                    near.append(line)
                    ends.update((subject, obj))
                elif subject in named and predicate == type_predicate:
                    near.append(line)
        if len(near) > found:
            hit.append(path)
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


def _terms(line: str) -> tuple[str, str, str]:
    """An N-Quads line's subject, predicate and (when it is an IRI) object, without parsing:
    a literal's last word is no IRI, so it matches nothing."""
    subject, predicate, rest = line.split(" ", 2)
    return subject, predicate, rest.rsplit(" ", 2)[0]


class _Texts(Mapping[str, str]):
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


def merge_write(
    target: Path, report_files: list[Path], cross: Dataset, tallies: list[Tally]
) -> dict:
    """Write graph.nq (or the unwritten build's file) as every report's sorted N-Quads and the
    cross graphs' merged in order, by `sort --merge` in bytes order (which is Python's order of
    the lines): the same bytes as sorting them all at once. What the union of the graphs holds
    is counted from the reports' tallies (kg.graph.tally) and the cross graphs'."""
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}")
    cross_file = target.with_name(f".{target.name}.cross.{uuid.uuid4().hex}")
    files = [str(cross_file), *map(str, report_files)]
    try:
        cross_lines = canonical_nquads(cross)
        cross_file.write_text(cross_lines, encoding="utf-8", newline="")
        with open(temp, "wb") as out:
            # All files in one merge where the open-file limit allows: sort merges at most
            # --batch-size at once, writing each batch's merge to a temporary file first.
            command = ["sort", "--merge", f"--batch-size={_batch_size(len(files))}", *files]
            subprocess.run(command, stdout=out, env={**os.environ, "LC_ALL": "C"}, check=True)
            out.flush()
            if target.exists():  # the file keeps its mode, as kg.graph.files.write_atomically
                os.fchmod(out.fileno(), stat.S_IMODE(target.stat().st_mode))
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    finally:
        cross_file.unlink(missing_ok=True)
    return counts([*tallies, tally(cross_lines)])


def _batch_size(files: int) -> int:
    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if limit == resource.RLIM_INFINITY:
        limit = 1 << 16
    # sort's own files (its output, a temporary file, standard streams) besides the inputs.
    return max(2, min(files, limit - 16))

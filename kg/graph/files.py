"""The built graph's files: a dataset with the project's prefixes, N-Quads written sorted and
atomically, and the built graph read back (with or without the accepted curated submissions)."""

from __future__ import annotations

import functools
import os
import stat
import uuid
from pathlib import Path

from rdflib import Dataset, Graph

from kg.curation.log import CurationLog, apply_events
from kg.errors import KgError
from kg.graph.parsing import parse_rdf_file
from kg.namespaces import PREFIXES
from kg.settings import Settings


def new_dataset() -> Dataset:
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


def load_ontology(settings: Settings) -> Graph:
    ontology = Graph()
    for path in settings.ontology_files:
        stated = path.stat()
        ontology += _parsed(path, stated.st_mtime_ns, stated.st_size)
    return ontology


@functools.lru_cache(maxsize=64)
def _parsed(path: Path, _mtime_ns: int, _size: int) -> Graph:
    # Parsed once per process while the file is unchanged (`kg add` reads the ontology to
    # check the report and again to build); callers get a copy (load_ontology), never this.
    return parse_rdf_file(path)


def union_graph(dataset: Dataset) -> Graph:
    # Graph by graph: reading each named graph's own triples is cheaper than asking the
    # dataset for all its quads.
    union = Graph()
    for graph in dataset.graphs():
        union += graph
    return union


def canonical_nquads(dataset: Dataset) -> str:
    """N-Quads, one per line, sorted: the same graph always gives the same bytes. Lines are
    split at "\n" only: str.splitlines would also split at a form feed (a PDF's page break) or
    U+2028 that rdflib leaves unescaped in a literal."""
    text = dataset.serialize(format="nquads")
    return "".join(sorted({line + "\n" for line in text.split("\n") if line}))


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write to a temporary file beside the target, fsync, then rename over it. The file keeps
    its mode, and a new one gets the usual 0666 less the umask: tempfile.mkstemp made every
    file 0600, manifest.ttl included, once `kg add` had rewritten it."""
    temp = path.parent / f".{path.name}.{uuid.uuid4().hex}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            if path.exists():
                os.fchmod(handle.fileno(), stat.S_IMODE(path.stat().st_mode))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def load_built(settings: Settings) -> Dataset:
    """The graph as served: the last successful build, with the curated submissions accepted
    since (kg.curation.log) as named graphs of their own."""
    dataset = load_base(settings)
    apply_events(dataset, CurationLog(settings.curation_file).events())
    return dataset


def load_base(settings: Settings) -> Dataset:
    """The graph of the last successful build, without curated submissions."""
    if not settings.graph_file.exists():
        raise KgError(f"{settings.graph_file}: no built graph; run `kg build` first")
    return load_graph_file(settings.graph_file)


def load_graph_file(path: Path) -> Dataset:
    dataset = new_dataset()
    dataset.parse(path, format="nquads")
    return dataset

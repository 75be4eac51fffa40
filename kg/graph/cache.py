"""The build's per-report cache (in the data folder's cache/): each report's sorted N-Quads and
what the build keeps of it (its extraction, its validation results, its search entries), and
the same of each force's links (kg.graph.links), under a key made of everything they depend
on. An entry whose key, format or digests do not match is ignored and built again, never
trusted."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from pathlib import Path

from kg.facts import Alias
from kg.graph.files import write_atomically
from kg.graph.links import LinkGroup
from kg.graph.report_graph import ReportPart
from kg.settings import Settings
from kg.source.manifest import ReportEntry

FORMAT = b"kg-report-cache 1\n"


def builder_fingerprint(settings: Settings) -> str:
    """What every report's graph depends on besides the report: the builder's code and
    version, the ontology and the shapes."""
    import kg

    digest = hashlib.sha256(kg.__version__.encode())
    code = Path(kg.__file__).parent
    paths = sorted(code.rglob("*.py")) + sorted(settings.ontology_dir.glob("*.ttl"))
    paths.append(settings.shapes_file)
    for path in paths:
        if path.is_file():
            digest.update(str(path.name).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def aliases_digest(aliases: Iterable[Alias]) -> str:
    """The aliases every report's matcher knows: a report that defines one more changes what
    the others' mentions are."""
    # Not repr(): an entity's names are frozensets, whose order changes from process to process.
    lines = sorted(
        f"{a.entity.iri}\t{a.alias}\t{a.evidence.report}\t{a.evidence.start}\t{a.evidence.end}"
        for a in aliases
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def report_key(builder: str, entry: ReportEntry, manifest_lines: str, aliases: str) -> str:
    """The report's bytes (their sha256, checked against the file by read_manifest), its
    manifest entry as it goes into its graph, the builder and the aliases."""
    digest = hashlib.sha256()
    for part in (builder, entry.iri, entry.sha256, manifest_lines, aliases):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


class ReportCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _stem(self, report: str, kind: str) -> Path:
        return self.folder / f"{hashlib.sha256(report.encode()).hexdigest()[:24]}.{kind}"

    def nquads_path(self, report: str) -> Path:
        return self._stem(report, "nq")

    def unwritten_path(self) -> Path:
        """Where a build that is not written to graph.nq (it does not conform, or was asked
        not to) leaves its N-Quads, for its result's dataset."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder / "unwritten.nq"

    def load(self, report: str, key: str) -> ReportPart | None:
        """The cached part of the report under this key, or None (missing, stale, corrupt)."""
        part = self._with_nquads(report, key)
        return part if isinstance(part, ReportPart) and part.report == report else None

    def store(self, key: str, part: ReportPart, nquads: bytes) -> None:
        self._store(part.report, key, part, nquads)

    def load_links(self, group: str, key: str) -> LinkGroup | None:
        """A force's links (kg.graph.links) under this key, or None."""
        found = self._with_nquads(group, key)
        return found if isinstance(found, LinkGroup) and found.group == group else None

    def store_links(self, key: str, group: LinkGroup, nquads: bytes) -> None:
        self._store(group.group, key, group, nquads)

    def _with_nquads(self, name: str, key: str) -> object | None:
        """What is stored under the name and key, if its N-Quads file is the one it made."""
        value = self._read(self._stem(name, "part"), key)
        if value is None:
            return None
        try:
            data = self.nquads_path(name).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != getattr(value, "nquads_sha256", None):
            return None
        return value

    def _store(self, name: str, key: str, value: object, nquads: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self.nquads_path(name), nquads)
        self._write_object(self._stem(name, "part"), key, value)

    def load_aliases(self, report: str, key: str) -> tuple[Alias, ...] | None:
        aliases = self._read(self._stem(report, "aliases"), key)
        return aliases if isinstance(aliases, tuple) else None

    def store_aliases(self, report: str, key: str, aliases: tuple[Alias, ...]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._write_object(self._stem(report, "aliases"), key, aliases)

    def prune(self, names: set[str]) -> None:
        """Forget the reports no longer in the manifest (and the forces' links no longer
        found): names are those to keep."""
        keep = {self._stem(r, "").name for r in names}
        for path in self.folder.glob("*.*"):
            ours = path.suffix in (".nq", ".part", ".aliases") and len(path.stem) == 24
            if ours and f"{path.stem}." not in keep:
                path.unlink(missing_ok=True)

    def load_value(self, name: str, key: str) -> object | None:
        """A value stored under a name (the checks across reports), if its key matches."""
        return self._read(self.folder / f"{name}.value", key)

    def store_value(self, name: str, key: str, value: object) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._write_object(self.folder / f"{name}.value", key, value)

    def _write_object(self, path: Path, key: str, value: object) -> None:
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        digest = hashlib.sha256(key.encode() + body).hexdigest()
        write_atomically(path, FORMAT + f"{key}\n{digest}\n".encode() + body)

    @staticmethod
    def _read(path: Path, key: str) -> object | None:
        """The object stored under key, if the file is whole: its format line, its key and
        the digest of key and body as written. Only then is the body unpickled."""
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if not data.startswith(FORMAT):
            return None
        head, _, rest = data[len(FORMAT) :].partition(b"\n")
        digest, _, body = rest.partition(b"\n")
        if head.decode(errors="replace") != key:
            return None
        if hashlib.sha256(key.encode() + body).hexdigest() != digest.decode(errors="replace"):
            return None
        try:
            return pickle.loads(body)
        except Exception:  # a body that passed the digest but does not load: built again
            return None

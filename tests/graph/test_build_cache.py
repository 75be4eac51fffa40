"""The build report by report: a collection built in one go is the one built report by report
with `kg add`; a changed report is extracted again and an unchanged one is taken from the
cache; a cache entry that was tampered with is not trusted."""

from __future__ import annotations

import hashlib
import shutil
import tomllib
from dataclasses import replace
from pathlib import Path

from rdflib.namespace import RDF

from kg.graph.add import add_report
from kg.graph.build import build
from kg.graph.cache import ReportCache
from kg.namespaces import LINKS_GRAPH
from kg.settings import Settings
from tests.paths import DATA_DIR, PROJECT_ROOT

CORPUS = PROJECT_ROOT / "tests" / "corpus" / "fictional"
WESSEX = DATA_DIR / "fictional-peel-2019-wessex.txt"
DYFED = CORPUS / "2014-crime-inspection-dyfed-powys.txt"
CHANGED = "2014-crime-inspection-derbyshire.txt"


def _settings(settings: Settings, tmp_path: Path, data: str = "data") -> Settings:
    seeds = tmp_path / "seeds"
    if not seeds.exists():
        shutil.copytree(settings.seeds_dir, seeds)
    ontology = tmp_path / "ontology"
    if not ontology.exists():
        shutil.copytree(settings.ontology_dir, ontology)
        shutil.copy2(DATA_DIR / "fictional-force.ttl", ontology / "fictional-force.ttl")
    return replace(settings, seeds_dir=seeds, ontology_dir=ontology, data_dir=tmp_path / data)


def _parts(settings: Settings) -> dict[str, tuple[int, bytes]]:
    """Each cached part's file: its inode (a rewritten file is a new one) and its bytes."""
    folder = settings.data_dir / "cache"
    return {p.name: (p.stat().st_ino, p.read_bytes()) for p in sorted(folder.glob("*.part"))}


def _part_of(settings: Settings, report: str) -> Path:
    return ReportCache(settings.data_dir / "cache").nquads_path(report).with_suffix(".part")


def _links_of(settings: Settings, force: str) -> str:
    """The cached part of a force's links (kg.graph.links)."""
    cache = ReportCache(settings.data_dir / "cache")
    return cache.nquads_path(f"{LINKS_GRAPH}/{force}").with_suffix(".part").name


def _report(name: str) -> str:
    return f"https://w3id.org/police-inspection-kg/id/report/{Path(name).stem}"


def test_built_in_one_go_is_built_report_by_report(settings: Settings, tmp_path: Path) -> None:
    one_by_one = _settings(settings, tmp_path)
    assert build(one_by_one).validation.conforms
    title = tomllib.loads(DYFED.with_suffix(".toml").read_text(encoding="utf-8"))
    for source, title_, date, force in (
        (
            WESSEX,
            "Wessex Vale PEEL 2019: Effectiveness",
            "Last updated 14/02/2020",
            "wessex-vale-police",
        ),
        (DYFED, title["report"]["title"], None, "dyfed-powys-police"),
    ):
        before = _parts(one_by_one)
        added = add_report(one_by_one, source, title_, "HMIC", date)
        assert added.validation.conforms, added.validation.violations
        # Only the new report was extracted, and the links of its force (new here) found:
        # every other part is the file it was.
        after = _parts(one_by_one)
        assert {n: after[n] for n in before} == before
        assert set(after) - set(before) == {
            _part_of(one_by_one, _report(source.name)).name,
            _links_of(one_by_one, force),
        }

    at_once = replace(one_by_one, data_dir=tmp_path / "at-once")
    result = build(at_once)
    assert result.validation.conforms
    assert at_once.graph_file.read_bytes() == one_by_one.graph_file.read_bytes()
    assert result.summary["reports"] == 7
    assert (at_once.data_dir / "build.json").read_bytes() == (
        one_by_one.data_dir / "build.json"
    ).read_bytes()


def test_a_changed_report_is_extracted_again_and_no_other(
    settings: Settings, tmp_path: Path
) -> None:
    own = _settings(settings, tmp_path)
    first = build(own)
    before = _parts(own)
    report = own.seeds_dir / CHANGED
    old = report.read_bytes()
    new = old + b"\nThis sentence was added to the report.\n"
    report.write_bytes(new)
    manifest = own.seeds_dir / "manifest.ttl"
    digest = hashlib.sha256
    text = manifest.read_text(encoding="utf-8")
    assert digest(old).hexdigest() in text
    manifest.write_text(
        text.replace(digest(old).hexdigest(), digest(new).hexdigest()), encoding="utf-8"
    )

    again = build(own)
    assert again.validation.conforms
    after = _parts(own)
    changed = _part_of(own, _report(CHANGED)).name
    assert after[changed] != before[changed]  # extracted again, under its new key
    # The links of its force are found again; every other force's are the files they were.
    links = _links_of(own, "derbyshire-constabulary")
    assert after[links][0] != before[links][0]
    again_made = {changed, links}
    assert {n: v for n, v in after.items() if n not in again_made} == {
        n: v for n, v in before.items() if n not in again_made
    }
    # Its graph says what the new text says: the evidence of its passages counts the new
    # length, so the quote check and the shapes ran on it.
    assert again.summary["triples"] >= first.summary["triples"]


def test_a_tampered_cache_entry_is_not_trusted(settings: Settings, tmp_path: Path) -> None:
    own = _settings(settings, tmp_path)
    assert build(own).validation.conforms
    graph = own.graph_file.read_bytes()
    cache = ReportCache(own.data_dir / "cache")
    quads = cache.nquads_path(_report(CHANGED))
    part = quads.with_suffix(".part")
    # A judgment's grade changed in the cached N-Quads, and a byte of another part's body.
    lines = quads.read_text(encoding="utf-8")
    assert "grade/good>" in lines
    quads.write_text(lines.replace("grade/good>", "grade/outstanding>", 1), encoding="utf-8")
    other = _part_of(own, _report("2015-peel-effectiveness-derbyshire.txt"))
    body = bytearray(other.read_bytes())
    body[-10] ^= 0xFF
    other.write_bytes(bytes(body))
    tampered = {p: p.stat().st_ino for p in (part, other)}

    assert build(own).validation.conforms
    assert own.graph_file.read_bytes() == graph  # built again from the reports
    for path, inode in tampered.items():
        assert path.stat().st_ino != inode, f"{path.name} was trusted"


def test_what_a_report_says_of_curated_nodes_is_read_once(tmp_path: Path, monkeypatch) -> None:
    # The curated graphs' neighbourhood in the reports' N-Quads: a file read before and not
    # written since is not read again; one written since is.
    import kg.graph.cross as cross

    node = "<https://w3id.org/police-inspection-kg/id/curated/x>"
    kind = "<https://w3id.org/police-inspection-kg/ontology#Thing>"
    graph = "<https://w3id.org/police-inspection-kg/id/report/a/graph>"
    a, b = tmp_path / "a.nq", tmp_path / "b.nq"
    a.write_text(f"{node} <{RDF.type}> {kind} {graph} .\n", encoding="utf-8")
    b.write_text(f"<https://example.org/y> <{RDF.type}> {kind} {graph} .\n", encoding="utf-8")
    cache = ReportCache(tmp_path / "cache")
    read: list[str] = []
    near = cross._near
    monkeypatch.setattr(
        cross, "_near", lambda path, *rest: read.append(path.name) or near(path, *rest)
    )

    first = cross._neighbourhood({node}, set(), [a, b], cache)
    assert len(first) == 1 and sorted(read) == ["a.nq", "b.nq"]
    read.clear()
    assert len(cross._neighbourhood({node}, set(), [a, b], cache)) == 1
    assert read == []
    b.unlink()  # written anew: another file, as write_atomically makes it
    b.write_text(
        f"<https://example.org/y> <https://example.org/p> {node} {graph} .\n", encoding="utf-8"
    )
    assert len(cross._neighbourhood({node}, set(), [a, b], cache)) == 2
    assert read == ["b.nq"]

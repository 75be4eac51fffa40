"""The `kg` command refuses bad input with a clear message and exit 2, before it reads or writes
anything: empty files, directories, query names that lead out of queries/, a revert of an event
that does not exist. It keeps the mode of the files it rewrites, and reads a long N-Triples
line once."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph.build import BuildResult
from kg.graph.files import write_atomically
from kg.graph.parsing import parse_rdf_text
from kg.settings import Settings
from tests.conftest import copy_build, with_ontology
from tests.paths import DATA_DIR
from tests.submissions import snapshot

KG = Path(sys.executable).parent / "kg"
REPORT = DATA_DIR / "fictional-peel-2019-wessex.txt"


@pytest.fixture
def own(built: BuildResult, settings: Settings, tmp_path: Path) -> Settings:
    """A private copy of the seeds and of the session's build, for commands that would write."""
    return copy_build(settings, tmp_path / "data", tmp_path / "seeds")


def kg(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    """The installed `kg` in a process of its own, as a user runs it."""
    folders = ["--seeds-dir", str(settings.seeds_dir), "--data-dir", str(settings.data_dir)]
    folders += ["--queries-dir", str(settings.queries_dir)]
    return subprocess.run(
        [str(KG), *folders, *args], capture_output=True, text=True, timeout=120, check=False
    )


def refused(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert message in result.stderr, result.stderr


def test_empty_and_directory_inputs_are_refused_and_change_nothing(
    own: Settings, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("  \n")
    empty_report = tmp_path / "empty.txt"
    empty_report.touch()
    directory = tmp_path / "folder.ttl"
    directory.mkdir()
    before = (snapshot(own.seeds_dir), snapshot(own.data_dir))
    add = ("--title", "T", "--publisher", "HMIC")
    for args, message in [
        (("add", str(empty_report), *add), "empty.txt: the file is empty"),
        (("add", str(directory), *add), "folder.ttl: is a directory"),
        (("validate", str(empty)), "empty.ttl: the file is empty"),
        (("validate", str(directory)), "folder.ttl: is a directory"),
        (("curate", "add", str(empty)), "empty.ttl: the file is empty"),
        (("curate", "add", str(directory)), "folder.ttl: is a directory"),
        (("export", "--format", "dot", "--query", str(directory)), "is a directory"),
        (("query", str(tmp_path / "empty.rq")), "empty.rq: the file is empty"),
    ]:
        (tmp_path / "empty.rq").touch()
        refused(kg(own, *args), message)
    assert (snapshot(own.seeds_dir), snapshot(own.data_dir)) == before
    assert not own.curation_file.exists()


def test_deeply_nested_json_ld_is_refused_without_a_traceback(
    own: Settings, tmp_path: Path
) -> None:
    deep = tmp_path / "deep.jsonld"
    deep.write_text("[" * 5000 + "]" * 5000)
    refused(kg(own, "validate", str(deep)), "nested 5000 deep, over the limit")


def test_a_named_query_cannot_be_looked_up_outside_queries(own: Settings, tmp_path: Path) -> None:
    queries = tmp_path / "queries"
    queries.mkdir()
    shutil.copy2(own.queries_dir / "judgments.rq", queries)
    (tmp_path / "outside.rq").write_text("# title: Outside\nASK { ?s ?p ?o }\n")
    inside = Settings(own.seeds_dir, own.ontology_dir, queries, own.data_dir)
    for name in ("../outside", "../queries/judgments", "/etc/passwd", ".hidden"):
        refused(kg(inside, "query", name), "is not a named query's name")
    # A path to one's own .rq file still runs, as does a named query.
    assert kg(inside, "query", str(tmp_path / "outside.rq")).stdout == "true\n"
    named = kg(inside, "query", "judgments", "--format", "csv")
    assert named.returncode == 0 and named.stdout.startswith("force,year,"), named.stderr


def test_a_revert_of_a_missing_event_writes_nothing(own: Settings) -> None:
    before = snapshot(own.data_dir)
    refused(kg(own, "curate", "revert", "99"), "no curation event 99")
    assert snapshot(own.data_dir) == before
    assert not own.curation_file.exists()


def test_kg_add_keeps_the_manifest_mode(own: Settings, tmp_path: Path) -> None:
    ontology = with_ontology(own, tmp_path / "ontology", DATA_DIR / "fictional-force.ttl")
    manifest = own.seeds_dir / "manifest.ttl"
    manifest.chmod(0o644)
    own.graph_file.chmod(0o640)
    result = CliRunner().invoke(
        main,
        [
            *("--seeds-dir", str(own.seeds_dir), "--data-dir", str(own.data_dir)),
            *("--ontology-dir", str(ontology.ontology_dir)),
            *("add", str(REPORT), "--title", "Wessex Vale PEEL 2019", "--publisher", "HMIC"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert REPORT.name in manifest.read_text(encoding="utf-8")
    assert stat.S_IMODE(manifest.stat().st_mode) == 0o644
    assert stat.S_IMODE(own.graph_file.stat().st_mode) == 0o640  # rebuilt, mode kept


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.txt"
    write_atomically(path, "one\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_umask()
    path.chmod(0o640)
    write_atomically(path, "two\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["new.txt"]  # no temporary file left


def test_a_long_n_triples_literal_is_read_once() -> None:
    """3 MB in one literal took 39 s in `kg validate` (rdflib rescanned the line each 2 kB)."""
    text = '<urn:x:s> <urn:x:p> "' + "a" * 3_000_000 + '" .\n_:b <urn:x:p> _:b .\n'
    start = time.monotonic()
    graph = parse_rdf_text(text, "nt", "big.nt")
    assert time.monotonic() - start < 3
    assert len(graph) == 2


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask

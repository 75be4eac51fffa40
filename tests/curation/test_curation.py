"""Curated triples through the commands and the service: submit, accept or reject, list, show,
revert; nothing lost when a writer is killed, nothing lost when submissions come together.
The checks themselves (every kind of rejection) are tested in process in
test_curation_checks.py.

A test that writes works on its own copy of the session's built data folder (`own`), so the
curation log it writes does not leak into other tests; what only reads uses the session's."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from flask.testing import FlaskClient
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from kg.cli import main
from kg.curation.curator import Curator
from kg.curation.log import CurationLog, apply_events, canonical_ntriples, content_hash
from kg.graph.build import build
from kg.graph.files import load_built, new_dataset
from kg.namespaces import KGO
from kg.settings import Settings
from tests.conftest import copy_build
from tests.serving import kg_serve
from tests.submissions import (
    EMSOU,
    KGR,
    PREFIXES,
    SKOS_MATCH,
    good_relation,
    snapshot,
    wikidata_link,
)

TOKEN = "correct-horse-battery-staple-42"


@pytest.fixture
def own(built, settings: Settings, tmp_path: Path) -> Settings:
    """Settings over a private copy of the built data folder."""
    return copy_build(settings, tmp_path / "data")


@pytest.fixture
def one_curator(own: Settings, share_curator) -> Curator:
    """The curator every command of the test uses, loaded once; what a new process loads is
    checked with load_built."""
    return share_curator(Curator(own))


def cli(settings: Settings, *args: str):
    return CliRunner().invoke(main, ["--data-dir", str(settings.data_dir), *args])


def links(dataset: Dataset) -> int:
    """EMSOU's skos:exactMatch links in a dataset."""
    return len(list(dataset.triples((URIRef(EMSOU), URIRef(SKOS_MATCH), None))))


def curated(settings: Settings) -> Dataset:
    """The curated graphs as a new process plays them from the log onto the build (which
    holds no skos:exactMatch of EMSOU's)."""
    dataset = new_dataset()
    apply_events(dataset, CurationLog(settings.curation_file).events())
    return dataset


# The workflow on the command line ------------------------------------------------------------


def test_add_list_show_duplicate_revert(own: Settings, one_curator: Curator, tmp_path) -> None:
    path = tmp_path / "link.ttl"
    path.write_text(wikidata_link(5261560), encoding="utf-8")

    added = cli(own, "curate", "add", str(path), "--author", "alice", "--comment", "Wikidata")
    assert added.exit_code == 0, added.output
    assert "Accepted 1 triples as submission 1" in added.output
    # Stored in the data folder: a new process sees it, in its own named graph.
    dataset = load_built(own)
    assert links(dataset) == 1
    graph = URIRef(f"{KGR}graph/curation/1")
    assert (URIRef(EMSOU), URIRef(SKOS_MATCH), None) in dataset.graph(graph)
    assert (graph, RDF.type, KGO.CuratedSubmission) in dataset

    again = cli(own, "curate", "add", str(path), "--author", "bob")
    assert again.exit_code == 0
    assert "Nothing to do" in again.output and "submission 1" in again.output
    assert len(CurationLog(own.curation_file).events()) == 1

    listed = cli(own, "curate", "list")
    assert "alice" in listed.output and "active" in listed.output and "Wikidata" in listed.output
    shown = cli(own, "curate", "show", "1")
    assert "Q5261560" in shown.output and "sha256:" in shown.output

    undone = cli(own, "curate", "revert", "1", "--author", "carol", "--comment", "wrong item")
    assert undone.exit_code == 0, undone.output
    assert links(curated(own)) == 0
    listed = cli(own, "curate", "list")
    assert "reverted by 2" in listed.output and "revert of submission 1" in listed.output
    assert "already reverted" in cli(own, "curate", "revert", "1", "--author", "x").output

    # The same triples once reverted may be submitted again: a new decision, a new event.
    assert cli(own, "curate", "add", str(path), "--author", "alice").exit_code == 0
    assert links(curated(own)) == 1


def test_accepted_submission_joins_later_builds(own: Settings, tmp_path: Path) -> None:
    path = tmp_path / "relation.ttl"
    path.write_text(good_relation(own), encoding="utf-8")
    result = cli(own, "curate", "add", str(path), "--author", "alice")
    assert result.exit_code == 0, result.output
    rebuilt = build(own)
    assert rebuilt.validation.conforms
    # graph.nq holds the build; the curated graph joins it on loading, so queries see both.
    assert "curated/relation/test>" not in own.graph_file.read_text(encoding="utf-8")
    dataset = load_built(own)
    assert (URIRef(f"{KGR}curated/relation/test"), RDF.type, KGO.StatedRelation) in dataset


# What the commands say and exit with; a rejection writes nothing --------------------------------


def test_a_rejected_submission_exits_1_and_writes_nothing(own: Settings, tmp_path: Path) -> None:
    path = tmp_path / "submission.ttl"
    turtle = PREFIXES + f"<{EMSOU}> kgo:relationSubjet <{EMSOU}> .\n"
    path.write_text(turtle, encoding="utf-8")
    before = snapshot(own.data_dir)
    result = cli(own, "curate", "add", str(path), "--author", "alice")
    assert result.exit_code == 1, result.output
    assert "Rejected" in result.output
    assert "submission.ttl, line 7: kgo:relationSubjet is not defined" in result.output
    assert snapshot(own.data_dir) == before, "a rejected submission changed the data folder"


def test_syntax_error_exits_2_and_writes_nothing(own: Settings, tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(PREFIXES + "<a> <b> .\n", encoding="utf-8")
    before = snapshot(own.data_dir)
    result = cli(own, "curate", "add", str(path))
    assert result.exit_code == 2
    assert "broken.ttl, line 7" in result.output  # after the six prefix lines
    assert snapshot(own.data_dir) == before


def test_validate_stays_side_effect_free(
    settings: Settings, curator: Curator, share_curator, tmp_path: Path
) -> None:
    share_curator(curator)  # the session's: validating must leave its folder as it was
    path = tmp_path / "link.ttl"
    path.write_text(wikidata_link(1), encoding="utf-8")
    before = snapshot(settings.data_dir)
    assert cli(settings, "validate", str(path)).exit_code == 0
    assert snapshot(settings.data_dir) == before


def test_revert_refused_while_a_later_submission_depends_on_it(
    own: Settings, one_curator: Curator, tmp_path: Path
) -> None:
    partner = f"<{KGR}org/test-partner>"
    first = PREFIXES + f'{partner} a org:FormalOrganization ; skos:prefLabel "Test partner"@en .\n'
    second = PREFIXES + f"<{EMSOU}> org:linkedTo {partner} .\n"
    for name, turtle in (("first.ttl", first), ("second.ttl", second)):
        (tmp_path / name).write_text(turtle, encoding="utf-8")
        result = cli(own, "curate", "add", str(tmp_path / name), "--author", "a")
        assert result.exit_code == 0, result.output
    refused = cli(own, "curate", "revert", "1", "--author", "a")
    assert refused.exit_code == 2
    assert "graph/curation/2" in refused.output and "revert those first" in refused.output
    assert cli(own, "curate", "revert", "2", "--author", "a").exit_code == 0
    assert cli(own, "curate", "revert", "1", "--author", "a").exit_code == 0


# Nothing lost: a writer killed at any point ---------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from kg.curation.log import CurationLog, canonical_ntriples
from rdflib import Graph, Literal, URIRef

log = CurationLog(Path(sys.argv[1]))
print("writing", flush=True)
n = 0
while True:
    n += 1
    graph = Graph()
    for i in range(200):
        graph.add((URIRef(f"urn:x:{sys.argv[2]}:{n}"), URIRef(f"urn:p:{i}"), Literal("v" * 50)))
    with log.writing() as writer:
        writer.add(canonical_ntriples(graph), "writer", f"round {n}")
"""


def test_writers_killed_at_random_points_leave_a_whole_log(tmp_path: Path) -> None:
    path = tmp_path / "curation.sqlite3"
    rng = random.Random(7)
    seen = parsed = 0
    for round_ in range(12):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(round_)], stdout=subprocess.PIPE
        )
        assert writer.stdout is not None
        writer.stdout.readline()  # started: from here on the kill lands while it writes
        time.sleep(0.05 + rng.random() * 0.35)
        writer.kill()
        writer.wait()
        writer.stdout.close()
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        events = CurationLog(path).events()
        assert len(events) >= seen, "a kill lost events that were committed"
        seen = len(events)
        for event in events:
            assert event.triple_count == 200
            assert content_hash(event.triples or "") == event.content_hash
        # Parsed once: an event whose text still has its digest is the text parsed before.
        for event in events[parsed:]:
            assert len(Graph().parse(data=event.triples, format="nt")) == 200
        parsed = len(events)
    assert seen > 0


def test_a_log_left_without_its_table_reads_as_empty(tmp_path: Path) -> None:
    """A first writer killed after SQLite made the file but before the schema was committed
    leaves an empty file (or one with no table): nothing was accepted, so nothing may stop
    the log from being read, and the next writer carries on."""
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE unrelated (x)")
    for path in (empty, other):
        log = CurationLog(path)
        assert log.events() == []
        with log.writing() as writer:
            writer.add(canonical_ntriples(Graph()), "alice", "after the kill")
        assert [e.comment for e in log.events()] == ["after the kill"]


def test_a_killed_curate_add_leaves_old_or_new_state(own: Settings, tmp_path: Path) -> None:
    kg = Path(sys.executable).parent / "kg"
    rng = random.Random(11)
    for n in range(4):
        path = tmp_path / f"link{n}.ttl"
        path.write_text(wikidata_link(100 + n), encoding="utf-8")
        before = len(CurationLog(own.curation_file).events())
        process = subprocess.Popen(
            [str(kg), "--data-dir", str(own.data_dir), "curate", "add", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5 + rng.random() * 2.0)
        process.kill()
        process.wait()
        events = CurationLog(own.curation_file).events()
        assert len(events) in (before, before + 1)
        assert links(curated(own)) == len(events)  # the log plays whatever the moment of the kill
    assert len(load_built(own)) > 0  # and the graph loads


# Over HTTP -----------------------------------------------------------------------------------


@pytest.fixture
def tokens(tmp_path: Path) -> Path:
    path = tmp_path / "tokens"
    path.write_text(f"# curators\nalice {TOKEN}\nbob another-long-token-for-bob\n")
    return path


def test_writes_are_off_by_default(client: FlaskClient, settings: Settings) -> None:
    """The session's service has no curator tokens."""
    response = client.post(
        "/curated",
        data=wikidata_link(1),
        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 403
    assert "writes are off" in response.json["error"]["message"]
    assert client.get("/curated").json == {"events": []}
    assert not settings.curation_file.exists()


def test_http_workflow(own: Settings, tokens: Path, tmp_path: Path) -> None:
    with kg_serve(own.data_dir, "--curator-tokens", str(tokens)) as running:
        url = running.url
        body = wikidata_link(5261560)
        headers = {"Content-Type": "text/turtle"}

        assert requests.post(f"{url}/curated", data=body, headers=headers).status_code == 401
        wrong = {**headers, "Authorization": "Bearer not-the-token"}
        response = requests.post(f"{url}/curated", data=body, headers=wrong)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")

        auth = {**headers, "Authorization": f"Bearer {TOKEN}"}
        response = requests.post(f"{url}/curated?comment=from+Wikidata", data=body, headers=auth)
        assert response.status_code == 201, response.text
        created = response.json()
        assert created["author"] == "alice" and created["comment"] == "from Wikidata"
        assert response.headers["Location"] == f"/curated/{created['id']}"

        ask = f"ASK {{ <{EMSOU}> <{SKOS_MATCH}> ?item }}"
        assert requests.get(f"{url}/sparql", params={"query": ask}).json()["boolean"] is True

        again = requests.post(f"{url}/curated", data=body, headers=auth)
        assert again.status_code == 200 and again.json()["status"] == "duplicate"

        before = snapshot(own.data_dir)
        bad = PREFIXES + f"<{EMSOU}> kgo:relationSubjet <{EMSOU}> .\n"
        response = requests.post(f"{url}/curated", data=bad, headers=auth)
        assert response.status_code == 422
        messages = [r["message"] for r in response.json()["report"]["results"]]
        assert any("kgo:relationSubjet is not defined" in m for m in messages)
        assert snapshot(own.data_dir) == before

        history = requests.get(f"{url}/curated").json()["events"]
        assert [e["id"] for e in history] == [created["id"]]
        shown = requests.get(
            f"{url}/curated/{created['id']}", headers={"Accept": "application/n-triples"}
        )
        assert "Q5261560" in shown.text

        assert requests.post(f"{url}/curated/{created['id']}/revert").status_code == 401
        reverted = requests.post(
            f"{url}/curated/{created['id']}/revert",
            headers={"Authorization": "Bearer another-long-token-for-bob"},
        )
        assert reverted.status_code == 200 and reverted.json()["author"] == "bob"
        assert requests.get(f"{url}/sparql", params={"query": ask}).json()["boolean"] is False
        assert requests.get(f"{url}/curated/99").status_code == 404
        bob = {"Authorization": "Bearer another-long-token-for-bob"}
        twice = requests.post(f"{url}/curated/{created['id']}/revert", headers=bob)
        assert twice.status_code == 409 and "already reverted" in twice.json()["error"]["message"]
        revert_of_revert = requests.post(f"{url}/curated/{created['id'] + 1}/revert", headers=bob)
        assert revert_of_revert.status_code == 409
        assert requests.post(f"{url}/curated/99/revert", headers=bob).status_code == 404
    printed = "".join(running.output)
    assert TOKEN not in printed and "another-long-token" not in printed


def test_concurrent_submissions_are_all_kept(own: Settings, tokens: Path) -> None:
    with kg_serve(own.data_dir, "--curator-tokens", str(tokens), "--threads", "8") as running:

        def submit(n: int) -> int:
            return requests.post(
                f"{running.url}/curated",
                data=wikidata_link(1000 + n),
                headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"},
                timeout=120,
            ).status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(submit, range(16)))
        assert statuses == [201] * 16
        count = f"SELECT (COUNT(?item) AS ?n) WHERE {{ <{EMSOU}> <{SKOS_MATCH}> ?item }}"
        answer = requests.get(f"{running.url}/sparql", params={"query": count}).json()
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == 16
    events = CurationLog(own.curation_file).events()
    assert sorted(e.id for e in events) == list(range(1, 17))

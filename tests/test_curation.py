"""Curated triples: submit, check, accept or reject, list, show, revert; nothing lost.

Each test works on its own copy of the session's built data folder, so the curation log it
writes does not leak into other tests. Expected quotes and offsets are read off the report
files themselves."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.cli import main
from kg.curation.curator import Curator
from kg.curation.log import CurationLog, content_hash
from kg.graph.build import build
from kg.graph.files import load_built, union_graph
from kg.graph.parsing import parse_rdf_text
from kg.graph.validate import validate_graph
from kg.namespaces import KGO
from kg.settings import Settings
from kg.source.manifest import read_manifest
from tests.serving import kg_serve

KGR = "https://w3id.org/police-inspection-kg/id/"
EMSOU = f"{KGR}org/emsou"
PREFIXES = """@prefix kgo: <https://w3id.org/police-inspection-kg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
TOKEN = "correct-horse-battery-staple-42"


@pytest.fixture
def own(built, settings: Settings, tmp_path: Path) -> Settings:
    """Settings over a private copy of the built data folder."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("graph.nq", "build.json"):
        shutil.copy2(settings.data_dir / name, data / name)
    return replace(settings, data_dir=data)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def report_quote(settings: Settings, stem: str, quote: str) -> tuple[str, int, int]:
    """A report's IRI and the offsets of the first place the quote stands in its file."""
    _manifest, entries = read_manifest(settings.seeds_dir)
    entry = next(e for e in entries if stem in e.file_name)
    with open(entry.path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    start = text.index(quote)
    return entry.iri, start, start + len(quote)


def relation_with_evidence(name: str, report: str, quote: str, start: int, end: int) -> str:
    """A curated stated relation about EMSOU with its evidence, in Turtle."""
    rel = f"<{KGR}curated/relation/{name}>"
    ev = f"<{KGR}curated/relation/{name}/evidence"
    return (
        PREFIXES
        + f"""
{rel} a kgo:StatedRelation ;
    kgo:relationSubject <{EMSOU}> ;
    kgo:relationType <{KGR}relation/member-of> ;
    kgo:relationObjectText "the five East Midlands police forces" ;
    kgo:extractedBy "curated" .
{ev}> a oa:Annotation ;
    oa:hasBody {rel} ;
    oa:motivatedBy oa:describing ;
    prov:wasGeneratedBy <{KGR}activity/curation> ;
    oa:hasTarget {ev}/target> .
{ev}/target> a oa:SpecificResource ;
    oa:hasSource <{report}> ;
    oa:hasSelector {ev}/quote>, {ev}/position> .
{ev}/quote> a oa:TextQuoteSelector ; oa:exact "{quote}" .
{ev}/position> a oa:TextPositionSelector ;
    oa:start "{start}"^^xsd:nonNegativeInteger ; oa:end "{end}"^^xsd:nonNegativeInteger .
"""
    )


EMSOU_QUOTE = "East Midlands Special Operations Unit"


def good_relation(settings: Settings, name: str = "test") -> str:
    report, start, end = report_quote(settings, "2015", EMSOU_QUOTE)
    return relation_with_evidence(name, report, EMSOU_QUOTE, start, end)


def wikidata_link(n: int) -> str:
    return PREFIXES + f"<{EMSOU}> skos:exactMatch <http://www.wikidata.org/entity/Q{n}> .\n"


def cli(settings: Settings, *args: str):
    return CliRunner().invoke(main, ["--data-dir", str(settings.data_dir), *args])


_SKOS_MATCH = "http://www.w3.org/2004/02/skos/core#exactMatch"


def count_links(settings: Settings) -> int:
    """EMSOU's skos:exactMatch links in the graph as a new process loads it."""
    dataset = load_built(settings)
    return len(list(dataset.triples((URIRef(EMSOU), URIRef(_SKOS_MATCH), None))))


# The workflow on the command line ------------------------------------------------------------


def test_add_list_show_duplicate_revert(own: Settings, tmp_path: Path) -> None:
    path = tmp_path / "link.ttl"
    path.write_text(wikidata_link(5261560), encoding="utf-8")

    added = cli(own, "curate", "add", str(path), "--author", "alice", "--comment", "Wikidata")
    assert added.exit_code == 0, added.output
    assert "Accepted 1 triples as submission 1" in added.output
    assert count_links(own) == 1
    # Stored in the data folder: a new process sees it, in its own named graph.
    dataset = load_built(own)
    graph = URIRef(f"{KGR}graph/curation/1")
    assert (URIRef(EMSOU), URIRef(_SKOS_MATCH), None) in dataset.graph(graph)
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
    assert count_links(own) == 0
    listed = cli(own, "curate", "list")
    assert "reverted by 2" in listed.output and "revert of submission 1" in listed.output
    assert "already reverted" in cli(own, "curate", "revert", "1", "--author", "x").output

    # The same triples once reverted may be submitted again: a new decision, a new event.
    assert cli(own, "curate", "add", str(path), "--author", "alice").exit_code == 0
    assert count_links(own) == 1


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


# Rejections: what and where, and nothing written ---------------------------------------------


def rejected(settings: Settings, tmp_path: Path, turtle: str) -> str:
    path = tmp_path / "submission.ttl"
    path.write_text(turtle, encoding="utf-8")
    before = snapshot(settings.data_dir)
    result = cli(settings, "curate", "add", str(path), "--author", "alice")
    assert result.exit_code == 1, result.output
    assert "Rejected" in result.output
    assert snapshot(settings.data_dir) == before, "a rejected submission changed the data folder"
    return result.output


def test_undefined_term_is_named_with_line_and_suggestion(own: Settings, tmp_path: Path) -> None:
    turtle = good_relation(own).replace("kgo:relationSubject", "kgo:relationSubjet")
    out = rejected(own, tmp_path, turtle)
    line = next(n for n, text in enumerate(turtle.splitlines(), 1) if "kgo:relationSubjet" in text)
    assert f"submission.ttl, line {line}: kgo:relationSubjet is not defined" in out
    assert "did you mean kgo:relationSubject" in out


def test_missing_node_is_named_with_suggestion(own: Settings, tmp_path: Path) -> None:
    turtle = good_relation(own).replace(f"<{EMSOU}>", f"<{KGR}org/emsuo>")
    out = rejected(own, tmp_path, turtle)
    assert f"refers to <{KGR}org/emsuo>, which the graph does not hold" in out
    assert f"did you mean <{EMSOU}>" in out


def test_wrong_datatype_is_named(own: Settings, tmp_path: Path) -> None:
    turtle = good_relation(own).replace('"^^xsd:nonNegativeInteger ; oa:end', '" ; oa:end')
    out = rejected(own, tmp_path, turtle)
    assert "oa:start" in out or "start" in out
    assert "xsd:nonNegativeInteger" in out
    bad_number = good_relation(own).replace('oa:start "', 'oa:start "x')
    assert "is not a valid xsd:nonNegativeInteger" in rejected(own, tmp_path, bad_number)


def test_quote_not_at_its_offsets_is_rejected(own: Settings, tmp_path: Path) -> None:
    report, start, end = report_quote(own, "2015", EMSOU_QUOTE)
    turtle = relation_with_evidence("moved", report, EMSOU_QUOTE, start + 3, end + 3)
    out = rejected(own, tmp_path, turtle)
    assert f"the quote does not stand at offsets {start + 3}-{end + 3}" in out


def test_missing_evidence_is_a_shape_violation(own: Settings, tmp_path: Path) -> None:
    turtle = good_relation(own).split(f"<{KGR}curated/relation/test/evidence>")[0]
    out = rejected(own, tmp_path, turtle)
    assert "A stated relation needs evidence" in out


def test_second_grade_on_an_existing_judgment_is_caught_in_context(
    own: Settings, tmp_path: Path, store
) -> None:
    judgment, grade = next(
        iter(
            store.query(
                "SELECT ?j ?g WHERE { ?j a kgo:Judgment ; kgo:grade ?g } ORDER BY ?j LIMIT 1"
            )
        )
    )
    other = next(g for g in ("good", "inadequate") if not str(grade).endswith(f"/{g}"))
    turtle = PREFIXES + f"<{judgment}> kgo:grade <{KGR}grade/{other}> .\n"
    out = rejected(own, tmp_path, turtle)
    assert "A judgment needs exactly one grade" in out


def test_syntax_error_exits_2_and_writes_nothing(own: Settings, tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(PREFIXES + "<a> <b> .\n", encoding="utf-8")
    before = snapshot(own.data_dir)
    result = cli(own, "curate", "add", str(path))
    assert result.exit_code == 2
    assert "broken.ttl, line 7" in result.output  # after the six prefix lines
    assert snapshot(own.data_dir) == before


def test_validate_stays_side_effect_free(own: Settings, tmp_path: Path) -> None:
    path = tmp_path / "link.ttl"
    path.write_text(wikidata_link(1), encoding="utf-8")
    before = snapshot(own.data_dir)
    assert cli(own, "validate", str(path)).exit_code == 0
    assert snapshot(own.data_dir) == before


def test_revert_refused_while_a_later_submission_depends_on_it(
    own: Settings, tmp_path: Path
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


# Focused validation gives the answers of validating the whole graph ---------------------------


def test_focused_validation_matches_whole_graph_validation(own: Settings, store) -> None:
    curator = Curator(own)
    union = union_graph(store.dataset)
    judgment, finding = next(
        iter(
            store.query(
                "SELECT ?j ?f WHERE { ?j a kgo:Judgment . ?f kgo:findingType ?type ; "
                "kgo:ofInspection ?i . ?j kgo:ofInspection ?i } ORDER BY ?j ?f LIMIT 1"
            )
        )
    )
    submissions = [
        good_relation(own),
        good_relation(own).split(f"<{KGR}curated/relation/test/evidence>")[0],
        PREFIXES + f"<{judgment}> kgo:grade <{KGR}grade/outstanding>, <{KGR}grade/good> .",
        PREFIXES + f'<{finding}> kgo:text "a second text" ; kgo:ofInspection <{judgment}> .',
        PREFIXES + f'<{EMSOU}> a org:FormalOrganization ; skos:prefLabel "" .',
    ]
    for turtle in submissions:
        submitted = parse_rdf_text(turtle, "turtle", "test")
        focus = curator.checker.focus_nodes(submitted)
        whole = validate_graph(union + submitted, curator.checker.shapes, focus_nodes=focus)
        focused = validate_graph(
            curator.checker.focused_context(submitted), curator.checker.shapes, focus_nodes=focus
        )

        def key(report):
            return sorted((r.focus, r.path, r.message) for r in report.results)

        assert key(focused) == key(whole), turtle


# Nothing lost: a writer killed at any point ---------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from kg.curation.log import CurationLog, canonical_ntriples
from rdflib import Graph, Literal, URIRef

log = CurationLog(Path(sys.argv[1]))
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
    seen = 0
    for round_ in range(12):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(round_)])
        time.sleep(0.3 + rng.random() * 0.7)
        writer.kill()
        writer.wait()
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        events = CurationLog(path).events()
        assert len(events) >= seen, "a kill lost events that were committed"
        seen = len(events)
        for event in events:
            assert event.triple_count == 200
            assert content_hash(event.triples or "") == event.content_hash
            assert len(Graph().parse(data=event.triples, format="nt")) == 200
    assert seen > 0


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
        graph = load_built(own)  # the graph loads whatever the moment of the kill
        assert len(graph) > 0


# Over HTTP -----------------------------------------------------------------------------------


@pytest.fixture
def tokens(tmp_path: Path) -> Path:
    path = tmp_path / "tokens"
    path.write_text(f"# curators\nalice {TOKEN}\nbob another-long-token-for-bob\n")
    return path


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

        ask = f"ASK {{ <{EMSOU}> <{_SKOS_MATCH}> ?item }}"
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


def test_writes_are_off_by_default(own: Settings) -> None:
    with kg_serve(own.data_dir) as running:
        response = requests.post(
            f"{running.url}/curated",
            data=wikidata_link(1),
            headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 403
        assert "writes are off" in response.json()["error"]["message"]
        assert requests.get(f"{running.url}/curated").json() == {"events": []}
    assert not own.curation_file.exists()


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
        count = f"SELECT (COUNT(?item) AS ?n) WHERE {{ <{EMSOU}> <{_SKOS_MATCH}> ?item }}"
        answer = requests.get(f"{running.url}/sparql", params={"query": count}).json()
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == 16
    events = CurationLog(own.curation_file).events()
    assert sorted(e.id for e in events) == list(range(1, 17))

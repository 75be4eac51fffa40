"""`kg add`: a new report in a known layout, about a fictional force, joins the graph with its
inspection, judgments and findings right, and only its named graph is built."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner
from rdflib import URIRef

from kg.cli import main
from kg.graph.build import BuildResult
from kg.graph.files import load_built
from kg.namespaces import KGO
from kg.settings import Settings
from tests.conftest import copy_build, with_ontology
from tests.paths import DATA_DIR, TESTS_DIR

REPORT = DATA_DIR / "fictional-peel-2019-wessex.txt"
FICTIONAL_FORCE = DATA_DIR / "fictional-force.ttl"  # the gazetteer has real forces only
CORPUS_DIR = TESTS_DIR / "corpus"
NEW_GRAPH = "https://w3id.org/police-inspection-kg/id/report/fictional-peel-2019-wessex/graph"


def test_add_a_report(built: BuildResult, settings: Settings, tmp_path: Path) -> None:
    # The session's build of the same seeds stands for this folder's first build.
    settings = copy_build(settings, tmp_path / "data", tmp_path / "seeds")
    settings = with_ontology(settings, tmp_path / "ontology", FICTIONAL_FORCE)
    seeds, data = settings.seeds_dir, settings.data_dir
    runner = CliRunner()
    base = ["--seeds-dir", str(seeds), "--data-dir", str(data)]
    base += ["--ontology-dir", str(settings.ontology_dir)]
    untouched = {
        g.identifier: set(g) for g in built.dataset.graphs() if str(g.identifier).endswith("/graph")
    }

    result = runner.invoke(
        main,
        [
            *base,
            "add",
            str(REPORT),
            "--title",
            "Wessex Vale PEEL 2019: Effectiveness",
            "--publisher",
            "HMIC",
            "--date",
            "Last updated 14/02/2020",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (seeds / REPORT.name).read_bytes() == REPORT.read_bytes()
    assert REPORT.name in (seeds / "manifest.ttl").read_text(encoding="utf-8")

    after = load_built(settings)
    for name, triples in untouched.items():
        assert set(after.graph(name)) == triples, f"{name} was rebuilt"
    assert len(after.graph(NEW_GRAPH)) > 0

    table = runner.invoke(main, [*base, "query", "judgments", "--format", "csv"])
    rows = [r for r in csv.DictReader(io.StringIO(table.output)) if r["year"] == "2019"]
    assert sorted((r["theme"], r["grade"]) for r in rows) == [
        ("Investigating crime and managing offenders", "Requires improvement"),
        ("Overall effectiveness", "Requires improvement"),
        ("Preventing crime and anti-social behaviour", "Good"),
        ("Protecting vulnerable people and supporting victims", "Inadequate"),
        ("Serious and organised crime", "Good"),
    ]
    findings = runner.invoke(
        main, [*base, "query", "areas-for-improvement", "-p", "year=2019", "--format", "csv"]
    )
    kinds = sorted(r["kind"] for r in csv.DictReader(io.StringIO(findings.output)))
    assert kinds == ["area for improvement"] * 3 + ["cause of concern"]

    # Two forces now: each row names its force, and the force parameter keeps one force's.
    def force_rows(query: str, force: str) -> list[dict[str, str]]:
        out = runner.invoke(
            main, [*base, "query", query, "-p", f"force={force}", "--format", "csv"]
        )
        assert out.exit_code == 0, out.output
        return list(csv.DictReader(io.StringIO(out.output)))

    wessex = force_rows("judgments", "wessex vale police")
    assert {r["force"] for r in wessex} == {"Wessex Vale Police"}
    assert sorted(r["grade"] for r in wessex) == sorted(r["grade"] for r in rows)
    derbyshire = force_rows("judgments", "Derbyshire Constabulary")
    assert {r["force"] for r in derbyshire} == {"Derbyshire Constabulary"}
    assert len(derbyshire) == 16 and "2019" not in {r["year"] for r in derbyshire}
    assert len(force_rows("areas-for-improvement", "Wessex Vale Police")) == 4
    assert force_rows("judgments", "Nowhere Constabulary") == []

    again = runner.invoke(main, [*base, "add", str(REPORT), "--title", "x", "--publisher", "HMIC"])
    assert again.exit_code == 2
    assert "already has a report of that name" in again.output


def test_add_a_press_release_whose_headline_names_the_force(
    built: BuildResult, settings: Settings, tmp_path: Path
) -> None:
    """The inspectorate's press release states the overall judgment in its headline, with the
    force's name in it ("Avon and Somerset Constabulary's effectiveness at keeping people
    safe and reducing crime is good"): the question's wording mentions the force, which the
    ontology allows (kgo:mentions: a finding, question or passage names this thing)."""
    settings = copy_build(settings, tmp_path / "data", tmp_path / "seeds")
    release = CORPUS_DIR / "real" / "2016-peel-effectiveness-press-release-avon-and-somerset.txt"
    base = ["--seeds-dir", str(settings.seeds_dir), "--data-dir", str(settings.data_dir)]
    headline = (
        "Avon and Somerset Constabulary's effectiveness at keeping people safe and reducing "
        "crime is good"
    )
    result = CliRunner().invoke(
        main, [*base, "add", str(release), "--title", headline, "--publisher", "HMIC"]
    )
    assert result.exit_code == 0, result.output
    question = URIRef(
        "https://w3id.org/police-inspection-kg/id/inspection/avon-and-somerset-constabulary/"
        "peel-effectiveness/2016/question/overall-effectiveness"
    )
    force = URIRef("https://w3id.org/police-inspection-kg/id/org/avon-and-somerset-constabulary")
    assert (question, KGO.mentions, force) in load_built(settings)

"""The built graph: evidence that really stands in the files, a deterministic build, and a
build that refuses a graph violating the shapes."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import RDF

from kg.cli import main
from kg.graph.build import BuildResult
from kg.namespaces import KGO, OA
from kg.settings import Settings
from tests.paths import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds"


def test_every_quote_stands_at_its_offsets_in_its_file(built: BuildResult) -> None:
    graph = built.dataset
    files = {
        str(report): (SEEDS / str(graph.value(report, KGO.fileName))).read_text(encoding="utf-8")
        for report in graph.subjects(RDF.type, KGO.Report)
    }
    checked = 0
    for target in set(graph.subjects(RDF.type, OA.SpecificResource)):
        text = files[str(graph.value(target, OA.hasSource))]
        selectors = list(graph.objects(target, OA.hasSelector))
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
        start = int(graph.value(position, OA.start))
        end = int(graph.value(position, OA.end))
        assert 0 <= start < end <= len(text)
        assert text[start:end] == str(graph.value(quote, OA.exact))
        prefix = graph.value(quote, OA.prefix)
        if prefix is not None:
            assert text[:start].endswith(str(prefix))
        checked += 1
    assert checked > 50


def test_every_fact_has_evidence(built: BuildResult) -> None:
    graph = built.dataset
    for cls in (
        KGO.Inspection,
        KGO.Question,
        KGO.Judgment,
        KGO.AreaForImprovement,
        KGO.Recommendation,
        KGO.RecommendationPart,
    ):
        facts = set(graph.subjects(RDF.type, cls))
        assert facts, cls
        for fact in facts:
            assert any(graph.subjects(OA.hasBody, fact)), fact


def test_the_summary_counts(built: BuildResult) -> None:
    summary = built.summary
    assert summary["reports"] == 5
    assert summary["inspections"] == 5
    assert summary["judgments"] == 16  # 3 (2014) + 5 (2015) + 6 (2016) + 2 (2008)
    graph = built.dataset
    set_by_inspectors = {
        f
        for cls in (KGO.AreaForImprovement, KGO.Recommendation, KGO.CauseOfConcern)
        for f in graph.subjects(RDF.type, cls)
    }
    assert len(set_by_inspectors) == 23  # 1 + 2 + 4 + 16, see tests/gold/findings.toml
    assert summary["findings"] > 23  # with the 2008 report's strengths and work in progress
    assert summary["conforms"] is True
    # Counted from the graphs' tallies, not from graph.nq: what the union holds, each triple
    # once (a force's name is in the ontology and in each of its reports).
    text = built.nquads_file.read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if line]
    assert summary["triples"] == len({line.rpartition(" <")[0] for line in lines})
    assert summary["triples"] < len(lines)
    assert summary["named_graphs"] == len({line.rpartition(" <")[2] for line in lines})


def test_one_named_graph_per_report_plus_the_ontology(built: BuildResult) -> None:
    names = {str(g.identifier) for g in built.dataset.graphs() if len(g)}
    reports = {str(r) for r in built.dataset.subjects(RDF.type, KGO.Report)}
    assert {f"{r}/graph" for r in reports} <= names
    assert "https://w3id.org/police-inspection-kg/id/graph/ontology" in names


def test_two_builds_give_the_same_graph(built: BuildResult, settings: Settings, tmp_path) -> None:
    again = Settings(settings.seeds_dir, settings.ontology_dir, settings.queries_dir, tmp_path)
    # The second build by the command (the first was by build()), which must succeed.
    options = ["--seeds-dir", str(again.seeds_dir), "--ontology-dir", str(again.ontology_dir)]
    result = CliRunner().invoke(main, [*options, "--data-dir", str(tmp_path), "build"])
    assert result.exit_code == 0, result.output
    # The same bytes: the same graphs, triple for triple (so isomorphic too).
    assert settings.graph_file.read_bytes() == again.graph_file.read_bytes()


def test_a_violation_fails_the_build_with_a_readable_report(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "curated").mkdir(exist_ok=True)
    # A curated judgment that names a grade outside the grade scheme.
    (seeds / "curated" / "bad.ttl").write_text(
        """@prefix kgo: <https://w3id.org/police-inspection-kg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
<https://example.org/judgment/1> a kgo:Judgment ;
    kgo:grade <https://example.org/grade/splendid> .
<https://example.org/judgment/1/evidence> a oa:Annotation ;
    oa:hasBody <https://example.org/judgment/1> ;
    oa:hasTarget <https://example.org/judgment/1/evidence/target> .
<https://example.org/judgment/1/evidence/target> a oa:SpecificResource ;
    oa:hasSelector <https://example.org/judgment/1/evidence/quote> .
<https://example.org/judgment/1/evidence/quote> a oa:TextQuoteSelector ;
    oa:exact "a splendid force" .
""",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    result = CliRunner().invoke(main, ["--seeds-dir", str(seeds), "--data-dir", str(data), "build"])
    assert result.exit_code == 1, result.output
    assert "Violation" in result.output
    assert "focus node: https://example.org/judgment/1" in result.output
    assert "path:       https://w3id.org/police-inspection-kg/ontology#grade" in result.output
    assert 'evidence:   "a splendid force"' in result.output
    assert not (data / "graph.nq").exists(), "a graph that violates the shapes is not written"


def test_a_tampered_report_is_refused(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    report = seeds / "2016-peel-effectiveness-derbyshire.txt"
    report.write_text(report.read_text(encoding="utf-8") + "\nExtra.", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--seeds-dir", str(seeds), "--data-dir", str(tmp_path / "d"), "build"]
    )
    assert result.exit_code == 2
    assert "2016-peel-effectiveness-derbyshire.txt: sha256 is" in result.output


def test_inspections_name_force_programme_year_and_report(built: BuildResult) -> None:
    graph = built.dataset
    found = set()
    for inspection in graph.subjects(RDF.type, KGO.Inspection):
        year = graph.value(inspection, KGO.year)
        programme = str(graph.value(inspection, KGO.programme)).rsplit("/", 1)[-1]
        force = graph.value(inspection, KGO.inspectedForce)
        assert force == URIRef(
            "https://w3id.org/police-inspection-kg/id/org/derbyshire-constabulary"
        )
        assert graph.value(inspection, KGO.reportedIn) is not None
        found.add((str(year) if year is not None else None, programme))
    assert found == {
        ("2008", "neighbourhood-citizen-focus"),
        (None, "anti-social-behaviour-review"),
        ("2014", "crime-inspection"),
        ("2015", "peel-effectiveness"),
        ("2016", "peel-effectiveness"),
    }


def test_a_curated_quote_that_is_not_at_its_offsets_is_a_violation(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    curated = seeds / "curated" / "relations.ttl"
    text = curated.read_text(encoding="utf-8")
    # Shift the first quote's offsets by one character.
    first_start = text.index('oa:start "') + len('oa:start "')
    number_end = text.index('"', first_start)
    shifted = str(int(text[first_start:number_end]) + 1)
    curated.write_text(text[:first_start] + shifted + text[number_end:], encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--seeds-dir", str(seeds), "--data-dir", str(tmp_path / "d"), "build"]
    )
    assert result.exit_code == 1, result.output
    assert "the quote does not stand at offsets" in result.output
    assert "focus node: https://w3id.org/police-inspection-kg/id/curated/relation/" in result.output

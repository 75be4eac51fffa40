"""The `kg` command line: queries in every format, and validation of user-written triples."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.settings import Settings
from tests.named import JUDGMENT_COLUMNS

KGO = "https://w3id.org/police-inspection-kg/ontology#"
KGR = "https://w3id.org/police-inspection-kg/id/"
INSPECTION = f"{KGR}inspection/derbyshire-constabulary/peel-effectiveness/2016"


@pytest.fixture
def run(built, settings: Settings, curator, share_curator):
    share_curator(curator)  # kg validate checks against the graph loaded once

    def invoke(*args: str):
        return CliRunner().invoke(main, ["--data-dir", str(settings.data_dir), *args])

    return invoke


def test_help_of_every_command() -> None:
    for command in ([], ["build"], ["query"], ["validate"]):
        result = CliRunner().invoke(main, [*command, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output


def test_console_script_is_installed() -> None:
    kg = Path(sys.executable).parent / "kg"
    out = subprocess.run([str(kg), "--help"], capture_output=True, text=True, check=True)
    assert "build" in out.stdout and "query" in out.stdout


def test_named_query_as_json_is_sparql_results_json(run) -> None:
    result = run("query", "judgments", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["head"]["vars"] == JUDGMENT_COLUMNS
    rows = data["results"]["bindings"]
    assert len(rows) == 16
    assert all(row["grade"]["type"] == "literal" for row in rows)


def test_named_query_with_a_parameter(run) -> None:
    result = run(
        "query", "judgments", "--param", "theme=serious-organised-crime", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["year"], r["grade"]) for r in rows] == [
        ("2015", "Outstanding"),
        ("2016", "Outstanding"),
    ]


def test_a_parameter_value_cannot_change_the_query(run) -> None:
    result = run("query", "judgments", "--param", "theme=x> } UNION { ?s ?p ?o")
    assert result.exit_code == 2
    assert "neither an IRI nor a plain name" in result.output


def test_table_and_tsv(run) -> None:
    table = run("query", "areas-for-improvement", "--param", "year=2016")
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0].split(" | ")[0].strip() == "force"
    assert "(4 rows)" in table.output
    tsv = run("query", "areas-for-improvement", "--param", "year=2016", "--format", "tsv")
    assert tsv.output.splitlines()[0] == (
        "?force\t?year\t?kind\t?question\t?text\t?evidence"
        "\t?force_iri\t?question_iri\t?text_iri\t?evidence_iri"
    )
    assert len(tsv.output.splitlines()) == 5


def test_query_text_and_file(run, tmp_path: Path) -> None:
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?j a <{KGO}Judgment> }}"
    result = run("query", text, "--format", "csv")
    assert result.output.splitlines()[1] == "16"
    path = tmp_path / "count.rq"
    path.write_text(text)
    assert run("query", str(path), "--format", "csv").output.splitlines()[1] == "16"


def test_a_malformed_query_is_an_error(run) -> None:
    result = run("query", "SELECT ?x WHERE { ?x ?y }")
    assert result.exit_code == 2
    assert "SPARQL syntax error" in result.output


def test_an_unknown_named_query(run) -> None:
    result = run("query", "no-such-query")
    assert result.exit_code == 2
    assert "no named query 'no-such-query'" in result.output


VALID = f"""@prefix kgo: <{KGO}> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/j> a kgo:Judgment ;
    kgo:ofInspection <{INSPECTION}> ;
    kgo:aboutQuestion <{INSPECTION}/question/prevention> ;
    kgo:grade <{KGR}grade/good> ;
    kgo:isOverall false ;
    prov:wasAttributedTo <{KGR}org/hmic> .
<https://example.org/j/e> a oa:Annotation ;
    oa:hasBody <https://example.org/j> ;
    oa:motivatedBy oa:describing ;
    prov:wasGeneratedBy <https://example.org/curation> ;
    oa:hasTarget <https://example.org/j/t> .
<https://example.org/j/t> a oa:SpecificResource ;
    oa:hasSource <{KGR}report/2016-peel-effectiveness-derbyshire> ;
    oa:hasSelector <https://example.org/j/q>, <https://example.org/j/p> .
<https://example.org/j/q> a oa:TextQuoteSelector ; oa:exact "Good" .
<https://example.org/j/p> a oa:TextPositionSelector ;
    oa:start "149"^^xsd:nonNegativeInteger ; oa:end "153"^^xsd:nonNegativeInteger .
"""


def test_validate_conforming_triples(run, tmp_path: Path) -> None:
    path = tmp_path / "good.ttl"
    path.write_text(VALID)
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.output


def test_validate_reports_violations(run, tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(VALID.replace(f"<{KGR}grade/good>", "<https://example.org/grade/splendid>"))
    result = run("validate", str(path))
    assert result.exit_code == 1, result.output
    assert "focus node: https://example.org/j" in result.output
    assert f"path:       {KGO}grade" in result.output


def test_validate_a_syntax_error_names_file_line_and_column(run, tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:d ex:e "open ;\n')
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}, line 3, column" in result.output


def test_validate_n_triples_error_line(run, tmp_path: Path) -> None:
    path = tmp_path / "broken.nt"
    path.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}, line 2" in result.output


def test_validate_json_ld(run, tmp_path: Path) -> None:
    good = tmp_path / "j.jsonld"
    good.write_text(
        json.dumps(
            {
                "@id": "https://w3id.org/police-inspection-kg/id/org/emsou",
                "http://www.w3.org/2000/01/rdf-schema#label": "x",
            }
        )
    )
    assert run("validate", str(good)).exit_code == 0
    broken = tmp_path / "broken.jsonld"
    broken.write_text('{\n  "@id": "x",\n  oops\n}')
    result = run("validate", str(broken))
    assert result.exit_code == 2
    assert f"{broken}, line 3, column 3" in result.output


def test_validate_refuses_a_remote_json_ld_context(run, tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": "http://127.0.0.1:9/context.jsonld", "@id": "x"}))
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert "is not fetched" in result.output


def test_a_query_from_the_command_line_is_checked_like_one_over_http(run) -> None:
    result = run("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert result.exit_code == 2
    assert "SERVICE is not allowed" in result.output
    update = run("query", "INSERT DATA { <http://a> <http://b> <http://c> }")
    assert update.exit_code == 2
    assert "read-only" in update.output

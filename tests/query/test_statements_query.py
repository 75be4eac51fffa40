"""The statements-for, standards and cited-reports named queries on the seeds' build:
expectations written from the reports' text."""

from __future__ import annotations

from kg.query.stores.oxigraph_store import OxigraphStore
from kg.settings import Settings
from tests.test_competency import rows


def test_why_was_the_force_judged_good_at_protecting_the_vulnerable_in_2015(
    engine: OxigraphStore, settings: Settings
) -> None:
    found = rows(engine, settings, "statements-for", theme="vulnerability", year="2015")
    assert {r["grade"] for r in found} == {"Good"}
    stating = [" ".join(r["statement"].split()) for r in found if r["role"] == "states"]
    assert stating == ["HMIC judges that its performance is good."]
    # The summary under "Summary of findings": its opening paragraph comes first.
    supports = [" ".join(r["statement"].split()) for r in found if r["role"] == "supports"]
    assert supports[0].startswith("Protecting vulnerable people is a high priority in Derbyshire")
    assert all(r["statement_iri"] == r["evidence_iri"] for r in found)


def test_every_year_of_a_theme_with_the_sentence_stating_it(
    engine: OxigraphStore, settings: Settings
) -> None:
    found = rows(engine, settings, "statements-for", theme="serious-organised-crime")
    assert {
        (r["year"], " ".join(r["statement"].split())) for r in found if r["role"] == "states"
    } == {
        (
            "2015",
            "Derbyshire Constabulary is outstanding in the way it identifies and tackles serious "
            "and organised crime.",
        ),
        ("2016", "Derbyshire Constabulary is outstanding at tackling serious and organised crime."),
    }


def test_the_2008_standards_with_none_identified(engine: OxigraphStore, settings: Settings) -> None:
    found = rows(engine, settings, "standards")
    by_wording = {" ".join(r["standard"].split()): r for r in found}
    row = by_wording[
        "Force-level and local satisfaction/confidence measures are used to inform service "
        "delivery."
    ]
    assert row["area"] == "Neighbourhood Policing"
    assert row["none_identified"] == "area for improvement"
    assert " ".join(row["summary"].split()).startswith(
        "The force partially understands the needs of it communities."
    )


def test_a_thematic_report_cited_by_title(engine: OxigraphStore, settings: Settings) -> None:
    found = rows(engine, settings, "cited-reports", title="domestic abuse")
    assert [(r["cited_title"], r["cited_year"]) for r in found] == [
        ("Everyone’s business: Improving the police response to domestic abuse", "2014")
    ]
    assert found[0]["citing_report"] == "Derbyshire PEEL 2016: Effectiveness"

"""Competency questions 1 to 8 (../shared/competency-questions.md), answered through the named
queries; expected answers are written from the reports' text."""

from __future__ import annotations

from kg.query.named import find_query
from kg.query.stores.rdflib_store import RdflibStore
from kg.settings import Settings


def rows(
    store: RdflibStore, settings: Settings, query_name: str, **params: str
) -> list[dict[str, str]]:
    query = find_query(settings.queries_dir, query_name)
    result = store.query(query.text, query.bindings(params))
    names = [str(v) for v in result.vars]
    return [
        {n: ("" if row[i] is None else str(row[i])) for i, n in enumerate(names)} for row in result
    ]


def grades(store, settings, year: str) -> dict[str, str]:
    return {
        r["question"]: r["grade"] for r in rows(store, settings, "judgments") if r["year"] == year
    }


def test_cq1_peel_2015_grades(store: RdflibStore, settings: Settings) -> None:
    assert grades(store, settings, "2015") == {
        "How effective is the force at keeping people safe and reducing crime?": "Good",
        "How effective is the force at preventing crime and anti-social behaviour, and "
        "keeping people safe?": "Good",
        "How effective is the force at investigating crime and managing offenders?": "Good",
        "How effective is the force at protecting from harm those who are vulnerable, and "
        "supporting victims?": "Good",
        "How effective is the force at tackling serious and organised crime, including its "
        "arrangements for fulfilling its national policing responsibilities?": "Outstanding",
    }


def test_cq2_peel_2016_grades(store: RdflibStore, settings: Settings) -> None:
    assert grades(store, settings, "2016") == {
        "How effective is the force at keeping people safe and reducing crime?": "Good",
        "How effective is the force at preventing crime, tackling anti-social behaviour and "
        "keeping people safe?": "Good",
        "How effective is the force at investigating crime and reducing re-offending?": "Good",
        "How effective is the force at protecting those who are vulnerable from harm, and "
        "supporting victims?": "Good",
        "How effective is the force at tackling serious and organised crime?": "Outstanding",
        "How effective are the force’s specialist capabilities?": "Ungraded",
    }


def test_cq3_crime_inspection_2014_grades(store: RdflibStore, settings: Settings) -> None:
    assert grades(store, settings, "2014") == {
        "How effective is the force at reducing crime and preventing offending?": "Good",
        "How effective is the force at investigating offending?": "Good",
        "How effective is the force at tackling anti-social behaviour?": "Good",
    }


def test_cq4_serious_and_organised_crime_by_theme(store: RdflibStore, settings: Settings) -> None:
    found = rows(store, settings, "judgments", theme="serious-organised-crime")
    assert [(r["year"], r["grade"]) for r in found] == [
        ("2015", "Outstanding"),
        ("2016", "Outstanding"),
    ]


def test_themes_line_up_across_years(store: RdflibStore, settings: Settings) -> None:
    found = rows(store, settings, "judgments", theme="investigation")
    assert sorted(r["year"] for r in found) == ["2014", "2015", "2016"]


def test_cq5_areas_for_improvement_2016(store: RdflibStore, settings: Settings) -> None:
    found = rows(store, settings, "areas-for-improvement", year="2016")
    assert len(found) == 4
    assert all(r["kind"] == "area for improvement" for r in found)
    by_question: dict[str, int] = {}
    for r in found:
        by_question[r["question"]] = by_question.get(r["question"], 0) + 1
    assert by_question == {
        "How effective is the force at preventing crime, tackling anti-social behaviour and "
        "keeping people safe?": 1,
        "How effective is the force at investigating crime and reducing re-offending?": 2,
        "How effective is the force at protecting those who are vulnerable from harm, and "
        "supporting victims?": 1,
    }
    texts = " ".join(r["text"] for r in found)
    assert "evaluate and share effective practice routinely" in texts
    assert "quality of investigations handed over between units" in texts
    assert "fully compliant with the Code of Practice for Victims of Crime" in texts
    assert "understand domestic abuse in its broadest sense" in texts


def test_cq6_areas_for_improvement_2015(store: RdflibStore, settings: Settings) -> None:
    found = rows(store, settings, "areas-for-improvement", year="2015")
    assert sorted(r["text"] for r in found) == [
        "The force should ensure that all those carrying out investigations are provided with "
        "appropriate training and support.",
        "The force should routinely evaluate tactics and share effective practice – both "
        "internally and with partners – to continually improve its approach to the prevention "
        "of crime and anti-social behaviour.",
    ]


def test_cq7_recommendation_2014_with_deadline_and_parts(store: RdflibStore, settings: Settings):
    found = rows(store, settings, "areas-for-improvement", year="2014")
    assert [r["kind"] for r in found] == ["recommendation"]
    result = store.query(
        """SELECT ?deadline ?label ?text WHERE {
             ?rec a kgo:Recommendation ; kgo:deadline ?deadline ; kgo:hasPart ?part .
             ?part kgo:partLabel ?label ; kgo:text ?text .
           } ORDER BY ?label"""
    )
    parts = [(str(r.deadline), str(r.label), str(r.text)) for r in result]
    assert parts == [
        (
            "Within six months",
            "a",
            "review and evaluate the benefits from both current tactics "
            "and new crime fighting and anti-social behaviour initiatives",
        ),
        (
            "Within six months",
            "b",
            "capture learning and good practice in crime prevention and local problem solving",
        ),
        (
            "Within six months",
            "c",
            "share learning and good practice across the constabulary and with partners",
        ),
    ]

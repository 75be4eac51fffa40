"""The people named query on the seeds' build: expectations written from the reports' text."""

from __future__ import annotations

import tomllib

from kg.query.stores.oxigraph_store import OxigraphStore
from kg.settings import Settings
from tests.paths import PROJECT_ROOT
from tests.test_competency import rows


def test_a_person_by_name_holds_their_post_with_the_quote(
    engine: OxigraphStore, settings: Settings
) -> None:
    # 2008: "Deputy Chief Constable (DCC) Alan Goodwin ..."; the same report: "Citizen Focus
    # (CF) board. Chaired by the DCC": the one DCC it names chairs it.
    found = rows(engine, settings, "people", who="Alan Goodwin")
    assert [(r["person"], r["post"], r["relation"], r["body"], r["year"]) for r in found] == [
        ("Alan Goodwin", "Deputy chief constable, Derbyshire Constabulary", "chairs",
         "Citizen Focus board", "2008"),
        ("Alan Goodwin", "Deputy chief constable, Derbyshire Constabulary", "holds", "", "2008"),
    ]  # fmt: skip
    holds = found[1]
    assert " ".join(holds["evidence"].split()) == "Deputy Chief Constable (DCC) Alan Goodwin"


def test_a_post_by_its_acronym_holds_and_chairs(engine: OxigraphStore, settings: Settings) -> None:
    # 2008: "Deputy Chief Constable (DCC) Alan Goodwin" and "Citizen Focus (CF) board. Chaired
    # by the DCC"; 2014: "The deputy chief constable chairs a confidence steering group" (no
    # name in that report: no person).
    found = rows(engine, settings, "people", who="DCC")
    assert {(r["person"], r["relation"], r["body"], r["year"]) for r in found} == {
        ("Alan Goodwin", "holds", "", "2008"),
        ("Alan Goodwin", "chairs", "Citizen Focus board", "2008"),
        ("", "chairs", "confidence steering group", "2014"),
    }


def test_a_body_and_its_chair_named_in_the_same_report(
    engine: OxigraphStore, settings: Settings
) -> None:
    # 2008: "The chair of the PA is Janet Birkin." and "the Safer Communities Board chaired by
    # the Police Authority Chairman"; 2015: "The chief constable chairs a safer communities
    # board".
    found = rows(engine, settings, "people", who="safer communities board")
    assert {(r["person"], r["post"], r["year"]) for r in found} == {
        ("Janet Birkin", "Chair, Derbyshire Police Authority", "2008"),
        ("", "Chief constable, Derbyshire Constabulary", "2015"),
    }
    assert all(r["relation"] == "chairs" and r["evidence"] for r in found)


def test_every_statement_without_a_parameter(engine: OxigraphStore, settings: Settings) -> None:
    found = rows(engine, settings, "people")
    people = {r["person"] for r in found if r["relation"] == "holds"}
    assert people == {
        "Michael Creedon",
        "Alan Goodwin",
        "Dee Collins",
        "Peter Goodman",
        "Terry Neaves",
        "Janet Birkin",
        "Zoe Billingham",
    }
    # Each chair once, whoever may hold its post; each a body the gold (written from the text)
    # says the post chairs.
    chairs = [(r["post"], r["body"]) for r in found if r["relation"] == "chairs"]
    assert len(chairs) == len(set(chairs))
    gold = tomllib.loads((PROJECT_ROOT / "tests" / "gold" / "people.toml").read_text())
    bodies = {c["body"].lower() for c in gold["chair"]}
    assert {body.lower() for _post, body in chairs} <= bodies
    # The 2008 report names two assistant chief constables: who "the ACC" is, it does not say.
    acc = [
        r
        for r in found
        if r["relation"] == "chairs" and r["year"] == "2008" and r["post"].startswith("Assistant")
    ]
    assert acc and all(r["person"] == "" for r in acc)

"""People and posts on text written for the test, about a force the seeds do not cover
(Westshire Police, fictional): who holds which post, which body a post chairs, and sentences
in which nothing may be found."""

from __future__ import annotations

import pytest

from kg.extract.entities import EntityMatcher, load_entities
from kg.extract.people import find_people, find_post_mentions, post_chairs
from kg.extract.relations import find_relations, load_relation_types
from kg.facts import Entity, RelationType
from kg.graph.files import load_ontology
from kg.settings import Settings
from kg.source.document import SourceDocument

REPORT = "https://w3id.org/police-inspection-kg/id/report/westshire-test"
ID = "https://w3id.org/police-inspection-kg/id/"
FORCE = Entity(
    iri=ID + "org/westshire-police",
    label="Westshire Police",
    names=frozenset({"westshire police"}),
    acronyms=frozenset(),
)
OWN = (FORCE.iri, FORCE.label)
HMIC = (ID + "org/hmic", "HMIC")


@pytest.fixture(scope="module")
def setup(settings: Settings) -> tuple[EntityMatcher, tuple[RelationType, ...]]:
    ontology = load_ontology(settings)
    return EntityMatcher(load_entities(ontology)), load_relation_types(ontology)


def people(setup, text: str) -> set[tuple[str, str, str]]:
    """(name, role, organisation) of each person found holding a post, their evidence checked."""
    matcher, _types = setup
    doc = SourceDocument(REPORT, text)
    found = find_people(doc, matcher, OWN, HMIC)
    for fact in found:
        assert doc.text[fact.evidence.start : fact.evidence.end] == fact.evidence.exact
        assert fact.person in fact.evidence.exact
    return {(f.person, f.post.role, f.post.organisation.removeprefix(ID)) for f in found}


def test_titles_then_names_hold_the_forces_posts(setup) -> None:
    text = (
        "The chief officer team is headed by Chief Constable Jane Marlow. Deputy Chief\n"
        "Constable (DCC) Omar Haddad holds the portfolio for professional standards.\n"
        "ACC Priya Nair leads on operations. Tom Ashby is the Director of Finance and\n"
        "Resources.\n"
    )
    assert people(setup, text) == {
        ("Jane Marlow", "chief-constable", "org/westshire-police"),
        ("Omar Haddad", "deputy-chief-constable", "org/westshire-police"),
        ("Priya Nair", "assistant-chief-constable", "org/westshire-police"),
        ("Tom Ashby", "director-of-finance-and-resources", "org/westshire-police"),
    }


def test_posts_named_by_title_alone(setup) -> None:
    matcher, _types = setup
    text = (
        "The chief constable chairs the board. The force's plan reflects the police and crime\n"
        "commissioner's priorities, and the office of the police and crime commissioner\n"
        "scrutinises it. An assistant chief constable leads on it; the DCC reviews it.\n"
        "Data go onto the DCC Safer Westshire website. Chief constables of other forces met\n"
        "the Chief Constable of Eastshire Police. ACC Priya Nair leads on operations, and the\n"
        "PCC sets the budget.\n\nDCC  Deputy Chief Constable\nACC  Assistant Chief Constable\n"
    )
    doc = SourceDocument(REPORT, text)
    found = find_post_mentions(doc, matcher, OWN)
    for fact in found:
        assert doc.text[fact.evidence.start : fact.evidence.end] == fact.evidence.exact
        assert fact.post.organisation == FORCE.iri
    assert [(" ".join(f.evidence.exact.split()), f.post.role) for f in found] == [
        ("chief constable", "chief-constable"),
        ("police and crime commissioner", "police-and-crime-commissioner"),
        # not "the office of the police and crime commissioner": a body
        ("assistant chief constable", "assistant-chief-constable"),
        ("DCC", "deputy-chief-constable"),
        # not the DCC of a website's name, not a plural, not another force's chief constable
        ("ACC", "assistant-chief-constable"),
        # "PCC" is not defined by the report as the title: not read
        # the glossary defines the acronyms; each entry names its post once, by its title
        ("Deputy Chief Constable", "deputy-chief-constable"),
        ("Assistant Chief Constable", "assistant-chief-constable"),
    ]
    assert find_post_mentions(doc, matcher, None) == ()


def test_an_hm_inspector_is_a_post_of_the_inspectorate(setup) -> None:
    text = "HM Inspector of Constabulary Zoë Billingham said the force had improved.\n"
    assert people(setup, text) == {("Zoë Billingham", "hm-inspector-of-constabulary", "org/hmic")}


def test_a_name_then_its_title_as_a_page_signs_it(setup) -> None:
    # real: the PEEL 2014 and 2015 summary pages sign "Dru Sharpling, Her Majesty’s Inspector
    # of Constabulary"; since 2022 the title is His Majesty's, of Fire & Rescue Services too
    text = (
        "Dru Sharpling, Her Majesty’s Inspector of Constabulary\n\nContact Dru Sharpling\n\n"
        "Roy Wilsher, His Majesty’s Inspector of Constabulary and Fire & Rescue Services\n\n"
        "The review was chaired by Jane Doe, Chief Constable of Eastshire Police.\n"
    )
    assert people(setup, text) == {
        ("Dru Sharpling", "hm-inspector-of-constabulary", "org/hmic"),
        ("Roy Wilsher", "hm-inspector-of-constabulary", "org/hmic"),
        # not another force's chief constable
    }


def test_the_chair_of_a_named_body(setup) -> None:
    matcher, _types = setup
    doc = SourceDocument(REPORT, "The chair of the PA is Ann Lee.\n")
    (fact,) = find_people(doc, matcher, OWN, HMIC)
    assert (fact.person, fact.post.role) == ("Ann Lee", "chair")
    assert fact.post.organisation == matcher.find("PA")[0][2].iri


@pytest.mark.parametrize(
    "text",
    [
        # A title then the names of bodies, not of a person.
        "Guest speakers included the Chief Constable, East Midlands Special Operations Unit\n"
        "and teachers.\n",
        # Another force's chief constable.
        "Chief Constable Sara Thompson of Northshire Police spoke at the conference.\n",
        # Rank alone, plural titles, lower case: posts named, no person.
        "The chief constable chairs the board. Chief Constables and the chairs of PAs met.\n",
        "The deputy chief constable Alan met staff.\n",
    ],
)
def test_no_person_where_none_is_named(setup, text: str) -> None:
    assert people(setup, text) == set()


def test_a_body_chaired_by_a_post_of_the_force(setup) -> None:
    matcher, types = setup
    doc = SourceDocument(
        REPORT,
        "The deputy chief constable chairs a confidence steering group. The local criminal\n"
        "justice board, chaired by the chief constable, meets monthly.\n",
    )
    relations = find_relations(doc, matcher, types, FORCE)
    chairs = post_chairs(relations, OWN)
    found = {(c.body.iri.rsplit("/", 1)[-1], c.relation, c.post.role) for c in chairs}
    assert found == {
        ("confidence-steering-group", "chaired-by", "deputy-chief-constable"),
        ("local-criminal-justice-board", "chaired-by", "chief-constable"),
    }
    assert {c.post.organisation for c in chairs} == {FORCE.iri}
    for chair in chairs:
        assert doc.text[chair.evidence.start : chair.evidence.end] == chair.evidence.exact
    # Without the report's force, a rank names no post.
    assert post_chairs(relations, None) == ()

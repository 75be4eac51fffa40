"""Entities, relations and recurring findings, through the named queries; expectations written
from the reports' text (and ../shared/competency-questions.md)."""

from __future__ import annotations

from decimal import Decimal as D

from click.testing import CliRunner

from kg.cli import main
from kg.query.stores.oxigraph_store import OxigraphStore
from kg.settings import Settings
from tests.test_competency import rows


def test_cq8_the_recommendation_to_evaluate_and_share_recurs(
    engine: OxigraphStore, settings: Settings
):
    found = rows(engine, settings, "recurring-findings")
    by_similarity = [r for r in found if r["link_method"] == "text similarity"]
    pairs = {(r["first_year"], r["later_year"]) for r in by_similarity}
    assert pairs == {("2014", "2015"), ("2014", "2016"), ("2015", "2016")}
    assert len(by_similarity) == 3
    assert all("evaluat" in r["first_text"] and "evaluat" in r["later_text"] for r in by_similarity)


def test_pcsos_investigating_untrained_recur_by_curation(engine: OxigraphStore, settings: Settings):
    curated = [
        r for r in rows(engine, settings, "recurring-findings") if r["link_method"] == "curated"
    ]
    assert [(r["first_year"], r["later_year"]) for r in curated] == [("2015", "2016")]
    assert "training" in curated[0]["first_text"]
    assert "PCSOs continue to be allocated crimes" in curated[0]["later_text"]


def test_cq14_who_takes_part_in_iom(engine: OxigraphStore, settings: Settings) -> None:
    found = rows(engine, settings, "programme-partners", programme="IOM")
    assert {r["organisation"] for r in found} == {
        "Derbyshire Constabulary",
        "local authorities",
        "probation service",
        "prison service",
        "strategic improvement group",
    }
    assert {r["role"] for r in found if r["organisation"] == "strategic improvement group"} == {
        "leads"
    }
    # The same answer by the programme's full name.
    by_name = rows(
        engine, settings, "programme-partners", programme="integrated offender management"
    )
    assert {r["organisation"] for r in by_name} == {r["organisation"] for r in found}


def test_cq14_the_group_that_leads_iom_and_its_chair(engine: OxigraphStore) -> None:
    result = engine.query(
        """SELECT ?text WHERE {
             ?r a kgo:StatedRelation ;
                kgo:relationType <https://w3id.org/police-inspection-kg/id/relation/chaired-by> ;
                kgo:relationSubject/skos:prefLabel "strategic improvement group"@en ;
                kgo:relationObjectText ?text ;
                kgo:relationObject/skos:prefLabel "Derbyshire County Council"@en .
           }"""
    )
    assert [str(r.text) for r in result] == [
        "the head of community safety from Derbyshire County Council"
    ]


def test_cq13_derbyshire_is_a_member_of_emsou(engine: OxigraphStore) -> None:
    result = engine.query(
        """ASK { <https://w3id.org/police-inspection-kg/id/org/derbyshire-constabulary>
                 org:memberOf <https://w3id.org/police-inspection-kg/id/org/emsou> }"""
    )
    assert result.askAnswer is True


def test_entity_by_acronym_gathers_mentions_and_relations(
    engine: OxigraphStore, settings: Settings
):
    found = rows(engine, settings, "entity", name="EMSOU")
    facts = {r["fact"] for r in found}
    assert facts == {"mention", "relation"}
    quotes = {r["evidence"] for r in found if r["fact"] == "mention"}
    assert "EMSOU" in quotes and "East Midlands Special Operations Unit" in quotes
    reports = {r["report"] for r in found}
    assert len(reports) == 4  # 2008, 2014, 2015 and 2016 name it; the press release does not


def test_findings_about_names_and_acronyms(engine: OxigraphStore, settings: Settings) -> None:
    by_acronym = rows(engine, settings, "findings-about", entity="SNT")
    by_name = rows(engine, settings, "findings-about", entity="safer neighbourhood teams")
    assert by_acronym == by_name
    assert by_acronym, "the 2008 findings name safer neighbourhood teams"
    assert all("SNT" in r["text"] or "neighbourhood" in r["text"].lower() for r in by_acronym)


def test_glossary_acronyms_are_learnt_with_evidence(engine: OxigraphStore) -> None:
    # "GO  Government Office" in the 2008 report's glossary of abbreviations.
    office = "<https://w3id.org/police-inspection-kg/id/org/government-office>"
    result = engine.query(
        f"""SELECT ?exact WHERE {{
             {office} skos:altLabel "GO"@en .
             ?m kgo:mentionOf {office} .
             ?a oa:hasBody ?m ; oa:hasTarget/oa:hasSelector/oa:exact ?exact .
           }}"""
    )
    assert "GO  Government Office" in {str(r.exact) for r in result}


def test_eval_prints_precision_and_recall(built, settings: Settings) -> None:
    result = CliRunner().invoke(main, ["--data-dir", str(settings.data_dir), "eval"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.output.splitlines()[1:]}
    assert set(lines) == {
        "judgments",
        "findings",
        "entities",
        "relations:rule",
        "relations",
        "statistics",
        "people",
        "posts",
        "chairs",
        "organisations",
        "statements",
        "standards",
        "none-identified",
        "citations",
    }
    # Rules alone recall no more than rules and curated triples together.
    assert float(lines["relations:rule"][4]) <= float(lines["relations"][4])
    assert lines["relations:rule"][1] == lines["relations"][1]
    assert lines["judgments"][3:] == ["1.00", "1.00"]
    assert lines["findings"][3:] == ["1.00", "1.00"]
    assert lines["statements"][3:] == ["1.00", "1.00"]


def test_cq9_victim_satisfaction_series(engine: OxigraphStore, settings: Settings) -> None:
    found = rows(engine, settings, "measure-series", measure="victim satisfaction")
    # Values as numbers: the engine writes a decimal in its canonical form ("88.0" as "88").
    series = {(r["end_date"], r["area"], D(r["value"])) for r in found}
    force = "Derbyshire Constabulary police force area"
    assert {
        ("2006-03-31", force, D("78.4")),  # SPI 1e, narrower than victim satisfaction
        ("2008-03-31", force, D("80.0")),
        ("2013-06-30", force, D("86.7")),
        ("2014-06-30", force, D("88.0")),
        ("2014-06-30", "England and Wales", D("85.0")),
        ("2015-03-31", force, D("83.1")),
        ("2015-03-31", "England and Wales", D("83.8")),
    } <= series
    assert {r["measure_label"] for r in found} == {
        "Victim satisfaction (percent)",
        "Users satisfied with the overall service provided (SPI 1e) (percent)",
    }
    margins = engine.query(
        """SELECT ?v ?m WHERE { ?o kgo:measure ?x ; kgo:marginOfError ?m ;
             <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v .
             FILTER(STRENDS(STR(?x), "/victim-satisfaction")) }"""
    )
    assert {(D(str(r.v)), D(str(r.m))) for r in margins} >= {
        (D("88.0"), D("1.4")),
        (D("85.0"), D("0.2")),
    }


def test_cq10_crime_rate_against_england_and_wales(
    engine: OxigraphStore, settings: Settings
) -> None:
    found = rows(engine, settings, "force-vs-england-wales")
    crime = {
        (D(r["force_value"]), D(r["england_wales_value"]))
        for r in found
        if r["measure"].startswith("Recorded crime excluding fraud")
        and r["unit"] == "per 1,000 population"
    }
    assert crime == {(D("50.8"), D("60.7")), (D("50.5"), D("63.0"))}


def test_cq11_and_cq12_offender_and_organised_crime_counts(engine: OxigraphStore) -> None:
    result = engine.query(
        """SELECT ?v WHERE { ?o a qb:Observation ;
             <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v }"""
    )
    values = {str(r.v) for r in result}
    assert {"502", "480", "139", "82", "79", "56"} <= values


def test_names_shortened_in_a_coordination_are_mentions(engine: OxigraphStore) -> None:
    # 2015, "Some partners, such as children, health and education services, ...": three
    # partners named, two of them by their modifier alone.
    report = "https://w3id.org/police-inspection-kg/id/report/2015-peel-effectiveness-derbyshire"
    # Within the report's own graph, where its mentions are: over the union rdflib takes 4x.
    result = engine.query(
        f"""SELECT ?label ?exact WHERE {{
             GRAPH <{report}/graph> {{
               ?m a kgo:Mention ; kgo:mentionOf ?thing .
               ?a oa:hasBody ?m ; oa:hasTarget ?t .
               ?t oa:hasSource <{report}> ; oa:hasSelector/oa:exact ?exact .
             }}
             ?thing skos:prefLabel ?label .
           }}"""
    )
    found = {(str(r.label), str(r.exact)) for r in result}
    assert ("children’s services", "children") in found
    assert ("health services", "health") in found
    assert ("education services", "education services") in found


def test_a_coordination_of_unknown_names_adds_nothing(settings: Settings) -> None:
    from kg.extract.entities import EntityMatcher, load_entities
    from kg.graph.files import load_ontology

    matcher = EntityMatcher(load_entities(load_ontology(settings)))
    text = "working with local councils and housing agencies, and the police and health services"
    found = [(text[a:b], e.label) for a, b, e in matcher.find(text)]
    assert found == [
        ("local councils", "local authorities"),
        ("housing agencies", "housing associations"),
        ("health services", "health services"),
    ]

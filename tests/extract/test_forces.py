"""The gazetteer of police forces (ontology/forces.ttl) and what a report's text says of its
inspection (kg.extract.inspection), on texts written for the test in the inspectorate's title
forms of each generation."""

from __future__ import annotations

import pytest

from kg.extract.inspection import Reading, TextSays, load_reading, read_text, title_disagreements
from kg.graph.files import load_ontology
from kg.settings import Settings
from kg.source.document import SourceDocument
from kg.source.schemes import Schemes, load_schemes


@pytest.fixture(scope="module")
def reading(settings: Settings) -> tuple[Schemes, Reading]:
    ontology = load_ontology(settings)
    return load_schemes(ontology), load_reading(ontology)


def says(reading: tuple[Schemes, Reading], text: str) -> TextSays:
    schemes, forces = reading
    return read_text(
        SourceDocument("https://example.org/report", text, "test.txt"), schemes, forces
    )


def test_every_force_of_the_united_kingdom(reading) -> None:
    forces = {f.label for f in reading[1].forces}
    territorial = {
        "Avon and Somerset Constabulary", "Bedfordshire Police", "Cambridgeshire Constabulary",
        "Cheshire Constabulary", "City of London Police", "Cleveland Police",
        "Cumbria Constabulary", "Derbyshire Constabulary", "Devon and Cornwall Police",
        "Dorset Police", "Durham Constabulary", "Essex Police", "Gloucestershire Constabulary",
        "Greater Manchester Police", "Hampshire and Isle of Wight Constabulary",
        "Hertfordshire Constabulary", "Humberside Police", "Kent Police",
        "Lancashire Constabulary", "Leicestershire Police", "Lincolnshire Police",
        "Merseyside Police", "Metropolitan Police Service", "Norfolk Constabulary",
        "North Yorkshire Police", "Northamptonshire Police", "Northumbria Police",
        "Nottinghamshire Police", "South Yorkshire Police", "Staffordshire Police",
        "Suffolk Constabulary", "Surrey Police", "Sussex Police", "Thames Valley Police",
        "Warwickshire Police", "West Mercia Police", "West Midlands Police",
        "West Yorkshire Police", "Wiltshire Police", "Dyfed-Powys Police", "Gwent Police",
        "North Wales Police", "South Wales Police",
    }  # fmt: skip
    assert len(territorial) == 43
    others = {
        "British Transport Police", "Civil Nuclear Constabulary", "Ministry of Defence Police",
        "Police Scotland", "Police Service of Northern Ireland", "Strathclyde Police",
        "Lothian and Borders Police", "Northern Constabulary",
    }  # fmt: skip
    assert territorial | others <= forces


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Dyfed-Powys Police", "dyfed-powys-police"),
        ("Dyfed Powys Police", "dyfed-powys-police"),
        ("Devon & Cornwall Constabulary", "devon-and-cornwall-police"),
        ("Devon and Cornwall Police", "devon-and-cornwall-police"),
        ("Avon & Somerset Constabulary", "avon-and-somerset-constabulary"),
        ("City of London Police", "city-of-london-police"),
        ("Police Service of Northern Ireland", "police-service-of-northern-ireland"),
        ("PSNI", "police-service-of-northern-ireland"),
        ("BTP", "british-transport-police"),
        ("MPS", "metropolitan-police-service"),
        ("GMP", "greater-manchester-police"),
        ("Hampshire Constabulary", "hampshire-and-isle-of-wight-constabulary"),
        ("West Mercia Constabulary", "west-mercia-police"),
    ],
)
def test_a_force_by_any_of_its_names(reading, name: str, slug: str) -> None:
    found = reading[1].force_mentions(f"A report about {name}, as written.")
    assert [f.slug for _, f in found] == [slug]


def test_a_hyphenated_name_is_one_force_not_the_last_word_of_it(reading) -> None:
    found = reading[1].force_mentions("Dyfed-Powys Police and Powys Police")
    assert [f.slug for _, f in found] == ["dyfed-powys-police"]  # "Powys Police" is no force


@pytest.mark.parametrize(
    ("text", "force", "programme", "year", "inspectorate"),
    [
        (
            "Avon and Somerset Constabulary\n\nPEEL 2021/22\n\nAn inspection of Avon and "
            "Somerset Constabulary\n\nPublished: 3 March 2022\n",
            "avon-and-somerset-constabulary", "peel-2021-22", 2021, "hmicfrs",
        ),
        (
            "Skip to content\n\nThames Valley PEEL 2016\n\nEfficiency\n\nLast updated "
            "02/03/2017\nGood\n\nThames Valley Police is good at ...\n",
            "thames-valley-police", "peel-efficiency", 2016, "hmic",
        ),
        (
            "PEEL: Police effectiveness, efficiency and legitimacy 2018/19\n\nAn inspection "
            "of Gwent Police\n\nHer Majesty's Inspectorate of Constabulary and Fire & Rescue "
            "Services\n",
            "gwent-police", "peel-2018-19", 2018, "hmicfrs",
        ),
        (
            "PEEL 2023–25\n\nDevon & Cornwall Police\n\nPolice effectiveness, efficiency and "
            "legitimacy\n",
            "devon-and-cornwall-police", "peel-2023-25", 2023, "hmicfrs",
        ),
        (
            "Crime inspection 2014\n\nDyfed-Powys Police\n\nHMIC found that the force ...\n",
            "dyfed-powys-police", "crime-inspection", 2014, "hmic",
        ),
        (
            "Lancashire PEEL 2017\n\nLegitimacy\n\nIn 2016, Merseyside Police and Merseyside "
            "Police and Merseyside Police worked with the force.\n",
            "lancashire-constabulary", "peel-legitimacy", 2017, "hmicfrs",
        ),
        (
            "Police Scotland\n\nThe force works with HMIC and other agencies.\n\n"
            "September 2010\n",
            "police-scotland", None, 2010, "hmic",
        ),
        (
            "Neighbourhood Policing Developing Citizen Focus Policing\nWest Yorkshire Police – "
            "HMIC Inspection September 2008 HMIC Inspection Report West Yorkshire Police\n",
            "west-yorkshire-police", None, 2008, "hmic",  # programme: from the opening text
        ),
    ],
)  # fmt: skip
def test_what_the_text_says_of_its_inspection(
    reading, text: str, force: str, programme: str | None, year: int, inspectorate: str
) -> None:
    said = says(reading, text)
    assert said.force is not None and said.force.slug == force
    assert (said.programme.slug if said.programme else None) == programme
    assert said.year == year
    assert said.inspectorate == inspectorate


def test_a_last_updated_date_is_not_the_inspection_year(reading) -> None:
    said = says(reading, "Kent PEEL 2016\n\nEffectiveness\n\nLast updated 02/03/2017\n")
    assert said.year == 2016
    text = "Kent Police is good.\n\nLast updated 02/03/2017\n"
    assert says(reading, text).year is None  # no title line, no date line: the text does not say


def test_when_we_inspected_is_the_inspection_year(reading) -> None:
    text = (
        "Kent Police: PEEL revisit letter\n\nSent on:\n12 May 2023\n\n"
        "Between 3 and 14 October 2022, we inspected Kent Police as part of our PEEL programme.\n"
    )
    assert says(reading, text).year == 2022  # not the letter's own date
    text = "Kent Police\n\nWe inspected the force in March 2019 and found ...\n"
    assert says(reading, text).year == 2019


def test_a_summary_page_titled_by_place_and_year(reading) -> None:
    text = "Skip to content\n\nKent 2017\n\nRead more about Kent\n\nKent Police is good.\n"
    assert says(reading, text).year == 2017
    text = "Skip to content\n\nSeptember 2017\n\nWessex 2015\n\nKent Police is good.\n"
    assert says(reading, text).year == 2017  # "Wessex" is no force's place: the date line


def test_the_period_a_news_page_says_was_assessed(reading) -> None:
    text = (
        "Commissioner responds to HMICFRS PEEL assessment of Kent Police\n\n"
        "The Commissioner has responded to the publication of the HMICFRS PEEL (Police "
        "Effectiveness, Efficiency, Legitimacy) assessment of Kent Police for 2023-25.\n"
    )
    assert says(reading, text).year == 2023
    text = "The inspection of Kent Police for the first time found ...\n"
    assert says(reading, text).year is None  # "for" followed by no year


def test_a_year_before_a_programme_is_another_inspection(reading) -> None:
    said = says(reading, "Kent Police\n\nIn 2014, the crime inspection found ...\n")
    assert said.programme is None and said.year is None


def test_a_text_naming_no_force_of_the_gazetteer_has_none(reading) -> None:
    said = says(reading, "Wessex Vale PEEL 2019\n\nWessex Vale Police is good.\n")
    assert said.force is None  # no force is invented from "<Name> Police"


def test_a_title_is_checked_against_the_text(reading) -> None:
    said = says(reading, "Gwent PEEL 2016\n\nEffectiveness\n\nGwent Police is good.\n")
    schemes, forces = reading
    assert title_disagreements(said, "Gwent PEEL 2016: Effectiveness", schemes, forces) == []
    assert title_disagreements(said, "PEEL 2016", schemes, forces) == []
    assert title_disagreements(said, "Kent PEEL 2017: Efficiency", schemes, forces) == [
        "the title names Kent Police, the text is about Gwent Police",
        "the title says 2017, the text 2016",
        "the title names the programme PEEL: police efficiency, the text PEEL: police "
        "effectiveness",
    ]

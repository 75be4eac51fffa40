"""Figures whose measure the scheme lacks: a measure minted from the words the figure counts
or is an amount, share or length of; and numbers that are no figure."""

from __future__ import annotations

import pytest

from kg.extract.statistics import extract_statistics
from kg.graph.files import load_ontology
from kg.settings import Settings
from kg.source.document import SourceDocument
from kg.source.schemes import Schemes, load_schemes


@pytest.fixture(scope="module")
def schemes() -> Schemes:
    return load_schemes(load_ontology(Settings.from_env()))


def figures(schemes: Schemes, text: str) -> set[tuple[str, str, str, str | None]]:
    """(measure slug, value, unit slug, period end) of every figure in `text`."""
    doc = SourceDocument("https://example.org/report/minted", text, "minted.txt")
    return {
        (
            f.measure.slug,
            str(f.value),
            f.unit.slug,
            f.period_end.isoformat() if f.period_end else None,
        )
        for f in extract_statistics(doc, schemes, "Wessex Vale Police")
    }


def test_counts_sums_shares_and_lengths_get_a_measure_of_their_noun_phrase(
    schemes: Schemes,
) -> None:
    text = """\
To date nineteen courses have been delivered to two hundred and thirty one officers.

The hub will cost £2.5 million in 2019/20 and £1.8 million in 2020/21.

The aim is that officers spend at least 85% of their shift time on patrol.

The force is piloting a 26-week victim recovery programme.
"""
    found = figures(schemes, text)
    assert found == {
        ("other-count/courses", "19", "count", None),
        ("other-count/officers", "231", "count", None),
        ("other-pounds/hub-cost", "2500000.0", "pounds", "2020-03-31"),
        ("other-pounds/hub-cost", "1800000.0", "pounds", "2021-03-31"),
        ("other-percent/shift-time", "85", "percent", None),
        ("other-weeks/victim-recovery-programme", "26", "weeks", None),
    }


def test_time_limits_and_times_taken(schemes: Schemes) -> None:
    text = """\
March 2020

The force makes sure that burglary victims are visited within forty eight hours. Officers aim
at advising a victim within 2 days of each update.

In the year to 31 December 2019, the force answered 84 percent of emergency calls within 10
seconds. The move to the new control room took 45 minutes.

This took 90 minutes. The helpline is open 24 hours a day over the last 30 days. The force
took 3 days on average to record crimes.
"""
    assert figures(schemes, text) == {
        # a time limit in words, with the passive verb and its subject; no period of its own
        ("other-hours/burglary-victims-visited-within", "48", "hours", "2020-03-31"),
        ("other-days/advising-a-victim-within", "2", "days", "2020-03-31"),
        ("other-percent/emergency-calls", "84", "percent", "2019-12-31"),
        ("other-seconds/emergency-calls-within", "10", "seconds", "2020-03-31"),
        # a time taken is dated like any figure; "This took" names nothing it is of, nor does
        # "The force took" (it is a time of what the force did)
        ("other-minutes/time-taken-by-move-to-the-new-control-room", "45", "minutes", "2019-12-31"),
    }


def test_a_service_number_is_part_of_what_is_counted(schemes: Schemes) -> None:
    text = """\
In the year to 30 April 2022, the force answered 76 percent of 999 calls within 10 seconds. It
received 46,310 emergency 999 calls and 1,200 calls to the 101 line.
"""
    assert figures(schemes, text) == {
        ("other-percent/999-calls", "76", "percent", "2022-04-30"),
        ("other-seconds/999-calls-within", "10", "seconds", None),
        ("other-count/emergency-999-calls", "46310", "count", "2022-04-30"),
        ("other-count/calls", "1200", "count", "2022-04-30"),
    }


def test_a_change_from_one_figure_to_another(schemes: Schemes) -> None:
    text = """\
September 2019

To account for the increase in establishment of detectives from 120 to 145.5 the force
has a plan.
"""
    assert figures(schemes, text) == {
        # the earlier value is undated; the later one as at the report's date
        ("other-count/establishment-of-detectives", "120", "count", None),
        ("other-count/establishment-of-detectives", "145.5", "count", "2019-09-30"),
    }


def test_numbers_that_are_no_figure(schemes: Schemes) -> None:
    text = """\
See page 12 and paragraph 4 for question 3 of the 2019 survey.

Call 0800 555 0199 between 9 to 5, or see Level 2 of the plan.

The first two courses were changed. One officer said so.

The board meets every six weeks over four years.

View the five questions for effectiveness
"""
    assert figures(schemes, text) == set()
    # the same words in a statement are a count
    stated = "We reviewed the five questions for effectiveness.\n"
    assert figures(schemes, stated) == {("other-count/questions", "5", "count", None)}


def test_a_minted_measure_is_narrower_than_the_other_measures_of_its_unit(
    schemes: Schemes,
) -> None:
    doc = SourceDocument("https://example.org/report/m", "There are 14 mobile stations.", "m.txt")
    (fact,) = extract_statistics(doc, schemes, "Wessex Vale Police")
    broader = {m.iri: m for m in schemes.measures}[fact.measure.broader or ""]
    assert broader.slug == "other-count"
    assert fact.measure.iri == f"{broader.iri}/mobile-stations"
    assert fact.measure.label == "Mobile stations (count)"
    assert fact.evidence.exact == "14"


def test_a_share_in_words_is_a_share_of_what_follows_it(schemes: Schemes) -> None:
    text = "More than two-thirds of forces showed an increase in recorded crime."
    assert figures(schemes, text) == {("other-percent/forces", "66.7", "percent", None)}


def test_how_many_areas_got_each_grade(schemes: Schemes) -> None:
    # The PEEL 2021 press releases and summaries: one measure for each grade.
    text = (
        "We graded Wessex Vale Police’s performance across nine areas of policing and found "
        "the force was ‘good’ in one area, ‘requires improvement’ in five areas, and "
        "‘inadequate’ in three areas – responding to the public and investigating crime.\n"
    )
    found = {(slug, value) for slug, value, _unit, _end in figures(schemes, text)}
    assert {
        ("other-count/areas-graded-good", "1"),
        ("other-count/areas-graded-requires-improvement", "5"),
        ("other-count/areas-graded-inadequate", "3"),
    } <= found
    # Areas of a place are no graded areas, whatever word comes before.
    county = "Officers were good in two areas of the county.\n"
    assert not any("graded" in slug for slug, *_ in figures(schemes, county))


def test_graded_judgments_in_n_of_these(schemes: Schemes) -> None:
    text = (
        "Our inspection assessed how good Wessex Vale Police is in 12 areas of policing. We make "
        "graded judgments in 11 of these 12 as follows:\n"
    )
    found = {(slug, value) for slug, value, _unit, _end in figures(schemes, text)}
    assert ("other-count/areas-given-graded-judgments", "11") in found


def test_a_count_of_things_named_with_and(schemes: Schemes) -> None:
    # "stop and search records" is one noun phrase; "crimes and incidents" are two things.
    found = figures(
        schemes, "We reviewed 103 stop and search records and 60 crimes and incidents.\n"
    )
    slugs = {slug for slug, *_ in found}
    assert "other-count/stop-and-search-records" in slugs
    assert "other-count/crimes" in slugs


def test_a_financial_year_of_the_sentence_before_when_it_states_no_figure(
    schemes: Schemes,
) -> None:
    text = (
        "This question was not inspected in 2018/19, and our judgment from 2017 stands. "
        "However, we reviewed 103 stop and search records.\n\n"
        "The team will cost £1.13 million in 2008/09. It is funded by the five police forces.\n"
    )
    found = figures(schemes, text)
    assert ("other-count/stop-and-search-records", "103", "count", "2019-03-31") in found
    # The year of a sentence with a figure of its own is that figure's time, not the next one's.
    forces = [end for slug, _v, _u, end in found if slug == "other-count/police-forces"]
    assert forces and "2009-03-31" not in forces


def test_how_many_of_them_got_a_grade(schemes: Schemes) -> None:
    text = (
        "Nationally, 29 of the 43 forces were judged good for effectiveness in this round.\n\n"
        "Three of the forces were judged to be efficient.\n"
    )
    found = {(slug, value) for slug, value, _unit, _end in figures(schemes, text)}
    assert ("other-count/forces-judged-good", "29") in found
    assert not any("judged" in slug for slug, value in found if value == "3")  # no grade word


def test_a_count_of_forces_is_of_england_and_wales_unless_regional(schemes: Schemes) -> None:
    def areas(text: str) -> set[str]:
        doc = SourceDocument("https://example.org/report/minted", text, "minted.txt")
        return {
            f.area
            for f in extract_statistics(doc, schemes, "Wessex Vale Police")
            if f.measure.slug.endswith("/forces")
        }

    assert areas("Two forces have not yet been able to provide a year of data.\n") == {
        "england-and-wales"
    }
    assert areas("The force works closely with two forces in its region.\n") == {"force"}


def test_the_year_of_a_named_scheme_dates_its_figure(schemes: Schemes) -> None:
    text = "The exercise builds on the 2007 ‘Have Your Say’ initiative that drew 3095 residents.\n"
    assert ("other-count/residents", "3095", "count", "2007-12-31") in figures(schemes, text)


def test_a_count_in_a_length_of_time_is_a_rate(schemes: Schemes) -> None:
    text = "The plan recruits sixteen PCSOs every twelve weeks and three officers per month.\n"
    slugs = {slug for slug, *_ in figures(schemes, text)}
    assert {"other-count/pcsos-every-twelve-weeks", "other-count/officers-per-month"} <= slugs


def test_a_count_in_brackets_after_its_noun(schemes: Schemes) -> None:
    text = "The force has committed a significant number of PCs (175) to the teams.\n"
    assert ("other-count/pcs", "175") in {(s, v) for s, v, *_ in figures(schemes, text)}
    assert not figures(schemes, "Crime fell in the area (see page 12).\n")


def test_a_percentage_of_a_noun_it_stands_before(schemes: Schemes) -> None:
    text = (
        "There is 100% coverage across the force area. The force has a 95 percent compliance "
        "rate. Crime was 20 percent higher than last year.\n"
    )
    found = {(slug, value) for slug, value, *_ in figures(schemes, text)}
    assert {("other-percent/coverage", "100"), ("other-percent/compliance-rate", "95")} <= found
    assert not any(value == "20" for _slug, value in found)


def test_a_length_in_years_written_in_words_and_no_age(schemes: Schemes) -> None:
    text = "The project is a two-year engagement programme for 18 to 25-year-olds.\n"
    assert figures(schemes, text) == {("other-years/engagement-programme", "2", "years", None)}
    assert not figures(schemes, "It was a one-off payment to a two-year-old child.\n")


def test_the_time_of_an_event_a_sentence_before_opens_with(schemes: Schemes) -> None:
    text = (
        "In February 2008, the force held a celebration event at the Pride Park\n\n"
        "Stadium. The purpose was to thank the teams. There were 440 attendees.\n\n"
        "In 2017, we judged the force to be inadequate. The force has made progress since. "
        "Nationally, 29 of the 43 forces were judged good in this round.\n\n"
        "Between 6 and 17 September 2021, we inspected the force. During our inspection, we "
        "identified three causes of concern.\n"
    )
    found = {(value, end) for _slug, value, _unit, end in figures(schemes, text)}
    assert ("440", "2008-02-29") in found  # the fragment "Stadium." is not counted
    assert ("29", None) in found  # a year opening a sentence is a past one, not this round's
    assert ("3", "2021-09-17") in found

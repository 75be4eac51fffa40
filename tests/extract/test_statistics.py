"""The statistics extractor (kg/extract/statistics/) and its vocabulary (ontology/statistics.ttl):
figures from the seed reports against the hand-written gold (tests/gold/statistics.toml), the
figures the competency questions ask about, evidence that quotes the file, and a made-up report
about a fictional force in the same flattened layouts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SKOS

from kg.extract.statistics import extract_statistics, measure_units
from kg.extract.statistics.numerals import spelled_numbers, spelled_shares
from kg.facts import ObservationFact
from kg.graph.files import load_ontology
from kg.settings import Settings
from kg.source.document import SourceDocument
from kg.source.manifest import read_manifest
from kg.source.schemes import Schemes, load_schemes
from tests.conftest import load_gold
from tests.paths import PROJECT_ROOT

FORCE_NAME = "Derbyshire Constabulary"
STATISTICS_TTL = PROJECT_ROOT / "ontology" / "statistics.ttl"
SDMX_UNIT = URIRef("http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure")

# The gold's measure keys (written by hand, independently) -> this project's measure slugs.
# Keys that map to themselves are left out; keys with no measure here map to None.
GOLD_TO_SLUG: dict[str, str | None] = {
    "recorded-crime-excluding-fraud": "recorded-crime-rate",
    "victim-based-crime": "victim-based-crime-rate",
    "sexual-offences": "sexual-offences-rate",
    "violence-with-injury": "violence-with-injury-rate",
    "assault-with-injury": "assault-with-injury-rate",
    "burglary-in-a-dwelling": "burglary-in-a-dwelling-rate",
    "anti-social-behaviour-incidents": "asb-incident-rate",
    "anti-social-behaviour-incident-count": "asb-incidents",
    "anti-social-behaviour-incident-change": "asb-incident-change",
    "recorded-crime-change": "recorded-crime-change-since-2010",
    "recorded-crime-change-on-previous-year": "recorded-crime-annual-change",
    "victim-based-crime-change": "victim-based-crime-change-since-2010",
    "ocg-predominant-crime-drug-activity": "ocg-drug-activity",
    "ocg-predominant-crime-organised-theft": "ocg-organised-theft",
    "ocg-predominant-crime-commodity-importation": "ocg-commodity-importation",
    "ocg-predominant-crime-economic-crime": "ocg-economic-crime",
    "bcus": "basic-command-units",
    "cdrps": "crime-and-disorder-reduction-partnerships",
    "neighbourhood-officers": "officers-dedicated-to-neighbourhood-policing",
    "neighbourhood-pcsos": "pcsos-dedicated-to-neighbourhood-policing",
    "police-officers": "police-officer-strength",
    "pcsos": "pcso-strength",
    "police-staff": "police-staff-strength",
    "special-constables": "special-constable-strength",
    "police-do-good-or-excellent-job": "spi-2a-good-or-excellent-job",
    "police-do-good-or-excellent-job-difference-from-msf": "spi-2a-difference-from-msf",
    "police-do-good-or-excellent-job-change": "spi-2a-change",
    "police-dealing-with-asb-and-crime-that-matter": "kdi-dealing-with-asb-and-crime",
    "police-dealing-with-asb-and-crime-that-matter-difference-from-msf": (
        "kdi-difference-from-msf"
    ),
    "police-dealing-with-asb-and-crime-that-matter-change": "kdi-change",
    "perceived-high-level-of-asb": "spi-10b-high-level-of-asb",
    "perceived-high-level-of-asb-difference-from-msf": "spi-10b-difference-from-msf",
    "perceived-high-level-of-asb-change": "spi-10b-change",
    "user-satisfaction": "spi-1e-user-satisfaction",
    "user-satisfaction-difference-from-msf": "spi-1e-difference-from-msf",
    "user-satisfaction-change": "spi-1e-change",
    "minority-ethnic-user-satisfaction": "spi-3b-minority-ethnic-user-satisfaction",
    "minority-ethnic-user-satisfaction-change": "spi-3b-minority-ethnic-user-satisfaction-change",
    "white-minority-ethnic-satisfaction-gap": "spi-3b-satisfaction-gap",
    "police-authority-county-councillors": "police-authority-members-county-councillors",
    "police-authority-city-councillors": "police-authority-members-city-councillors",
    "police-authority-magistrates": "police-authority-members-magistrates",
    "police-authority-independent-members": "police-authority-members-independent",
    "budget-share-officers-and-staff": "budget-share-on-officers-and-staff",
    "strategic-priorities": "force-priorities",
    "bme-population-in-derby-city-share": "bme-population-in-city-share",
    # figures of measures minted from the text (the head noun phrase they count or are of)
    "snt-training-courses": "other-count/courses",
    "snt-training-officers-trained": "other-count/police-officers",
    "snt-training-partners-trained": "other-count/partners",
    "snt-training-partner-agencies": "other-count/partner-agencies",
    "special-constables-establishment": "other-count/special-constables",
    "special-constable-potential-recruits": "other-count/potential-sc-recruits",
    "neighbourhood-watch-schemes": "other-count/active-neighbourhood-watch-schemes",
    "neighbourhood-watch-homes-covered": "other-count/homes",
    "kin-members": "other-count/members",
    "kin-contacts": "other-count/contacts",
    "have-your-say-participants": "other-count/members-of-the-public",
    "have-your-say-views-collected": "other-count/community-members",
    "mobile-police-stations": "other-count/mobile-police-stations",
    "neighbourhood-duty-time-target": "other-percent/duty-time",
    "pcso-establishment": "other-count/establishment-of-pcsos",
    "police-authority-members": "other-count/members",
    "pcso-recruitment": "other-count/pcsos-every-twelve-weeks",
    "pcso-wastage": "other-count/officers-per-month",
    "snt-course-places": "other-count/snt-police-officers-every-ten-weeks",
    "safer-neighbourhood-coverage": "other-percent/coverage",
    "forces-with-annual-crime-increase": "other-percent/forces",
}

# What the gold holds and this extractor reaches (measured, not wished for): raise as it improves.
# The gold grew (issue 17) by every other figure the seeds state, counted once each: what the
# extractor states twice under two names ("nine CDRPs", "all nine Community Safety
# Partnerships") or dates or places otherwise than the gold now counts against precision.
MIN_RECALL = Decimal("0.92")
MIN_KEY_RECALL = Decimal("0.99")  # the gold's key figures (those not marked minor)
MIN_PRECISION = Decimal("0.90")


@dataclass(frozen=True)
class Key:
    file: str
    measure: str
    area: str
    value: Decimal
    period_end: date | None


@pytest.fixture(scope="module")
def schemes() -> Schemes:
    return load_schemes(load_ontology(Settings.from_env()))


@pytest.fixture(scope="module")
def extracted(
    schemes: Schemes,
) -> dict[str, tuple[SourceDocument, tuple[ObservationFact, ...]]]:
    _, entries = read_manifest(PROJECT_ROOT / "seeds")
    found = {}
    for entry in entries:
        doc = SourceDocument.from_file(entry.iri, entry.path)
        found[entry.path.name] = (doc, extract_statistics(doc, schemes, FORCE_NAME))
    return found


def keys_of(extracted) -> set[Key]:
    return {
        Key(name, f.measure.slug, f.area, f.value, f.period_end)
        for name, (_, facts) in extracted.items()
        for f in facts
    }


def gold_keys() -> list[tuple[Key, bool]]:
    """The gold's observations as keys (with their "minor" flag); period_end None where the
    gold gives the figure no date."""
    keys = []
    for obs in load_gold("statistics.toml")["observation"]:
        slug = GOLD_TO_SLUG.get(obs["measure"], obs["measure"])
        end = date.fromisoformat(obs["period_end"]) if "period_end" in obs else None
        key = Key(obs["file"], slug or "", obs["area"], Decimal(obs["value"]), end)
        keys.append((key, bool(obs.get("minor"))))
    return keys


def matches(gold: Key, found: Key) -> bool:
    """Same file, measure, area and value; and the same period end where the gold states one
    (where the text gives no date the gold omits it, and the extractor may date the figure by
    the report's own date)."""
    return (gold.file, gold.measure, gold.area, gold.value) == (
        found.file,
        found.measure,
        found.area,
        found.value,
    ) and (gold.period_end is None or gold.period_end == found.period_end)


def ratio(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001"))


# ---------------------------------------------------------------------------------------------
# The vocabulary
# ---------------------------------------------------------------------------------------------


def test_statistics_ttl_has_no_blank_nodes() -> None:
    graph = Graph().parse(STATISTICS_TTL)
    assert not [t for t in graph if any(isinstance(term, BNode) for term in t)]


def test_no_concept_repeats_a_label_across_pref_alt_and_hidden() -> None:
    graph = Graph().parse(STATISTICS_TTL)
    for concept in set(graph.subjects(SKOS.prefLabel, None)):
        labels = [
            str(o).lower()
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
            for o in graph.objects(concept, p)
        ]
        assert len(labels) == len(set(labels)), f"{concept} repeats a label: {sorted(labels)}"


def test_every_measure_names_its_unit_as_its_unit_measure_says(schemes: Schemes) -> None:
    graph = Graph().parse(STATISTICS_TTL)
    units = measure_units(schemes)
    assert len(units) == len(schemes.measures) > 50
    for measure in schemes.measures:
        declared = graph.value(URIRef(measure.iri), SDMX_UNIT)
        assert str(declared) == units[measure.slug].iri, measure.slug


# ---------------------------------------------------------------------------------------------
# The seed reports
# ---------------------------------------------------------------------------------------------


def test_every_evidence_quotes_the_file_and_holds_the_value(extracted) -> None:
    for name, (doc, facts) in extracted.items():
        for fact in facts:
            ev = fact.evidence
            assert doc.text[ev.start : ev.end] == ev.exact, (name, fact)
            digits = str(abs(fact.value)).replace(".", "")
            quoted = re.sub(r"\D", "", ev.exact)
            # numbers in words of any size: "eight", "four hundred and forty five"
            as_word = [n.value for n in spelled_numbers(ev.exact)] == [fact.value]
            as_word = as_word or [n.value for n in spelled_shares(ev.exact)] == [fact.value]
            assert digits.rstrip("0") in quoted or as_word, (name, ev.exact, fact.value)


def test_each_figure_once_and_one_value_per_cube_key(extracted) -> None:
    for name, (_, facts) in extracted.items():
        seen: dict[tuple, Decimal] = {}
        for fact in facts:
            key = (fact.measure.slug, fact.area, fact.period_end)
            assert seen.setdefault(key, fact.value) == fact.value, (name, key)


def test_every_observation_is_in_a_unit_of_its_measure(extracted, schemes: Schemes) -> None:
    units = measure_units(schemes)
    by_iri = {m.iri: m.slug for m in schemes.measures}
    for _, (_, facts) in extracted.items():
        for fact in facts:
            # a measure minted from the text has the unit of its broader concept
            measure = by_iri[fact.measure.broader] if fact.measure.broader else fact.measure.slug
            assert fact.unit == units[measure], fact
            assert fact.area in ("force", "england-and-wales")


COMPETENCY = [
    # (file, measure, area, value, period_end, margin) as the competency questions give them.
    ("2014-crime", "recorded-crime-rate", "force", "50.8", "2014-06-30", None),
    ("2014-crime", "recorded-crime-rate", "england-and-wales", "60.7", "2014-06-30", None),
    ("2015-peel", "recorded-crime-rate", "force", "50.5", "2015-06-30", None),
    ("2015-peel", "recorded-crime-rate", "england-and-wales", "63.0", "2015-06-30", None),
    ("2014-crime", "victim-satisfaction", "force", "88.0", "2014-06-30", "1.4"),
    ("2014-crime", "victim-satisfaction", "england-and-wales", "85.0", "2014-06-30", "0.2"),
    ("2014-crime", "victim-satisfaction", "force", "86.7", "2013-06-30", "1.4"),
    ("2015-peel", "victim-satisfaction", "force", "83.1", "2015-03-31", None),
    ("2015-peel", "victim-satisfaction", "england-and-wales", "83.8", "2015-03-31", None),
    ("2014-crime", "iom-offenders", "force", "502", "2014-07-31", None),
    ("2015-peel", "iom-offenders", "force", "480", "2015-10-19", None),
    ("2015-peel", "iom-domestic-abuse-perpetrators", "force", "139", "2015-10-19", None),
    ("2015-peel", "organised-crime-groups", "force", "82", "2015-06-30", None),
    ("2015-peel", "organised-crime-groups-per-million", "force", "79", "2015-06-30", None),
    ("2015-peel", "ocg-drug-activity", "force", "56", "2015-06-30", None),
]


@pytest.mark.parametrize("expected", COMPETENCY, ids=lambda e: f"{e[0]}-{e[1]}-{e[2]}-{e[3]}")
def test_competency_question_figures(extracted, expected) -> None:
    prefix, measure, area, value, end, margin = expected
    facts = [f for name, (_, fs) in extracted.items() if name.startswith(prefix) for f in fs]
    found = [
        f
        for f in facts
        if (f.measure.slug, f.area, f.value, f.period_end)
        == (measure, area, Decimal(value), date.fromisoformat(end))
    ]
    assert found, f"not extracted: {expected}"
    assert found[0].margin == (Decimal(margin) if margin else None)


def test_recall_and_precision_against_the_gold(extracted) -> None:
    gold = gold_keys()
    found = keys_of(extracted)
    hit = [(g, minor) for g, minor in gold if any(matches(g, f) for f in found)]
    key_gold = [g for g, minor in gold if not minor]
    key_hit = [g for g, minor in hit if not minor]
    correct = [f for f in found if any(matches(g, f) for g, _ in gold)]
    recall = ratio(len(hit), len(gold))
    key_recall = ratio(len(key_hit), len(key_gold))
    precision = ratio(len(correct), len(found))
    missed = sorted(
        (g.file[:4], g.measure, g.area, str(g.value))
        for g, _ in gold
        if not any(matches(g, f) for f in found)
    )
    extra = sorted((f.file[:4], f.measure, f.area, str(f.value)) for f in found - set(correct))
    report = (
        f"recall {recall} ({len(hit)}/{len(gold)}), key recall {key_recall} "
        f"({len(key_hit)}/{len(key_gold)}), precision {precision} ({len(correct)}/{len(found)})"
        f"\nmissed: {missed}\nnot in the gold: {extra}"
    )
    assert recall >= MIN_RECALL, report
    assert key_recall >= MIN_KEY_RECALL, report
    assert precision >= MIN_PRECISION, report


# ---------------------------------------------------------------------------------------------
# A made-up report about a fictional force, in the layouts of the 2014 and 2015 reports
# ---------------------------------------------------------------------------------------------

FICTIONAL = """\
 How effective is the force at cutting crime?

The table below shows crime and anti-social behaviour rates in Wessex Vale (per 1,000
population) compared with the rest of England and Wales.

12 months to March 2019 Wessex Vale
Police
rate (per 1,000
population)

England and Wales
total rate (per 1,000
population)

Crime excluding fraud 61.2 70.4

Victim-based crime 55.0 61.9

Burglary in a dwelling* 4.2 7.7

Anti-social behaviour incidents* 30.1 28.5

*Note that anti-social behaviour data is for the 12 months to December 2018 and the rate for
burglary in a dwelling is the rate per 1,000 households, not population.

In the 12 months to 31 March 2019, Wessex Vale Police recorded 12,345 incidents of
anti-social behaviour. This is 3 percent fewer incidents than the force recorded during
the previous 12 months.

Of those who have been the victim of a crime in Wessex Vale in the 12 months to 31
March 2019, 79.5 percent (± 1.8 percent) were satisfied with their whole experience with
the police. This is similar to the national victim satisfaction rate of 81.2 percent over
the same time period.

The integrated offender management (IOM)7 scheme brings partners together. As of 1 May
2019, 210 offenders were being managed under it.
 Figure 4: Outcomes recorded in the 12 months to 31 March 2019 for all police recorded crime
(excluding fraud)

Source: Home Office crime outcomes data.

Outcome type/group Wessex Vale Police
Number of outcomes Rate England and Wales

Number of outcomes Rate

Charged/Summonsed 8,001                 15.2 600,000                 15.9

     Community resolution 1,234              2.3 110,000                  2.9

7 IOM brings a multi-agency response to the crime and reoffending threats faced by local
communities.
"""

FICTIONAL_EXPECTED = {
    ("recorded-crime-rate", "force", "61.2", "2019-03-31"),
    ("recorded-crime-rate", "england-and-wales", "70.4", "2019-03-31"),
    ("victim-based-crime-rate", "force", "55.0", "2019-03-31"),
    ("victim-based-crime-rate", "england-and-wales", "61.9", "2019-03-31"),
    ("burglary-in-a-dwelling-rate", "force", "4.2", "2019-03-31"),
    ("burglary-in-a-dwelling-rate", "england-and-wales", "7.7", "2019-03-31"),
    ("asb-incident-rate", "force", "30.1", "2018-12-31"),
    ("asb-incident-rate", "england-and-wales", "28.5", "2018-12-31"),
    ("asb-incidents", "force", "12345", "2019-03-31"),
    ("asb-incident-change", "force", "-3", "2019-03-31"),
    ("victim-satisfaction", "force", "79.5", "2019-03-31"),
    ("victim-satisfaction", "england-and-wales", "81.2", "2019-03-31"),
    ("iom-offenders", "force", "210", "2019-05-01"),
    ("outcome-charged-summonsed", "force", "8001", "2019-03-31"),
    ("outcome-charged-summonsed-rate", "force", "15.2", "2019-03-31"),
    ("outcome-charged-summonsed", "england-and-wales", "600000", "2019-03-31"),
    ("outcome-charged-summonsed-rate", "england-and-wales", "15.9", "2019-03-31"),
    ("outcome-community-resolution", "force", "1234", "2019-03-31"),
    ("outcome-community-resolution-rate", "force", "2.3", "2019-03-31"),
    ("outcome-community-resolution", "england-and-wales", "110000", "2019-03-31"),
    ("outcome-community-resolution-rate", "england-and-wales", "2.9", "2019-03-31"),
}


def test_a_fictional_report_in_the_same_layouts(schemes: Schemes) -> None:
    doc = SourceDocument("https://example.org/report/wessex-vale-2019", FICTIONAL, "wessex.txt")
    facts = extract_statistics(doc, schemes, "Wessex Vale Police")
    found = {(f.measure.slug, f.area, str(f.value), f.period_end.isoformat()) for f in facts}
    assert found == FICTIONAL_EXPECTED
    by_key = {(f.measure.slug, f.area, str(f.value)): f for f in facts}
    satisfaction = by_key[("victim-satisfaction", "force", "79.5")]
    assert satisfaction.margin == Decimal("1.8")
    assert satisfaction.evidence.exact == "79.5 percent"
    assert by_key[("burglary-in-a-dwelling-rate", "force", "4.2")].unit.slug == (
        "per-1000-households"
    )
    assert by_key[("asb-incident-rate", "force", "30.1")].period == "12 months to December 2018"
    for fact in facts:
        assert FICTIONAL[fact.evidence.start : fact.evidence.end] == fact.evidence.exact


@pytest.mark.parametrize(
    "comparison",
    [
        "This compares with 88 percent for England and Wales.",
        "The figure for England and Wales was 88 percent.",
        "This compares with an England and Wales average of 88 percent.",
    ],
)
def test_a_figure_compared_with_the_one_before_is_of_its_measure(
    schemes: Schemes, comparison: str
) -> None:
    text = (
        "Wessex Vale Police PEEL 2018/19\n\nIn the year to 31 March 2019, the force answered "
        f"81 percent of emergency calls within 10 seconds. {comparison}\n"
    )
    facts = extract_statistics(
        SourceDocument("https://example.org/r", text), schemes, "Wessex Vale Police"
    )
    found = {
        (f.area, str(f.value), f.period_end.isoformat() if f.period_end else None): f for f in facts
    }
    assert set(found) == {
        ("force", "81", "2019-03-31"),
        ("england-and-wales", "88", "2019-03-31"),
        ("force", "10", None),  # the time limit the 81 percent is of
    }
    assert found[("england-and-wales", "88", "2019-03-31")].measure == (
        found[("force", "81", "2019-03-31")].measure
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # real: Cambridgeshire, PEEL effectiveness 2014
        (
            "There has been a 22 percent reduction in crime in Wessex Vale over the past four "
            "years.",
            ("other-percent/change-in-crime", "-22"),
        ),
        (
            "Wessex Vale Police saw a 5 percent increase in the number of arrests in 2018.",
            ("other-percent/change-in-arrests", "5"),
        ),
        # How many there are, said as a part: "all N of its <things>".
        (
            "Wessex Vale Police has teams in all 105 of its neighbourhoods.",
            ("other-count/neighbourhoods", "105"),
        ),
        # One team's change, not the force area's: no figure.
        ("A neighbourhood team had achieved a 20 per cent reduction in crime.", None),
    ],
)
def test_a_percentage_change_or_a_whole_count(schemes: Schemes, sentence: str, expected) -> None:
    text = f"Wessex Vale Police PEEL 2016\n\n{sentence}\n"
    doc = SourceDocument("https://example.org/r", text)
    found = [
        (f.measure.slug, str(f.value))
        for f in extract_statistics(doc, schemes, "Wessex Vale Police")
    ]
    assert found == ([expected] if expected else [])


def test_a_heading_over_a_sentence_is_not_its_start(schemes: Schemes) -> None:
    # A page scraped one line a paragraph (real: Cleveland, PEEL 2021/22 summary): the heading
    # no longer hides the sentence's opening "In 2014," from the figure's period.
    text = (
        "Wessex Vale Police PEEL 2021/22\n"
        "Important changes to PEEL\n"
        "In 2014, we introduced our inspections, which assess the performance of all 43 police "
        "forces in England and Wales.\n"
    )
    doc = SourceDocument("https://example.org/r", text)
    facts = extract_statistics(doc, schemes, "Wessex Vale Police")
    assert [(f.area, str(f.value), str(f.period_end)) for f in facts] == [
        ("england-and-wales", "43", "2014-12-31")
    ]


def test_a_figure_of_another_measure_is_not_taken_for_a_comparison(schemes: Schemes) -> None:
    # No figure of the same unit before it: nothing to compare with, nothing made up.
    text = (
        "Wessex Vale Police PEEL 2018/19\n\nThe force has 502 officers. The figure for England "
        "and Wales was 88 percent.\n"
    )
    facts = extract_statistics(
        SourceDocument("https://example.org/r", text), schemes, "Wessex Vale Police"
    )
    assert [str(f.value) for f in facts if f.area == "england-and-wales"] == []


def test_a_report_with_no_measures_in_the_ontology_gives_nothing(schemes: Schemes) -> None:
    empty = Schemes(schemes.grades, schemes.themes, schemes.finding_types, ())
    doc = SourceDocument("https://example.org/r", FICTIONAL, "r.txt")
    assert extract_statistics(doc, empty, "Wessex Vale Police") == ()


def test_read_by_path_as_the_builder_reads_it(schemes: Schemes, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(FICTIONAL.replace("\n", "\r\n"), encoding="utf-8", newline="")
    doc = SourceDocument.from_file("https://example.org/r", path)
    facts = extract_statistics(doc, schemes, "Wessex Vale Police")
    assert len(facts) == len(FICTIONAL_EXPECTED)
    for fact in facts:
        assert doc.text[fact.evidence.start : fact.evidence.end] == fact.evidence.exact


# ---------------------------------------------------------------------------------------------
# One rule at a time, on made-up text: what must give a figure, and what must not
# ---------------------------------------------------------------------------------------------


def figures_in(schemes: Schemes, text: str) -> set[tuple[str, str, str, str, str | None]]:
    """(measure, area, value, period as worded, end date) of every figure in `text`."""
    doc = SourceDocument("https://example.org/report/rule", text, "rule.txt")
    return {
        (
            f.measure.slug,
            f.area,
            str(f.value),
            f.period,
            f.period_end.isoformat() if f.period_end else None,
        )
        for f in extract_statistics(doc, schemes, "Wessex Vale Police")
    }


def test_a_time_worded_without_a_date_gives_no_end_date(schemes: Schemes) -> None:
    text = """\
March 2019

There are 6 CDRPs which cover the force area.

The abstraction rate for neighbourhood staff has reduced to 7.5% at the time of inspection.

To date, 12 CDRPs have been set up across England and Wales.
"""
    assert figures_in(schemes, text) == {
        # no time worded: as at the report's own date
        ("crime-and-disorder-reduction-partnerships", "force", "6",
         "March 2019 (the report's date)", "2019-03-31"),
        # a time worded without a date: kept as worded, with no end date
        ("neighbourhood-abstraction-rate", "force", "7.5", "at the time of inspection", None),
        ("crime-and-disorder-reduction-partnerships", "england-and-wales", "12", "To date", None),
    }  # fmt: skip


def test_a_year_in_the_figures_clause_and_a_by_date_are_its_period(schemes: Schemes) -> None:
    text = """\
In 2010 the force set out to cut crime. There are 12 CDRPs which cover the force area.

The force had 7 CDRPs in 2016.

Since 2012 there have been 9 CDRPs across England and Wales.

Two more partnerships will be set up by 1st October 2019. This will give 14 CDRPs.
"""
    assert figures_in(schemes, text) == {
        # a year in another sentence is not the figure's time
        ("crime-and-disorder-reduction-partnerships", "force", "12", "", None),
        ("crime-and-disorder-reduction-partnerships", "force", "7", "2016", "2016-12-31"),
        ("crime-and-disorder-reduction-partnerships", "force", "14",
         "by 1st October 2019", "2019-10-01"),
        # "since" a year is no period
        ("crime-and-disorder-reduction-partnerships", "england-and-wales", "9", "", None),
    }  # fmt: skip


def test_a_count_restated_by_its_head_word_in_the_next_sentence(schemes: Schemes) -> None:
    text = """\
There are 30 sergeants dedicated to SNTs. This has increased from the twelve sergeants who
were dedicated when the force was inspected in 2015.

There are 30 sergeants dedicated to SNTs.

The ratio of staff to sergeants is 6 to 1 and 4 sergeants work on response.
"""
    assert figures_in(schemes, text) == {
        ("snt-sergeants", "force", "30", "", None),
        ("snt-sergeants", "force", "12", "2015", "2015-12-31"),
        # another paragraph does not restate the count: its 4 sergeants are a count of their
        # own, minted from the words it counts
        ("other-count/sergeants", "force", "4", "", None),
    }


def test_police_authority_members_councils_priorities_budget(schemes: Schemes) -> None:
    text = """\
The Wessex PA consists of 19 members: 5 councillors from Wessex Vale City Council,
6 councillors from Wessex County Council, 4 magistrates and 4 independent members.

Wessex is a county with a further six borough and district councils.

The seven priorities agreed for 2019 include burglary and rape. Each is one of the top
priorities for policing, set in six monthly priorities for divisions.

With over 75% of the budget being spent on police officers and police staff, people
matter. Over the last two years they have redeployed 30 police officers from support roles
and returned them to front-line duties. The force redeployed 3 vans last year.

The report was read by 3 magistrates and 2 councillors.
"""
    assert figures_in(schemes, text) == {
        # the city's councillors stand first: the later parts that end soonest win
        ("police-authority-members-city-councillors", "force", "5", "", None),
        ("police-authority-members-county-councillors", "force", "6", "", None),
        ("police-authority-members-magistrates", "force", "4", "", None),
        ("police-authority-members-independent", "force", "4", "", None),
        ("borough-and-district-councils", "force", "6", "", None),
        ("force-priorities", "force", "7", "2019", "2019-12-31"),
        ("budget-share-on-officers-and-staff", "force", "75", "", None),
        ("officers-redeployed-to-front-line", "force", "30", "Over the last two years", None),
        # not "one of the top priorities" or "six monthly priorities" (a frequency); the 3
        # vans, the 19 members, and the magistrates and councillors with no police authority
        # named before them are counts of measures minted from the words they count
        ("other-count/members", "force", "19", "", None),
        ("other-count/vans", "force", "3", "last year", None),
        ("other-count/magistrates", "force", "3", "", None),
        ("other-count/councillors", "force", "2", "", None),
    }


def test_a_comparison_that_gives_the_subjects_figure_with_at(schemes: Schemes) -> None:
    text = """\
March 2019

The black and minority ethnic (BME) proportion of the population is lower than the national
average at just under 6%. Almost 70% of the BME population lives in the city of Wessex.

In Wessex the BME proportion of the population is 4%, lower than the national average of 9%.
"""
    end = "2019-03-31"
    dated = "March 2019 (the report's date)"
    assert figures_in(schemes, text) == {
        # "at" gives the subject's own figure, not the national average's
        ("bme-population-share", "force", "6", dated, end),
        ("bme-population-in-city-share", "force", "70", dated, end),
        ("bme-population-share", "force", "4", dated, end),
        # "of" gives the national average's
        ("bme-population-share", "england-and-wales", "9", dated, end),
    }

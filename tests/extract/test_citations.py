"""Reports cited by title (kg.extract.citations). The gold (tests/gold/citations.toml) was
written by hand from the reports' text; the short texts below were written for these tests."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from kg.extract.citations import find_citations
from kg.source.document import SourceDocument
from tests.paths import GOLD_DIR, PROJECT_ROOT, TESTS_DIR

REPORTS = sorted(
    [
        *(PROJECT_ROOT / "seeds").glob("*.txt"),
        *(TESTS_DIR / "corpus" / "fictional").glob("*.txt"),
        *(TESTS_DIR / "corpus" / "real").glob("*.txt"),
    ]
)


def _gold() -> list[dict]:
    with open(GOLD_DIR / "citations.toml", "rb") as handle:
        return tomllib.load(handle)["citation"]


def _found(path: Path) -> Counter:
    doc = SourceDocument.from_file("https://example.org/report", path)
    found = Counter()
    for citation in find_citations(doc):
        evidence = citation.evidence
        assert doc.text[evidence.start : evidence.end] == evidence.exact
        line = doc.text.count("\n", 0, evidence.start) + 1
        found[(" ".join(citation.title.split()), citation.year, line)] += 1
    return found


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_every_report_cites_what_the_gold_says(path: Path) -> None:
    expected = Counter(
        (g["title"], g.get("year"), g["line"]) for g in _gold() if g["file"] == path.name
    )
    assert _found(path) == expected


def _cited(text: str) -> list[tuple[str, int | None]]:
    doc = SourceDocument("https://example.org/report", text)
    return [(c.title, c.year) for c in find_citations(doc)]


def test_a_quoted_title_after_a_word_naming_a_publication() -> None:
    text = "Our report 'Making the Connection' was published in 2019 and read widely.\n"
    assert _cited(text) == [("Making the Connection", 2019)]


def test_a_title_after_report_needs_a_subtitle() -> None:
    cited = _cited(
        "In response to the HMIC report, Core business: An inspection into crime prevention "
        "(published in 2014), the force changed its plans.\n"
        "In our report, Forces should act now to improve.\n"
    )
    assert cited == [("Core business: An inspection into crime prevention", 2014)]


def test_a_running_header_and_a_quoted_phrase_are_no_citations() -> None:
    text = (
        "PEEL: Police legitimacy 2017 – Wessex Police\n\n"
        "Officers called it 'a good start' when we spoke to them.\n"
    )
    assert _cited(text) == []


def test_a_footnote_with_two_titles_and_the_inspectorate() -> None:
    text = (
        "1 PEEL: Police efficiency 2016 and PEEL: Police legitimacy 2016 – Wessex\n"
        "Police, HMIC, 2016.\n"
        "2 The Strategic Policing Requirement, Home Office, March 2015.\n"
    )
    assert _cited(text) == [
        ("PEEL: Police efficiency 2016", 2016),
        ("PEEL: Police legitimacy 2016 – Wessex Police", 2016),
    ]

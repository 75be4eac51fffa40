"""Numbers written in words, of any size, read by the grammar of English numerals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.statistics.numerals import spelled_numbers, spelled_shares


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("four hundred and forty five special constables", [("four hundred and forty five", 445)]),
        (
            "an estimated one thousand three hundred and fifty schemes",
            [("one thousand three hundred and fifty", 1350)],
        ),
        ("approximately twelve thousand contacts", [("twelve thousand", 12000)]),
        ("seventy six potential recruits", [("seventy six", 76)]),
        ("within twenty-eight days", [("twenty-eight", 28)]),
        ("thirty nine section officers", [("thirty nine", 39)]),
        ("two million and five", [("two million and five", 2_000_005)]),
        ("Levels one and two", [("one", 1), ("two", 2)]),
        # a length joined by a hyphen is a number (kg.extract.statistics reads its unit)
        ("a three-year plan", [("three", 3)]),
    ],
)
def test_numbers_in_words_of_any_size(text: str, expected: list[tuple[str, int]]) -> None:
    found = [(text[n.start : n.end], n.value) for n in spelled_numbers(text)]
    assert found == [(words, Decimal(value)) for words, value in expected]


@pytest.mark.parametrize("text", ["a one-off payment", "two-thirds", "hundreds of people"])
def test_words_that_are_no_number(text: str) -> None:
    assert spelled_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "words", "percent"),
    [
        ("More than two-thirds of forces", "two-thirds", "66.7"),
        ("a third of victims", "a third", "33.3"),
        ("nine in ten people", "nine in ten", "90"),
        ("one out of five calls", "one out of five", "20"),
        ("three quarters of staff", "three quarters", "75"),
    ],
)
def test_shares_in_words_are_percentages(text: str, words: str, percent: str) -> None:
    (share,) = spelled_shares(text)
    assert (text[share.start : share.end], str(share.value)) == (words, percent)

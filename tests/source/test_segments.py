"""kg.source.segments: paragraphs, prose, sentences, clauses and quotes, on small texts whose
answers were worked out by hand."""

from __future__ import annotations

import re

from kg.source.document import SourceDocument
from kg.source.segments import (
    clause_bounds,
    ends_sentence,
    line_number,
    paragraph_around,
    paragraphs,
    prose_paragraphs,
    quote_spans,
    sentences,
)


def doc(text: str) -> SourceDocument:
    return SourceDocument("report", text)


def test_paragraphs_are_runs_of_non_blank_lines() -> None:
    text = "First line\nsecond line\n\n Page two starts\nmore\n\n\nLast"
    assert paragraphs(doc(text)) == [(0, 22), (24, 45), (48, 52)]


def test_a_page_start_opens_a_paragraph() -> None:
    # PDF extraction marks a page's first line with one leading space.
    assert paragraphs(doc("a\n Page\nb")) == [(0, 1), (2, 9)]


def test_a_line_of_white_space_is_blank() -> None:
    # "two\r" keeps its "\r" (lines are split at "\n" only, as shipped).
    assert paragraphs(doc("one\n \t\ntwo\r\n\r\nthree")) == [(0, 3), (7, 11), (14, 19)]


def test_prose_joins_what_runs_on_and_cuts_at_bullets() -> None:
    text = (
        "The force has 12 officers\n"  # 0-25, no sentence end
        "\n"
        "and 3 staff.\n"  # 27-39: lower case runs on over the blank line
        "• A bullet\n"  # 40-50: a bullet opens a paragraph
        "Table 1 2\n"  # 51-60: left out
        "continues here.\n"  # 61-76: runs on past the left-out line, as a second span
        " Next page."  # 77-88: a page after a sentence end opens a paragraph
    )
    assert prose_paragraphs(doc(text), {4}) == [[(0, 39)], [(40, 50), (61, 76)], [(77, 88)]]


def test_prose_runs_on_over_a_page_in_mid_sentence() -> None:
    text = "We have\n Many more."
    assert paragraphs(doc(text)) == [(0, 7), (8, 19)]
    assert prose_paragraphs(doc(text), set()) == [[(0, 19)]]


def test_prose_after_a_gap_in_upper_case_is_a_new_paragraph() -> None:
    assert prose_paragraphs(doc("One\n\nTwo"), set()) == [[(0, 3)], [(5, 8)]]


def test_sentences_end_after_closing_quotes_and_start_at_a_number() -> None:
    text = "He said “no.” Then 3 left. 4 stayed."
    assert sentences(text) == [(0, 13), (14, 26), (27, 36)]


def test_sentences_do_not_break_before_lower_case() -> None:
    assert sentences("See p. ten. Done") == [(0, 11), (12, 16)]


def test_sentences_with_other_breaks() -> None:
    assert sentences("One. Two.", re.compile(r"(?<=[.!?])\s+(?=[A-Z])")) == [(0, 4), (5, 9)]
    assert sentences("") == []


def test_the_clause_around_a_figure() -> None:
    text = "In 2015, crime fell by 3 percent compared with 2014"
    assert clause_bounds(text, text.index("3")) == (9, 32)
    assert clause_bounds(text, 0) == (0, 7)
    assert clause_bounds(text, text.index("2014")) == (33, len(text))


def test_a_clause_with_other_breaks() -> None:
    assert clause_bounds("chaired by the DCC and others", 0, re.compile(r"\sand\s")) == (0, 18)


def test_a_line_ends_a_sentence() -> None:
    assert ends_sentence("the end.")
    assert ends_sentence("as follows:")
    assert ends_sentence("He said “no.”")
    assert not ends_sentence("a list item;")
    assert ends_sentence("a list item;", stops=".;:!?")
    assert ends_sentence("See (page 4.)")
    assert not ends_sentence("See (page 4.)", closers="'’\"”")
    assert not ends_sentence("Rate (percent)")


def test_quotes_match_any_white_space() -> None:
    text = "a quoted\n  phrase and a quoted phrase"
    assert quote_spans(text, "quoted phrase") == [(2, 17), (24, 37)]
    assert [line_number(text, start) for start, _ in quote_spans(text, "quoted  phrase")] == [1, 2]
    assert quote_spans(text, "quoted phrases") == []
    assert quote_spans("a (b) c", "(b)") == [(2, 5)]


def test_the_paragraphs_around_a_quote() -> None:
    spans = [(0, 22), (24, 45), (48, 52)]
    assert paragraph_around(spans, 30, 35) == (24, 45)
    assert paragraph_around(spans, 5, 30) == (0, 45)
    assert paragraph_around(spans, 48, 52) == (48, 52)
    assert paragraph_around([], 3, 4) == (3, 4)


def test_a_heading_line_over_a_sentence_opens_a_paragraph() -> None:
    # A page scraped one line a paragraph: a short capitalised line with no stop heads the
    # line under it; a short line ending on a word that runs on does not.
    text = "Important changes to PEEL\nIn 2014, we began.\nWe looked at the work of\nThe Force."
    found = [[text[s:e] for s, e in spans] for spans in prose_paragraphs(doc(text), set())]
    assert found == [
        ["Important changes to PEEL"],
        ["In 2014, we began.\nWe looked at the work of\nThe Force."],
    ]

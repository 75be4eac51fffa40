"""Property-based tests of the normalisation map: every normalised character points back at
the character of the file it came from."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.source.text import Vocabulary, document_vocabulary, normalise

# Text shaped like PDF extraction: words, spaces, line breaks, hyphens, bullets, quotes.
pdf_text = st.lists(
    st.sampled_from([*"abcdefgh ABC-\n\n  \u2011\u00a0•’.,?", "anti", "social", "-\n"]),
    max_size=80,
).map("".join)


@given(pdf_text)
@example("anti-\nsocial behaviour")
@example("organi-\nsation and organisation")
@example("  \n leading and trailing \n ")
def test_every_character_maps_to_its_origin(source: str) -> None:
    result = normalise(source, vocabulary=document_vocabulary(source))
    assert len(result.origin) == len(result.text)
    assert list(result.origin) == sorted(set(result.origin)), "origins strictly increase"
    for char, at in zip(result.text, result.origin, strict=True):
        original = source[at]
        assert (
            char == original
            or (char == " " and original.isspace())
            or (char == "-" and original in "\u2010\u2011")
        ), (char, original)


@given(pdf_text)
def test_nothing_but_white_space_and_line_end_hyphens_is_dropped(source: str) -> None:
    result = normalise(source, vocabulary=document_vocabulary(source))
    kept = set(result.origin)
    for at, char in enumerate(source):
        if at not in kept:
            assert char.isspace() or char in "-\u2010\u2011", (at, char)


@given(pdf_text, st.data())
@settings(max_examples=300)
def test_a_slice_maps_to_a_span_that_normalises_to_the_slice(source: str, data) -> None:
    vocabulary = document_vocabulary(source)
    whole = normalise(source, vocabulary=vocabulary)
    if not whole.text:
        return
    start = data.draw(st.integers(0, len(whole.text) - 1))
    end = data.draw(st.integers(start + 1, len(whole.text)))
    piece = whole.text[start:end].strip()
    if not piece or whole.text[start] == " " or whole.text[end - 1] == " ":
        return
    span_start, span_end = whole.source_span(start, end)
    again = normalise(source, span_start, span_end, vocabulary)
    assert again.text == whole.text[start:end]


def test_line_end_hyphen_kept_for_real_compounds_and_dropped_for_split_words() -> None:
    vocabulary = Vocabulary(
        words=frozenset({"organisation"}), hyphenated=frozenset({"anti-social"})
    )
    assert normalise("anti-\nsocial", vocabulary=vocabulary).text == "anti-social"
    assert normalise("organi-\nsation", vocabulary=vocabulary).text == "organisation"
    # Nothing known either way: keep what the file says.
    assert normalise("joined-\nup", vocabulary=vocabulary).text == "joined-up"


def test_the_source_span_of_a_joined_word_covers_the_line_break() -> None:
    source = "the anti-\nsocial team"
    result = normalise(source)
    start = result.text.index("anti-social")
    span = result.source_span(start, start + len("anti-social"))
    assert source[span[0] : span[1]] == "anti-\nsocial"


def test_every_slice_of_tricky_texts_maps_back() -> None:
    for source in ("aaa-\na", "anti-\n social-\n\nbehaviour", "a - \nb", "x\u2011\ny z"):
        vocabulary = document_vocabulary(source)
        whole = normalise(source, vocabulary=vocabulary)
        for start in range(len(whole.text)):
            for end in range(start + 1, len(whole.text) + 1):
                if whole.text[start] == " " or whole.text[end - 1] == " ":
                    continue
                span = whole.source_span(start, end)
                assert normalise(source, *span, vocabulary).text == whole.text[start:end]

"""Normalising PDF text while keeping a map back to offsets in the file as shipped.

PDF extraction leaves line breaks inside sentences, words hyphenated across lines
("anti-\\nsocial") and runs of spaces. Facts carry the normalised text, but their evidence must
point into the original file, so every character of the normalised text remembers the offset of
the character it came from.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Characters that stand for a plain hyphen in PDF text (hyphen, non-breaking hyphen).
_HYPHENS = {"-": "-", "\u2010": "-", "\u2011": "-"}
_WORD_BEFORE = re.compile(r"[A-Za-z]+$")
_WORD_AFTER = re.compile(r"^[a-z]+")
# Text that normalises to itself, character for character (hyphens become "-"): it starts with
# a character that is no white space, and holds single spaces between such characters, and
# hyphens with no white space after them (so none is at a line end).
_SAME = r"[^\s\-\u2010\u2011]|[\-\u2010\u2011](?=\S)"
_UNCHANGED = re.compile(rf"(?:{_SAME})(?:{_SAME}| (?=\S))*")
_PLAIN_HYPHENS = str.maketrans(_HYPHENS)


@dataclass(frozen=True)
class Normalised:
    """Normalised text and, for each of its characters, the offset it came from."""

    text: str
    origin: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original file that text[start:end] was made from."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"empty or out-of-range slice {start}:{end} of {len(self.text)}")
        return self.origin[start], self.origin[end - 1] + 1


@dataclass(frozen=True)
class Vocabulary:
    """A document's own words, used to decide whether a line-end hyphen is real."""

    words: frozenset[str] = frozenset()
    hyphenated: frozenset[str] = frozenset()

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """Keep "anti-social" (written so elsewhere); drop it in "organi-sation" when only
        "organisation" is written elsewhere; keep it when the document does not say."""
        left, right = left.lower(), right.lower()
        if f"{left}-{right}" in self.hyphenated:
            return True
        return f"{left}{right}" not in self.words


def document_vocabulary(source: str) -> Vocabulary:
    """The vocabulary of a whole document (hyphens at line ends are not counted)."""
    flat = re.sub(r"[-\u2010\u2011]\s*\n\s*", "\n", source)
    return Vocabulary(
        words=frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", flat)),
        hyphenated=frozenset(
            w.lower().replace("\u2010", "-").replace("\u2011", "-")
            for w in re.findall(r"[A-Za-z]+(?:[-\u2010\u2011][A-Za-z]+)+", flat)
        ),
    )


def normalise(
    source: str,
    start: int = 0,
    end: int | None = None,
    vocabulary: Vocabulary | None = None,
) -> Normalised:
    """Normalise source[start:end]: whitespace runs become one space, ends are trimmed, and a
    word hyphenated across a line break is joined.

    Whether the hyphen of a joined word stays is the vocabulary's call (see Vocabulary).
    """
    end = len(source) if end is None else end
    vocabulary = vocabulary or Vocabulary()
    chars: list[str] = []  # pieces of the normalised text, none empty
    origin: list[int] = []
    i = start
    while i < end:
        same = _UNCHANGED.match(source, i, end)
        if same is not None:
            # Most of a text (a line at a time in PDF text), copied as it stands.
            chars.append(same.group(0).translate(_PLAIN_HYPHENS))
            origin.extend(range(i, same.end()))
            i = same.end()
            continue
        ch = source[i]
        if ch.isspace():
            j = i
            while j < end and source[j].isspace():
                j += 1
            if chars and j < end and chars[-1][-1] != " ":
                chars.append(" ")
                origin.append(i)
            i = j
            continue
        if ch in _HYPHENS and _is_line_end_hyphen(source, i, end):
            j = i + 1
            while j < end and source[j].isspace():
                j += 1
            # The word before is read from the file, so a slice that starts at the hyphen
            # decides as the whole text does.
            left = _WORD_BEFORE.search(source[max(0, i - 40) : i])
            right = _WORD_AFTER.search(source[j : min(end, j + 40)])
            assert left and right  # guaranteed by _is_line_end_hyphen
            if vocabulary.keeps_hyphen(left.group(0), right.group(0)):
                chars.append("-")
                origin.append(i)
            i = j
            continue
        chars.append(_HYPHENS.get(ch, ch) if ch != "\u00a0" else " ")
        origin.append(i)
        i += 1
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return Normalised("".join(chars), tuple(origin))


def _is_line_end_hyphen(source: str, i: int, end: int) -> bool:
    """A hyphen after a letter, followed by a line break and then a lower-case letter."""
    if i == 0 or not source[i - 1].isalpha():
        return False
    j = i + 1
    saw_newline = False
    while j < end and source[j].isspace():
        saw_newline = saw_newline or source[j] == "\n"
        j += 1
    return saw_newline and j < end and source[j].islower()


# Besides a letter's other case, re.IGNORECASE takes these for an ASCII letter: dotless and
# dotted I for "i", long s for "s", the Kelvin sign for "k".
_IGNORECASE_FOLD = str.maketrans({"\u0131": "i", "\u0130": "i", "\u017f": "s", "\u212a": "k"})


def folded(text: str) -> str:
    """The text for `may_contain`: read once, tested against many phrases."""
    return text.translate(_IGNORECASE_FOLD).lower()


def may_contain(folded_text: str, phrase: str) -> bool:
    """False when a case-blind match of the phrase (its words in order, any white space
    between) cannot be in the text, because one of its ASCII words is nowhere in it: a test far
    quicker than the regular expression, run first where many phrases meet one text."""
    return all(word in folded_text for word in _ascii_words(phrase))


@functools.cache
def _ascii_words(phrase: str) -> tuple[str, ...]:
    # Longest first: the rarest, most often the one missing.
    words = {w.lower() for w in phrase.split() if w.isascii()}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))

"""Numbers written in words, of any size: "seventy six", "twenty-eight", "four hundred and forty
five", "one thousand three hundred and fifty", "twelve thousand"; read by the grammar of
English numerals (units and teens, tens, hundred, thousand, million), not from a list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# fmt: off
_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")
# fmt: on
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = {"thousand": 1000, "million": 1_000_000}
_WORD = "|".join([*_SMALL[1:], *_TENS, "hundred", *_SCALES])
# A run of number words joined by spaces, hyphens or "and" ("four hundred and forty five"); a
# hyphen after it into another word ("three-year", "one-off") makes it no number.
_RUN = re.compile(
    # Not before a hyphen ("one-off", "two-thirds"), but for a length ("a two-year programme").
    rf"\b(?:{_WORD})(?:(?:\s+and\s+|\s+|[-‐])(?:{_WORD}))*\b(?![-‐](?!(?:week|year)\b))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SpelledNumber:
    value: Decimal
    start: int
    end: int


def spelled_numbers(text: str) -> list[SpelledNumber]:
    """Every number written in words in the text, with where it stands. A run that does not
    read as one number ("one two") is read as far as it does."""
    found = []
    for match in _RUN.finditer(text):
        words = list(re.finditer(r"[A-Za-z]+", match.group(0)))
        position = 0
        while position < len(words):
            value, used = _read([w.group(0).lower() for w in words[position:]])
            if used == 0:
                position += 1
                continue
            last = words[position + used - 1]
            found.append(
                SpelledNumber(
                    Decimal(value),
                    match.start() + words[position].start(),
                    match.start() + last.end(),
                )
            )
            position += used
    return found


def _read(words: list[str]) -> tuple[int, int]:
    """The value of the longest number the words start with, and how many words it takes
    ("and" included); (0, 0) if they start with none."""
    total, used = 0, 0
    group, group_used = _below_thousand(words)
    if group_used == 0:
        return 0, 0
    used = group_used
    value = group
    while used < len(words) and words[used] in _SCALES:
        scale = _SCALES[words[used]]
        total += value * scale
        used += 1
        rest = words[used:]
        if rest[:1] == ["and"]:
            rest = rest[1:]
        following, taken = _below_thousand(rest)
        if taken == 0:
            return total, used
        used += taken + (len(words[used:]) - len(rest))
        value = following
    return total + value, used


def _below_thousand(words: list[str]) -> tuple[int, int]:
    """A number under a thousand at the start: "four hundred and forty five" -> 445, 5 words."""
    value, used = _below_hundred(words)
    if used == 0:
        return 0, 0
    if used == 1 and words[1:2] == ["hundred"] and value < 10:
        value *= 100
        used = 2
        rest = words[2:]
        if rest[:1] == ["and"]:
            tail, taken = _below_hundred(rest[1:])
            if taken:
                return value + tail, used + 1 + taken
        else:
            tail, taken = _below_hundred(rest)
            if taken:
                return value + tail, used + taken
    return value, used


def _below_hundred(words: list[str]) -> tuple[int, int]:
    if not words:
        return 0, 0
    first = words[0]
    if first in _SMALL[1:]:
        return _SMALL.index(first), 1
    if first in _TENS:
        tens = 20 + 10 * _TENS.index(first)
        if len(words) > 1 and words[1] in _SMALL[1:10]:
            return tens + _SMALL.index(words[1]), 2
        return tens, 1
    return 0, 0


_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "tenth": 10, "tenths": 10,
}  # fmt: skip
_FRACTION = re.compile(
    rf"\b(a|an|one|{'|'.join(_SMALL[2:10])})[-‐\s]({'|'.join(_DENOMINATORS)})\b"
    rf"|\b({'|'.join(_SMALL[1:11])})\s+(?:in|out\s+of)\s+(two|three|four|five|ten)\b",
    re.IGNORECASE,
)


def spelled_shares(text: str) -> list[SpelledNumber]:
    """Shares written in words, as percentages to one decimal place: "a third" (33.3),
    "two-thirds" (66.7), "nine in ten" (90), "one out of five" (20)."""
    found = []
    for match in _FRACTION.finditer(text):
        if match.group(1):
            word = match.group(1).lower()
            numerator = 1 if word in ("a", "an") else _SMALL.index(word)
            denominator = _DENOMINATORS[match.group(2).lower()]
        else:
            numerator = _SMALL.index(match.group(3).lower())
            denominator = _SMALL.index(match.group(4).lower())
        if numerator >= denominator:
            continue
        share = (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"))
        found.append(
            SpelledNumber(
                share.quantize(Decimal(1)) if share == share.to_integral_value() else share,
                match.start(),
                match.end(),
            )
        )
    return found

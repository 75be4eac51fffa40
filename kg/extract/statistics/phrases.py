"""Matching labels and phrases of the ontology in text: whatever the case, any run of white
space for a space, at word edges; a gapped phrase ("IOM … offenders") matches its parts in
order."""

from __future__ import annotations

import functools
import re

GAP = " … "  # between the parts of a gapped phrase


@functools.cache
def _pattern(phrase: str) -> re.Pattern[str]:
    # Word edges where the phrase starts or ends with a word character (a number may stick to
    # its start); whitespace as any run.
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    if phrase[:1].isalnum():
        # No letter just before the phrase ("189Officers" counts officers). Asserted after its
        # first character (which stands unescaped at body[0]) rather than before it: the same
        # matches, but most places in a text now fail on that character without running the
        # look-behind, three times faster on a paragraph.
        body = body[0] + r"(?<![^\W\d_][\s\S])" + body[1:]
    tail = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return re.compile(body + tail, re.IGNORECASE)


def find(text: str, phrase: str) -> re.Match[str] | None:
    return _pattern(phrase).search(text) if phrase.strip() else None


def find_all(text: str, phrase: str) -> list[re.Match[str]]:
    return list(_pattern(phrase).finditer(text)) if phrase.strip() else []


def match_phrase(text: str, phrase: str) -> tuple[int, int, str] | None:
    """Where a phrase stands in a text; a gapped phrase's parts in order."""
    parts = phrase.split(GAP)
    position = 0
    spans = []
    for part in parts:
        match = find(text[position:], part)
        if match is None:
            return None
        spans.append((position + match.start(), position + match.end()))
        position += match.end()
    return spans[0][0], spans[-1][1], GAP.join(text[s:e] for s, e in spans)

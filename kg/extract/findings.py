"""Blocks of findings in an inspection report: areas for improvement, recommendations, causes
of concern, strengths (whatever the finding-type scheme names) under their headings.

kg.extract.structure hands each line here (finding_block) and says which lines open a new
section (a question heading): those end a block of findings too. What the layouts share, and
all this module keys on:

- a heading names a finding type, alone ("Areas for improvement"), numbered ("Area for
  improvement 1", "AFI 3") or with its text after a colon ("Area for improvement 2: The force
  should ...");
- the findings under it are bullets, or paragraphs when there are none (the first, then each
  that directs the force: "Within three months, the force should ..."); a line ending ":"
  ("We recommend that, within six months, the force should:") and the list it leads are one
  finding, as a recommendation and its lettered parts are;
- a finding ends at the next bullet, a blank line, a heading of any kind (a question, a grade
  line, "Summary", a short line without a full stop...) or, in text whose paragraphs each
  stand on one line (a web page), at its line's end; in text wrapped at a page width (a PDF) a
  bullet runs on over its line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.source.document import Line, SourceDocument
from kg.source.schemes import Concept, Schemes
from kg.source.segments import ends_sentence

_BULLET = re.compile(r"^(?:[•▪◦●*]|-(?=\s)|–(?=\s)|-\s*\d+\.)\s*")
_PART = re.compile(r"^\(([a-z])\)\s+")
_SUMMARY_HEADING = re.compile(r"^Summary( of findings| statement)?$", re.IGNORECASE)
# "Area for improvement 2", "AFI 3: The force should ...", "Recommendation 1 – ..."
_NUMBERED = re.compile(r"^(?P<label>.+?)\s+\d+\s*(?:[:.–-]\s*(?P<rest>\S.*))?$")
# "Area for improvement: The force should ..."
_LABELLED = re.compile(r"^(?P<label>[^:]{2,40}?)\s*:\s*(?P<rest>\S.*)$")
# Web pages of 2016-17 put this before each question's detail.
_SECTION_END = re.compile(r"^Detailed findings for question (\d+)\b", re.IGNORECASE)
# Any question standing as a line ends a block, whether or not its theme is known.
_QUESTION_LINE = re.compile(r"^How\b.*\?$")
# A paragraph that directs the force: "The force should ...", "Within three months, Kestwick
# Constabulary should ...".
_DIRECTIVE = re.compile(
    r"^(?:(?:Within|By)\s[^,]{2,40},\s*)?"
    r"(?:[Tt]he\s+(?:force|constabulary)|(?:[A-Z][\w’'-]+\s+){1,4}(?:Police|Constabulary))"
    r"\s+(?:should|must)\b"
)
# A heading-like line: short, and not ending as a sentence or a clause does.
_HEADING_MAX = 80
_HEADING_SHARE = 0.6
# In wrapped text, a line ending a sentence well short of the width ends its paragraph.
_PARAGRAPH_END_SHARE = 0.75
_CLAUSE_STOPS = ".?!:;,"
# Text counts as wrapped at a page width (a PDF) when most of its long lines end mid-sentence
# and they are no longer than a page line can be.
_WRAPPED_SHARE = 0.5
_WRAPPED_WIDTH = 140

# Whether line i of the document opens a new section (given by kg.extract.structure).
Opens = Callable[[int], bool]


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class FindingItem:
    kind: Concept
    span: Span
    parts: tuple[tuple[str, Span], ...]
    line: int
    # A list led by a line ending ":": that line and each item's text, without bullets.
    pieces: tuple[Span, ...] = ()


@dataclass(frozen=True)
class SectionEnd:
    """A line that ends the section before it and opens question N's detail ("Detailed
    findings for question 2"): what follows is question N's, not the previous question's."""

    line: int
    question: int  # N, as the report numbers its questions


def finding_block(
    doc: SourceDocument, schemes: Schemes, i: int, opens_section: Opens
) -> tuple[list[FindingItem | SectionEnd], int] | None:
    """The findings under a heading at line i and the index of the line after them; None when
    line i is no finding heading."""
    line = doc.lines[i]
    number = _SECTION_END.match(line.stripped)
    if number:
        return [SectionEnd(line.number, int(number.group(1)))], i + 1
    heading = finding_heading(line, schemes)
    if heading is None:
        return None
    kind, inline = heading
    items, after = _finding_items(doc, schemes, kind, i, inline, opens_section)
    return list(items), after


def finding_heading(line: Line, schemes: Schemes) -> tuple[Concept, int | None] | None:
    """The finding type a heading line names and, when the line goes on with a finding's text
    ("Area for improvement 2: The force should ..."), the offset where that text starts."""
    text = line.stripped
    kind = schemes.finding_type_of_heading(text.rstrip(":"))  # "We made the following ...:"
    if kind is not None:
        return kind, None
    for pattern in (_NUMBERED, _LABELLED):
        match = pattern.match(text)
        if match is None:
            continue
        kind = schemes.finding_type_of_heading(match.group("label"))
        if kind is None:
            continue
        rest = match.group("rest")
        indent = len(line.text) - len(line.text.lstrip())
        return kind, (line.start + indent + match.start("rest") if rest else None)
    return None


def wrap_width(doc: SourceDocument) -> int | None:
    """The width the text is wrapped at, when it is wrapped at a page width as PDF extraction
    gives it; None for a paragraph to a line, as a web page gives it."""
    lengths = sorted(len(line.stripped) for line in doc.lines if not line.is_blank)
    long = [line.stripped for line in doc.lines if len(line.stripped) >= 40]
    if not long:
        return None
    mid_sentence = sum(not ends_sentence(text, stops=_CLAUSE_STOPS) for text in long)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    wrapped = mid_sentence / len(long) >= _WRAPPED_SHARE and width <= _WRAPPED_WIDTH
    return width if wrapped else None


def _is_boundary(doc: SourceDocument, schemes: Schemes, i: int, opens_section: Opens) -> bool:
    """A line that ends a block of findings whatever comes before it."""
    line = doc.lines[i]
    text = line.stripped
    return (
        opens_section(i)
        or schemes.parse_grades(line.text) is not None
        or finding_heading(line, schemes) is not None
        or bool(_SUMMARY_HEADING.match(text))
        or bool(_SECTION_END.match(text))
        or bool(_QUESTION_LINE.match(text))
    )


def _heading_like(text: str, width: int | None) -> bool:
    """A short line (well short of the wrap width in wrapped text) that does not end as a
    sentence or a clause does, in capitals: a heading ("Tackling serious and organised crime"),
    not a finding's text."""
    short = _HEADING_MAX if width is None else min(_HEADING_MAX, _HEADING_SHARE * width)
    return len(text) <= short and text[0].isupper() and not ends_sentence(text, stops=_CLAUSE_STOPS)


def _wrapped_on(current: dict, blank_run: int, text: str) -> bool:
    """PDF extraction sometimes puts one empty line after a bullet's first line; what follows
    is the bullet running on when it is a full-width line of prose, not a short heading."""
    return current["lines"] == 1 and blank_run == 1 and len(text) >= 40


def _finding_items(
    doc: SourceDocument,
    schemes: Schemes,
    kind: Concept,
    heading: int,
    inline: int | None,
    opens_section: Opens,
) -> tuple[list[FindingItem], int]:
    """The findings under the heading at line `heading`. A bullet runs on over line breaks (in
    wrapped text), over a blank line when the next line starts in lower case, and takes
    lettered parts "(a) ..."; a line ending ":" takes the bullets after it as its list; the
    block ends at a new paragraph that is neither a bullet nor a finding of its own, a page
    that starts a new sentence, or a heading."""
    lines = doc.lines
    width = wrap_width(doc)
    items: list[FindingItem] = []
    current: dict | None = None

    def opened(start: int, line: Line, bullet: bool) -> dict:
        end = line.start + len(line.text.rstrip())
        return {
            "start": start,
            "end": end,
            "parts": [],
            "pieces": [[start, end]],
            "line": line.number,
            "lines": 0,
            "bullet": bullet,
            "last": doc.text[start:end],
        }

    def close() -> None:
        nonlocal current
        if current is not None:
            start, end = current["start"], current["end"]
            text = doc.clean(start, end)
            pieces = current["pieces"]
            if text.lower().rstrip(". ") not in ("none", "none identified"):
                items.append(
                    FindingItem(
                        kind,
                        Span(start, end),
                        tuple((label, span) for label, span in current["parts"]),
                        current["line"],
                        tuple(Span(a, b) for a, b in pieces) if len(pieces) > 1 else (),
                    )
                )
        current = None

    def extend(end: int, text: str) -> None:
        assert current is not None
        if current["parts"]:
            current["parts"][-1][1] = Span(current["parts"][-1][1].start, end)
        current["end"] = current["pieces"][-1][1] = end
        current["last"] = text

    i = heading + 1
    if inline is not None:
        current = opened(inline, lines[heading], bullet=False)
        current["lines"] = 1
    gap = False
    blank_run = 0
    while i < len(lines):
        line = lines[i]
        if line.is_blank:
            gap = True
            blank_run += 1
            i += 1
            continue
        if _is_boundary(doc, schemes, i, opens_section):
            break
        text = line.stripped
        indent = line.start + len(line.text) - len(line.text.lstrip())
        content_end = line.start + len(line.text.rstrip())
        bullet = _BULLET.match(text)
        part = _PART.match(text)
        if bullet and current is not None and _leads_list(current):
            # "... the force should:" and the items of its list are one finding.
            current["pieces"].append([indent + bullet.end(), content_end])
            extend(content_end, text)
        elif bullet:
            close()
            current = opened(indent + bullet.end(), line, bullet=True)
        elif part and current is not None:
            current["parts"].append([part.group(1), Span(indent + part.end(), content_end)])
            extend(content_end, text)
        elif current is None:
            if items or (_heading_like(text, width) and not _DIRECTIVE.match(text)):
                break  # a heading ("Responding to the public"), not a short finding
            # An unbulleted finding: a paragraph straight after the heading.
            current = opened(indent, line, bullet=False)
        elif _another_paragraph_finding(current, text, gap, width):
            close()
            current = opened(indent, line, bullet=False)
        elif _ends_before(current, line, text, gap, blank_run, width):
            break
        else:
            extend(content_end, text)
        current["lines"] += 1
        gap = False
        blank_run = 0
        i += 1
    close()
    return items, i


def _leads_list(current: dict) -> bool:
    """A finding that ends ":" before a bullet leads a list ("the force should:"); once its
    list has begun, each bullet is another item of it."""
    return len(current["pieces"]) > 1 or ends_sentence(current["last"], stops=":")


def _another_paragraph_finding(current: dict, text: str, gap: bool, width: int | None) -> bool:
    """Under "Recommendations" with no bullets, each paragraph that directs the force ("Within
    three months, the force should ...") is a finding of its own."""
    new_paragraph = width is None or gap
    return (
        new_paragraph
        and not current["bullet"]
        and len(current["pieces"]) == 1
        and _DIRECTIVE.match(text) is not None
        and ends_sentence(current["last"], stops=".")
    )


def _ends_before(
    current: dict, line: Line, text: str, gap: bool, blank_run: int, width: int | None
) -> bool:
    """Whether the finding in hand ends before this line (neither a bullet nor a part)."""
    if text[0].islower():
        # The sentence runs on; in a web page, only over a line break, not a new paragraph.
        return width is None and gap
    if width is None:
        return True  # a paragraph per line: a new line in capitals is a new paragraph
    if ends_sentence(current["last"], stops=".?!") and (
        _heading_like(text, width) or len(current["last"]) < _PARAGRAPH_END_SHARE * width
    ):
        # A heading, or a new paragraph after a line short of the width (its paragraph's last).
        return True
    return line.starts_page or (gap and not _wrapped_on(current, blank_run, text))

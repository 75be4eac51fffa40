"""Reports a report cites by title: national thematic reports and earlier inspections.

A title is taken only where the text marks it as a title, in one of the forms inspection
reports use (precision first: a phrase that merely looks like a title is passed over):

- quoted after a word naming a publication: "the national thematic review 'A Step in the
  Right Direction'", "our report 'Stop the Rot'";
- after "report," with a subtitle after a colon: "the HMIC report, Everyone's business:
  Improving the police response to domestic abuse published in 2014";
- a footnote reference naming the inspectorate and a date: "3 PEEL: Police effectiveness 2015
  (Vulnerability) – Derbyshire Constabulary, HMIC, December 2015." (a page's running header
  repeating the report's own title is no citation: it has no such form).

The year of publication is kept where the citation states it ("published in 2014", "HMIC,
December 2015").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.calendar import MONTHS
from kg.facts import CitationFact
from kg.source.document import SourceDocument
from kg.source.segments import paragraph_lines

_CUE = re.compile(r"report|review|inspection|publication|study|HMIC|Inspectorate", re.IGNORECASE)
_QUOTED = re.compile(
    r"\b(?:report|review|inspection|publication|study)\s*,?\s*(?:(?:entitled|called|titled)\s+)?"
    r"[‘'\"“](?P<title>[A-Z][^’'\"”‘“]{3,150}?)[’'\"”](?!\w)"
)
_COLON_TITLE = re.compile(
    r"\breport,\s+(?P<title>[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,8}:\s+[A-Z][^.,;:()]{5,150}?)"
    r"(?=\s+published\b|\s*[(.,;]|$)"
)
_INSPECTORATE = (
    r"(?:HMICFRS|HMIC|HM\s+Inspectorate\s+of\s+Constabulary(?:\s+and\s+Fire\s+(?:&|and)\s+Rescue"
    r"\s+Services)?)"
)
_MONTH = rf"(?:{MONTHS})"
# A footnote: its number, the title(s), the inspectorate and the date of publication.
_FOOTNOTE = re.compile(
    rf"^\d{{1,3}}\s+(?P<titles>[A-Z](?:(?!\.\s)[^\n]){{5,300}}?),\s+{_INSPECTORATE},\s+(?:{_MONTH}\s+)?"
    r"(?P<year>(?:19|20)\d\d)\b"
)
_NUMBERED_LINE = re.compile(r"^\d{1,3}\s+[A-Z]")
# Two titles in one footnote: "PEEL: Police efficiency 2016 and PEEL: Police legitimacy 2016".
_AND_TITLE = re.compile(r"\s+and\s+(?=PEEL:)")
_PUBLISHED = re.compile(
    rf"\s*,?\s*\(?(?:(?:which\s+)?was\s+)?published\s+(?:in\s+)?(?:{_MONTH}\s+)?(\d{{4}})"
)


def find_citations(doc: SourceDocument) -> tuple[CitationFact, ...]:
    """The reports the text cites by title, in document order."""
    found: dict[tuple[int, int], CitationFact] = {}
    for run in paragraph_lines(doc):
        start, end = doc.lines[run[0]].start, doc.lines[run[-1]].end
        if not _CUE.search(doc.text, start, end):
            continue  # normalising every paragraph costs more than this look
        normal = doc.normalised(start, end)
        for span, year in _titles(normal.text):
            source = normal.source_span(*span)
            title = normal.text[span[0] : span[1]]
            found.setdefault(source, CitationFact(title, year, doc.evidence(*source)))
        # A footnote opens a line, not always its paragraph (footnotes stand one after another).
        for index in run:
            line = doc.lines[index]
            if not _NUMBERED_LINE.match(line.stripped):
                continue
            normal = doc.normalised(line.start, end)
            for span, year in _footnote(normal.text):
                source = normal.source_span(*span)
                title = normal.text[span[0] : span[1]]
                found.setdefault(source, CitationFact(title, year, doc.evidence(*source)))
    return tuple(found[key] for key in sorted(found))


def _titles(text: str) -> Iterator[tuple[tuple[int, int], int | None]]:
    for pattern in (_QUOTED, _COLON_TITLE):
        for match in pattern.finditer(text):
            published = _PUBLISHED.match(text, match.end())
            year = int(published.group(1)) if published else None
            yield match.span("title"), year


def _footnote(text: str) -> Iterator[tuple[tuple[int, int], int | None]]:
    footnote = _FOOTNOTE.match(text)
    if footnote is not None:
        at = footnote.start("titles")
        for part in _AND_TITLE.split(footnote.group("titles")):
            begin = text.index(part, at)
            yield (begin, begin + len(part.rstrip())), int(footnote.group("year"))
            at = begin + len(part)

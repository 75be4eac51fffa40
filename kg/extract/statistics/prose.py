"""Running prose as statistics reads it: sentences of the report's prose paragraphs, with
tables, footnotes, page numbers and bare URLs left out and footnote numbers blanked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.statistics.grammar import FOOTNOTE_LINE, FOOTNOTE_MARK, PAGE_NUMBER, URL_LINE
from kg.source.document import SourceDocument
from kg.source.segments import prose_paragraphs, sentences
from kg.source.text import Normalised


@dataclass(frozen=True)
class Sentence:
    source: Normalised  # the paragraph, normalised, mapping back to the file
    masked: str  # the paragraph's text with footnote numbers blanked (same length)
    start: int
    end: int
    paragraph: int

    @property
    def text(self) -> str:
        return self.masked[self.start : self.end]


def prose_sentences(doc: SourceDocument, skip: set[int]) -> list[Sentence]:
    left_out = (
        skip
        | _footnote_lines(doc)
        | {
            i
            for i, line in enumerate(doc.lines)
            if URL_LINE.match(line.text) or PAGE_NUMBER.match(line.text)
        }
    )
    found = []
    for number, spans in enumerate(prose_paragraphs(doc, left_out)):
        source = _joined([doc.normalised(start, end) for start, end in spans])
        if not source.text:
            continue
        masked = FOOTNOTE_MARK.sub(lambda m: " " * len(m.group(0)), source.text)
        for start, end in sentences(masked):
            found.append(Sentence(source, masked, start, end, number))
    return found


def _footnote_lines(doc: SourceDocument) -> set[int]:
    """Footnotes at the foot of a page: from "<n> <Capital>..." after a blank line, to the next
    blank line or page."""
    lines: set[int] = set()
    inside = False
    for i, line in enumerate(doc.lines):
        if line.is_blank or line.starts_page:
            inside = False
        after_gap = i == 0 or doc.lines[i - 1].is_blank or inside
        if not line.is_blank and after_gap and FOOTNOTE_LINE.match(line.text):
            inside = True
        if inside and not line.is_blank:
            lines.add(i)
    return lines


def _joined(pieces: Sequence[Normalised]) -> Normalised:
    text: list[str] = []
    origin: list[int] = []
    for piece in pieces:
        if not piece.text:
            continue
        if text:
            text.append(" ")
            origin.append(piece.origin[0])
        text.append(piece.text)
        origin.extend(piece.origin)
    return Normalised("".join(text), tuple(origin))

"""A report as the extractors see it: its text as stored, split into lines with offsets (and,
for a PDF's text, the offsets at which its pages start)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kg.facts import Evidence
from kg.source.formats import page_starts
from kg.source.text import Normalised, Vocabulary, document_vocabulary, normalise

CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    start: int  # offset of the first character
    end: int  # offset just past the last character, before the newline
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def starts_page(self) -> bool:
        """PDF extraction marks the first line of a page with one leading space."""
        return len(self.text) > 1 and self.text[0] == " " and not self.text[1].isspace()


class SourceDocument:
    """One report file, read as text exactly as shipped (offsets count code points)."""

    def __init__(self, report: str, text: str, name: str = "", paged: bool = False) -> None:
        self.report = report
        self.text = text
        self.name = name
        # A PDF's text: its evidence carries the page it starts on.
        self.pages: tuple[int, ...] | None = page_starts(text) if paged else None
        lines = []
        offset = 0
        for number, raw in enumerate(text.split("\n"), start=1):
            lines.append(Line(number, offset, offset + len(raw), raw))
            offset += len(raw) + 1
        self.lines: tuple[Line, ...] = tuple(lines)

    @classmethod
    def from_file(cls, report: str, path: Path, paged: bool = False) -> SourceDocument:
        # newline="" keeps "\r\n" as it is, so offsets match the bytes as shipped.
        with open(path, encoding="utf-8", newline="") as handle:
            return cls(report, handle.read(), path.name, paged)

    def page(self, offset: int) -> int | None:
        """The 1-based page of a PDF's text that offset is on (None for other text)."""
        return None if self.pages is None else bisect_right(self.pages, offset)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return document_vocabulary(self.text)

    def normalised(self, start: int, end: int) -> Normalised:
        return normalise(self.text, start, end, self.vocabulary)

    def clean(self, start: int, end: int) -> str:
        return self.normalised(start, end).text

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for text[start:end], trimmed of surrounding white space."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start >= end:
            raise ValueError(f"{self.name}: empty evidence span at offset {start}")
        return Evidence(
            report=self.report,
            start=start,
            end=end,
            exact=self.text[start:end],
            prefix=self.text[max(0, start - CONTEXT_CHARS) : start],
            suffix=self.text[end : end + CONTEXT_CHARS],
            page=self.page(start),
        )

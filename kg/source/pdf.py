"""The text of a PDF report with pdfplumber: lines in reading order, page by page.

What a page's text is made of: its characters, less footnote markers (a digit in a smaller font
raised above the text it is glued to), gathered into lines; two columns read one after the
other; running headers and footers (a line repeated at the top or bottom of most pages, page
numbers counted as the same line) dropped. Pages are joined with a form feed ending each page
but the last (kg.source.formats.PAGE_BREAK).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from itertools import pairwise
from pathlib import Path
from typing import Any

from kg.errors import KgError

# Ends each page's text but the last, as pdftotext does (kg.source.formats.page_starts).
PAGE_BREAK = "\f"
# A footnote marker is set this much smaller than the text before it.
_MARKER_SCALE = 0.85
# Words whose tops differ by less than this (points) are on one line.
_LINE_TOLERANCE = 3.0
# Lines this near the top or bottom of a page are where running headers and footers live.
_EDGE_LINES = 3
# A column gutter: an empty band at least this wide (points), within the middle of the page.
_GUTTER_WIDTH = 9.0
_MIN_COLUMN_LINES = 3
# A line of a column of prose has this many words at least (table cells have fewer).
_PROSE_WORDS = 4
# Lines further apart than this many times the usual spacing have a blank line between them.
_PARAGRAPH_GAP = 1.3
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d+(?:\s+of\s+\d+)?$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True)
class _Line:
    words: tuple[_Word, ...]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def size(self) -> int:
        """The height of its tallest word, to the point: its font size, near enough."""
        return round(max(w.bottom - w.top for w in self.words))

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def pdf_text(path: Path, data: bytes) -> tuple[str, str]:
    """The PDF's text and what read it, or a clear error naming the file."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        # A PDF encrypted with only an owner's password (no copying, no printing) opens and
        # is read; one that needs a password to open is refused.
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            widths = [float(page.width) for page in pdf.pages]
            geometric = [_page_lines(page) for page in pdf.pages]
    except Exception as error:  # pdfminer raises many kinds on a damaged file
        # pdfplumber wraps pdfminer's errors: a password-protected file is one of them.
        if isinstance(error, PDFPasswordIncorrect) or any(
            isinstance(arg, PDFPasswordIncorrect) for arg in error.args
        ):
            raise KgError(f"{path}: the PDF is encrypted; give a copy without a password") from None
        detail = " ".join(str(error).split()) or type(error).__name__
        raise KgError(f"{path}: not a readable PDF ({detail[:200]})") from None
    if not geometric:
        raise KgError(f"{path}: the PDF has no pages")
    # Running headers and footers go first, while the lines are still as laid out from top to
    # bottom: a header set to the right would otherwise join the right-hand column.
    laid_out = [
        _reading_order(lines, width)
        for lines, width in zip(_drop_running_lines(geometric), widths, strict=True)
    ]
    usual = _usual_pitch(laid_out)
    pages = [_with_gaps(lines, usual) for lines in laid_out]
    if not any(line.strip() for page in pages for line in page):
        raise KgError(
            f"{path}: the PDF has no text (scanned pages are images); "
            "give a PDF with a text layer, or its text"
        )
    text = _join_pages(pages)
    return text, f"pdfplumber {version('pdfplumber')}"


def _join_pages(pages: Sequence[list[str]]) -> str:
    """The pages' lines as one text: a form feed ends each page but the last, and a page's
    first line is set in by one space (Line.starts_page), as in the seeds' PDF text."""
    texts = []
    for number, page in enumerate(pages):
        lines = list(page)
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        if number and lines:
            lines[0] = " " + lines[0]
        texts.append("\n".join(lines))
    return (PAGE_BREAK + "\n").join(texts) + "\n"


def _page_lines(page: Any) -> list[_Line]:
    """A page's lines from top to bottom, footnote markers left out."""
    markers = _footnote_markers(page.chars)
    words = [
        _Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
        for w in page.filter(lambda obj: id(obj) not in markers).extract_words(
            use_text_flow=False, keep_blank_chars=False
        )
        if w.get("upright", True)
    ]
    return _lines(words)


def _reading_order(lines: list[_Line], width: float) -> list[_Line]:
    gutter = _gutter(lines, width)
    return _read_columns(lines, gutter) if gutter else lines


def _usual_pitch(pages: Sequence[Sequence[_Line]]) -> dict[int, int]:
    """The usual spacing of lines of each size in the document: the commonest between two
    lines of that size, to the point (the smaller of equals). Not the median, nor per page: a
    short page of many paragraphs has more paragraph gaps than lines."""
    pitches: dict[int, Counter[int]] = {}
    for lines in pages:
        for a, b in pairwise(lines):
            if b.top > a.top and a.size == b.size:
                pitches.setdefault(a.size, Counter())[round(b.top - a.top)] += 1
    # A line's own spacing is seldom over 1.5 times its size; a commoner spacing is that of
    # headings, each a paragraph of its own.
    return {
        size: min(min(counts, key=lambda p: (-counts[p], p)), round(size * 1.5))
        for size, counts in pitches.items()
    }


def _with_gaps(lines: Sequence[_Line], usual: dict[int, int]) -> list[str]:
    """The lines' text, with a blank line where the space between two lines is well over the
    usual spacing of lines of the first one's size (a paragraph or a heading ends there); none
    where reading goes back up the page (from one column to the next)."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if i:
            before = lines[i - 1]
            pitch = usual.get(before.size, round(before.size * 1.2))
            if line.top - before.top > pitch * _PARAGRAPH_GAP:
                out.append("")
        out.append(line.text)
    return out


def _footnote_markers(chars: Sequence[dict]) -> set[int]:
    """The ids of the characters of footnote markers: digits in a smaller font than the
    character they follow on its line, raised above its baseline."""
    markers: set[int] = set()
    previous: dict | None = None
    for char in chars:
        if (
            previous is not None
            and char["text"].isdigit()
            and char["size"] < previous["size"] * _MARKER_SCALE
            and abs(char["top"] - previous["top"]) < previous["size"]
            and char["bottom"] < previous["bottom"] - 0.5
        ):
            markers.add(id(char))
            continue  # a marker of two digits: the next is compared with the text too
        previous = char
    return markers


def _lines(words: Sequence[_Word]) -> list[_Line]:
    lines: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(word.top - lines[-1][0].top) <= _LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [_Line(tuple(sorted(line, key=lambda w: w.x0))) for line in lines]


def _gutter(lines: Sequence[_Line], width: float) -> float | None:
    """The x of an empty band between two columns, if the page has one within its middle
    third: a run of lines none of which has a word within the band, with lines of prose (a few
    words or more) on both sides of it. None for a page of one column."""
    best, best_size = None, 0
    x = width * 0.33
    while x <= width * 0.67:
        size = _column_run(lines, x)
        if size > best_size:
            best, best_size = x, size
        x += 1.0
    return best


def _column_run(lines: Sequence[_Line], x: float) -> int:
    """The most lines of a run that stays clear of the band at x and holds at least
    _MIN_COLUMN_LINES lines of prose on each side (0 if none does)."""
    half = _GUTTER_WIDTH / 2
    best = left = right = size = 0
    for line in lines:
        if any(w.x1 > x - half and w.x0 < x + half for w in line.words):
            left = right = size = 0
            continue
        size += 1
        left += sum(1 for w in line.words if w.x1 <= x) >= _PROSE_WORDS
        right += sum(1 for w in line.words if w.x0 >= x) >= _PROSE_WORDS
        if left >= _MIN_COLUMN_LINES and right >= _MIN_COLUMN_LINES:
            best = max(best, size)
    return best


def _read_columns(lines: Sequence[_Line], gutter: float) -> list[_Line]:
    """Lines in reading order: lines clear of the gutter are read left column first, then
    right, up to the next line across it (a heading over both columns), which stands as it is."""
    ordered: list[_Line] = []
    left: list[_Line] = []
    right: list[_Line] = []
    for line in lines:
        if any(w.x0 < gutter < w.x1 for w in line.words):
            ordered += left + right + [line]
            left, right = [], []
            continue
        on_left = tuple(w for w in line.words if w.x1 <= gutter)
        on_right = tuple(w for w in line.words if w.x0 >= gutter)
        if on_left:
            left.append(_Line(on_left))
        if on_right:
            right.append(_Line(on_right))
    return ordered + left + right


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop running headers and footers: lines with words, among the top or bottom lines of a
    page, repeated on most pages (digits counted alike, so "Page 3 of 40" is one footer); and a
    page number standing alone as a page's first or last line (a number further in, such as a
    question's number under the running header, stays)."""

    def key(line: _Line) -> str | None:
        flat = line.text.lower()
        return _DIGITS.sub("#", flat) if any(c.isalpha() for c in flat) else None

    edges: Counter[str] = Counter()
    for page in pages:
        edge = {key(line) for line in page[:_EDGE_LINES] + page[-_EDGE_LINES:]}
        edges.update(k for k in edge if k)
    threshold = max(2, (len(pages) + 1) // 2)
    running = {k for k, n in edges.items() if n >= threshold}
    kept = []
    for page in pages:
        near_edge = set(range(min(_EDGE_LINES, len(page)))) | set(
            range(max(0, len(page) - _EDGE_LINES), len(page))
        )
        outermost = {0, len(page) - 1}
        kept.append(
            [
                line
                for i, line in enumerate(page)
                if not (i in near_edge and key(line) in running)
                and not (i in outermost and _PAGE_NUMBER.match(line.text))
            ]
        )
    return kept

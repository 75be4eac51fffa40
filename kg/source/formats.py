"""What a report file is (PDF, HTML page or text, told by its content) and the text read from it.

The text of a PDF or an HTML page is written beside the original in seeds/ (NAME.pdf.txt); the
extractors read only that stored text, so evidence offsets point into it. A PDF's stored text
ends each page but the last with a form feed (U+000C) at the end of its last line, as pdftotext
does, so the page of an offset can be told from the stored text alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.source.html import html_text
from kg.source.pdf import PAGE_BREAK, pdf_text

PDF = "application/pdf"
HTML = "text/html"
TEXT = "text/plain"
# The suffix of the stored text beside an original (NAME.pdf -> NAME.pdf.txt).
TEXT_SUFFIX = ".txt"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<main", b"<meta", b"<title")


@dataclass(frozen=True)
class Extracted:
    """The text read from a PDF or an HTML page, and what read it ("pdfplumber 0.11.11")."""

    media_type: str
    text: str
    extractor: str


def media_type(data: bytes) -> str:
    """PDF by its magic bytes, HTML by how the document starts (after a byte order mark,
    white space and comments), else text; the file's extension is not trusted."""
    if data.startswith(b"%PDF-"):
        return PDF
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip().lower()
    while head.startswith(b"<!--") and b"-->" in head:
        head = head[head.index(b"-->") + 3 :].lstrip()
    if head.startswith(b"<?xml") and b"<html" in head:
        return HTML
    return HTML if head.startswith(_HTML_STARTS) else TEXT


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text, or a clear error that names the file and the first byte that is not UTF-8
    (reports in cp1252 or Latin-1 are refused, not guessed: a wrong guess changes quotes)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise KgError(
            f"{path}: not UTF-8 text (byte 0x{data[error.start]:02x} at line {line}, offset "
            f"{error.start}); convert it first, e.g. `iconv -f cp1252 -t utf-8`"
        ) from None


def extract(path: Path, data: bytes) -> Extracted | None:
    """The text of a PDF or an HTML page, or None for a text file (read as it stands)."""
    kind = media_type(data)
    if kind == TEXT:
        return None
    text, extractor = (pdf_text if kind == PDF else html_text)(path, data)
    return Extracted(kind, text, extractor)


def page_starts(text: str) -> tuple[int, ...]:
    """The offset at which each page of a PDF's stored text starts (the first is 0)."""
    starts = [0]
    at = text.find(PAGE_BREAK)
    while at != -1:
        # The break ends a line; the next page starts after that line's newline.
        newline = text.find("\n", at)
        starts.append(len(text) if newline == -1 else newline + 1)
        at = text.find(PAGE_BREAK, at + 1)
    return tuple(starts)

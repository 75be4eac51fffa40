"""The text of a report's web page, as saved, with lxml's HTML parser.

The inspectorate's pages keep the report in the page's main content element (<main>, or an
element with role="main" or id "main-content"/"content"); around it are the site's chrome
(header, navigation, footer, cookie banner), dropped with scripts and styles. The text keeps the
structure the extractors read: a heading on its own line with a blank line around it,
paragraphs separated by blank lines, list items as "• " lines, a table row on one line with its
cells separated by tabs. Entities are decoded by the parser.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from kg.errors import KgError

_DROPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "iframe",
}
# Class or id words of the site's chrome that is not in a nav/header/footer element.
_CHROME = re.compile(
    r"\b(?:cookie\w*|skip-link|breadcrumbs?|site-header|site-footer|share\w*|menu)\b",
    re.IGNORECASE,
)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {
    *_HEADINGS,
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "address",
    "details",
    "summary",
    "pre",
}
# A footnote reference: a superscript holding a number (or a link to a note).
_FOOTNOTE = re.compile(r"^\[?\d{1,3}\]?$")
_SPACES = re.compile(r"[ \t\r\n\u00a0]+")


def html_text(path: Path, data: bytes) -> tuple[str, str]:
    """The page's text and what read it, or a clear error naming the file."""
    try:
        root = lxml_html.document_fromstring(data)
    except (etree.ParserError, ValueError) as error:
        raise KgError(f"{path}: not a readable HTML page ({error})") from None
    main = _main_content(root)
    blocks = _Blocks()
    _walk(main, blocks)
    text = blocks.text()
    if not text.strip():
        raise KgError(f"{path}: the HTML page has no text in its main content; nothing to add")
    return text, f"lxml {version('lxml')}"


def _main_content(root: etree._Element) -> etree._Element:
    for query in (
        "//main",
        "//*[@role='main']",
        "//*[@id='main-content']",
        "//*[@id='content']",
        "//article",
        "//body",
    ):
        found = root.xpath(query)
        if found:
            return found[0]
    return root


class _Blocks:
    """Text gathered into blocks: a block is a paragraph, a heading, a list item or a row."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.current: list[str] = []

    def add(self, words: str) -> None:
        self.current.append(words)

    def end(self, line: str = "") -> None:
        """End the block being written; `line` is written as a block of its own after it."""
        text = _SPACES.sub(" ", "".join(self.current)).strip()
        if text:
            self.blocks.append(text)
        self.current = []
        if line:
            self.blocks.append(line)

    def text(self) -> str:
        self.end()
        out: list[str] = []
        for block in self.blocks:
            # List items and table rows stand in runs of lines; everything else is a paragraph.
            tight = block.startswith(("• ", "\t")) or "\t" in block
            previous_tight = bool(out) and (out[-1].startswith("• ") or "\t" in out[-1])
            if out and not (tight and previous_tight):
                out.append("")
            out.append(block.lstrip("\t"))
        return "\n".join(out) + "\n" if out else ""


def _walk(element: etree._Element, blocks: _Blocks) -> None:
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            if child.tail:
                blocks.add(child.tail)
            continue
        tag = child.tag.lower()
        if tag in _DROPPED or _is_chrome(child):
            pass
        elif tag == "sup" and _FOOTNOTE.match(child.text_content().strip()):
            pass  # a footnote marker: kept out, as the PDF reading keeps it out
        elif tag == "br":
            blocks.end()
        elif tag in ("ul", "ol"):
            blocks.end()
            for item in child.iter("li"):
                if item.getparent() is child:
                    blocks.end("• " + _inline(item))
        elif tag == "table":
            blocks.end()
            for row in child.iter("tr"):
                cells = [_inline(cell) for cell in row if cell.tag in ("td", "th")]
                if any(cells):
                    blocks.end("\t" + "\t".join(cells))
        elif tag in _BLOCKS:
            blocks.end()
            if child.text:
                blocks.add(child.text)
            _walk(child, blocks)
            blocks.end()
        else:
            if child.text:
                blocks.add(child.text)
            _walk(child, blocks)
        if child.tail:
            blocks.add(child.tail)


def _inline(element: etree._Element) -> str:
    """An element's text on one line (a list item or a table cell), chrome and markers left
    out; a nested list's items follow on the same line."""
    inner = _Blocks()
    if element.text:
        inner.add(element.text)
    _walk(element, inner)
    inner.end()
    return " ".join(b.removeprefix("• ").lstrip("\t") for b in inner.blocks)


def _is_chrome(element: etree._Element) -> bool:
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(_CHROME.search(names)) or element.get("aria-hidden") == "true"

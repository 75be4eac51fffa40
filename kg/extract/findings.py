"""Blocks of findings in an inspection report: the areas for improvement, recommendations and
causes of concern (and whatever else the finding-type scheme names) under their headings.

kg.extract.structure finds a finding heading and hands over here; it also says which lines open
a new section (a question heading), since those end a block of findings too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.source.document import SourceDocument
from kg.source.schemes import Concept, Schemes

_BULLET = re.compile(r"^(?:[•▪◦●*]|-(?=\s)|–(?=\s)|-\s*\d+\.)\s*")
_PART = re.compile(r"^\(([a-z])\)\s+")
_SUMMARY_HEADING = re.compile(r"^Summary( of findings| statement)?$", re.IGNORECASE)

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


def _is_boundary(doc: SourceDocument, schemes: Schemes, i: int, opens_section: Opens) -> bool:
    """A line that ends a block of findings whatever comes before it."""
    line = doc.lines[i]
    return (
        opens_section(i)
        or schemes.parse_grades(line.text) is not None
        or schemes.finding_type_of_heading(line.text) is not None
        or bool(_SUMMARY_HEADING.match(line.stripped))
    )


def _wrapped_on(current: dict, blank_run: int, text: str) -> bool:
    """PDF extraction sometimes puts one empty line after a bullet's first line; what follows
    is the bullet running on when it is a full-width line of prose, not a short heading."""
    return current["lines"] == 1 and blank_run == 1 and len(text) >= 40


def finding_items(
    doc: SourceDocument, schemes: Schemes, kind: Concept, i: int, opens_section: Opens
) -> tuple[list[FindingItem], int]:
    """The bullets under a finding heading. A bullet runs on over line breaks, over a blank line
    when the next line starts in lower case, and takes lettered parts "(a) ..."; the block ends
    at a new paragraph that is not a bullet, a page that starts a new sentence, or a heading."""
    lines = doc.lines
    items: list[FindingItem] = []
    current: dict | None = None
    gap = False

    def close() -> None:
        nonlocal current
        if current is not None:
            text = doc.clean(current["start"], current["end"])
            if text.lower().rstrip(". ") not in ("none", "none identified"):
                items.append(
                    FindingItem(
                        kind,
                        Span(current["start"], current["end"]),
                        tuple((label, span) for label, span in current["parts"]),
                        current["line"],
                    )
                )
        current = None

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
        if bullet:
            close()
            current = {
                "start": indent + bullet.end(),
                "end": content_end,
                "parts": [],
                "line": line.number,
                "lines": 0,
            }
        elif part and current is not None:
            current["parts"].append([part.group(1), Span(indent + part.end(), content_end)])
            current["end"] = content_end
        elif current is None:
            if items:
                break
            # An unbulleted finding: a paragraph straight after the heading.
            current = {
                "start": indent,
                "end": content_end,
                "parts": [],
                "line": line.number,
                "lines": 0,
            }
        elif (line.starts_page and not text[0].islower()) or (
            gap and not text[0].islower() and not _wrapped_on(current, blank_run, text)
        ):
            break
        else:
            if current["parts"]:
                current["parts"][-1][1] = Span(current["parts"][-1][1].start, content_end)
            current["end"] = content_end
        current["lines"] += 1
        gap = False
        blank_run = 0
        i += 1
    close()
    return items, i

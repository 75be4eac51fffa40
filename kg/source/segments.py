"""The one place that splits a report's text into paragraphs, sentences and clauses, and finds
quotes in it.

- A paragraph, as laid out, is a run of non-blank lines; a page start (see Line.starts_page)
  opens a new one. Mentions and relations are read paragraph by paragraph, a mention outside a
  finding or question belongs to its paragraph (a kgo:Passage), and the node view shows a quote
  inside the paragraphs it stands in.
- Running prose (what statistics reads) is the same paragraphs with some lines left out
  (tables, footnotes, page numbers), joined where the text runs on over a break and cut at
  bullets: see prose_paragraphs.
- Sentences and clauses are cut in normalised text (see kg.source.text), by break patterns a
  caller may replace where its notion of a clause differs.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Collection, Iterator, Sequence

from kg.source.document import Line, SourceDocument

# A bullet opening a line of prose ("• ...", "- ...").
BULLET = re.compile(r"^[•▪◦●]|^-\s")
# Where one sentence ends and the next starts: after ".", "?" or "!" and any closing quotes or
# brackets (group 1), white space, then what can open a sentence.
SENTENCE_BREAK = re.compile(r"(?<=[.?!])(['’\"”)]*)\s+(?=[A-Z0-9•‘'\"“(£])")
# Where a clause of a sentence ends: a comma, semicolon or colon, or before a word that opens a
# new clause or a comparison.
CLAUSE_BREAK = re.compile(
    r",\s+|;\s+|:\s+|\s+(?=(?:which|compared\s+(?:with|to)|than|while|whereas|against|but)\b)",
    re.IGNORECASE,
)


def paragraph_lines(doc: SourceDocument, skip: Collection[int] = ()) -> Iterator[list[int]]:
    """The indices into doc.lines of each paragraph as laid out: a run of non-blank lines, a new
    one at each page start; a line in `skip` breaks a paragraph as a blank line does."""
    run: list[int] = []
    for index, line in enumerate(doc.lines):
        if line.is_blank or index in skip:
            if run:
                yield run
            run = []
            continue
        if line.starts_page and run:
            yield run
            run = []
        run.append(index)
    if run:
        yield run


def paragraphs(doc: SourceDocument) -> list[tuple[int, int]]:
    """The spans of the report's paragraphs, as laid out (see paragraph_lines)."""
    return [(doc.lines[run[0]].start, doc.lines[run[-1]].end) for run in paragraph_lines(doc)]


def running_paragraphs(doc: SourceDocument) -> list[tuple[int, int]]:
    """The spans of the report's paragraphs as its sentences run: one laid-out paragraph joined
    to the next where the text goes on over the break (a PDF page or a blank line in
    mid-sentence: "the ACC chairs an" / "internal ... group"), cut at bullets and under
    headings, as prose_paragraphs."""
    return [(spans[0][0], spans[-1][1]) for spans in prose_paragraphs(doc, ())]


def paragraph_around(spans: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """Of a text split into paragraph spans (in order), the span from the start of the
    paragraph that text[start:end] starts in to the end of the one it ends in (a quote, such
    as a finding, may run over a paragraph's end)."""
    if not spans:
        return start, end
    starts = [s for s, _ in spans]
    first = bisect.bisect_right(starts, start) - 1
    last = bisect.bisect_left([e for _, e in spans], end)
    return spans[max(first, 0)][0], spans[min(last, len(spans) - 1)][1]


def prose_paragraphs(doc: SourceDocument, skip: Collection[int]) -> list[list[tuple[int, int]]]:
    """Paragraphs of running prose, each as spans of the file, with the lines in `skip` left out
    (a paragraph that runs on past them has one span before and one after). They are the
    paragraphs as laid out, joined where the text runs on over the break (it goes on in lower
    case, or a page starts in mid-sentence), and cut at each bullet and under a heading line
    (_heading_over)."""
    found: list[list[tuple[int, int]]] = []
    previous = -1
    for run in paragraph_lines(doc, skip):
        for index in run:
            line = doc.lines[index]
            opens = (
                previous < 0
                or BULLET.match(line.stripped) is not None
                or (index == run[0] and not _runs_on(doc, previous, index))
                or (
                    index != run[0]
                    and index == previous + 1
                    and _heading_over(doc, previous, index)
                )
            )
            if opens:
                found.append([(line.start, line.end)])
            elif any(j in skip for j in range(previous + 1, index)):
                found[-1].append((line.start, line.end))  # runs on past a footnote or table
            else:
                found[-1][-1] = (found[-1][-1][0], line.end)
            previous = index
    return found


# Words a wrapped line of prose may end on, which no heading ends on.
_RUNNING_WORDS = frozenset(
    {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "and", "or", "but"}
    | {"from", "as", "is", "are", "was", "were", "its", "their", "our", "this", "that"}
    | {"these", "those"}
)
_HEADING_MAX_WORDS = 6


def _heading_over(doc: SourceDocument, previous: int, index: int) -> bool:
    """Whether line `previous` is a heading standing over line `index`, not the start of its
    sentence: a short capitalised line with no stop, not ending on a word that runs on ("In
    2014, we ..." under "Important changes to PEEL", in a page scraped one line a paragraph)."""
    heading = doc.lines[previous].stripped
    words = heading.split()
    return (
        0 < len(words) <= _HEADING_MAX_WORDS
        and heading[0].isupper()
        and doc.lines[index].stripped[:1].isupper()
        and not ends_sentence(heading, stops=".?!:;,")
        and words[-1].lower() not in _RUNNING_WORDS
    )


def _runs_on(doc: SourceDocument, previous: int, index: int) -> bool:
    """Whether the text of line `index` goes on from line `previous` over a paragraph break:
    it starts in lower case, or it starts a page with no blank line between and the line
    before did not end a sentence."""
    line: Line = doc.lines[index]
    if line.stripped[0].islower():
        return True
    gap = index - previous > 1
    return not gap and not ends_sentence(doc.lines[previous].stripped)


def ends_sentence(text: str, stops: str = ".?!:", closers: str = "'’\"”)") -> bool:
    """Whether a line's text ends a sentence: a stop, then at most one closing quote or
    bracket. By default ":" counts (it introduces what follows); callers that read layout
    choose their own stops (a heading may follow a list item ending ";")."""
    return bool(_line_end(stops, closers).search(text))


@functools.cache
def _line_end(stops: str, closers: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(stops)}][{re.escape(closers)}]?$")


def sentences(text: str, breaks: re.Pattern[str] = SENTENCE_BREAK) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of a normalised text, none empty; the white space
    between two sentences belongs to neither. A break's group 1, if it has one, is what ends
    the sentence before it (closing quotes)."""
    found = []
    start = 0
    for match in breaks.finditer(text):
        end = match.end(1) if breaks.groups else match.start()
        if end > start:
            found.append((start, end))
        start = match.end()
    if len(text) > start:
        found.append((start, len(text)))
    return found


def clause_bounds(text: str, at: int, breaks: re.Pattern[str] = CLAUSE_BREAK) -> tuple[int, int]:
    """The (start, end) of the clause of a sentence that holds offset `at`."""
    start, end = 0, len(text)
    for match in breaks.finditer(text):
        if match.end() <= at:
            start = match.end()
        elif match.start() >= at:
            end = match.start()
            break
    return start, end


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Every place a quote stands in a text, a run of white space in the quote matching any
    run of white space in the text (line breaks, several spaces)."""
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    return [match.span() for match in re.finditer(pattern, text)]


def line_number(text: str, offset: int) -> int:
    """The 1-based number of the line that holds text[offset]."""
    return text.count("\n", 0, offset) + 1

"""The sentence that states a judgment, for the evidence view. A judgment's quote is its grade
word ("Good"), which stands alone under the question's heading; what a reader needs is the
heading, the grade and the sentence that follows it ("Derbyshire Constabulary is good at
investigating crime..."). All three are found in the stored text, at their offsets; the graph
is not changed."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.namespaces import KGO
from kg.source.document import SourceDocument

HEADING_WINDOW = 20_000  # how far back from the grade the question's heading is looked for
NEAR_HEADING = 1_500  # a heading this close is shown in the same passage as the grade
SENTENCE_CHARS = 800  # the longest stating sentence taken
# A sentence ends at . ! or ? followed by white space, or at a blank line.
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n")
# A line that opens a summary of findings ("Summary", "Summary of findings").
_SUMMARY = re.compile(r"^[ \t]*Summary\b[^\n]*\n", re.MULTILINE)
_HYPHENS = re.compile("[\u2010\u2011]")  # hyphens a report may print in place of "-"


def add_statements(graph: Graph, seeds_dir: Path, node: URIRef, evidence: list[dict]) -> None:
    """For a judgment, give each evidence item a "statement": the passage from the question's
    heading (when near) to the end of the sentence after the grade, with marks for the heading,
    the grade and the sentence."""
    if (node, RDF.type, KGO.Judgment) not in graph:
        return
    question = graph.value(node, KGO.aboutQuestion)
    wording = graph.value(question, KGO.wording) if question is not None else None
    for item in evidence:
        file_name = graph.value(URIRef(item["report"]), KGO.fileName)
        text = _text(seeds_dir / str(file_name)) if file_name is not None else None
        if text is None or "start" not in item:
            continue
        item["statement"] = statement(
            text, item["start"], item["end"], str(wording) if wording else None
        )


@lru_cache(maxsize=8)
def _text(path: Path) -> str | None:
    try:
        return SourceDocument.from_file("", path).text
    except OSError:
        return None


def statement(text: str, start: int, end: int, wording: str | None) -> dict:
    """The passage stating a grade at text[start:end], with marks (offsets within it)."""
    heading = find_heading(text, start, wording) if wording else None
    near = heading is not None and start - heading[1] <= NEAR_HEADING
    summary = summary_before(text, heading[1] if heading else max(0, start - NEAR_HEADING), start)
    sentence = None if summary else stating_sentence(text, start, end)
    if near and heading:
        begin = heading[0]
    elif summary:
        begin = summary[0]
    else:
        begin = text.rfind("\n", 0, start) + 1
    finish = sentence[1] if sentence else end
    marks = []
    if near and heading:
        marks.append(("heading", heading))
    if summary:
        marks.append(("sentence", summary))
    marks.append(("grade", (start, end)))
    if sentence:
        marks.append(("sentence", sentence))
    result: dict = {
        "text": text[begin:finish],
        "start": begin,
        "end": finish,
        "marks": [{"kind": k, "start": s - begin, "end": e - begin} for k, (s, e) in marks],
    }
    if heading:
        result["heading"] = {
            "text": text[heading[0] : heading[1]],
            "start": heading[0],
            "end": heading[1],
        }
    return result


def summary_before(text: str, since: int, start: int) -> tuple[int, int] | None:
    """Where a grade closes a summary (a line "Summary" then the findings it sums up, as in
    the 2014 crime inspections), the summary's text; None where no summary of sentences
    stands between the heading and the grade."""
    found = None
    for match in _SUMMARY.finditer(text, since, start):
        found = match
    if found is None:
        return None
    body_start = found.end()
    body = text[body_start:start]
    if len(body.split()) < 8:  # "Summary of judgement" directly above the grade: no summary
        return None
    first = body_start + len(body) - len(body.lstrip())
    return first, body_start + len(body.rstrip())


def stating_sentence(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first sentence after the grade word, skipping the grade repeated on a line of its
    own (some reports print it twice); None if the text ends first."""
    grade = text[start:end].strip().casefold()
    position = end
    while True:
        line_end = text.find("\n", position)
        line = text[position : line_end if line_end != -1 else len(text)]
        if line.strip() and line.strip().casefold() != grade:
            break
        if line_end == -1:
            return None
        position = line_end + 1
    first = position + len(line) - len(line.lstrip())
    match = _SENTENCE_END.search(text, first, first + SENTENCE_CHARS)
    if match is None:
        last = min(len(text), first + SENTENCE_CHARS)
    else:
        last = match.start() + 1 if text[match.start()] in ".!?" else match.start()
    return (first, last) if last > first else None


def find_heading(text: str, start: int, wording: str) -> tuple[int, int] | None:
    """The last place before the grade where the question's wording stands (line breaks,
    spaces and hyphens as the report has them), within HEADING_WINDOW characters."""
    words = wording.split()
    if not words:
        return None
    spelt = [re.escape(_HYPHENS.sub("-", w)).replace("\\-", "[-\u2010\u2011]") for w in words]
    pattern = re.compile(r"\s+".join(spelt), re.IGNORECASE)
    found = None
    for match in pattern.finditer(text, max(0, start - HEADING_WINDOW), start):
        found = (match.start(), match.end())
    return found

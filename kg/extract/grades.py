"""Grades a report states other than on a grade line: in a sentence about this inspection, or in
a grade table whose columns are the grades.

A grade sentence has the force as its subject, a grade word, and the area graded: "The force
requires improvement at investigating offending.", "<force> is good at reducing crime and
keeping people safe.", "We judge the force to be good at ...", "... was graded as adequate at
...", "The extent to which the force operates efficiently is inadequate.", or a bullet under
"HMIC judged that <force>:" ("• is 'good' at ..."). A sentence that names no area ("We judge
the force to be good.") grades the question it stands under; the caller decides which.

A sentence about another year's or another body's judgment is not this inspection's grade, so
a sentence is passed over when it names a year or an earlier inspection, tells of a change
("from good to adequate", "dropped two grades"), speaks of forces in general or nationally,
is conditional, or asks. Precision first: a grade missed here is a recall loss, a grade taken
from the wrong sentence is a wrong fact.

A grade table (the PEEL 2021/22 summary) has the grades as its header row ("Outstanding |
Good | Adequate | Requires improvement | Inadequate") and each area under its grade's column.
Rows of an area and its grade are read with the other line structures (kg.extract.structure).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.source.document import SourceDocument
from kg.source.schemes import Concept, Schemes
from kg.source.segments import ends_sentence, paragraph_lines, sentences

# Table cells as a text extraction lays them out: tabs, "|" or a run of spaces.
CELL_SEPARATOR = re.compile(r"\s*\t\s*|\s*\|\s*|\s{2,}")
# A force named in full: "Avon and Somerset Constabulary", "Dyfed-Powys Police".
_FORCE = (
    r"(?:[A-Z][\w’'-]*\s+(?:(?:and|&|of)\s+)?)*[A-Z][\w’'-]*\s+(?:Constabulary|Police(?:\s+Service)?)"
    r"|Police\s+Service\s+of\s+Northern\s+Ireland|Police\s+Scotland"
)
_FORCE_NAME = re.compile(rf"\b(?:{_FORCE})\b")
# The opening sentence of a paragraph is looked for in this many lines.
_OPENING_LINES = 8
# A line this short with no stop at its end, followed by one in capitals, is a heading.
_HEADING_CHARS = 60
_BULLET = re.compile(r"^(?:[•▪◦●*]|[-–](?=\s))\s*")
_QUOTE_OPEN = r"[‘'\"“]?"
_QUOTE_CLOSE = r"[’'\"”]?"
# Whatever follows the area in the sentence and is no part of it: a new clause.
_AREA_END = re.compile(
    r"\s*(?:[;:(]|\.(?:\s|$)|,?\s+(?:but|although|though|while|whereas|however|because|since"
    r"|so\s+that|and\s+(?:it|the\s+force|the\s+constabulary|has|have|is|was|we|this"
    r"|there))\b|,\s+(?:with|as|which|and\s+it)\b)",
    re.IGNORECASE,
)
# Sentences that are not about this inspection's own judgment.
_OTHER_TIME = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:last|previous|preceding|prior|earlier|first)\s+(?:year|time|"
    r"inspection|assessment|report|peel)|\bpreviously\b|\bsince\s+(?:our|the|its|that)\b"
    r"|\bstill\s+stands?\b|\bremains?\s+in\s+place\b|\bnext\s+(?:year|inspection)\b"
    r"|\bused\s+to\b|\bhistorically\b|\bin\s+the\s+past\b"
    # "In our efficiency and legitimacy inspections this year, ...": another inspection's
    r"|\bin\s+(?:our|the|its|HMIC(?:FRS)?['’]s)\s+(?:[\w/-]+\s+){1,4}inspections?\b",
    re.IGNORECASE,
)
_CHANGE = re.compile(
    r"\bfrom\s+[‘'\"“]?(?:outstanding|good|adequate|requires?\s+improvement|inadequate)\b"
    r"|\b(?:improved|moved|risen|rose|dropped|fallen|fell|declined|deteriorated|slipped|gone|"
    r"went|changed)\s+(?:from|to|up|down|by|one|two|a)\b|\bgrades?\s+(?:higher|lower)\b",
    re.IGNORECASE,
)
_GENERAL = re.compile(
    r"\bnational(?:ly)?\b|\bin\s+england\s+and\s+wales\b|\b(?:\d+|one|two|three|four|five|six"
    r"|seven|eight|nine|ten|all|most|many|several|some|no)\s+(?:other\s+)?forces\b"
    r"|\bforces\s+(?:were|are|have\s+been|had\s+been)\s+(?:judged|graded|assessed|rated|found)",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|would|could|should|might|may|unless|whether|must|will|or\s+exceeds|and/or|"
    r"to\s+be\s+judged|believes?|thinks?|claims?|told\s+us|expects?|aims?\s+to|wants?\s+to)\b",
    re.IGNORECASE,
)
_BUT = re.compile(r",?\s+but\s+", re.IGNORECASE)
# "... judged that <force>:" introduces bullets each stating a grade without a subject.
_JUDGED_LEAD = re.compile(
    r"\b(?:judged?|judges|graded?|grades|assessed|found|rated)\b.*:\s*$", re.IGNORECASE
)
# The clauses of a sentence split at ";" ("and" after it left out).
_CLAUSE = re.compile(r"(?:(?<=;)|^)\s*(?:and\s+)?(?P<body>[^;]+)")
_COUNTED_AREAS = re.compile(r"(?:\w+\s+)?areas?\b", re.IGNORECASE)
_AND_ING = re.compile(r"\s+and\s+(?=\w+ing\b)")
# "preventing and investigating crime": two verbs sharing one object.
_ELIDED = re.compile(r"(?P<verb>\w+ing)\s+and\s+(?P<rest>\w+ing\s+(?P<object>\S.*))")
_LIST_ITEMS = re.compile(r";\s*(?:and\s+)?|,\s+and\s+|,\s+(?=\w+ing\b)|\s+and\s+(?=\w+ing\b)")
_LISTED_PARTS = re.compile(r",\s*(?:and\s+)?(?=how\b|the\s+way\b)|\s+and\s+(?=how\b|the\s+way\b)")
_PERFORMANCE = re.compile(
    rf"^(?:(?:its|the\s+force['’]s|the\s+constabulary['’]s|(?:{_FORCE})['’]s)\s+)"
    r"(?:overall\s+)?performance$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StatedGrade:
    """A grade stated in a sentence or a grade table.

    theme is None when a sentence names no area: it grades the question it stands under.
    area is the span of the area's words (None with the theme); evidence the span of the
    sentence (or, in a table, the grade's header cell)."""

    grade: Concept
    theme: Concept | None
    area: tuple[int, int] | None
    evidence: tuple[int, int]
    line: int


def sentence_grades(doc: SourceDocument, schemes: Schemes) -> list[StatedGrade]:
    """The grades stated in sentences of the report, in document order."""
    patterns = _patterns(schemes, _names(doc))
    found: list[StatedGrade] = []
    lead = ""  # the sentence before a run of bullets
    previous = ""
    for start, end, text, bullet in _sentences(doc):
        if not bullet:
            lead = text
        stated = _read(text, patterns, schemes, previous, lead if bullet else "")
        previous = text
        for grade, area, named in stated:
            area_span = None
            theme = None
            if area is not None:
                area_span = _source(doc, start, end, text, area)
                theme = named or schemes.theme_of(text[area[0] : area[1]])
                if theme is None:
                    continue
            line = doc.text.count("\n", 0, start) + 1
            found.append(StatedGrade(grade, theme, area_span, (start, end), line))
    return found


def opens_with_grade(doc: SourceDocument, schemes: Schemes, i: int) -> bool:
    """Whether the paragraph at line index i opens with a sentence stating a grade (a graded
    question's section does: "<force> requires improvement at ...")."""
    lines = doc.lines
    j = i
    while j < len(lines) and j < i + _OPENING_LINES and not lines[j].is_blank:
        j += 1
    if i >= len(lines) or j == i:
        return False
    normal = doc.normalised(lines[i].start, lines[j - 1].end)
    spans = sentences(normal.text)
    if not spans:
        return False
    text = normal.text[spans[0][0] : spans[0][1]]
    return bool(_read(text, _patterns(schemes, _names(doc)), schemes, "", ""))


def table_grades(doc: SourceDocument, schemes: Schemes) -> list[StatedGrade]:
    """Areas under the grade columns of a grade table: a header row of grade cells, then rows
    whose cells (by position) name areas. The evidence is the grade's header cell."""
    found: list[StatedGrade] = []
    lines = doc.lines
    i = 0
    while i < len(lines):
        header = lines[i]
        columns = [
            (span, _one_grade(header.text[span[0] : span[1]], schemes))
            for span in _cells(header.text)
        ]
        named = [grade for span, grade in columns if span[1] > span[0]]
        i += 1
        if len(named) < 3 or any(grade is None for grade in named):
            continue
        while i < len(lines) and _cells(lines[i].text):
            row = lines[i]
            for index, span in enumerate(_cells(row.text)):
                if index >= len(columns) or span[1] == span[0]:
                    continue
                (head_start, head_end), grade = columns[index]
                theme = schemes.theme_of(doc.clean(row.start + span[0], row.start + span[1]))
                if grade is None or theme is None:
                    continue
                found.append(
                    StatedGrade(
                        grade,
                        theme,
                        (row.start + span[0], row.start + span[1]),
                        (header.start + head_start, header.start + head_end),
                        row.number,
                    )
                )
            i += 1
    return found


# --- sentences -----------------------------------------------------------------------------


def _sentences(doc: SourceDocument) -> Iterator[tuple[int, int, str, bool]]:
    """Each sentence of the report: its span in the file, its normalised text (bullet marker
    left out) and whether it is a bullet's. Paragraphs are cut at bullets and after a line
    that stands as a heading (pages scraped with single line breaks)."""
    for run in paragraph_lines(doc):
        units: list[list[int]] = []
        for index in run:
            if (
                not units
                or _BULLET.match(doc.lines[index].stripped)
                or _after_heading(doc, index)
                or _list_item(doc, index)
            ):
                units.append([index])
            else:
                units[-1].append(index)
        for unit in units:
            first, last = doc.lines[unit[0]], doc.lines[unit[-1]]
            normal = doc.normalised(first.start, last.end)
            if not normal.text:
                continue
            marker = _BULLET.match(normal.text)
            skip = marker.end() if marker else 0
            body = normal.text[skip:]
            for s, e in sentences(body):
                start, end = normal.source_span(skip + s, skip + e)
                yield start, end, body[s:e], marker is not None


# A grade, where its area stands (if named), and the area's theme where its words alone do not
# tell it ("preventing" of "preventing and investigating crime"; else None: read from them).
Stated = tuple[Concept, tuple[int, int] | None, Concept | None]


def _list_item(doc: SourceDocument, index: int) -> bool:
    """Whether line `index` is an item of a list scraped one line an item, without bullets:
    after a line that introduces it ("... and we found:") or ends the item before ("... is
    good."), it starts in lower case ("the extent to which the force ... requires improvement.")."""
    before = doc.lines[index - 1].stripped
    text = doc.lines[index].stripped
    return text[:1].islower() and before.endswith((":", ".", ";"))


def _after_heading(doc: SourceDocument, index: int) -> bool:
    """Whether line `index` starts anew after a short line with no closing stop ("Last
    updated 03/11/2016", "Investigating crime"): a heading, not a sentence running on."""
    before = doc.lines[index - 1].stripped
    text = doc.lines[index].stripped
    return (
        len(before) < _HEADING_CHARS
        and not ends_sentence(before, stops=".,;:!?")
        and (text[0].isupper() or text[0].isdigit())
    )


def _read(
    text: str, patterns: dict[str, re.Pattern[str]], schemes: Schemes, previous: str, lead: str
) -> list[Stated]:
    """The (grade, area span in text) pairs a sentence states of this inspection."""
    contrast = _BUT.search(text)
    if contrast is not None and _HYPOTHETICAL.search(text, contrast.end()):
        # "<force> is good at preventing crime, but it must improve ...": what it must do is
        # no grade, and no reason to doubt the clause before it
        text = text[: contrast.start()]
    if text.rstrip().endswith("?") or any(
        p.search(text) for p in (_OTHER_TIME, _CHANGE, _GENERAL, _HYPOTHETICAL)
    ):
        return []
    found = [
        *_with_subject(text, patterns, schemes, previous),
        *_listed(text, patterns, schemes),
        *_subject_first(text, patterns, schemes),
    ]
    if lead and _JUDGED_LEAD.search(lead) and not _OTHER_TIME.search(lead):
        bullet = patterns["bullet"].match(text)
        if bullet:
            found.append((_grade(bullet, schemes), _area(text, bullet), None))
    elif lead and not _OTHER_TIME.search(lead):
        # A bullet with no subject and its grade in quotes, "is ‘good’ at operating
        # efficiently ...", is a press release's list of the force's grades, where a copy of
        # the page has lost the lead ("Inspectors found that <force>:").
        bullet = patterns["quoted_bullet"].match(text)
        if bullet:
            found.append((_grade(bullet, schemes), _area(text, bullet), None))
    return list(dict.fromkeys(found))


def _with_subject(
    text: str, patterns: dict[str, re.Pattern[str]], schemes: Schemes, previous: str
) -> Iterator[Stated]:
    """ "<force> is good at ...", "We judge the force to be good at ...", "It requires
    improvement in ..." ("it" only with the force named in this sentence or the one before)."""
    for name in ("subject", "judge", "and_is", "approach"):
        at = 0
        while (match := patterns[name].search(text, at)) is not None:
            # A later clause may state another grade ("..., however it requires improvement
            # in ..."): the next search starts where this grade's area ends, not at the end of
            # the sentence its pattern runs to.
            at = match.end()
            if match.group("pronoun") and not patterns["force"].search(previous + " " + text):
                continue
            area = _area(text, match)
            if area and _COUNTED_AREAS.match(text, area[0]):
                continue  # "'inadequate' in three areas – ...": the list names them (_listed)
            # "good at X and outstanding at Y", "good at X, good at Y and good at Z": more
            # grades; each area ends where the next grade begins (where a new clause would cut
            # the area, "... and is good at Y")
            chain = [match]
            while (last := _area(text, chain[-1])) is not None:
                at = last[1]
                also = patterns["also"].search(text, chain[-1].end("grade"))
                if also is None or also.start() > last[1]:
                    break
                chain.append(also)
            if len(chain) > 1:
                for this, after in zip(chain, [*chain[1:], None], strict=True):
                    limit = after.start() if after is not None else None
                    yield _grade(this, schemes), _area(text, this, limit), None
            else:
                for each, theme in _two_areas(text, area, schemes):
                    yield _grade(match, schemes), each, theme


def _two_areas(
    text: str, area: tuple[int, int] | None, schemes: Schemes
) -> list[tuple[tuple[int, int] | None, Concept | None]]:
    """ "good at investigating crime and tackling serious and organised crime": two areas of
    different themes, joined by "and" before a verb's -ing form; "good at preventing and
    investigating crime": two, the first sharing the second's object (its theme is given, its
    words alone do not tell it). One area stays one when a theme's phrase runs across the "and"
    ("investigating crime and reducing re-offending", a question of PEEL 2014-19), when both
    halves are the same theme's, or when no -ing form follows the "and" ("preventing crime and
    anti-social behaviour")."""
    if area is None:
        return [(area, None)]
    start, end = area
    whole = schemes.theme_match(text[start:end])
    for joint in _AND_ING.finditer(text, start, end):
        if whole is not None and start + whole[2] > joint.start():
            continue  # one theme's phrase runs across the "and" ("preventing crime and ...")
        first = schemes.theme_of(text[start : joint.start()])
        second = schemes.theme_of(text[joint.end() : end])
        if first is not None and second is not None and first != second:
            return [((start, joint.start()), None), ((joint.end(), end), None)]
    elided = _ELIDED.fullmatch(text, start, end)
    if elided is not None:
        first = schemes.theme_of(f"{elided.group('verb')} {elided.group('object')}")
        second = schemes.theme_of(text[elided.start("rest") : end])
        if first is not None and second is not None and first != second:
            return [((start, end), first), ((elided.start("rest"), end), None)]
    return [(area, None)]


def _listed(text: str, patterns: dict[str, re.Pattern[str]], schemes: Schemes) -> Iterator[Stated]:
    """ "The areas graded as 'inadequate' included how the force investigates crime and how it
    responds to the public": one area per "how ..." or "the way ...". A press release's lists:
    "'inadequate' in three areas – A, B and C", "the areas requiring improvement are A; B; C,
    and D": one area per item (an item opens with a verb's -ing form after "and" or a comma, so
    "preventing crime and anti-social behaviour" stays one)."""
    match = patterns["listed"].search(text)
    if match is not None:
        yield from _parts(text, match, _LISTED_PARTS, _grade(match, schemes))
    match = patterns["counted"].search(text)
    if match is not None:
        yield from _parts(text, match, _LIST_ITEMS, _grade(match, schemes))
    match = patterns["requiring"].search(text)
    if match is not None:
        improvement = next(g for g in schemes.grades if g.slug == "requires-improvement")
        yield from _parts(text, match, _LIST_ITEMS, improvement)


def _parts(text: str, match: re.Match[str], separator: re.Pattern[str], grade: Concept):
    begin = match.start("area")
    for part in separator.split(match.group("area")):
        at = text.index(part, begin)
        if part.strip():
            yield grade, (at, at + len(part.rstrip(" .,;"))), None
        begin = at + len(part)


def _subject_first(
    text: str, patterns: dict[str, re.Pattern[str]], schemes: Schemes
) -> Iterator[Stated]:
    """ "The extent to which the force ... is inadequate.", "<force>'s approach to ... is good";
    "the force's performance is good" names no area."""
    for clause in _CLAUSE.finditer(text):
        match = patterns["subject_first"].match(text, clause.start("body"), clause.end("body"))
        if match is None:
            continue
        area = text[match.start("area") : match.end("area")]
        if schemes.theme_of(area) is None and _PERFORMANCE.match(area):
            yield _grade(match, schemes), None, None
        else:
            yield _grade(match, schemes), (match.start("area"), match.end("area")), None


def _grade(match: re.Match[str], schemes: Schemes) -> Concept:
    said = " ".join(match.group("grade").lower().split())
    for grade in schemes.grades:
        if said in (label.lower() for label in grade.labels):
            return grade
    raise ValueError(f"no grade labelled {said!r}")  # the pattern holds only grade labels


def _area(text: str, match: re.Match[str], limit: int | None = None) -> tuple[int, int] | None:
    """Where the area a grade is given for stands: from after "at"/"in" to the clause end (or
    the limit)."""
    if match.group("area") is None:
        return None
    start = match.start("area")
    cut = _AREA_END.search(text, start, len(text) if limit is None else limit)
    end = cut.start() if cut else (len(text) if limit is None else limit)
    area = text[start:end].rstrip(" .,;'’\"”")
    return (start, start + len(area)) if area else None


def _source(
    doc: SourceDocument, start: int, end: int, text: str, area: tuple[int, int]
) -> tuple[int, int]:
    """The span in the file of the area's words, found in the sentence as it stands there."""
    words = text[area[0] : area[1]].split()
    pattern = r"[\s\-\u2010\u2011]*".join(re.escape(w) for w in words)
    match = re.search(pattern, doc.text[start:end])
    if match is None:  # a hyphen joined over a line break: the whole sentence stands instead
        return start, end
    return start + match.start(), start + match.end()


def _names(doc: SourceDocument) -> tuple[str, ...]:
    """The force names a report uses, with the place alone ("Durham" for Durham
    Constabulary), longest first."""
    names: set[str] = set()
    for match in _FORCE_NAME.finditer(doc.text):
        name = " ".join(match.group(0).split())
        names.add(name)
        place = re.sub(r"\s+(?:Constabulary|Police(?:\s+Service)?)$", "", name)
        if place != name and not place.startswith(("Police", "The ")):
            names.add(place)
    return tuple(sorted(names, key=len, reverse=True))


@functools.cache
def _patterns(schemes: Schemes, names: tuple[str, ...]) -> dict[str, re.Pattern[str]]:
    labels = sorted(
        (label for g in schemes.grades if g.rank is not None for label in g.labels),
        key=len,
        reverse=True,
    )
    grade = "(?P<grade>" + "|".join(r"\s+".join(map(re.escape, lb.split())) for lb in labels) + ")"
    graded = rf"{_QUOTE_OPEN}(?i:{grade}){_QUOTE_CLOSE}"
    place = "|".join(re.escape(n) for n in names)
    force = rf"(?:{_FORCE}{'|' + place if place else ''}|(?i:the\s+force|the\s+constabulary))"
    subject = rf"(?:{force}|(?P<pronoun>\b[Ii]t))"
    copula = (
        r"(?:is|are|was|remains|has\s+been|continues\s+to\s+be)\s+(?:also\s+|still\s+|now\s+)?"
        r"(?:(?:judged|graded|assessed|rated|found)\s+(?:to\s+be\s+|as\s+)?)?"
    )
    improvement = r"(?:still\s+|now\s+|also\s+)?(?=requires)"
    area = r"(?:\s+(?P<prep>at|in)\s+(?P<area>\S.*)|\s*[.!]?\s*$)"
    # A bullet with no subject: "is ‘good’ at ...", "‘requires improvement’ at ...".
    bullet = r"^(?:(?:is|was|remains)\s+)?"
    bullet_area = r"\s+(?P<prep>at|in)\s+(?P<area>\S.*)"
    judge = (
        r"(?:we|HMIC|HMICFRS|the\s+inspectorate)\s+(?:have\s+|has\s+)?"
        r"(?:judged?|judges|graded?|grades|assessed|assesses|rated?|rates|found|finds?|"
        r"considers?|considered)\s+(?:that\s+)?"
    )
    return {
        "force": re.compile(rf"\b{force}\b"),
        "subject": re.compile(rf"\b{subject}\s+(?:{copula}|{improvement}){graded}{area}"),
        # "The force works well with partners and is good at ...": one subject, a first verb
        # phrase with no verb "to be" in it, then the grade.
        "and_is": re.compile(
            rf"^{subject}\s+(?!(?:is|are|was|were|has|have)\b)(?:(?!\b(?:is|are|was|were|but"
            rf"|which|who|that)\b)[^,;.])+?\s+and\s+(?:is|was)\s+(?:also\s+)?{graded}{area}"
        ),
        "judge": re.compile(
            rf"(?i:{judge}){subject}\s+(?:to\s+be\s+|as\s+|is\s+|was\s+|remains\s+)?{graded}{area}"
        ),
        # "The force also has an outstanding approach to workforce wellbeing ...".
        "approach": re.compile(
            rf"\b{subject}\s+(?:also\s+|still\s+)?(?:has|had)\s+(?:an?\s+)?{graded}\s+"
            rf"(?P<prep>approach\s+to)\s+(?P<area>\S.*)"
        ),
        "also": re.compile(
            rf"(?:,\s+(?:and\s+)?|\s+and\s+)(?:(?:is|was)\s+)?{graded}\s+(?P<prep>at|in)\s+"
            rf"(?P<area>\S.*)"
        ),
        "bullet": re.compile(rf"{bullet}{graded}{bullet_area}"),
        # the same with its grade in quotes, read with no lead (_read)
        "quoted_bullet": re.compile(rf"{bullet}[‘'\"“](?i:{grade})[’'\"”]{bullet_area}"),
        "listed": re.compile(
            rf"(?i:\bgraded\s+as\s+){graded}\s+(?:included|include|were|are|:)\s+(?P<area>[^.;]+)"
        ),
        # A press release's "'inadequate' in three areas – responding to the public, ...".
        "counted": re.compile(rf"{graded}\s+in\s+(?:\w+\s+)?areas?\s*[–—-]\s*(?P<area>[^.;]+)"),
        # "the areas requiring improvement are recording data about crime; treatment of ...".
        "requiring": re.compile(
            r"(?i:\bthe\s+areas?\s+(?:requiring|that\s+require|needing)\s+improvement\s+"
            r"(?:are|were|include[sd]?|:)):?\s+(?P<area>[^.]+)"
        ),
        "subject_first": re.compile(
            rf"(?P<area>(?:(?i:the\s+extent\s+to\s+which"
            rf"|the\s+(?:effectiveness|efficiency|legitimacy)\s+with\s+which)"
            rf"|(?:{force})['’]s|[Ii]ts)\b.*?)\s+"
            # "requires improvement" is a verb phrase: it needs no "is" before it.
            rf"(?:(?:is|was|remains):?\s+(?:(?:also|still|now)\s+)?"
            rf"(?:(?:judged|assessed|graded|rated)\s+(?:to\s+be|as)\s+)?"
            rf"|(?=requires\s))"
            rf"{graded}\s*(?:[.!]|,\s+(?:and|but)\s.*)?$"
        ),
    }


# --- tables --------------------------------------------------------------------------------


def _cells(text: str) -> list[tuple[int, int]]:
    """The cells of a table row by position: tab- or "|"-separated, empty cells kept (a row
    written "\\t" + cells, or "| a | b |", loses only its outer separators)."""
    if "\t" in text:
        separator = "\t"
    elif "|" in text:
        separator = "|"
    else:
        return []
    spans: list[tuple[int, int]] = []
    at = 0
    for part in text.split(separator):
        inner = part.strip()
        offset = at + (part.index(inner) if inner else 0)
        spans.append((offset, offset + len(inner)))
        at += len(part) + 1
    if spans and spans[0][0] == spans[0][1]:
        spans = spans[1:]  # the row's leading separator
    if spans and spans[-1][0] == spans[-1][1] and text.rstrip().endswith(separator):
        spans = spans[:-1]
    return spans


def _one_grade(cell: str, schemes: Schemes) -> Concept | None:
    grades = schemes.parse_grades(cell)
    return grades[0] if grades and len(grades) == 1 else None

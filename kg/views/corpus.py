"""Measuring extraction on the test corpus (tests/corpus): each text is extracted on its own,
as `kg add` would read it, and compared with the gold written by hand beside it
(`<name>.toml`), per layout (the generation and form of the report).

- judgments: a found judgment is right when its grade is the gold's and its question is the
  gold's, by theme slug or because the question's wording and the gold's `area` contain one
  another; each gold judgment is matched once.
- findings: right when kind and text are the gold's; the text compared with white space
  collapsed, a leading bullet or enumerator, enclosing quotation marks and a list item's
  closing "; and" removed.
  `placed` counts the right findings filed under the gold's theme.
- force, year and programme: per report, as the extraction's inspection states them.
- quotes: every judgment's and finding's evidence must stand at its offsets in the text.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.extract.inspection import Reading
from kg.extract.report import extract_report
from kg.facts import Evidence, FindingFact, JudgmentFact, ReportExtraction
from kg.namespaces import KGR
from kg.source.document import SourceDocument
from kg.source.manifest import ReportEntry
from kg.source.schemes import Schemes
from kg.views.evaluate import Score

# "- ", "• ", "1. ", "(a) " at the head of a finding, and bullet characters within one (a
# lead-in's list items joined): layout, not text.
_LEAD = re.compile(r"^(?:[-•‣◦▪*–]|\(?[0-9]{1,2}[.)]|\([a-z]\))\s+")
_BULLETS = re.compile(r"\s*[•‣◦▪]\s*")
_DASH_ITEMS = re.compile(r"(?<=[:;]) [-–] |(?<=; and) [-–] ")  # "- " items joined
_QUOTES = "\"'“”‘’"
# The findings scored (as the seeds' eval): strengths and work in progress are not.
SCORED_KINDS = frozenset({"area-for-improvement", "recommendation", "cause-of-concern"})
# A list item's closing "; and" or ";" is layout too.
_LIST_TAIL = re.compile(r"\s*;(?:\s*(?:and|or))?$")


@dataclass(frozen=True)
class GoldJudgment:
    theme: str
    area: str
    grade: str


@dataclass(frozen=True)
class GoldFinding:
    kind: str
    theme: str
    text: str


@dataclass(frozen=True)
class GoldReport:
    path: Path
    layout: str
    title: str
    date: str | None
    force: str
    year: int
    programmes: tuple[str, ...]
    judgments: tuple[GoldJudgment, ...]
    findings: tuple[GoldFinding, ...]


@dataclass
class FileResult:
    name: str
    layout: str
    judgments: Score
    findings: Score
    placed: int  # right findings filed under the gold's theme
    force_ok: bool
    year_ok: bool
    programme_ok: bool
    bad_quotes: int
    notes: list[str] = field(default_factory=list)  # what was wrong or missed, for --details


@dataclass(frozen=True)
class LayoutScore:
    layout: str
    reports: int
    judgments: Score
    findings: Score
    placed: int
    force_ok: int
    year_ok: int
    programme_ok: int
    bad_quotes: int


def read_corpus(corpus_dir: Path) -> list[GoldReport]:
    """Every text under `corpus_dir` with its gold; a text without gold, or gold without a
    required key, is an error that names the file."""
    if not corpus_dir.is_dir():
        raise KgError(f"{corpus_dir}: no such folder")
    texts = sorted(corpus_dir.rglob("*.txt"))
    if not texts:
        raise KgError(f"{corpus_dir}: no .txt report in the corpus")
    return [_gold(path) for path in texts]


def _gold(path: Path) -> GoldReport:
    gold_path = path.with_suffix(".toml")
    if not gold_path.exists():
        raise KgError(f"{path}: no gold file {gold_path.name} beside it")
    try:
        with open(gold_path, "rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise KgError(f"{gold_path}: not valid TOML: {error}") from None

    def need(table: dict, key: str, where: str):
        if key not in table:
            raise KgError(f"{gold_path}: {where} has no '{key}'")
        return table[key]

    try:
        return _gold_report(path, data, need)
    except (TypeError, ValueError, AttributeError) as error:  # a value of the wrong kind
        raise KgError(f"{gold_path}: {error}") from None


def _gold_report(path: Path, data: dict, need) -> GoldReport:
    report = need(data, "report", "the file")
    programmes = need(report, "programme", "[report]")
    return GoldReport(
        path=path,
        layout=str(need(report, "layout", "[report]")),
        title=str(need(report, "title", "[report]")),
        date=report.get("date"),
        force=str(need(report, "force", "[report]")),
        year=int(need(report, "year", "[report]")),
        programmes=tuple([programmes] if isinstance(programmes, str) else programmes),
        judgments=tuple(
            GoldJudgment(*(str(need(j, k, "a [[judgment]]")) for k in ("theme", "area", "grade")))
            for j in data.get("judgment", [])
        ),
        findings=tuple(
            GoldFinding(*(str(need(f, k, "a [[finding]]")) for k in ("kind", "theme", "text")))
            for f in data.get("finding", [])
        ),
    )


def extract_file(
    gold: GoldReport, schemes: Schemes, reading: Reading
) -> tuple[SourceDocument, ReportExtraction]:
    """The file extracted as `kg add` would: its title and date as the user gives them."""
    iri = str(KGR[f"report/corpus-{gold.path.stem}"])
    entry = ReportEntry(
        iri=iri,
        title=gold.title,
        file_name=gold.path.name,
        sha256=hashlib.sha256(gold.path.read_bytes()).hexdigest(),
        date_as_stated=gold.date,
        path=gold.path,
    )
    doc = SourceDocument.from_file(iri, gold.path)
    return doc, extract_report(entry, doc, schemes, reading)


def evaluate_file(gold: GoldReport, schemes: Schemes, reading: Reading) -> FileResult:
    doc, extraction = extract_file(gold, schemes, reading)
    notes: list[str] = []
    judgments = _match_judgments(gold.judgments, extraction.judgments, notes)
    found = tuple(f for f in extraction.findings if f.kind.slug in SCORED_KINDS)
    findings, placed = _match_findings(gold.findings, found, notes)
    inspection = extraction.inspection
    # The gold names the force as the text does; the gazetteer says which force that is.
    named = reading.force_by_name(gold.force)
    force_ok = inspection is not None and (
        _norm(inspection.force_name) == _norm(gold.force)
        or (named is not None and inspection.force_slug == named.slug)
    )
    year_ok = inspection is not None and inspection.year == gold.year
    programme_ok = inspection is not None and inspection.programme.slug in gold.programmes
    if inspection is None:
        notes.append("no inspection found (force, year, programme)")
    else:
        for ok, what, got, want in (
            (force_ok, "force", inspection.force_name, gold.force),
            (year_ok, "year", inspection.year, gold.year),
            (programme_ok, "programme", inspection.programme.slug, " or ".join(gold.programmes)),
        ):
            if not ok:
                notes.append(f"{what}: found {got}, gold {want}")
    evidences = [j.evidence for j in extraction.judgments] + [
        f.evidence for f in extraction.findings
    ]
    bad_quotes = sum(1 for e in evidences if not _stands(doc, e))
    if bad_quotes:
        notes.append(f"{bad_quotes} quote(s) not at their offsets")
    return FileResult(
        gold.path.name,
        gold.layout,
        judgments,
        findings,
        placed,
        force_ok,
        year_ok,
        programme_ok,
        bad_quotes,
        notes,
    )


def _stands(doc: SourceDocument, evidence: Evidence) -> bool:
    return doc.text[evidence.start : evidence.end] == evidence.exact


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def _finding_text(text: str) -> str:
    text = " ".join(text.split())
    text = _DASH_ITEMS.sub(" ", _BULLETS.sub(" ", _LEAD.sub("", text))).strip()
    if len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return _LIST_TAIL.sub("", text)


def _match_judgments(
    gold: tuple[GoldJudgment, ...], found: tuple[JudgmentFact, ...], notes: list[str]
) -> Score:
    unmatched = list(gold)
    right = 0
    for fact in found:
        wording = _norm(fact.question.wording)
        match = next(
            (
                g
                for g in unmatched
                if g.grade == fact.grade.slug
                and (g.theme == fact.question.theme.slug or _same_area(g.area, wording))
            ),
            None,
        )
        if match is None:
            notes.append(
                f"wrong judgment: {fact.question.theme.slug} {fact.grade.slug} "
                f"({fact.question.wording!r}, offset {fact.evidence.start})"
            )
        else:
            unmatched.remove(match)
            right += 1
    notes.extend(f"missed judgment: {g.theme} {g.grade} ({g.area!r})" for g in unmatched)
    return Score("judgments", len(gold), len(found), right, right)


def _same_area(area: str, wording: str) -> bool:
    """Whether a question's wording names the gold's area: it contains the area, or (a
    sentence's short phrase, "investigating crime") the area contains it."""
    area = _norm(area).rstrip("?")
    wording = wording.rstrip("?")
    return area in wording or (len(wording.split()) >= 2 and wording in area)


def _match_findings(
    gold: tuple[GoldFinding, ...], found: tuple[FindingFact, ...], notes: list[str]
) -> tuple[Score, int]:
    unmatched = list(gold)
    right = placed = 0
    for fact in found:
        text = _finding_text(fact.text)
        match = next(
            (g for g in unmatched if g.kind == fact.kind.slug and _finding_text(g.text) == text),
            None,
        )
        if match is None:
            notes.append(f"wrong finding: {fact.kind.slug} {text[:90]!r}")
            continue
        unmatched.remove(match)
        right += 1
        theme = fact.question.theme.slug if fact.question is not None else None
        if theme == match.theme:
            placed += 1
        else:
            notes.append(f"finding under {theme}, gold {match.theme}: {text[:60]!r}")
    notes.extend(f"missed finding: {g.kind} {g.text[:90]!r}" for g in unmatched)
    return Score("findings", len(gold), len(found), right, right), placed


def evaluate_corpus(corpus_dir: Path, schemes: Schemes, reading: Reading) -> list[FileResult]:
    return [evaluate_file(gold, schemes, reading) for gold in read_corpus(corpus_dir)]


def by_layout(results: list[FileResult]) -> list[LayoutScore]:
    """Each layout's results summed, then the whole corpus as the layout "all"."""
    layouts = sorted({r.layout for r in results})
    return [_sum(layout, [r for r in results if r.layout == layout]) for layout in layouts] + [
        _sum("all", results)
    ]


def _sum(layout: str, results: list[FileResult]) -> LayoutScore:
    def total(kind: str, scores: list[Score]) -> Score:
        return Score(
            kind,
            sum(s.expected for s in scores),
            sum(s.found for s in scores),
            sum(s.correct_found for s in scores),
            sum(s.recalled for s in scores),
        )

    return LayoutScore(
        layout,
        len(results),
        total("judgments", [r.judgments for r in results]),
        total("findings", [r.findings for r in results]),
        sum(r.placed for r in results),
        sum(r.force_ok for r in results),
        sum(r.year_ok for r in results),
        sum(r.programme_ok for r in results),
        sum(r.bad_quotes for r in results),
    )


def format_corpus(results: list[FileResult], details: bool = False) -> str:
    head = (
        f"{'layout':<18} {'files':>5} | {'judgments':^25} | {'findings':^31} | "
        f"{'force':>5} {'year':>5} {'prog':>5} {'quotes':>6}"
    )
    sub = (
        f"{'':<18} {'':>5} | {'gold':>5} {'found':>5} {'prec':>6} {'recall':>6} | "
        f"{'gold':>5} {'found':>5} {'prec':>6} {'recall':>6} {'placed':>5} |"
    )
    lines = [head, sub]
    for s in by_layout(results):
        j, f = s.judgments, s.findings
        lines.append(
            f"{s.layout:<18} {s.reports:>5} | {j.expected:>5} {j.found:>5} {j.precision:>6.2f} "
            f"{j.recall:>6.2f} | {f.expected:>5} {f.found:>5} {f.precision:>6.2f} "
            f"{f.recall:>6.2f} {s.placed:>6} | {s.force_ok:>2}/{s.reports:<2} "
            f"{s.year_ok:>2}/{s.reports:<2} {s.programme_ok:>2}/{s.reports:<2} {s.bad_quotes:>6}"
        )
    if details:
        for r in results:
            if r.notes:
                lines.append(f"\n{r.name} ({r.layout})")
                lines.extend(f"  {note}" for note in r.notes)
    return "\n".join(lines)

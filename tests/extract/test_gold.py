"""The extracted judgments and findings against expectations written by hand from the source
text (tests/gold/*.toml)."""

from __future__ import annotations

import pytest

from kg.facts import ReportExtraction
from kg.graph.build import BuildResult
from tests.conftest import load_gold

JUDGMENTS = load_gold("judgments.toml")["judgment"]
FINDINGS = load_gold("findings.toml")["finding"]
# The gold covers these kinds; strengths and work in progress (2008) are extracted too.
GOLD_KINDS = {"area-for-improvement", "recommendation", "cause-of-concern"}


def extraction_for(built: BuildResult, file_name: str) -> ReportExtraction:
    for extraction in built.extractions:
        if extraction.report.endswith(file_name.removesuffix(".txt")):
            return extraction
    raise AssertionError(f"no extraction for {file_name}")


def line_of(settings, file_name: str, offset: int) -> int:
    text = (settings.seeds_dir / file_name).read_text(encoding="utf-8")
    return text.count("\n", 0, offset) + 1


@pytest.mark.parametrize("gold", JUDGMENTS, ids=lambda g: f"{g['year']}-{g['theme']}")
def test_judgment(built: BuildResult, gold: dict) -> None:
    extraction = extraction_for(built, gold["file"])
    assert extraction.inspection is not None
    assert extraction.inspection.year == gold["year"]
    assert extraction.inspection.programme.slug == gold["programme"]
    found = {j.question.theme.slug: j for j in extraction.judgments}
    assert gold["theme"] in found, f"no {gold['theme']} judgment; found {sorted(found)}"
    judgment = found[gold["theme"]]
    assert judgment.grade.slug == gold["grade"]
    assert judgment.overall == gold["overall"]
    assert judgment.question.wording == gold["question"]


@pytest.mark.parametrize(
    "file_name",
    sorted(
        {g["file"] for g in JUDGMENTS} | {"2010-asb-review-follow-up-press-release-derbyshire.txt"}
    ),
)
def test_no_judgment_beyond_the_gold(built: BuildResult, file_name: str) -> None:
    expected = sorted(g["theme"] for g in JUDGMENTS if g["file"] == file_name)
    found = sorted(j.question.theme.slug for j in extraction_for(built, file_name).judgments)
    assert found == expected


@pytest.mark.parametrize("gold", FINDINGS, ids=lambda g: f"{g['year']}-{g['kind']}-{g['line']}")
def test_finding(built: BuildResult, settings, gold: dict) -> None:
    extraction = extraction_for(built, gold["file"])
    by_text = {f.text: f for f in extraction.findings}
    assert gold["text"] in by_text, f"not extracted: {gold['text'][:80]}"
    finding = by_text[gold["text"]]
    assert finding.kind.slug == gold["kind"]
    assert finding.question is not None and finding.question.theme.slug == gold["theme"]
    assert line_of(settings, gold["file"], finding.evidence.start) == gold["line"]
    assert finding.deadline == gold.get("deadline")
    assert [p.text for p in finding.parts] == gold.get("parts", [])


@pytest.mark.parametrize(
    "file_name",
    sorted(
        {g["file"] for g in FINDINGS} | {"2010-asb-review-follow-up-press-release-derbyshire.txt"}
    ),
)
def test_no_finding_beyond_the_gold(built: BuildResult, file_name: str) -> None:
    expected = sorted(g["text"] for g in FINDINGS if g["file"] == file_name)
    found = sorted(
        f.text for f in extraction_for(built, file_name).findings if f.kind.slug in GOLD_KINDS
    )
    assert found == expected

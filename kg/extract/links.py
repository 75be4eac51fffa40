"""Findings that recur: a later inspection's finding that says again what an earlier one said.

Two findings are linked when they are about the same force, under the same question theme, in
inspections of different years, and the cosine similarity of their word counts (stop words
removed, crude stemming) reaches the threshold. The method and threshold are stated in the
ontology (kgo:FindingLink, link-method:text-similarity) and on the linking activity.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from kg.facts import FindingLinkFact, LinkedFinding

THRESHOLD = 0.3
LINKED_KINDS = {"area-for-improvement", "recommendation", "cause-of-concern"}
_STOP = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "both", "by", "for", "from", "has", "have", "in",
    "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was",
    "we", "were", "which", "with", "should", "force", "constabulary", "ensure", "all", "those",
})  # fmt: skip


def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ies", "es", "ed", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _vector(text: str) -> Counter:
    words = re.findall(r"[a-z]+", text.lower())
    return Counter(_stem(w) for w in words if w not in _STOP)


def similarity(a: str, b: str) -> float:
    va, vb = _vector(a), _vector(b)
    dot = sum(va[w] * vb[w] for w in va)
    norm = math.sqrt(sum(v * v for v in va.values())) * math.sqrt(sum(v * v for v in vb.values()))
    return dot / norm if norm else 0.0


def _link_key(f: LinkedFinding) -> tuple[int, str, str] | None:
    """The year, force and question theme a finding is linked by; None if it is not linked
    (not a linked kind, or no question or year)."""
    question, year = f.finding.question, f.inspection.year
    if f.finding.kind.slug not in LINKED_KINDS or question is None or year is None:
        return None
    return year, f.inspection.force_slug, question.theme.slug


def recurring_findings(
    findings: list[LinkedFinding], threshold: float = THRESHOLD
) -> tuple[FindingLinkFact, ...]:
    eligible = [(f, key) for f in findings if (key := _link_key(f)) is not None]
    links = []
    for earlier, (earlier_year, earlier_force, earlier_theme) in eligible:
        for later, (later_year, later_force, later_theme) in eligible:
            if (
                earlier_year < later_year
                and earlier_force == later_force
                and earlier_theme == later_theme
            ):
                score = similarity(earlier.finding.text, later.finding.text)
                if score >= threshold:
                    links.append(FindingLinkFact(earlier, later, round(score, 3)))
    return tuple(links)

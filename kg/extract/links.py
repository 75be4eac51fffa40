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


def recurring_findings(
    findings: list[LinkedFinding], threshold: float = THRESHOLD
) -> tuple[FindingLinkFact, ...]:
    eligible = [
        f
        for f in findings
        if f.finding.kind.slug in LINKED_KINDS
        and f.finding.question is not None
        and f.inspection.year is not None
    ]
    links = []
    for earlier in eligible:
        for later in eligible:
            if (
                earlier.inspection.year < later.inspection.year
                and earlier.inspection.force_slug == later.inspection.force_slug
                and earlier.finding.question.theme.slug == later.finding.question.theme.slug
            ):
                score = similarity(earlier.finding.text, later.finding.text)
                if score >= threshold:
                    links.append(FindingLinkFact(earlier, later, round(score, 3)))
    return tuple(links)

"""bench/synthetic_text.py: a collection of report text for benchmarks of the whole pipeline.

The honesty check: a sample of every layout, extracted with the real extractor, gives back
what the generator says it put in (force, programme, year, each judgment's area and grade,
each finding's kind and text); a layout the extractor cannot read is no valid benchmark.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from kg.source.manifest import read_manifest
from tests.paths import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "bench"))

import synthetic_text
from text_layouts import Finding, Written

# Two of each layout: the layouts are taken in turn.
SAMPLE = 2 * len(synthetic_text.LAYOUTS)


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    synthetic_text.generate(SAMPLE, seed=19, out=out, extra=1)
    return out


def truth(out: Path) -> list[dict]:
    return json.loads((out / "truth.json").read_text(encoding="utf-8"))


def test_every_layout_is_in_a_small_collection(collection: Path) -> None:
    layouts = Counter(t["layout"] for t in truth(collection) if not t["extra"])
    assert set(layouts) == {name for name, _, _ in synthetic_text.LAYOUTS}
    assert set(layouts.values()) == {2}


def test_the_extractor_finds_what_each_report_states(collection: Path) -> None:
    stated = truth(collection)
    # Each layout states grades or findings for the check to compare (leadership, the
    # ASB review and letters grade nothing; the press releases state no findings).
    assert sum(len(t["judgments"]) for t in stated) > 3 * SAMPLE
    assert sum(len(t["findings"]) for t in stated) > 3 * SAMPLE
    assert synthetic_text.check_collection(collection) == []


def test_the_check_sees_a_finding_the_text_does_not_state(collection: Path) -> None:
    """The check can fail: a finding added to the truth only is reported missing."""
    stated = truth(collection)
    first = stated[0]
    first["findings"].append(
        {"kind": "area-for-improvement", "theme": "prevention", "text": "Not in the text."}
    )
    (collection / "truth.json").write_text(json.dumps(stated), encoding="utf-8")
    try:
        problems = synthetic_text.check_collection(collection, {first["file"]})
    finally:
        first["findings"].pop()
        (collection / "truth.json").write_text(json.dumps(stated), encoding="utf-8")
    assert len(problems) == 1
    assert "missed finding: area-for-improvement 'Not in the text.'" in problems[0]


def test_the_manifest_is_read_as_the_build_reads_it(collection: Path) -> None:
    _graph, entries = read_manifest(collection / "seeds")  # checks every sha256
    held = [t for t in truth(collection) if t["extra"]]
    assert len(entries) == SAMPLE
    assert len(held) == 1 and (collection / "extra" / held[0]["file"]).is_file()
    assert held[0]["file"] not in {e.file_name for e in entries}
    titles = {t["file"]: t["title"] for t in truth(collection)}
    assert all(e.title == titles[e.file_name] for e in entries)


def test_no_two_reports_share_force_programme_and_year() -> None:
    forces = synthetic_text.territorial_forces(_ontology())
    assert len(forces) == 43
    slots = synthetic_text.allocate(700, forces, __import__("random").Random(1))
    keys = [(s.force.slug, s.programme, s.year) for s in slots]
    assert len(set(keys)) == len(keys) == 700


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    def files(seed: int, folder: str) -> dict[str, bytes]:
        synthetic_text.generate(12, seed=seed, out=tmp_path / folder)
        return {p.name: p.read_bytes() for p in sorted((tmp_path / folder / "seeds").iterdir())}

    assert files(5, "a") == files(5, "b")
    assert files(5, "a") != files(6, "c")


def test_a_report_never_states_one_finding_twice() -> None:
    """Two identical findings would be read as one: the generator draws another."""
    import random

    from text_layouts.prose import findings

    force = synthetic_text.territorial_forces(_ontology())[0]
    report = Written("", "", None, "hmic")
    rng = random.Random(3)
    for _ in range(10):
        for text in findings(rng, force, "efficiency", 2, report):
            report.findings.append(Finding("area-for-improvement", "efficiency-future", text))
    texts = [f.text for f in report.findings]
    assert len(set(texts)) == len(texts) == 20


def _ontology():
    from kg.graph.files import load_ontology
    from kg.settings import Settings

    return load_ontology(Settings.from_env(ontology_dir=PROJECT_ROOT / "ontology"))

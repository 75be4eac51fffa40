"""A synthetic collection of inspection report TEXT, for benchmarks of the whole pipeline
(extraction, linking, validation, writing), not only the store.

N reports about the 43 territorial forces of England and Wales (ontology/forces.ttl) in every
layout the extractor reads (bench/text_layouts/): the 2008 standards inspection, the 2010
anti-social behaviour review, the 2014 crime inspection, PEEL 2014 (web page), the PEEL pillars
of 2015–17 (web and PDF), the 2018/19 integrated PEEL (PDF, and the web summary page), PEEL
2021/22 and 2023–25, press releases and revisit letters. Each report is one force, programme
and year, never two alike (the build refuses that). Seeded: the same arguments give the same
files, byte for byte.

Writes DIR/seeds/ (the texts and manifest.ttl, as `kg add` writes entries) and
DIR/truth.json (per report what the generator put in: force, programme, year, each
judgment's theme, area and grade, each finding's kind, theme and text), which
tests/bench/test_synthetic_text.py checks the extractor finds.

Run: .venv/bin/python bench/synthetic_text.py --reports 500 --seed 7 --out DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS
from text_layouts import Force, Slot, Written
from text_layouts.early import asb_2010, crime_2014, standards_2008
from text_layouts.integrated import ipa_2018, peel_2021, peel_2023
from text_layouts.notices import press_release, revisit_letter
from text_layouts.pillars import pillar_pdf, pillar_web
from text_layouts.summaries import peel_2014_web, summary_2018_web

from kg.namespaces import KGO

ROOT = Path(__file__).resolve().parents[1]
FORCES_FILE = ROOT / "ontology" / "forces.ttl"
OGL = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
KGR = "https://w3id.org/police-inspection-kg/id/"

Layout = Callable[[Slot, random.Random], Written]
# Each layout, the programmes and years it can state, and how it is written. A collection
# cycles through them, so even a few reports have every layout.
LAYOUTS: tuple[tuple[str, tuple[tuple[str, int], ...], Layout], ...] = (
    ("standards-2008-pdf", (("neighbourhood-citizen-focus", 2008),), standards_2008),
    ("asb-2010-web", (("anti-social-behaviour-review", 2010),), asb_2010),
    ("crime-2014-pdf", (("crime-inspection", 2014),), crime_2014),
    ("peel-2014-web", (("peel-effectiveness", 2014),), peel_2014_web),
    (
        "peel-2015-17-web",
        tuple(
            (p, y) for p in ("peel-effectiveness", "peel-efficiency") for y in (2015, 2016, 2017)
        ),
        pillar_web,
    ),
    (
        "peel-2015-17-pdf",
        tuple((p, y) for p in ("peel-legitimacy", "peel-leadership") for y in (2015, 2016, 2017)),
        pillar_pdf,
    ),
    ("peel-2018-19-pdf", (("peel-2018-19", 2018),), ipa_2018),
    ("peel-2018-19-web", (("peel-2018-19", 2018),), summary_2018_web),
    ("peel-2021-25-web", (("peel-2021-22", 2021),), peel_2021),
    ("peel-2021-25-pdf", (("peel-2023-25", 2023),), peel_2023),
    (
        "press-release",
        (
            ("peel-effectiveness", 2015),
            ("peel-effectiveness", 2016),
            ("peel-effectiveness", 2017),
            ("peel-2018-19", 2018),
            ("peel-2021-22", 2021),
        ),
        press_release,
    ),
    ("letter", (("peel-2021-22", 2021),), revisit_letter),
)


def territorial_forces(ontology: Graph) -> list[Force]:
    """The 43 forces of England and Wales: the first section of ontology/forces.ttl."""
    text = FORCES_FILE.read_text(encoding="utf-8")
    section = text.split("# The territorial forces of England and Wales", 1)[1]
    section = section.split("\n# ----", 2)[1]
    slugs = dict.fromkeys(re.findall(r"^agent:([a-z-]+)\b", section, flags=re.M))
    forces = []
    for slug in slugs:
        iri = URIRef(f"{KGR}org/{slug}")
        name = str(ontology.value(iri, SKOS.prefLabel))
        area = ontology.value(iri, KGO.policeForceArea)
        place = str(ontology.value(area, SKOS.altLabel)) if area is not None else name
        forces.append(Force(slug, name, name if "(" in place else place))
    return forces


def allocate(reports: int, forces: list[Force], rng: random.Random) -> list[Slot]:
    """`reports` slots, no two of the same force, programme and year, the layouts taken in
    turn; a layout whose slots are all taken is skipped."""
    taken: set[tuple[str, str, int]] = set()
    free = {name: [(f, p, y) for f in forces for p, y in years] for name, years, _ in LAYOUTS}
    for options in free.values():
        rng.shuffle(options)
    slots: list[Slot] = []
    turn = misses = 0
    while len(slots) < reports:
        name = LAYOUTS[turn % len(LAYOUTS)][0]
        turn += 1
        options = free[name]
        while options and (options[-1][0].slug, *options[-1][1:]) in taken:
            options.pop()
        if not options:
            misses += 1
            if misses == len(LAYOUTS):
                raise SystemExit(f"only {len(slots)} distinct reports can be made")
            continue
        misses = 0
        force, programme, year = options.pop()
        taken.add((force.slug, programme, year))
        slots.append(Slot(force, programme, year, name))
    return slots


def file_name(slot: Slot, number: int) -> str:
    return f"{number:04d}-{slot.year}-{slot.programme}-{slot.layout}-{slot.force.slug}.txt"


def generate(reports: int, seed: int, out: Path, extra: int = 0) -> list[dict]:
    """Write the collection into out/seeds and its truth into out/truth.json; `extra` more
    reports into out/extra/, left out of the manifest (for `kg add`)."""
    from kg.graph.files import load_ontology
    from kg.settings import Settings

    settings = Settings.from_env(ontology_dir=ROOT / "ontology")
    ontology = load_ontology(settings)
    rng = random.Random(seed)
    slots = allocate(reports + extra, territorial_forces(ontology), rng)
    layouts = {name: write for name, _, write in LAYOUTS}
    seeds = out / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    (out / "extra").mkdir(exist_ok=True)
    manifest = [
        "# A synthetic collection written by bench/synthetic_text.py: invented content.",
        "@prefix kgo: <https://w3id.org/police-inspection-kg/ontology#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "",
    ]
    truth = []
    for number, slot in enumerate(slots, start=1):
        # Each report from its own random source: one layout's change leaves the others' text.
        written = layouts[slot.layout](slot, random.Random(f"{seed}/{number}"))
        name = file_name(slot, number)
        data = written.text.encode("utf-8")
        held_back = number > reports
        (out / "extra" if held_back else seeds).joinpath(name).write_bytes(data)
        if not held_back:
            manifest.append(manifest_entry(name, written, hashlib.sha256(data).hexdigest()))
        truth.append(
            {
                "file": name,
                "extra": held_back,
                "layout": slot.layout,
                "force": slot.force.name,
                "programme": slot.programme,
                "year": slot.year,
                "title": written.title,
                "date": written.date,
                "publisher": written.publisher,
                "judgments": [asdict(j) for j in written.judgments],
                "findings": [asdict(f) for f in written.findings],
            }
        )
    (seeds / "manifest.ttl").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n")
    return truth


def manifest_entry(name: str, written: Written, sha256: str) -> str:
    """An entry as `kg add` writes one (kg/graph/add.py)."""
    report = f"{KGR}report/{Path(name).stem}"
    lines = [
        f"<{report}> a kgo:Report ;",
        f"    dcterms:title {json.dumps(written.title, ensure_ascii=False)} ;",
        f"    dcterms:publisher <{KGR}org/{written.publisher}> ;",
    ]
    if written.date:
        lines.append(f"    kgo:dateAsStated {json.dumps(written.date, ensure_ascii=False)} ;")
    lines += [
        f'    kgo:fileName "{name}" ;',
        f'    kgo:sourceFileName "{name}" ;',
        f'    kgo:sha256 "{sha256}" ;',
        f"    dcterms:license <{OGL}> .",
        "",
    ]
    return "\n".join(lines)


def check_collection(out: Path, files: set[str] | None = None) -> list[str]:
    """The generator's honesty check: each report (or those named) extracted on its own with
    the real extractor, as `kg eval --corpus` scores a text against its gold; what the
    extractor misses, adds or misplaces (force, year, programme, a quote off its offsets),
    one line per report. Finding themes are not compared: placing a finding under its area
    is the extractor's business, not what the text states."""
    from kg.extract.inspection import load_reading
    from kg.graph.files import load_ontology
    from kg.settings import Settings
    from kg.source.schemes import load_schemes
    from kg.views.corpus import GoldFinding, GoldJudgment, GoldReport, evaluate_file

    ontology = load_ontology(Settings.from_env(ontology_dir=ROOT / "ontology"))
    schemes, reading = load_schemes(ontology), load_reading(ontology)
    problems = []
    for t in json.loads((out / "truth.json").read_text(encoding="utf-8")):
        if files is not None and t["file"] not in files:
            continue
        gold = GoldReport(
            path=out / ("extra" if t["extra"] else "seeds") / t["file"],
            layout=t["layout"],
            title=t["title"],
            date=t["date"],
            force=t["force"],
            year=t["year"],
            programmes=(t["programme"],),
            judgments=tuple(GoldJudgment(**j) for j in t["judgments"]),
            findings=tuple(GoldFinding(**f) for f in t["findings"]),
        )
        result = evaluate_file(gold, schemes, reading)
        j, f = result.judgments, result.findings
        exact = all(
            (
                j.expected == j.found == j.recalled,
                f.expected == f.found == f.recalled,
                result.force_ok,
                result.year_ok,
                result.programme_ok,
                result.bad_quotes == 0,
            )
        )
        if not exact:
            wrong = [n for n in result.notes if not n.startswith("finding under")]
            problems.append(f"{t['file']} ({t['layout']}): " + "; ".join(wrong))
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--extra", type=int, default=0, help="reports left out, for kg add")
    parser.add_argument(
        "--check", action="store_true", help="extract every report and compare with the truth"
    )
    args = parser.parse_args()
    truth = generate(args.reports, args.seed, args.out, args.extra)
    layouts = sorted({t["layout"] for t in truth})
    print(f"Wrote {len(truth)} reports in {len(layouts)} layouts to {args.out / 'seeds'}")
    if args.check:
        problems = check_collection(args.out)
        print("\n".join(problems) or "The extractor finds what every report states.")
        sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

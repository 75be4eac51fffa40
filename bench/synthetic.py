"""A synthetic graph with the real graph's shape, for benchmarks at sizes the seeds cannot give.

Forces, years of inspections (one per programme year), the questions with their themes and
graded judgments, findings with evidence, figures as Data Cube observations, mentions of the
gazetteer's named things: all written by the builder's own RDF code (kg.graph.rdf) from made-up
facts, so the named queries find what they look for, and with the ontology graph alongside. Seeded:
the same arguments give the same graph. The quotes point at no real file, so the quote check
does not apply; everything else passes the shapes.

Run: .venv/bin/python bench/synthetic.py --size 100k --out DIR   (writes DIR/graph.nq and
DIR/build.json, a data folder `kg serve --data-dir DIR` serves as it is)
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date
from decimal import Decimal
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.extract.entities import load_entities
from kg.facts import (
    Evidence,
    FindingFact,
    InspectionFact,
    JudgmentFact,
    Mention,
    ObservationFact,
    QuestionFact,
    ReportExtraction,
)
from kg.graph.build import input_fingerprint
from kg.graph.files import canonical_nquads, load_ontology, new_dataset
from kg.graph.iris import fact_spans
from kg.graph.rdf import add_extraction, add_mentions, add_observations
from kg.namespaces import KGO, KGR, ONTOLOGY_GRAPH
from kg.settings import Settings
from kg.source.schemes import Concept, load_schemes

# Sizes by name: (forces, years, findings per report, figures per report, mentions per report)
SIZES = {
    "10k": (4, 3, 8, 6, 10),
    "100k": (43, 3, 8, 6, 10),
    "1m": (43, 10, 35, 28, 40),
}
WORDS = (
    "force",
    "victims",
    "crime",
    "partners",
    "vulnerable",
    "offenders",
    "neighbourhood",
    "investigation",
    "officers",
    "staff",
    "training",
    "supervision",
    "risk",
    "assessment",
    "domestic",
    "abuse",
    "safeguarding",
    "intelligence",
    "organised",
    "groups",
    "prevention",
    "anti-social",
    "behaviour",
    "evidence",
    "quality",
    "records",
    "public",
)


class _Text:
    """Made-up report text: hands out offsets as if the facts stood one after another."""

    def __init__(self, report: str) -> None:
        self.report = report
        self.offset = 0

    def evidence(self, exact: str) -> Evidence:
        start = self.offset
        self.offset += len(exact) + 2
        return Evidence(self.report, start, start + len(exact), exact, "", "")


def generate(size: str, seed: int = 7) -> Dataset:
    forces, years, findings, figures, mentions = SIZES[size]
    rng = random.Random(seed)
    settings = Settings.from_env()
    ontology = load_ontology(settings)
    schemes = load_schemes(ontology)
    entities = load_entities(ontology)
    peel = next(p for p in schemes.programmes if "effectiveness" in p.slug)
    grades = [
        g
        for g in schemes.grades
        if g.slug in ("outstanding", "good", "requires-improvement", "inadequate")
    ]
    kinds = [schemes.finding_type_by_slug(s) for s in ("area-for-improvement", "recommendation")]
    units = {u.slug: u for u in schemes.units}
    measures = list(schemes.measures)
    dataset = new_dataset()
    dataset.graph(ONTOLOGY_GRAPH).__iadd__(ontology)
    for f in range(forces):
        force_name = f"Force {f + 1:02d} Constabulary"
        slug = f"force-{f + 1:02d}-constabulary"
        for y in range(years):
            year = 2008 + y
            report = f"{KGR}report/{year}-synthetic-{slug}"
            graph = dataset.graph(URIRef(f"{report}/graph"))
            _add_report(graph, report, force_name, year)
            text = _Text(report)
            questions = tuple(
                QuestionFact(
                    f"How effective is the force at {t.label.lower()}?", t, text.evidence(t.label)
                )
                for t in schemes.themes[:6]
            )
            judgments = tuple(
                JudgmentFact(q, grade, i == 0, text.evidence(grade.label))
                for i, q in enumerate(questions)
                for grade in [rng.choice(grades)]
            )
            found = tuple(
                FindingFact(
                    rng.choice(kinds),
                    sentence := _sentence(rng),
                    rng.choice(questions),
                    text.evidence(sentence),
                )
                for _ in range(findings)
            )
            extraction = ReportExtraction(
                report,
                InspectionFact(force_name, slug, peel, year, text.evidence(force_name)),
                questions,
                judgments,
                found,
                (),
            )
            add_extraction(graph, extraction)
            containers = fact_spans(extraction)
            named = [
                Mention(rng.choice(entities), _inside(containers[len(questions) :], rng, text))
                for _ in range(mentions)
            ]
            add_mentions(
                graph, report, _distinct(named), containers, [(0, text.offset)], text.evidence
            )
            add_observations(
                graph,
                report,
                slug,
                (_figure(rng, measures, units, year, text) for _ in range(figures)),
            )
    return dataset


def _add_report(graph, report: str, force_name: str, year: int) -> None:
    iri = URIRef(report)
    graph.add((iri, RDF.type, KGO.Report))
    graph.add((iri, DCTERMS.title, Literal(f"PEEL {year}: Effectiveness, {force_name}")))
    graph.add((iri, DCTERMS.publisher, KGR["org/hmic"]))
    graph.add((iri, KGO.dateAsStated, Literal(f"March {year + 1}")))
    graph.add((iri, KGO.documentKind, Literal("inspection report (synthetic)")))
    graph.add((iri, KGO.fileName, Literal(f"{year}-synthetic.txt")))
    graph.add((iri, KGO.sourceFileName, Literal(f"{year}-synthetic.txt")))
    graph.add((iri, KGO.sha256, Literal("0" * 64)))
    graph.add(
        (
            iri,
            DCTERMS.license,
            URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
        )
    )


def _sentence(rng: random.Random) -> str:
    return "The force should " + " ".join(rng.choice(WORDS) for _ in range(14)) + "."


def _inside(containers, rng: random.Random, text: _Text) -> Evidence:
    """A name standing inside one of the report's findings."""
    start, end, _iri = rng.choice(containers)
    at = rng.randrange(start, max(start + 1, end - 4))
    return Evidence(text.report, at, at + 4, "name", "", "")


def _distinct(mentions: list[Mention]) -> list[Mention]:
    seen: dict[tuple[int, int], Mention] = {}
    for mention in mentions:
        seen.setdefault((mention.evidence.start, mention.evidence.end), mention)
    return list(seen.values())


def _figure(rng, measures: list[Concept], units: dict[str, Concept], year: int, text: _Text):
    measure = rng.choice(measures)
    value = Decimal(rng.randrange(10, 1000)) / 10
    return ObservationFact(
        measure,
        measure.label,
        value,
        units.get("percent") or next(iter(units.values())),
        rng.choice(("force", "england-and-wales")),
        f"12 months to 31 March {year}",
        date(year, 3, 31),
        None,
        text.evidence(str(value)),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=sorted(SIZES), default="10k")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    dataset = generate(args.size, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "graph.nq").write_text(canonical_nquads(dataset), encoding="utf-8")
    triples = len(dataset)
    summary = {"triples": triples, "synthetic": args.size, "seed": args.seed}
    # The fingerprint of the seeds, so that `kg serve` takes this folder as built.
    summary["inputs"] = input_fingerprint(Settings.from_env())
    (args.out / "build.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"{triples} triples in {args.out / 'graph.nq'}")


if __name__ == "__main__":
    main()

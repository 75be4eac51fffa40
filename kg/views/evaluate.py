"""Measuring extraction: the built graph against hand-written gold files (tests/gold/*.toml),
as precision and recall per kind of fact.

- judgments: (year, theme, grade) of every graded judgment;
- findings: (year, kind, text) of every area for improvement, recommendation, cause of concern;
- entities: gold entities (not marked minor) that the graph knows by one of their names and
  mentions in each file the gold names; precision is over the graph's mentioned entities;
- relations: gold relations whose two ends, by name or a gold alias (entities.toml), the graph's
  stated relations relate, in either direction; precision over the graph's stated relations
  (whose subject the gold names). Twice: "relations:rule" counts only what the rules extracted,
  "relations" rules and curated triples together (kgo:extractedBy tells them apart), so that
  curated facts do not hide what the extractor does;
- statistics: (report, value, area, period end) of gold observations found among the graph's
  observations (an undated gold figure matches one as at the report's date); precision over
  the graph's observations;
- people: (file, name, role, organisation) of every person named holding a post;
- posts: (organisation, role) of every post (org:Post) the graph holds;
- chairs: (file, body, chaired-by or led-by, role, organisation) of every body chaired or led
  by a post; a body is known by any of its names (accents and case aside);
- statements: (file, theme, sentence) of the sentence stating each judgment's grade;
- standards: (file, theme, wording) of every 2008 standard; none-identified: (file, standard,
  finding type) of every "None identified" under one;
- citations: (file, title, year) of every report cited by title, once per place cited.
Gold of files the graph does not hold (tests/gold also covers some of tests/corpus) is left
out of these last four.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, SKOS
from rdflib.term import Node

from kg.extract.statistics.grammar import REPORT_DATE
from kg.namespaces import KGO, OA, QB

SDMX_VALUE = URIRef("http://purl.org/linked-data/sdmx/2009/measure#obsValue")
SDMX_AREA = URIRef("http://purl.org/linked-data/sdmx/2009/dimension#refArea")


@dataclass(frozen=True)
class Score:
    kind: str
    expected: int
    found: int
    correct_found: int  # of what the graph holds, how much the gold has
    recalled: int  # of the gold, how much the graph holds

    @property
    def precision(self) -> float:
        return self.correct_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.expected if self.expected else 1.0


def _load(gold_dir: Path, name: str, key: str) -> list[dict]:
    path = gold_dir / name
    if not path.exists():
        return []
    with open(path, "rb") as handle:
        return tomllib.load(handle).get(key, [])


def evaluate(graph: Graph, gold_dir: Path) -> list[Score]:
    reports = {str(graph.value(r, KGO.fileName)): r for r in graph.subjects(RDF.type, KGO.Report)}
    entities = _load(gold_dir, "entities.toml", "entity")
    relations = _load(gold_dir, "relations.toml", "relation")
    aliases = _gold_aliases(entities)
    return [
        _judgments(graph, _load(gold_dir, "judgments.toml", "judgment")),
        _findings(graph, _load(gold_dir, "findings.toml", "finding")),
        _entities(graph, reports, entities),
        _relations(graph, relations, aliases, {"rule"}),
        _relations(graph, relations, aliases, {"rule", "curated"}),
        _statistics(graph, _load(gold_dir, "statistics.toml", "observation")),
        *_people(graph, reports, gold_dir),
        _organisations(graph, reports, _load(gold_dir, "organisations.toml", "organisation")),
        *_statements(graph, reports, gold_dir),
    ]


def _slug(node) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def _judgments(graph: Graph, gold: list[dict]) -> Score:
    expected = {(g["year"], g["theme"], g["grade"]) for g in gold}
    found = set()
    for judgment in graph.subjects(RDF.type, KGO.Judgment):
        inspection = graph.value(judgment, KGO.ofInspection)
        year = graph.value(inspection, KGO.year)
        theme = graph.value(graph.value(judgment, KGO.aboutQuestion), KGO.theme)
        found.add(
            (
                int(str(year)) if year else None,
                _slug(theme),
                _slug(graph.value(judgment, KGO.grade)),
            )
        )
    return _score("judgments", expected, found)


def _findings(graph: Graph, gold: list[dict]) -> Score:
    expected = {(g["year"], g["kind"], g["text"]) for g in gold}
    found = set()
    for cls in (KGO.AreaForImprovement, KGO.Recommendation, KGO.CauseOfConcern):
        for finding in graph.subjects(RDF.type, cls):
            year = graph.value(graph.value(finding, KGO.ofInspection), KGO.year)
            found.add(
                (
                    int(str(year)) if year else None,
                    _slug(graph.value(finding, KGO.findingType)),
                    str(graph.value(finding, KGO.text)),
                )
            )
    return _score("findings", expected, found)


def _names(graph: Graph, node) -> set[str]:
    return {
        " ".join(str(o).split()).lower()
        for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
        for o in graph.objects(node, p)
    }


def _entities(graph: Graph, reports: dict, gold: list[dict]) -> Score:
    """Recall over the gold's main entities: one is recalled when the graph's things that bear
    any of its names are, together, mentioned in every file the gold lists (the gold merges
    some that the gazetteer keeps apart, such as CSPs and CDRPs). Precision over every gold
    entity, minor ones included: finding a passing name is not a mistake."""
    # Every mention has an entity and a source (the shapes require them).
    mentioned: dict[Node | None, set[str | None]] = {}
    for mention in graph.subjects(RDF.type, KGO.Mention):
        entity = graph.value(mention, KGO.mentionOf)
        target = graph.value(_annotation(graph, mention), OA.hasTarget)
        source = graph.value(target, OA.hasSource)
        file_name = next((f for f, r in reports.items() if r == source), None)
        mentioned.setdefault(entity, set()).add(file_name)
    # Organisations found by their names' form are scored as "organisations", and posts named
    # by title as "posts", not here.
    for entity in [
        e for e in mentioned if _found_by_form(graph, e) or (e, RDF.type, ORG.Post) in graph
    ]:
        del mentioned[entity]
    names_of = {entity: _names(graph, entity) for entity in mentioned}

    def gold_names(item: dict) -> set[str]:
        return {" ".join(n.split()).lower() for n in [item["name"], *item.get("aliases", [])]}

    main = [g for g in gold if not g.get("minor")]
    recalled = 0
    for item in main:
        names = gold_names(item)
        files = set().union(*(mentioned[e] for e in mentioned if names_of[e] & names))
        if files and set(item.get("files", [])) <= files:
            recalled += 1
    all_gold_names = set().union(*(gold_names(item) for item in gold))
    correct = sum(1 for e in mentioned if names_of[e] & all_gold_names)
    return Score("entities", len(main), len(mentioned), correct, recalled)


ORGANISATION_CLASSES = (
    ORG.Organization,
    ORG.FormalOrganization,
    ORG.OrganizationalUnit,
    ORG.OrganizationalCollaboration,
    KGO.GovernanceBody,
)


def organisation_key(name: str) -> str:
    """A name as organisations are compared: case, spacing, apostrophes, a leading "the" and a
    plural "s" aside ("the Superintendents’ Association" is "superintendents' association")."""
    key = _norm(name).replace("’", "'").removeprefix("the ")
    return key.removesuffix("s") if len(key) > 3 else key


def score_organisations(found: dict[str, set[frozenset[str]]], gold: list[dict]) -> Score:
    """(report, organisation) pairs. `found`: by file, the names of each organisation the
    report mentions. Recall over the gold's pairs; precision over the found ones, right when
    one of its names is one of a gold organisation's of that file."""
    expected = [
        (file, {organisation_key(n) for n in [g["name"], *g.get("aliases", [])]})
        for g in gold
        for file in g.get("files", [])
    ]
    recalled = sum(1 for file, names in expected if any(n & names for n in found.get(file, set())))
    gold_names: dict[str, set[str]] = {}
    for file, names in expected:
        gold_names.setdefault(file, set()).update(names)
    correct = sum(
        1 for file, orgs in found.items() for n in orgs if n & gold_names.get(file, set())
    )
    total = sum(len(orgs) for orgs in found.values())
    return Score("organisations", len(expected), total, correct, recalled)


def _organisations(graph: Graph, reports: dict, gold: list[dict]) -> Score:
    """Organisations mentioned in each seed report (the gazetteer's and those found by form)
    against tests/gold/organisations.toml's for that report."""
    files = {r: f for f, r in reports.items()}
    organisations = {s for cls in ORGANISATION_CLASSES for s in graph.subjects(RDF.type, cls)}
    found: dict[str, set[frozenset[str]]] = {}
    per_file: dict[str, set] = {}
    for mention in graph.subjects(RDF.type, KGO.Mention):
        entity = graph.value(mention, KGO.mentionOf)
        if entity not in organisations:
            continue
        target = graph.value(_annotation(graph, mention), OA.hasTarget)
        file_name = files.get(graph.value(target, OA.hasSource))
        if file_name is not None:
            per_file.setdefault(file_name, set()).add(entity)
    for file_name, entities in per_file.items():
        found[file_name] = {
            frozenset(organisation_key(n) for n in _names(graph, e)) for e in entities
        }
    seeds = [g for g in gold if any("/" not in f for f in g.get("files", []))]
    seeds = [{**g, "files": [f for f in g["files"] if "/" not in f]} for g in seeds]
    return score_organisations(found, seeds)


def _found_by_form(graph: Graph, entity) -> bool:
    return any(
        str(kind).startswith(ORGANISATION_KINDS)
        for kind in graph.objects(entity, ORG.classification)
    )


ORGANISATION_KINDS = "https://w3id.org/police-inspection-kg/id/organisation-kind/"


def _annotation(graph: Graph, fact):
    return next(graph.subjects(OA.hasBody, fact), None)


def _relations(
    graph: Graph, gold: list[dict], aliases: dict[str, set[str]], extracted_by: set[str]
) -> Score:
    """Gold relations whose two ends the graph's stated relations (those entered by one of
    `extracted_by`: "rule", "curated") relate, in either direction; an end is known by its
    gold name or any alias entities.toml gives it. Precision over those stated relations: the
    share whose subject is a thing the gold names."""
    pairs = []  # one per stated relation: two state the same pair in two reports
    relations = [
        r
        for r in graph.subjects(RDF.type, KGO.StatedRelation)
        if str(graph.value(r, KGO.extractedBy)) in extracted_by
    ]
    for relation in relations:
        subject = _names(graph, graph.value(relation, KGO.relationSubject))
        obj = graph.value(relation, KGO.relationObject)
        objects = _names(graph, obj) if obj is not None else set()
        text = graph.value(relation, KGO.relationObjectText)
        if text is not None:
            objects.add(_norm(str(text)))
        pairs.append((frozenset(subject), frozenset(objects)))

    def known_as(name: str) -> set[str]:
        return aliases.get(_norm(name), {_norm(name)})

    def holds(item: dict) -> bool:
        a, b = known_as(item["subject"]), known_as(item["object"])
        return any(
            (a & s and any(_within(x, o) or _within(o, x) for x in b for o in objs))
            or (b & s and any(_within(x, o) or _within(o, x) for x in a for o in objs))
            for s, objs in pairs
        )

    recalled = sum(1 for item in gold if holds(item))
    gold_names = set().union(*(known_as(g[k]) for g in gold for k in ("subject", "object")))
    correct = sum(1 for s, _objs in pairs if s & gold_names)
    kind = (
        "relations"
        if extracted_by == {"rule", "curated"}
        else "relations:" + "+".join(sorted(extracted_by))
    )
    return Score(kind, len(gold), len(relations), correct, recalled)


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def _within(part: str, whole: str) -> bool:
    """Whether `part` stands in `whole` as whole words ("pa" is not in "partners")."""
    return re.search(rf"(?<!\w){re.escape(part)}(?!\w)", whole) is not None


def _gold_aliases(entities: list[dict]) -> dict[str, set[str]]:
    """Each gold entity's name and aliases, by each of them (lower case)."""
    known: dict[str, set[str]] = {}
    for item in entities:
        names = {_norm(n) for n in [item["name"], *item.get("aliases", [])]}
        for name in names:
            known.setdefault(name, set()).update(names)
    return known


def _decimal(text: object) -> Decimal | None:
    try:
        return Decimal(str(text).replace(",", ""))
    except InvalidOperation:
        return None


def _statistics(graph: Graph, gold: list[dict]) -> Score:
    """A gold figure is found when the same report states the same value for the same area
    and period end; a gold figure the text gives no date for is found undated or as at the
    report's own date (what the extractor gives such a figure, marked in its period)."""
    files = {r: str(graph.value(r, KGO.fileName)) for r in graph.subjects(RDF.type, KGO.Report)}
    expected = {(g["file"], _decimal(g["value"]), g["area"], g.get("period_end")) for g in gold}
    found: set[tuple] = set()
    correct = 0
    observations = list(graph.subjects(RDF.type, QB.Observation))
    for observation in observations:
        area = graph.value(observation, SDMX_AREA)
        end = graph.value(observation, KGO.periodEnd)
        stated = str(graph.value(observation, KGO.periodAsStated) or "")
        report = graph.value(graph.value(observation, QB.dataSet), KGO.inReport)
        key = (
            files.get(report) if report is not None else None,
            _decimal(graph.value(observation, SDMX_VALUE)),
            "england-and-wales"
            if area is not None and str(area).endswith("england-and-wales")
            else "force",
        )
        keys = {(*key, str(end) if end is not None else None)}
        if stated.endswith(REPORT_DATE):
            keys.add((*key, None))
        found |= keys
        correct += bool(keys & expected)
    return Score("statistics", len(expected), len(observations), correct, len(expected & found))


def _people(graph: Graph, reports: dict, gold_dir: Path) -> list[Score]:
    files = {r: f for f, r in reports.items()}

    def post_key(post) -> tuple[str, str]:
        return (_slug(graph.value(post, ORG.postIn)), _slug(post))

    holdings = set()
    for holding in graph.subjects(RDF.type, KGO.PostHolding):
        name = _fold(str(graph.value(graph.value(holding, KGO.holder), FOAF.name)))
        post = graph.value(holding, KGO.heldPost)
        role, organisation = post_key(post)[1], post_key(post)[0]
        holdings.add((files.get(graph.value(holding, KGO.inReport)), name, role, organisation))
    gold = _load(gold_dir, "people.toml", "holding")
    expected = {(g["file"], _fold(g["name"]), g["role"], g["organisation"]) for g in gold}
    posts = {post_key(p) for p in graph.subjects(RDF.type, ORG.Post)}
    gold_posts = {(g["organisation"], g["role"]) for g in _load(gold_dir, "people.toml", "post")}
    chairs = set()
    for chair in graph.subjects(RDF.type, KGO.PostChair):
        organisation, role = post_key(graph.value(chair, KGO.chairPost))
        report = files.get(graph.value(chair, KGO.inReport))
        relation = _slug(graph.value(chair, KGO.relationType))
        for name in _names(graph, graph.value(chair, KGO.chairedBody)):
            chairs.add((report, _fold(name), relation, role, organisation))
    gold_chairs = _load(gold_dir, "people.toml", "chair")
    expected_chairs = {
        (g["file"], _fold(g["body"]), g["relation"], g["role"], g["organisation"])
        for g in gold_chairs
    }
    # A body has several names: a chair is counted once, found if any of its names is gold's.
    found_chairs = len(list(graph.subjects(RDF.type, KGO.PostChair)))
    hits = len(expected_chairs & chairs)
    return [
        _score("people", expected, holdings),
        _score("posts", gold_posts, posts),
        Score("chairs", len(expected_chairs), found_chairs, hits, hits),
    ]


def _statements(graph: Graph, reports: dict, gold_dir: Path) -> list[Score]:
    files = {r: f for f, r in reports.items()}

    def theme_of(node) -> str:
        return _slug(graph.value(graph.value(node, KGO.aboutQuestion), KGO.theme))

    def held(rows: list[dict]) -> list[dict]:
        return [row for row in rows if row["file"] in reports]

    stating = set()
    for statement in graph.subjects(RDF.type, KGO.Statement):
        report = files.get(graph.value(statement, KGO.inReport))
        text = _norm(str(graph.value(statement, KGO.text)))
        for judgment in graph.objects(statement, KGO.statesJudgment):
            stating.add((report, theme_of(judgment), text))
    gold = held(_load(gold_dir, "statements.toml", "statement"))
    expected = {(g["file"], g["theme"], _norm(g["sentence"])) for g in gold}

    standards = set()
    nones = set()
    for standard in graph.subjects(RDF.type, KGO.Standard):
        inspection = graph.value(standard, KGO.ofInspection)
        report = files.get(graph.value(inspection, KGO.reportedIn))
        wording = _norm(str(graph.value(standard, KGO.text)))
        standards.add((report, theme_of(standard), wording))
        for none in graph.subjects(KGO.aboutStandard, standard):
            nones.add((report, wording, _slug(graph.value(none, KGO.noneOfType))))
    gold_standards = held(_load(gold_dir, "statements.toml", "standard"))
    expected_standards = {(g["file"], g["theme"], _norm(g["wording"])) for g in gold_standards}
    gold_nones = held(_load(gold_dir, "statements.toml", "none_identified"))
    expected_nones = {(g["file"], _norm(g["standard"]), g["kind"]) for g in gold_nones}

    cited: Counter = Counter()
    for citation in graph.subjects(RDF.type, KGO.Citation):
        work = graph.value(citation, KGO.citedReport)
        issued = graph.value(work, DCTERMS.issued)
        cited[
            (
                files.get(graph.value(citation, KGO.citingReport)),
                _norm(str(graph.value(work, DCTERMS.title))),
                int(str(issued)) if issued is not None else None,
            )
        ] += 1
    gold_cited = Counter(
        (g["file"], _norm(g["title"]), g.get("year"))
        for g in held(_load(gold_dir, "citations.toml", "citation"))
    )
    hits = sum((gold_cited & cited).values())
    return [
        _score("statements", expected, stating),
        _score("standards", expected_standards, standards),
        _score("none-identified", expected_nones, nones),
        Score("citations", sum(gold_cited.values()), sum(cited.values()), hits, hits),
    ]


def _fold(text: str) -> str:
    """A name without accents, case or spacing: "Zoë" is "zoe"."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _score(kind: str, expected: set, found: set, total_found: int | None = None) -> Score:
    hits = len(expected & found)
    return Score(
        kind, len(expected), total_found if total_found is not None else len(found), hits, hits
    )


def format_scores(scores: list[Score]) -> str:
    lines = [f"{'kind':<15} {'gold':>5} {'graph':>6} {'precision':>10} {'recall':>7}"]
    for s in scores:
        lines.append(
            f"{s.kind:<15} {s.expected:>5} {s.found:>6} {s.precision:>10.2f} {s.recall:>7.2f}"
        )
    return "\n".join(lines)

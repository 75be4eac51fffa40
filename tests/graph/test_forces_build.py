"""Reports of several forces in one graph: the seed reports re-issued for other real forces
(each force's name put for Derbyshire's in a copy) build with each report's inspection right
and nothing of one report linked to another force's units; two reports that would mint the
same IRIs stop the build with one message; `kg add` refuses what the text contradicts."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV

from kg.cli import main
from kg.errors import KgError
from kg.graph.build import BuildResult, build
from kg.graph.files import load_built
from kg.namespaces import KGO, KGR
from kg.settings import Settings
from tests.conftest import copy_build

# (seed, the force put for Derbyshire, its slug, programme, year, title)
REISSUES = [
    (
        "2016-peel-effectiveness-derbyshire",
        "Dyfed-Powys",
        "dyfed-powys-police",
        "peel-effectiveness",
        2016,
        "Dyfed-Powys PEEL 2016: Effectiveness",
    ),
    (
        "2015-peel-effectiveness-derbyshire",
        "Avon and Somerset",
        "avon-and-somerset-constabulary",
        "peel-effectiveness",
        2015,
        "PEEL: Police effectiveness 2015 – Avon and Somerset Constabulary",
    ),
    (
        "2008-neighbourhood-citizen-focus-derbyshire",
        "Devon and Cornwall",
        "devon-and-cornwall-police",
        "neighbourhood-citizen-focus",
        2008,
        "Devon and Cornwall Constabulary – HMIC Inspection: Neighbourhood Policing and "
        "Developing Citizen Focus Policing",
    ),
]


def reissue(seeds: Path, seed: str, name: str, title: str, text: str | None = None) -> str:
    """A copy of a seed report for another force, in seeds/ and its manifest; its stem."""
    stem = f"{seed.removesuffix('-derbyshire')}-{name.lower().replace(' ', '-')}"
    if text is None:
        text = (seeds / f"{seed}.txt").read_text(encoding="utf-8").replace("Derbyshire", name)
    (seeds / f"{stem}.txt").write_text(text, encoding="utf-8")
    manifest = Graph().parse(seeds / "manifest.ttl")
    old, new = KGR[f"report/{seed}"], KGR[f"report/{stem}"]
    replaced = {
        DCTERMS.title: Literal(title),
        KGO.fileName: Literal(f"{stem}.txt"),
        KGO.sourceFileName: Literal(f"{stem}.txt"),
        KGO.sha256: Literal(hashlib.sha256(text.encode("utf-8")).hexdigest()),
    }
    for _, p, o in list(manifest.triples((old, None, None))):
        manifest.add((new, p, replaced.get(p, o)))  # type: ignore[arg-type]
    manifest.serialize(seeds / "manifest.ttl", format="turtle")
    return stem


@pytest.fixture(scope="module")
def several(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    folder = tmp_path_factory.mktemp("forces")
    shutil.copytree(settings.seeds_dir, folder / "seeds")
    for seed, name, _slug, _programme, _year, title in REISSUES:
        reissue(folder / "seeds", seed, name, title)
    own = Settings(
        seeds_dir=folder / "seeds",
        ontology_dir=settings.ontology_dir,
        queries_dir=settings.queries_dir,
        data_dir=folder / "data",
    )
    result = build(own)
    assert result.validation.conforms, result.validation.violations[:3]
    return result


def _inspection(dataset: Dataset, report: str) -> URIRef:
    union = dataset.graph(URIRef(f"{KGR}report/{report}/graph"))
    found = set(union.subjects(KGO.reportedIn, KGR[f"report/{report}"]))
    assert len(found) == 1, found
    return found.pop()  # type: ignore[return-value]


@pytest.mark.parametrize(("seed", "name", "slug", "programme", "year", "title"), REISSUES)
def test_each_report_s_inspection(several, seed, name, slug, programme, year, title) -> None:
    stem = f"{seed.removesuffix('-derbyshire')}-{name.lower().replace(' ', '-')}"
    graph = several.dataset.graph(URIRef(f"{KGR}report/{stem}/graph"))
    inspection = _inspection(several.dataset, stem)
    assert graph.value(inspection, KGO.inspectedForce) == KGR[f"org/{slug}"]
    assert graph.value(inspection, KGO.programme) == KGR[f"programme/{programme}"]
    assert int(str(graph.value(inspection, KGO.year))) == year
    assert graph.value(inspection, PROV.wasAssociatedWith) == KGR["org/hmic"]


def test_nothing_of_a_report_links_to_another_force_s_units(several) -> None:
    dataset = several.dataset
    union = Graph()
    for graph in dataset.graphs():
        union += graph
    checked = 0
    for graph in dataset.graphs():
        if not str(graph.identifier).endswith("/graph"):
            continue
        report = URIRef(str(graph.identifier).removesuffix("/graph"))
        inspection = next(graph.subjects(KGO.reportedIn, report))
        force = graph.value(inspection, KGO.inspectedForce)
        named = set(graph.objects(None, KGO.mentionOf))
        named |= set(graph.objects(None, KGO.relationSubject))
        named |= set(graph.objects(None, KGO.relationObject))
        for thing in named:
            for owner in union.objects(thing, ORG.unitOf):
                # A unit of a body that is no force ("HMIC's out-of-hours press office") may be
                # named by any report; a force's unit only by that force's reports.
                if (owner, ORG.classification, KGR["organisation-type/police-force"]) in union:
                    assert owner == force, f"{report} names {thing}, a unit of {owner}"
                    checked += 1
    assert checked > 50  # units were named, and each is its report's force's


def test_each_force_has_its_own_special_constabulary(several) -> None:
    union = Graph()
    for graph in several.dataset.graphs():
        union += graph
    kind = KGR["unit/special-constabulary"]
    owners = {union.value(unit, ORG.unitOf) for unit in union.subjects(ORG.classification, kind)}
    # The 2008 report names the Special Constabulary; so does its copy for Devon and Cornwall.
    assert owners == {KGR["org/derbyshire-constabulary"], KGR["org/devon-and-cornwall-police"]}


def test_two_reports_minting_the_same_iris_stop_the_build(settings: Settings, tmp_path) -> None:
    shutil.copytree(settings.seeds_dir, tmp_path / "seeds")
    seed = "2016-peel-effectiveness-derbyshire"
    text = (settings.seeds_dir / f"{seed}.txt").read_text(encoding="utf-8") + "\n"
    reissue(tmp_path / "seeds", seed, "Again", "Derbyshire PEEL 2016: Effectiveness", text)
    own = Settings(
        seeds_dir=tmp_path / "seeds",
        ontology_dir=settings.ontology_dir,
        queries_dir=settings.queries_dir,
        data_dir=tmp_path / "data",
    )
    with pytest.raises(KgError) as raised:
        build(own, write=False)
    message = str(raised.value)
    assert f"{seed}.txt" in message and "2016-peel-effectiveness-again.txt" in message
    assert "inspection/derbyshire-constabulary/peel-effectiveness/2016" in message


@pytest.mark.parametrize(
    ("title", "publisher", "said"),
    [
        ("Dyfed-Powys PEEL 2017: Effectiveness", "HMIC", "the title says 2017, the text 2016"),
        (
            "Gwent PEEL 2016: Effectiveness",
            "HMIC",
            "the title names Gwent Police, the text is about Dyfed-Powys Police",
        ),
        (
            "Dyfed-Powys PEEL 2016: Effectiveness",
            "HMICFRS",
            "--publisher is HMICFRS, the text names HMIC",
        ),
    ],
)
def test_kg_add_refuses_what_the_text_contradicts(
    built, settings: Settings, tmp_path: Path, title: str, publisher: str, said: str
) -> None:
    refused(settings, tmp_path, ["--title", title, "--publisher", publisher], said)


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--force", "Gwent Police"], "--force is Gwent Police, the text is about Dyfed-Powys"),
        (["--force", "Wessex Vale Police"], "--force Wessex Vale Police is no police force"),
        (["--year", "2017"], "--year is 2017, the text says 2016"),
        (
            ["--programme", "PEEL: police legitimacy"],
            "--programme is PEEL: police legitimacy, the text PEEL: police effectiveness",
        ),
    ],
)
def test_kg_add_refuses_a_force_year_or_programme_the_text_contradicts(
    built, settings: Settings, tmp_path: Path, options: list[str], said: str
) -> None:
    given = ["--title", "PEEL 2016", "--publisher", "HMIC", *options]
    refused(settings, tmp_path, given, said)


def refused(settings: Settings, tmp_path: Path, given: list[str], said: str) -> None:
    """`kg add` of the 2016 report re-issued for Dyfed-Powys, with `given`: refused, saying
    `said`, with nothing written."""
    settings = copy_build(settings, tmp_path / "data", tmp_path / "seeds")
    seed = settings.seeds_dir / "2016-peel-effectiveness-derbyshire.txt"
    report = tmp_path / "2016-peel-dyfed-powys.txt"
    report.write_text(seed.read_text(encoding="utf-8").replace("Derbyshire", "Dyfed-Powys"))
    manifest = (settings.seeds_dir / "manifest.ttl").read_bytes()
    graph = settings.graph_file.read_bytes()
    base = ["--seeds-dir", str(settings.seeds_dir), "--data-dir", str(settings.data_dir)]
    result = CliRunner().invoke(main, [*base, "add", str(report), *given])
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert (settings.seeds_dir / "manifest.ttl").read_bytes() == manifest
    assert not (settings.seeds_dir / report.name).exists()
    assert settings.graph_file.read_bytes() == graph


def test_kg_add_with_the_publisher_hmicfrs(built, settings: Settings, tmp_path: Path) -> None:
    settings = copy_build(settings, tmp_path / "data", tmp_path / "seeds")
    seed = settings.seeds_dir / "2016-peel-effectiveness-derbyshire.txt"
    report = tmp_path / "2016-peel-gwent.txt"
    text = seed.read_text(encoding="utf-8").replace("Derbyshire", "Gwent")
    report.write_text(text.replace("HMIC", "HMICFRS"))
    base = ["--seeds-dir", str(settings.seeds_dir), "--data-dir", str(settings.data_dir)]
    title = "Gwent PEEL 2016: Effectiveness"
    result = CliRunner().invoke(
        main, [*base, "add", str(report), "--title", title, "--publisher", "HMICFRS"]
    )
    assert result.exit_code == 0, result.output
    graph = load_built(settings).graph(KGR["report/2016-peel-gwent/graph"])
    assert graph.value(KGR["report/2016-peel-gwent"], DCTERMS.publisher) == KGR["org/hmicfrs"]
    inspection = KGR["inspection/gwent-police/peel-effectiveness/2016"]
    assert graph.value(inspection, PROV.wasAssociatedWith) == KGR["org/hmicfrs"]

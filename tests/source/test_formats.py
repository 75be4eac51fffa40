"""Reports as published: the same report as text, as a PDF (written here with fpdf2, with a
running header, "Page N of M" footers, footnote markers and a page in two columns) and as the
inspectorate's web page (tests/data/formats) gives the same judgments and findings through
`kg add`; the original is kept byte for byte with its text beside it; bad files are refused
with an error naming them, and change nothing."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fpdf import FPDF
from PIL import Image
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.cli import main
from kg.errors import KgError
from kg.graph.build import BuildResult
from kg.graph.files import load_built
from kg.namespaces import KGO, OA, ONTOLOGY_GRAPH
from kg.settings import Settings
from kg.source.formats import HTML, PDF, TEXT, media_type
from kg.source.html import html_text
from kg.source.manifest import read_manifest
from kg.source.pdf import PAGE_BREAK, pdf_text
from tests.conftest import copy_build, with_ontology
from tests.paths import DATA_DIR
from tests.source.pdfs import HEADER, write_pdf

FORMATS = DATA_DIR / "formats"
FICTIONAL_FORCE = DATA_DIR / "fictional-force.ttl"
TEXT_REPORT = FORMATS / "northmoor-peel-2019.txt"
HTML_REPORT = FORMATS / "northmoor-peel-2019.html"
REPORTS = "https://w3id.org/police-inspection-kg/id/report/"
TITLE = "Northmoor PEEL 2016: Effectiveness"
# Footnote markers set as superscripts after these words of the PDF (the overall grade line
# among them: "Requires improvement1" would not be read as a grade).
MARKERS = {"improvement": "1", "agencies.": "2"}

# Written by hand from the report's text: each question's grade, and the findings.
JUDGMENTS = {
    ("Overall effectiveness", "Requires improvement", True),
    ("Preventing crime and anti-social behaviour", "Good", False),
    ("Investigating crime and managing offenders", "Requires improvement", False),
    ("Protecting vulnerable people and supporting victims", "Inadequate", False),
    ("Serious and organised crime", "Good", False),
}
FINDINGS = {
    (
        "Area for improvement",
        "The force should make sure neighbourhood teams record their problem-solving plans in "
        "the same system.",
    ),
    (
        "Area for improvement",
        "The force should evaluate its crime prevention work and share what it learns with its "
        "partners.",
    ),
    (
        "Area for improvement",
        "The force should ensure that supervisors review every investigation plan and record "
        "their review.",
    ),
    (
        "Area for improvement",
        "The force should ensure that victims are kept informed, as the code of practice requires.",
    ),
    (
        "Cause of concern",
        "The force does not assess the risk to victims of domestic abuse consistently when they "
        "first call for help.",
    ),
}
# The PDF sets each numbered question on a page of its own, after the overall page.
PAGES = {
    "Overall effectiveness": 1,
    "Preventing crime and anti-social behaviour": 2,
    "Investigating crime and managing offenders": 3,
    "Protecting vulnerable people and supporting victims": 4,
    "Serious and organised crime": 5,
}


def report_pdf(path: Path) -> Path:
    return write_pdf(TEXT_REPORT.read_text(encoding="utf-8"), path, "2", MARKERS)


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return report_pdf(tmp_path_factory.mktemp("pdf") / "northmoor-peel-2019-pdf.pdf")


# What the text of a PDF and of a page looks like.


def test_format_is_told_by_content_not_extension(pdf_file: Path) -> None:
    assert media_type(pdf_file.read_bytes()) == PDF
    assert media_type(HTML_REPORT.read_bytes()) == HTML
    assert media_type(b"\xef\xbb\xbf<!-- saved -->\n<!DOCTYPE html><p>x") == HTML
    assert media_type(TEXT_REPORT.read_bytes()) == TEXT
    assert media_type(b"How effective is the force? <html> is mentioned") == TEXT


def test_pdf_text_layout(pdf_file: Path) -> None:
    text, extractor = pdf_text(pdf_file, pdf_file.read_bytes())
    assert extractor.startswith("pdfplumber ")
    lines = [line.strip() for line in text.split("\n")]
    # Five pages (the overall judgment's, then one for each question): four breaks.
    assert text.count(PAGE_BREAK) == 4
    assert HEADER not in text and "Page " not in text  # running header, "Page N of M" footer
    # The markers are gone, so the grade stands alone on its line.
    assert lines.count("Requires improvement") == 2
    assert "agencies." in text and "agencies.2" not in text
    # Headings on their own lines, with a blank line after them.
    assert "Areas for improvement" in lines
    after = lines[lines.index("Causes of concern") + 1 :]
    assert after[0] == "" and after[1].startswith("• ")
    # A table row on one line.
    assert "Crimes per 1,000 people 61.2 77.8" in lines
    # Two columns read one after the other: each paragraph whole, the left column's (the first
    # three) before the right's.
    flat = " ".join(text.split())
    order = [
        "How effective is the force at investigating crime and reducing re-offending? "
        "Requires improvement",
        "Initial investigations by response officers are prompt, and evidence is gathered at "
        "the scene in most cases we reviewed.",
        "Supervisors do not always review investigation plans. In a third of the files we "
        "examined, there was no record of a supervisor's review",
        "Victims are not always kept informed. The code of practice for victims of crime sets "
        "out what they should be told and when",
        "The force manages offenders well. Its integrated offender management scheme",
        "• The force should ensure that supervisors review every investigation plan",
    ]
    assert all(paragraph in flat for paragraph in order)
    assert [flat.index(p) for p in order] == sorted(flat.index(p) for p in order)


def test_html_text_keeps_structure_and_drops_chrome() -> None:
    text, extractor = html_text(HTML_REPORT, HTML_REPORT.read_bytes())
    assert extractor.startswith("lxml ")
    for chrome in ("cookies", "Skip to content", "Police forces", "Crown copyright", "dataLayer"):
        assert chrome not in text
    assert "a supervisor's review" in text  # &#39; decoded
    assert "\n\nQuestions for Effectiveness\n\n1\n\nHow effective is the force at" in text
    assert "\nMeasure\tNorthmoor\tEngland and Wales\nCrimes per 1,000 people\t61.2\t77.8\n" in text
    assert "keeping people safe.\n" in text  # the footnote reference <sup>1</sup> left out
    # The page's report text is the text report's, paragraph for paragraph.
    assert text.startswith(TEXT_REPORT.read_text(encoding="utf-8"))


# Through `kg add`: the same facts from every format.


def _add(settings: Settings, tmp: Path, source: Path) -> tuple[Settings, object]:
    settings = copy_build(settings, tmp / "data", tmp / "seeds")
    # The gazetteer has real forces only; the fixtures' force is fictional.
    settings = with_ontology(settings, tmp / "ontology", FICTIONAL_FORCE)
    args = ["--seeds-dir", str(settings.seeds_dir), "--data-dir", str(settings.data_dir)]
    args += ["--ontology-dir", str(settings.ontology_dir)]
    result = CliRunner().invoke(
        main, [*args, "add", str(source), "--title", TITLE, "--publisher", "HMIC"]
    )
    return settings, result


def _report_graph(settings: Settings, source: Path) -> Graph:
    """The added report's named graph, with the ontology's labels to read it by."""
    dataset = load_built(settings)
    graph = Graph()
    graph += dataset.graph(URIRef(f"{REPORTS}{source.stem}/graph"))
    assert len(graph) > 0
    graph += dataset.graph(ONTOLOGY_GRAPH)
    return graph


def _label(graph: Graph, node: object) -> str:
    return str(graph.value(node, SKOS.prefLabel))


def _facts(graph: Graph) -> tuple[set, set]:
    judgments = set()
    for judgment in graph.subjects(RDF.type, KGO.Judgment):
        theme = graph.value(graph.value(judgment, KGO.aboutQuestion), KGO.theme)
        overall = graph.value(judgment, KGO.isOverall)
        judgments.add(
            (_label(graph, theme), _label(graph, graph.value(judgment, KGO.grade)), overall.value)
        )
    findings = {
        (_label(graph, graph.value(f, KGO.findingType)), str(graph.value(f, KGO.text)))
        for f in graph.subjects(KGO.findingType, None)
    }
    return judgments, findings


@pytest.fixture(scope="module", params=["text", "pdf", "html"])
def added(request, built: BuildResult, settings: Settings, tmp_path_factory, pdf_file: Path):
    tmp = tmp_path_factory.mktemp(request.param)
    source = {
        "text": TEXT_REPORT,
        "pdf": pdf_file,
        "html": HTML_REPORT.with_name("northmoor-peel-2019-html.html"),
    }[request.param]
    if request.param == "html":
        source = tmp / source.name
        source.write_bytes(HTML_REPORT.read_bytes())
    added_settings, result = _add(settings, tmp, source)
    assert result.exit_code == 0, result.output
    return request.param, source, added_settings, _report_graph(added_settings, source)


def test_same_facts_from_every_format(added) -> None:
    kind, _source, _settings, graph = added
    judgments, findings = _facts(graph)
    assert judgments == JUDGMENTS, kind
    assert findings == FINDINGS, kind


def test_original_kept_and_text_beside_it(added) -> None:
    kind, source, settings, _graph = added
    seeds = settings.seeds_dir
    manifest = (seeds / "manifest.ttl").read_text(encoding="utf-8")
    assert (seeds / source.name).read_bytes() == source.read_bytes()
    if kind == "text":
        assert not (seeds / f"{source.name}.txt").exists()
        assert "originalFileName" not in manifest
        return
    stored = seeds / f"{source.name}.txt"
    assert stored.is_file()
    for digest in (
        hashlib.sha256(source.read_bytes()).hexdigest(),
        hashlib.sha256(stored.read_bytes()).hexdigest(),
    ):
        assert f'"{digest}"' in manifest
    assert ("pdfplumber " if kind == "pdf" else "lxml ") in manifest


def test_the_build_checks_the_original_and_its_text(added, tmp_path: Path) -> None:
    kind, source, settings, _graph = added
    names = [source.name] if kind == "text" else [source.name, f"{source.name}.txt"]
    for name in names:
        seeds = tmp_path / name / "seeds"
        shutil.copytree(settings.seeds_dir, seeds)
        with open(seeds / name, "ab") as handle:
            handle.write(b" ")
        with pytest.raises(KgError, match=rf"{re.escape(name)}: sha256 is [0-9a-f]+ but"):
            read_manifest(seeds)


def test_evidence_stands_in_stored_text_with_its_page(added) -> None:
    kind, source, settings, graph = added
    stored = settings.seeds_dir / (source.name if kind == "text" else f"{source.name}.txt")
    with open(stored, encoding="utf-8", newline="") as handle:
        text = handle.read()

    def value(target: object, prop: URIRef) -> object:
        return next(
            v for s in graph.objects(target, OA.hasSelector) for v in graph.objects(s, prop)
        )

    targets = list(graph.subjects(RDF.type, OA.SpecificResource))
    assert targets
    for target in targets:
        start, end = int(value(target, OA.start)), int(value(target, OA.end))
        assert text[start:end] == str(value(target, OA.exact))
        pages = [s for s in graph.objects(target, OA.hasSelector) if (s, RDF.value, None) in graph]
        assert len(pages) == (1 if kind == "pdf" else 0), target
    if kind != "pdf":
        return
    for judgment in graph.subjects(RDF.type, KGO.Judgment):
        theme = _label(graph, graph.value(graph.value(judgment, KGO.aboutQuestion), KGO.theme))
        target = graph.value(graph.value(None, OA.hasBody, judgment), OA.hasTarget)
        assert str(value(target, RDF.value)) == f"page={PAGES[theme]}", theme


# Bad files: a clear error naming the file, and nothing added.


def _corrupt_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a PDF body\n")
    return path


def _encrypted_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.write(6, "Northmoor Police is good at preventing crime.")
    pdf.output(str(path))
    return path


def _image_pdf(path: Path) -> Path:
    image = Image.new("RGB", (200, 100), "white")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=20, y=20, w=100)
    pdf.output(str(path))
    return path


def _empty_page(path: Path) -> Path:
    path.write_text(
        "<!DOCTYPE html><html><head><title>Northmoor</title><script>var x = 1;</script></head>"
        "<body><nav><a href='/'>Home</a></nav><main id='main-content'>  </main>"
        "<footer>Crown copyright</footer></body></html>",
        encoding="utf-8",
    )
    return path


def _cp1252_text(path: Path) -> Path:
    path.write_bytes("Northmoor Police \u2013 PEEL 2019\n\nGood\n".encode("cp1252"))
    return path


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (_corrupt_pdf, "corrupt.pdf", "not a readable PDF"),
        (_encrypted_pdf, "locked.pdf", "the PDF is encrypted"),
        (_image_pdf, "scanned.pdf", "the PDF has no text"),
        (_empty_page, "empty.html", "the HTML page has no text"),
        (_cp1252_text, "latin.txt", "not UTF-8 text (byte 0x96 at line 1"),
    ],
)
def test_bad_files_are_refused_and_change_nothing(
    make, name: str, message: str, built: BuildResult, settings: Settings, tmp_path: Path
) -> None:
    source = make(tmp_path / name)
    settings = copy_build(settings, tmp_path / "data", tmp_path / "seeds")
    before = {p.name: p.read_bytes() for p in settings.seeds_dir.iterdir() if p.is_file()}
    graph = (settings.data_dir / "graph.nq").read_bytes()
    args = ["--seeds-dir", str(settings.seeds_dir), "--data-dir", str(settings.data_dir)]
    result = CliRunner().invoke(
        main, [*args, "add", str(source), "--title", TITLE, "--publisher", "HMIC"]
    )
    assert result.exit_code != 0
    assert name in result.output and message in result.output, result.output
    assert "Traceback" not in result.output
    after = {p.name: p.read_bytes() for p in settings.seeds_dir.iterdir() if p.is_file()}
    assert after == before
    assert (settings.data_dir / "graph.nq").read_bytes() == graph

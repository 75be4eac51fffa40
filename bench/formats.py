"""Reading reports as published (issue 14): per-format extraction time, and the PDF libraries
compared on layout fidelity and speed.

The report is the fictional one of tests/data/formats, as text, as its web page, as a PDF
written with fpdf2 (tests/source/pdfs.py: running header, page numbers, footnote markers, a page
in two columns, a table) and as a ~40-page PDF of the same report with its narrative repeated.
Fidelity: is what each library reads a text the extractors get the report's judgments and
findings from (the text file's are the reference), and does it keep the layout (the columns
read in order, headings and table rows on lines of their own, paragraphs apart, the running
header and page numbers and footnote markers out).

Run: .venv/bin/python bench/formats.py [--runs N]. Prints Markdown for bench/RESULTS.md.
Never used by the tests.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from kg.extract.report import extract_report
from kg.graph.files import load_ontology
from kg.settings import Settings
from kg.source.document import SourceDocument
from kg.source.formats import decode_text
from kg.source.html import html_text
from kg.source.manifest import ReportEntry
from kg.source.pdf import pdf_text
from kg.source.schemes import Schemes, load_schemes

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.source.pdfs import HEADER, write_pdf  # noqa: E402

FORMATS = ROOT / "tests" / "data" / "formats"
TEXT = FORMATS / "northmoor-peel-2019.txt"
HTML = FORMATS / "northmoor-peel-2019.html"
MARKERS = {"improvement": "1", "agencies.": "2"}
# Paragraphs of the two-column page, in reading order (the first two in the left column, the
# last two in the right): each must be read whole, and in this order.
COLUMN_ORDER = (
    "Initial investigations by response officers are prompt, and evidence is gathered at the "
    "scene in most cases we reviewed.",
    "Supervisors do not always review investigation plans. In a third of the files we examined,",
    "Victims are not always kept informed. The code of practice for victims of crime sets out",
    "The force manages offenders well. Its integrated offender management scheme is run jointly",
)


def _pypdf(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n\f".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def _pdfplumber_plain(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n\f".join(page.extract_text() for page in pdf.pages)


def _ours(data: bytes) -> str:
    return pdf_text(Path("report.pdf"), data)[0]


LIBRARIES: dict[str, Callable[[bytes], str]] = {
    f"pypdf {version('pypdf')} (extract_text)": _pypdf,
    f"pdfminer.six {version('pdfminer.six')} (high_level.extract_text)": _pdfminer,
    f"pdfplumber {version('pdfplumber')} (extract_text)": _pdfplumber_plain,
    f"pdfplumber {version('pdfplumber')} + kg.source.pdf": _ours,
}


def facts(text: str, schemes: Schemes) -> tuple[set, set]:
    path = Path("report.txt")
    entry = ReportEntry(
        iri="https://w3id.org/police-inspection-kg/id/report/bench",
        title="Northmoor PEEL 2019: Effectiveness",
        file_name=path.name,
        sha256="",
        date_as_stated=None,
        path=path,
    )
    extraction = extract_report(entry, SourceDocument(entry.iri, text, path.name), schemes)
    judgments = {(j.question.theme.slug, j.grade.slug) for j in extraction.judgments}
    findings = {(f.kind.slug, f.text) for f in extraction.findings}
    return judgments, findings


def layout(text: str) -> dict[str, bool]:
    lines = [line.strip() for line in text.split("\n")]
    flat = " ".join(text.split())
    at = [flat.find(s) for s in COLUMN_ORDER]
    return {
        "columns in order": -1 not in at and at == sorted(at),
        "headings alone": "Areas for improvement" in lines and "Causes of concern" in lines,
        "table rows on a line": any(
            " ".join(line.split()) == "Crimes per 1,000 people 61.2 77.8" for line in lines
        ),
        "paragraphs apart": lines.count("") >= 10,
        "no header/page numbers": HEADER not in text and "Page 2 of" not in text,
        "no footnote markers": "improvement1" not in flat and "agencies.2" not in flat,
    }


def timed(function: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    schemes = load_schemes(load_ontology(Settings.from_env()))
    report_text = TEXT.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        short = write_pdf(report_text, Path(tmp) / "report.pdf", "2", MARKERS).read_bytes()
        long = write_pdf(report_text, Path(tmp) / "long.pdf", "2", MARKERS, repeat=52).read_bytes()
    pages = {
        name: pdf_text(Path(name), data)[0].count("\f") + 1
        for name, data in (("short", short), ("long", long))
    }
    reference = facts(report_text, schemes)

    print(f"### Per format: extraction time (median of {runs})\n")
    print("| report | size | read to text | extract facts from the text |")
    print("| --- | ---: | ---: | ---: |")
    html_bytes = HTML.read_bytes()
    rows = [
        ("text", TEXT.read_bytes(), lambda d: decode_text(TEXT, d)),
        ("HTML page", html_bytes, lambda d: html_text(HTML, d)[0]),
        (f"PDF, {pages['short']} pages", short, _ours),
        (f"PDF, {pages['long']} pages", long, _ours),
    ]
    for name, data, read in rows:
        text = read(data)
        seconds = timed(lambda read=read, data=data: read(data), runs)
        extract = timed(lambda text=text: facts(text, schemes), runs)
        print(
            f"| {name} | {len(data) // 1024} KiB | {seconds * 1000:.0f} ms | "
            f"{extract * 1000:.0f} ms |"
        )

    print(
        f"\n### PDF libraries on the {pages['short']}-page PDF (and time on the "
        f"{pages['long']}-page one)\n"
    )
    checks = list(layout("").keys())
    print(
        f"| library | judgments | findings | {' | '.join(checks)} | {pages['short']} pages "
        f"| {pages['long']} pages |"
    )
    print("| --- | ---: | ---: |" + " :---: |" * len(checks) + " ---: | ---: |")
    for name, read in LIBRARIES.items():
        text = read(short)
        judgments, findings = facts(text, schemes)
        got_j = len(judgments & reference[0])
        got_f = len(findings & reference[1])
        marks = " | ".join("yes" if ok else "no" for ok in layout(text).values())
        short_s = timed(lambda read=read: read(short), runs)
        long_s = timed(lambda read=read: read(long), max(1, runs // 2))
        print(
            f"| {name} | {got_j}/{len(reference[0])} | {got_f}/{len(reference[1])} | {marks} "
            f"| {short_s * 1000:.0f} ms | {long_s * 1000:.0f} ms |"
        )


if __name__ == "__main__":
    main()

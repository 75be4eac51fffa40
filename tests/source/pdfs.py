"""PDF fixtures written with fpdf2 from a report's text, laid out as the inspectorate's PDFs are:
a running header and a "Page N of M" footer on every page, headings in bold, bullet lists,
tables, footnote markers as superscripts, each numbered question on a new page, and one
section set in two columns.

The text's blocks (separated by blank lines) are read as: a line of tab-separated cells per
table row, "• " lines as a list, a short line without a full stop as a heading, anything else
as a paragraph.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fpdf import FPDF
from fpdf.text_region import TextColumns

HEADER = "Northmoor Police: PEEL 2016 effectiveness"


class _Report(FPDF):
    def __init__(self, header: str) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = "windows-1252"  # bullets, dashes and curly quotes
        self.running_header = header
        self.set_auto_page_break(auto=True, margin=22)
        self.set_margins(20, 22, 20)

    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.set_y(10)
        self.cell(0, 5, self.running_header, align="R")
        self.set_y(22)

    def footer(self) -> None:
        self.set_font("Helvetica", size=8)
        self.set_y(-14)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def write_pdf(
    text: str,
    path: Path,
    two_columns: str | None = None,
    markers: Mapping[str, str] | None = None,
    header: str = HEADER,
    repeat: int = 1,
) -> Path:
    """Write text as a PDF. two_columns: the number line ("2") of the question section to set
    in two columns; markers: a footnote number to set as a superscript after the block that
    ends with each key; repeat: the narrative paragraphs written this many times over (a long
    report for the benchmark)."""
    markers = markers or {}
    pdf = _Report(header)
    pdf.add_page()
    blocks = [b for b in text.split("\n\n") if b.strip()]
    in_columns = False
    columns = None
    for block in blocks:
        block = block.strip("\n")
        if block.isdigit():  # a question's number: each question on a new page
            if columns is not None:
                columns.render()
                columns = None
            in_columns = block == two_columns
            pdf.add_page()
            if in_columns:
                columns = pdf.text_columns(ncols=2, gutter=12, text_align="L", balance=True)
        if columns is not None:
            _column_block(pdf, columns, block)
            continue
        _block(pdf, block, markers.get(_end(block)), repeat)
    if columns is not None:
        columns.render()
    pdf.output(str(path))
    return path


def _end(block: str) -> str:
    return block.rsplit(" ", 1)[-1]


def _is_heading(block: str) -> bool:
    return "\n" not in block and len(block) < 110 and not block.endswith(".")


def _block(pdf: FPDF, block: str, marker: str | None, repeat: int) -> None:
    width = pdf.epw
    if "\t" in block:  # a table: one row per line
        pdf.set_font("Helvetica", size=10)
        with pdf.table(text_align="LEFT", first_row_as_headings=False) as table:
            for line in block.split("\n"):
                row = table.row()
                for cell in line.split("\t"):
                    row.cell(cell)
        pdf.ln(4)
        return
    if block.startswith("• "):
        pdf.set_font("Helvetica", size=11)
        for line in block.split("\n"):
            pdf.multi_cell(width, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        return
    if _is_heading(block):
        pdf.set_font("Helvetica", style="B", size=13)
        pdf.write(7, block)
        _marker(pdf, marker, 7)
        pdf.ln(10)
        return
    pdf.set_font("Helvetica", size=11)
    for _ in range(repeat):
        pdf.write(6, block)
        _marker(pdf, marker, 6)
        pdf.ln(9)


def _marker(pdf: FPDF, marker: str | None, height: float) -> None:
    if marker:
        pdf.char_vpos = "SUP"
        pdf.write(height, marker)
        pdf.char_vpos = "LINE"


def _column_block(pdf: FPDF, columns: TextColumns, block: str) -> None:
    if _is_heading(block):
        pdf.set_font("Helvetica", style="B", size=12)
        columns.write(block + "\n\n")
        return
    pdf.set_font("Helvetica", size=10)
    if block.startswith("• "):
        for line in block.split("\n"):
            columns.write(line + "\n")
        columns.write("\n")
        return
    columns.write(block + "\n\n")

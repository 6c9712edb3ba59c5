"""The annual report as DOCX (gongkai.reports.render_docx), re-read with python-docx: the 公文 page and
faces, the six sections in order with their texts, and the three tables cell by cell in the official
layout — every label and number in its cell, merged cells as real gridSpan/vMerge merges, a border on
every cell."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from gongkai.reports.figures import AnnualFigures
from gongkai.reports.render_docx import annual_report_docx
from gongkai.reports.tests.official import (
    SECTION_TITLES,
    TABLE_SHAPES,
    TEXT_PARAGRAPHS,
    TEXTS,
    TITLE,
    GridCell,
    official_grids,
    sample_figures,
)


def _document(figures: AnnualFigures | None = None) -> DocxDocument:
    data = annual_report_docx(figures=figures or sample_figures(), texts=TEXTS)
    return Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def document() -> DocxDocument:
    """The sample report, rendered once for the tests that only read it."""
    return _document()


def _docx_grid(table: DocxTable) -> list[GridCell]:
    """The table as (row, column, rowspan, colspan, text), read from the XML: w:gridSpan widens a cell,
    a w:vMerge without "restart" continues the cell above."""
    cells: list[list[object]] = []
    started: dict[int, list[object]] = {}
    for row_index, tr in enumerate(table._tbl.tr_lst):
        column = 0
        for tc in tr.tc_lst:
            paragraphs = tc.findall(qn("w:p"))
            assert len(paragraphs) == 1, "one paragraph per cell"
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            span = tc.grid_span
            if tc.vMerge == "continue":
                assert text == ""
                above = started[column]
                assert above[3] == span
                above[2] = int(above[2]) + 1  # type: ignore[call-overload]
            else:
                entry: list[object] = [row_index, column, 1, span, text]
                cells.append(entry)
                started[column] = entry
            column += span
        assert column == len(table.columns)
    return [tuple(cell) for cell in cells]  # type: ignore[misc]


def _east_asia(run: Run) -> str | None:
    """The Chinese face of a run (w:rFonts/@w:eastAsia)."""
    fonts = run._element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def _tables(document: DocxDocument) -> dict[int, DocxTable]:
    return dict(zip((2, 3, 4), document.tables, strict=True))


@pytest.mark.parametrize("section", [2, 3, 4])
def test_it_draws_each_table_cell_by_cell_in_the_official_layout(section: int) -> None:
    figures = sample_figures()
    table = _tables(_document(figures))[section]
    assert (len(table.rows), len(table.columns)) == TABLE_SHAPES[section]
    assert _docx_grid(table) == official_grids(figures)[section]


def test_it_merges_the_results_label_over_twenty_two_rows(document: DocxDocument) -> None:
    table = _tables(document)[3]
    top = table.cell(5, 0)
    assert top.text == "三、本年度办理结果"
    # python-docx answers the merged cell for every position it covers.
    assert all(table.cell(row, 0)._tc is top._tc for row in range(5, 27))
    assert table.cell(27, 0).text == "四、结转下年度继续办理"
    assert table.cell(0, 0)._tc is table.cell(2, 2)._tc  # the note, 3 × 3


def test_it_leaves_a_figure_not_yet_entered_empty() -> None:
    figures = sample_figures()
    figures.section2.enforcement = None
    table = _tables(_document(figures))[2]
    assert table.cell(10, 0).text == "行政强制"
    assert [table.cell(10, column).text for column in (1, 2, 3)] == ["", "", ""]
    assert table.cell(9, 1).text == "108"


def test_it_draws_a_border_on_every_cell(document: DocxDocument) -> None:
    for table in document.tables:
        table_borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert table_borders is not None
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            assert table_borders.find(qn(f"w:{edge}")).get(qn("w:val")) == "single"
        for tc in table._tbl.iter(qn("w:tc")):
            borders = tc.tcPr.find(qn("w:tcBorders"))
            assert borders is not None
            assert [child.get(qn("w:val")) for child in borders] == ["single"] * 4


def test_it_keeps_column_widths_and_repeats_the_header_rows(document: DocxDocument) -> None:
    for section, table in _tables(document).items():
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        total = sum(column.width for column in table.columns)
        assert abs(total - Mm(156)) < Mm(1)
        headers = [
            tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None for tr in table._tbl.tr_lst
        ]
        expected_head = {2: 0, 3: 3, 4: 3}[section]
        assert headers == [index < expected_head for index in range(len(headers))]


def test_it_sets_the_table_text_in_songti_off_the_line_grid(document: DocxDocument) -> None:
    tables = _tables(document)
    for section, size in ((2, Pt(10.5)), (3, Pt(9)), (4, Pt(9))):
        for paragraph in (p for row in tables[section].rows for cell in row.cells for p in cell.paragraphs):
            snap = paragraph._p.pPr.find(qn("w:snapToGrid"))
            assert snap is not None and snap.get(qn("w:val")) == "0"
            for run in paragraph.runs:
                assert run.font.size == size
                assert _east_asia(run) == "宋体"
    row_label = tables[3].cell(7, 2).paragraphs[0]
    assert row_label.text == "1.属于国家秘密"
    assert row_label.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert tables[3].cell(0, 3).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def _blocks(document: DocxDocument) -> list[str]:
    """The body in order: a paragraph's text, or "<table n>" for the n-th table."""
    blocks: list[str] = []
    tables = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            blocks.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            tables += 1
            blocks.append(f"<table {tables}>")
    return [block for block in blocks if block]


def test_it_writes_the_title_and_the_six_sections_in_order(document: DocxDocument) -> None:
    assert _blocks(document) == [
        TITLE,
        SECTION_TITLES[0],
        *TEXT_PARAGRAPHS[1],
        SECTION_TITLES[1],
        "<table 1>",
        SECTION_TITLES[2],
        "<table 2>",
        SECTION_TITLES[3],
        "<table 3>",
        SECTION_TITLES[4],
        *TEXT_PARAGRAPHS[5],
        SECTION_TITLES[5],
        *TEXT_PARAGRAPHS[6],
    ]


def test_it_uses_the_gongwen_page_and_faces(document: DocxDocument) -> None:
    section = document.sections[0]
    for actual, expected in (
        (section.page_width, Mm(210)),
        (section.page_height, Mm(297)),
        (section.left_margin, Mm(28)),
        (section.right_margin, Mm(26)),
    ):
        assert actual is not None and abs(actual - expected) < Mm(0.1)  # Word stores twentieths of a point
    title = document.paragraphs[0]
    assert title.text == TITLE
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22)
    assert _east_asia(title.runs[0]) == "方正小标宋简体"
    heading = next(p for p in document.paragraphs if p.text == SECTION_TITLES[0])
    assert _east_asia(heading.runs[0]) == "黑体"
    body = next(p for p in document.paragraphs if p.text == TEXT_PARAGRAPHS[1][0])
    assert body.runs[0].font.size == Pt(16)
    assert _east_asia(body.runs[0]) == "仿宋_GB2312"
    assert document.core_properties.title == TITLE


LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed")
def test_it_opens_in_libreoffice(tmp_path: Path) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(annual_report_docx(figures=sample_figures(), texts=TEXTS))
    assert LIBREOFFICE is not None
    subprocess.run(  # noqa: S603 - a fixed command on a file this test wrote
        [LIBREOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        timeout=180,
        capture_output=True,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")

# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""The annual report as a Word document (python-docx), with the tables in the official layout.

The page, fonts and page numbers are those of the project's 公文 letters (GB/T 9704-2012, through the
helpers of :mod:`gongkai.foi.letters.docx`): A4, the title in 2号小标宋 centred, the body in 3号仿宋 on
28-point lines, the section titles in 3号黑体 as first-level headings. The tables of 二, 三 and 四 come from
:mod:`gongkai.reports.layout` — the same cells as the page and the XLSX — drawn with real merged cells
(``gridSpan``/``vMerge``) and a border on every cell, in 宋体 small enough for ten or fifteen columns to fit
the 156 mm text width.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell

# The 公文 page, styles and runs of the letters: one definition of GB/T 9704-2012 for the project.
from gongkai.foi.letters.docx import (
    FONT_MARK,
    FONT_PAGE,
    LINE,
    SIZE_BODY,
    SIZE_TITLE,
    _body_paragraph,
    _exact_lines,
    _font_table,
    _indent_chars,
    _normal_style,
    _page_setup,
    _set_fonts,
)
from gongkai.reports.figures import AnnualFigures
from gongkai.reports.layout import Cell, SectionTexts, Table, annual_report_layout

FONT_HEADING = "黑体"  # GB/T 9704-2012 7.3.3: first-level headings in 黑体
FONT_TABLE = FONT_PAGE  # 宋体
# 五号 for the four-column table of 二; 小五 for the ten and fifteen columns of 三 and 四.
TABLE_SIZES = {2: Pt(10.5), 3: Pt(9), 4: Pt(9)}
BORDER_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")
# The elements that may follow the one inserted, in the sequences of ECMA-376 (w:tcPr, w:tblPr, w:trPr).
_AFTER_TC_BORDERS = (
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
)
_AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
_AFTER_TR_CANT_SPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")
_AFTER_TR_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden")


def _borders(tag: str, edges: tuple[str, ...]) -> BaseOxmlElement:
    """Single ½-point black lines on the given edges."""
    borders = OxmlElement(tag)
    for edge in edges:
        line = OxmlElement(f"w:{edge}")
        for name, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            line.set(qn(name), value)
        borders.append(line)
    return borders


def _flag(tag: str, value: str) -> BaseOxmlElement:
    """An on/off property such as w:cantSplit or w:snapToGrid."""
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    return element


def _table_properties(table: DocxTable) -> None:
    """Centred, fixed column widths, borders around and between all cells, narrow cell margins."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed: Word keeps the official column widths
    tbl_pr = table._tbl.tblPr
    tbl_pr.insert_element_before(_borders("w:tblBorders", BORDER_EDGES), *_AFTER_TBL_BORDERS)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(Mm(1).twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _cell_paragraph(cell: _Cell, layout_cell: Cell, size: Length) -> None:
    """The cell's one paragraph: 宋体 at the table's size, single-spaced off the page's 28-point line
    grid, aligned as the official table aligns it."""
    paragraph = cell.paragraphs[0]
    left = layout_cell.align == "left"
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    _exact_lines(paragraph, Length(int(size * 1.35)))
    # Without this the body's document grid (28-point lines) would make every table line 28 points.
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.insert_element_before(_flag("w:snapToGrid", "0"), "w:spacing", "w:ind", "w:jc")
    if layout_cell.text:
        _set_fonts(paragraph.add_run(layout_cell.text), east_asia=FONT_TABLE, size=size)
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER


def _rows_properties(table: DocxTable, layout: Table) -> None:
    """No row breaks across pages; the header rows of 三 and 四 repeat on every page."""
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.insert_element_before(_flag("w:cantSplit", "1"), *_AFTER_TR_CANT_SPLIT)
        if index < layout.header_rows:
            tr_pr.insert_element_before(_flag("w:tblHeader", "1"), *_AFTER_TR_HEADER)


def _table(docx: DocxDocument, layout: Table) -> DocxTable:
    """One official table: every cell of the layout at its grid position, merged over its span."""
    table = docx.add_table(rows=len(layout.rows), cols=layout.columns)
    _table_properties(table)
    for column, width in zip(table.columns, layout.widths, strict=True):
        column.width = Mm(width)
    # The grid's cells taken once before merging (table.cell() walks the whole table on every call);
    # merges never touch a position outside their own span, so the references stay good.
    grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for row in grid:
        for cell, width in zip(row, layout.widths, strict=True):
            cell.width = Mm(width)
    size = TABLE_SIZES[layout.section]
    for placed in layout.placed():
        cell = grid[placed.row][placed.column]
        if placed.cell.rowspan > 1 or placed.cell.colspan > 1:
            cell = cell.merge(grid[placed.last_row][placed.last_column])
        _cell_paragraph(cell, placed.cell, size)
    # Every w:tc, the continuation cells of a vertical merge included, carries its own four borders, so
    # that a reader which ignores the table's borders still draws the grid.
    for tc in table._tbl.iter(qn("w:tc")):
        tc.get_or_add_tcPr().insert_element_before(
            _borders("w:tcBorders", ("top", "left", "bottom", "right")), *_AFTER_TC_BORDERS
        )
    _rows_properties(table, layout)
    return table


def _title(docx: DocxDocument, text: str) -> None:
    title = docx.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact_lines(title, Pt(36))
    title.paragraph_format.space_after = LINE
    _set_fonts(title.add_run(text), east_asia=FONT_MARK, size=SIZE_TITLE)


def _heading(docx: DocxDocument, text: str) -> None:
    heading = docx.add_paragraph()
    _exact_lines(heading)
    _indent_chars(heading, first_line=2)
    heading.paragraph_format.keep_with_next = True
    _set_fonts(heading.add_run(text), east_asia=FONT_HEADING, size=SIZE_BODY)


def _after_table(docx: DocxDocument) -> None:
    """An empty line under a table, so that the next heading does not touch its bottom border."""
    _body_paragraph(docx, "", indent=0)


def annual_report_docx(*, figures: AnnualFigures, texts: SectionTexts) -> bytes:
    """The report as .docx bytes: title, the six sections with their texts (paragraphs split on blank
    lines) and the tables of 二, 三 and 四 in the official layout."""
    report = annual_report_layout(figures=figures, texts=texts)
    docx = new_docx()
    docx.core_properties.title = report.title
    docx.core_properties.author = figures.org_name
    docx.core_properties.language = "zh-CN"
    _normal_style(docx)
    _font_table(docx)
    _page_setup(docx)
    _title(docx, report.title)
    for section in report.sections:
        _heading(docx, section.title)
        for text in section.paragraphs:
            _body_paragraph(docx, text)
        if section.table is not None:
            _table(docx, section.table)
            _after_table(docx)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()

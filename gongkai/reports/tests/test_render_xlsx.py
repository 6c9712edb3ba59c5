"""The tables of the annual report as XLSX (gongkai.reports.render_xlsx), re-read with openpyxl: one sheet
per table under a title row, every label and number in its cell of the official layout, merged ranges as
the official tables merge them, numbers stored as numbers, a border on every cell, A4 print settings."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.reports.figures import AnnualFigures
from gongkai.reports.render_xlsx import annual_report_xlsx
from gongkai.reports.tests.official import (
    SECTION_TITLES,
    TABLE_SHAPES,
    TITLE,
    GridCell,
    official_grids,
    sample_figures,
)

TOP = 3  # the table's first row: under the report's title (row 1) and the section's title (row 2)


def _workbook(figures: AnnualFigures | None = None) -> Workbook:
    return load_workbook(io.BytesIO(annual_report_xlsx(figures=figures or sample_figures())))


@pytest.fixture(scope="module")
def workbook() -> Workbook:
    return _workbook()


def _sheet(workbook: Workbook, section: int) -> Worksheet:
    ws = workbook[SECTION_TITLES[section - 1]]
    assert isinstance(ws, Worksheet)
    return ws


def _shown(cell: XlCell) -> str:
    """The value as Excel shows it with the cell's number format ("0" or "0.00")."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float):
        places = len(cell.number_format.partition(".")[2])
        return f"{value:.{places}f}"
    return str(value)


def _xlsx_grid(ws: Worksheet, rows: int, columns: int) -> list[GridCell]:
    """The table as (row, column, rowspan, colspan, text) from the sheet's merged ranges and values, rows
    and columns counted from the table's top left."""
    spans = {
        (merged.min_row, merged.min_col): (
            merged.max_row - merged.min_row + 1,
            merged.max_col - merged.min_col + 1,
        )
        for merged in ws.merged_cells.ranges
        if merged.min_row >= TOP
    }
    grid: list[GridCell] = []
    for row in ws.iter_rows(min_row=TOP, max_row=TOP + rows - 1, max_col=columns):
        for cell in row:
            if isinstance(cell, MergedCell):
                continue  # covered by a merged range
            assert isinstance(cell, XlCell)
            rowspan, colspan = spans.get((cell.row, cell.column), (1, 1))
            grid.append((cell.row - TOP, cell.column - 1, rowspan, colspan, _shown(cell)))
    assert ws.max_row == TOP + rows - 1 and ws.max_column == columns
    return grid


@pytest.mark.parametrize("section", [2, 3, 4])
def test_it_lays_out_each_sheet_cell_by_cell_as_the_official_table(workbook: Workbook, section: int) -> None:
    rows, columns = TABLE_SHAPES[section]
    grid = _xlsx_grid(_sheet(workbook, section), rows, columns)
    assert grid == official_grids(sample_figures())[section]


def test_it_has_one_sheet_per_table_under_the_title(workbook: Workbook) -> None:
    assert workbook.sheetnames == SECTION_TITLES[1:4]
    for section in (2, 3, 4):
        ws = _sheet(workbook, section)
        last = get_column_letter(TABLE_SHAPES[section][1])
        assert ws["A1"].value == TITLE
        assert ws["A2"].value == SECTION_TITLES[section - 1]
        assert {f"A1:{last}1", f"A2:{last}2"} <= {str(merged) for merged in ws.merged_cells.ranges}
    # The 30-character title wraps into two lines over the 156 mm of a table: the row is two lines tall.
    assert all(_sheet(workbook, n).row_dimensions[1].height > 2 * 16 for n in (2, 3, 4))
    assert all(_sheet(workbook, n).row_dimensions[2].height < 2 * 12 for n in (2, 3, 4))


def test_it_merges_the_results_label_over_twenty_two_rows(workbook: Workbook) -> None:
    ws = _sheet(workbook, 3)
    merged = {str(merged) for merged in ws.merged_cells.ranges}
    # 三、本年度办理结果 in column A from the first result row (sheet row 3 + 5) to （七）总计 (row 3 + 26).
    assert "A8:A29" in merged
    assert ws["A8"].value == "三、本年度办理结果"
    assert ws["A30"].value == "四、结转下年度继续办理"
    assert "A30:C30" in merged
    assert "A3:C5" in merged  # the note over the three header rows


def test_it_stores_figures_as_numbers(workbook: Workbook) -> None:
    figures = sample_figures()
    s2, s3, s4 = (_sheet(workbook, section) for section in (2, 3, 4))
    assert s2["B5"].value == 101 and isinstance(s2["B5"].value, int)
    assert s2["B16"].value == pytest.approx(110.25)
    assert s2["B16"].number_format == "0.00"
    assert s3["J6"].value == figures.section3.rows["new"]["total"]
    assert all(
        isinstance(cell.value, int) for row in s3.iter_rows(min_row=6, max_row=30, min_col=4) for cell in row
    )
    assert [cell.value for cell in s4[6]] == [
        figures.section4.groups[g][r] for g in figures.section4.groups for r in figures.section4.groups[g]
    ]


def test_it_leaves_a_figure_not_yet_entered_empty() -> None:
    figures = sample_figures()
    figures.section2.licensing = None
    figures.section2.fees_10k_yuan = None
    ws = _sheet(_workbook(figures), 2)
    assert ws["A9"].value == "行政许可"
    assert ws["B9"].value is None
    assert ws["B16"].value is None
    assert ws["B12"].value == 108


def test_it_draws_a_border_on_every_cell_of_the_tables(workbook: Workbook) -> None:
    """Each cell, merged or not, is closed on all four sides. (openpyxl re-reads the cells inside a
    merged range with the borders of the range's edges only, which is what Excel draws.)"""
    for section in (2, 3, 4):
        ws = _sheet(workbook, section)
        rows, columns = TABLE_SHAPES[section]
        ranges = [merged for merged in ws.merged_cells.ranges if merged.min_row >= TOP]
        for row in ws.iter_rows(min_row=TOP, max_row=TOP + rows - 1, max_col=columns):
            for cell in row:
                r, c = cell.row, cell.column
                box = next(
                    (
                        (m.min_row, m.min_col, m.max_row, m.max_col)
                        for m in ranges
                        if m.min_row <= r <= m.max_row and m.min_col <= c <= m.max_col
                    ),
                    (r, c, r, c),
                )
                edges = {
                    "left": c == box[1],
                    "top": r == box[0],
                    "bottom": r == box[2],
                    "right": c == box[3],
                }
                for side, on_edge in edges.items():
                    if on_edge:
                        assert getattr(cell.border, side).style == "thin", (cell.coordinate, side)


def test_it_prints_on_a4_one_page_wide(workbook: Workbook) -> None:
    for section, header_rows in ((2, None), (3, "$3:$5"), (4, "$3:$5")):
        ws = _sheet(workbook, section)
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == header_rows
        assert all(ws.column_dimensions[letter].width > 4 for letter in "ABCD")
    assert _sheet(workbook, 4).page_setup.orientation == "landscape"
    # The long item labels of 三 get rows tall enough for their wrapped lines.
    s3 = _sheet(workbook, 3)
    assert s3.row_dimensions[27].height > s3.row_dimensions[8].height

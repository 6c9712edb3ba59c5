# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""The tables of the annual report as an Excel workbook (openpyxl): one sheet per table (二, 三, 四), each
laid out like the official table with merged cells, the figures as numbers, a border on every cell, a
title row, and print settings (A4, one page wide, the header rows repeated).

The cells come from :mod:`gongkai.reports.layout`, like those of the page and the DOCX.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.reports.figures import AnnualFigures
from gongkai.reports.layout import Cell, Number, Table, annual_tables, report_title

FONT_NAME = "宋体"
TITLE_ROW = 1  # the report's title
CAPTION_ROW = 2  # the section's title
TABLE_TOP = 3  # the official table's first row
# Excel measures a column in widths of a "0"; a CJK character takes about two of them, and one "0" of
# 11-point 宋体 is about 2 mm.
MM_PER_WIDTH_UNIT = 2.0
LINE_HEIGHT_PT = 14.5

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _number_format(value: Number) -> str:
    """Integers as integers; a 万元 amount with as many decimals as it was entered with."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return "0." + "0" * places if places else "0"
    return "0"


def _display_width(text: str) -> int:
    """Width in Excel units: CJK and full-width characters two, others one."""
    return sum(1 if ord(char) < 0x2E80 else 2 for char in text)


def _write_cell(ws: Worksheet, row: int, column: int, cell: Cell) -> None:
    target = ws.cell(row=row, column=column)
    if cell.numeric:
        # None (a figure nobody has entered) stays an empty cell.
        target.value = cell.value
        target.number_format = _number_format(cell.value)
        target.alignment = _CENTRE
    else:
        target.value = cell.text
        target.alignment = _LEFT if cell.align == "left" else _CENTRE
    target.font = Font(name=FONT_NAME, size=10)


def _row_heights(ws: Worksheet, table: Table, widths: list[float]) -> None:
    """Excel does not grow a row for wrapped text when it opens a file: give each row the lines its
    longest one-row label needs in its column(s)."""
    lines = [1] * len(table.rows)
    for placed in table.placed():
        if placed.cell.rowspan > 1 or not placed.cell.text:
            continue
        available = sum(widths[placed.column : placed.last_column + 1]) - 1
        needed = math.ceil(_display_width(placed.cell.text) / max(1.0, available))
        lines[placed.row] = max(lines[placed.row], needed)
    for index, count in enumerate(lines):
        ws.row_dimensions[TABLE_TOP + index].height = count * LINE_HEIGHT_PT + 3


def _heading_rows(ws: Worksheet, widths: list[float], title: str, caption: str) -> None:
    """The report's title and the section's title, each merged across the table's width and as tall
    as the lines it wraps into (a long organization name takes two lines over the four columns of 二)."""
    for row, text, size in ((TITLE_ROW, title, 16), (CAPTION_ROW, caption, 12)):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = Font(name=FONT_NAME, size=size, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        # Column widths are in units of the 11-point default font; bold text runs a little wider.
        lines = math.ceil(_display_width(text) * size * 1.1 / 11 / sum(widths))
        ws.row_dimensions[row].height = lines * size * 1.4 + 6


def _print_setup(ws: Worksheet, table: Table) -> None:
    """A4, one page wide (as many pages long as needed), centred, the table's head on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if table.columns > 10 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    if table.header_rows:
        ws.print_title_rows = f"{TABLE_TOP}:{TABLE_TOP + table.header_rows - 1}"
    last = TABLE_TOP + len(table.rows) - 1
    ws.print_area = f"A{TITLE_ROW}:{get_column_letter(table.columns)}{last}"


def _sheet(ws: Worksheet, table: Table, title: str) -> None:
    ws.title = table.caption  # the section's title: at most 19 characters, none that Excel forbids
    widths = [width / MM_PER_WIDTH_UNIT for width in table.widths]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    _heading_rows(ws, widths, title, table.caption)
    for placed in table.placed():
        top, left = TABLE_TOP + placed.row, 1 + placed.column
        bottom, right = TABLE_TOP + placed.last_row, 1 + placed.last_column
        _write_cell(ws, top, left, placed.cell)
        if (bottom, right) != (top, left):
            ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    # Every cell of the grid, those hidden under a merge included, carries its border: Excel draws a
    # merged range's edges from the cells along them.
    for row in ws.iter_rows(
        min_row=TABLE_TOP, max_row=TABLE_TOP + len(table.rows) - 1, max_col=table.columns
    ):
        for cell in row:
            cell.border = BORDER
    _row_heights(ws, table, widths)
    _print_setup(ws, table)


def annual_report_xlsx(*, figures: AnnualFigures) -> bytes:
    """The tables of sections 二, 三 and 四 as .xlsx bytes, one sheet each."""
    workbook = Workbook()
    title = report_title(figures)
    workbook.properties.title = title
    workbook.properties.creator = figures.org_name
    workbook.properties.language = "zh-CN"
    for index, table in enumerate(annual_tables(figures)):
        ws = workbook.active if index == 0 else workbook.create_sheet()
        assert isinstance(ws, Worksheet)
        _sheet(ws, table, title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""The tables of the annual report as the 2021 format prints them (国办公开办函〔2021〕30号,
statutory.md §5), as plain data: rows of cells with their text, spans and numbers.

The page, the DOCX and the XLSX all draw their tables from here, so that the official layout — which cell
spans which, where each label and each number stands — is written once. Labels come from
:mod:`gongkai.reports.choices`, numbers from an :class:`~gongkai.reports.figures.AnnualFigures`. Nothing
here touches the database or a template.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _

from gongkai.reports.choices import (
    OUTCOME_GROUPS,
    SECTION2_CONTENT_LABEL,
    SECTION2_DECISIONS_COLUMN,
    SECTION2_DOCUMENT_COLUMNS,
    SECTION2_DOCUMENT_ROWS,
    SECTION2_ENTERED_LABELS,
    SECTION2_FEES_COLUMN,
    SECTION2_ITEM_HEADERS,
    SECTION3_APPLICANT_HEADER,
    SECTION3_COLUMN_LABELS,
    SECTION3_COLUMNS,
    SECTION3_HEADER_NOTE,
    SECTION3_ORG_HEADER,
    SECTION3_ORG_KINDS,
    SECTION3_ROW_LABELS,
    SECTION4_GROUP_LABELS,
    SECTION4_GROUPS,
    SECTION4_RESULT_KEYS,
    SECTION4_RESULT_LABELS,
    SECTION_TITLES,
)
from gongkai.reports.figures import AnnualFigures, DocumentCounts

# How a header cell relates to the data (HTML's th/@scope); "" for a plain data cell.
Scope = Literal["", "col", "colgroup", "row", "rowgroup"]
Align = Literal["center", "left"]
Number = int | Decimal | None

# Text width of an A4 page with the 公文 margins (GB/T 9704-2012: 210 mm less 28 mm and 26 mm).
TEXT_WIDTH_MM = 156.0


@dataclass(frozen=True)
class Cell:
    """One cell of an official table. A number cell has a ``key`` (``section3.new.person``) and its
    ``value``; ``None`` is a figure nobody has entered yet, printed as an empty cell. ``entered`` marks a
    figure staff typed in rather than one the platform computed. ``align`` is the text's alignment in the
    official table: centred, but for the long row labels and the note of section 三."""

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    scope: Scope = ""
    align: Align = "center"
    key: str = ""
    value: Number = None
    entered: bool = False

    @property
    def numeric(self) -> bool:
        return bool(self.key)


@dataclass(frozen=True)
class PlacedCell:
    """A cell with the grid position of its top-left corner (0-based), as Word and Excel address it."""

    row: int
    column: int
    cell: Cell

    @property
    def last_row(self) -> int:
        return self.row + self.cell.rowspan - 1

    @property
    def last_column(self) -> int:
        return self.column + self.cell.colspan - 1


@dataclass(frozen=True)
class Table:
    """One official table: ``rows`` list each row's cells left to right, leaving out the positions that
    a cell above already covers (as HTML does). ``header_rows`` rows form the table head; ``widths`` are
    the columns' widths in millimetres on an A4 page."""

    section: int
    caption: str
    widths: tuple[float, ...]
    rows: tuple[tuple[Cell, ...], ...]
    header_rows: int = 0

    @property
    def columns(self) -> int:
        return len(self.widths)

    @property
    def head(self) -> tuple[tuple[Cell, ...], ...]:
        return self.rows[: self.header_rows]

    @property
    def body(self) -> tuple[tuple[Cell, ...], ...]:
        return self.rows[self.header_rows :]

    def placed(self) -> list[PlacedCell]:
        """Every cell with its grid position, found as HTML's table model finds it: each cell takes the
        next column its row has free of cells reaching down from the rows above."""
        taken: set[tuple[int, int]] = set()
        placed: list[PlacedCell] = []
        for row_index, row in enumerate(self.rows):
            column = 0
            for cell in row:
                while (row_index, column) in taken:
                    column += 1
                placed.append(PlacedCell(row_index, column, cell))
                for r in range(row_index, row_index + cell.rowspan):
                    for c in range(column, column + cell.colspan):
                        if (r, c) in taken or c >= self.columns:
                            raise ValueError(
                                f"table {self.section}: cell {cell.text!r} overlaps or overflows"
                            )
                        taken.add((r, c))
                column += cell.colspan
        if len(taken) != len(self.rows) * self.columns:
            raise ValueError(f"table {self.section}: the grid is not filled")
        return placed

    def numbers(self) -> Iterator[Cell]:
        return (cell for row in self.rows for cell in row if cell.numeric)

    @property
    def has_entered(self) -> bool:
        return any(cell.entered for cell in self.numbers())

    @property
    def width_percents(self) -> tuple[str, ...]:
        """The columns' widths as percentages of the table's width, for a page that scales the table."""
        total = sum(self.widths)
        return tuple(f"{100 * width / total:.3f}" for width in self.widths)


def format_number(value: Number) -> str:
    """A figure as printed: integers plainly, 万元 amounts as entered (never in exponent form), nothing
    for a figure not yet entered."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def _th(text: str, scope: Scope, *, colspan: int = 1, rowspan: int = 1, align: Align = "center") -> Cell:
    return Cell(text=text, colspan=colspan, rowspan=rowspan, header=True, scope=scope, align=align)


def _td(key: str, value: Number, *, colspan: int = 1, entered: bool = False) -> Cell:
    return Cell(text=format_number(value), colspan=colspan, key=key, value=value, entered=entered)


# ---- Section 二 --------------------------------------------------------------------------------------


def _section2_documents(name: str, counts: DocumentCounts, entered: bool) -> tuple[Cell, ...]:
    values = (("issued", counts.issued), ("repealed", counts.repealed), ("in_force", counts.in_force))
    return (
        _th(SECTION2_DOCUMENT_ROWS[name], "row"),
        *(_td(f"section2.{name}.{field}", value, entered=entered) for field, value in values),
    )


def section2_table(figures: AnnualFigures) -> Table:
    """二、主动公开政府信息情况: the four small tables of 条例第二十条 items (一), (五), (六) and (八)
    stacked as one four-column table, each under a header row spanning the width."""
    s2 = figures.section2

    def item(key: str) -> tuple[Cell, ...]:
        return (_th(SECTION2_ITEM_HEADERS[key], "colgroup", colspan=4),)

    def single_head(column: str) -> tuple[Cell, ...]:
        return (_th(SECTION2_CONTENT_LABEL, "col"), _th(column, "col", colspan=3))

    def single(name: str, value: Number) -> tuple[Cell, ...]:
        label = _th(SECTION2_ENTERED_LABELS[name], "row")
        return (label, _td(f"section2.{name}", value, colspan=3, entered=name in s2.entered))

    rows = (
        item("item1"),
        (_th(SECTION2_CONTENT_LABEL, "col"), *(_th(column, "col") for column in SECTION2_DOCUMENT_COLUMNS)),
        _section2_documents("rules", s2.rules, "rules" in s2.entered),
        _section2_documents(
            "normative_documents", s2.normative_documents, "normative_documents" in s2.entered
        ),
        item("item5"),
        single_head(SECTION2_DECISIONS_COLUMN),
        single("licensing", s2.licensing),
        item("item6"),
        single_head(SECTION2_DECISIONS_COLUMN),
        single("penalty", s2.penalty),
        single("enforcement", s2.enforcement),
        item("item8"),
        single_head(SECTION2_FEES_COLUMN),
        single("fees_10k_yuan", s2.fees_10k_yuan),
    )
    return Table(section=2, caption=SECTION_TITLES[1], widths=(45.0, 37.0, 37.0, 37.0), rows=rows)


# ---- Section 三 --------------------------------------------------------------------------------------


def _section3_numbers(figures: AnnualFigures, row: str) -> tuple[Cell, ...]:
    values = figures.section3.rows[row]
    return tuple(_td(f"section3.{row}.{column}", values[column]) for column in SECTION3_COLUMNS)


def _section3_results(figures: AnnualFigures) -> list[tuple[Cell, ...]]:
    """三、本年度办理结果: one label merged down beside all result rows; （一）（二） span the two inner label
    columns; （三）…（六） print their label merged down beside their numbered items; then （七）总计."""
    results_rowspan = sum(len(group.outcomes) for group in OUTCOME_GROUPS) + 1
    rows: list[tuple[Cell, ...]] = []
    for group in OUTCOME_GROUPS:
        for position, (code, item_label) in enumerate(group.outcomes):
            labels: list[Cell] = []
            if not rows:
                labels.append(_th(SECTION3_ROW_LABELS["results"], "rowgroup", rowspan=results_rowspan))
            if group.single:
                labels.append(_th(group.label, "row", colspan=2, align="left"))
            else:
                if position == 0:
                    labels.append(_th(group.label, "rowgroup", rowspan=len(group.outcomes)))
                labels.append(_th(item_label, "row", align="left"))
            rows.append((*labels, *_section3_numbers(figures, str(code))))
    total = SECTION3_ROW_LABELS["total_handled"]
    rows.append((_th(total, "row", colspan=2, align="left"), *_section3_numbers(figures, "total_handled")))
    return rows


def section3_table(figures: AnnualFigures) -> Table:
    """三、收到和处理政府信息公开申请情况: three label columns, then 自然人, the five kinds of 法人或其他组织
    and 总计 under 申请人情况."""
    kinds = len(SECTION3_ORG_KINDS)
    head = (
        (
            _th(SECTION3_HEADER_NOTE, "colgroup", colspan=3, rowspan=3, align="left"),
            _th(SECTION3_APPLICANT_HEADER, "colgroup", colspan=len(SECTION3_COLUMNS)),
        ),
        (
            _th(SECTION3_COLUMN_LABELS["person"], "col", rowspan=2),
            _th(SECTION3_ORG_HEADER, "colgroup", colspan=kinds),
            _th(SECTION3_COLUMN_LABELS["total"], "col", rowspan=2),
        ),
        tuple(_th(SECTION3_COLUMN_LABELS[kind], "col") for kind in SECTION3_ORG_KINDS),
    )

    def spanning(row: str) -> tuple[Cell, ...]:
        return (
            _th(SECTION3_ROW_LABELS[row], "row", colspan=3, align="left"),
            *_section3_numbers(figures, row),
        )

    body = (
        spanning("new"),
        spanning("carried_in"),
        *_section3_results(figures),
        spanning("carried_over"),
    )
    widths = (12.0, 22.0, 45.0, *([11.0] * len(SECTION3_COLUMNS)))
    return Table(section=3, caption=SECTION_TITLES[2], widths=widths, rows=(*head, *body), header_rows=3)


# ---- Section 四 --------------------------------------------------------------------------------------


def section4_table(figures: AnnualFigures) -> Table:
    """四、政府信息公开行政复议、行政诉讼情况: 行政复议 over its five results; 行政诉讼 over 未经复议直接起诉
    and 复议后起诉, each over the same five results; one row of fifteen numbers."""
    results = len(SECTION4_RESULT_KEYS)
    reconsideration, *litigation = SECTION4_GROUPS
    head = (
        (
            _th(SECTION4_GROUP_LABELS[reconsideration], "colgroup", colspan=results),
            _th(SECTION4_GROUP_LABELS["litigation"], "colgroup", colspan=results * len(litigation)),
        ),
        (
            *(_th(SECTION4_RESULT_LABELS[key], "col", rowspan=2) for key in SECTION4_RESULT_KEYS),
            *(_th(SECTION4_GROUP_LABELS[group], "colgroup", colspan=results) for group in litigation),
        ),
        tuple(
            _th(SECTION4_RESULT_LABELS[key], "col") for _group in litigation for key in SECTION4_RESULT_KEYS
        ),
    )
    numbers = tuple(
        _td(f"section4.{group}.{key}", figures.section4.groups[group][key])
        for group in SECTION4_GROUPS
        for key in SECTION4_RESULT_KEYS
    )
    widths = tuple([TEXT_WIDTH_MM / (results * len(SECTION4_GROUPS))] * (results * len(SECTION4_GROUPS)))
    return Table(section=4, caption=SECTION_TITLES[3], widths=widths, rows=(*head, numbers), header_rows=3)


def annual_tables(figures: AnnualFigures) -> tuple[Table, Table, Table]:
    """The tables of sections 二, 三 and 四."""
    return section2_table(figures), section3_table(figures), section4_table(figures)


# ---- The whole report --------------------------------------------------------------------------------

_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")


def paragraphs(text: str) -> tuple[str, ...]:
    """A section's text as paragraphs: split on blank lines, surrounding white space dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return tuple(part.strip() for part in _BLANK_LINE.split(text) if part.strip())


def report_title(figures: AnnualFigures) -> str:
    return _("%(org)s%(year)s年政府信息公开工作年度报告") % {"org": figures.org_name, "year": figures.year}


@dataclass(frozen=True)
class ReportSection:
    """One of the six sections: its fixed title, its text as paragraphs, its table (二、三、四)."""

    number: int
    title: str
    paragraphs: tuple[str, ...]
    table: Table | None

    @property
    def tables(self) -> tuple[Table, ...]:
        return () if self.table is None else (self.table,)


@dataclass(frozen=True)
class ReportLayout:
    title: str
    sections: tuple[ReportSection, ...]

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(section.table for section in self.sections if section.table is not None)


# A section's texts by its number: 1 for 一 … 6 for 六. Keys may be strings ("1"), as a JSON object
# stored in the database gives them back.
SectionTexts = Mapping[int, str | None] | Mapping[str, str | None]


def texts_by_number(texts: SectionTexts) -> dict[int, str]:
    """``texts`` with integer keys; a key that is not a section's number is a programming error."""
    numbered: dict[int, str] = {}
    for key, text in texts.items():
        number = int(key) if isinstance(key, int) or str(key).isdigit() else 0
        if not 1 <= number <= len(SECTION_TITLES):
            raise ValueError(f"texts: {key!r} is not the number of a section (1 to {len(SECTION_TITLES)})")
        numbered[number] = text or ""
    return numbered


def annual_report_layout(*, figures: AnnualFigures, texts: SectionTexts) -> ReportLayout:
    """The whole report: the title, then the six sections of SECTION_TITLES in order, each with the text
    given for its number (1-based; the form has texts for 一, 五 and 六) and, for 二 to 四, its table."""
    tables = {table.section: table for table in annual_tables(figures)}
    numbered = texts_by_number(texts)
    sections = tuple(
        ReportSection(
            number=number,
            title=title,
            paragraphs=paragraphs(numbered.get(number, "")),
            table=tables.get(number),
        )
        for number, title in enumerate(SECTION_TITLES, start=1)
    )
    return ReportLayout(title=report_title(figures), sections=sections)

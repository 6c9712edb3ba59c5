"""The table model of the annual report (gongkai.reports.layout): each table places every label and every
number where the official 2021 tables have them, spans included; the report has its six sections in order
with their texts split into paragraphs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.reports.layout import (
    Cell,
    Table,
    annual_report_layout,
    annual_tables,
    format_number,
    paragraphs,
    report_title,
)
from gongkai.reports.tests.official import (
    SECTION_TITLES,
    TABLE_SHAPES,
    TEXT_PARAGRAPHS,
    TEXTS,
    TITLE,
    official_grids,
    sample_figures,
)


def _grid(table: Table) -> list[tuple[int, int, int, int, str]]:
    return [(p.row, p.column, p.cell.rowspan, p.cell.colspan, p.cell.text) for p in table.placed()]


@pytest.mark.parametrize("section", [2, 3, 4])
def test_it_lays_out_each_table_exactly_as_the_official_one(section: int) -> None:
    figures = sample_figures()
    table = {t.section: t for t in annual_tables(figures)}[section]
    assert _grid(table) == official_grids(figures)[section]
    assert (len(table.rows), table.columns) == TABLE_SHAPES[section]


def test_it_merges_the_results_label_over_the_twenty_two_result_rows() -> None:
    table = annual_tables(sample_figures())[1]
    results = next(p for p in table.placed() if p.cell.text == "三、本年度办理结果")
    assert (results.row, results.column, results.cell.rowspan, results.cell.colspan) == (5, 0, 22, 1)
    assert results.last_row == 26  # （七）总计's row; 四、结转下年度继续办理 follows below it
    assert table.placed()[-8].cell.text == "四、结转下年度继续办理"


def test_it_keys_every_number_with_its_row_and_column() -> None:
    figures = sample_figures()
    s2, s3, s4 = annual_tables(figures)
    keys = {cell.key: cell.value for table in (s2, s3, s4) for cell in table.numbers()}
    assert keys["section2.rules.in_force"] == 103
    assert keys["section2.fees_10k_yuan"] == Decimal("110.25")
    assert (
        keys["section3.withheld.third_party.legal_service"]
        == figures.section3.rows["withheld.third_party"]["legal_service"]
    )
    assert keys["section4.litigation_direct.pending"] == 513
    # 8 + 4 numbers in 二, 25 rows × 7 columns in 三, 15 in 四.
    assert (len(list(s2.numbers())), len(list(s3.numbers())), len(list(s4.numbers()))) == (10, 175, 15)


def test_it_prints_a_figure_not_yet_entered_as_an_empty_cell() -> None:
    figures = sample_figures()
    figures.section2.penalty = None
    figures.section2.fees_10k_yuan = None
    table = annual_tables(figures)[0]
    cells = {cell.key: cell for cell in table.numbers()}
    assert cells["section2.penalty"].text == ""
    assert cells["section2.penalty"].value is None
    assert cells["section2.fees_10k_yuan"].text == ""
    assert cells["section2.licensing"].text == "107"


def test_it_formats_amounts_without_exponents() -> None:
    assert format_number(Decimal("1E+1")) == "10"
    assert format_number(Decimal("0.50")) == "0.50"
    assert format_number(0) == "0"
    assert format_number(None) == ""


def test_it_marks_only_the_figures_staff_entered() -> None:
    figures = sample_figures()
    figures.section2.entered = frozenset({"licensing", "fees_10k_yuan"})
    s2, s3, s4 = annual_tables(figures)
    entered = {cell.key for cell in s2.numbers() if cell.entered}
    assert entered == {"section2.licensing", "section2.fees_10k_yuan"}
    assert s2.has_entered
    assert not s3.has_entered and not s4.has_entered


def test_it_gives_header_cells_their_scope() -> None:
    s2, s3, s4 = annual_tables(sample_figures())
    scopes = {p.cell.text: p.cell.scope for table in (s2, s3, s4) for p in table.placed() if p.cell.header}
    assert scopes["第二十条第（一）项"] == "colgroup"
    assert scopes["本年制发件数"] == "col"
    assert scopes["规章"] == "row"
    assert scopes["三、本年度办理结果"] == "rowgroup"
    assert scopes["（三）不予公开"] == "rowgroup"
    assert scopes["1.属于国家秘密"] == "row"
    assert scopes["申请人情况"] == "colgroup"
    assert scopes["复议后起诉"] == "colgroup"
    assert all(not p.cell.header for p in s4.placed() if p.row == 3)
    assert (s2.header_rows, s3.header_rows, s4.header_rows) == (0, 3, 3)


def test_it_aligns_the_long_labels_of_section_3_left_as_the_official_table() -> None:
    s2, s3, s4 = annual_tables(sample_figures())
    left = {p.cell.text for table in (s2, s3, s4) for p in table.placed() if p.cell.align == "left"}
    assert "一、本年新收政府信息公开申请数量" in left
    assert "2.重复申请" in left
    assert "（七）总计" in left
    assert "三、本年度办理结果" not in left and "（三）不予公开" not in left
    assert not any(p.cell.align == "left" for table in (s2, s4) for p in table.placed())


def test_it_fits_the_tables_to_the_a4_text_width() -> None:
    for table in annual_tables(sample_figures()):
        assert sum(table.widths) == pytest.approx(156.0)
        assert sum(float(percent) for percent in table.width_percents) == pytest.approx(100.0, abs=0.01)


def test_it_refuses_a_table_whose_cells_overlap() -> None:
    bad = Table(
        section=9,
        caption="x",
        widths=(1.0, 1.0),
        rows=((Cell("a", rowspan=2), Cell("b")), (Cell("c"), Cell("d"))),
    )
    with pytest.raises(ValueError, match="overlaps or overflows"):
        bad.placed()


def test_it_splits_texts_into_paragraphs_on_blank_lines() -> None:
    assert paragraphs("甲\r\n\r\n乙\n丙\n \n\u3000\n丁\n\n") == ("甲", "乙\n丙", "丁")
    assert paragraphs("") == ()


def test_it_builds_the_whole_report_in_the_six_sections() -> None:
    figures = sample_figures()
    report = annual_report_layout(figures=figures, texts=TEXTS)
    assert report.title == TITLE == report_title(figures)
    assert [section.title for section in report.sections] == SECTION_TITLES
    assert [section.number for section in report.sections] == [1, 2, 3, 4, 5, 6]
    for number, expected in TEXT_PARAGRAPHS.items():
        assert list(report.sections[number - 1].paragraphs) == expected
    assert [section.table.section if section.table else None for section in report.sections] == [
        None,
        2,
        3,
        4,
        None,
        None,
    ]
    assert report.sections[1].paragraphs == ()


def test_it_takes_texts_keyed_by_strings_as_json_gives_them() -> None:
    report = annual_report_layout(figures=sample_figures(), texts={"1": "甲\n\n乙", "6": None})
    assert report.sections[0].paragraphs == ("甲", "乙")
    assert report.sections[5].paragraphs == ()


@pytest.mark.parametrize("key", [0, 7, "x", "一"])
def test_it_refuses_a_text_for_no_section(key: int | str) -> None:
    with pytest.raises(ValueError, match="not the number of a section"):
        annual_report_layout(figures=sample_figures(), texts={key: "甲"})  # type: ignore[arg-type]

"""The annual report as a page (reports/includes/annual_report_body.html with
gongkai.reports.render_html.annual_report_context): the rendered HTML parsed back, each table's cells
placed by HTML's own rowspan/colspan rules and compared with the official tables; header cells with their
scope, a caption per table; the title, the six sections and their paragraphs; the staff view's marker on
staff-entered figures."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from django.template.loader import render_to_string
from lxml.html import HtmlElement

from gongkai.reports.figures import AnnualFigures
from gongkai.reports.render_html import BODY_TEMPLATE, STYLESHEET, TABLES_TEMPLATE, annual_report_context
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

LEGEND = "标“填”的数据由工作人员填报"


def _page(figures: AnnualFigures | None = None, *, mark_entered: bool = False) -> HtmlElement:
    context = annual_report_context(
        figures=figures or sample_figures(), texts=TEXTS, mark_entered=mark_entered
    )
    return lxml.html.fromstring(f"<div>{render_to_string(BODY_TEMPLATE, context)}</div>")


def _tables(page: HtmlElement) -> dict[int, HtmlElement]:
    tables = page.xpath("//table")
    return dict(zip((2, 3, 4), tables, strict=True))


def _html_grid(table: HtmlElement, *, columns: int) -> list[GridCell]:
    """Cells placed as HTML places them: each takes the next column not covered from the rows above."""
    taken: set[tuple[int, int]] = set()
    grid: list[GridCell] = []
    for row_index, tr in enumerate(table.xpath("./thead/tr | ./tbody/tr")):
        column = 0
        for cell in tr.xpath("./th | ./td"):
            while (row_index, column) in taken:
                column += 1
            rowspan, colspan = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            grid.append((row_index, column, rowspan, colspan, cell.text_content().strip()))
            taken |= {
                (r, c) for r in range(row_index, row_index + rowspan) for c in range(column, column + colspan)
            }
            column += colspan
        assert max(c for r, c in taken if r == row_index) == columns - 1
    return grid


@pytest.mark.parametrize("section", [2, 3, 4])
def test_it_renders_each_table_as_the_official_one(section: int) -> None:
    figures = sample_figures()
    table = _tables(_page(figures))[section]
    rows, columns = TABLE_SHAPES[section]
    assert _html_grid(table, columns=columns) == official_grids(figures)[section]
    assert len(table.xpath("./thead/tr | ./tbody/tr")) == rows
    assert len(table.xpath("./colgroup/col")) == columns


def test_it_marks_up_headers_for_screen_readers() -> None:
    tables = _tables(_page())
    for section, table in tables.items():
        caption = table.xpath("./caption")[0]
        assert caption.text_content() == SECTION_TITLES[section - 1]
        assert all(th.get("scope") in {"col", "colgroup", "row", "rowgroup"} for th in table.xpath(".//th"))
        assert all(td.text_content().strip().replace(".", "").isdigit() for td in table.xpath(".//td"))

    def scope(section: int, text: str) -> str:
        return next(th.get("scope") for th in tables[section].xpath(".//th") if th.text_content() == text)

    assert scope(2, "第二十条第（六）项") == "colgroup"
    assert scope(2, "行政处罚") == "row"
    assert scope(3, "三、本年度办理结果") == "rowgroup"
    assert scope(3, "（五）不予处理") == "rowgroup"
    assert scope(3, "商业企业") == "col"
    assert scope(4, "行政诉讼") == "colgroup"
    assert [len(tables[n].xpath("./thead/tr")) for n in (2, 3, 4)] == [0, 3, 3]
    assert len(tables[4].xpath("./tbody/tr/td")) == 15
    assert tables[3].xpath(".//th[@class='left']")[0].text_content().startswith("（本列数据的勾稽关系为")


def test_it_renders_the_title_and_the_six_sections_with_their_paragraphs() -> None:
    page = _page()
    assert page.xpath("//h1")[0].text_content() == TITLE
    assert [h2.text_content() for h2 in page.xpath("//h2")] == SECTION_TITLES
    sections = page.xpath("//section")
    for number, expected in TEXT_PARAGRAPHS.items():
        paragraphs = sections[number - 1].xpath("./p")
        assert [p.text_content() for p in paragraphs] == expected
    # The section's heading names the table on screen; the caption stays for screen readers.
    assert sections[1].xpath(".//caption")[0].get("class") == "visually-hidden"


def test_it_keeps_line_breaks_inside_a_paragraph_and_escapes_the_text() -> None:
    texts = {1: "第一行\n第二行", 6: "<script>alert(1)</script>"}
    html = render_to_string(BODY_TEMPLATE, annual_report_context(figures=sample_figures(), texts=texts))
    assert "第一行<br>第二行" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_it_marks_staff_entered_figures_only_in_the_staff_view() -> None:
    figures = sample_figures()
    figures.section2.entered = frozenset({"licensing", "fees_10k_yuan"})
    staff = _page(figures, mark_entered=True)
    marked = [td.get("data-key") for td in staff.xpath("//td[abbr[@class='entered-mark']]")]
    assert marked == ["section2.licensing", "section2.fees_10k_yuan"]
    assert all(abbr.text == "填" for abbr in staff.xpath("//abbr[@class='entered-mark']"))
    assert [p.text_content() for p in staff.xpath("//p[@class='annual-legend']")] == [LEGEND]
    public = _page(figures)
    assert not public.xpath("//abbr") and not public.xpath("//p[@class='annual-legend']")


def test_it_shows_no_legend_when_nothing_was_entered_by_staff() -> None:
    figures = sample_figures()
    figures.section2.entered = frozenset()
    page = _page(figures, mark_entered=True)
    assert not page.xpath("//abbr") and not page.xpath("//p[@class='annual-legend']")


def test_it_prints_an_empty_cell_for_a_figure_not_yet_entered() -> None:
    figures = sample_figures()
    figures.section2.penalty = None
    page = _page(figures, mark_entered=True)
    cell = page.xpath("//td[@data-key='section2.penalty']")[0]
    assert cell.text_content() == "填"  # staff see the marker on the empty cell they are to fill
    assert _page(figures).xpath("//td[@data-key='section2.penalty']")[0].text_content() == ""


def test_it_renders_the_tables_alone_with_visible_captions() -> None:
    context = annual_report_context(figures=sample_figures(), texts={})
    page = lxml.html.fromstring(f"<div>{render_to_string(TABLES_TEMPLATE, context)}</div>")
    captions = page.xpath("//caption")
    assert [caption.text_content() for caption in captions] == SECTION_TITLES[1:4]
    assert all(caption.get("class") is None for caption in captions)


def test_it_ships_a_print_stylesheet() -> None:
    css = (Path(__file__).resolve().parents[1] / "static" / STYLESHEET).read_text()
    assert "@page { size: A4" in css
    assert "@media print" in css and ".main-nav" in css
    assert "仿宋" in css and "宋体" in css
    assert "border: 1px solid #000" in css

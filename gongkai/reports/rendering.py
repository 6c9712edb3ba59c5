"""The annual report as the reports app's flow needs it rendered: the HTML of the published document and
of the workbench page, the DOCX and the XLSX. The renderers live in render_html, render_docx and
render_xlsx; this only feeds them a report's texts (imported lazily: python-docx and openpyxl are
loaded by the screens that download, not by every page)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from gongkai.reports.figures import AnnualFigures

if TYPE_CHECKING:
    from gongkai.reports.models import AnnualReport


def report_texts(report: AnnualReport) -> dict[int, str]:
    """The texts of sections 一, 五 and 六, keyed by section number."""
    return {1: report.section1, 5: report.section5, 6: report.section6}


def report_body_html(
    *,
    figures: AnnualFigures,
    texts: Mapping[int, str],
    mark_entered: bool = False,
    as_document_body: bool = False,
) -> str:
    """The whole report (texts and tables) as HTML: the workbench page, or (``as_document_body``) the
    published document's body."""
    from gongkai.reports.render_html import BODY_TEMPLATE, annual_report_context

    context = annual_report_context(
        figures=figures, texts=texts, mark_entered=mark_entered, as_document_body=as_document_body
    )
    return render_to_string(BODY_TEMPLATE, context)


def report_tables_html(*, figures: AnnualFigures) -> str:
    """The tables of sections 二, 三, 四 alone (the roll-up screen)."""
    from gongkai.reports.render_html import TABLES_TEMPLATE, annual_report_context

    return render_to_string(TABLES_TEMPLATE, annual_report_context(figures=figures, texts={}))


def stylesheet() -> str:
    """The report's CSS (a static path) for the pages that show it."""
    from gongkai.reports.render_html import STYLESHEET

    return STYLESHEET


def report_docx(*, figures: AnnualFigures, texts: Mapping[int, str]) -> bytes:
    from gongkai.reports.render_docx import annual_report_docx

    return annual_report_docx(figures=figures, texts=texts)


def report_xlsx(*, figures: AnnualFigures) -> bytes:
    from gongkai.reports.render_xlsx import annual_report_xlsx

    return annual_report_xlsx(figures=figures)

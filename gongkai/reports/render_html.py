# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""The annual report as a page: the context for ``reports/includes/annual_report_body.html``.

A view renders the body inside its own page (public report page, staff preview, print view) and links
``reports/annual.css``; the tables come from :mod:`gongkai.reports.layout` like those of the DOCX and the
XLSX.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gongkai.reports.figures import AnnualFigures
from gongkai.reports.layout import SectionTexts, annual_report_layout, texts_by_number

BODY_TEMPLATE = "reports/includes/annual_report_body.html"
TABLES_TEMPLATE = "reports/includes/annual_tables.html"
STYLESHEET = "reports/annual.css"


def annual_report_context(
    *, figures: AnnualFigures, texts: SectionTexts, mark_entered: bool = False, as_document_body: bool = False
) -> dict[str, Any]:
    """Context for :data:`BODY_TEMPLATE`. ``texts`` maps a section's number (1 for 一, 5 for 五, 6 for 六)
    to its text, paragraphs separated by blank lines. ``mark_entered`` (staff views) marks the figures
    staff typed in, with a legend under the table; the published report shows no marker.
    ``as_document_body``: the body of the published document, whose page prints the title itself and
    whose sanitized HTML keeps no classes, so a caption could not be hidden: the tables go without the
    title and captions, each named by the section heading just above it."""
    report = annual_report_layout(figures=figures, texts=texts)
    return {
        "figures": figures,
        "texts": texts_by_number(texts),
        "report": report,
        "tables": report.tables,
        "mark_entered": mark_entered,
        "as_document_body": as_document_body,
        "entered_legend": _("标“填”的数据由工作人员填报") if mark_entered else "",
    }

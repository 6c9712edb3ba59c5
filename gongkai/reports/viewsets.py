"""The 年度报告 menu of the staff workbench and its screens' URLs (/staff/reports/…).

- 年度报告 (/staff/reports/annual/): the reports of the person's organizations and those below them,
  each report's page by organization code and year, its actions and downloads — for any staff;
- 汇总 (/staff/reports/rollup/): a 主管部门's roll-up of its organizations' reports — for staff of an
  organization with organizations below it, and platform admins.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from gongkai.publications.workbench import RoleHolderMenuItem, forbidden_as_page


class AnnualReportViewSet(ViewSet):
    name = "annual_reports"
    url_prefix = "reports/annual"
    menu_label = gettext_lazy("年度报告")
    menu_name = "annual-reports"
    menu_icon = "doc-full"
    menu_item_class = RoleHolderMenuItem

    def get_urlpatterns(self) -> list[Any]:
        from gongkai.reports import workbench as views

        return [
            path("", forbidden_as_page(views.IndexView.as_view()), name="index"),
            path("<str:org_code>/<int:year>/", forbidden_as_page(views.ReportView.as_view()), name="report"),
            path(
                "<str:org_code>/<int:year>/action/<str:action>/",
                forbidden_as_page(views.ReportActionView.as_view()),
                name="action",
            ),
            path(
                "<str:org_code>/<int:year>/docx/",
                forbidden_as_page(views.DownloadView.as_view(kind="docx")),
                name="docx",
            ),
            path(
                "<str:org_code>/<int:year>/xlsx/",
                forbidden_as_page(views.DownloadView.as_view(kind="xlsx")),
                name="xlsx",
            ),
        ]


class AnnualReportRollupViewSet(ViewSet):
    name = "annual_report_rollup"
    url_prefix = "reports/rollup"
    menu_label = gettext_lazy("汇总")
    menu_name = "annual-report-rollup"
    menu_icon = "table"
    # Shown to every role holder (from the cached roles, no query); the screen says who may use it.
    menu_item_class = RoleHolderMenuItem

    def get_urlpatterns(self) -> list[Any]:
        from gongkai.reports import workbench as views

        return [path("", forbidden_as_page(views.RollupView.as_view()), name="index")]


class AnnualReportGroup(ViewSetGroup):
    """年度报告 in the main menu, after 依申请公开 (210)."""

    menu_label = gettext_lazy("年度报告")
    menu_name = "annual-report-group"
    menu_icon = "doc-full"
    menu_order = 230
    items = (AnnualReportViewSet, AnnualReportRollupViewSet)

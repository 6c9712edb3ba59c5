"""The reports app in the staff workbench: the annual report's screens and audit actions, and the
statistics dashboard."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

# --- 年度报告: the annual report (gongkai.reports.viewsets, workbench) ---------------------------------


@hooks.register("register_log_actions")
def register_annual_report_log_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action("gongkai.annual_report.start", _("起草年度报告"), _("起草了年度报告"))
    actions.register_action("gongkai.annual_report.update", _("修改年度报告"), _("修改了年度报告"))
    actions.register_action("gongkai.annual_report.approve", _("审核年度报告"), _("审核了年度报告"))
    actions.register_action("gongkai.annual_report.reopen", _("退回年度报告"), _("将年度报告退回修改"))
    actions.register_action("gongkai.annual_report.publish", _("发布年度报告"), _("发布了年度报告"))


@hooks.register("register_admin_viewset")
def register_annual_report_screens() -> Any:
    from gongkai.reports.viewsets import AnnualReportGroup

    return AnnualReportGroup()


# --- 统计分析: the statistics dashboard (issue 6 §5, gongkai.reports.statistics_views) ---------------


@hooks.register("register_admin_urls")
def register_statistics_urls():  # type: ignore[no-untyped-def]
    from django.urls import include, path

    from gongkai.reports import statistics_views

    namespace = statistics_views.URL_NAMESPACE
    return [
        path("reports/statistics/", include((statistics_views.urlpatterns(), namespace), namespace=namespace))
    ]


@hooks.register("register_admin_menu_item")
def register_statistics_menu():  # type: ignore[no-untyped-def]
    from gongkai.reports.statistics_views import statistics_menu_item

    return statistics_menu_item()

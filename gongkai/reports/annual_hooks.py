"""The annual report in the staff workbench: its audit actions and the 年度报告 menu (viewsets.py).

Wagtail hooks of the annual-report flow, imported by ReportsConfig.ready() (kept apart from the
statistics' wagtail_hooks.py of the same app).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


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

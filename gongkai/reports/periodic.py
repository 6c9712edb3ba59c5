"""Periodic jobs of the reports app that ``manage.py tick`` runs (gongkai.core.periodic)."""

from __future__ import annotations

from django.utils import timezone

from gongkai.core.periodic import register_periodic


@register_periodic("reports.remind", "提醒机构管理员：上一年度的政府信息公开工作年度报告即将到期")
def remind() -> int:
    from gongkai.reports.reminders import annual_report_reminders_send

    return annual_report_reminders_send(today=timezone.localdate())

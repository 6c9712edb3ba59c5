"""Periodic jobs of 依申请公开 that ``manage.py tick`` runs (gongkai.core.periodic)."""

from __future__ import annotations

from django.utils import timezone

from gongkai.core.periodic import register_periodic


@register_periodic("foi.refresh", "重新计算未办结申请的期限，记录逾期未补正、逾期未缴费")
def refresh() -> int:
    from gongkai.foi.services.tick import foi_cases_refresh

    return foi_cases_refresh(today=timezone.localdate())


@register_periodic("foi.remind", "提醒即将到期、已逾期的政府信息公开申请")
def remind() -> int:
    from gongkai.foi.services.tick import foi_reminders_send

    return foi_reminders_send(today=timezone.localdate())

"""Reminders that an organization's annual report is due (条例第四十九条): its org_admins get an e-mail
15 and 5 days before the due date while last year's report is not published, each reminder once."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongkai.orgs.choices import Role
from gongkai.orgs.models import Membership, Organization
from gongkai.reports.choices import ReportStatus
from gongkai.reports.models import AnnualReport, AnnualReportReminder
from gongkai.reports.selectors import report_due_on

# Days before the due date when the org_admins are reminded (not statutory: a working habit).
REMINDER_DAYS_BEFORE = (15, 5)


def reminder_stage(*, due_on: datetime.date, today: datetime.date) -> int | None:
    """The reminder due today: the smallest stage whose window has opened, None outside every window
    or after the due date (a tick that missed the 15-day mark sends the 5-day one only)."""
    left = (due_on - today).days
    if left < 0:
        return None
    open_stages = [stage for stage in REMINDER_DAYS_BEFORE if left <= stage]
    return min(open_stages) if open_stages else None


def _claim(org: Organization, year: int, stage: int) -> bool:
    """Record that this reminder is sent; False when it was already (the unique row claims it)."""
    try:
        with transaction.atomic():
            AnnualReportReminder.objects.create(org=org, year=year, days_before=stage)
    except IntegrityError:
        return False
    # A later stage makes the earlier ones moot: claim them too, so they are never sent late.
    for earlier in (s for s in REMINDER_DAYS_BEFORE if s > stage):
        AnnualReportReminder.objects.get_or_create(org=org, year=year, days_before=earlier)
    return True


def _recipients(org: Organization) -> list[str]:
    people = Membership.objects.filter(org=org, role=Role.ORG_ADMIN).select_related("user")
    return sorted({m.user.email for m in people if m.user.email and m.user.is_active})


def _send(org: Organization, year: int, due_on: datetime.date, days_left: int) -> None:
    recipients = _recipients(org)
    if not recipients:
        return
    subject = _("【年度报告】%(org)s%(year)s年政府信息公开工作年度报告将于%(due)s到期") % {
        "org": org.name,
        "year": year,
        "due": due_on.isoformat(),
    }
    body = _(
        "%(org)s%(year)s年政府信息公开工作年度报告应于%(due)s前发布（《政府信息公开条例》第四十九条），"
        "尚余%(days)s天，目前尚未发布。\n\n请登录工作台“年度报告”办理：%(url)s"
    ) % {
        "org": org.name,
        "year": year,
        "due": due_on.isoformat(),
        "days": days_left,
        "url": f"{settings.WAGTAILADMIN_BASE_URL}/staff/reports/annual/",
    }
    send_mail(subject, body, None, recipients, fail_silently=True)


def annual_report_reminders_send(*, today: datetime.date) -> int:
    """Remind the org_admins of every organization whose report for last year is due soon and not
    published; returns how many reminders were sent. Idempotent."""
    year = today.year - 1
    published = set(
        AnnualReport.objects.filter(year=year, status=ReportStatus.PUBLISHED).values_list("org_id", flat=True)
    )
    sent = 0
    for org in Organization.objects.filter(is_active=True).exclude(pk__in=published).order_by("pk"):
        due_on = report_due_on(org=org, year=year)
        stage = reminder_stage(due_on=due_on, today=today)
        if stage is not None and _claim(org, year, stage):
            _send(org, year, due_on, (due_on - today).days)
            sent += 1
    return sent

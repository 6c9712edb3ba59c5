"""Reminders that the annual report is due (条例第四十九条), sent once each by ``tick``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.core.periodic import periodic_jobs
from gongkai.core.testing import Region
from gongkai.reports.reminders import annual_report_reminders_send, reminder_stage
from gongkai.reports.services import annual_report_approve, annual_report_publish
from gongkai.reports.tests.flow import Admins, admins, draft

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def people(region: Region) -> Admins:
    found = admins(region)
    for user, address in ((found.sunqi, "sunqi@example.gov.cn"), (found.gkb, "gkb@example.gov.cn")):
        user.email = address
        user.save()
    return found


def sent_to(address: str) -> list[Any]:
    return [message for message in mail.outbox if address in message.to]


def test_the_stage_is_the_smallest_window_open() -> None:
    due = D(2026, 1, 31)
    assert reminder_stage(due_on=due, today=D(2026, 1, 15)) is None
    assert reminder_stage(due_on=due, today=D(2026, 1, 16)) == 15
    assert reminder_stage(due_on=due, today=D(2026, 1, 26)) == 5
    assert reminder_stage(due_on=due, today=D(2026, 1, 31)) == 5
    assert reminder_stage(due_on=due, today=D(2026, 2, 1)) is None


def test_it_reminds_the_org_admins_15_and_5_days_before_once_each(region: Region, people: Admins) -> None:
    assert annual_report_reminders_send(today=D(2026, 1, 15)) == 0
    annual_report_reminders_send(today=D(2026, 1, 16))
    first = sent_to("sunqi@example.gov.cn")
    assert len(first) == 1
    assert "2025年政府信息公开工作年度报告" in first[0].subject and "2026-01-31" in first[0].subject
    assert "尚余15天" in first[0].body and "第四十九条" in first[0].body
    annual_report_reminders_send(today=D(2026, 1, 16))
    annual_report_reminders_send(today=D(2026, 1, 20))
    assert len(sent_to("sunqi@example.gov.cn")) == 1
    annual_report_reminders_send(today=D(2026, 1, 26))
    annual_report_reminders_send(today=D(2026, 1, 27))
    second = sent_to("sunqi@example.gov.cn")
    assert len(second) == 2 and "尚余5天" in second[1].body
    # The government's report is due on 31 March: its org_admin is not reminded in January.
    assert sent_to("gkb@example.gov.cn") == []
    annual_report_reminders_send(today=D(2026, 3, 16))
    assert len(sent_to("gkb@example.gov.cn")) == 1


def test_a_tick_that_missed_the_first_window_sends_only_the_second(region: Region, people: Admins) -> None:
    annual_report_reminders_send(today=D(2026, 1, 28))
    annual_report_reminders_send(today=D(2026, 1, 29))
    assert len(sent_to("sunqi@example.gov.cn")) == 1


def test_no_reminder_once_the_report_is_published(region: Region, people: Admins) -> None:
    report = annual_report_approve(actor=people.sunqi, report=draft(region))
    annual_report_publish(actor=people.sunqi, report=report)
    mail.outbox.clear()
    annual_report_reminders_send(today=D(2026, 1, 16))
    assert sent_to("sunqi@example.gov.cn") == []


def test_tick_runs_the_reminders(region: Region, people: Admins) -> None:
    import time_machine

    assert "reports.remind" in [job.name for job in periodic_jobs()]
    with time_machine.travel("2026-01-16 09:00 +0800", tick=False):
        call_command("tick", stdout=None)
        call_command("tick", stdout=None)
    assert len(sent_to("sunqi@example.gov.cn")) == 1

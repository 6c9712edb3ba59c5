"""tick for 依申请公开: refreshed due status, lapsed periods, one reminder per change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.core.testing import Region
from gongkai.foi import engine_bridge, services
from gongkai.foi.choices import CaseStatus, EventType, Outcome
from gongkai.foi.models import FoiCase
from gongkai.foi.services.tick import REFRESHED_FIELDS, foi_cases_refresh, foi_reminders_send

pytestmark = pytest.mark.django_db


def _case(region: Region, *, submitted_on: dt.date, today: dt.date) -> FoiCase:
    registered = services.foi_case_create(
        actor=region.lisi,
        org=region.fgw,
        channel="in_person",
        submitted_on=submitted_on,
        applicant=services.ApplicantData(kind="person", name="张三", phone="13812345678"),
        description="示例市重大建设项目批准结果",
        today=today,
    )
    return registered.case


def test_it_marks_a_case_due_soon_then_overdue_as_days_pass(region: Region) -> None:
    case = _case(region, submitted_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 2))
    assert case.due_on == dt.date(2026, 3, 30) and case.due_status == "not_due"
    assert foi_cases_refresh(today=dt.date(2026, 3, 25)) == 1
    case.refresh_from_db()
    assert case.due_status == "due_soon"
    assert foi_cases_refresh(today=dt.date(2026, 3, 25)) == 0  # idempotent
    foi_cases_refresh(today=dt.date(2026, 3, 31))
    case.refresh_from_db()
    assert case.due_status == "overdue"


def test_it_lapses_an_unanswered_correction_request_the_day_after_its_period(region: Region) -> None:
    case = _case(region, submitted_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 2))
    services.foi_case_record_event(
        actor=region.lisi,
        case=case,
        type=EventType.CORRECTION_REQUESTED,
        on=dt.date(2026, 3, 4),
        data={"period_workdays": 5},
        today=dt.date(2026, 3, 4),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_CORRECTION
    ends = case.correction_period_ends_on
    assert ends == dt.date(2026, 3, 11)
    foi_cases_refresh(today=ends)  # the last day of the period: still open
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_CORRECTION
    foi_cases_refresh(today=ends + dt.timedelta(days=1))
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.outcome == Outcome.OTHER_CORRECTION_LAPSED
    assert case.closed_on == ends + dt.timedelta(days=1)
    last_type = case.events.order_by("sequence").values_list("type", flat=True).last()
    assert last_type == EventType.CORRECTION_LAPSED


def test_it_reminds_the_handler_once_per_change_and_the_head_when_overdue(region: Region) -> None:
    region.lisi.email = "lisi@example.gov.cn"
    region.lisi.save()
    region.wangwu.email = "wangwu@example.gov.cn"
    region.wangwu.save()
    case = _case(region, submitted_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 2))
    services.foi_case_assign(actor=region.lisi, case=case, handler=region.lisi)
    foi_cases_refresh(today=dt.date(2026, 3, 25))
    assert foi_reminders_send(today=dt.date(2026, 3, 25)) == 1
    assert foi_reminders_send(today=dt.date(2026, 3, 25)) == 0
    assert mail.outbox[-1].to == ["lisi@example.gov.cn"]
    assert "即将到期" in mail.outbox[-1].subject and case.number in mail.outbox[-1].subject
    foi_cases_refresh(today=dt.date(2026, 3, 31))
    assert foi_reminders_send(today=dt.date(2026, 3, 31)) == 1
    assert sorted(mail.outbox[-1].to) == ["lisi@example.gov.cn", "wangwu@example.gov.cn"]


def test_it_runs_from_tick(region: Region) -> None:
    _case(region, submitted_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 2))
    call_command("tick", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert FoiCase.objects.get().due_status == "overdue"  # today (2026-12) is long after 30 March


def test_it_stores_each_case_the_dates_its_own_events_give(region: Region) -> None:
    cases = [
        _case(region, submitted_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 2)),  # due 30 March
        _case(region, submitted_on=dt.date(2026, 3, 9), today=dt.date(2026, 3, 9)),
        _case(region, submitted_on=dt.date(2026, 3, 20), today=dt.date(2026, 3, 20)),
    ]
    services.foi_case_record_event(
        actor=region.lisi,
        case=cases[1],
        type=EventType.CONSULTATION_STARTED,
        on=dt.date(2026, 3, 10),
        data={"party": "third_party", "addressee": "某公司"},
        today=dt.date(2026, 3, 10),
    )
    today = dt.date(2026, 3, 26)
    assert foi_cases_refresh(today=today) == 3
    stored = {case.pk: case for case in FoiCase.objects.all()}
    for case in cases:
        expected = FoiCase.objects.get(pk=case.pk)
        engine_bridge.apply_to_case(expected, engine_bridge.deadlines_of(expected.events.all(), today=today))
        for name in REFRESHED_FIELDS:
            assert getattr(stored[case.pk], name) == getattr(expected, name), (case.pk, name)
    assert [stored[case.pk].due_status for case in cases] == ["due_soon", "not_due", "not_due"]
    assert stored[cases[1].pk].status == CaseStatus.PAUSED
    assert {stored[case.pk].deadlines_as_of for case in cases} == {today}


def test_it_refreshes_with_a_number_of_queries_that_does_not_grow(
    region: Region, django_assert_max_num_queries: Any
) -> None:
    for _n in range(2):
        _case(region, submitted_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 2))
    with django_assert_max_num_queries(10) as few:
        assert foi_cases_refresh(today=dt.date(2026, 3, 3)) == 2
    for _n in range(10):
        _case(region, submitted_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert foi_cases_refresh(today=dt.date(2026, 3, 4)) == 12
    assert set(FoiCase.objects.values_list("deadlines_as_of", flat=True)) == {dt.date(2026, 3, 4)}

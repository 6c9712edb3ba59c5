"""Writes of the working-day calendar (gongkai.core.services) and the calendar other apps use."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from wagtail.models import ModelLogEntry

from gongkai.core import calendar
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError
from gongkai.core.models import CalendarAlert, CalendarDay, CalendarDayKind, CalendarSource, CalendarYear
from gongkai.core.services import (
    calendar_alert_record,
    calendar_day_clear,
    calendar_day_set,
    calendar_year_declare,
    calendar_year_import_notice,
)
from gongkai.core.testing import Region
from gongkai.core.tests.test_notice_parser import NOTICE_2026

SHANGHAI = ZoneInfo("Asia/Shanghai")

# A notice for 2027 in the State Council's wording (the dates are this test's, not a real notice).
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（周五）至11日（周四）放假调休，共7天。2月13日（周六）上班。
三、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
"""


def _entries(action: str) -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.filter(action=action).order_by("pk"))


# --- The calendar in force --------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_starts_from_the_builtin_notices() -> None:
    cal = calendar.current_calendar()
    assert 2004 in cal.covered_years and 2026 in cal.covered_years
    assert 2027 not in cal.covered_years
    assert calendar.is_workday(date(2026, 10, 10)) is True
    assert calendar.is_workday(date(2026, 10, 5)) is False
    assert calendar.add_workdays(date(2026, 9, 28), 20).date == date(2026, 10, 30)
    assert calendar.workdays_between(date(2026, 3, 2), date(2026, 3, 30)).workdays == 20
    assert cal.names[date(2026, 4, 5)] == "清明节"


@pytest.mark.django_db
def test_it_serves_the_cached_calendar_without_queries(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    calendar.current_calendar()
    with django_assert_num_queries(0):
        calendar.add_workdays(date(2026, 3, 2), 20)
        calendar.workdays_between(date(2026, 3, 2), date(2026, 4, 2))


@pytest.mark.django_db
def test_it_notices_a_change_made_by_another_process_after_the_recheck_interval(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert calendar.is_workday(date(2026, 3, 3)) is True
    # Another process writes: this process's cache does not know, until it rechecks the fingerprint.
    CalendarDay.objects.create(date=date(2026, 3, 3), kind=CalendarDayKind.HOLIDAY, name="地方假日")
    assert calendar.is_workday(date(2026, 3, 3)) is True
    monkeypatch.setattr(calendar, "RECHECK_SECONDS", 0.0)
    assert calendar.is_workday(date(2026, 3, 3)) is False


# --- calendar_day_set / calendar_day_clear ----------------------------------------------------------


def test_it_lets_the_platform_admin_fix_a_day_at_once(region: Region) -> None:
    assert calendar.is_workday(date(2026, 3, 3)) is True
    entry = calendar_day_set(
        actor=region.admin, day=date(2026, 3, 3), kind=CalendarDayKind.HOLIDAY, name="地方假日"
    )
    assert entry.source == CalendarSource.ADMIN
    assert entry.updated_by == region.admin
    assert calendar.is_workday(date(2026, 3, 3)) is False
    assert calendar.add_workdays(date(2026, 3, 2), 1).date == date(2026, 3, 4)
    assert calendar.current_calendar().names[date(2026, 3, 3)] == "地方假日"


def test_it_overrides_a_builtin_holiday_with_a_working_day(region: Region) -> None:
    calendar_day_set(actor=region.admin, day=date(2026, 10, 7), kind=CalendarDayKind.WORKDAY, name="国庆节")
    assert calendar.is_workday(date(2026, 10, 7)) is True
    assert date(2026, 10, 7) not in calendar.current_calendar().holidays


def test_it_audits_a_day_change_with_before_and_after(region: Region) -> None:
    calendar_day_set(actor=region.admin, day=date(2026, 3, 3), kind=CalendarDayKind.HOLIDAY, name="地方假日")
    calendar_day_set(actor=region.admin, day=date(2026, 3, 3), kind=CalendarDayKind.WORKDAY, name="")
    first, second = _entries("gongkai.calendar.update")
    assert first.user_id == region.admin.pk
    assert first.data.get("before") is None  # a new entry has no before
    assert first.data["after"]["kind"] == "holiday"
    assert second.data["before"]["kind"] == "holiday"
    assert second.data["after"]["kind"] == "workday"
    assert set(second.data["changed"]) == {"kind", "name"}


def test_it_does_not_audit_a_change_that_changes_nothing(region: Region) -> None:
    for _ in range(2):
        calendar_day_set(
            actor=region.admin, day=date(2026, 3, 3), kind=CalendarDayKind.HOLIDAY, name="地方假日"
        )
    assert len(_entries("gongkai.calendar.update")) == 1


@pytest.mark.parametrize("persona", ["zhaoliu", "lisi", "zhangsan"])
def test_it_refuses_the_calendar_to_everyone_but_platform_admins(region: Region, persona: str) -> None:
    user = getattr(region, persona)
    with pytest.raises(ServicePermissionDenied, match="平台管理员"):
        calendar_day_set(actor=user, day=date(2026, 3, 3), kind=CalendarDayKind.HOLIDAY, name="")
    with pytest.raises(ServicePermissionDenied):
        calendar_year_import_notice(actor=user, year=2027, text=NOTICE_2027)
    with pytest.raises(ServicePermissionDenied):
        calendar_year_declare(actor=user, year=2027, complete=True)
    with pytest.raises(ServicePermissionDenied):
        calendar_day_clear(actor=user, day=date(2026, 3, 3))
    assert not CalendarDay.objects.exists()
    assert not CalendarYear.objects.exists()


def test_it_validates_the_kind_the_name_and_the_year(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as caught:
        calendar_day_set(actor=region.admin, day=date(2026, 3, 3), kind="rest", name="x" * 41)
    assert set(caught.value.errors) == {"kind", "name"}
    assert "类型" in caught.value.errors["kind"][0]
    with pytest.raises(ServiceValidationError) as caught:
        calendar_day_set(actor=region.admin, day=date(1200, 3, 3), kind=CalendarDayKind.HOLIDAY)
    assert "day" in caught.value.errors
    assert not CalendarDay.objects.exists()


def test_it_clears_an_entry_back_to_the_builtin_data(region: Region) -> None:
    calendar_day_set(actor=region.admin, day=date(2026, 10, 7), kind=CalendarDayKind.WORKDAY)
    assert calendar_day_clear(actor=region.admin, day=date(2026, 10, 7)) is True
    assert calendar.is_workday(date(2026, 10, 7)) is False
    assert calendar_day_clear(actor=region.admin, day=date(2026, 10, 7)) is False
    (entry,) = _entries("gongkai.calendar.clear")
    assert entry.deleted is True
    assert entry.data["before"]["kind"] == "workday"
    assert entry.user_id == region.admin.pk


def test_it_accepts_the_command_line_operator_without_an_actor(db: None) -> None:
    calendar_day_set(actor=None, day=date(2026, 3, 3), kind=CalendarDayKind.HOLIDAY)
    assert CalendarDay.objects.get().updated_by is None
    assert _entries("gongkai.calendar.update")[0].user_id is None


# --- calendar_year_import_notice / calendar_year_declare --------------------------------------------


def test_it_imports_a_notice_and_covers_its_year(region: Region) -> None:
    assert calendar.add_workdays(date(2026, 12, 31), 1).provisional is True
    year = calendar_year_import_notice(actor=region.admin, year=2027, text=NOTICE_2027)
    assert year.complete is True
    assert year.source == CalendarSource.NOTICE
    assert "2027年部分节假日安排" in year.notice_text
    assert year.created_by == region.admin
    result = calendar.add_workdays(date(2026, 12, 31), 1)
    assert result == calendar.WorkdayResult(date=date(2027, 1, 4), provisional=False, missing_years=())
    assert calendar.is_workday(date(2027, 2, 13)) is True  # a Saturday, 调休
    assert calendar.is_workday(date(2027, 10, 4)) is False
    assert CalendarDay.objects.filter(source=CalendarSource.NOTICE).count() == 3 + 7 + 1 + 7 + 2
    (entry,) = _entries("gongkai.calendar.import")
    assert entry.user_id == region.admin.pk
    assert "2027-02-13" in entry.data["workdays"]
    assert len(entry.data["holidays"]) == 17


def test_it_replaces_the_years_entries_when_a_notice_is_imported_again(region: Region) -> None:
    calendar_day_set(actor=region.admin, day=date(2027, 3, 3), kind=CalendarDayKind.HOLIDAY, name="地方假日")
    calendar_day_set(actor=region.admin, day=date(2026, 3, 3), kind=CalendarDayKind.HOLIDAY, name="地方假日")
    calendar_year_import_notice(actor=region.admin, year=2027, text=NOTICE_2027)
    calendar_year_import_notice(actor=region.admin, year=2027, text=NOTICE_2027)
    assert not CalendarDay.objects.filter(date=date(2027, 3, 3)).exists()
    assert CalendarDay.objects.filter(date=date(2026, 3, 3)).exists()  # another year's entry stays
    assert CalendarDay.objects.filter(date__year=2027).count() == 20
    assert CalendarYear.objects.count() == 1
    assert _entries("gongkai.calendar.import")[1].data["replaced_entries"] == 20


def test_it_lets_an_imported_notice_replace_the_builtin_days_of_its_year(region: Region) -> None:
    builtin = calendar.current_calendar()
    calendar_year_import_notice(actor=region.admin, year=2026, text=NOTICE_2026)
    imported = calendar.current_calendar()
    assert imported.holidays == builtin.holidays
    assert imported.extra_workdays == builtin.extra_workdays
    # A (fictional) correction of the notice without 劳动节: 4 May 2026 becomes a working day again.
    corrected = "\n".join(line for line in NOTICE_2026.splitlines() if "劳动节：" not in line)
    calendar_year_import_notice(actor=region.admin, year=2026, text=corrected)
    assert calendar.is_workday(date(2026, 5, 4)) is True
    assert calendar.is_workday(date(2026, 5, 9)) is False  # the Saturday is no longer worked


def test_it_refuses_a_notice_it_cannot_read_and_keeps_the_old_entries(region: Region) -> None:
    calendar_day_set(actor=region.admin, day=date(2027, 3, 3), kind=CalendarDayKind.HOLIDAY)
    with pytest.raises(ServiceValidationError) as caught:
        calendar_year_import_notice(actor=region.admin, year=2027, text="一、元旦：一月一日放假。")
    assert "第1行无法识别" in caught.value.errors["text"][0]
    with pytest.raises(ServiceValidationError, match="不一致"):
        calendar_year_import_notice(actor=region.admin, year=2028, text=NOTICE_2027)
    with pytest.raises(ServiceValidationError, match="请粘贴通知原文"):
        calendar_year_import_notice(actor=region.admin, year=2027, text="  ")
    assert CalendarDay.objects.filter(date=date(2027, 3, 3)).exists()
    assert not CalendarYear.objects.exists()


def test_it_lets_the_admin_declare_a_hand_entered_year_complete(region: Region) -> None:
    calendar_day_set(actor=region.admin, day=date(2027, 1, 1), kind=CalendarDayKind.HOLIDAY, name="元旦")
    assert calendar.add_workdays(date(2026, 12, 31), 1).provisional is True
    year = calendar_year_declare(actor=region.admin, year=2027, complete=True)
    assert year.source == CalendarSource.ADMIN
    assert calendar.add_workdays(date(2026, 12, 31), 1) == calendar.WorkdayResult(
        date=date(2027, 1, 4), provisional=False, missing_years=()
    )
    calendar_year_declare(actor=region.admin, year=2027, complete=False)
    assert calendar.add_workdays(date(2026, 12, 31), 1).provisional is True
    declared, undeclared = _entries("gongkai.calendar.year")
    assert declared.data["after"]["complete"] is True
    assert undeclared.data["before"]["complete"] is True


def test_it_refuses_a_year_out_of_range(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as caught:
        calendar_year_declare(actor=region.admin, year=20270, complete=True)
    assert "year" in caught.value.errors


# --- Alerts -----------------------------------------------------------------------------------------


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_it_records_an_alert_when_a_deadline_crosses_a_year_without_data() -> None:
    with time_machine.travel(_at(date(2026, 12, 20)), tick=False):
        result = calendar.add_workdays(date(2026, 12, 20), 20)
    assert result.provisional is True
    assert result.missing_years == (2027,)
    alert = CalendarAlert.objects.get()
    assert alert.year == 2027
    assert alert.times == 1
    assert alert.first_needed_at == alert.last_needed_at == _at(date(2026, 12, 20))
    assert alert.is_open
    assert str(alert) == "2027年缺少节假日数据"
    assert _entries("gongkai.calendar.alert")[0].data["after"] == {"year": 2027}


@pytest.mark.django_db
def test_it_counts_repeated_needs_on_one_alert() -> None:
    with time_machine.travel(_at(date(2026, 12, 20)), tick=False):
        calendar.add_workdays(date(2026, 12, 20), 20)
    with time_machine.travel(_at(date(2026, 12, 22)), tick=False):
        calendar.workdays_between(date(2026, 12, 1), date(2027, 1, 15))
        calendar.is_workday(date(2027, 1, 1))
    alert = CalendarAlert.objects.get()
    assert alert.times == 3
    assert alert.first_needed_at == _at(date(2026, 12, 20))
    assert alert.last_needed_at == _at(date(2026, 12, 22))
    assert len(_entries("gongkai.calendar.alert")) == 1


@pytest.mark.django_db
def test_it_does_not_alert_for_exact_results() -> None:
    with time_machine.travel(_at(date(2026, 6, 1)), tick=False):
        calendar.add_workdays(date(2026, 6, 1), 100)
        calendar.is_workday(date(2026, 12, 31))
    assert not CalendarAlert.objects.exists()


@pytest.mark.django_db
def test_it_does_not_alert_for_years_no_notice_can_exist_for_yet() -> None:
    with time_machine.travel(_at(date(2026, 6, 1)), tick=False):
        result = calendar.add_workdays(date(2026, 6, 1), 1000)
    assert result.provisional is True
    assert result.missing_years == (2027, 2028, 2029, 2030)
    # Only next year's notice can be entered (published in the autumn before); later years stay provisional.
    assert list(CalendarAlert.objects.values_list("year", flat=True)) == [2027]


def test_it_resolves_the_alert_when_the_year_is_imported(region: Region) -> None:
    with time_machine.travel(_at(date(2026, 12, 20)), tick=False):
        calendar.add_workdays(date(2026, 12, 20), 20)
        calendar_year_import_notice(actor=region.admin, year=2027, text=NOTICE_2027)
        result = calendar.add_workdays(date(2026, 12, 20), 20)
    assert result.provisional is False
    alert = CalendarAlert.objects.get()
    assert alert.resolved_at == _at(date(2026, 12, 20))
    assert alert.times == 1


def test_it_reopens_an_alert_when_a_year_is_no_longer_complete(region: Region) -> None:
    with time_machine.travel(_at(date(2026, 12, 20)), tick=False):
        calendar.add_workdays(date(2026, 12, 20), 20)
        calendar_year_declare(actor=region.admin, year=2027, complete=True)
        assert CalendarAlert.objects.get().resolved_at is not None
        calendar_year_declare(actor=region.admin, year=2027, complete=False)
        calendar.add_workdays(date(2026, 12, 20), 20)
    alert = CalendarAlert.objects.get()
    assert alert.resolved_at is None
    assert alert.times == 2


@pytest.mark.django_db
def test_it_ignores_an_alert_for_a_year_that_has_data_by_now() -> None:
    assert calendar_alert_record(year=2026) is None
    CalendarYear.objects.create(year=2027, complete=True)
    assert calendar_alert_record(year=2027) is None
    assert not CalendarAlert.objects.exists()
    alert = calendar_alert_record(year=2028)
    assert alert is not None and alert.year == 2028


@pytest.mark.django_db
def test_it_keeps_the_alert_window_relative_to_today() -> None:
    with time_machine.travel(_at(date(2027, 12, 20)), tick=False):
        calendar.add_workdays(date(2027, 12, 20), 20)
    assert sorted(CalendarAlert.objects.values_list("year", flat=True)) == [2027, 2028]
    assert CalendarAlert.objects.get(year=2027).last_needed_at == _at(date(2027, 12, 20))
    assert timedelta(0) == CalendarAlert.objects.get(year=2028).last_needed_at - _at(date(2027, 12, 20))

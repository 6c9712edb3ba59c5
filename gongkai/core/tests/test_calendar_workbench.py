"""The 工作日历 screens of the staff workbench (/staff/calendar/) and the dashboard alert panel."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from wagtail.models import ModelLogEntry

from gongkai.core import calendar
from gongkai.core.models import CalendarAlert, CalendarDay, CalendarDayKind, CalendarSource, CalendarYear
from gongkai.core.services import calendar_day_set
from gongkai.core.testing import Region
from gongkai.core.tests.test_calendar_services import NOTICE_2027

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def admin_client(region: Region) -> Client:
    return _client(region.admin)


def _text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- Who may enter ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["lisi", "zhaoliu", "wangwu"])
def test_it_keeps_staff_who_are_not_platform_admins_out(region: Region, persona: str) -> None:
    client = _client(getattr(region, persona))
    for url in ("/staff/calendar/", "/staff/calendar/2026/", "/staff/calendar/2027/import/"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "2026年工作日历" not in response.content.decode()
    response = client.post("/staff/calendar/2026/", {"action": "set", "day": "2026-03-03", "kind": "holiday"})
    assert response.status_code in (302, 403)
    assert not CalendarDay.objects.exists()


def test_it_shows_the_menu_item_to_platform_admins_only(region: Region, admin_client: Client) -> None:
    assert '"url": "/staff/calendar/"' in _text(admin_client, "/staff/")
    assert '"url": "/staff/calendar/"' not in _text(_client(region.lisi), "/staff/")


# --- The list of years ------------------------------------------------------------------------------


def test_it_lists_builtin_entered_and_needed_years(region: Region, admin_client: Client) -> None:
    calendar_day_set(actor=region.admin, day=date(2031, 5, 1), kind=CalendarDayKind.HOLIDAY, name="劳动节")
    with time_machine.travel(datetime(2026, 12, 20, 9, tzinfo=SHANGHAI), tick=False):
        calendar.add_workdays(date(2026, 12, 20), 20)
    html = _text(admin_client, "/staff/calendar/")
    for year in (2004, 2025, 2026, 2027, 2031):
        assert f'href="/staff/calendar/{year}/">{year}年</a>' in html
    assert "内置数据" in html
    assert "缺少数据：已被计算需要 1 次" in html
    assert 'href="/staff/calendar/2027/import/"' in html


def test_it_opens_a_typed_year(admin_client: Client) -> None:
    response = admin_client.get("/staff/calendar/", {"year": "2028"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/calendar/2028/"
    html = _text(admin_client, "/staff/calendar/?year=20")
    assert "年份不能早于1999" in html


# --- One year ---------------------------------------------------------------------------------------


def test_it_shows_the_holidays_and_adjusted_days_of_a_year(admin_client: Client) -> None:
    html = _text(admin_client, "/staff/calendar/2026/")
    assert "2026年工作日历" in html
    assert "2026-10-10" in html and "2026-10-07" in html and "2026-02-28" in html
    assert "<strong>上班</strong>" in html
    assert "数据完整：计算不再是暂定结果" in html


def test_it_saves_a_corrected_day_and_audits_it(region: Region, admin_client: Client) -> None:
    response = admin_client.post(
        "/staff/calendar/2026/", {"action": "set", "day": "2026-10-07", "kind": "workday", "name": "国庆节"}
    )
    assert response.status_code == 302
    entry = CalendarDay.objects.get()
    assert (entry.date, entry.kind, entry.source) == (date(2026, 10, 7), "workday", CalendarSource.ADMIN)
    assert calendar.is_workday(date(2026, 10, 7)) is True
    assert ModelLogEntry.objects.get(action="gongkai.calendar.update").user_id == region.admin.pk
    html = _text(admin_client, "/staff/calendar/2026/")
    assert "已将2026-10-07设为上班" in html
    assert "（已覆盖内置数据）" in html
    assert "删除 2026-10-07 的录入" in html


def test_it_keeps_what_was_typed_and_names_the_field_on_bad_input(admin_client: Client) -> None:
    response = admin_client.post(
        "/staff/calendar/2026/", {"action": "set", "day": "2027-01-01", "kind": "holiday", "name": "元旦"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "日期应在2026年内" in html
    assert 'value="2027-01-01"' in html
    assert 'value="元旦"' in html
    response = admin_client.post("/staff/calendar/2026/", {"action": "set", "day": "2026-03-03"})
    assert "请选择类型：放假或上班" in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_it_removes_an_entry(region: Region, admin_client: Client) -> None:
    calendar_day_set(actor=region.admin, day=date(2026, 10, 7), kind=CalendarDayKind.WORKDAY)
    response = admin_client.post("/staff/calendar/2026/", {"action": "clear", "day": "2026-10-07"})
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    assert calendar.is_workday(date(2026, 10, 7)) is False


def test_it_declares_a_year_complete(admin_client: Client) -> None:
    assert "已逐日录入全部日期，标记为数据完整" in _text(admin_client, "/staff/calendar/2030/")
    response = admin_client.post("/staff/calendar/2030/", {"action": "declare", "complete": "1"})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2030).complete is True
    assert 2030 in calendar.current_calendar().covered_years


def test_it_answers_404_for_an_impossible_year(admin_client: Client) -> None:
    assert admin_client.get("/staff/calendar/12/").status_code == 404


# --- Importing a notice -----------------------------------------------------------------------------


def test_it_previews_a_notice_before_saving_it(admin_client: Client) -> None:
    response = admin_client.post("/staff/calendar/2027/import/", {"text": NOTICE_2027, "preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "识别结果" in html
    assert "国庆节：放假 7 天，调休上班 2 天" in html
    assert "2027-10-09" in html
    assert "确认导入2027年" in html
    assert not CalendarDay.objects.exists()
    assert not CalendarYear.objects.exists()


def test_it_saves_the_notice_on_confirmation(region: Region, admin_client: Client) -> None:
    response = admin_client.post("/staff/calendar/2027/import/", {"text": NOTICE_2027, "save": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/calendar/2027/"
    year = CalendarYear.objects.get()
    assert (year.year, year.complete, year.source) == (2027, True, CalendarSource.NOTICE)
    assert CalendarDay.objects.filter(date__year=2027).count() == 20
    assert ModelLogEntry.objects.get(action="gongkai.calendar.import").user_id == region.admin.pk


def test_it_shows_the_line_it_could_not_read_and_keeps_the_text(admin_client: Client) -> None:
    text = (
        "国务院办公厅关于2027年部分节假日安排的通知\n"
        "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
        "二、春节：正月初一放假。"
    )
    response = admin_client.post("/staff/calendar/2027/import/", {"text": text, "save": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "第3行无法识别" in html
    assert "二、春节：正月初一放假。" in html  # still in the text area
    assert not CalendarYear.objects.exists()


# --- The dashboard panel ----------------------------------------------------------------------------


def test_it_tells_platform_admins_on_the_dashboard_which_years_lack_data(
    region: Region, admin_client: Client
) -> None:
    assert "缺少节假日数据" not in _text(admin_client, "/staff/")
    with time_machine.travel(datetime(2026, 12, 20, 9, tzinfo=SHANGHAI), tick=False):
        calendar.add_workdays(date(2026, 12, 20), 20)
    html = _text(admin_client, "/staff/")
    assert "2027年缺少节假日数据" in html
    assert 'href="/staff/calendar/2027/import/"' in html
    assert "2027年缺少节假日数据" not in _text(_client(region.lisi), "/staff/")


def test_it_removes_the_alert_from_the_dashboard_once_the_year_is_imported(admin_client: Client) -> None:
    with time_machine.travel(datetime(2026, 12, 20, 9, tzinfo=SHANGHAI), tick=False):
        calendar.add_workdays(date(2026, 12, 20), 20)
    admin_client.post("/staff/calendar/2027/import/", {"text": NOTICE_2027, "save": "1"})
    assert CalendarAlert.objects.get().resolved_at is not None
    assert "2027年缺少节假日数据" not in _text(admin_client, "/staff/")

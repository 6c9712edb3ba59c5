"""The 主动公开 supervision reports: timeliness (第二十六条), withheld review (第十八条), interpretation
(国办发〔2016〕80号), and their workbench screens (/staff/publications/reports/…)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from gongkai.core.models import CalendarAlert
from gongkai.core.testing import Region
from gongkai.publications.choices import Disclosure, DocumentKind, InterpretationForm
from gongkai.publications.models import Document
from gongkai.publications.reports import (
    interpretation_report,
    months_before,
    timeliness_report,
    withheld_review_report,
)
from gongkai.publications.services import document_submit
from gongkai.publications.tests.helpers import draft, published

SHANGHAI = ZoneInfo("Asia/Shanghai")


@contextmanager
def on(day: date) -> Iterator[None]:
    """Freeze "today" at 10:00 Beijing time on ``day``."""
    with time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI), tick=False):
        yield


def published_on(region: Region, day: date, **fields: Any) -> Document:
    with on(day):
        return published(region, **fields)


def drafted_on(region: Region, day: date, **fields: Any) -> Document:
    with on(day):
        return draft(region, **fields)


def _titles(rows: Any) -> list[str]:
    return [row.title for row in rows]


# --- 1. Timeliness (条例第二十六条) --------------------------------------------------------------------


def test_it_counts_the_deadline_across_the_national_day_holiday(region: Region) -> None:
    # 28 Sep 2026 + 20 working days: 1–7 Oct are holidays, Sat 10 Oct is worked → due Fri 30 Oct.
    published_on(region, date(2026, 10, 30), title="按时", formed_on=date(2026, 9, 28))
    published_on(region, date(2026, 11, 2), title="晚一天", formed_on=date(2026, 9, 28))
    report = timeliness_report(orgs=[region.fgw], year=2026, today=date(2026, 11, 20))
    (late,) = report.published_late
    assert (late.title, late.due_on, late.published_on, late.workdays) == (
        "晚一天",
        date(2026, 10, 30),
        date(2026, 11, 2),
        1,
    )
    assert late.provisional is False
    assert report.orgs[0].published_on_time == 1
    assert report.orgs[0].on_time_percent == "50.0%"
    assert report.overdue == [] and report.at_risk == []


def test_it_lists_unpublished_items_overdue_and_at_risk(region: Region) -> None:
    today = date(2026, 11, 2)  # Monday; the warning window ends on Mon 9 Nov (5 working days)
    with on(today):
        draft(region, title="逾期一天", formed_on=date(2026, 9, 28))  # due 30 Oct
        draft(region, title="今天到期", formed_on=date(2026, 9, 29))  # due 2 Nov
        draft(region, title="五天后到期", formed_on=date(2026, 10, 12))  # due 9 Nov
        draft(region, title="六天后到期", formed_on=date(2026, 10, 13))  # due 10 Nov: not yet listed
        document_submit(
            actor=region.lisi, document=draft(region, title="送审中逾期", formed_on=date(2026, 9, 1))
        )
        report = timeliness_report(orgs=[region.fgw], year=2026)
    assert [(row.title, row.due_on, row.workdays) for row in report.overdue] == [
        ("送审中逾期", date(2026, 9, 29), 20),
        ("逾期一天", date(2026, 10, 30), 1),
    ]
    assert report.overdue[0].status_label == "待审查"
    assert [(row.title, row.due_on, row.workdays) for row in report.at_risk] == [
        ("今天到期", date(2026, 11, 2), 0),
        ("五天后到期", date(2026, 11, 9), 5),
    ]


def test_it_lists_items_without_formed_on_separately(region: Region) -> None:
    published_on(region, date(2025, 6, 2), title="去年发布无形成日期")
    published_on(region, date(2026, 6, 1), title="今年发布无形成日期")
    drafted_on(region, date(2026, 6, 1), title="草稿无形成日期")
    drafted_on(region, date(2026, 6, 1), title="依申请公开", disclosure=Disclosure.ON_REQUEST)
    report = timeliness_report(orgs=[region.fgw], year=2026, today=date(2026, 11, 2))
    assert sorted(_titles(report.missing_formed_on)) == ["今年发布无形成日期", "草稿无形成日期"]
    assert report.overdue == [] and report.published_late == []


def test_it_keeps_each_organization_to_its_own_rows(region: Region) -> None:
    drafted_on(region, date(2026, 9, 1), title="发改委逾期", formed_on=date(2026, 9, 1))
    drafted_on(
        region,
        date(2026, 9, 1),
        title="教育局逾期",
        formed_on=date(2026, 9, 1),
        org=region.edu,
        actor=region.zhaoliu,
    )
    report = timeliness_report(orgs=[region.edu], year=2026, today=date(2026, 11, 2))
    assert _titles(report.overdue) == ["教育局逾期"]
    both = timeliness_report(orgs=[region.fgw, region.edu], year=2026, today=date(2026, 11, 2))
    assert [len(entry.overdue) for entry in both.orgs] == [1, 1]


def test_it_marks_provisional_deadlines_and_alerts_once(region: Region) -> None:
    # No holiday data for 2027 in the built-in calendar: the deadlines are provisional.
    with on(date(2026, 12, 21)):
        draft(region, title="跨年一", formed_on=date(2026, 12, 18))
        draft(region, title="跨年二", formed_on=date(2026, 12, 21))
    with on(date(2027, 3, 1)):
        report = timeliness_report(orgs=[region.fgw], year=2027)
    assert [row.provisional for row in report.overdue] == [True, True]
    assert report.any_provisional
    assert CalendarAlert.objects.get(year=2027).times == 1


def test_it_computes_the_timeliness_report_in_a_fixed_number_of_queries(region: Region) -> None:
    drafted_on(region, date(2026, 9, 1), title="一", formed_on=date(2026, 9, 1))
    timeliness_report(orgs=[region.fgw], year=2026, today=date(2026, 11, 2))  # loads the calendar
    with CaptureQueriesContext(connection) as few:
        timeliness_report(orgs=[region.fgw, region.edu], year=2026, today=date(2026, 11, 2))
    for n in range(5):
        drafted_on(region, date(2026, 9, 1), title=f"多{n}", formed_on=date(2026, 9, 1))
        published_on(region, date(2026, 10, 30), title=f"发{n}", formed_on=date(2026, 9, 2))
    with CaptureQueriesContext(connection) as many:
        report = timeliness_report(orgs=[region.fgw, region.edu], year=2026, today=date(2026, 11, 2))
    assert len(report.overdue) == 6
    assert len(many) == len(few)


# --- 2. Withheld items due for review (条例第十八条) -------------------------------------------------


def _withheld(region: Region, day: date, title: str) -> Document:
    return drafted_on(
        region, day, title=title, disclosure=Disclosure.WITHHELD, withheld_ground="process_info"
    )


def test_it_lists_withheld_items_not_reviewed_for_a_year(region: Region) -> None:
    _withheld(region, date(2025, 10, 1), "去年十月")
    _withheld(region, date(2026, 6, 1), "今年六月")
    drafted_on(region, date(2025, 1, 5), title="主动公开的旧草稿")
    report = withheld_review_report(orgs=[region.fgw], today=date(2026, 11, 2))
    (row,) = report.due
    assert (row.title, row.last_reviewed_on, row.review_due_on, row.days_overdue) == (
        "去年十月",
        date(2025, 10, 1),
        date(2026, 10, 1),
        32,
    )
    assert row.ground_label == "过程性信息（第十六条第二款）"
    assert report.orgs[0].withheld_total == 2
    # Due on the anniversary itself, not the day before.
    assert withheld_review_report(orgs=[region.fgw], today=date(2026, 10, 1)).due[0].days_overdue == 0
    assert withheld_review_report(orgs=[region.fgw], today=date(2026, 9, 30)).due == []


@override_settings(GONGKAI_WITHHELD_REVIEW_MONTHS=3)
def test_it_takes_the_review_interval_from_settings(region: Region) -> None:
    _withheld(region, date(2025, 10, 1), "去年十月")
    _withheld(region, date(2026, 6, 1), "今年六月")
    report = withheld_review_report(orgs=[region.fgw], today=date(2026, 11, 2))
    assert report.months == 3
    assert _titles(report.due) == ["去年十月", "今年六月"]


def test_it_steps_back_whole_months_to_the_last_day_of_a_shorter_month() -> None:
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 12) == date(2025, 1, 15)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)


# --- 3. Policy interpretation (statutory.md §2) -----------------------------------------------------


def _interpretation(region: Region, day: date, target: Document, title: str, **fields: Any) -> Document:
    values: dict[str, Any] = {"kind": DocumentKind.INTERPRETATION, "genre": "其他", "interprets": [target.pk]}
    values.update(fields)
    return published_on(region, day, title=title, **values)


@pytest.fixture
def policies(region: Region) -> dict[str, Document]:
    """Policy documents of 市发展改革委 published on Mon 2 Mar 2026, with their interpretations."""
    day = date(2026, 3, 2)
    docs = {
        "normative": published_on(region, day, title="规范性文件", kind=DocumentKind.NORMATIVE),
        "item1": published_on(region, day, title="第一项文件", statutory_items=[1]),
        "item3": published_on(region, day, title="第三项规划", statutory_items=[3]),
        "other": published_on(region, day, title="工作动态", statutory_items=[2]),
        "last_year": published_on(region, date(2025, 12, 1), title="去年文件", statutory_items=[1]),
    }
    _interpretation(region, day, docs["normative"], "同日文字解读")
    _interpretation(
        region, date(2026, 3, 3), docs["item1"], "次日领导解读", interpretation_form=InterpretationForm.LEADER
    )
    _interpretation(region, date(2026, 3, 3), docs["other"], "非政策文件的解读")
    with on(date(2026, 3, 3)):  # a draft interpretation does not count
        draft(
            region,
            title="未发布的解读",
            kind=DocumentKind.INTERPRETATION,
            genre="其他",
            interprets=[docs["item3"].pk],
        )
    return docs


def test_it_reports_the_interpretation_ratio_and_what_lacks_one(
    region: Region, policies: dict[str, Document]
) -> None:
    report = interpretation_report(orgs=[region.fgw], year=2026)
    entry = report.orgs[0]
    assert sorted(policy.title for policy in entry.policies) == ["第一项文件", "第三项规划", "规范性文件"]
    assert entry.interpreted == 2
    assert entry.ratio_percent == "66.7%"
    assert [policy.title for policy in entry.lacking] == ["第三项规划"]
    assert entry.leader_interpretations == 1
    assert entry.interpretations_total == 3


def test_it_flags_interpretations_later_than_the_same_day(
    region: Region, policies: dict[str, Document]
) -> None:
    report = interpretation_report(orgs=[region.fgw], year=2026)
    (late,) = report.late
    assert (late.interpretation_title, late.document_title, late.due_on, late.workdays_late) == (
        "次日领导解读",
        "第一项文件",
        date(2026, 3, 2),
        1,
    )


@override_settings(GONGKAI_INTERPRETATION_GRACE_WORKDAYS=3)
def test_it_allows_the_local_grace_period(region: Region, policies: dict[str, Document]) -> None:
    report = interpretation_report(orgs=[region.fgw], year=2026)
    assert report.grace_workdays == 3
    assert report.late == []
    assert report.interpreted == 2


def test_it_counts_leader_interpretations_per_organization_and_year(
    region: Region, policies: dict[str, Document]
) -> None:
    _interpretation(
        region, date(2025, 12, 1), policies["last_year"], "去年领导解读", interpretation_form="leader"
    )
    assert interpretation_report(orgs=[region.fgw], year=2025).leader_interpretations == 1
    assert interpretation_report(orgs=[region.edu], year=2026).leader_interpretations == 0
    assert interpretation_report(orgs=[region.edu], year=2026).ratio is None


def test_it_computes_the_interpretation_report_in_a_fixed_number_of_queries(
    region: Region, policies: dict[str, Document]
) -> None:
    interpretation_report(orgs=[region.fgw], year=2026)  # loads the calendar
    with CaptureQueriesContext(connection) as few:
        interpretation_report(orgs=[region.fgw, region.edu], year=2026)
    for n in range(3):
        policy = published_on(region, date(2026, 4, 1), title=f"政策{n}", kind=DocumentKind.NORMATIVE)
        _interpretation(region, date(2026, 4, 2), policy, f"解读{n}")
    with CaptureQueriesContext(connection) as many:
        report = interpretation_report(orgs=[region.fgw, region.edu], year=2026)
    assert report.interpreted == 5 and len(report.late) == 4
    assert len(many) == len(few)


# --- 4. Workbench screens ---------------------------------------------------------------------------

URL = "/staff/publications/reports/"


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _html(client: Client, path: str, **params: Any) -> str:
    response = client.get(URL + path, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def overdue(region: Region) -> None:
    with on(date(2026, 11, 2)):
        draft(region, title="发改委逾期信息", formed_on=date(2026, 9, 1))
        draft(
            region, title="教育局逾期信息", formed_on=date(2026, 9, 1), org=region.edu, actor=region.zhaoliu
        )
        draft(region, title="发改委不予公开", disclosure=Disclosure.WITHHELD, withheld_ground="state_secret")


def test_it_shows_staff_their_own_organization_only(region: Region, overdue: None) -> None:
    with on(date(2026, 11, 3)):
        wangwu = _html(_client(region.wangwu), "timeliness/")
        zhaoliu = _html(_client(region.zhaoliu), "timeliness/")
        refused = _html(_client(region.zhaoliu), "timeliness/", org="fgw")
    assert "公开时效" in wangwu and "发改委逾期信息" in wangwu and "教育局逾期信息" not in wangwu
    assert "逾期未公开（1件）" in wangwu
    assert "各机构汇总" not in wangwu
    assert "教育局逾期信息" in zhaoliu and "发改委逾期信息" not in zhaoliu
    assert "机构：请选择您有权查看的机构。" in refused and "发改委逾期信息" not in refused


def test_it_shows_platform_admins_every_organization_with_a_summary(region: Region, overdue: None) -> None:
    client = _client(region.admin)
    with on(date(2026, 11, 3)):
        html = _html(client, "timeliness/")
        only_edu = _html(client, "timeliness/", org="edu", year="2026")
    assert "各机构汇总" in html and "发改委逾期信息" in html and "教育局逾期信息" in html
    assert "逾期未公开（2件）" in html
    assert "教育局逾期信息" in only_edu and "发改委逾期信息" not in only_edu


def test_it_renders_the_withheld_and_interpretation_screens(region: Region, overdue: None) -> None:
    with on(date(2027, 12, 1)):
        client = _client(region.wangwu)
        withheld = _html(client, "withheld/")
        interpretation = _html(client, "interpretation/", year="2026")
    assert (
        "不予公开复核" in withheld and "发改委不予公开" in withheld and "属于国家秘密（第十四条）" in withheld
    )
    assert "政策解读情况" in interpretation
    assert "该年度发布的政策文件都已有解读。" in interpretation
    assert "没有逾期发布的解读。" in interpretation


def test_it_explains_a_bad_year_in_chinese(region: Region) -> None:
    with on(date(2026, 11, 3)):
        html = _html(_client(region.wangwu), "interpretation/", year="1990")
    assert "年度：应在2008年至2027年之间。" in html


def test_it_keeps_people_without_a_role_out(region: Region) -> None:
    response = _client(region.zhangsan).get(URL + "timeliness/")
    assert response.status_code in (302, 403)
    assert "发改委" not in response.content.decode()


def test_it_shows_the_menu_to_staff(region: Region) -> None:
    html = _client(region.wangwu).get("/staff/").content.decode()
    assert "/staff/publications/reports/interpretation/" in html


def test_it_renders_a_screen_in_a_fixed_number_of_queries(region: Region) -> None:
    client = _client(region.admin)
    with on(date(2026, 11, 3)):
        draft(region, title="一", formed_on=date(2026, 9, 1))
        client.get(URL + "timeliness/")  # warm caches (session, calendar)
        with CaptureQueriesContext(connection) as few:
            client.get(URL + "timeliness/")
        for n in range(5):
            draft(region, title=f"多{n}", formed_on=date(2026, 9, 1), org=region.edu, actor=region.zhaoliu)
        with CaptureQueriesContext(connection) as many:
            html = _html(client, "timeliness/")
    assert "逾期未公开（6件）" in html
    assert len(many) == len(few)


@pytest.mark.parametrize("path", ["timeliness/", "withheld/", "interpretation/"])
def test_it_leaves_no_english_on_the_report_screens(region: Region, overdue: None, path: str) -> None:
    from gongkai.core.tests.test_translation import UNTRANSLATABLE, english_leftovers

    html = _html(_client(region.admin), path)
    assert english_leftovers(html) - UNTRANSLATABLE == set()

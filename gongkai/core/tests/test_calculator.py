"""The public working-day calculator at /tools/deadline/."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.core.models import CalendarAlert

pytestmark = pytest.mark.django_db

URL = "/tools/deadline/"


def _html(client: Client, params: dict[str, str] | None = None) -> str:
    response = client.get(URL, params or {})
    assert response.status_code == 200
    return response.content.decode()


def _rows(html: str) -> dict[str, tuple[str, str]]:
    """Date → (情况, 第几个工作日) from the day-by-day table."""
    pattern = (
        r'<time datetime="(\d{4}-\d\d-\d\d)">[^<]*</time></th>\s*<td>[^<]*</td>\s*'
        r"<td>([^<]*)(?:<span[^>]*>[^<]*</span>)?</td>\s*<td>(\d*)"
    )
    found = re.findall(pattern, html)
    return {day: (label.strip(), number) for day, label, number in found}


def test_it_is_reachable_by_its_name() -> None:
    assert reverse("core:deadline") == URL


def test_it_shows_an_empty_accessible_form_first(client: Client) -> None:
    html = _html(client)
    assert '<label for="id_start">起算日期</label>' in html
    assert '<label for="id_days">工作日数</label>' in html
    assert 'aria-describedby="id_start-help"' in html
    assert "计算结果" not in html
    assert "输入有误" not in html


def test_it_computes_the_reply_deadline_of_the_march_example(client: Client) -> None:
    html = _html(client, {"start": "2026-03-02", "days": "20"})
    assert '<time datetime="2026-03-30">2026年3月30日（周一）</time>' in html
    rows = _rows(html)
    assert rows["2026-03-03"] == ("工作日", "1")
    assert rows["2026-03-30"] == ("工作日", "20")
    assert rows["2026-03-07"] == ("周末", "")
    assert "2026-03-02" not in rows  # the start day is not counted


def test_it_explains_the_national_day_holidays_and_the_adjusted_saturday(client: Client) -> None:
    html = _html(client, {"start": "2026-09-28", "days": "20"})
    assert '<time datetime="2026-10-30">2026年10月30日（周五）</time>' in html
    rows = _rows(html)
    assert rows["2026-10-01"] == ("节假日（国庆节）", "")
    assert rows["2026-10-07"] == ("节假日（国庆节）", "")
    assert rows["2026-10-10"] == ("调休上班（国庆节）", "5")
    assert rows["2026-10-11"] == ("周末", "")
    assert rows["2026-10-30"] == ("工作日", "20")
    assert "<dd>7 天（国庆节）</dd>" in html  # holidays skipped, with their name
    assert "（其中调休上班日 1 天）" in html
    assert "暂定" not in html.split("计算规则")[0]


def test_it_keeps_the_typed_values_and_names_each_wrong_field(client: Client) -> None:
    html = _html(client, {"start": "2026-02-30", "days": "abc"})
    assert "输入有误，请更正" in html
    assert '<a href="#id_start">起算日期应为有效日期' in html
    assert '<a href="#id_days">工作日数应为整数' in html
    assert 'value="2026-02-30"' in html
    assert 'value="abc"' in html
    assert 'id="id_start-error"' in html
    assert re.search(
        r'<input type="date"[^>]*aria-describedby="id_start-help id_start-error"[^>]*aria-invalid="true"',
        html,
    )
    assert "计算结果" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "", "days": "5"}, "请填写起算日期。"),
        ({"start": "2026-03-02", "days": ""}, "请填写工作日数。"),
        ({"start": "2026-03-02", "days": "-1"}, "工作日数不能小于0。"),
        ({"start": "2026-03-02", "days": "3651"}, "工作日数不能大于3650。"),
        ({"start": "9999-12-30", "days": "5"}, "起算日期应在1900-01-01至2999-12-31之间。"),
        ({"start": "2026/03/02", "days": "5"}, "起算日期应为有效日期"),
    ],
)
def test_it_explains_each_rule_in_chinese(client: Client, params: dict[str, str], message: str) -> None:
    assert message in _html(client, params)


def test_it_returns_the_start_day_for_zero_days(client: Client) -> None:
    html = _html(client, {"start": "2026-10-01", "days": "0"})
    assert '<time datetime="2026-10-01">2026年10月1日（周四）</time>' in html
    assert "结果即起算日本身" in html


def test_it_warns_that_a_result_through_a_year_without_data_is_provisional(client: Client) -> None:
    with time_machine.travel(datetime(2026, 12, 20, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        html = _html(client, {"start": "2026-12-20", "days": "20"})
    assert "结果为暂定" in html
    assert "（2027年）" in html
    assert "（暂定：该年尚无节假日数据）" in html
    assert '<time datetime="2027-01-15">' in html
    assert CalendarAlert.objects.get().year == 2027


def test_it_sums_up_long_spans_and_lists_only_holidays_and_adjusted_days(client: Client) -> None:
    html = _html(client, {"start": "2025-01-01", "days": "400"})
    assert "期间的节假日和调休上班日" in html
    rows = _rows(html)
    assert rows["2025-10-11"][0] == "调休上班（国庆节）"
    assert rows["2026-02-16"][0] == "节假日（春节）"
    assert not any(label == "工作日" or label == "周末" for label, _number in rows.values())


def test_it_ignores_unrelated_query_parameters(client: Client) -> None:
    html = _html(client, {"utm_source": "weixin"})
    assert "输入有误" not in html

"""The statistics pages: 统计分析 in the workbench (who sees which organization's figures) and the public
公开统计 page (aggregates only, bad parameters answered in Chinese), each chart with its table."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.core.testing import Region, client_for
from gongkai.foi.choices import Outcome
from gongkai.foi.deadlines import DueStatus
from gongkai.reports.tests.test_statistics import make_case

STAFF_URL = "/staff/reports/statistics/"
PUBLIC_URL = "/statistics/"

pytestmark = pytest.mark.usefixtures("two_factor_off")


@pytest.fixture
def cases(region: Region) -> None:
    """市发展改革委: 4 applications in 2026 (3 closed: 2 disclosed, 1 withheld); 市教育局: 9 in 2026, one of
    them overdue now, from an applicant whose name must never show."""
    for month in (1, 2, 3):
        outcome = Outcome.DISCLOSED if month < 3 else Outcome.WITHHELD_THIRD_PARTY
        make_case(region.fgw, date(2026, month, 5), closed_on=date(2026, month, 9), outcome=outcome,
                  replied_late=False)  # fmt: skip
    make_case(region.fgw, date(2026, 4, 1))
    for day in range(1, 10):
        make_case(region.edu, date(2026, 5, day), applicant_name="钱某某",
                  due_status=DueStatus.OVERDUE if day == 1 else DueStatus.NOT_DUE)  # fmt: skip


def _html(client: Client, url: str, **params: Any) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def _figure(html: str, label: str) -> str:
    match = re.search(rf"<dt>{label}</dt>\s*<dd><span class=\"gk-figure-value\">([^<]*)</span>", html)
    assert match, label
    return match.group(1)


# --- Workbench -------------------------------------------------------------------------------------------


def test_it_shows_staff_their_organizations_figures_with_charts_and_tables(
    region: Region, cases: None
) -> None:
    html = _html(client_for(region.lisi), STAFF_URL, year=2026)
    assert "统计分析" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3  # one organization: no per-org chart
    assert html.count('<table class="listing gk-stat-listing"') == 4  # beside each chart, and the details
    assert "数据表" in html and "（一）予以公开" in html and "1月" in html
    assert _figure(html, "收到申请") == "4"
    assert _figure(html, "办结申请") == "3"
    assert _figure(html, "按时答复率") == "100.0%"
    assert _figure(html, "当前逾期案件") == "0"
    assert "示例市教育局" not in html


def test_it_does_not_show_another_organizations_numbers(region: Region, cases: None) -> None:
    html = _html(client_for(region.zhaoliu), STAFF_URL, year=2026)
    assert _figure(html, "收到申请") == "9"
    assert _figure(html, "当前逾期案件") == "1"
    assert "示例市发展和改革委员会" not in html
    response = client_for(region.zhaoliu).get(STAFF_URL, {"year": "2026", "org": "fgw"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "机构：请选择您有权查看的机构。" in body
    assert "gk-figure-value" not in body


def test_it_lets_a_platform_admin_see_all_and_pick_one(region: Region, cases: None) -> None:
    client = client_for(region.admin)
    html = _html(client, STAFF_URL, year=2026)
    assert _figure(html, "收到申请") == "13"
    assert "各机构收到的政府信息公开申请" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 4
    assert "示例市发展和改革委员会" in html and "示例市教育局" in html
    assert _figure(_html(client, STAFF_URL, year=2026, org="edu"), "收到申请") == "9"


def test_it_answers_a_bad_year_in_chinese(region: Region) -> None:
    html = _html(client_for(region.lisi), STAFF_URL, year="abc")
    assert "年度" in html and "gk-figure-value" not in html
    html = _html(client_for(region.lisi), STAFF_URL, year=1900)
    assert "年度：应在2008年至" in html


def test_it_refuses_users_without_a_role(region: Region) -> None:
    response = client_for(region.zhangsan).get(STAFF_URL)
    assert response.status_code in (302, 403)
    assert "gk-figure-value" not in response.content.decode()


def test_it_adds_the_menu_item_for_staff(region: Region) -> None:
    html = _html(client_for(region.lisi), "/staff/")
    assert STAFF_URL in html


def _add_closed_cases(org: Any, count: int) -> None:
    for n in range(count):
        make_case(org, date(2026, 1 + n % 12, 3), closed_on=date(2026, 1 + n % 12, 4),
                  outcome=Outcome.DISCLOSED, replied_late=False)  # fmt: skip


def test_the_workbench_screen_takes_the_same_queries_for_3_and_30_cases(
    region: Region, memos_kept: None
) -> None:
    client = client_for(region.admin)
    _add_closed_cases(region.fgw, 3)
    _html(client, STAFF_URL, year=2026)  # warms the calendar and the session
    with CaptureQueriesContext(connection) as few:
        _html(client, STAFF_URL, year=2026)
    _add_closed_cases(region.edu, 27)
    with CaptureQueriesContext(connection) as many:
        html = _html(client, STAFF_URL, year=2026)
    assert _figure(html, "收到申请") == "30"
    assert len(many) == len(few)


# --- Public page -----------------------------------------------------------------------------------------


def test_it_shows_the_regions_figures_to_the_public(region: Region, cases: None) -> None:
    html = _html(Client(), PUBLIC_URL)
    assert "公开统计" in html
    assert _figure(html, "收到申请") == "13"
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 4
    assert "示例市教育局" in html
    assert '<option value="2026" selected>2026年</option>' in html or "2026年" in html
    assert "钱某某" not in html  # never applicant data


def test_it_shows_one_organization_to_the_public(region: Region, cases: None) -> None:
    html = _html(Client(), PUBLIC_URL, org="edu", year=2026)
    assert _figure(html, "收到申请") == "9"
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3
    assert "钱某某" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "abc"}, "年度：请选择有统计数据的年份。"),
        ({"year": "1999"}, "年度：请选择有统计数据的年份。"),
        ({"year": "2026", "org": "nope"}, "机构：请从列表中选择一个机构。"),
    ],
)
def test_it_answers_bad_public_parameters_in_chinese(
    region: Region, cases: None, params: dict[str, str], message: str
) -> None:
    response = Client().get(PUBLIC_URL, params)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "gk-figure-value" not in body


def test_it_offers_only_years_with_data(region: Region, cases: None) -> None:
    html = _html(Client(), PUBLIC_URL)
    years = re.findall(r'<option value="(\d{4})"', html)
    assert years == ["2026"]


def test_it_shows_an_empty_state_without_any_data(db: None) -> None:
    html = _html(Client(), PUBLIC_URL)
    assert "暂无统计数据" in html
    assert "暂无数据" in html


@pytest.mark.parametrize("count", [3, 30])
def test_the_public_page_takes_a_fixed_number_of_queries(
    region: Region, count: int, django_assert_num_queries: Any, memos_kept: None
) -> None:
    for n in range(count):
        make_case(region.edu, date(2026, 1 + n % 12, 3), closed_on=date(2026, 1 + n % 12, 4),
                  outcome=Outcome.DISCLOSED, replied_late=False)  # fmt: skip
    _html(Client(), PUBLIC_URL, year=2026)  # warms the calendar and the portal's settings
    with django_assert_num_queries(QUERIES_PUBLIC):
        html = _html(Client(), PUBLIC_URL, year=2026)
    assert _figure(html, "收到申请") == str(count)


QUERIES_PUBLIC = 11  # organizations, years (2), the statistics (8)


def test_the_home_pages_foi_section_links_to_the_public_page(db: None) -> None:
    from gongkai.foi.home import foi_section

    assert PUBLIC_URL in [item["url"] for item in foi_section().items]

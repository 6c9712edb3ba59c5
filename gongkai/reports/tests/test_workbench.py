"""The 年度报告 screens of the staff workbench: the list, a report's page with its forms and actions, the
downloads and the 主管部门's roll-up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from gongkai.core.testing import Region, client_for
from gongkai.reports.choices import ReportStatus
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import annual_report_approve, annual_report_start, annual_report_update
from gongkai.reports.tests.flow import NOW, YEAR, admins, break_identity, draft, fgw_year

pytestmark = pytest.mark.django_db
INDEX = "/staff/reports/annual/"
FGW = f"/staff/reports/annual/fgw/{YEAR}/"
ROLLUP = "/staff/reports/rollup/"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _staff_screens(two_factor_off: None) -> None:
    """Staff screens without the second factor: the personas sign in with force_login."""


def text_of(response: Any) -> str:
    return str(response.content.decode())


def test_the_list_shows_each_report_with_its_status_and_identity_state(region: Region) -> None:
    fgw_year(region)
    break_identity(region)
    draft(region)
    annual_report_start(actor=region.zhaoliu, org=region.edu, year=YEAR)
    page = text_of(client_for(admins(region).gkb).get(INDEX))
    assert region.fgw.name in page and region.edu.name in page
    assert "草稿" in page and "不满足" in page and "满足" in page
    assert "2026-01-31" in page
    lisi_page = text_of(client_for(region.lisi).get(INDEX))
    assert region.fgw.name in lisi_page and region.edu.name not in lisi_page


def test_the_list_costs_a_fixed_number_of_queries(region: Region, django_assert_max_num_queries: Any) -> None:
    client = client_for(region.admin)
    draft(region)
    client.get(INDEX)
    with django_assert_max_num_queries(40) as first:
        assert client.get(INDEX).status_code == 200
    annual_report_start(actor=region.zhaoliu, org=region.edu, year=YEAR)
    with django_assert_max_num_queries(40) as same_year:
        assert client.get(INDEX).status_code == 200
    annual_report_start(actor=region.zhaoliu, org=region.edu, year=YEAR - 1)
    with django_assert_max_num_queries(60) as other_year:
        assert client.get(INDEX).status_code == 200
    # The drafts' live figures are computed together, five aggregate queries per year listed
    # (gongkai.reports.computation.annual_figures_by_org), whatever the number of organizations.
    assert len(same_year.captured_queries) == len(first.captured_queries)
    assert len(other_year.captured_queries) == len(first.captured_queries) + 5


def test_starting_a_report_from_the_list(region: Region) -> None:
    response = client_for(region.lisi).post(INDEX, {"org": region.fgw.pk, "year": YEAR})
    assert response.status_code == 302 and response["Location"] == FGW
    assert AnnualReport.objects.get(org=region.fgw, year=YEAR).status == ReportStatus.DRAFT
    again = client_for(region.lisi).post(INDEX, {"org": region.fgw.pk, "year": YEAR})
    assert again.status_code == 400 and "已经存在" in text_of(again)


def test_the_report_page_shows_the_whole_report_and_the_forms(
    region: Region, django_assert_max_num_queries: Any
) -> None:
    fgw_year(region)
    draft(region)
    client = client_for(region.lisi)
    client.get(FGW)
    # Session, user and roles, the report, its five aggregate queries, Wagtail's admin frame.
    with django_assert_max_num_queries(34):
        response = client.get(FGW)
    page = text_of(response)
    assert response.status_code == 200
    assert "三、收到和处理政府信息公开申请情况" in page and "一、总体情况" in page
    assert 'name="section5"' in page and 'name="licensing"' in page
    assert "审核通过" not in page  # lisi is not the org_admin
    assert "下载 Word（DOCX）" in page
    admin_page = text_of(client_for(admins(region).sunqi).get(FGW))
    assert "审核通过" in admin_page


def test_a_year_without_a_report_shows_live_figures_and_a_start_button(region: Region) -> None:
    page = text_of(client_for(region.lisi).get(FGW))
    assert "未起草" in page and "开始起草" in page
    response = client_for(region.lisi).post(f"{FGW}action/start/")
    assert response.status_code == 302
    assert AnnualReport.objects.filter(org=region.fgw, year=YEAR).exists()


def test_a_bad_entered_figure_is_named_and_nothing_typed_is_lost(region: Region) -> None:
    draft(region)
    typed = {
        "section1": "总体情况",
        "section5": "问题和改进的文字",
        "section6": "",
        "licensing": "-3",
        "penalty": "2",
    }
    response = client_for(region.lisi).post(FGW, typed)
    page = text_of(response)
    assert response.status_code == 400
    assert "应为不小于0的整数" in page
    assert "问题和改进的文字" in page and 'value="-3"' in page and 'value="2"' in page
    report = AnnualReport.objects.get(org=region.fgw, year=YEAR)
    assert report.section5 == "" and report.penalty is None


def test_saving_texts_and_figures(region: Region) -> None:
    draft(region)
    typed = {
        "section1": "总体",
        "section5": "改进",
        "section6": "其他",
        "licensing": "5",
        "fees_10k_yuan": "0.5",
    }
    response = client_for(region.lisi).post(FGW, typed)
    assert response.status_code == 302
    report = AnnualReport.objects.get(org=region.fgw, year=YEAR)
    assert (report.section5, report.licensing, str(report.fees_10k_yuan)) == ("改进", 5, "0.5000")
    assert "填" in text_of(client_for(region.lisi).get(FGW))  # the entered figures are marked


def test_identity_failures_are_shown_and_block_approval(region: Region) -> None:
    fgw_year(region)
    break_identity(region)
    draft(region)
    client = client_for(admins(region).sunqi)
    page = text_of(client.get(FGW))
    assert "报表数据不满足勾稽关系" in page
    response = client.post(f"{FGW}action/approve/", follow=True)
    assert "不能审核" in text_of(response)
    assert AnnualReport.objects.get(org=region.fgw).status == ReportStatus.DRAFT


def test_approve_reopen_and_publish_from_the_page(region: Region) -> None:
    fgw_year(region)
    draft(region)
    client = client_for(admins(region).sunqi)
    assert client.post(f"{FGW}action/approve/").status_code == 302
    assert AnnualReport.objects.get(org=region.fgw).status == ReportStatus.APPROVED
    page = text_of(client.get(FGW))
    assert "退回修改" in page and "发布到政府信息公开年报栏目" in page and 'name="section5"' not in page
    assert client.post(f"{FGW}action/reopen/").status_code == 302
    assert AnnualReport.objects.get(org=region.fgw).status == ReportStatus.DRAFT
    client.post(f"{FGW}action/approve/")
    assert client.post(f"{FGW}action/publish/").status_code == 302
    report = AnnualReport.objects.get(org=region.fgw)
    assert report.status == ReportStatus.PUBLISHED and report.published_document is not None
    page = text_of(client.get(FGW))
    assert f'href="/documents/{report.published_document.pk}/"' in page and "审核通过" not in page
    public = Client().get(f"/documents/{report.published_document.pk}/")
    assert public.status_code == 200 and "三、收到和处理政府信息公开申请情况" in text_of(public)


def test_an_action_refused_by_role_is_a_403_page(region: Region) -> None:
    draft(region)
    response = client_for(region.lisi).post(f"{FGW}action/approve/")
    assert response.status_code == 403 and "审核年度报告" in text_of(response)


def test_the_downloads(region: Region) -> None:
    fgw_year(region)
    draft(region)
    client = client_for(region.lisi)
    docx = client.get(f"{FGW}docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "wordprocessingml" in docx["Content-Type"] and "filename*=UTF-8''" in docx["Content-Disposition"]
    xlsx = client.get(f"{FGW}xlsx/")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]


def test_staff_of_another_organization_get_a_404(region: Region) -> None:
    draft(region)
    client = client_for(region.zhaoliu)
    assert client.get(FGW).status_code == 404
    assert client.get(f"{FGW}docx/").status_code == 404
    assert client.post(f"{FGW}action/approve/").status_code == 404
    assert Client().get(FGW).status_code == 302  # to the login page


def test_the_rollup_sums_the_departments_and_lists_the_late_and_the_failing(
    region: Region, django_assert_max_num_queries: Any
) -> None:
    fgw_year(region)
    break_identity(region)
    people = admins(region)
    with time_machine.travel("2026-02-10 10:00 +0800", tick=False):
        client = client_for(people.gkb)
        client.get(ROLLUP, {"year": YEAR})
        # The reports, then five aggregate queries for all the organizations' live figures; the sum is
        # theirs.
        with django_assert_max_num_queries(40) as counted:
            response = client.get(ROLLUP, {"year": YEAR})
        page = text_of(response)
        assert response.status_code == 200
        assert "逾期未发布" in page and "数据不满足勾稽关系" in page
        assert f'href="/staff/reports/annual/edu/{YEAR}/"' in page and f'href="{FGW}"' in page
        assert "三、收到和处理政府信息公开申请情况" in page
        with django_assert_max_num_queries(40) as counted_one:
            only_edu = text_of(client.get(f"{ROLLUP}?year={YEAR}&orgs={region.edu.pk}"))
        assert len(counted_one.captured_queries) == len(counted.captured_queries)  # one or all departments
        assert "数据不满足勾稽关系" not in only_edu
        # A department's own staff, even its org_admin, are no 主管部门.
        assert client_for(people.sunqi).get(ROLLUP).status_code == 403


def test_a_report_published_in_time_is_not_late(region: Region) -> None:
    sunqi = admins(region).sunqi
    from gongkai.reports.services import annual_report_publish

    annual_report_publish(actor=sunqi, report=annual_report_approve(actor=sunqi, report=draft(region)))
    gkb = admins(region).gkb
    with time_machine.travel("2026-02-10 10:00 +0800", tick=False):
        page = text_of(client_for(gkb).get(ROLLUP, {"year": YEAR}))
    late = page.split("逾期未发布", 1)[1].split("</ul>", 1)[0]
    assert region.edu.name in late and region.fgw.name not in late


def test_the_rollup_sums_the_entered_figures_of_the_reports(region: Region) -> None:
    annual_report_update(actor=region.lisi, report=draft(region), licensing=3, fees_10k_yuan="1.25")
    edu = annual_report_start(actor=region.zhaoliu, org=region.edu, year=YEAR)
    annual_report_update(actor=region.zhaoliu, report=edu, licensing=4)
    page = text_of(client_for(admins(region).gkb).get(ROLLUP, {"year": YEAR}))
    assert 'data-key="section2.licensing"' in page
    cell = page.split('data-key="section2.licensing"', 1)[1].split("</td>", 1)[0]
    assert ">7" in cell
    fees = page.split('data-key="section2.fees_10k_yuan"', 1)[1].split("</td>", 1)[0]
    assert "1.25" in fees
    penalty = page.split('data-key="section2.penalty"', 1)[1].split("</td>", 1)[0]
    assert penalty.endswith(">")  # nobody entered it: left empty, not 0
    # The defaults are shown checked when only the year was chosen.
    assert page.count('name="orgs"') == 3 and page.count("checked") == 2

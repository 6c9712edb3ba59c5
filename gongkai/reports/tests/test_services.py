"""The annual report's services: draft, edit, approve (frozen figures), reopen, publish."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from wagtail.models import ModelLogEntry

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict
from gongkai.core.testing import Region
from gongkai.publications.choices import DocumentStatus, Genre
from gongkai.reports.choices import ReportStatus
from gongkai.reports.computation import annual_figures
from gongkai.reports.services import (
    IdentityFailed,
    annual_report_approve,
    annual_report_figures,
    annual_report_publish,
    annual_report_reopen,
    annual_report_start,
    annual_report_update,
)
from gongkai.reports.tests.flow import NOW, YEAR, add_late_case, admins, break_identity, draft, fgw_year

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _actions(report: Any) -> list[str]:
    entries = ModelLogEntry.objects.filter(
        object_id=str(report.pk), action__startswith="gongkai.annual_report."
    )
    return list(entries.order_by("pk").values_list("action", flat=True))


# --- Drafting --------------------------------------------------------------------------------------------


def test_it_starts_a_draft_with_section1_drafted_and_the_fees_in_section6(region: Region) -> None:
    fgw_year(region)
    report = draft(region)
    assert report.status == ReportStatus.DRAFT
    assert report.org == region.fgw and report.year == YEAR
    assert region.fgw.name in report.section1
    assert "收费通知1件" in report.section6
    assert "应收信息处理费100.00元" in report.section6 and "实际收取100.00元" in report.section6
    assert report.figures_snapshot is None
    assert _actions(report) == ["gongkai.annual_report.start"]


def test_it_lets_only_staff_of_the_organization_start_its_report(region: Region) -> None:
    with pytest.raises(ServicePermissionDenied, match="起草年度报告"):
        annual_report_start(actor=region.zhaoliu, org=region.fgw, year=YEAR)
    with pytest.raises(ServicePermissionDenied):
        annual_report_start(actor=region.zhangsan, org=region.fgw, year=YEAR)


def test_it_refuses_a_second_report_for_the_same_year_and_a_year_out_of_range(region: Region) -> None:
    draft(region)
    with pytest.raises(StateConflict, match="已经存在"):
        draft(region)
    with pytest.raises(ServiceValidationError, match="“年度”") as error:
        annual_report_start(actor=region.lisi, org=region.fgw, year=2027)
    assert "year" in error.value.errors


# --- Editing ---------------------------------------------------------------------------------------------


def test_it_saves_texts_and_entered_figures_and_shows_them_in_the_figures(region: Region) -> None:
    report = annual_report_update(
        actor=region.lisi,
        report=draft(region),
        section5="问题与改进",
        licensing="126",
        penalty=8,
        enforcement="",
        fees_10k_yuan="12.5",
    )
    assert report.section5 == "问题与改进"
    assert (report.licensing, report.penalty, report.enforcement) == (126, 8, None)
    assert report.fees_10k_yuan == Decimal("12.5")
    section2 = annual_report_figures(report).section2
    assert (section2.licensing, section2.penalty, section2.enforcement) == (126, 8, None)
    assert section2.fees_10k_yuan == Decimal("12.5")
    assert section2.entered == {"licensing", "penalty", "fees_10k_yuan"}
    assert _actions(report)[-1] == "gongkai.annual_report.update"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("licensing", "-1", "“行政许可本年处理决定数量”：应为不小于0的整数。"),
        ("penalty", "三", "“行政处罚本年处理决定数量”：应为不小于0的整数。"),
        ("enforcement", "1.5", "“行政强制本年处理决定数量”：应为不小于0的整数。"),
        ("fees_10k_yuan", "-2", "“行政事业性收费本年收费金额（万元）”：应为不小于0的金额"),
        ("fees_10k_yuan", "1.23456", "最多4位小数"),
        ("fees_10k_yuan", "abc", "“行政事业性收费本年收费金额（万元）”"),
        ("fees_10k_yuan", "NaN", "“行政事业性收费本年收费金额（万元）”"),
    ],
)
def test_it_names_the_field_of_a_bad_entered_figure(
    region: Region, field: str, value: str, message: str
) -> None:
    report = draft(region)
    with pytest.raises(ServiceValidationError) as error:
        annual_report_update(actor=region.lisi, report=report, **{field: value})
    assert message in error.value.message
    assert list(error.value.errors) == [field]
    report.refresh_from_db()
    assert getattr(report, field) is None


def test_it_refuses_unknown_fields_and_staff_of_another_organization(region: Region) -> None:
    report = draft(region)
    with pytest.raises(ServiceValidationError, match="status"):
        annual_report_update(actor=region.lisi, report=report, status="published")
    with pytest.raises(ServicePermissionDenied):
        annual_report_update(actor=region.zhaoliu, report=report, section5="不该改")


# --- Approval --------------------------------------------------------------------------------------------


def test_only_the_org_admin_approves(region: Region) -> None:
    report = draft(region)
    for outsider in (region.lisi, region.wangwu, region.zhaoliu):
        with pytest.raises(ServicePermissionDenied, match="审核年度报告"):
            annual_report_approve(actor=outsider, report=report)
    approved = annual_report_approve(actor=admins(region).sunqi, report=report)
    assert approved.status == ReportStatus.APPROVED
    assert approved.approved_by is not None and approved.approved_by.username == "sunqi"
    assert approved.approved_at == NOW


def test_it_refuses_approval_while_an_identity_fails_and_says_which(region: Region) -> None:
    fgw_year(region)
    break_identity(region)
    report = draft(region)
    with pytest.raises(IdentityFailed) as error:
        annual_report_approve(actor=admins(region).sunqi, report=report)
    assert error.value.failures
    assert all(failure.message in error.value.message for failure in error.value.failures)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.figures_snapshot is None


def test_approval_freezes_the_figures_and_reopening_thaws_them(region: Region) -> None:
    fgw_year(region)
    sunqi = admins(region).sunqi
    report = annual_report_update(actor=region.lisi, report=draft(region), licensing=3)
    report = annual_report_approve(actor=sunqi, report=report)
    frozen = annual_report_figures(report)
    assert frozen.section3.rows["new"]["total"] == 4
    add_late_case(region)
    assert annual_figures(org=region.fgw, year=YEAR).section3.rows["new"]["total"] == 5
    report.refresh_from_db()
    assert annual_report_figures(report).to_contract(status="") == frozen.to_contract(status="")
    assert annual_report_figures(report).section2.entered == {"licensing"}
    with pytest.raises(StateConflict, match="已审核"):
        annual_report_update(actor=region.lisi, report=report, licensing=4)
    report = annual_report_reopen(actor=sunqi, report=report)
    assert report.status == ReportStatus.DRAFT and report.figures_snapshot is None
    assert annual_report_figures(report).section3.rows["new"]["total"] == 5


def test_it_reopens_only_an_approved_report_and_only_for_the_org_admin(region: Region) -> None:
    report = draft(region)
    sunqi = admins(region).sunqi
    with pytest.raises(StateConflict, match="草稿"):
        annual_report_reopen(actor=sunqi, report=report)
    report = annual_report_approve(actor=sunqi, report=report)
    with pytest.raises(ServicePermissionDenied):
        annual_report_reopen(actor=region.lisi, report=report)


# --- Publication -----------------------------------------------------------------------------------------


def test_publishing_puts_a_published_document_in_the_annual_reports_column(region: Region) -> None:
    fgw_year(region)
    sunqi = admins(region).sunqi
    report = annual_report_update(actor=region.lisi, report=draft(region), section5="第五部分的文字")
    report = annual_report_approve(actor=sunqi, report=report)
    report = annual_report_publish(actor=sunqi, report=report)
    assert report.status == ReportStatus.PUBLISHED and report.published_at == NOW
    document = report.published_document
    assert document is not None
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED and document.live
    assert document.title == f"{region.fgw.name}2025年政府信息公开工作年度报告"
    assert document.genre == Genre.REPORT and document.index_no
    assert document.approved_by_id == sunqi.pk
    assert list(document.columns.values_list("column_key", flat=True)) == ["annual-reports"]
    assert "三、收到和处理政府信息公开申请情况" in document.body and "第五部分的文字" in document.body
    # The document page prints the title, and its sanitized body could not hide a caption: neither is
    # repeated in the body, whose tables keep their merged cells.
    assert "<h1" not in document.body and "<caption" not in document.body
    assert document.body.count("<table") == 3 and 'rowspan="22"' in document.body
    assert sorted(document.attachments.values_list("file_type", flat=True)) == ["docx", "xlsx"]
    assert _actions(report)[-1] == "gongkai.annual_report.publish"


def test_it_publishes_only_an_approved_report_and_only_for_the_org_admin(region: Region) -> None:
    report = draft(region)
    sunqi = admins(region).sunqi
    with pytest.raises(StateConflict, match="不能发布"):
        annual_report_publish(actor=sunqi, report=report)
    report = annual_report_approve(actor=sunqi, report=report)
    with pytest.raises(ServicePermissionDenied, match="发布年度报告"):
        annual_report_publish(actor=region.wangwu, report=report)
    report = annual_report_publish(actor=sunqi, report=report)
    with pytest.raises(StateConflict):
        annual_report_reopen(actor=sunqi, report=report)

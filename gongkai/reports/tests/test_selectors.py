"""Who sees an annual report before it is published, and when it is due."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.core.testing import Region, make_org
from gongkai.orgs.choices import OrgKind
from gongkai.reports.selectors import (
    annual_report_list_for,
    annual_report_lookup,
    report_due_on,
    report_may_see_draft,
    rollup_default_orgs,
)
from gongkai.reports.services import annual_report_start
from gongkai.reports.tests.flow import YEAR, admins, draft

pytestmark = pytest.mark.django_db


def test_staff_of_the_organization_and_above_see_a_draft_others_do_not(region: Region) -> None:
    people = admins(region)
    for user in (region.lisi, region.wangwu, people.sunqi, people.gkb, region.admin):
        assert report_may_see_draft(user=user, org=region.fgw), user
    outsiders: tuple[Any, ...] = (region.zhaoliu, region.zhangsan, AnonymousUser(), None)
    for outsider in outsiders:
        assert not report_may_see_draft(user=outsider, org=region.fgw), outsider
    # Staff of a department do not see their 本级政府's report.
    assert not report_may_see_draft(user=region.lisi, org=region.city)


def test_it_lists_the_reports_a_person_may_see(region: Region) -> None:
    fgw = draft(region)
    edu = annual_report_start(actor=region.zhaoliu, org=region.edu, year=YEAR)
    assert list(annual_report_list_for(user=region.lisi)) == [fgw]
    assert list(annual_report_list_for(user=region.zhaoliu)) == [edu]
    assert set(annual_report_list_for(user=admins(region).gkb)) == {fgw, edu}
    assert set(annual_report_list_for(user=region.admin)) == {fgw, edu}
    assert list(annual_report_list_for(user=region.zhangsan)) == []


def test_the_lookup_says_whether_the_reader_may_see_it(region: Region) -> None:
    lookup = annual_report_lookup(user=None, org=region.fgw, year=YEAR)
    assert lookup.report is None and not lookup.visible and lookup.status == "draft"
    assert annual_report_lookup(user=region.lisi, org=region.fgw, year=YEAR).visible


def test_grandchildren_are_seen_from_the_top(region: Region) -> None:
    office = make_org("fgw-office", "发展改革委下属单位", parent=region.fgw, serial=9)
    assert report_may_see_draft(user=admins(region).gkb, org=office)
    assert report_may_see_draft(user=region.lisi, org=office)
    assert not report_may_see_draft(user=region.zhaoliu, org=office)


def test_the_roll_up_defaults_to_the_organizations_directly_below(region: Region) -> None:
    assert set(rollup_default_orgs(user=admins(region).gkb)) == {region.fgw, region.edu}
    assert list(rollup_default_orgs(user=region.lisi)) == []


def test_departments_report_by_31_january_governments_by_31_march(region: Region) -> None:
    # 条例第四十九条
    assert report_due_on(org=region.fgw, year=2025) == dt.date(2026, 1, 31)
    assert report_due_on(org=region.city, year=2025) == dt.date(2026, 3, 31)
    district = make_org("east", "东城区人民政府", parent=region.city, kind=OrgKind.DISTRICT, serial=8)
    assert report_due_on(org=district, year=2025) == dt.date(2026, 3, 31)

"""The demo's annual reports: 2025 drafts of the departments, with 2025 applications at 市发展改革委."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.testing import Region
from gongkai.reports.choices import ReportStatus
from gongkai.reports.demo import DEMO_REPORT_YEAR, load_demo_reports
from gongkai.reports.identities import identity_failures
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import annual_report_figures

pytestmark = pytest.mark.django_db


def test_it_drafts_the_departments_2025_reports_once(region: Region) -> None:
    orgs = {"city": region.city, "fgw": region.fgw, "edu": region.edu}
    assert load_demo_reports(orgs, today=dt.date(2026, 12, 2)) == {"reports": 2, "cases": 4}
    assert load_demo_reports(orgs, today=dt.date(2026, 12, 2)) == {"reports": 0, "cases": 0}
    reports = AnnualReport.objects.filter(year=DEMO_REPORT_YEAR)
    assert {report.org.code for report in reports} == {"fgw", "edu"}  # the government reports later
    fgw = reports.get(org=region.fgw)
    assert fgw.status == ReportStatus.DRAFT and fgw.licensing == 126
    figures = annual_report_figures(fgw)
    assert figures.section3.rows["new"]["total"] == 4
    assert figures.section3.rows["carried_over"]["total"] == 1
    assert identity_failures(figures) == []

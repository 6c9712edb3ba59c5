"""Demo annual reports: every demo department gets the draft of its 2025 report, made through the
services staff use, and 市发展改革委 a few 2025 applications so that its report has figures (the other
demo cases are dated back from the day the demo is loaded). Idempotent."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.foi import services as foi
from gongkai.foi.choices import Channel, EventType, Outcome
from gongkai.foi.models import FoiCase
from gongkai.orgs.choices import OrgKind
from gongkai.orgs.models import Organization
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import annual_report_start, annual_report_update

DEMO_REPORT_YEAR = 2025
D = datetime.date

# (received, replied, applicant kind, information asked for, outcome)
CASES_2025: tuple[tuple[datetime.date, datetime.date, str, str, str], ...] = (
    (D(2025, 3, 10), D(2025, 3, 24), "person", "2024年度重点项目投资计划", Outcome.DISCLOSED),
    (D(2025, 6, 3), D(2025, 6, 20), "company", "某产业园区规划环评批复", Outcome.PARTIALLY_DISCLOSED),
    (D(2025, 9, 15), D(2025, 10, 20), "person", "本市2010年物价补贴发放明细", Outcome.UNAVAILABLE_NOT_HELD),
    (D(2025, 12, 22), D(2026, 1, 9), "person", "2025年度价格监测报告", Outcome.DISCLOSED),
)


def _applicant(kind: str, n: int) -> foi.ApplicantData:
    if kind == "company":
        return foi.ApplicantData(
            kind="company", name="示例市某某科技有限公司", contact_name="钱九", phone="0999-12345678"
        )
    return foi.ApplicantData(kind="person", name=f"演示申请人{n}", id_type="resident_id", phone="13800000000")


def _load_cases(fgw: Organization, lisi: User, today: datetime.date) -> int:
    start, end = D(DEMO_REPORT_YEAR, 1, 1), D(DEMO_REPORT_YEAR, 12, 31)
    if FoiCase.objects.filter(org=fgw, received_on__range=(start, end)).exists():
        return 0
    for n, (received, replied, kind, info, outcome) in enumerate(CASES_2025, start=1):
        case = foi.foi_case_create(
            actor=lisi,
            org=fgw,
            channel=Channel.IN_PERSON,
            submitted_on=received,
            received_on=None,
            applicant=_applicant(kind, n),
            info_name=info,
            description=f"申请公开{info}。",
            form="electronic",
            delivery="email",
            today=today,
        ).case
        foi.foi_case_record_event(
            actor=lisi, case=case, type=EventType.REPLY, on=replied, data={"outcome": outcome}, today=today
        )
    return len(CASES_2025)


def load_demo_reports(orgs: Mapping[str, Organization], today: datetime.date | None = None) -> dict[str, int]:
    """Start the 2025 report of every demo department that has none; returns how many reports were
    started and how many 2025 applications were added."""
    today = today or timezone.localdate()
    admin = User.objects.get(username="admin")
    started = cases = 0
    with transaction.atomic():
        if "fgw" in orgs:
            cases = _load_cases(orgs["fgw"], User.objects.get(username="lisi"), today)
        for org in orgs.values():
            if (
                org.kind != OrgKind.DEPARTMENT
                or AnnualReport.objects.filter(org=org, year=DEMO_REPORT_YEAR).exists()
            ):
                continue
            report = annual_report_start(actor=admin, org=org, year=DEMO_REPORT_YEAR, today=today)
            if org.code == "fgw":
                annual_report_update(
                    actor=admin,
                    report=report,
                    section5="一是主动公开的及时性有待提高；二是政策解读形式较为单一。下一步将完善发布审核流程，丰富图解、视频等解读形式。",
                    licensing=126,
                    penalty=8,
                    enforcement=0,
                    fees_10k_yuan="0",
                )
            started += 1
    return {"reports": started, "cases": cases}

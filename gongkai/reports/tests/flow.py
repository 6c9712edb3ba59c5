"""Shared setup of the annual-report flow's tests: the org_admins of the personas' organizations and a
year of 市发展改革委's applications (hand-built with :mod:`builders`)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from gongkai.accounts.models import User
from gongkai.core.testing import Region, make_user
from gongkai.foi.choices import ApplicantKind, Outcome
from gongkai.orgs.choices import Role
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import annual_report_start
from gongkai.reports.tests import builders as b

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
YEAR = 2025
# A day in the reporting season: 2025's reports are due on 31 January (departments) and 31 March 2026.
NOW = dt.datetime(2026, 1, 10, 10, 0, tzinfo=SHANGHAI)


@dataclass
class Admins:
    sunqi: User  # 孙七: org_admin of 市发展改革委
    gkb: User  # 政务公开办: org_admin of 示例市人民政府, the departments' 本级政府


def admins(region: Region) -> Admins:
    return Admins(
        sunqi=make_user("sunqi", "孙七", [(region.fgw, Role.ORG_ADMIN)]),
        gkb=make_user("gkb", "政务公开办", [(region.city, Role.ORG_ADMIN)]),
    )


def fgw_year(region: Region) -> None:
    """2025 at 市发展改革委: one case carried in from 2024, three received, two answered, one fee."""
    b.save_cases(
        [
            b.case(region.fgw, received=b.D(2024, 12, 20), closed=b.D(2025, 1, 10)),
            b.case(region.fgw, received=b.D(2025, 3, 2), closed=b.D(2025, 3, 20)),
            b.case(
                region.fgw,
                received=b.D(2025, 6, 2),
                closed=b.D(2025, 6, 30),
                kind=ApplicantKind.COMPANY,
                outcome=Outcome.PARTIALLY_DISCLOSED,
            ),
            b.case(region.fgw, received=b.D(2025, 12, 22)),
        ]
    )
    paid = b.closed_case(region.fgw, b.D(2025, 9, 30))
    b.fee(paid, amount="100.00", notice=b.D(2025, 9, 10), paid=b.D(2025, 9, 15), amount_paid="100.00")


def break_identity(region: Region) -> None:
    """A case closed in 2025 without an outcome: （七）总计 is no longer the sum of its rows."""
    b.save_cases([b.case(region.fgw, received=b.D(2025, 4, 1), closed=b.D(2025, 4, 20), outcome="")])


def add_late_case(region: Region) -> None:
    """A 2025 case recorded after the report's approval (a correction, an import)."""
    b.save_cases([b.case(region.fgw, received=b.D(2025, 11, 3), closed=b.D(2025, 11, 20))])


def draft(region: Region, actor: Any = None) -> AnnualReport:
    return annual_report_start(actor=actor or region.lisi, org=region.fgw, year=YEAR, today=NOW.date())

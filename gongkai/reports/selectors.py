"""Reads of annual reports, and who may see them (architecture rule 2).

A published report is public. A report not yet published (or a year without a report yet, whose figures
are computed live) is seen by the staff of its organization (any role), by the staff of an organization
above it — its 主管部门 or 本级政府, which receive departments' reports (条例第四十九条) — and by platform
admins.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from gongkai.core.permission_policies import user_roles
from gongkai.orgs.choices import OrgKind
from gongkai.orgs.models import Organization
from gongkai.reports.choices import DEPARTMENT_REPORT_DUE, GOVERNMENT_REPORT_DUE, ReportStatus
from gongkai.reports.models import AnnualReport

# Kinds that report as a 人民政府 (条例第四十九条: the 本级政府 report, due 31 March).
GOVERNMENT_KINDS = frozenset({OrgKind.GOVERNMENT, OrgKind.DISTRICT, OrgKind.TOWNSHIP})


def report_due_on(*, org: Organization, year: int) -> datetime.date:
    """The day ``org``'s report for ``year`` is due (条例第四十九条): 31 January of the next year for a
    department, 31 March for a government."""
    month, day = GOVERNMENT_REPORT_DUE if org.kind in GOVERNMENT_KINDS else DEPARTMENT_REPORT_DUE
    return datetime.date(year + 1, month, day)


def descendant_ids(org_ids: set[int]) -> set[int]:
    """``org_ids`` and every organization below them (one query per level of the tree)."""
    found = set(org_ids)
    frontier = set(org_ids)
    while frontier:
        children = set(Organization.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = children - found
        found |= frontier
    return found


def _own_org_ids(user: Any) -> set[int] | None:
    """Where the user holds any role (None: a platform admin, everywhere), from the roles cached on the
    user for the request (gongkai.core.permission_policies.user_roles)."""
    held = user_roles(user)
    if held.platform_admin:
        return None
    return {org_id for org_id, roles in held.by_org.items() if roles}


def report_org_ids_for(*, user: Any) -> set[int] | None:
    """Ids of the organizations whose unpublished reports ``user`` may see; None means every one."""
    own = _own_org_ids(user)
    if own is None:
        return None
    return descendant_ids(own) if own else set()


def report_may_see_draft(*, user: Any, org: Organization) -> bool:
    ids = report_org_ids_for(user=user)
    return ids is None or org.pk in ids


def annual_report_list_for(*, user: Any) -> QuerySet[AnnualReport]:
    """The reports the user sees in the workbench: those of their organizations and the ones below."""
    queryset = AnnualReport.objects.select_related("org", "approved_by").order_by(
        "-year", "org__sort_order", "org__code"
    )
    ids = report_org_ids_for(user=user)
    return queryset if ids is None else queryset.filter(org_id__in=ids)


def annual_report_get_for(*, user: Any, pk: int) -> AnnualReport | None:
    return annual_report_list_for(user=user).filter(pk=pk).first()


@dataclass(frozen=True)
class ReportLookup:
    """What a reader may see of one organization's report for one year: ``visible`` False means not
    published and not theirs to see; ``report`` None means no report was started yet (live figures)."""

    org: Organization
    year: int
    report: AnnualReport | None
    visible: bool

    @property
    def status(self) -> str:
        return self.report.status if self.report else ReportStatus.DRAFT


def annual_report_lookup(*, user: Any, org: Organization, year: int) -> ReportLookup:
    report = AnnualReport.objects.select_related("org").filter(org=org, year=year).first()
    if report is not None and report.status == ReportStatus.PUBLISHED:
        return ReportLookup(org=org, year=year, report=report, visible=True)
    return ReportLookup(org=org, year=year, report=report, visible=report_may_see_draft(user=user, org=org))


def rollup_org_choices(*, user: Any) -> QuerySet[Organization]:
    """Organizations a 主管部门's staff may put in a roll-up: every one they see reports of."""
    ids = report_org_ids_for(user=user)
    queryset = Organization.objects.filter(is_active=True).order_by("sort_order", "code")
    return queryset if ids is None else queryset.filter(pk__in=ids)


def rollup_default_orgs(*, user: Any) -> QuerySet[Organization]:
    """The organizations directly below those where the user holds a role (all below the roots for a
    platform admin): the departments a 主管部门 collects reports from."""
    own = _own_org_ids(user)
    queryset = Organization.objects.filter(is_active=True).order_by("sort_order", "code")
    if own is None:
        return queryset.filter(parent__isnull=False, parent__parent__isnull=True)
    return queryset.filter(parent_id__in=own)


def reports_by_org(*, org_ids: list[int], year: int) -> dict[int, AnnualReport]:
    return {
        report.org_id: report
        for report in AnnualReport.objects.filter(org_id__in=org_ids, year=year).select_related("org")
    }

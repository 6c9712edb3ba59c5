"""Statistics of 政务公开 work (issue 6 §5) for the workbench dashboards and the public 公开统计 page.

Aggregate numbers only, never a case's applicant or content: they are the same figures the annual report
publishes, broken down by month. The caller decides which organizations the figures cover (the
workbench passes those the user may see, gongkai.orgs.selectors.org_list_for; the public page any
organization or the whole region), and every selector here is restricted to them.

Counting conventions follow the annual report (statutory.md §5): an application counts in the year and
month of its receipt date (条例第三十一条, ``received_on``); outcomes count in the year the case was closed,
whatever its receipt year. Six queries for a year whatever the number of cases, plus the calendar's
cached check; the date arithmetic runs in Python on one calendar snapshot.
"""

from __future__ import annotations

import datetime
import statistics as pystats
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, DateField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from gongkai.core import calendar as workcalendar
from gongkai.core import workdays
from gongkai.foi.choices import OPEN_STATUSES, EventType, Outcome
from gongkai.foi.deadlines import DueStatus
from gongkai.foi.models import FoiCase, FoiEvent
from gongkai.orgs.models import Organization
from gongkai.publications.choices import DocumentStatus
from gongkai.publications.models import Document
from gongkai.publications.reports import interpretation_report
from gongkai.reports.choices import OUTCOME_GROUPS

MONTHS = tuple(range(1, 13))


@dataclass(frozen=True)
class OrgCount:
    """One organization's figures for the year."""

    org: Organization
    received: int
    closed: int
    overdue_now: int


@dataclass(frozen=True)
class OutcomeCount:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class GroupCount:
    """One of the six groups of 三、本年度办理结果 (（一）予以公开 … （六）其他处理) and its cases."""

    label: str
    count: int
    outcomes: tuple[OutcomeCount, ...]


@dataclass
class YearStatistics:
    """The figures of ``year`` for a set of organizations."""

    year: int
    today: datetime.date
    received_by_month: list[int] = field(default_factory=lambda: [0] * 12)
    closed_by_month: list[int] = field(default_factory=lambda: [0] * 12)
    by_org: list[OrgCount] = field(default_factory=list)
    outcome_groups: list[GroupCount] = field(default_factory=list)
    replied: int = 0  # closed in the year with a reply (the engine set replied_late)
    replied_on_time: int = 0
    median_workdays: float | None = None
    median_provisional: bool = False  # a year without holiday data was counted by weekends only
    overdue_now: int = 0
    documents_by_month: list[int] = field(default_factory=lambda: [0] * 12)
    policy_documents: int = 0
    interpreted_documents: int = 0

    @property
    def received(self) -> int:
        return sum(self.received_by_month)

    @property
    def closed(self) -> int:
        return sum(group.count for group in self.outcome_groups)

    @property
    def documents(self) -> int:
        return sum(self.documents_by_month)

    @property
    def on_time_ratio(self) -> float | None:
        """按时答复率: replies within the reply period / replies; None when there were none."""
        return self.replied_on_time / self.replied if self.replied else None

    @property
    def interpretation_ratio(self) -> float | None:
        """解读比例: policy documents with a published interpretation / policy documents."""
        return self.interpreted_documents / self.policy_documents if self.policy_documents else None

    @property
    def outcomes(self) -> list[OutcomeCount]:
        return [outcome for group in self.outcome_groups for outcome in group.outcomes]


def percent(ratio: float | None) -> str:
    """ "83.3%" for display; "—" when there is nothing to divide."""
    return "—" if ratio is None else f"{ratio * 100:.1f}%"


def _year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def statistics_for_year(
    *, orgs: Sequence[Organization], year: int, today: datetime.date | None = None
) -> YearStatistics:
    """The statistics of ``orgs`` for ``year``: applications received per month and organization,
    cases closed per month and by outcome, the on-time rate and median reply time of the year's replies,
    the cases overdue today, documents published per month and the interpretation ratio."""
    today = today or timezone.localdate()
    result = YearStatistics(year=year, today=today)
    ids = [org.pk for org in orgs]
    first, last = _year_range(year)
    cases = FoiCase.objects.filter(org_id__in=ids)
    received = _received(cases, first, last, result)
    closed = _closed(cases, first, last, result)
    overdue = _overdue_now(cases, result)
    result.by_org = [
        OrgCount(
            org=org,
            received=received.get(org.pk, 0),
            closed=closed.get(org.pk, 0),
            overdue_now=overdue.get(org.pk, 0),
        )
        for org in orgs
    ]
    _median(cases, first, last, result)
    _documents(ids, first, last, result)
    interpretation = interpretation_report(orgs=orgs, year=year)
    result.policy_documents = interpretation.policy_count
    result.interpreted_documents = interpretation.interpreted
    return result


def _received(
    cases: QuerySet[FoiCase], first: datetime.date, last: datetime.date, result: YearStatistics
) -> dict[int, int]:
    """Applications received in the year, per month and per organization (one query)."""
    rows = (
        cases.filter(received_on__gte=first, received_on__lte=last)
        .annotate(month=ExtractMonth("received_on"))
        .values_list("org_id", "month")
        .annotate(total=Count("id"))
        .order_by()
    )
    per_org: dict[int, int] = {}
    for org_id, month, total in rows:
        result.received_by_month[month - 1] += total
        per_org[org_id] = per_org.get(org_id, 0) + total
    return per_org


def _closed(
    cases: QuerySet[FoiCase], first: datetime.date, last: datetime.date, result: YearStatistics
) -> dict[int, int]:
    """Cases closed in the year with an outcome, by month, organization, outcome and timeliness (one
    query); fills the outcome groups and the on-time counts."""
    rows = (
        cases.filter(closed_on__gte=first, closed_on__lte=last)
        .exclude(outcome="")
        .annotate(month=ExtractMonth("closed_on"))
        .values_list("org_id", "month", "outcome", "replied_late")
        .annotate(total=Count("id"))
        .order_by()
    )
    per_org: dict[int, int] = {}
    per_outcome: dict[str, int] = {}
    for org_id, month, outcome, replied_late, total in rows:
        result.closed_by_month[month - 1] += total
        per_org[org_id] = per_org.get(org_id, 0) + total
        per_outcome[outcome] = per_outcome.get(outcome, 0) + total
        if replied_late is not None:  # only a reply has a timeliness (the engine leaves it None otherwise)
            result.replied += total
            result.replied_on_time += 0 if replied_late else total
    result.outcome_groups = [
        GroupCount(
            label=group.label,
            count=sum(per_outcome.get(str(code), 0) for code, _label in group.outcomes),
            outcomes=tuple(
                OutcomeCount(
                    code=str(code), label=str(Outcome(code).label), count=per_outcome.get(str(code), 0)
                )
                for code, _label in group.outcomes
            ),
        )
        for group in OUTCOME_GROUPS
    ]
    return per_org


def _overdue_now(cases: QuerySet[FoiCase], result: YearStatistics) -> dict[int, int]:
    """Open cases whose reply period has passed, as of the engine's last refresh (one query)."""
    rows = (
        cases.filter(status__in=OPEN_STATUSES, due_status=DueStatus.OVERDUE.value)
        .values_list("org_id")
        .annotate(total=Count("id"))
        .order_by()
    )
    per_org = {org_id: total for org_id, total in rows}
    result.overdue_now = sum(per_org.values())
    return per_org


def reply_workdays(
    received_on: datetime.date, closed_on: datetime.date, excluded: int, calendar: workdays.WorkdayCalendar
) -> workdays.WorkdayCount:
    """Working days a reply took: those after the receipt date up to the reply date (the reply clock
    counts from the day after receipt, 条例第三十三条 with 《民法典》第二百零一条), minus the working days
    not counted in the period (补正, 征求意见, 缴费: 第三十条、第三十三条第三款, 国办函〔2020〕109号)."""
    count = workdays.workdays_between(received_on, closed_on, calendar)
    return workdays.WorkdayCount(
        workdays=max(count.workdays - excluded, 0),
        provisional=count.provisional,
        missing_years=count.missing_years,
    )


def _median(
    cases: QuerySet[FoiCase], first: datetime.date, last: datetime.date, result: YearStatistics
) -> None:
    """The median reply time in working days of the replies made in the year (one query, then one
    calendar snapshot). Reading does not record calendar alerts: a public page must not write, and the
    deadline engine alerts for the same years when it computes the cases' dates."""
    # 条例第三十条: after a correction the reply period runs from the day the corrected application was
    # received, so the time the applicant took to correct is not the agency's.
    corrected_on = (
        FoiEvent.objects.filter(case=OuterRef("pk"), type=EventType.CORRECTION_RECEIVED)
        .order_by("-sequence")
        .values("on")[:1]
    )
    rows = (
        cases.filter(
            closed_on__gte=first, closed_on__lte=last, replied_late__isnull=False, received_on__isnull=False
        )
        .annotate(clock_from=Coalesce(Subquery(corrected_on), "received_on", output_field=DateField()))
        .values_list("clock_from", "closed_on", "excluded_workdays")
    )
    calendar = workcalendar.current_calendar()
    counts = [
        reply_workdays(received, closed, excluded, calendar)
        for received, closed, excluded in rows
        if received is not None and closed is not None  # filtered above; narrows the type
    ]
    if counts:
        result.median_workdays = float(pystats.median([count.workdays for count in counts]))
        result.median_provisional = any(count.provisional for count in counts)


def _documents(ids: list[int], first: datetime.date, last: datetime.date, result: YearStatistics) -> None:
    """Documents published in the year per month, as the public catalogue lists them (one query)."""
    rows = (
        Document.objects.filter(
            org_id__in=ids, status=DocumentStatus.PUBLISHED, published_on__gte=first, published_on__lte=last
        )
        .annotate(month=ExtractMonth("published_on"))
        .values_list("month")
        .annotate(total=Count("id"))
        .order_by()
    )
    for month, total in rows:
        result.documents_by_month[month - 1] += total


def statistics_years(*, orgs: Sequence[Organization] | None = None) -> list[int]:
    """The years, newest first, in which ``orgs`` (every organization when None) received or closed an
    application or published a document: the public page's year choices (two queries)."""
    cases = FoiCase.objects.all()
    documents = Document.objects.filter(status=DocumentStatus.PUBLISHED, published_on__isnull=False)
    if orgs is not None:
        ids = [org.pk for org in orgs]
        cases = cases.filter(org_id__in=ids)
        documents = documents.filter(org_id__in=ids)
    years: set[int] = set()
    for received, closed in (
        cases.filter(Q(received_on__isnull=False) | Q(closed_on__isnull=False))
        .annotate(r=ExtractYear("received_on"), c=ExtractYear("closed_on"))
        .values_list("r", "c")
        .distinct()
        .order_by()
    ):
        years.update(year for year in (received, closed) if year is not None)
    years.update(
        documents.annotate(y=ExtractYear("published_on")).values_list("y", flat=True).distinct().order_by()
    )
    return sorted(years, reverse=True)

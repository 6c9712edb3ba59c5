"""The statistics selectors (gongkai.reports.statistics) on hand-built cases: each figure, the year's
boundaries, the organizations a caller passes, and a fixed number of queries."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.core.testing import Region
from gongkai.foi.choices import ApplicantKind, CaseStatus, Channel, EventType, Outcome
from gongkai.foi.deadlines import DueStatus
from gongkai.foi.models import FoiCase, FoiEvent
from gongkai.orgs.models import Organization
from gongkai.publications.choices import DocumentKind
from gongkai.publications.models import Document
from gongkai.publications.reports import interpretation_report
from gongkai.publications.tests.helpers import published
from gongkai.reports.statistics import reply_workdays, statistics_for_year, statistics_years

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 2)
_serial = itertools.count(1)


def make_case(
    org: Organization,
    received_on: date | None,
    *,
    closed_on: date | None = None,
    outcome: str = "",
    replied_late: bool | None = None,
    excluded_workdays: int = 0,
    due_status: str = "",
    applicant_name: str = "张三",
) -> FoiCase:
    """A case row as the deadline engine would have left it (created directly: only its stored results
    matter to the statistics)."""
    closed = closed_on is not None
    return FoiCase.objects.create(
        org=org,
        number=f"T{next(_serial):06d}",
        query_code_hash="-",
        channel=Channel.ONLINE,
        submitted_on=received_on or date(2026, 1, 5),
        received_on=received_on,
        applicant_kind=ApplicantKind.PERSON,
        applicant_name=applicant_name,
        description="申请公开某项目的批复文件",
        status=CaseStatus.CLOSED if closed else CaseStatus.IN_PROGRESS,
        closed_on=closed_on,
        outcome=outcome,
        replied_late=replied_late,
        excluded_workdays=excluded_workdays,
        due_status=due_status,
    )


def publish_on(region: Region, day: date, **fields: Any) -> Document:
    with time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI), tick=False):
        return published(region, **fields)


@pytest.fixture
def cases(region: Region) -> None:
    """市发展改革委's applications around 2026, and one of 市教育局."""
    fgw = region.fgw
    # Replies made in 2026. Working days after receipt up to the reply, less the excluded ones:
    # 2 Mar → 9 Mar: 3, 4, 5, 6, 9 Mar = 5, none excluded → 5.
    make_case(
        fgw, date(2026, 3, 2), closed_on=date(2026, 3, 9), outcome=Outcome.DISCLOSED, replied_late=False
    )
    # 2 Mar → 16 Mar: 10 working days, 8 of them excluded (a consultation) → 2.
    make_case(
        fgw,
        date(2026, 3, 2),
        closed_on=date(2026, 3, 16),
        outcome=Outcome.PARTIALLY_DISCLOSED,
        replied_late=False,
        excluded_workdays=8,
    )
    # 28 Sep → 9 Oct across the National Day holiday: 29, 30 Sep, 8, 9 Oct = 4; replied late.
    make_case(
        fgw,
        date(2026, 9, 28),
        closed_on=date(2026, 10, 9),
        outcome=Outcome.WITHHELD_STATE_SECRET,
        replied_late=True,
    )
    # Closed without a reply (withdrawn, correction lapsed): an outcome, but no timeliness and no reply time.
    make_case(fgw, date(2026, 1, 5), closed_on=date(2026, 6, 30), outcome=Outcome.OTHER_OTHER)
    make_case(fgw, date(2025, 12, 31), closed_on=date(2026, 1, 5), outcome=Outcome.OTHER_CORRECTION_LAPSED)
    # Outside 2026: received in 2025 and closed then, received in 2027.
    make_case(
        fgw, date(2025, 12, 1), closed_on=date(2025, 12, 31), outcome=Outcome.DISCLOSED, replied_late=True
    )
    make_case(fgw, date(2027, 1, 1), due_status=DueStatus.NOT_DUE)
    # Open in 2026: one overdue, one due soon; the last day of the year counts in December.
    make_case(fgw, date(2026, 12, 31), due_status=DueStatus.OVERDUE)
    make_case(fgw, date(2026, 10, 12), due_status=DueStatus.DUE_SOON)
    # A closed case still marked overdue from its last refresh is not overdue now.
    make_case(
        fgw,
        date(2026, 2, 2),
        closed_on=date(2026, 2, 3),
        outcome=Outcome.NOT_PROCESSED_DUPLICATE,
        replied_late=False,
        due_status=DueStatus.OVERDUE,
    )
    # Not yet received (pending receipt): no month to count it in.
    make_case(fgw, None)
    make_case(region.edu, date(2026, 3, 3), due_status=DueStatus.OVERDUE, applicant_name="赵某")


def test_it_counts_applications_by_month_of_receipt(region: Region, cases: None) -> None:
    stats = statistics_for_year(orgs=[region.fgw], year=2026, today=TODAY)
    expected = [1, 1, 2, 0, 0, 0, 0, 0, 1, 1, 0, 1]
    assert stats.received_by_month == expected
    assert stats.received == 7
    assert statistics_for_year(orgs=[region.fgw], year=2025, today=TODAY).received == 2
    assert statistics_for_year(orgs=[region.fgw], year=2027, today=TODAY).received_by_month[0] == 1


def test_it_counts_applications_per_organization(region: Region, cases: None) -> None:
    stats = statistics_for_year(orgs=[region.fgw, region.edu], year=2026, today=TODAY)
    by_org = {entry.org.code: (entry.received, entry.closed, entry.overdue_now) for entry in stats.by_org}
    assert by_org == {"fgw": (7, 6, 1), "edu": (1, 0, 1)}
    assert stats.received == 8


def test_it_counts_outcomes_of_cases_closed_in_the_year(region: Region, cases: None) -> None:
    stats = statistics_for_year(orgs=[region.fgw], year=2026, today=TODAY)
    groups = {group.label: group.count for group in stats.outcome_groups}
    assert groups == {
        "（一）予以公开": 1,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": 1,
        "（三）不予公开": 1,
        "（四）无法提供": 0,
        "（五）不予处理": 1,
        "（六）其他处理": 2,
    }
    outcomes = {outcome.code: outcome.count for outcome in stats.outcomes if outcome.count}
    assert outcomes == {
        Outcome.DISCLOSED: 1,
        Outcome.PARTIALLY_DISCLOSED: 1,
        Outcome.WITHHELD_STATE_SECRET: 1,
        Outcome.NOT_PROCESSED_DUPLICATE: 1,
        Outcome.OTHER_OTHER: 1,
        Outcome.OTHER_CORRECTION_LAPSED: 1,  # received in 2025, closed in 2026: counts in 2026
    }
    assert len(stats.outcomes) == 21
    assert stats.closed == 6
    assert stats.closed_by_month == [1, 1, 2, 0, 0, 1, 0, 0, 0, 1, 0, 0]
    assert statistics_for_year(orgs=[region.fgw], year=2025, today=TODAY).closed == 1


def test_it_computes_the_on_time_rate_of_replies(region: Region, cases: None) -> None:
    stats = statistics_for_year(orgs=[region.fgw], year=2026, today=TODAY)
    assert (stats.replied_on_time, stats.replied) == (3, 4)
    assert stats.on_time_ratio == 0.75
    assert statistics_for_year(orgs=[region.edu], year=2026, today=TODAY).on_time_ratio is None


def test_it_takes_the_median_reply_time_in_working_days_without_excluded_ones(
    region: Region, cases: None
) -> None:
    # Replies: 5, 10 - 8 = 2, 4 (National Day skipped) and 1 (2 → 3 Feb): the median of 1, 2, 4, 5 is 3.
    # Counting the excluded days (1, 4, 5, 10) would give 4.5; ignoring the holiday (1, 2, 5, 9) 3.5.
    stats = statistics_for_year(orgs=[region.fgw], year=2026, today=TODAY)
    assert stats.median_workdays == 3.0
    assert stats.median_provisional is False
    assert statistics_for_year(orgs=[region.edu], year=2026, today=TODAY).median_workdays is None


def test_it_counts_reply_working_days_from_the_day_after_receipt() -> None:
    from gongkai.core.calendar import builtin_calendar
    from gongkai.core.workdays import WorkdayCalendar

    builtin = builtin_calendar()
    calendar = WorkdayCalendar(
        holidays=frozenset(builtin.holidays),
        extra_workdays=frozenset(builtin.workdays),
        covered_years=frozenset(builtin.years),
        names={},
    )
    assert reply_workdays(date(2026, 9, 28), date(2026, 10, 9), 0, calendar).workdays == 4
    assert reply_workdays(date(2026, 3, 2), date(2026, 3, 2), 0, calendar).workdays == 0
    assert reply_workdays(date(2026, 3, 2), date(2026, 3, 3), 5, calendar).workdays == 0  # never negative


def test_it_counts_cases_overdue_now_whatever_their_year(region: Region, cases: None) -> None:
    assert statistics_for_year(orgs=[region.fgw], year=2026, today=TODAY).overdue_now == 1
    assert statistics_for_year(orgs=[region.fgw], year=2020, today=TODAY).overdue_now == 1
    assert statistics_for_year(orgs=[region.fgw, region.edu], year=2026, today=TODAY).overdue_now == 2


def test_it_keeps_to_the_organizations_it_is_given(region: Region, cases: None) -> None:
    stats = statistics_for_year(orgs=[region.edu], year=2026, today=TODAY)
    assert (stats.received, stats.closed, stats.overdue_now) == (1, 0, 1)
    assert [entry.org for entry in stats.by_org] == [region.edu]
    empty = statistics_for_year(orgs=[], year=2026, today=TODAY)
    assert (empty.received, empty.closed, empty.documents) == (0, 0, 0)


def test_it_counts_documents_published_per_month_and_the_interpretation_ratio(region: Region) -> None:
    normative = publish_on(region, date(2026, 1, 30), title="规范性文件", kind=DocumentKind.NORMATIVE)
    publish_on(region, date(2026, 3, 2), title="第三项规划", statutory_items=[3])
    publish_on(region, date(2026, 3, 3), title="工作动态", statutory_items=[2])
    publish_on(region, date(2025, 12, 31), title="去年文件")
    publish_on(
        region,
        date(2026, 2, 2),
        title="解读",
        kind=DocumentKind.INTERPRETATION,
        genre="其他",
        interprets=[normative.pk],
    )
    stats = statistics_for_year(orgs=[region.fgw], year=2026, today=TODAY)
    assert stats.documents_by_month == [1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    report = interpretation_report(orgs=[region.fgw], year=2026)
    assert (stats.interpreted_documents, stats.policy_documents) == (report.interpreted, report.policy_count)
    assert (stats.interpreted_documents, stats.policy_documents) == (1, 2)
    assert stats.interpretation_ratio == 0.5
    assert statistics_for_year(orgs=[region.edu], year=2026, today=TODAY).documents == 0
    assert statistics_years(orgs=[region.fgw]) == [2026, 2025]


def test_it_lists_the_years_with_data(region: Region, cases: None) -> None:
    assert statistics_years() == [2027, 2026, 2025]
    assert statistics_years(orgs=[region.edu]) == [2026]
    assert statistics_years(orgs=[]) == []


@pytest.mark.parametrize("count", [3, 30])
def test_it_computes_the_statistics_in_a_fixed_number_of_queries(
    region: Region, count: int, django_assert_num_queries: Any
) -> None:
    for n in range(count):
        day = date(2026, 1 + n % 12, 2)
        make_case(
            region.fgw if n % 2 else region.edu,
            day,
            closed_on=day,
            outcome=Outcome.DISCLOSED,
            replied_late=False,
        )
    statistics_for_year(orgs=[region.fgw, region.edu], year=2026)  # loads the calendar into its cache
    # received, closed, overdue, reply times, documents, and the interpretation report's three
    with django_assert_num_queries(8):
        stats = statistics_for_year(orgs=[region.fgw, region.edu], year=2026)
    assert stats.received == count


def test_it_counts_a_corrected_applications_reply_time_from_the_correction(region: Region) -> None:
    # Received 2 Mar, corrected on 12 Mar, replied 16 Mar: the reply period ran from 12 Mar (条例第三十条),
    # so 13, 16 Mar = 2 working days, not the 10 since the first receipt.
    corrected = make_case(
        region.fgw,
        date(2026, 3, 2),
        closed_on=date(2026, 3, 16),
        outcome=Outcome.DISCLOSED,
        replied_late=False,
    )
    for sequence, (type, on) in enumerate(
        [
            (EventType.CORRECTION_REQUESTED, date(2026, 3, 4)),
            (EventType.CORRECTION_RECEIVED, date(2026, 3, 12)),
        ],
        start=2,
    ):
        FoiEvent.objects.create(case=corrected, sequence=sequence, type=type, on=on)
    assert statistics_for_year(orgs=[region.fgw], year=2026, today=TODAY).median_workdays == 2.0

"""Reads of the working-day calendar for the workbench and the public calculator (architecture rule 2).

The calendar is public information (the State Council's notices); only its administration screens are
restricted, and the views check that. Nothing here writes, except that explaining a deadline goes
through gongkai.core.calendar, which records an alert when a year without data is crossed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.core import calendar as work_calendar
from gongkai.core.models import CalendarAlert, CalendarDay, CalendarDayKind, CalendarSource, CalendarYear
from gongkai.core.workdays import DayStatus, WorkdayResult, days_after

# The calculator lists every day it walked through up to this many working days; beyond, it sums up.
EXPLAIN_DETAIL_LIMIT = 250


@dataclass(frozen=True)
class CalendarYearRow:
    """One year of the calendar as the workbench lists it."""

    year: int
    builtin: bool  # carried by the chinese_calendar package
    record: CalendarYear | None  # what administrators entered for the year, if anything
    covered: bool  # computations through this year are exact (not provisional)
    holidays: int  # holidays on the notice (weekends within a holiday span included)
    workdays: int  # 调休 working days
    alert: CalendarAlert | None  # an open alert: a computation needed the year without data

    @property
    def source_label(self) -> str:
        if self.record is not None and self.record.source != CalendarSource.ADMIN:
            return str(self.record.get_source_display())
        if self.builtin:
            return str(CalendarSource.BUILTIN.label)
        if self.record is not None or self.holidays or self.workdays:
            return str(CalendarSource.ADMIN.label)
        return ""


def calendar_year_overview() -> list[CalendarYearRow]:
    """Every year the calendar knows, has entries for or needed, this year and the next; newest first."""
    calendar = work_calendar.current_calendar()
    builtin_years = work_calendar.builtin_calendar().years
    records = {record.year: record for record in CalendarYear.objects.all()}
    alerts = {alert.year: alert for alert in CalendarAlert.objects.filter(resolved_at__isnull=True)}
    day_years = {d.year for d in CalendarDay.objects.dates("date", "year")}
    this_year = timezone.localdate().year
    years = set(builtin_years) | set(records) | set(alerts) | day_years | {this_year, this_year + 1}
    holiday_counts = _count_by_year(calendar.holidays)
    workday_counts = _count_by_year(calendar.extra_workdays)
    return [
        CalendarYearRow(
            year=year,
            builtin=year in builtin_years,
            record=records.get(year),
            covered=year in calendar.covered_years,
            holidays=holiday_counts.get(year, 0),
            workdays=workday_counts.get(year, 0),
            alert=alerts.get(year),
        )
        for year in sorted(years, reverse=True)
    ]


def calendar_year_row(*, year: int) -> CalendarYearRow:
    """One year as calendar_year_overview lists it (for the year's own screen)."""
    calendar = work_calendar.current_calendar()
    return CalendarYearRow(
        year=year,
        builtin=year in work_calendar.builtin_calendar().years,
        record=CalendarYear.objects.filter(year=year).first(),
        covered=year in calendar.covered_years,
        holidays=sum(1 for day in calendar.holidays if day.year == year),
        workdays=sum(1 for day in calendar.extra_workdays if day.year == year),
        alert=CalendarAlert.objects.filter(year=year, resolved_at__isnull=True).first(),
    )


def _count_by_year(days: frozenset[date]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for day in days:
        counts[day.year] = counts.get(day.year, 0) + 1
    return counts


@dataclass(frozen=True)
class CalendarEntry:
    """One holiday or 调休 working day of a year as the calendar applies it, and where it comes from."""

    date: date
    kind: str  # CalendarDayKind
    name: str
    source: str  # CalendarSource
    builtin_kind: str | None  # what the built-in data says about the date, when it differs or is overridden
    record: CalendarDay | None

    @property
    def kind_label(self) -> str:
        return str(CalendarDayKind(self.kind).label)

    @property
    def source_label(self) -> str:
        return str(CalendarSource(self.source).label)

    @property
    def weekday_label(self) -> str:
        return WEEKDAY_LABELS[self.date.weekday()]


WEEKDAY_LABELS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def calendar_year_entries(*, year: int) -> list[CalendarEntry]:
    """The holidays and 调休 days of ``year`` in force, each with its source, in date order."""
    calendar = work_calendar.current_calendar()
    builtin = work_calendar.builtin_calendar()
    records = {record.date: record for record in CalendarDay.objects.filter(date__year=year)}
    entries: list[CalendarEntry] = []
    for kind, days in (
        (CalendarDayKind.HOLIDAY, calendar.holidays),
        (CalendarDayKind.WORKDAY, calendar.extra_workdays),
    ):
        for day in days:
            if day.year != year:
                continue
            record = records.get(day)
            builtin_kind = _builtin_kind(builtin, day)
            entries.append(
                CalendarEntry(
                    date=day,
                    kind=kind,
                    name=calendar.names.get(day, ""),
                    source=record.source if record else CalendarSource.BUILTIN,
                    builtin_kind=builtin_kind if record else None,
                    record=record,
                )
            )
    return sorted(entries, key=lambda entry: entry.date)


def _builtin_kind(builtin: work_calendar.BuiltinCalendar, day: date) -> str | None:
    if day in builtin.holidays:
        return str(CalendarDayKind.HOLIDAY)
    if day in builtin.workdays:
        return str(CalendarDayKind.WORKDAY)
    return None


def calendar_year_get(*, year: int) -> CalendarYear | None:
    return CalendarYear.objects.filter(year=year).first()


def calendar_alert_list_open() -> QuerySet[CalendarAlert]:
    """Alerts not yet resolved: years computations needed without holiday data, oldest year first."""
    return CalendarAlert.objects.filter(resolved_at__isnull=True).order_by("year")


@dataclass(frozen=True)
class DeadlineExplanation:
    """How ``add_workdays(start, days)`` was reached: every day walked through and what it was."""

    start: date
    days: int
    result: WorkdayResult
    steps: list[tuple[DayStatus, int | None]]  # each day after start with its working-day number, if counted
    detailed: bool  # False when the span is too long to list: ``steps`` then holds holidays and 调休 only
    weekends: int
    holidays: int
    adjusted_workdays: int

    @property
    def holiday_names(self) -> list[str]:
        names: list[str] = []
        for status, _number in self.steps:
            if status.name and status.name not in names and not status.is_workday:
                names.append(status.name)
        return names


def deadline_explain(*, start: date, days: int) -> DeadlineExplanation:
    """The n-th working day after ``start`` with every step of the count (the public calculator)."""
    from gongkai.core.workdays import DayKind

    result = work_calendar.add_workdays(start, days)
    calendar = work_calendar.current_calendar()
    detailed = days <= EXPLAIN_DETAIL_LIMIT
    steps: list[tuple[DayStatus, int | None]] = []
    counted = weekends = holidays = adjusted = 0
    for status in days_after(start, result.date, calendar):
        number: int | None = None
        if status.is_workday:
            counted += 1
            number = counted
        if status.kind == DayKind.WEEKEND:
            weekends += 1
        elif status.kind == DayKind.HOLIDAY:
            holidays += 1
        elif status.kind == DayKind.ADJUSTED_WORKDAY:
            adjusted += 1
        if detailed or status.kind in (DayKind.HOLIDAY, DayKind.ADJUSTED_WORKDAY):
            steps.append((status, number))
    return DeadlineExplanation(
        start=start,
        days=days,
        result=result,
        steps=steps,
        detailed=detailed,
        weekends=weekends,
        holidays=holidays,
        adjusted_workdays=adjusted,
    )

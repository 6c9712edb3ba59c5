"""Working-day arithmetic: pure functions over a holiday calendar (statutory.md §3.2 and §4).

A working day (工作日) is a Monday-to-Friday that the State Council's holiday notice does not make a
holiday, or a weekend day the notice makes a 调休 working day. Counting follows 《民法典》第二百零一条:
the day on which an event happens is not counted, counting starts on the next day. So
``add_workdays(d, n)`` is the n-th working day strictly after ``d``, and ``workdays_between(a, b)``
counts the working days ``x`` with ``a < x <= b``.

A year the calendar has no notice for is computed with weekends only, and the result says so
(``provisional`` and the ``missing_years``): statutory.md §4 forbids silently treating it as complete.

No Django here: callers pass the calendar in (gongkai.core.calendar builds the current one).
Arithmetic is done on ordinals with bisection over the sorted exception days, so a span of decades
costs a few dozen operations, not one per day.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

SATURDAY = 5  # date.weekday() of Saturday; Sunday is 6


def _is_weekend(d: date) -> bool:
    return d.weekday() >= SATURDAY


def _weekdays_through(ordinal: int) -> int:
    """How many Monday-to-Friday dates have an ordinal in 1..ordinal (ordinal 1 is Monday 0001-01-01)."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


@dataclass(frozen=True)
class WorkdayCalendar:
    """The days the holiday notices change, and the years for which a notice is known.

    ``holidays`` are days off (法定节假日 and the weekdays given off by 调休); ``extra_workdays`` are the
    weekend days worked instead (调休上班日). A date may not be in both. ``names`` (optional, not part of
    equality) gives the holiday's name for a date, e.g. 国庆节, for explanations.
    """

    holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()
    covered_years: frozenset[int] = frozenset()
    names: Mapping[date, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        both = self.holidays & self.extra_workdays
        if both:
            raise ValueError(f"dates both holiday and working day: {sorted(both)[:5]}")

    @cached_property
    def _weekday_holidays(self) -> tuple[int, ...]:
        # Only holidays on Monday-Friday change the count: a weekend holiday is a day off anyway.
        return tuple(sorted(d.toordinal() for d in self.holidays if not _is_weekend(d)))

    @cached_property
    def _weekend_workdays(self) -> tuple[int, ...]:
        # Only 调休 days on a weekend change the count: a weekday is worked anyway.
        return tuple(sorted(d.toordinal() for d in self.extra_workdays if _is_weekend(d)))

    def workdays_in(self, first_ordinal_exclusive: int, last_ordinal: int) -> int:
        """Working days with an ordinal in (first, last]; 0 when last <= first."""
        if last_ordinal <= first_ordinal_exclusive:
            return 0
        weekdays = _weekdays_through(last_ordinal) - _weekdays_through(first_ordinal_exclusive)
        return (
            weekdays
            - _count_in(self._weekday_holidays, first_ordinal_exclusive, last_ordinal)
            + _count_in(self._weekend_workdays, first_ordinal_exclusive, last_ordinal)
        )

    def missing_years(self, first_exclusive: date, last: date) -> tuple[int, ...]:
        """Years of the days in (first, last] that the calendar has no notice for, ascending."""
        if last <= first_exclusive:
            return ()
        start_year = (first_exclusive + timedelta(days=1)).year
        return tuple(y for y in range(start_year, last.year + 1) if y not in self.covered_years)


def _count_in(ordinals: tuple[int, ...], low_exclusive: int, high: int) -> int:
    return bisect.bisect_right(ordinals, high) - bisect.bisect_right(ordinals, low_exclusive)


@dataclass(frozen=True)
class WorkdayResult:
    """The date ``add_workdays`` reached; provisional when it crossed a year without holiday data."""

    date: date
    provisional: bool
    missing_years: tuple[int, ...]


@dataclass(frozen=True)
class WorkdayCount:
    """The number of working days ``workdays_between`` counted; provisional as for WorkdayResult."""

    workdays: int
    provisional: bool
    missing_years: tuple[int, ...]


def is_workday(d: date, cal: WorkdayCalendar) -> bool:
    """Whether ``d`` is a working day under ``cal`` (weekends only for days the calendar does not list)."""
    if d in cal.extra_workdays:
        return True
    if d in cal.holidays:
        return False
    return not _is_weekend(d)


def workdays_between(a: date, b: date, cal: WorkdayCalendar) -> WorkdayCount:
    """The working days ``d`` with ``a < d <= b`` (0 when ``b <= a``)."""
    count = cal.workdays_in(a.toordinal(), b.toordinal())
    missing = cal.missing_years(a, b)
    return WorkdayCount(workdays=count, provisional=bool(missing), missing_years=missing)


def add_workdays(d: date, n: int, cal: WorkdayCalendar) -> WorkdayResult:
    """The n-th working day strictly after ``d`` (《民法典》第二百零一条); ``d`` itself when n is 0.

    Raises ValueError for a negative n and OverflowError when the result would pass date.max.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return WorkdayResult(date=d, provisional=False, missing_years=())
    start = d.toordinal()
    # The target is the smallest ordinal t with workdays_in(start, t) >= n: the count only grows with t
    # and steps up exactly on working days, so that t is itself a working day. Find an upper bound by
    # doubling (a week holds five working days unless holidays intervene), then bisect.
    span = n * 7 // 5 + 14
    max_ordinal = date.max.toordinal()
    while cal.workdays_in(start, min(start + span, max_ordinal)) < n:
        if start + span >= max_ordinal:
            raise OverflowError("the result would be after date.max")
        span *= 2
    low, high = start, min(start + span, max_ordinal)  # invariant: count(low) < n <= count(high)
    while high - low > 1:
        middle = (low + high) // 2
        if cal.workdays_in(start, middle) >= n:
            high = middle
        else:
            low = middle
    result = date.fromordinal(high)
    missing = cal.missing_years(d, result)
    return WorkdayResult(date=result, provisional=bool(missing), missing_years=missing)


class DayKind(enum.StrEnum):
    """What a day is, for explanations (the calculator page, a deadline's explanation)."""

    WORKDAY = "workday"  # an ordinary Monday-to-Friday
    ADJUSTED_WORKDAY = "adjusted_workday"  # a weekend day worked by 调休
    WEEKEND = "weekend"  # an ordinary Saturday or Sunday
    HOLIDAY = "holiday"  # a day off by the holiday notice


@dataclass(frozen=True)
class DayStatus:
    """One day of an explanation: its kind, the holiday's name if any, and whether the year is covered."""

    date: date
    kind: DayKind
    name: str
    covered: bool

    @property
    def is_workday(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.ADJUSTED_WORKDAY)


def day_status(d: date, cal: WorkdayCalendar) -> DayStatus:
    covered = d.year in cal.covered_years
    name = cal.names.get(d, "")
    if d in cal.extra_workdays:
        kind = DayKind.ADJUSTED_WORKDAY if _is_weekend(d) else DayKind.WORKDAY
    elif d in cal.holidays:
        kind = DayKind.HOLIDAY
    else:
        kind = DayKind.WEEKEND if _is_weekend(d) else DayKind.WORKDAY
    return DayStatus(date=d, kind=kind, name=name, covered=covered)


def days_after(d: date, last: date, cal: WorkdayCalendar) -> Iterator[DayStatus]:
    """Every day in (d, last] with its status, one by one: for explanations of bounded spans only."""
    current = d + timedelta(days=1)
    while current <= last:
        yield day_status(current, cal)
        current += timedelta(days=1)

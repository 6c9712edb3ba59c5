"""The region's working-day calendar: built-in data plus what administrators entered (statutory.md §4).

Other apps compute deadlines with :func:`add_workdays`, :func:`workdays_between` and :func:`is_workday`
here; they use :func:`current_calendar` and record a :class:`~gongkai.core.models.CalendarAlert` when a
result is provisional (it crossed a year without holiday data), so administrators learn which notice
to enter.

The calendar is assembled from
- the ``chinese_calendar`` package: the State Council's notices from 2004 to its release's last year;
- CalendarYear rows: a year imported from its notice replaces the built-in days of that year, and a
  year declared complete counts as covered;
- CalendarDay rows: each fixes one date as holiday or working day, overriding everything else.

It is cached in the process. Services that change the calendar clear the cache at once (and again on
commit); other processes notice a change through a cheap fingerprint query made at most every
``RECHECK_SECONDS``.
"""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from gongkai.core import workdays
from gongkai.core.workdays import WorkdayCalendar, WorkdayCount, WorkdayResult

# How long a process trusts its cached calendar before asking the database whether it changed.
RECHECK_SECONDS = 5.0

# chinese_calendar's short names, spelled as the notices spell them.
_BUILTIN_NAME_FIXES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


@dataclass(frozen=True)
class BuiltinCalendar:
    holidays: dict[date, str]
    workdays: dict[date, str]
    years: frozenset[int]


@functools.cache
def builtin_calendar() -> BuiltinCalendar:
    """The notices the chinese_calendar package carries (2004 to its last year), with Chinese names."""
    import chinese_calendar
    from chinese_calendar.constants import Holiday

    def chinese(english: str) -> str:
        name = str(Holiday(english).chinese)
        return _BUILTIN_NAME_FIXES.get(name, name)

    holidays = {d: chinese(name) for d, name in chinese_calendar.holidays.items()}
    extra = {d: chinese(name) for d, name in chinese_calendar.workdays.items()}
    first = min(holidays).year
    last = max(holidays).year
    return BuiltinCalendar(holidays=holidays, workdays=extra, years=frozenset(range(first, last + 1)))


@dataclass
class _Cached:
    calendar: WorkdayCalendar
    fingerprint: tuple[Any, ...]
    checked_at: float


_cache: _Cached | None = None
_lock = threading.Lock()


def _fingerprint() -> tuple[Any, ...]:
    """Changes whenever a CalendarDay or CalendarYear row is added, changed or deleted (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COUNT(*) FROM core_calendarday), (SELECT MAX(updated_at) FROM core_calendarday),"
            " (SELECT COUNT(*) FROM core_calendaryear), (SELECT MAX(updated_at) FROM core_calendaryear)"
        )
        row = cursor.fetchone()
    return tuple(row) if row else ()


def load_calendar() -> WorkdayCalendar:
    """Build the calendar from the built-in data and the database (no cache)."""
    from gongkai.core.models import CalendarDay, CalendarDayKind, CalendarSource, CalendarYear

    builtin = builtin_calendar()
    holidays = dict(builtin.holidays)
    extra = dict(builtin.workdays)
    covered = set(builtin.years)
    for year, source, complete in CalendarYear.objects.values_list("year", "source", "complete"):
        if source == CalendarSource.NOTICE:
            # The imported notice is the authority for its year: drop the built-in days of that year.
            for table in (holidays, extra):
                for day in [d for d in table if d.year == year]:
                    del table[day]
        if complete:
            covered.add(year)
    for day, kind, name in CalendarDay.objects.values_list("date", "kind", "name"):
        holidays.pop(day, None)
        extra.pop(day, None)
        (holidays if kind == CalendarDayKind.HOLIDAY else extra)[day] = name
    return WorkdayCalendar(
        holidays=frozenset(holidays),
        extra_workdays=frozenset(extra),
        covered_years=frozenset(covered),
        names={**holidays, **extra},
    )


def current_calendar() -> WorkdayCalendar:
    """The calendar in force, from the process cache when it is still current."""
    global _cache
    cached = _cache
    now = time.monotonic()
    if cached is not None and now - cached.checked_at < RECHECK_SECONDS:
        return cached.calendar
    with _lock:
        fingerprint = _fingerprint()
        cached = _cache
        if cached is not None and cached.fingerprint == fingerprint:
            cached.checked_at = now
            return cached.calendar
        calendar = load_calendar()
        _cache = _Cached(calendar=calendar, fingerprint=fingerprint, checked_at=now)
        return calendar


def calendar_cache_clear() -> None:
    """Forget the cached calendar: the next call reloads it (services call this when they change it)."""
    global _cache
    _cache = None


def calendar_changed() -> None:
    """Clear the cache now, for this transaction's later reads, and again once it commits."""
    calendar_cache_clear()
    transaction.on_commit(calendar_cache_clear)


def _record_alerts(missing_years: tuple[int, ...]) -> None:
    """Alert the administrators of the missing years they can do something about.

    A notice exists, or will soon, for the years from the built-in data's first up to next year (the
    State Council publishes it in the autumn before). A computation reaching further (a long span, a
    typo like 2206) stays provisional but does not alert: nobody can enter a notice not yet written.
    """
    if not missing_years:
        return
    from gongkai.core.services import calendar_alert_record

    first = min(builtin_calendar().years)
    last = timezone.localdate().year + 1
    for year in missing_years:
        if first <= year <= last:
            calendar_alert_record(year=year)


def add_workdays(d: date, n: int) -> WorkdayResult:
    """The n-th working day after ``d`` under the current calendar; alerts if a year lacks data."""
    result = workdays.add_workdays(d, n, current_calendar())
    _record_alerts(result.missing_years)
    return result


def workdays_between(a: date, b: date) -> WorkdayCount:
    """The working days ``d`` with ``a < d <= b`` under the current calendar; alerts if a year lacks data."""
    count = workdays.workdays_between(a, b, current_calendar())
    _record_alerts(count.missing_years)
    return count


def is_workday(d: date) -> bool:
    """Whether ``d`` is a working day; a day in a year without data is judged by weekends and alerts."""
    calendar = current_calendar()
    if d.year not in calendar.covered_years:
        _record_alerts((d.year,))
    return workdays.is_workday(d, calendar)

"""Shared pieces of the deadline engine's tests: the built-in calendar, the default rules, shorthand for
histories, and a naive reference computation that walks the calendar day by day."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

from gongkai.core.calendar import builtin_calendar
from gongkai.core.workdays import WorkdayCalendar
from gongkai.foi.choices import Channel
from gongkai.foi.deadlines import CaseEvent, DeadlineRules, Deadlines, Submitted, compute_deadlines


def builtin_workday_calendar() -> WorkdayCalendar:
    data = builtin_calendar()
    return WorkdayCalendar(
        holidays=frozenset(data.holidays),
        extra_workdays=frozenset(data.workdays),
        covered_years=data.years,
        names={**data.holidays, **data.workdays},
    )


CAL = builtin_workday_calendar()

# The defaults of gongkai.core.rules, spelled out so that a test reads its numbers (statutory.md §3.2).
RULES = DeadlineRules(
    reply_workdays=20,  # 条例第三十三条第二款
    correction_notice_workdays=7,  # 条例第三十条
    correction_period_workdays=15,  # statutory.md §3.2, the default 合理的补正期限
    max_extension_workdays=20,  # 条例第三十三条第二款
    consultation_workdays=15,  # 条例第三十二条, 第三十四条
    fee_payment_workdays=20,  # 国办函〔2020〕109号
    due_soon_workdays=5,
)


def compute(
    *events: CaseEvent,
    today: date | None = None,
    rules: DeadlineRules = RULES,
    cal: WorkdayCalendar = CAL,
) -> Deadlines:
    return compute_deadlines(list(events), cal, today=today, rules=rules)


def in_person(on: date) -> Submitted:
    return Submitted(on=on, channel=Channel.IN_PERSON)


def D(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


# --- A naive reference: the same rules computed with day-by-day walks over chinese_calendar --------


@functools.cache
def reference_is_workday(d: date) -> bool:
    """chinese_calendar's verdict for its years, weekends only outside them (statutory.md §4)."""
    try:
        return bool(chinese_calendar.is_workday(d))
    except NotImplementedError:
        return d.weekday() < 5


def walk(start: date, n: int, is_workday: Callable[[date], bool] = reference_is_workday) -> date:
    """The n-th working day strictly after ``start``, one day at a time."""
    d, seen = start, 0
    while seen < n:
        d += timedelta(days=1)
        if is_workday(d):
            seen += 1
    return d


def working_days(a: date, b: date, is_workday: Callable[[date], bool] = reference_is_workday) -> set[date]:
    """The working days d with a < d <= b, as a set."""
    return {a + timedelta(days=i) for i in range(1, (b - a).days + 1) if is_workday(a + timedelta(days=i))}


@dataclass(frozen=True)
class RefPeriod:
    started_on: date  # A
    ends_on: date  # B


@dataclass(frozen=True)
class RefExtension:
    on: date
    workdays: int


def reference_due(
    start: date,
    base: int,
    items: Iterable[RefPeriod | RefExtension],
    is_workday: Callable[[date], bool] = reference_is_workday,
) -> date:
    """add_workdays(S, base + X + E) with X as a set of days: items in the order they happened, a period
    counting from max(A, S) if it started on or before the due date as it then stood."""
    excluded: set[date] = set()
    extension = 0
    for item in items:
        if isinstance(item, RefExtension):
            extension = item.workdays
            continue
        after = max(item.started_on, start)
        due = walk(start, base + len(excluded) + extension, is_workday)
        if item.ends_on <= start or after > due:
            continue
        excluded |= working_days(after, item.ends_on, is_workday)
    return walk(start, base + len(excluded) + extension, is_workday)

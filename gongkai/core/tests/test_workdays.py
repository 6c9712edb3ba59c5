"""Pure working-day arithmetic (gongkai.core.workdays): statutory.md §3.2 and §4."""

from __future__ import annotations

import bisect
from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.core.calendar import builtin_calendar
from gongkai.core.workdays import (
    DayKind,
    WorkdayCalendar,
    add_workdays,
    day_status,
    days_after,
    is_workday,
    workdays_between,
)


def _builtin() -> WorkdayCalendar:
    data = builtin_calendar()
    return WorkdayCalendar(
        holidays=frozenset(data.holidays),
        extra_workdays=frozenset(data.workdays),
        covered_years=data.years,
        names={**data.holidays, **data.workdays},
    )


CAL = _builtin()
WEEKENDS_ONLY = WorkdayCalendar()


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# The reference: chinese_calendar's own verdict, day by day, for 2004 to its last year.
REFERENCE_WORKDAYS = [
    d for d in _days(date(2004, 1, 1), date(2026, 12, 31)) if chinese_calendar.is_workday(d)
]


def _reference_add(d: date, n: int) -> date | None:
    if n == 0:
        return d
    index = bisect.bisect_right(REFERENCE_WORKDAYS, d) + n - 1
    return REFERENCE_WORKDAYS[index] if index < len(REFERENCE_WORKDAYS) else None


def _reference_between(a: date, b: date) -> int:
    if b <= a:
        return 0
    return bisect.bisect_right(REFERENCE_WORKDAYS, b) - bisect.bisect_right(REFERENCE_WORKDAYS, a)


# --- The worked examples of statutory.md §3.2 -------------------------------------------------------


def test_it_reaches_the_reply_due_date_of_the_march_example() -> None:
    result = add_workdays(date(2026, 3, 2), 20, CAL)
    assert result.date == date(2026, 3, 30)
    assert result.provisional is False
    assert add_workdays(date(2026, 3, 2), 1, CAL).date == date(2026, 3, 3)


def test_it_skips_the_national_day_week_and_counts_the_adjusted_saturday() -> None:
    assert add_workdays(date(2026, 9, 28), 20, CAL).date == date(2026, 10, 30)
    assert add_workdays(date(2026, 9, 28), 7, CAL).date == date(2026, 10, 13)
    # 29, 30 Sep are days 1 and 2; 8, 9 and Saturday 10 Oct (调休) are 3, 4 and 5.
    assert add_workdays(date(2026, 9, 28), 2, CAL).date == date(2026, 9, 30)
    assert add_workdays(date(2026, 9, 28), 3, CAL).date == date(2026, 10, 8)
    assert add_workdays(date(2026, 9, 28), 5, CAL).date == date(2026, 10, 10)
    assert workdays_between(date(2026, 9, 28), date(2026, 10, 30), CAL).workdays == 20


# --- Days around every 2025 and 2026 holiday and 调休 day -------------------------------------------


def test_it_matches_chinese_calendar_for_every_day_of_every_builtin_year() -> None:
    mismatches = [
        d
        for d in _days(date(2004, 1, 1), date(2026, 12, 31))
        if is_workday(d, CAL) != chinese_calendar.is_workday(d)
    ]
    assert mismatches == []


def test_it_adds_like_the_reference_from_every_day_of_2025_and_2026() -> None:
    wrong = []
    for d in _days(date(2024, 12, 20), date(2026, 12, 31)):
        for n in range(31):
            expected = _reference_add(d, n)
            if expected is None:
                continue
            if add_workdays(d, n, CAL).date != expected:
                wrong.append((d, n))
    assert wrong == []


def test_it_counts_like_the_reference_for_every_short_span_of_2025_and_2026() -> None:
    wrong = []
    for a in _days(date(2024, 12, 20), date(2026, 12, 31)):
        for length in range(-2, 45):
            b = a + timedelta(days=length)
            if b.year > 2026:
                continue
            if workdays_between(a, b, CAL).workdays != _reference_between(a, b):
                wrong.append((a, b))
    assert wrong == []


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 2025: 元旦 1 Jan only, no 调休.
        (date(2024, 12, 31), 1, date(2025, 1, 2)),
        # 2025 春节 28 Jan–4 Feb; Sunday 26 Jan and Saturday 8 Feb are worked.
        (date(2025, 1, 24), 1, date(2025, 1, 26)),
        (date(2025, 1, 26), 1, date(2025, 1, 27)),
        (date(2025, 1, 27), 1, date(2025, 2, 5)),
        (date(2025, 2, 7), 1, date(2025, 2, 8)),
        # 2025 清明 4–6 Apr.
        (date(2025, 4, 3), 1, date(2025, 4, 7)),
        # 2025 劳动节 1–5 May; Sunday 27 Apr worked.
        (date(2025, 4, 25), 1, date(2025, 4, 27)),
        (date(2025, 4, 30), 1, date(2025, 5, 6)),
        # 2025 端午 31 May–2 Jun.
        (date(2025, 5, 30), 1, date(2025, 6, 3)),
        # 2025 国庆节、中秋节 1–8 Oct; Sunday 28 Sep and Saturday 11 Oct worked.
        (date(2025, 9, 26), 1, date(2025, 9, 28)),
        (date(2025, 9, 30), 1, date(2025, 10, 9)),
        (date(2025, 10, 10), 1, date(2025, 10, 11)),
        # Into 2026: 元旦 1–3 Jan, Sunday 4 Jan worked.
        (date(2025, 12, 31), 1, date(2026, 1, 4)),
        (date(2025, 12, 31), 2, date(2026, 1, 5)),
        # 2026 春节 15–23 Feb; Saturdays 14 and 28 Feb worked.
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 14), 1, date(2026, 2, 24)),
        (date(2026, 2, 27), 1, date(2026, 2, 28)),
        # 2026 清明 4–6 Apr, 劳动节 1–5 May (Saturday 9 May worked), 端午 19–21 Jun.
        (date(2026, 4, 3), 1, date(2026, 4, 7)),
        (date(2026, 4, 30), 1, date(2026, 5, 6)),
        (date(2026, 5, 8), 1, date(2026, 5, 9)),
        (date(2026, 6, 18), 1, date(2026, 6, 22)),
        # 2026 中秋 25–27 Sep; Sunday 20 Sep worked.
        (date(2026, 9, 19), 1, date(2026, 9, 20)),
        (date(2026, 9, 24), 1, date(2026, 9, 28)),
    ],
)
def test_it_steps_over_each_holiday_and_onto_each_adjusted_day(start: date, n: int, expected: date) -> None:
    assert add_workdays(start, n, CAL).date == expected


def test_it_knows_the_adjusted_saturdays_and_holiday_weekdays_of_2026() -> None:
    assert is_workday(date(2026, 10, 10), CAL) is True  # Saturday, 调休
    assert is_workday(date(2026, 2, 28), CAL) is True
    assert is_workday(date(2026, 10, 7), CAL) is False  # Wednesday, 国庆节
    assert is_workday(date(2026, 10, 17), CAL) is False  # an ordinary Saturday
    assert is_workday(date(2026, 10, 16), CAL) is True


# --- n = 0, negative n, empty spans -----------------------------------------------------------------


def test_it_returns_the_start_day_itself_for_zero_days_even_on_a_holiday() -> None:
    result = add_workdays(date(2026, 10, 1), 0, CAL)
    assert result.date == date(2026, 10, 1)
    assert result.provisional is False
    assert result.missing_years == ()


def test_it_refuses_a_negative_number_of_days() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_workdays(date(2026, 1, 5), -1, CAL)


def test_it_counts_nothing_when_the_end_is_not_after_the_start() -> None:
    assert workdays_between(date(2026, 3, 5), date(2026, 3, 5), CAL).workdays == 0
    assert workdays_between(date(2026, 3, 5), date(2026, 3, 1), CAL).workdays == 0
    assert workdays_between(date(2030, 3, 5), date(2030, 3, 1), CAL).provisional is False


def test_it_excludes_the_start_and_includes_the_end() -> None:
    # Mon 2 Mar 2026 to Fri 6 Mar: Tue–Fri count, Monday does not.
    assert workdays_between(date(2026, 3, 2), date(2026, 3, 6), CAL).workdays == 4
    assert workdays_between(date(2026, 3, 1), date(2026, 3, 6), CAL).workdays == 5


# --- Years without data -----------------------------------------------------------------------------


def test_it_marks_a_result_crossing_an_uncovered_year_as_provisional() -> None:
    result = add_workdays(date(2026, 12, 25), 10, CAL)
    # Weekends only in 2027: 28–31 Dec 2026 (4), Fri 1 Jan 2027 (5), 4–8 Jan (10).
    assert result.date == date(2027, 1, 8)
    assert result.provisional is True
    assert result.missing_years == (2027,)


def test_it_is_not_provisional_when_the_result_stays_in_covered_years() -> None:
    result = add_workdays(date(2026, 12, 24), 4, CAL)
    assert result.date == date(2026, 12, 30)
    assert result.provisional is False


def test_it_lists_every_missing_year_of_a_long_span() -> None:
    count = workdays_between(date(2026, 6, 1), date(2029, 1, 2), CAL)
    assert count.provisional is True
    assert count.missing_years == (2027, 2028, 2029)
    early = workdays_between(date(2002, 12, 30), date(2004, 1, 5), CAL)
    assert early.missing_years == (2002, 2003)  # 31 Dec 2002 is counted too


def test_it_does_not_count_the_start_year_as_crossed() -> None:
    # From 31 Dec 2026 nothing of 2026 is counted, but 2027 is.
    assert workdays_between(date(2026, 12, 31), date(2027, 1, 1), CAL).missing_years == (2027,)
    # From 31 Dec 2027 into 2028, only 2028 is crossed.
    assert add_workdays(date(2027, 12, 31), 1, CAL).missing_years == (2028,)


def test_it_applies_partial_entries_of_an_uncovered_year_and_stays_provisional() -> None:
    cal = WorkdayCalendar(holidays=frozenset({date(2027, 1, 1)}), covered_years=frozenset({2026}))
    result = add_workdays(date(2026, 12, 31), 1, cal)
    assert result.date == date(2027, 1, 4)
    assert result.provisional is True


def test_it_uses_weekends_only_without_any_data() -> None:
    assert add_workdays(date(2030, 1, 4), 1, WEEKENDS_ONLY).date == date(2030, 1, 7)  # Friday → Monday
    assert add_workdays(date(2030, 1, 4), 5, WEEKENDS_ONLY).date == date(2030, 1, 11)
    assert workdays_between(date(2030, 1, 4), date(2030, 1, 11), WEEKENDS_ONLY).workdays == 5


# --- Long spans -------------------------------------------------------------------------------------


def test_it_handles_spans_of_decades_like_the_reference() -> None:
    assert add_workdays(date(2004, 1, 1), 3650, CAL).date == _reference_add(date(2004, 1, 1), 3650)
    assert add_workdays(date(2005, 6, 30), 4000, CAL).date == _reference_add(date(2005, 6, 30), 4000)
    assert workdays_between(date(2004, 1, 1), date(2026, 12, 31), CAL).workdays == len(REFERENCE_WORKDAYS)


def test_it_adds_across_a_century_of_weekends() -> None:
    result = add_workdays(date(2000, 1, 1), 5 * 52 * 100, WEEKENDS_ONLY)
    assert workdays_between(date(2000, 1, 1), result.date, WEEKENDS_ONLY).workdays == 5 * 52 * 100
    assert result.date.year == 2099


def test_it_raises_overflow_instead_of_passing_the_last_date() -> None:
    with pytest.raises(OverflowError):
        add_workdays(date(9999, 12, 28), 10, WEEKENDS_ONLY)


# --- The calendar itself ----------------------------------------------------------------------------


def test_it_refuses_a_day_that_is_both_holiday_and_workday() -> None:
    with pytest.raises(ValueError, match="both"):
        WorkdayCalendar(holidays=frozenset({date(2026, 1, 1)}), extra_workdays=frozenset({date(2026, 1, 1)}))


def test_it_ignores_redundant_entries() -> None:
    # A holiday on a Sunday and a 调休 entry on a Monday change nothing.
    cal = WorkdayCalendar(
        holidays=frozenset({date(2030, 1, 6)}), extra_workdays=frozenset({date(2030, 1, 7)})
    )
    assert workdays_between(date(2030, 1, 1), date(2030, 1, 31), cal).workdays == 22
    assert workdays_between(date(2030, 1, 1), date(2030, 1, 31), WEEKENDS_ONLY).workdays == 22


def test_it_describes_each_day_for_explanations() -> None:
    statuses = {s.date: s for s in days_after(date(2026, 9, 30), date(2026, 10, 12), CAL)}
    assert date(2026, 9, 30) not in statuses
    assert statuses[date(2026, 10, 1)].kind == DayKind.HOLIDAY
    assert statuses[date(2026, 10, 1)].name == "国庆节"
    assert statuses[date(2026, 10, 10)].kind == DayKind.ADJUSTED_WORKDAY
    assert statuses[date(2026, 10, 10)].is_workday
    assert statuses[date(2026, 10, 11)].kind == DayKind.WEEKEND
    assert statuses[date(2026, 10, 12)].kind == DayKind.WORKDAY
    assert day_status(date(2027, 1, 1), CAL).covered is False


# --- Properties over random calendars spanning many years -------------------------------------------

FIRST = date(1990, 1, 1)
LAST = date(2060, 12, 31)


@st.composite
def calendars(draw: st.DrawFn) -> WorkdayCalendar:
    holidays = draw(st.frozensets(st.dates(FIRST, LAST), max_size=300))
    weekend_days = draw(st.frozensets(st.dates(FIRST, LAST).filter(lambda d: d.weekday() >= 5), max_size=100))
    covered = draw(st.frozensets(st.integers(FIRST.year, LAST.year), max_size=70))
    return WorkdayCalendar(holidays=holidays, extra_workdays=weekend_days - holidays, covered_years=covered)


START_DATES = st.dates(date(1995, 1, 1), date(2050, 12, 31))


@settings(max_examples=300, deadline=None)
@given(cal=calendars(), d=START_DATES, n=st.integers(1, 800))
def test_it_always_lands_on_a_working_day_after_exactly_n_of_them(
    cal: WorkdayCalendar, d: date, n: int
) -> None:
    result = add_workdays(d, n, cal)
    assert result.date > d
    assert is_workday(result.date, cal)
    assert workdays_between(d, result.date, cal).workdays == n
    assert workdays_between(d, result.date - timedelta(days=1), cal).workdays == n - 1


@settings(max_examples=300, deadline=None)
@given(cal=calendars(), d=START_DATES, n=st.integers(0, 600))
def test_it_is_strictly_monotone_in_n(cal: WorkdayCalendar, d: date, n: int) -> None:
    assert add_workdays(d, n, cal).date < add_workdays(d, n + 1, cal).date


@settings(max_examples=300, deadline=None)
@given(cal=calendars(), d=START_DATES, n=st.integers(0, 1500))
def test_it_is_provisional_exactly_when_an_uncovered_year_is_crossed(
    cal: WorkdayCalendar, d: date, n: int
) -> None:
    result = add_workdays(d, n, cal)
    crossed = {day.date.year for day in days_after(d, result.date, cal)}
    missing = sorted(crossed - cal.covered_years)
    assert result.missing_years == tuple(missing)
    assert result.provisional == bool(missing)


@settings(max_examples=200, deadline=None)
@given(cal=calendars(), a=START_DATES, length=st.integers(-30, 500))
def test_it_counts_like_walking_day_by_day(cal: WorkdayCalendar, a: date, length: int) -> None:
    b = a + timedelta(days=length)
    walked = sum(1 for status in days_after(a, b, cal) if status.is_workday)
    assert workdays_between(a, b, cal).workdays == walked


@settings(max_examples=200, deadline=None)
@given(cal=calendars(), a=START_DATES, first=st.integers(0, 4000), second=st.integers(0, 4000))
def test_it_adds_up_consecutive_spans(cal: WorkdayCalendar, a: date, first: int, second: int) -> None:
    b = a + timedelta(days=first)
    c = b + timedelta(days=second)
    assume(c <= LAST + timedelta(days=3650))
    total = workdays_between(a, c, cal).workdays
    assert workdays_between(a, b, cal).workdays + workdays_between(b, c, cal).workdays == total


@settings(max_examples=200, deadline=None)
@given(d=START_DATES, n=st.integers(1, 3650))
def test_it_agrees_with_whole_weeks_on_a_weekends_only_calendar(d: date, n: int) -> None:
    # Five working days are exactly one week on from any working day.
    start = add_workdays(d, 1, WEEKENDS_ONLY).date
    assert add_workdays(start, 5 * n, WEEKENDS_ONLY).date == start + timedelta(weeks=n)

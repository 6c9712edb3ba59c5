"""The deadline engine around every holiday and 调休 working day of 2025 and 2026 (statutory.md §3.2, §4).

Every date is compared with a naive reference (tests.helpers): the same rules computed by walking
chinese_calendar day by day and keeping excluded days in a set, so the engine's bisection over the
calendar, its interval merging and its restarts are checked against plain counting.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from gongkai.core.calendar import builtin_calendar
from gongkai.foi.choices import Channel, ConsultationParty, FeeMethod, Outcome
from gongkai.foi.deadlines import (
    CaseEvent,
    ClockState,
    ConsultationEnded,
    ConsultationStarted,
    CorrectionReceived,
    CorrectionRequested,
    CustomDue,
    DueStatus,
    Extension,
    FeeNotice,
    FeePaid,
    ReceiptConfirmed,
    Reply,
    Submitted,
)
from gongkai.foi.tests.helpers import (
    RefExtension,
    RefPeriod,
    compute,
    in_person,
    reference_due,
    reference_is_workday,
    walk,
    working_days,
)

YEARS = (2025, 2026)


def _holiday_blocks() -> list[tuple[str, date, date]]:
    """(name, first day, last day) of each run of consecutive days off in 2025 and 2026."""
    holidays = builtin_calendar().holidays
    days = sorted(d for d in holidays if d.year in YEARS)
    blocks: list[tuple[str, date, date]] = []
    for d in days:
        if blocks and d - blocks[-1][2] == timedelta(days=1):
            blocks[-1] = (blocks[-1][0], blocks[-1][1], d)
        else:
            blocks.append((holidays[d], d, d))
    return blocks


BLOCKS = _holiday_blocks()
ADJUSTED_WORKDAYS = sorted(d for d in builtin_calendar().workdays if d.year in YEARS)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _around(first: date, last: date, margin: int = 3) -> list[date]:
    return _days(first - timedelta(days=margin), last + timedelta(days=margin))


BLOCK_IDS = [f"{first.year}-{name}" for name, first, _last in BLOCKS]
ADJUSTED_IDS = [f"调休{d.isoformat()}" for d in ADJUSTED_WORKDAYS]
# Every day near a holiday or an adjusted working day, for the costlier scenarios.
NEAR_HOLIDAYS = sorted(
    {d for _name, first, last in BLOCKS for d in _around(first, last)}
    | {d for a in ADJUSTED_WORKDAYS for d in _around(a, a, margin=2)}
)


def test_the_calendar_data_has_the_holidays_the_tests_expect() -> None:
    names = {(first.year, name) for name, first, _last in BLOCKS}
    assert {(2025, "春节"), (2025, "国庆节"), (2026, "春节"), (2026, "中秋节"), (2026, "国庆节")} <= names
    assert len(BLOCKS) == 13
    assert len(ADJUSTED_WORKDAYS) == 11


# --- Every receipt day of both years ------------------------------------------------------------------


def test_it_dues_the_reply_and_the_correction_notice_like_the_reference_from_every_day() -> None:
    wrong: list[object] = []
    for received in _days(date(2024, 12, 20), date(2026, 12, 31)):
        result = compute(in_person(received))
        expected = (walk(received, 20), walk(received, 7))
        if (result.due_on, result.correction_notice_due_on) != expected:
            wrong.append((received, result.due_on, expected))
        if result.provisional != (expected[0].year > 2026):
            wrong.append((received, "provisional", result.provisional))
    assert wrong == []


def test_it_extends_like_the_reference_from_every_day() -> None:
    wrong: list[object] = []
    for received in _days(date(2025, 1, 1), date(2026, 12, 31)):
        for workdays in (1, 7, 20):
            result = compute(in_person(received), Extension(on=received, workdays=workdays))
            if result.due_on != walk(received, 20 + workdays):
                wrong.append((received, workdays))
    assert wrong == []


# --- Around each holiday ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "first", "last"), BLOCKS, ids=BLOCK_IDS)
def test_it_confirms_online_applications_around_the_holiday(name: str, first: date, last: date) -> None:
    # Submitted on any day near the holiday, confirmed then or on the next working day: the clock runs
    # from the confirmation (第三十一条第（三）项).
    for submitted in _around(first, last):
        confirmed = submitted if reference_is_workday(submitted) else walk(submitted, 1)
        result = compute(Submitted(on=submitted, channel=Channel.ONLINE), ReceiptConfirmed(on=confirmed))
        assert result.received_on == confirmed, name
        assert result.due_on == walk(confirmed, 20), (name, submitted)
        assert result.correction_notice_due_on == walk(confirmed, 7), (name, submitted)


@pytest.mark.parametrize(("name", "first", "last"), BLOCKS, ids=BLOCK_IDS)
def test_it_excludes_consultations_across_the_holiday_like_the_reference(
    name: str, first: date, last: date
) -> None:
    wrong: list[object] = []
    for received in _around(first, last, margin=20):
        for offset in (0, 2, 5):
            for length in (0, 1, 6, 12):
                sent = received + timedelta(days=offset)
                answered = sent + timedelta(days=length)
                expiry = walk(sent, 15)
                result = compute(
                    in_person(received),
                    ConsultationStarted(on=sent, party=ConsultationParty.AGENCY),
                    ConsultationEnded(on=answered),
                )
                expected = reference_due(received, 20, [RefPeriod(sent, min(answered, expiry))])
                if result.due_on != expected:
                    wrong.append((received, offset, length, result.due_on, expected))
                if result.excluded_workdays != len(working_days(sent, min(answered, expiry))):
                    wrong.append((received, offset, length, "excluded", result.excluded_workdays))
    assert wrong == [], name


@pytest.mark.parametrize(("name", "first", "last"), BLOCKS, ids=BLOCK_IDS)
def test_it_expires_consultations_and_fee_notices_across_the_holiday(
    name: str, first: date, last: date
) -> None:
    for sent in _around(first, last):
        received = sent - timedelta(days=1)
        consultation = compute(
            in_person(received), ConsultationStarted(on=sent, party=ConsultationParty.THIRD_PARTY)
        )
        (period,) = consultation.excluded_periods
        assert period.ends_on == walk(sent, 15), (name, sent)
        assert consultation.due_on == reference_due(received, 20, [RefPeriod(sent, walk(sent, 15))])
        fee = compute(in_person(received), FeeNotice(on=sent, method=FeeMethod.PER_PAGE))
        (fee_period,) = fee.excluded_periods
        assert fee_period.ends_on == walk(sent, 20), (name, sent)
        assert fee.due_on == walk(received, 20 + len(working_days(sent, walk(sent, 20))))


@pytest.mark.parametrize(("name", "first", "last"), BLOCKS, ids=BLOCK_IDS)
def test_it_restarts_from_a_correction_received_around_the_holiday(
    name: str, first: date, last: date
) -> None:
    for corrected in _around(first, last):
        received = corrected - timedelta(days=12)
        requested = walk(received, 1)
        if requested > corrected:
            continue
        result = compute(
            in_person(received), CorrectionRequested(on=requested), CorrectionReceived(on=corrected)
        )
        assert result.clock_started_on == corrected
        assert result.due_on == walk(corrected, 20), (name, corrected)
        assert result.correction_period_ends_on == walk(requested, 15)


@pytest.mark.parametrize(("name", "first", "last"), BLOCKS, ids=BLOCK_IDS)
def test_it_moves_an_article_35_date_in_the_holiday_to_the_next_working_day(
    name: str, first: date, last: date
) -> None:
    received = first - timedelta(days=60)
    for asked in _days(first, last):
        result = compute(in_person(received), CustomDue(on=received, due_on=asked, reason="理由"))
        expected = asked if reference_is_workday(asked) else walk(asked, 1)
        assert result.due_on == expected, (name, asked)
        assert reference_is_workday(result.due_on)


@pytest.mark.parametrize(("name", "first", "last"), BLOCKS, ids=BLOCK_IDS)
def test_it_counts_the_working_days_left_and_overdue_over_the_holiday(
    name: str, first: date, last: date
) -> None:
    for today in _around(first, last):
        received = today - timedelta(days=35)
        result = compute(in_person(received), today=today)
        due = walk(received, 20)
        if today <= due:
            assert result.workdays_left == len(working_days(today, due)), (name, today)
            assert result.due_status is (
                DueStatus.DUE_SOON if len(working_days(today, due)) <= 5 else DueStatus.NOT_DUE
            )
        else:
            assert result.workdays_overdue == len(working_days(due, today)), (name, today)
            assert result.due_status is DueStatus.OVERDUE


@pytest.mark.parametrize(("name", "first", "last"), BLOCKS, ids=BLOCK_IDS)
def test_it_pauses_exactly_inside_a_consultation_over_the_holiday(name: str, first: date, last: date) -> None:
    sent = first - timedelta(days=2)
    answered = last + timedelta(days=2)
    history = [
        in_person(sent - timedelta(days=3)),
        ConsultationStarted(on=sent, party=ConsultationParty.AGENCY),
    ]
    history.append(ConsultationEnded(on=answered))
    # The answer's own day is still excluded (A < d <= B); the clock runs again the day after.
    assert compute(*history, today=answered).clock is ClockState.PAUSED
    for today in _days(answered + timedelta(days=1), answered + timedelta(days=5)):
        assert compute(*history, today=today).clock is ClockState.RUNNING
    for today in _days(sent + timedelta(days=1), answered - timedelta(days=1)):
        open_history = history[:2]
        state = compute(*open_history, today=today).clock
        assert state is ClockState.PAUSED, (name, today)


# --- Around each 调休 working day -----------------------------------------------------------------------


@pytest.mark.parametrize("adjusted", ADJUSTED_WORKDAYS, ids=ADJUSTED_IDS)
def test_it_counts_the_adjusted_working_day(adjusted: date) -> None:
    # Received the day before the 调休 Saturday or Sunday: that day is working day 1.
    day_before = adjusted - timedelta(days=1)
    result = compute(in_person(day_before), Extension(on=day_before, workdays=1))
    assert walk(day_before, 1) == adjusted
    assert result.due_on == walk(day_before, 21)
    # A reply on the adjusted day itself is a reply on a working day.
    replied = compute(in_person(day_before), Reply(on=adjusted, outcome=Outcome.DISCLOSED))
    assert replied.replied_late is False
    # Received on the adjusted day itself (a working day, handed in at the office).
    assert compute(in_person(adjusted)).due_on == walk(adjusted, 20)


@pytest.mark.parametrize("adjusted", ADJUSTED_WORKDAYS, ids=ADJUSTED_IDS)
def test_it_excludes_an_adjusted_working_day_inside_a_fee_period(adjusted: date) -> None:
    notice = adjusted - timedelta(days=2)
    paid = adjusted + timedelta(days=1)
    received = notice - timedelta(days=5)
    result = compute(in_person(received), FeeNotice(on=notice, method=FeeMethod.PER_ITEM), FeePaid(on=paid))
    excluded = working_days(notice, paid)
    assert adjusted in excluded
    assert result.excluded_workdays == len(excluded)
    assert result.due_on == walk(received, 20 + len(excluded))


# --- Mixed histories on every day near a holiday ----------------------------------------------------


def _mixed_histories(received: date) -> Iterator[tuple[list[CaseEvent], date]]:
    """Histories with overlapping consultations, a fee notice and an extension, and their reference."""
    c1, c2 = received + timedelta(days=1), received + timedelta(days=4)
    e1, e2 = received + timedelta(days=9), received + timedelta(days=6)
    fee, paid = received + timedelta(days=5), received + timedelta(days=13)
    extended = received + timedelta(days=14)
    expiry = walk(c1, 15), walk(c2, 15), walk(fee, 20)
    history: list[CaseEvent] = [
        in_person(received),
        ConsultationStarted(on=c1, party=ConsultationParty.THIRD_PARTY, consultation=1),
        ConsultationStarted(on=c2, party=ConsultationParty.AGENCY, consultation=2),
        FeeNotice(on=fee, method=FeeMethod.PER_PAGE),
        ConsultationEnded(on=e2, consultation=2),
        ConsultationEnded(on=e1, consultation=1),
        FeePaid(on=paid),
        Extension(on=extended, workdays=10),
    ]
    items: list[RefPeriod | RefExtension] = [
        RefPeriod(c1, min(e1, expiry[0])),
        RefPeriod(c2, min(e2, expiry[1])),
        RefPeriod(fee, min(paid, expiry[2])),
        RefExtension(extended, 10),
    ]
    yield history, reference_due(received, 20, items)


def test_it_computes_mixed_histories_like_the_reference_near_every_holiday() -> None:
    wrong: list[object] = []
    for received in NEAR_HOLIDAYS:
        for history, expected in _mixed_histories(received):
            result = compute(*history)
            if result.due_on != expected:
                wrong.append((received, result.due_on, expected))
    assert wrong == []

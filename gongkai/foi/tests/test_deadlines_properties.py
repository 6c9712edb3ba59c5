"""Properties of the deadline engine over random histories (statutory.md §3.2; architecture rule 7).

Histories are grown event by event from random candidates, keeping those the engine allows, so every
history here is one a service could have recorded. Consultations are always named (``consultation``
set), so that inserting one into a history never changes which consultation a later answer ends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.core import workdays
from gongkai.core.workdays import WorkdayCalendar
from gongkai.foi.choices import LAPSE_OUTCOMES, Channel, ConsultationParty, FeeMethod, Outcome
from gongkai.foi.deadlines import (
    CaseEvent,
    ClockKind,
    ClockState,
    ClockStatus,
    ConsultationEnded,
    ConsultationStarted,
    CorrectionLapsed,
    CorrectionReceived,
    CorrectionRequested,
    CustomDue,
    Deadlines,
    DueStatus,
    EventNotAllowed,
    Extension,
    FeeLapsed,
    FeeNotice,
    FeePaid,
    ReceiptConfirmed,
    Reply,
    Submitted,
    Withdrawn,
)
from gongkai.foi.tests.helpers import CAL, RULES, RefExtension, RefPeriod, compute, reference_due, walk

EXAMPLES = settings(max_examples=150, deadline=None)

REPLY_OUTCOMES = [o for o in Outcome if o not in LAPSE_OUTCOMES]
CANDIDATES = (
    "consultation_started",
    "consultation_ended",
    "extension",
    "fee_notice",
    "fee_paid",
    "fee_lapsed",
    "correction_requested",
    "correction_received",
    "correction_lapsed",
    "custom_due",
    "reply",
    "withdrawn",
)
# How often each candidate is drawn: closing events, and those that bar others (a correction notice, a
# 第三十五条 date), are rare, so that most histories keep growing.
WEIGHTS = {
    "consultation_started": 4,
    "consultation_ended": 4,
    "extension": 3,
    "fee_notice": 2,
    "fee_paid": 3,
    "fee_lapsed": 1,
    "correction_requested": 1,
    "correction_received": 3,
    "correction_lapsed": 1,
    "custom_due": 1,
    "reply": 1,
    "withdrawn": 1,
}
WEIGHTED = st.sampled_from([kind for kind in CANDIDATES for _ in range(WEIGHTS[kind])])


def allowed(events: Sequence[CaseEvent], cal: WorkdayCalendar = CAL) -> bool:
    try:
        compute(*events, cal=cal)
    except EventNotAllowed:
        return False
    return True


def _candidate(draw: st.DrawFn, kind: str, on: date, keys: list[int]) -> CaseEvent:
    match kind:
        case "consultation_started":
            keys.append(len(keys) + 1)
            return ConsultationStarted(
                on=on, party=draw(st.sampled_from(ConsultationParty)), consultation=keys[-1]
            )
        case "consultation_ended":
            return ConsultationEnded(on=on, consultation=draw(st.sampled_from(keys)) if keys else 1)
        case "extension":
            return Extension(on=on, workdays=draw(st.integers(1, 20)))
        case "fee_notice":
            return FeeNotice(on=on, method=draw(st.sampled_from(FeeMethod)))
        case "fee_paid":
            return FeePaid(on=on)
        case "fee_lapsed":
            return FeeLapsed(on=on)
        case "correction_requested":
            return CorrectionRequested(on=on, period_workdays=draw(st.none() | st.integers(1, 20)))
        case "correction_received":
            return CorrectionReceived(on=on)
        case "correction_lapsed":
            return CorrectionLapsed(on=on)
        case "custom_due":
            return CustomDue(on=on, due_on=on + timedelta(days=draw(st.integers(20, 90))), reason="理由")
        case "reply":
            return Reply(on=on, outcome=draw(st.sampled_from(REPLY_OUTCOMES)))
        case _:
            return Withdrawn(on=on)


@st.composite
def histories(
    draw: st.DrawFn,
    *,
    first: date = date(2025, 1, 1),
    last: date = date(2026, 10, 31),
    kinds: Sequence[str] = CANDIDATES,
    start: Sequence[CaseEvent] | None = None,
    cal: WorkdayCalendar = CAL,
    max_steps: int = 14,
) -> list[CaseEvent]:
    """A history a service could have recorded: a submission (confirmed unless in person), then events
    of the given kinds a few days apart, each kept only if the engine allows it."""
    if start is None:
        received = draw(st.dates(first, last))
        channel = draw(st.sampled_from(Channel))
        if channel == Channel.IN_PERSON:
            events: list[CaseEvent] = [Submitted(on=received, channel=channel)]
        else:
            submitted = received - timedelta(days=draw(st.integers(0, 4)))
            events = [Submitted(on=submitted, channel=channel), ReceiptConfirmed(on=received)]
    else:
        events = list(start)
    day = events[-1].on
    keys: list[int] = []
    pick = WEIGHTED.filter(lambda k: k in kinds) if kinds is not CANDIDATES else WEIGHTED
    for _step in range(draw(st.integers(0, max_steps))):
        day += timedelta(days=draw(st.integers(0, 7)))
        candidate = _candidate(draw, draw(pick), day, keys)
        if allowed([*events, candidate], cal):
            events.append(candidate)
    return events


def _clock_start(events: Sequence[CaseEvent]) -> date | None:
    start = None
    for event in sorted(events, key=lambda e: e.on):
        in_person = isinstance(event, Submitted) and event.channel == Channel.IN_PERSON
        if in_person or isinstance(event, ReceiptConfirmed | CorrectionReceived):
            start = event.on
    return start


def _excluded_days(result: Deadlines, is_workday: Callable[[date], bool]) -> set[date]:
    days: set[date] = set()
    for period in result.excluded_periods:
        if not period.counted:
            continue
        d = period.counted_after + timedelta(days=1)
        while d <= period.ends_on:
            if is_workday(d):
                days.add(d)
            d += timedelta(days=1)
    return days


def _workdays_in(a: date, b: date, is_workday: Callable[[date], bool]) -> list[date]:
    return [a + timedelta(days=i) for i in range(1, (b - a).days + 1) if is_workday(a + timedelta(days=i))]


def _cal_is_workday(cal: WorkdayCalendar) -> Callable[[date], bool]:
    return lambda d: workdays.is_workday(d, cal)


# --- Determinism and order ----------------------------------------------------------------------------


@EXAMPLES
@given(events=histories(), today_after=st.integers(0, 60))
def test_it_is_deterministic(events: list[CaseEvent], today_after: int) -> None:
    today = max(e.on for e in events) + timedelta(days=today_after)
    assert compute(*events, today=today) == compute(*events, today=today)
    assert compute(
        *events, today=today, cal=WorkdayCalendar(CAL.holidays, CAL.extra_workdays, CAL.covered_years)
    ) == (compute(*events, today=today))


@EXAMPLES
@given(events=histories(), data=st.data())
def test_it_does_not_depend_on_the_order_events_of_different_days_are_given_in(
    events: list[CaseEvent], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(events))
    # Keep the recorded order within a day (statutory order of same-day events is the order recorded).
    by_day: dict[date, list[CaseEvent]] = {}
    for event in events:
        by_day.setdefault(event.on, []).append(event)
    reordered = [by_day[event.on].pop(0) for event in shuffled]
    assert compute(*reordered) == compute(*events)


@EXAMPLES
@given(
    received=st.dates(date(2025, 1, 1), date(2026, 10, 31)),
    offsets=st.lists(st.integers(0, 20), min_size=2, max_size=4),
)
def test_it_does_not_depend_on_the_order_of_consultations_begun_the_same_day(
    received: date, offsets: list[int]
) -> None:
    sent = received + timedelta(days=3)
    starts = [
        ConsultationStarted(on=sent, party=ConsultationParty.AGENCY, consultation=k)
        for k in range(len(offsets))
    ]
    ends = [ConsultationEnded(on=sent + timedelta(days=o), consultation=k) for k, o in enumerate(offsets)]
    forward = compute(Submitted(on=received, channel=Channel.IN_PERSON), *starts, *ends)
    backward = compute(Submitted(on=received, channel=Channel.IN_PERSON), *reversed(starts), *ends)
    assert forward.due_on == backward.due_on
    assert forward.excluded_workdays == backward.excluded_workdays


# --- The due date ---------------------------------------------------------------------------------------


@EXAMPLES
@given(events=histories())
def test_it_always_dues_on_a_working_day(events: list[CaseEvent]) -> None:
    result = compute(*events)
    for clock in result.clocks:
        assert workdays.is_workday(clock.due_on, CAL), clock
    if result.due_on is not None:
        assert workdays.is_workday(result.due_on, CAL)


@EXAMPLES
@given(events=histories())
def test_it_is_the_formula_of_statutory_md(events: list[CaseEvent]) -> None:
    # add_workdays(S, 20 + X + E), X the sum of what each period added.
    result = compute(*events)
    if result.statutory_due_on is None:
        assert result.due_on is None
        return
    assert result.clock_started_on == _clock_start(events)
    assert result.excluded_workdays == sum(p.workdays for p in result.excluded_periods)
    n = result.base_workdays + result.excluded_workdays + result.extension_workdays
    assert result.clock_started_on is not None
    assert result.statutory_due_on == workdays.add_workdays(result.clock_started_on, n, CAL).date
    assert result.due_on == (result.custom_due_on or result.statutory_due_on)


@EXAMPLES
@given(events=histories())
def test_it_pauses_the_clock_exactly_on_the_excluded_days(events: list[CaseEvent]) -> None:
    # The statutory due date is the working day on which the non-excluded working days after S reach
    # 20 + E, with every excluded day before it: the clock stops during consultations and unpaid fees.
    result = compute(*events)
    if result.statutory_due_on is None or result.clock_started_on is None:
        return
    is_workday = _cal_is_workday(CAL)
    excluded = _excluded_days(result, is_workday)
    counted = [
        d
        for d in _workdays_in(result.clock_started_on, result.statutory_due_on, is_workday)
        if d not in excluded
    ]
    assert len(counted) == result.base_workdays + result.extension_workdays
    assert all(d <= result.statutory_due_on for d in excluded)
    assert len(excluded) == result.excluded_workdays


@EXAMPLES
@given(events=histories())
def test_it_agrees_with_the_day_walking_reference(events: list[CaseEvent]) -> None:
    result = compute(*events)
    start = _clock_start(events)
    if result.statutory_due_on is None or start is None:
        return
    # (order, A, expiry, whose end) of each period and the extension, read from the events themselves.
    periods: list[tuple[tuple[date, date, int], date, date, object]] = []
    extensions: list[tuple[tuple[date, date, int], RefExtension]] = []
    ends: dict[object, date] = {}
    for index, event in sorted(enumerate(events), key=lambda pair: pair[1].on):
        match event:
            case ConsultationStarted():
                order = (max(event.on, start), event.on, index)
                periods.append((order, event.on, walk(event.on, 15), event.consultation))
            case ConsultationEnded():
                ends[event.consultation] = event.on
            case FeeNotice():
                periods.append(((max(event.on, start), event.on, index), event.on, walk(event.on, 20), "fee"))
            case FeePaid():
                ends["fee"] = event.on
            case Extension():
                extensions.append(((event.on, event.on, index), RefExtension(event.on, event.workdays)))
    items = [
        (order, RefPeriod(a, min(ends.get(whose, expiry), expiry))) for order, a, expiry, whose in periods
    ]
    steps: list[tuple[tuple[date, date, int], RefPeriod | RefExtension]] = [*items, *extensions]
    ordered = [item for _order, item in sorted(steps, key=lambda pair: pair[0])]
    assert result.statutory_due_on == reference_due(start, 20, ordered)


@EXAMPLES
@given(
    events=histories(
        kinds=("consultation_started", "consultation_ended", "fee_notice", "fee_paid", "extension")
    ),
    data=st.data(),
)
def test_an_exclusion_never_makes_a_case_due_earlier(events: list[CaseEvent], data: st.DataObject) -> None:
    before = compute(*events)
    assume(before.clock_started_on is not None)
    assert before.clock_started_on is not None
    last = max(e.on for e in events)
    sent = data.draw(st.dates(before.clock_started_on, last + timedelta(days=30)))
    inserted: list[CaseEvent] = [
        ConsultationStarted(on=sent, party=ConsultationParty.THIRD_PARTY, consultation=99)
    ]
    if data.draw(st.booleans()):
        inserted.append(
            ConsultationEnded(on=sent + timedelta(days=data.draw(st.integers(0, 30))), consultation=99)
        )
    if data.draw(st.booleans()):
        inserted = [FeeNotice(on=sent, method=FeeMethod.PER_ITEM)]
    after_events = [*events, *inserted]
    assume(allowed(after_events))
    after = compute(*after_events)
    assert before.due_on is not None and after.due_on is not None
    assert after.due_on >= before.due_on
    assert after.statutory_due_on is not None and before.statutory_due_on is not None
    assert after.statutory_due_on >= before.statutory_due_on
    assert after.excluded_workdays >= before.excluded_workdays


@EXAMPLES
@given(
    events=histories(kinds=("consultation_started", "consultation_ended", "fee_notice", "fee_paid")),
    data=st.data(),
)
def test_an_extension_adds_exactly_its_working_days(events: list[CaseEvent], data: st.DataObject) -> None:
    without = compute(*events)
    assume(without.statutory_due_on is not None and without.clock_started_on is not None)
    assert without.statutory_due_on is not None and without.clock_started_on is not None
    granted = data.draw(st.dates(without.clock_started_on, without.statutory_due_on))
    extension = Extension(on=granted, workdays=data.draw(st.integers(1, 20)))
    assume(allowed([*events, extension]))
    with_ = compute(*events, extension)
    assert with_.statutory_due_on is not None
    # Counted with the clock paused on the excluded days (a period begun between the two due dates
    # counts only because of the extension, and stops the clock as any other).
    is_workday = _cal_is_workday(CAL)
    excluded = _excluded_days(with_, is_workday)
    added = [
        d
        for d in _workdays_in(without.statutory_due_on, with_.statutory_due_on, is_workday)
        if d not in excluded
    ]
    assert len(added) == extension.workdays
    if with_.excluded_workdays == without.excluded_workdays:
        assert (
            with_.statutory_due_on
            == workdays.add_workdays(without.statutory_due_on, extension.workdays, CAL).date
        )


@EXAMPLES
@given(
    received=st.dates(date(2025, 1, 1), date(2026, 8, 31)),
    waits=st.tuples(st.integers(0, 10), st.integers(0, 25)),
    data=st.data(),
)
def test_a_correction_restarts_the_clock_from_its_own_date(
    received: date, waits: tuple[int, int], data: st.DataObject
) -> None:
    requested = received + timedelta(days=waits[0])
    corrected = requested + timedelta(days=waits[1])
    fresh_start = [Submitted(on=corrected, channel=Channel.IN_PERSON)]
    tail_kinds = [k for k in CANDIDATES if not k.startswith("correction")]
    fresh = data.draw(histories(start=fresh_start, kinds=tail_kinds))
    tail = fresh[1:]
    restarted = [
        Submitted(on=received, channel=Channel.IN_PERSON),
        CorrectionRequested(on=requested),
        CorrectionReceived(on=corrected),
        *tail,
    ]
    assume(allowed(restarted))
    a, b = compute(*restarted), compute(*fresh)
    assert a.clock_started_on == b.clock_started_on == corrected
    assert (a.due_on, a.statutory_due_on, a.excluded_workdays, a.extension_workdays) == (
        b.due_on,
        b.statutory_due_on,
        b.excluded_workdays,
        b.extension_workdays,
    )
    assert (a.clock, a.closed_on, a.outcome, a.replied_late) == (
        b.clock,
        b.closed_on,
        b.outcome,
        b.replied_late,
    )


@EXAMPLES
@given(received=st.dates(date(2025, 1, 1), date(2026, 10, 31)), e=st.integers(1, 19))
def test_a_longer_extension_always_dues_later(received: date, e: int) -> None:
    submitted = Submitted(on=received, channel=Channel.IN_PERSON)
    shorter = compute(submitted, Extension(on=received, workdays=e)).due_on
    longer = compute(submitted, Extension(on=received, workdays=e + 1)).due_on
    assert shorter is not None and longer is not None and shorter < longer


# --- Seen from today ------------------------------------------------------------------------------------


@EXAMPLES
@given(events=histories(), later=st.integers(0, 80))
def test_it_tells_due_soon_and_overdue_consistently(events: list[CaseEvent], later: int) -> None:
    today = max(e.on for e in events) + timedelta(days=later)
    result = compute(*events, today=today)
    if result.due_on is None or result.closed_on is not None:
        assert result.due_status is None
        return
    left = workdays.workdays_between(today, result.due_on, CAL).workdays
    if today > result.due_on:
        assert result.due_status is DueStatus.OVERDUE
        assert result.workdays_overdue == workdays.workdays_between(result.due_on, today, CAL).workdays
    elif left <= RULES.due_soon_workdays:
        assert result.due_status is DueStatus.DUE_SOON
        assert result.workdays_left == left
    else:
        assert result.due_status is DueStatus.NOT_DUE
    paused = any(p.counted and p.counted_after < today <= p.ends_on for p in result.excluded_periods)
    assert result.clock is (ClockState.PAUSED if paused else ClockState.RUNNING)


@EXAMPLES
@given(events=histories())
def test_it_calls_a_reply_late_exactly_when_it_came_after_the_due_date(events: list[CaseEvent]) -> None:
    result = compute(*events)
    replies = [e for e in events if isinstance(e, Reply)]
    if not replies or result.due_on is None:
        assert result.replied_late is None
        return
    assert result.replied_late == (replies[0].on > result.due_on)
    (reply_clock,) = result.clocks_of(ClockKind.REPLY)
    assert reply_clock.status is (ClockStatus.LATE if result.replied_late else ClockStatus.MET)


# --- The explanation ------------------------------------------------------------------------------------


@EXAMPLES
@given(events=histories())
def test_its_explanation_ends_on_the_due_date_and_cites_articles(events: list[CaseEvent]) -> None:
    result = compute(*events)
    due_lines = [
        line for line in result.explanation if line.result and str(line.result).startswith("答复期限：")
    ]
    if result.due_on is None:
        assert due_lines == []
    else:
        assert due_lines[-1].result_on == result.due_on
    for line in result.explanation:
        text = str(line)
        assert text
        if line.result_on is not None and line.on is None:
            assert "第" in str(line.rule) and "条" in str(line.rule), text


# --- Years without data, and other calendars ------------------------------------------------------------


@EXAMPLES
@given(events=histories(first=date(2026, 10, 1), last=date(2026, 12, 31)))
def test_it_is_provisional_exactly_when_a_date_falls_in_a_year_without_data(events: list[CaseEvent]) -> None:
    result = compute(*events)
    dates = [c.due_on for c in result.clocks] + [result.statutory_due_on, result.correction_notice_due_on]
    reaches_2027 = any(d is not None and d.year >= 2027 for d in dates)
    assert result.provisional == reaches_2027
    assert result.missing_years == ((2027,) if reaches_2027 else ())


FIRST, LAST = date(2020, 1, 1), date(2040, 12, 31)


@st.composite
def calendars(draw: st.DrawFn) -> WorkdayCalendar:
    holidays = draw(st.frozensets(st.dates(FIRST, LAST), max_size=300))
    weekend = draw(st.frozensets(st.dates(FIRST, LAST).filter(lambda d: d.weekday() >= 5), max_size=80))
    return WorkdayCalendar(
        holidays=holidays, extra_workdays=weekend - holidays, covered_years=frozenset(range(2020, 2041))
    )


@settings(max_examples=100, deadline=None)
@given(data=st.data(), cal=calendars())
def test_it_keeps_its_properties_on_any_calendar(data: st.DataObject, cal: WorkdayCalendar) -> None:
    events = data.draw(histories(first=date(2022, 1, 1), last=date(2038, 1, 1), cal=cal))
    result = compute(*events, cal=cal)
    if result.statutory_due_on is None or result.clock_started_on is None:
        return
    is_workday = _cal_is_workday(cal)
    assert is_workday(result.statutory_due_on)
    if result.due_on is not None:
        assert is_workday(result.due_on)
    excluded = _excluded_days(result, is_workday)
    counted = [
        d
        for d in _workdays_in(result.clock_started_on, result.statutory_due_on, is_workday)
        if d not in excluded
    ]
    assert len(counted) == result.base_workdays + result.extension_workdays

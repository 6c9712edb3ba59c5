"""The reply due date add_workdays(S, base + X + E), derived step by step (statutory.md §3.2).

:class:`Days` is the calendar arithmetic the engine uses, remembering the years without holiday data it
crossed (statutory.md §4). :func:`derive` applies the excluded periods (consultations, unpaid fee
notices) and the extension in the order they happened, for the engine's result and for the checks of
events that must come before the due date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gongkai.core import workdays
from gongkai.core.workdays import WorkdayCalendar
from gongkai.foi.deadlines import explain
from gongkai.foi.deadlines.results import ExcludedPeriod, ExclusionReason


@dataclass(slots=True)
class Days:
    """add_workdays and workdays_between on one calendar, collecting the years without data crossed."""

    cal: WorkdayCalendar

    def add(self, d: date, n: int, missing: set[int]) -> date:
        result = workdays.add_workdays(d, n, self.cal)
        missing.update(result.missing_years)
        return result.date

    def between(self, a: date, b: date, missing: set[int]) -> int:
        count = workdays.workdays_between(a, b, self.cal)
        missing.update(count.missing_years)
        return count.workdays


@dataclass(slots=True)
class Period:
    """A consultation or a fee notice: sent on ``started_on``, expiring on ``expires_on``."""

    reason: ExclusionReason
    key: int | None
    started_on: date
    expires_on: date
    seq: int  # position in the history ordered by date
    ended_on: date | None = None  # answer or payment
    lapsed_on: date | None = None  # fee only

    @property
    def ends_on(self) -> date:
        """Day B: the answer or payment, or the expiry, whichever first (engine decision 3)."""
        return min(self.ended_on, self.expires_on) if self.ended_on else self.expires_on

    @property
    def open(self) -> bool:
        return self.ended_on is None and self.lapsed_on is None


@dataclass(frozen=True, slots=True)
class Granted:
    """The extension: ``workdays`` granted on ``on``."""

    on: date
    workdays: int
    seq: int


@dataclass(slots=True)
class Derivation:
    """The statutory reply due date, with the periods and the steps that produced it."""

    statutory_due: date
    excluded: int
    periods: list[ExcludedPeriod]
    steps: list[explain.Step]
    missing_years: set[int] = field(default_factory=set)


def derive(
    *, start: date, base: int, periods: list[Period], extension: Granted | None, days: Days
) -> Derivation:
    """add_workdays(S, base + X + E), step by step in the order things happened.

    Periods are taken in the order they started (from S at the earliest, engine decision 2), the
    extension on its day. Each period adds the working days of (max(A, S), B] that no earlier period
    covered (overlapping periods count once) — if it started on or before the due date as it then
    stood (engine decision 1).
    """
    missing: set[int] = set()
    items: list[tuple[date, int, Period | Granted]] = [(max(p.started_on, start), p.seq, p) for p in periods]
    if extension is not None:
        items.append((extension.on, extension.seq, extension))
    items.sort(key=lambda item: (item[0], item[1]))
    excluded = extended = 0
    covered_until = start
    due = days.add(start, base, missing)
    steps: list[explain.Step] = [explain.BaseStep(start=start, workdays=base, due=due)]
    excluded_periods: list[ExcludedPeriod] = []
    for after, _seq, item in items:
        if isinstance(item, Granted):
            extended = item.workdays
            due = days.add(start, base + excluded + extended, missing)
            steps.append(explain.ExtensionStep(on=item.on, workdays=item.workdays, due=due))
            continue
        ends = item.ends_on
        counted = ends > start and after <= due
        added = own = 0
        if counted:
            new_from = max(after, covered_until)
            added = days.between(new_from, ends, missing) if ends > new_from else 0
            own = days.between(after, ends, missing)
            covered_until = max(covered_until, ends)
            excluded += added
            due = days.add(start, base + excluded + extended, missing)
        period = ExcludedPeriod(
            reason=item.reason,
            started_on=item.started_on,
            ends_on=ends,
            open=item.open,
            counted_after=after,
            workdays=added,
            counted=counted,
            key=item.key,
        )
        excluded_periods.append(period)
        steps.append(
            explain.PeriodStep(
                period=period,
                own_workdays=own,
                total_excluded=excluded,
                due=due,
                before_start=ends <= start,
                answered_on=item.ended_on,
                expires_on=item.expires_on,
            )
        )
    return Derivation(
        statutory_due=due, excluded=excluded, periods=excluded_periods, steps=steps, missing_years=missing
    )

"""The clocks of a case and their status as of a day (statutory.md §3.2): the reply clock, the
correction notice and period (第三十条), consultations (第三十二条, 第三十四条) and the fee payment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.foi.deadlines.derivation import Days
from gongkai.foi.deadlines.results import Clock, ClockKind, ClockState, ClockStatus, DueStatus, ExcludedPeriod


def reply_clock_state(
    *, waiting: ClockState | None, as_of: date, periods: tuple[ExcludedPeriod, ...]
) -> ClockState:
    """``waiting`` is the state when no reply clock runs (pending receipt, awaiting correction, closed);
    otherwise the clock is paused on a day a counted period covers, and running on the others."""
    if waiting is not None:
        return waiting
    paused = any(p.counted and p.counted_after < as_of <= p.ends_on for p in periods)
    return ClockState.PAUSED if paused else ClockState.RUNNING


@dataclass(slots=True)
class ClockMaker:
    """Builds clocks as of ``as_of``; with a ``today``, also how due a running clock is."""

    as_of: date
    today: date | None
    closed_on: date | None
    due_soon_workdays: int
    days: Days
    missing: set[int]

    def make(
        self, kind: ClockKind, started: date, due: date, ended: date | None, key: int | None = None
    ) -> Clock:
        if ended is not None:
            status = ClockStatus.MET if ended <= due else ClockStatus.LATE
        elif self.closed_on is not None and self.closed_on <= due:
            status = ClockStatus.MOOT
        elif self.as_of > due:
            status = ClockStatus.EXPIRED
        else:
            status = ClockStatus.RUNNING
        return Clock(
            kind=kind,
            started_on=started,
            due_on=due,
            ended_on=ended,
            status=status,
            due_status=self._due_status(kind, status, due),
            key=key,
        )

    def _due_status(self, kind: ClockKind, status: ClockStatus, due: date) -> DueStatus | None:
        if self.today is None or self.closed_on is not None:
            return None  # a closed case is no longer due
        if status is ClockStatus.EXPIRED:
            # The correction notice is a window, not a duty: once it has passed there is nothing overdue.
            return None if kind is ClockKind.CORRECTION_NOTICE else DueStatus.OVERDUE
        if status is not ClockStatus.RUNNING:
            return None
        left = self.days.between(self.today, due, self.missing)
        return DueStatus.DUE_SOON if left <= self.due_soon_workdays else DueStatus.NOT_DUE

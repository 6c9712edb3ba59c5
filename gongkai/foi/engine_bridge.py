"""Between the stored case and the pure deadline engine: rows to engine events, results to case fields.

The engine (gongkai.foi.deadlines) knows nothing of the database; the services and ``tick`` use these two
functions so that a case's stored dates are always exactly what the engine computes from its events.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from gongkai.core.calendar import current_calendar
from gongkai.foi.choices import CaseStatus, Channel, ConsultationParty, EventType, FeeMethod, Outcome
from gongkai.foi.deadlines import (
    CaseEvent,
    ClockState,
    ConsultationEnded,
    ConsultationStarted,
    CorrectionLapsed,
    CorrectionReceived,
    CorrectionRequested,
    CustomDue,
    DeadlineRules,
    Deadlines,
    Extension,
    FeeLapsed,
    FeeNotice,
    FeePaid,
    ReceiptConfirmed,
    Reply,
    Submitted,
    Withdrawn,
    compute_deadlines,
)
from gongkai.foi.models import FoiCase, FoiEvent

_STATUS_OF_CLOCK = {
    ClockState.PENDING_RECEIPT: CaseStatus.PENDING_RECEIPT,
    ClockState.RUNNING: CaseStatus.IN_PROGRESS,
    ClockState.PAUSED: CaseStatus.PAUSED,
    ClockState.AWAITING_CORRECTION: CaseStatus.AWAITING_CORRECTION,
    ClockState.CLOSED: CaseStatus.CLOSED,
}


def engine_event(row: FoiEvent) -> CaseEvent:
    """The engine's event for a stored one (``data`` as :func:`gongkai.foi.services` validated it)."""
    return stored_event(row.type, row.on, row.data)


def stored_event(type: str, on: datetime.date, data: Mapping[str, Any] | None) -> CaseEvent:
    """The engine's event for a stored event's type, date and ``data`` (read without the model, as
    ``tick`` reads thousands of them)."""
    data = data or {}
    match type:
        case EventType.SUBMITTED:
            return Submitted(on=on, channel=Channel(data["channel"]))
        case EventType.CONFIRM:
            return ReceiptConfirmed(on=on)
        case EventType.CORRECTION_REQUESTED:
            return CorrectionRequested(on=on, period_workdays=data.get("period_workdays"))
        case EventType.CORRECTION_RECEIVED:
            return CorrectionReceived(on=on)
        case EventType.CORRECTION_LAPSED:
            return CorrectionLapsed(on=on)
        case EventType.CONSULTATION_STARTED:
            return ConsultationStarted(
                on=on, party=ConsultationParty(data["party"]), consultation=data.get("consultation")
            )
        case EventType.CONSULTATION_ENDED:
            return ConsultationEnded(on=on, consultation=data.get("consultation"))
        case EventType.EXTENSION:
            return Extension(on=on, workdays=int(data["workdays"]))
        case EventType.FEE_NOTICE:
            amount = data.get("amount")
            return FeeNotice(
                on=on,
                method=FeeMethod(data["method"]),
                amount=Decimal(amount) if amount is not None else None,
            )
        case EventType.FEE_PAID:
            return FeePaid(on=on)
        case EventType.FEE_LAPSED:
            return FeeLapsed(on=on)
        case EventType.CUSTOM_DUE:
            return CustomDue(on=on, due_on=datetime.date.fromisoformat(data["due_on"]), reason=data["reason"])
        case EventType.REPLY:
            return Reply(on=on, outcome=Outcome(data["outcome"]))
        case EventType.WITHDRAWN:
            return Withdrawn(on=on)
    raise ValueError(f"unknown event type {type!r}")


def deadlines_of(rows: Iterable[FoiEvent], *, today: datetime.date) -> Deadlines:
    """The engine's result for a stored history (rows in recording order), seen from ``today``."""
    return compute_deadlines([engine_event(row) for row in rows], current_calendar(), today=today)


def deadlines_of_stored(
    events: Sequence[CaseEvent], *, today: datetime.date, rules: DeadlineRules | None = None
) -> Deadlines:
    """The engine's result for the events of a stored history (from :func:`stored_event`, in recording
    order), seen from ``today``; ``rules`` read once by a caller that computes many cases."""
    return compute_deadlines(events, current_calendar(), today=today, rules=rules)


def deadlines_of_case(case: FoiCase, *, today: datetime.date) -> Deadlines:
    """The engine's result for a case's stored history, seen from ``today`` (or its last event, if later)."""
    events = list(case.events.order_by("sequence"))
    return deadlines_of(events, today=max(today, events[-1].on))


def apply_to_case(case: FoiCase, result: Deadlines) -> None:
    """Copy the engine's dates onto the case (not saved). An archived case stays archived."""
    if case.status != CaseStatus.ARCHIVED:
        case.status = _STATUS_OF_CLOCK[result.clock]
    case.received_on = result.received_on
    case.due_on = result.due_on
    case.statutory_due_on = result.statutory_due_on
    case.correction_due_on = result.correction_notice_due_on
    case.correction_period_ends_on = result.correction_period_ends_on
    case.extension_workdays = result.extension_workdays
    case.excluded_workdays = result.excluded_workdays
    case.due_status = result.due_status.value if result.due_status else ""
    case.closed_on = result.closed_on
    case.outcome = result.outcome.value if result.outcome else ""
    case.replied_late = result.replied_late
    case.deadlines_as_of = result.as_of

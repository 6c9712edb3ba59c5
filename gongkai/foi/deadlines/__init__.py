"""The deadline engine of disclosure on request (依申请公开, statutory.md §3.2): pure functions from a
case's event history and the working-day calendar to every date of the case, with its explanation.

Usage (a service, with the region's calendar)::

    from gongkai.core.calendar import current_calendar
    from gongkai.foi.deadlines import Submitted, compute_deadlines

    result = compute_deadlines(events, current_calendar(), today=timezone.localdate())
    result.due_on, result.clock, result.explanation_text()
"""

from gongkai.foi.deadlines.engine import compute_deadlines
from gongkai.foi.deadlines.events import (
    CaseEvent,
    ConsultationEnded,
    ConsultationStarted,
    CorrectionLapsed,
    CorrectionReceived,
    CorrectionRequested,
    CustomDue,
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
from gongkai.foi.deadlines.results import (
    Clock,
    ClockKind,
    ClockState,
    ClockStatus,
    Deadlines,
    DueStatus,
    ExcludedPeriod,
    ExclusionReason,
    ExplanationLine,
)
from gongkai.foi.deadlines.rules import DeadlineRules

__all__ = [
    "CaseEvent",
    "Clock",
    "ClockKind",
    "ClockState",
    "ClockStatus",
    "ConsultationEnded",
    "ConsultationStarted",
    "CorrectionLapsed",
    "CorrectionReceived",
    "CorrectionRequested",
    "CustomDue",
    "DeadlineRules",
    "Deadlines",
    "DueStatus",
    "EventNotAllowed",
    "ExcludedPeriod",
    "ExclusionReason",
    "ExplanationLine",
    "Extension",
    "FeeLapsed",
    "FeeNotice",
    "FeePaid",
    "ReceiptConfirmed",
    "Reply",
    "Submitted",
    "Withdrawn",
    "compute_deadlines",
]

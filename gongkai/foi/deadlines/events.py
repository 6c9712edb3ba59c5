"""The history of a disclosure request (依申请公开) as immutable events, the deadline engine's only input.

One class per event type of contract.md "Disclosure requests" (``type`` is the API's name), plus
``Submitted`` (the application itself) and ``ReceiptConfirmed`` (``POST …/confirm``, or ``received_on``
given when the case is created). Each event happened on a local date, ``on``; the engine orders the
history by that date, and events of one day in the order given (the order they were recorded).

What an event may follow (a second extension, a payment without a fee notice …) is checked by the
engine, which raises :class:`EventNotAllowed` with the reason in Chinese: services compute the deadlines
of the history with the new event appended and turn the error into a 409.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar

from gongkai.foi.choices import Channel, ConsultationParty, FeeMethod, Outcome


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """Something that happened to a case on a date (base class; never in a history itself)."""

    type: ClassVar[str] = ""
    on: date


@dataclass(frozen=True, slots=True)
class Submitted(CaseEvent):
    """The application reached the agency through ``channel``: handed in, arrived by post, or was sent
    online, by fax or e-mail (the first event of every history)."""

    type: ClassVar[str] = "submitted"
    channel: Channel


@dataclass(frozen=True, slots=True)
class ReceiptConfirmed(CaseEvent):
    """The receipt date of 条例第三十一条 for every channel but in person: the day the agency signed for a
    registered letter, or the day agency and applicant confirmed an ordinary letter, a fax, an e-mail or
    an online application."""

    type: ClassVar[str] = "confirm"


@dataclass(frozen=True, slots=True)
class CorrectionRequested(CaseEvent):
    """The one correction notice (补正告知) of 条例第三十条, with the applicant's period in working days
    (None: the default setting, GONGKAI_FOI_CORRECTION_PERIOD_WORKDAYS)."""

    type: ClassVar[str] = "correction_requested"
    period_workdays: int | None = None


@dataclass(frozen=True, slots=True)
class CorrectionReceived(CaseEvent):
    """The corrected application arrived: the reply clock starts again from this day (条例第三十条)."""

    type: ClassVar[str] = "correction_received"


@dataclass(frozen=True, slots=True)
class CorrectionLapsed(CaseEvent):
    """The correction period ended without a correction: the case closes (条例第三十条,
    other.correction_lapsed)."""

    type: ClassVar[str] = "correction_lapsed"


@dataclass(frozen=True, slots=True)
class ConsultationStarted(CaseEvent):
    """A letter asking a third party (第三十二条) or another agency (第三十四条) for its opinion was sent.

    ``consultation`` names it for its ConsultationEnded (the service passes its id); None numbers the
    consultations 1, 2, 3 … in the order of the history.
    """

    type: ClassVar[str] = "consultation_started"
    party: ConsultationParty
    consultation: int | None = None


@dataclass(frozen=True, slots=True)
class ConsultationEnded(CaseEvent):
    """The consulted party's answer arrived; ``consultation`` None means the latest open consultation."""

    type: ClassVar[str] = "consultation_ended"
    consultation: int | None = None


@dataclass(frozen=True, slots=True)
class Extension(CaseEvent):
    """The reply period is extended by ``workdays`` (1–20), once, with the approval of the head of the
    disclosure office, the applicant being told (条例第三十三条第二款)."""

    type: ClassVar[str] = "extension"
    workdays: int


@dataclass(frozen=True, slots=True)
class FeeNotice(CaseEvent):
    """A 信息处理费 notice was sent to the applicant (国办函〔2020〕109号); ``amount`` in yuan."""

    type: ClassVar[str] = "fee_notice"
    method: FeeMethod
    amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class FeePaid(CaseEvent):
    """The applicant paid the fee of the notice."""

    type: ClassVar[str] = "fee_paid"


@dataclass(frozen=True, slots=True)
class FeeLapsed(CaseEvent):
    """The payment period ended unpaid: the case closes (other.fee_lapsed)."""

    type: ClassVar[str] = "fee_lapsed"


@dataclass(frozen=True, slots=True)
class CustomDue(CaseEvent):
    """条例第三十五条: a reasonable later reply date, with reasons told to the applicant; it replaces the
    computed due date."""

    type: ClassVar[str] = "custom_due"
    due_on: date
    reason: str


@dataclass(frozen=True, slots=True)
class Reply(CaseEvent):
    """The reply (答复) was given: the case closes with its outcome code (statutory.md §3.3)."""

    type: ClassVar[str] = "reply"
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class Withdrawn(CaseEvent):
    """The applicant withdrew the application: the case closes as other.other."""

    type: ClassVar[str] = "withdrawn"


class EventNotAllowed(ValueError):
    """An event that the case's history does not allow, with the reason in Chinese.

    ``index`` is the event's position in the history as given (not as ordered by date).
    """

    def __init__(self, reason: str, *, index: int, event: CaseEvent) -> None:
        super().__init__(reason)
        self.reason = reason
        self.index = index
        self.event = event

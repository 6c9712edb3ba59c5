"""The deadline engine of disclosure on request: every date of a case from its history (statutory.md §3.2).

:func:`compute_deadlines` replays the history (ordered by date; events of one day in the order given),
checks that each event is allowed where it stands, and derives

- R, the receipt date (条例第三十一条): the day of submission in person, else the day of signing or of
  confirmation; until then no clock runs (待确认);
- the correction notice due date add_workdays(R, 7) and, after a notice, the applicant's period
  (条例第三十条);
- the reply due date add_workdays(S, 20 + X + E) (条例第三十三条), S being R or the day the corrected
  application arrived (the clock restarts, it does not resume), X the working days excluded for
  consultations (第三十三条第三款) and unpaid fee notices (国办函〔2020〕109号), E the extension;
- a 第三十五条 date, which replaces the computed one;
- the clocks' status and, for a given today, which are due soon or overdue;
- the explanation: each step with its rule and article and the date it produced.

Pure: no database, no clock, no settings unless the caller leaves ``rules`` out. The calendar is the
region's :class:`~gongkai.core.workdays.WorkdayCalendar` (``gongkai.core.calendar.current_calendar()``);
a date that crossed a year without holiday data makes the result provisional (statutory.md §4), and
the caller alerts the administrators (as ``gongkai.core.calendar`` does).

Decisions where statutory.md §3.2 leaves room (each also at the code it governs):

1. Excluded periods count only from the first one that starts on or before the reply due date as it
   stood that day. A consultation or fee notice begun after the period ended has no period left to
   stop, and must not revive an overdue case. With this, add_workdays(S, 20 + X + E) is exactly "the
   (20 + E)-th working day after S that no counted period covers" (the clock pauses).
2. A period that began before S (a consultation sent before the correction notice) counts from S.
3. A period's expiry is counted from the day the letter or notice was sent: the engine does not know
   when the consulted party or the applicant received it. An answer or payment after the expiry ends
   the period at the expiry (B is whichever comes first).
4. Decisions that change the reply period — an extension, a correction notice, a 第三十五条 date — must
   be taken while it runs: on or before the due date in force. A correction notice after the 7 working
   days is recorded and marked late (the restart still follows 第三十条); after an extension or a
   第三十五条 date there can be no correction notice.
5. A 第三十五条 date that falls on a day off moves to the next working day (《民法典》第二百零三条), and
   must be later than the statutory due date. Later periods do not move it.
6. One fee notice per case; the payment period is add_workdays(notice day, 20).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NoReturn

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.core import workdays
from gongkai.core.workdays import WorkdayCalendar
from gongkai.foi.choices import LAPSE_OUTCOMES, Channel, ConsultationParty, Outcome
from gongkai.foi.deadlines import explain
from gongkai.foi.deadlines.clocks import ClockMaker, reply_clock_state
from gongkai.foi.deadlines.derivation import Days, Derivation, Granted, Period, derive
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
    ExclusionReason,
)
from gongkai.foi.deadlines.rules import DeadlineRules


def compute_deadlines(
    events: Sequence[CaseEvent],
    calendar: WorkdayCalendar,
    *,
    today: date | None = None,
    rules: DeadlineRules | None = None,
) -> Deadlines:
    """Every date of the case whose history is ``events`` (statutory.md §3.2), seen from ``today``.

    Raises :class:`EventNotAllowed` for an event its history does not allow, and ValueError for an
    empty history or a ``today`` before the last event.
    """
    if not events:
        raise ValueError("a case's history starts with its Submitted event")
    replay = _Replay(calendar, rules or DeadlineRules.from_settings())
    ordered = sorted(range(len(events)), key=lambda i: events[i].on)  # stable: same day, given order
    for seq, index in enumerate(ordered):
        replay.apply(events[index], index=index, seq=seq)
    last = events[ordered[-1]].on
    if today is not None and today < last:
        raise ValueError(f"today ({today}) is before the last event ({last})")
    return replay.result(as_of=today or last, today=today)


# --- Replay state ---------------------------------------------------------------------------------


class _Phase(enum.Enum):
    PENDING_RECEIPT = enum.auto()
    OPEN = enum.auto()
    AWAITING_CORRECTION = enum.auto()
    CLOSED = enum.auto()


@dataclass(slots=True)
class _Correction:
    requested_on: date
    period_workdays: int
    ends_on: date  # the applicant's last day
    late: bool  # notice after the 7 working days of 第三十条
    received_on: date | None = None
    lapsed_on: date | None = None


@dataclass(frozen=True, slots=True)
class _Custom:
    on: date
    asked_on: date
    due_on: date  # asked_on, or the next working day when asked_on is a day off (decision 5)
    reason: str
    seq: int


class _Replay:
    """The case as the events so far have left it; ``apply`` checks and records one more event."""

    def __init__(self, calendar: WorkdayCalendar, rules: DeadlineRules) -> None:
        self.cal = calendar
        self.days = Days(calendar)
        self.rules = rules
        self.missing_years: set[int] = set()
        self.phase = _Phase.PENDING_RECEIPT
        self.channel: Channel | None = None
        self.submitted_on: date | None = None
        self.received_on: date | None = None
        self.clock_start: date | None = None
        self.correction_notice_due: date | None = None
        self.correction: _Correction | None = None
        self.periods: list[Period] = []
        self.extension: Granted | None = None
        self.custom: _Custom | None = None
        self.closed_on: date | None = None
        self.outcome: Outcome | None = None
        self.closing_event: CaseEvent | None = None
        self.receipt_event: ReceiptConfirmed | None = None

    # -- one event

    def apply(self, event: CaseEvent, *, index: int, seq: int) -> None:
        try:
            self._check_sequence(event)
            self._apply(event, seq)
        except _NotAllowed as refusal:
            raise EventNotAllowed(refusal.reason, index=index, event=event) from None

    def _check_sequence(self, event: CaseEvent) -> None:
        if self.channel is None and not isinstance(event, Submitted):
            _refuse(_("申请记录须从提交申请开始"))
        if self.phase is _Phase.CLOSED:
            assert self.closed_on is not None
            _refuse(_("本申请已于%(date)s办结，不能再记录办理事项") % {"date": explain.d(self.closed_on)})
        if self.phase is _Phase.PENDING_RECEIPT and not isinstance(
            event, Submitted | ReceiptConfirmed | Withdrawn
        ):
            _refuse(_("尚未确认收到申请（《条例》第三十一条），答复期限尚未起算"))

    def _apply(self, event: CaseEvent, seq: int) -> None:
        match event:
            case Submitted():
                self._submitted(event)
            case ReceiptConfirmed():
                self._receipt_confirmed(event)
            case CorrectionRequested():
                self._correction_requested(event)
            case CorrectionReceived():
                self._correction_received(event)
            case CorrectionLapsed():
                self._correction_lapsed(event)
            case ConsultationStarted():
                self._consultation_started(event, seq)
            case ConsultationEnded():
                self._consultation_ended(event)
            case Extension():
                self._extension(event, seq)
            case FeeNotice():
                self._fee_notice(event, seq)
            case FeePaid():
                self._fee_paid(event)
            case FeeLapsed():
                self._fee_lapsed(event)
            case CustomDue():
                self._custom_due(event, seq)
            case Reply():
                self._reply(event)
            case Withdrawn():
                self._close(event, Outcome.OTHER_OTHER)
            case _:
                raise TypeError(f"not a case event: {event!r}")

    def _submitted(self, event: Submitted) -> None:
        if self.channel is not None:
            _refuse(_("申请已经提交，不能重复记录"))
        self.channel = Channel(event.channel)
        self.submitted_on = event.on
        if self.channel == Channel.IN_PERSON:
            # 第三十一条第（一）项: submitted in person, received that day.
            self._received(event.on)

    def _receipt_confirmed(self, event: ReceiptConfirmed) -> None:
        if self.channel == Channel.IN_PERSON:
            _refuse(_("当面提交的申请以提交之日为收到申请之日（《条例》第三十一条第（一）项），无需确认"))
        if self.received_on is not None:
            _refuse(_("已于%(date)s确认收到申请") % {"date": explain.d(self.received_on)})
        self.receipt_event = event
        self._received(event.on)

    def _received(self, on: date) -> None:
        self.received_on = on
        self.clock_start = on
        self.phase = _Phase.OPEN
        # 第三十条: the agency asks for a correction within 7 working days of receipt.
        self.correction_notice_due = self.days.add(
            on, self.rules.correction_notice_workdays, self.missing_years
        )

    def _correction_requested(self, event: CorrectionRequested) -> None:
        if self.correction is not None:
            _refuse(
                _("补正应当一次性告知（《条例》第三十条），本申请已于%(date)s告知补正")
                % {"date": explain.d(self.correction.requested_on)}
            )
        if self.phase is not _Phase.OPEN:
            _refuse(_("当前不能告知补正"))
        if self.extension is not None:
            _refuse(_("已延长答复期限，不能再告知补正（补正须在收到申请之日起7个工作日内告知）"))
        if self.custom is not None:
            _refuse(_("已依《条例》第三十五条确定答复期限，不能再告知补正"))
        self._refuse_after_due(event.on, gettext_noop("告知补正"))
        period = (
            self.rules.correction_period_workdays if event.period_workdays is None else event.period_workdays
        )
        if period < 1:
            _refuse(_("补正期限至少为1个工作日"))
        assert self.correction_notice_due is not None
        self.correction = _Correction(
            requested_on=event.on,
            period_workdays=period,
            ends_on=self.days.add(event.on, period, self.missing_years),
            late=event.on > self.correction_notice_due,
        )
        self.phase = _Phase.AWAITING_CORRECTION

    def _correction_received(self, event: CorrectionReceived) -> None:
        if self.phase is not _Phase.AWAITING_CORRECTION or self.correction is None:
            _refuse(_("没有待补正的申请"))
        self.correction.received_on = event.on
        # 第三十条: "答复期限自行政机关收到补正的申请之日起计算" — the clock restarts, it does not resume.
        self.clock_start = event.on
        self.phase = _Phase.OPEN

    def _correction_lapsed(self, event: CorrectionLapsed) -> None:
        if self.phase is not _Phase.AWAITING_CORRECTION or self.correction is None:
            _refuse(_("没有待补正的申请"))
        if event.on <= self.correction.ends_on:
            _refuse(
                _("补正期限至%(date)s，期满后才能记录逾期未补正")
                % {"date": explain.d(self.correction.ends_on)}
            )
        self.correction.lapsed_on = event.on
        self._close(event, Outcome.OTHER_CORRECTION_LAPSED)

    def _consultation_started(self, event: ConsultationStarted, seq: int) -> None:
        consultations = [p for p in self.periods if p.reason is not ExclusionReason.FEE]
        key = event.consultation if event.consultation is not None else len(consultations) + 1
        if any(p.key == key for p in consultations):
            _refuse(_("征求意见编号%(key)s已经使用") % {"key": key})
        party = ConsultationParty(event.party)
        reason = (
            ExclusionReason.THIRD_PARTY if party == ConsultationParty.THIRD_PARTY else ExclusionReason.AGENCY
        )
        # 第三十二条, 第三十四条: the party answers within 15 working days (decision 3: from sending).
        expires = self.days.add(event.on, self.rules.consultation_workdays, self.missing_years)
        self.periods.append(Period(reason=reason, key=key, started_on=event.on, expires_on=expires, seq=seq))

    def _consultation_ended(self, event: ConsultationEnded) -> None:
        open_ones = [p for p in self.periods if p.reason is not ExclusionReason.FEE and p.open]
        if event.consultation is not None:
            open_ones = [p for p in open_ones if p.key == event.consultation]
        if not open_ones:
            _refuse(_("没有进行中的征求意见"))
        period = max(open_ones, key=lambda p: p.seq)  # the latest begun, when none is named
        period.ended_on = event.on

    def _extension(self, event: Extension, seq: int) -> None:
        if self.phase is not _Phase.OPEN:
            _refuse(_("补正期间答复期限尚未重新起算，不能延期"))
        if self.extension is not None:
            _refuse(
                _("答复期限只能延长一次（《条例》第三十三条第二款），已于%(date)s延长")
                % {"date": explain.d(self.extension.on)}
            )
        if not 1 <= event.workdays <= self.rules.max_extension_workdays:
            _refuse(
                _("延长的期限为1至%(max)s个工作日（《条例》第三十三条第二款）")
                % {"max": self.rules.max_extension_workdays}
            )
        if self.custom is not None:
            _refuse(_("已依《条例》第三十五条确定答复期限，不能再延期"))
        self._refuse_after_due(event.on, gettext_noop("延长答复期限"))
        self.extension = Granted(on=event.on, workdays=event.workdays, seq=seq)

    def _fee_notice(self, event: FeeNotice, seq: int) -> None:
        fee = self._fee()
        if fee is not None:
            _refuse(_("本申请已于%(date)s发出收费通知") % {"date": explain.d(fee.started_on)})
        # 国办函〔2020〕109号: the applicant pays within 20 working days (decision 3: from the notice day).
        pay_by = self.days.add(event.on, self.rules.fee_payment_workdays, self.missing_years)
        self.periods.append(
            Period(reason=ExclusionReason.FEE, key=None, started_on=event.on, expires_on=pay_by, seq=seq)
        )

    def _fee_paid(self, event: FeePaid) -> None:
        fee = self._fee()
        if fee is None or not fee.open:
            _refuse(_("没有待缴费的收费通知"))
        fee.ended_on = event.on

    def _fee_lapsed(self, event: FeeLapsed) -> None:
        fee = self._fee()
        if fee is None or not fee.open:
            _refuse(_("没有待缴费的收费通知"))
        if event.on <= fee.expires_on:
            _refuse(_("缴费期限至%(date)s，期满后才能记录逾期未缴费") % {"date": explain.d(fee.expires_on)})
        fee.lapsed_on = event.on
        self._close(event, Outcome.OTHER_FEE_LAPSED)

    def _fee(self) -> Period | None:
        return next((p for p in self.periods if p.reason is ExclusionReason.FEE), None)

    def _custom_due(self, event: CustomDue, seq: int) -> None:
        if self.phase is not _Phase.OPEN:
            _refuse(_("补正期间答复期限尚未重新起算，不能确定答复期限"))
        reason = event.reason.strip()
        if not reason:
            _refuse(_("须说明延迟答复的理由（《条例》第三十五条）"))
        self._refuse_after_due(event.on, gettext_noop("确定答复期限"))
        due_on = _first_workday_from(event.due_on, self.cal)
        statutory = self._derive().statutory_due
        if due_on <= statutory:
            _refuse(
                _("《条例》第三十五条确定的答复期限应晚于法定答复期限%(date)s")
                % {"date": explain.d(statutory)}
            )
        self.custom = _Custom(on=event.on, asked_on=event.due_on, due_on=due_on, reason=reason, seq=seq)

    def _reply(self, event: Reply) -> None:
        outcome = Outcome(event.outcome)
        if outcome in LAPSE_OUTCOMES:
            _refuse(_("逾期未补正、逾期未缴费由相应的办理事项记录，不能作为答复结果"))
        if outcome == Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION and (
            self.correction is None or self.correction.received_on is None
        ):
            _refuse(_("没有收到补正后的申请，不能以“补正后申请内容仍不明确”答复"))
        self._close(event, outcome)

    def _close(self, event: CaseEvent, outcome: Outcome) -> None:
        self.closed_on = event.on
        self.outcome = outcome
        self.closing_event = event
        self.phase = _Phase.CLOSED

    def _refuse_after_due(self, on: date, action: str) -> None:
        """Decision 4: what changes the reply period is decided while the period runs. ``action`` is
        marked with gettext_noop and translated only for a refusal."""
        due = self._due_in_force()
        if due is not None and on > due:
            _refuse(
                _("答复期限已于%(date)s届满，不能再%(action)s")
                % {"date": explain.d(due), "action": _(action)}
            )

    def _reply_clock_runs(self) -> bool:
        """Received, and not waiting for (or given up waiting for) a correction (第三十条)."""
        if self.clock_start is None:
            return False
        return self.correction is None or self.correction.received_on is not None

    def _due_in_force(self) -> date | None:
        if not self._reply_clock_runs():
            return None
        return self.custom.due_on if self.custom else self._derive().statutory_due

    def _derive(self) -> Derivation:
        assert self.clock_start is not None
        return derive(
            start=self.clock_start,
            base=self.rules.reply_workdays,
            periods=self.periods,
            extension=self.extension,
            days=self.days,
        )

    # -- the reply due date

    # -- the result

    def result(self, *, as_of: date, today: date | None) -> Deadlines:
        assert self.channel is not None and self.submitted_on is not None
        derivation = self._derive() if self._reply_clock_runs() else None
        statutory_due = derivation.statutory_due if derivation else None
        due_on = self.custom.due_on if (self.custom and derivation) else statutory_due
        missing = set(self.missing_years) | (derivation.missing_years if derivation else set())
        if self.custom is not None and derivation is not None:
            # The 第三十五条 date was judged a working day (decision 5) by the calendar of its year.
            missing.update(
                y
                for y in range(self.custom.asked_on.year, self.custom.due_on.year + 1)
                if y not in self.cal.covered_years
            )
        clocks = self._clocks(as_of=as_of, today=today, due_on=due_on, missing=missing)
        reply = next((c for c in clocks if c.kind is ClockKind.REPLY), None)
        workdays_left = workdays_overdue = None
        if reply is not None and today is not None and reply.status is ClockStatus.RUNNING:
            workdays_left = self.days.between(today, reply.due_on, missing)
        if reply is not None and today is not None and reply.status is ClockStatus.EXPIRED:
            workdays_overdue = self.days.between(reply.due_on, today, missing)
        periods = tuple(derivation.periods) if derivation else ()
        replied_late = None
        if isinstance(self.closing_event, Reply) and due_on is not None and self.closed_on is not None:
            replied_late = self.closed_on > due_on
        lines = explain.lines(
            channel=self.channel,
            submitted_on=self.submitted_on,
            received_on=self.received_on,
            receipt_event=self.receipt_event,
            correction_notice_due=self.correction_notice_due,
            correction=self.correction,
            steps=derivation.steps if derivation else [],
            custom=self.custom,
            closing_event=self.closing_event,
            outcome=self.outcome,
            due_on=due_on,
            replied_late=replied_late,
            rules=self.rules,
            missing_years=missing,
            as_of=as_of,
        )
        return Deadlines(
            channel=self.channel,
            submitted_on=self.submitted_on,
            received_on=self.received_on,
            clock_started_on=self.clock_start,
            clock=reply_clock_state(waiting=self._waiting_state(), as_of=as_of, periods=periods),
            due_on=due_on,
            statutory_due_on=statutory_due,
            custom_due_on=self.custom.due_on if self.custom else None,
            custom_due_reason=self.custom.reason if self.custom else "",
            base_workdays=self.rules.reply_workdays,
            excluded_workdays=derivation.excluded if derivation else 0,
            extension_workdays=self.extension.workdays if self.extension else 0,
            correction_notice_due_on=self.correction_notice_due,
            correction_period_ends_on=self.correction.ends_on if self.correction else None,
            clocks=tuple(clocks),
            excluded_periods=periods,
            closed_on=self.closed_on,
            outcome=self.outcome,
            replied_late=replied_late,
            as_of=as_of,
            due_status=reply.due_status if reply else None,
            workdays_left=workdays_left,
            workdays_overdue=workdays_overdue,
            provisional=bool(missing),
            missing_years=tuple(sorted(missing)),
            explanation=tuple(lines),
        )

    def _waiting_state(self) -> ClockState | None:
        """The clock's state when no reply clock runs, None when one does."""
        return {
            _Phase.CLOSED: ClockState.CLOSED,
            _Phase.PENDING_RECEIPT: ClockState.PENDING_RECEIPT,
            _Phase.AWAITING_CORRECTION: ClockState.AWAITING_CORRECTION,
        }.get(self.phase)

    def _clocks(
        self, *, as_of: date, today: date | None, due_on: date | None, missing: set[int]
    ) -> list[Clock]:
        clock = ClockMaker(
            as_of=as_of,
            today=today,
            closed_on=self.closed_on,
            due_soon_workdays=self.rules.due_soon_workdays,
            days=self.days,
            missing=missing,
        )
        clocks: list[Clock] = []
        if self.clock_start is not None and due_on is not None:
            replied = self.closed_on if isinstance(self.closing_event, Reply) else None
            clocks.append(clock.make(ClockKind.REPLY, self.clock_start, due_on, replied))
        if self.received_on is not None and self.correction_notice_due is not None:
            requested = self.correction.requested_on if self.correction else None
            notice_due = self.correction_notice_due
            clocks.append(clock.make(ClockKind.CORRECTION_NOTICE, self.received_on, notice_due, requested))
        if self.correction is not None:
            c = self.correction
            clocks.append(clock.make(ClockKind.CORRECTION_PERIOD, c.requested_on, c.ends_on, c.received_on))
        for p in self.periods:
            kind = ClockKind.FEE_PAYMENT if p.reason is ExclusionReason.FEE else ClockKind.CONSULTATION
            clocks.append(clock.make(kind, p.started_on, p.expires_on, p.ended_on, key=p.key))
        return clocks


class _NotAllowed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _refuse(reason: str) -> NoReturn:
    raise _NotAllowed(reason)


def _first_workday_from(d: date, cal: WorkdayCalendar) -> date:
    """``d`` itself if a working day, else the next one (《民法典》第二百零三条)."""
    while not workdays.is_workday(d, cal):
        d += timedelta(days=1)
    return d
